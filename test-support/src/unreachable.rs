//! Endpoints that fail the way a network fails, for the tests and the bench of
//! failures that cannot heal: a host name that does not resolve, a closed port, a
//! server that accepts and never answers, TLS against a plaintext server; and the
//! backend's own faults (HTTP 500s, dropped connections).

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use serde_json::{json, Value};

use crate::blocking::Backend;

/// A Cognito endpoint whose host name cannot resolve (`.invalid` is reserved for
/// that, RFC 6761).
pub const UNRESOLVABLE: &str = "https://cognito-idp.eu-west-1.invalid";

/// The URL of a loopback port that nothing listens on: connections are refused.
pub fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// The backend's port spoken to with TLS, which it does not speak.
pub fn tls_to_plaintext(backend: &Backend) -> String {
    backend.url().replacen("http://", "https://", 1)
}

/// The backend's faults that answer every Cognito call in `operations` with `kind`
/// (`internal_error`: HTTP 500; `drop`: the connection closed without an answer).
pub fn every_call_fails(kind: &str, operations: &[&str]) -> Value {
    json!({"rate": 1.0, "kinds": [kind], "operations": operations})
}

/// A server on a loopback port that accepts connections, reads what comes, and
/// never answers; it closes them when dropped.
pub struct SilentServer {
    port: u16,
    stop: Arc<AtomicBool>,
    held: Arc<Mutex<Vec<TcpStream>>>,
    thread: Option<JoinHandle<()>>,
}

impl SilentServer {
    pub fn start() -> SilentServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("its address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let held = Arc::new(Mutex::new(Vec::new()));
        let (stopping, holding) = (Arc::clone(&stop), Arc::clone(&held));
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                if let Ok(reader) = stream.try_clone() {
                    holding.lock().unwrap().push(reader);
                }
                // Read (and drop) the request so the client sees it sent.
                thread::spawn(move || {
                    let mut sink = [0u8; 4096];
                    while matches!(stream.read(&mut sink), Ok(1..)) {}
                });
            }
        });
        SilentServer {
            port,
            stop,
            held,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for SilentServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for stream in self.held.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        // Wake the accept loop so that it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
