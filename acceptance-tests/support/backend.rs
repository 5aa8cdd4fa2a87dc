//! The local Cognito backend (moto with AWS semantics, `backend/cognito_backend.py`),
//! one process per test so that tests running in parallel never share state, plus
//! AWS SDK helpers to look at (and tamper with) that state out of band.

use std::collections::BTreeMap;
use std::fs;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder;
use aws_sdk_cognitoidentityprovider::types::{UserPoolClientDescription, UserPoolClientType};
use aws_sdk_cognitoidentityprovider::Client;

use super::http;

/// How long the launcher may take to print `READY <port>` (moto starts in about a
/// second; the margin covers a loaded machine running several tests at once).
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the backend gets to exit on its own after its stdin is closed, before
/// it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// The region every test uses; the backend isolates state per region.
pub const REGION: &str = "us-east-1";

/// The dummy credentials the backend accepts (it does not check signatures).
pub const ACCESS_KEY: &str = "testing";
pub const SECRET_KEY: &str = "testing";

const INSTALL_HINT: &str = "install the backend's dependencies with \
     `pip install -r backend/requirements.txt` (Python 3 and moto[server])";

/// A running backend. Dropping it stops the process, also when a test panics.
pub struct Backend {
    process: BackendProcess,
    port: u16,
    runtime: tokio::runtime::Runtime,
    client: Client,
}

impl Backend {
    /// Starts a fresh backend on a free port and waits until it answers its health
    /// check.
    pub fn start() -> Backend {
        let process = BackendProcess::spawn();
        let port = process.wait_for_ready();
        process.check_health(port);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("build a tokio runtime for the AWS SDK");
        let client = sdk_client(&format!("http://127.0.0.1:{port}"), REGION);
        Backend {
            process,
            port,
            runtime,
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

    /// Creates a user pool in the default region and returns its id.
    pub fn create_user_pool(&self, name: &str) -> String {
        self.create_user_pool_in(REGION, name)
    }

    /// Describes a client in the default region; `None` when it does not exist.
    pub fn describe_client(&self, pool_id: &str, client_id: &str) -> Option<UserPoolClientType> {
        self.describe_client_in(REGION, pool_id, client_id)
    }

    /// Deletes a client behind Terraform's back (drift).
    pub fn delete_client(&self, pool_id: &str, client_id: &str) {
        self.runtime
            .block_on(
                self.client
                    .delete_user_pool_client()
                    .user_pool_id(pool_id)
                    .client_id(client_id)
                    .send(),
            )
            .unwrap_or_else(|e| {
                panic!(
                    "DeleteUserPoolClient {pool_id}/{client_id}: {}",
                    self.sdk_error(&e)
                )
            });
    }

    /// Renames a client behind Terraform's back (drift).
    ///
    /// UpdateUserPoolClient replaces the whole configuration (AWS semantics, which
    /// the backend reproduces), so this is only a pure rename for clients that use
    /// the defaults, which is what the tests create.
    pub fn rename_client(&self, pool_id: &str, client_id: &str, name: &str) {
        self.runtime
            .block_on(
                self.client
                    .update_user_pool_client()
                    .user_pool_id(pool_id)
                    .client_id(client_id)
                    .client_name(name)
                    .send(),
            )
            .unwrap_or_else(|e| {
                panic!(
                    "UpdateUserPoolClient {pool_id}/{client_id}: {}",
                    self.sdk_error(&e)
                )
            });
    }

    /// Lists every client of a pool, following pagination.
    pub fn list_clients(&self, pool_id: &str) -> Vec<UserPoolClientDescription> {
        let mut clients = Vec::new();
        let mut next_token = None;
        loop {
            let page = self
                .runtime
                .block_on(
                    self.client
                        .list_user_pool_clients()
                        .user_pool_id(pool_id)
                        .set_next_token(next_token)
                        .send(),
                )
                .unwrap_or_else(|e| {
                    panic!("ListUserPoolClients {pool_id}: {}", self.sdk_error(&e))
                });
            clients.extend(page.user_pool_clients.unwrap_or_default());
            next_token = page.next_token;
            if next_token.is_none() {
                return clients;
            }
        }
    }

    /// An SDK client for `region` (the backend keeps every region's state apart).
    pub fn sdk(&self, region: &str) -> Client {
        sdk_client(&self.url(), region)
    }

    /// Runs an SDK call (or any future) to completion.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Creates a user pool in `region` and returns its id.
    pub fn create_user_pool_in(&self, region: &str, name: &str) -> String {
        let output = self
            .block_on(self.sdk(region).create_user_pool().pool_name(name).send())
            .unwrap_or_else(|e| {
                panic!("CreateUserPool {name} in {region}: {}", self.sdk_error(&e))
            });
        output
            .user_pool()
            .and_then(|pool| pool.id())
            .expect("CreateUserPool returned no pool id")
            .to_owned()
    }

    /// Deletes a whole user pool (with its clients) behind Terraform's back.
    pub fn delete_user_pool(&self, region: &str, pool_id: &str) {
        self.block_on(
            self.sdk(region)
                .delete_user_pool()
                .user_pool_id(pool_id)
                .send(),
        )
        .unwrap_or_else(|e| panic!("DeleteUserPool {pool_id}: {}", self.sdk_error(&e)));
    }

    /// Describes a client in `region`; `None` when the backend says it (or its
    /// pool) does not exist.
    pub fn describe_client_in(
        &self,
        region: &str,
        pool_id: &str,
        client_id: &str,
    ) -> Option<UserPoolClientType> {
        let result = self.block_on(
            self.sdk(region)
                .describe_user_pool_client()
                .user_pool_id(pool_id)
                .client_id(client_id)
                .send(),
        );
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
    pub fn create_client(
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
        self.block_on(configure(request).send())
            .unwrap_or_else(|e| panic!("CreateUserPoolClient {name}: {}", self.sdk_error(&e)))
            .user_pool_client
            .expect("CreateUserPoolClient returned no client")
    }

    /// Changes a client behind Terraform's back. UpdateUserPoolClient replaces the
    /// whole configuration (fields left out go back to AWS's defaults), so this
    /// sends the client's complete current configuration with `change` applied.
    pub fn update_client(
        &self,
        pool_id: &str,
        client_id: &str,
        change: impl FnOnce(&mut UserPoolClientType),
    ) -> UserPoolClientType {
        let mut c = self
            .describe_client(pool_id, client_id)
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
        self.block_on(request.send())
            .unwrap_or_else(|e| {
                panic!(
                    "UpdateUserPoolClient {pool_id}/{client_id}: {}",
                    self.sdk_error(&e)
                )
            })
            .user_pool_client
            .expect("UpdateUserPoolClient returned no client")
    }

    /// The number of API calls the backend has served, per operation name.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        let response = http::request(self.port, "GET", "/_backend/calls")
            .unwrap_or_else(|e| panic!("GET /_backend/calls: {e}"));
        assert_eq!(
            response.status, 200,
            "GET /_backend/calls answered {}: {}",
            response.status, response.body
        );
        serde_json::from_str(&response.body)
            .unwrap_or_else(|e| panic!("GET /_backend/calls: {e}: {}", response.body))
    }

    /// The number of calls of one operation (0 when never called).
    pub fn call_count(&self, operation: &str) -> u64 {
        self.calls().get(operation).copied().unwrap_or(0)
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
            "acceptance-tests",
        ))
        .endpoint_url(endpoint_url)
        .build();
    Client::from_conf(config)
}

/// The launcher process. Its stdin stays open for the process's lifetime: the
/// launcher exits when stdin reaches EOF, so even if the test binary is killed
/// outright (no `Drop`), the backend goes away with it.
struct BackendProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    ready: mpsc::Receiver<Result<u16, String>>,
    /// Holds the launcher's stderr (moto logs every request there; a file never
    /// fills up and blocks the backend the way an unread pipe would).
    log_dir: tempfile::TempDir,
}

impl BackendProcess {
    fn spawn() -> BackendProcess {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let launcher = root.join("backend/cognito_backend.py");
        assert!(
            launcher.is_file(),
            "the backend launcher {} is missing",
            launcher.display()
        );
        let log_dir = tempfile::tempdir().expect("create a temp dir for the backend log");
        let log = fs::File::create(log_path(log_dir.path())).expect("create the backend log");
        let mut child = Command::new("python3")
            .arg(&launcher)
            .args(["serve", "--port", "0"])
            .current_dir(root)
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 ({e}); {INSTALL_HINT}"));
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        BackendProcess {
            child,
            stdin,
            ready: watch_stdout(stdout),
            log_dir,
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

    fn check_health(&self, port: u16) {
        match http::request(port, "GET", "/_backend/health") {
            Ok(response) if response.status == 200 => {}
            Ok(response) => panic!(
                "backend health check answered {}: {}\n{}",
                response.status,
                response.body,
                self.log_tail()
            ),
            Err(e) => panic!("backend health check failed: {e}\n{}", self.log_tail()),
        }
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
        let log = fs::read_to_string(log_path(self.log_dir.path())).unwrap_or_default();
        let start = log.len().saturating_sub(TAIL);
        let start = (start..log.len())
            .find(|&i| log.is_char_boundary(i))
            .unwrap_or(log.len());
        format!("--- backend stderr (tail) ---\n{}", &log[start..])
    }
}

impl Drop for BackendProcess {
    /// Closes stdin (the launcher's shutdown signal), waits briefly for a clean
    /// exit, then kills the process by pid and reaps it, so no test leaves a
    /// backend running, whether it passed or panicked.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + EXIT_GRACE;
        while Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) => thread::sleep(Duration::from_millis(20)),
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn log_path(dir: &Path) -> PathBuf {
    dir.join("backend.log")
}

/// Reads the launcher's stdout on a thread and reports the port from its first
/// `READY <port>` line, or why there was none. The thread keeps draining stdout
/// afterwards so the launcher can never block on a full pipe.
fn watch_stdout(stdout: ChildStdout) -> mpsc::Receiver<Result<u16, String>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut reported = false;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
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

/// The backend's test controls for AWS's request-rate quotas, injected faults and
/// the per-operation counters (`/_backend/*`, see `backend/cognito_backend.py`).
impl Backend {
    /// `POST /_backend/quotas` with `settings` (e.g. `{"enabled": true}`: AWS's
    /// quotas); returns the settings the backend applied.
    pub fn set_quotas(&self, settings: &serde_json::Value) -> serde_json::Value {
        self.control("/_backend/quotas", settings)
    }

    /// `POST /_backend/faults` with `settings` (`{}`: faults and latency off);
    /// returns the settings the backend applied.
    pub fn set_faults(&self, settings: &serde_json::Value) -> serde_json::Value {
        self.control("/_backend/faults", settings)
    }

    /// Calls the quotas turned away (TooManyRequestsException), per operation.
    pub fn throttled(&self) -> BTreeMap<String, u64> {
        self.counters("/_backend/throttled")
    }

    /// Calls that got an injected fault, per operation.
    pub fn injected(&self) -> BTreeMap<String, u64> {
        self.counters("/_backend/injected")
    }

    fn control(&self, path: &str, settings: &serde_json::Value) -> serde_json::Value {
        let response = http::request_with_json(self.port, "POST", path, &settings.to_string())
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        assert_eq!(
            response.status, 200,
            "POST {path} {settings} answered {}: {}",
            response.status, response.body
        );
        serde_json::from_str(&response.body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}: {}", response.body))
    }

    fn counters(&self, path: &str) -> BTreeMap<String, u64> {
        let response =
            http::request(self.port, "GET", path).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(
            response.status, 200,
            "GET {path} answered {}: {}",
            response.status, response.body
        );
        serde_json::from_str(&response.body)
            .unwrap_or_else(|e| panic!("GET {path}: {e}: {}", response.body))
    }
}
