//! The AWS client layer: turns provider settings into a Cognito client on first use,
//! and turns SDK errors into readable text. Only this layer knows how requests are
//! configured and retried.

mod pacing;
mod retry;
mod settings;

pub use pacing::{Operation, Rates};
pub use retry::{classify, Failure};
pub use settings::{AwsSettings, DEFAULT_MAX_RETRIES};

use std::future::Future;

use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::{Region, SdkConfig};
use aws_sdk_cognitoidentityprovider::Client;
use tokio::sync::OnceCell;

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

    /// How many times a failed request may be retried.
    pub fn max_retries(&self) -> u32 {
        self.settings
            .get()
            .and_then(|s| s.max_retries)
            .unwrap_or(DEFAULT_MAX_RETRIES)
    }

    /// Sends a request, paced to the quotas, retrying what may safely be retried.
    /// `send` builds and sends the request anew for every attempt.
    pub async fn call<T, E, R, F, Fut>(
        &self,
        region: &str,
        operation: Operation,
        pool: &str,
        mut send: F,
    ) -> Result<T, SdkError<E, R>>
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
            pacer.pace(region, operation, pool).await;
            let error = match send().await {
                Ok(output) => return Ok(output),
                Err(error) => error,
            };
            let failure = classify(&error);
            if retries >= max_retries || !retry::may_retry(operation, failure) {
                return Err(error);
            }
            retries += 1;
            let wait = retry::backoff(retries);
            tracing::debug!(
                operation = operation.name(),
                retry = retries,
                reason = ?failure,
                error = %error_text(&error),
                wait_ms = wait.as_millis() as u64,
                "retrying request"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// The provider's region, or a message that says how to set one.
    pub async fn default_region(&self) -> Result<String, String> {
        let config = self.config().await?;
        Ok(config.region().map(|r| r.to_string()).unwrap_or_default())
    }

    /// The client for `region` (the provider's region when `None`), or a message that
    /// says what is missing and how to provide it.
    pub async fn get(&self, region: Option<&str>) -> Result<Client, String> {
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

    async fn config(&self) -> Result<&SdkConfig, String> {
        let settings = self.settings.get().cloned().unwrap_or_default();
        let loaded = self.config.get_or_init(|| load_config(settings)).await;
        loaded.as_ref().map_err(Clone::clone)
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
pub fn is_not_found<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error.code() == Some("ResourceNotFoundException")
}

/// `Code: message` for service errors, the full error chain otherwise.
pub fn error_text<E, R>(error: &SdkError<E, R>) -> String
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
