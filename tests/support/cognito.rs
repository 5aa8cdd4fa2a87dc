//! A local Cognito backend for the bridge tests: `backend/cognito_backend.py serve`
//! (moto made to behave like AWS), one process per test, plus async AWS SDK calls
//! to set up and inspect its state out of band.
//!
//! The launcher prints `READY <port>` once its socket listens (the readiness check)
//! and exits at EOF on stdin; dropping [`Backend`] closes stdin and kills it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use aws_sdk_cognitoidentityprovider::Client;
use tempfile::NamedTempFile;

pub const REGION: &str = "us-east-1";
/// Dummy credentials; the backend does not check signatures.
pub const ACCESS_KEY: &str = "testing";
pub const SECRET_KEY: &str = "testing";

/// moto starts in about a second; the margin is for a loaded machine.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Backend {
    child: Child,
    _stdin: ChildStdin,
    log: NamedTempFile,
    port: u16,
    pub sdk: Client,
}

impl Backend {
    /// Starts a fresh backend on a free port and returns once it listens.
    pub fn start() -> Backend {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let log = NamedTempFile::new().expect("backend log file");
        let mut child = Command::new("python3")
            .arg(root.join("backend/cognito_backend.py"))
            .args(["serve", "--port", "0"])
            .current_dir(root)
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("reopen backend log"))
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run python3 ({e}); pip install -r backend/requirements.txt")
            });
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, ready) = mpsc::channel();
        thread::spawn(move || {
            let mut reported = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let (false, Some(port)) = (reported, line.strip_prefix("READY ")) {
                    let _ = sender.send(port.trim().parse::<u16>().ok());
                    reported = true;
                }
            }
            if !reported {
                let _ = sender.send(None);
            }
        });
        let port = match ready.recv_timeout(READY_TIMEOUT) {
            Ok(Some(port)) => port,
            outcome => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the Cognito backend did not print READY ({outcome:?}); log:\n{}",
                    std::fs::read_to_string(log.path()).unwrap_or_default()
                );
            }
        };
        let sdk = sdk_client(&format!("http://127.0.0.1:{port}"));
        Backend {
            child,
            _stdin: stdin,
            log,
            port,
            sdk,
        }
    }

    /// The endpoint for the provider's `endpoints { cognitoidp = ... }`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The end of the backend's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
        let start = log.len().saturating_sub(3000);
        let start = (start..log.len())
            .find(|&i| log.is_char_boundary(i))
            .unwrap_or(log.len());
        log[start..].to_string()
    }

    pub async fn create_user_pool(&self, name: &str) -> String {
        self.sdk
            .create_user_pool()
            .pool_name(name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateUserPool {name}: {e:?}"))
            .user_pool
            .and_then(|pool| pool.id)
            .expect("CreateUserPool returned a pool id")
    }

    /// Creates a client outside the provider (something to import).
    pub async fn create_client(&self, pool_id: &str, name: &str) -> UserPoolClientType {
        self.sdk
            .create_user_pool_client()
            .user_pool_id(pool_id)
            .client_name(name)
            .generate_secret(true)
            .callback_urls("https://example.com/callback")
            .send()
            .await
            .unwrap_or_else(|e| panic!("CreateUserPoolClient {name}: {e:?}"))
            .user_pool_client
            .expect("CreateUserPoolClient returned the client")
    }

    /// `None` when the backend says the client does not exist.
    pub async fn describe_client(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Option<UserPoolClientType> {
        match self
            .sdk
            .describe_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
        {
            Ok(output) => output.user_pool_client,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) =>
            {
                None
            }
            Err(e) => panic!("DescribeUserPoolClient {pool_id}/{client_id}: {e:?}"),
        }
    }

    /// The backend's per-operation call counts (`GET /_backend/calls`).
    pub async fn calls(&self) -> serde_json::Value {
        self.control("GET", "/_backend/calls", "").await
    }

    /// `POST /_backend/faults` with `settings`, e.g. added latency for one operation.
    pub async fn set_faults(&self, settings: &serde_json::Value) {
        self.control("POST", "/_backend/faults", &settings.to_string())
            .await;
    }

    /// One request to the backend's test controls over plain HTTP/1.0; its JSON answer.
    async fn control(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = format!("127.0.0.1:{}", self.port);
        let mut stream = tokio::net::TcpStream::connect(&address)
            .await
            .unwrap_or_else(|e| panic!("connect to the backend for {method} {path}: {e}"));
        let request = format!(
            "{method} {path} HTTP/1.0\r\nHost: {address}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .await
            .unwrap_or_else(|e| panic!("send {method} {path}: {e}"));
        let mut raw = String::new();
        stream
            .read_to_string(&mut raw)
            .await
            .unwrap_or_else(|e| panic!("read the answer to {method} {path}: {e}"));
        let (head, answer) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        assert!(
            head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
            "{method} {path} {body}: {head}\n{answer}"
        );
        serde_json::from_str(answer).unwrap_or_else(|e| panic!("{method} {path}: {e}: {raw}"))
    }

    /// Deletes a client behind the provider's back.
    pub async fn delete_client(&self, pool_id: &str, client_id: &str) {
        self.sdk
            .delete_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("DeleteUserPoolClient {pool_id}/{client_id}: {e:?}"));
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sdk_client(endpoint: &str) -> Client {
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            None,
            None,
            "bridge-tests",
        ))
        .endpoint_url(endpoint)
        .build();
    Client::from_conf(config)
}
