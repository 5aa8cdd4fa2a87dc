//! The local Cognito backend (moto with AWS semantics, `backend/cognito_backend.py`),
//! one process per test so that tests running in parallel never share state, plus
//! async AWS SDK helpers to look at (and tamper with) that state out of band, and the
//! backend's `/_backend/*` test controls. [`crate::blocking`] wraps it for tests that
//! are not async.
//!
//! The launcher prints `READY <port>` once its socket listens (the one readiness
//! check) and exits at EOF on stdin, so even a test binary killed outright (no
//! `Drop`) takes its backend with it.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder;
use aws_sdk_cognitoidentityprovider::types::{UserPoolClientDescription, UserPoolClientType};
use aws_sdk_cognitoidentityprovider::Client;
use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// How long the launcher may take to print `READY <port>` (moto starts in about a
/// second; the margin covers a loaded machine running several tests at once).
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long one control request may take before the test fails instead of hanging.
const CONTROL_TIMEOUT: Duration = Duration::from_secs(10);

/// The region every test uses; the backend isolates state per region.
pub const REGION: &str = "us-east-1";

/// The dummy credentials the backend accepts (it does not check signatures).
pub const ACCESS_KEY: &str = "testing";
pub const SECRET_KEY: &str = "testing";

const INSTALL_HINT: &str = "install the backend's dependencies with \
     `pip install -r backend/requirements.txt` (Python 3 and moto[server])";

/// A running backend. Dropping it stops the process, also when a test panics.
pub struct Backend {
    process: Process,
    port: u16,
    client: Client,
}

impl Backend {
    /// Starts a fresh backend on a free port and returns once it listens. Blocks (on
    /// the readiness line), so an async test runs it on a blocking thread.
    pub fn start() -> Backend {
        let process = Process::spawn();
        let port = process.wait_for_ready();
        let client = sdk_client(&format!("http://127.0.0.1:{port}"), REGION);
        Backend {
            process,
            port,
            client,
        }
    }

    /// The backend's process id (one process serves every request), for reading
    /// its CPU time in benchmarks.
    pub fn pid(&self) -> u32 {
        self.process.child.id()
    }

    /// The endpoint URL the provider (and the SDK) talk to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// An SDK client for `region` (the backend keeps every region's state apart).
    pub fn sdk(&self, region: &str) -> Client {
        sdk_client(&self.url(), region)
    }

    /// Creates a user pool in the default region and returns its id.
    pub async fn create_user_pool(&self, name: &str) -> String {
        self.create_user_pool_in(REGION, name).await
    }

    /// Creates a user pool in `region` and returns its id.
    pub async fn create_user_pool_in(&self, region: &str, name: &str) -> String {
        let output = self
            .sdk(region)
            .create_user_pool()
            .pool_name(name)
            .send()
            .await
            .expect_ok(self, &format!("CreateUserPool {name} in {region}"));
        output
            .user_pool()
            .and_then(|pool| pool.id())
            .expect("CreateUserPool returned no pool id")
            .to_owned()
    }

    /// Deletes a whole user pool (with its clients) behind Terraform's back.
    pub async fn delete_user_pool(&self, region: &str, pool_id: &str) {
        self.sdk(region)
            .delete_user_pool()
            .user_pool_id(pool_id)
            .send()
            .await
            .expect_ok(self, &format!("DeleteUserPool {pool_id}"));
    }

    /// Describes a client in the default region; `None` when it does not exist.
    pub async fn describe_client(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Option<UserPoolClientType> {
        self.describe_client_in(REGION, pool_id, client_id).await
    }

    /// Describes a client in `region`; `None` when the backend says it (or its
    /// pool) does not exist.
    pub async fn describe_client_in(
        &self,
        region: &str,
        pool_id: &str,
        client_id: &str,
    ) -> Option<UserPoolClientType> {
        let result = self
            .sdk(region)
            .describe_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await;
        match result {
            Ok(output) => output.user_pool_client,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_resource_not_found_exception()) =>
            {
                None
            }
            Err(e) => panic!(
                "DescribeUserPoolClient {pool_id}/{client_id} in {region}: {}",
                self.sdk_error(&e)
            ),
        }
    }

    /// Creates a client with the SDK (outside Terraform); `configure` adds the
    /// fields beyond the pool id and the name. Returns the client as created.
    pub async fn create_client(
        &self,
        pool_id: &str,
        name: &str,
        configure: impl FnOnce(CreateUserPoolClientFluentBuilder) -> CreateUserPoolClientFluentBuilder,
    ) -> UserPoolClientType {
        let request = self
            .client
            .create_user_pool_client()
            .user_pool_id(pool_id)
            .client_name(name);
        configure(request)
            .send()
            .await
            .expect_ok(self, &format!("CreateUserPoolClient {name}"))
            .user_pool_client
            .expect("CreateUserPoolClient returned no client")
    }

    /// Deletes a client behind Terraform's back (drift).
    pub async fn delete_client(&self, pool_id: &str, client_id: &str) {
        self.client
            .delete_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
            .expect_ok(self, &format!("DeleteUserPoolClient {pool_id}/{client_id}"));
    }

    /// Renames a client behind Terraform's back (drift), keeping the rest of its
    /// configuration.
    pub async fn rename_client(&self, pool_id: &str, client_id: &str, name: &str) {
        self.update_client(pool_id, client_id, |client| {
            client.client_name = Some(name.to_owned());
        })
        .await;
    }

    /// Changes a client behind Terraform's back. UpdateUserPoolClient replaces the
    /// whole configuration (fields left out go back to AWS's defaults), so this
    /// sends the client's complete current configuration with `change` applied.
    pub async fn update_client(
        &self,
        pool_id: &str,
        client_id: &str,
        change: impl FnOnce(&mut UserPoolClientType),
    ) -> UserPoolClientType {
        let mut c = self
            .describe_client(pool_id, client_id)
            .await
            .unwrap_or_else(|| panic!("client {pool_id}/{client_id} does not exist"));
        change(&mut c);
        let request = self
            .client
            .update_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .set_client_name(c.client_name)
            .refresh_token_validity(c.refresh_token_validity)
            .set_access_token_validity(c.access_token_validity)
            .set_id_token_validity(c.id_token_validity)
            .set_token_validity_units(c.token_validity_units)
            .set_read_attributes(c.read_attributes)
            .set_write_attributes(c.write_attributes)
            .set_explicit_auth_flows(c.explicit_auth_flows)
            .set_supported_identity_providers(c.supported_identity_providers)
            .set_callback_urls(c.callback_urls)
            .set_logout_urls(c.logout_urls)
            .set_default_redirect_uri(c.default_redirect_uri)
            .set_allowed_o_auth_flows(c.allowed_o_auth_flows)
            .set_allowed_o_auth_scopes(c.allowed_o_auth_scopes)
            .set_allowed_o_auth_flows_user_pool_client(c.allowed_o_auth_flows_user_pool_client)
            .set_analytics_configuration(c.analytics_configuration)
            .set_prevent_user_existence_errors(c.prevent_user_existence_errors)
            .set_enable_token_revocation(c.enable_token_revocation)
            .set_enable_propagate_additional_user_context_data(
                c.enable_propagate_additional_user_context_data,
            )
            .set_auth_session_validity(c.auth_session_validity)
            .set_refresh_token_rotation(c.refresh_token_rotation);
        request
            .send()
            .await
            .expect_ok(self, &format!("UpdateUserPoolClient {pool_id}/{client_id}"))
            .user_pool_client
            .expect("UpdateUserPoolClient returned no client")
    }

    /// Lists every client of a pool, following pagination.
    pub async fn list_clients(&self, pool_id: &str) -> Vec<UserPoolClientDescription> {
        let mut clients = Vec::new();
        let mut next_token = None;
        loop {
            let page = self
                .client
                .list_user_pool_clients()
                .user_pool_id(pool_id)
                .set_next_token(next_token)
                .send()
                .await
                .expect_ok(self, &format!("ListUserPoolClients {pool_id}"));
            clients.extend(page.user_pool_clients.unwrap_or_default());
            next_token = page.next_token;
            if next_token.is_none() {
                return clients;
            }
        }
    }

    /// The ids of a client's secrets, oldest first (ListUserPoolClientSecrets).
    pub async fn client_secret_ids(&self, pool_id: &str, client_id: &str) -> Vec<String> {
        self.client
            .list_user_pool_client_secrets()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
            .expect_ok(
                self,
                &format!("ListUserPoolClientSecrets {pool_id}/{client_id}"),
            )
            .client_secrets()
            .iter()
            .map(|s| s.client_secret_id().unwrap_or_default().to_owned())
            .collect()
    }

    /// Deletes one secret of a client behind Terraform's back.
    pub async fn delete_client_secret(&self, pool_id: &str, client_id: &str, secret_id: &str) {
        self.client
            .delete_user_pool_client_secret()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .client_secret_id(secret_id)
            .send()
            .await
            .expect_ok(
                self,
                &format!("DeleteUserPoolClientSecret {pool_id}/{client_id}/{secret_id}"),
            );
    }

    /// The number of API calls the backend has served, per operation name.
    pub async fn calls(&self) -> BTreeMap<String, u64> {
        self.counters("/_backend/calls").await
    }

    /// The number of calls of one operation (0 when never called).
    pub async fn call_count(&self, operation: &str) -> u64 {
        self.calls().await.get(operation).copied().unwrap_or(0)
    }

    /// Calls the quotas turned away (TooManyRequestsException), per operation.
    pub async fn throttled(&self) -> BTreeMap<String, u64> {
        self.counters("/_backend/throttled").await
    }

    /// Calls that got an injected fault, per operation.
    pub async fn injected(&self) -> BTreeMap<String, u64> {
        self.counters("/_backend/injected").await
    }

    /// `POST /_backend/quotas` with `settings` (e.g. `{"enabled": true}`: AWS's
    /// quotas); returns the settings the backend applied.
    pub async fn set_quotas(&self, settings: &Value) -> Value {
        self.control("POST", "/_backend/quotas", Some(settings))
            .await
    }

    /// `POST /_backend/faults` with `settings` (`{}`: faults and latency off);
    /// returns the settings the backend applied.
    pub async fn set_faults(&self, settings: &Value) -> Value {
        self.control("POST", "/_backend/faults", Some(settings))
            .await
    }

    async fn counters(&self, path: &str) -> BTreeMap<String, u64> {
        let counters = self.control("GET", path, None).await;
        serde_json::from_value(counters.clone())
            .unwrap_or_else(|e| panic!("GET {path}: {e}: {counters}"))
    }

    /// One request to the test controls; the JSON it answers with (status 200).
    ///
    /// Plain HTTP/1.0 keeps an HTTP client crate out: the server then sends a plain
    /// body and closes the connection, so the response is simply "read to EOF".
    async fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let body = body.map(Value::to_string).unwrap_or_default();
        let exchange = async {
            let address = format!("127.0.0.1:{}", self.port);
            let mut stream = tokio::net::TcpStream::connect(&address).await?;
            let request = format!(
                "{method} {path} HTTP/1.0\r\nHost: {address}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(request.as_bytes()).await?;
            let mut raw = Vec::new();
            stream.read_to_end(&mut raw).await?;
            std::io::Result::Ok(String::from_utf8_lossy(&raw).into_owned())
        };
        let raw = tokio::time::timeout(CONTROL_TIMEOUT, exchange)
            .await
            .unwrap_or_else(|_| panic!("{method} {path}: no answer within {CONTROL_TIMEOUT:?}"))
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let (head, answer) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split_whitespace().nth(1);
        assert_eq!(
            status,
            Some("200"),
            "{method} {path} {body} answered:\n{raw}"
        );
        serde_json::from_str(answer).unwrap_or_else(|e| panic!("{method} {path}: {e}: {answer}"))
    }

    /// Formats an SDK error with its whole source chain and the backend's log, so a
    /// failing helper says what went wrong instead of "service error".
    fn sdk_error(&self, error: &dyn std::error::Error) -> String {
        let mut text = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        format!("{text}\n{}", self.process.log_tail())
    }
}

/// An SDK call's answer, or a panic naming the call, with the error's whole chain
/// and the backend's log ([`Backend::sdk_error`]).
trait ExpectOk<T> {
    fn expect_ok(self, backend: &Backend, call: &str) -> T;
}

impl<T, E: std::error::Error> ExpectOk<T> for Result<T, E> {
    fn expect_ok(self, backend: &Backend, call: &str) -> T {
        self.unwrap_or_else(|e| panic!("{call}: {}", backend.sdk_error(&e)))
    }
}

/// For [`Backend::create_client`]: a client with a secret and one callback URL, as
/// the async tests create the clients they import or read.
pub fn with_secret(
    request: CreateUserPoolClientFluentBuilder,
) -> CreateUserPoolClientFluentBuilder {
    request
        .generate_secret(true)
        .callback_urls("https://example.com/callback")
}

/// The calls made between two readings of [`Backend::calls`]: `after - before`,
/// without the operations whose count did not change.
pub fn call_delta(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    after
        .iter()
        .map(|(op, n)| (op.clone(), n - before.get(op).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Builds an SDK client for the backend with the dummy credentials.
fn sdk_client(endpoint_url: &str, region: &str) -> Client {
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            None,
            None,
            "test-support",
        ))
        .endpoint_url(endpoint_url)
        .build();
    Client::from_conf(config)
}

/// The launcher process. Its stdin stays open for the process's lifetime: the
/// launcher exits when stdin reaches EOF.
struct Process {
    child: Child,
    _stdin: ChildStdin,
    ready: mpsc::Receiver<Result<u16, String>>,
    /// Holds the launcher's stderr (moto logs every request there; a file never
    /// fills up and blocks the backend the way an unread pipe would).
    log: tempfile::NamedTempFile,
}

impl Process {
    fn spawn() -> Process {
        let root = crate::repo_root();
        let launcher = root.join("backend/cognito_backend.py");
        assert!(
            launcher.is_file(),
            "the backend launcher {} is missing",
            launcher.display()
        );
        let log = tempfile::NamedTempFile::new().expect("create the backend log");
        let mut child = Command::new("python3")
            .arg(&launcher)
            .args(["serve", "--port", "0"])
            .current_dir(root)
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("reopen the backend log"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}); {INSTALL_HINT}"));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        Process {
            child,
            _stdin: stdin,
            ready: watch_stdout(stdout),
            log,
        }
    }

    /// Waits for `READY <port>`; panics (and so stops the process) otherwise.
    fn wait_for_ready(&self) -> u16 {
        let outcome = self
            .ready
            .recv_timeout(READY_TIMEOUT)
            .unwrap_or_else(|_| Err(format!("no READY line within {READY_TIMEOUT:?}")));
        outcome.unwrap_or_else(|reason| panic!("{}", self.startup_failure(&reason)))
    }

    /// Explains a failed start, with an install hint when moto is missing.
    fn startup_failure(&self, reason: &str) -> String {
        let log = self.log_tail();
        let hint = if log.contains("No module named") || log.contains("ModuleNotFoundError") {
            format!("\nA Python module is missing: {INSTALL_HINT}.")
        } else {
            String::new()
        };
        format!("the Cognito backend did not start: {reason}{hint}\n{log}")
    }

    /// The end of the backend's stderr, for failure messages.
    fn log_tail(&self) -> String {
        const TAIL: usize = 4000;
        let log = fs::read_to_string(self.log.path()).unwrap_or_default();
        let start = log.len().saturating_sub(TAIL);
        let start = (start..log.len())
            .find(|&i| log.is_char_boundary(i))
            .unwrap_or(log.len());
        format!("--- backend stderr (tail) ---\n{}", &log[start..])
    }
}

impl Drop for Process {
    /// Kills the process by pid and reaps it, so that no test leaves a backend
    /// running, whether it passed or panicked.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the launcher's stdout on a thread and reports the port from its first
/// `READY <port>` line, or why there was none. The thread keeps draining stdout
/// afterwards so the launcher can never block on a full pipe.
fn watch_stdout(stdout: ChildStdout) -> mpsc::Receiver<Result<u16, String>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut reported = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if reported {
                continue;
            }
            if let Some(port) = line.strip_prefix("READY ") {
                let port = port
                    .trim()
                    .parse()
                    .map_err(|e| format!("bad READY line {line:?}: {e}"));
                let _ = sender.send(port);
                reported = true;
            }
        }
        if !reported {
            let _ = sender.send(Err("the launcher exited before printing READY".to_owned()));
        }
    });
    receiver
}
