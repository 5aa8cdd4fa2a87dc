//! A minimal HTTP/1.0 client for the backend's `/_backend/*` control endpoints.
//!
//! The control endpoints are tiny and local, so a blocking request over a
//! `TcpStream` is enough and keeps an HTTP client crate out of the dev-dependencies.
//! HTTP/1.0 is used on purpose: the server must then send a plain body (no chunked
//! encoding) and close the connection, so the response is simply "read to EOF".

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// How long one control request may take before the test fails instead of hanging.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed response: status code and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Sends `method path` with an empty body to `127.0.0.1:port`.
pub fn request(port: u16, method: &str, path: &str) -> Result<Response, String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)
        .map_err(|e| format!("connect to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)))
        .map_err(|e| format!("set socket timeouts: {e}"))?;
    let head =
        format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n");
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("send {method} {path}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read response to {method} {path}: {e}"))?;
    parse(&String::from_utf8_lossy(&raw)).ok_or_else(|| {
        format!(
            "malformed HTTP response to {method} {path}: {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

/// Splits a raw response into its status code and body.
fn parse(raw: &str) -> Option<Response> {
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let status_line = head.lines().next()?;
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    Some(Response {
        status,
        body: body.to_owned(),
    })
}

/// Sends `method path` with a JSON `body` to `127.0.0.1:port` (the `POST
/// /_backend/quotas` and `/_backend/faults` controls take one).
pub fn request_with_json(
    port: u16,
    method: &str,
    path: &str,
    body: &str,
) -> Result<Response, String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)
        .map_err(|e| format!("connect to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)))
        .map_err(|e| format!("set socket timeouts: {e}"))?;
    let message = format!(
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(message.as_bytes())
        .map_err(|e| format!("send {method} {path}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read response to {method} {path}: {e}"))?;
    parse(&String::from_utf8_lossy(&raw)).ok_or_else(|| {
        format!(
            "malformed HTTP response to {method} {path}: {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}
