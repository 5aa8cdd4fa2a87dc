//! The AWS client layer: turns provider settings into a Cognito client on first use,
//! and turns SDK errors into readable text. Only this layer knows how requests are
//! configured and retried.

mod pacing;
mod retry;
mod settings;

pub use pacing::{Operation, Rates};
pub use retry::Failure;
pub use settings::{AwsSettings, DEFAULT_MAX_RETRIES};

use std::future::Future;

use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::{Region, SdkConfig};
use aws_sdk_cognitoidentityprovider::Client;
use tokio::sync::OnceCell;
use tokio_util::sync::CancellationToken;

use crate::stop::StopSignal;

/// Why a stopped provider sent no (further) request.
const STOPPED: &str = "Terraform asked the provider to stop (for example after Ctrl-C) while the \
                       request waited for its turn or for a retry, so it was not sent (again)";

/// Why no Cognito client could be had for an operation.
#[derive(Debug)]
pub enum Unavailable {
    /// Terraform asked the provider to stop while the AWS configuration was loading.
    Stopped,
    /// The configuration lacks a region or credentials: what is missing and how to
    /// provide it.
    Incomplete(String),
}

impl Unavailable {
    /// The diagnostic's summary.
    pub fn summary(&self) -> &'static str {
        match self {
            Unavailable::Stopped => "Operation cancelled",
            Unavailable::Incomplete(_) => "AWS configuration incomplete",
        }
    }

    /// The diagnostic's detail.
    pub fn detail(&self) -> String {
        match self {
            Unavailable::Stopped => "Terraform asked the provider to stop (for example after \
                                     Ctrl-C) while it loaded the AWS configuration, so nothing \
                                     was sent to AWS."
                .to_string(),
            Unavailable::Incomplete(message) => message.clone(),
        }
    }
}

/// Why a request to Cognito did not succeed.
#[derive(Debug)]
pub enum CallError<E, R> {
    /// Terraform asked the provider to stop while the request waited for its turn
    /// (pacing) or for a retry, so it was not sent (again).
    Stopped,
    /// AWS's answer, or the SDK's reason for having none.
    Aws(SdkError<E, R>),
}

impl<E: ProvideErrorMetadata, R> CallError<E, R> {
    /// The AWS error code, e.g. `ResourceNotFoundException`.
    pub fn code(&self) -> Option<&str> {
        match self {
            CallError::Stopped => None,
            CallError::Aws(error) => error.code(),
        }
    }

    /// Why it failed, as far as retrying is concerned.
    pub fn failure(&self) -> Failure {
        match self {
            CallError::Stopped => Failure::Final,
            CallError::Aws(error) => retry::classify(error),
        }
    }
}

/// The Cognito clients of one provider process, built lazily: Terraform configures
/// every provider process, but only some of them call AWS, and loading the AWS
/// configuration reads files and the environment. One client per region, because
/// each resource may name its own `region`.
#[derive(Default)]
pub struct CognitoClient {
    settings: std::sync::OnceLock<AwsSettings>,
    config: OnceCell<Result<SdkConfig, String>>,
    clients: Mutex<HashMap<String, Client>>,
    pacer: std::sync::OnceLock<pacing::Pacer>,
    /// Cancels the operations running when StopProvider arrives.
    stop: StopSignal,
}

impl CognitoClient {
    /// Stores the provider configuration; the first configuration wins.
    pub fn configure(&self, settings: AwsSettings) {
        let rates = settings.rates;
        if self.settings.set(settings).is_err() {
            tracing::debug!("provider configured twice; keeping the first configuration");
        }
        let _ = self.pacer.set(pacing::Pacer::new(rates));
    }

    /// Terraform asked the provider to stop: the operations running now end their
    /// waits (for the AWS configuration, for pacing, before a retry) at once and send
    /// no request after it. A request already sent is still answered, so that a
    /// create that reached AWS reports the client it made instead of leaving it out
    /// of the state.
    pub fn stop(&self) {
        self.stop.stop();
        if let Some(pacer) = self.pacer.get() {
            pacer.forget_bookings();
        }
    }

    /// The stop signal for an operation starting now (see [`CognitoClient::stop`]).
    pub fn stop_signal(&self) -> CancellationToken {
        self.stop.token()
    }

    /// How many times a failed request may be retried.
    pub fn max_retries(&self) -> u32 {
        self.settings
            .get()
            .and_then(|s| s.max_retries)
            .unwrap_or(DEFAULT_MAX_RETRIES)
    }

    /// Sends a request, paced to the quotas, retrying what may safely be retried.
    /// `send` builds and sends the request anew for every attempt; once `stop` is
    /// cancelled, no attempt is sent.
    pub async fn call<T, E, R, F, Fut>(
        &self,
        region: &str,
        operation: Operation,
        pool: &str,
        stop: &CancellationToken,
        mut send: F,
    ) -> Result<T, CallError<E, R>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let pacer = self
            .pacer
            .get_or_init(|| pacing::Pacer::new(Rates::default()));
        let max_retries = self.max_retries();
        let mut retries = 0;
        loop {
            if !unless_stopped(stop, pacer.pace(region, operation, pool)).await {
                return Err(CallError::Stopped);
            }
            let error = match send().await {
                Ok(output) => return Ok(output),
                Err(error) => error,
            };
            let failure = retry::classify(&error);
            if failure == Failure::Throttled {
                pacer.throttled(region, operation, pool, tokio::time::Instant::now());
            }
            if retries >= max_retries || !retry::may_retry(operation, failure) {
                return Err(CallError::Aws(error));
            }
            retries += 1;
            let wait = retry::wait(failure, retries);
            tracing::debug!(
                operation = operation.name(),
                retry = retries,
                reason = ?failure,
                error = %sdk_error_text(&error),
                wait_ms = wait.as_millis() as u64,
                "retrying request"
            );
            if !unless_stopped(stop, tokio::time::sleep(wait)).await {
                return Err(CallError::Stopped);
            }
        }
    }

    /// The provider's region, or why there is none.
    pub async fn default_region(&self) -> Result<String, Unavailable> {
        let config = self.config().await?;
        Ok(config.region().map(|r| r.to_string()).unwrap_or_default())
    }

    /// The client for `region` (the provider's region when `None`), or why there is
    /// none.
    pub async fn get(&self, region: Option<&str>) -> Result<Client, Unavailable> {
        let config = self.config().await?;
        let region = match region.filter(|r| !r.is_empty()) {
            Some(region) => region.to_string(),
            None => config.region().map(|r| r.to_string()).unwrap_or_default(),
        };
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let client = clients.entry(region.clone()).or_insert_with(|| {
            let regional = aws_sdk_cognitoidentityprovider::config::Builder::from(config)
                .region(Region::new(region))
                .build();
            Client::from_conf(regional)
        });
        Ok(client.clone())
    }

    /// The AWS configuration, loaded on first use. Credential providers may call the
    /// network, so a stop abandons a load in progress (the next operation starts it
    /// again); a loaded configuration is there for every operation, stopped or not.
    async fn config(&self) -> Result<&SdkConfig, Unavailable> {
        let incomplete = |message: &String| Unavailable::Incomplete(message.clone());
        if let Some(loaded) = self.config.get() {
            return loaded.as_ref().map_err(incomplete);
        }
        let stop = self.stop_signal();
        let loading = self.config.get_or_init(|| {
            let settings = self.settings.get().cloned().unwrap_or_default();
            load_config(settings)
        });
        tokio::select! {
            biased;
            () = stop.cancelled() => Err(Unavailable::Stopped),
            loaded = loading => loaded.as_ref().map_err(incomplete),
        }
    }
}

/// Runs `wait` unless or until `stop` is cancelled; false when it was.
async fn unless_stopped(stop: &CancellationToken, wait: impl Future<Output = ()>) -> bool {
    tokio::select! {
        biased;
        () = stop.cancelled() => false,
        () = wait => true,
    }
}

async fn load_config(settings: AwsSettings) -> Result<SdkConfig, String> {
    let config = settings.load().await;
    if config.region().is_none() {
        return Err(
            "No AWS region is configured. Set `region` in the provider block, or the \
                    AWS_REGION environment variable, or a region in your AWS profile."
                .to_string(),
        );
    }
    let credentials = config.credentials_provider().ok_or_else(no_credentials)?;
    if let Err(error) = credentials.provide_credentials().await {
        tracing::debug!(%error, "credential lookup failed");
        return Err(format!("{} ({error})", no_credentials()));
    }
    Ok(config)
}

fn no_credentials() -> String {
    "No valid AWS credentials were found. Set `access_key` and `secret_key` (or `profile`) in the \
     provider block, or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, \
     or AWS_PROFILE"
        .to_string()
}

/// Whether AWS says the object does not exist (the client, or its whole pool).
pub fn is_not_found<E: ProvideErrorMetadata, R>(error: &CallError<E, R>) -> bool {
    error.code() == Some("ResourceNotFoundException")
}

/// `Code: message` for service errors, the full error chain otherwise.
pub fn error_text<E, R>(error: &CallError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error {
        CallError::Stopped => STOPPED.to_string(),
        CallError::Aws(error) => sdk_error_text(error),
    }
}

fn sdk_error_text<E, R>(error: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_string(),
        _ => aws_smithy_types::error::display::DisplayErrorContext(error).to_string(),
    }
}
