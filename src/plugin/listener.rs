//! The plugin's socket: a unix socket in the temp directory (as go-plugin uses on
//! Unix), or TCP on 127.0.0.1 within Terraform's port range where that fails.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, UnixListener};
use tonic::transport::server::Connected;

use super::handshake::Address;

pub enum Listener {
    Unix {
        listener: UnixListener,
        _socket_file: SocketFile,
    },
    Tcp(TcpListener),
}

/// Removes the socket file when the server is done with it.
pub struct SocketFile(PathBuf);

impl Drop for SocketFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub fn bind() -> std::io::Result<(Listener, Address)> {
    match bind_unix() {
        Ok(bound) => Ok(bound),
        Err(error) => {
            tracing::debug!(%error, "unix socket unavailable, falling back to TCP");
            bind_tcp()
        }
    }
}

pub fn bind_unix() -> std::io::Result<(Listener, Address)> {
    let directory = std::env::var_os("PLUGIN_UNIX_SOCKET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let path = unique_socket_path(&directory);
    let listener = UnixListener::bind(&path)?;
    let socket_file = SocketFile(path.clone());
    Ok((
        Listener::Unix {
            listener,
            _socket_file: socket_file,
        },
        Address::Unix(path),
    ))
}

fn unique_socket_path(directory: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    directory.join(format!("plugin-{}-{nanos}.sock", std::process::id()))
}

fn bind_tcp() -> std::io::Result<(Listener, Address)> {
    let port = |key: &str, default: u16| {
        std::env::var(key)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (min, max) = (
        port("PLUGIN_MIN_PORT", 10_000),
        port("PLUGIN_MAX_PORT", 25_000),
    );
    let mut last_error = std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "no free port in PLUGIN_MIN_PORT..PLUGIN_MAX_PORT",
    );
    for port in min..=max {
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        match std::net::TcpListener::bind(address) {
            Ok(listener) => {
                listener.set_nonblocking(true)?;
                return Ok((
                    Listener::Tcp(TcpListener::from_std(listener)?),
                    Address::Tcp(address),
                ));
            }
            Err(error) => last_error = error,
        }
    }
    Err(last_error)
}

impl Listener {
    /// Waits for the next connection; TCP connections get TCP_NODELAY, or replies
    /// stall on the delayed-ACK timer.
    pub async fn accept(&self) -> std::io::Result<Connection> {
        match self {
            Listener::Unix { listener, .. } => Ok(Connection::new(listener.accept().await?.0)),
            Listener::Tcp(listener) => {
                let (stream, _) = listener.accept().await?;
                stream.set_nodelay(true)?;
                Ok(Connection::new(stream))
            }
        }
    }
}

trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// One accepted connection, plain or TLS, over a unix socket or TCP.
pub struct Connection(Box<dyn Io>);

impl Connection {
    pub fn new(io: impl AsyncRead + AsyncWrite + Send + Unpin + 'static) -> Self {
        Connection(Box::new(io))
    }
}

impl Connected for Connection {
    type ConnectInfo = ();

    fn connect_info(&self) {}
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn unix_socket_file_is_removed_when_the_listener_goes() {
        let (listener, address) = bind_unix().unwrap();
        let Address::Unix(path) = address else {
            panic!("expected a unix socket")
        };
        assert!(path.exists());
        drop(listener);
        assert!(!path.exists());
    }
}
