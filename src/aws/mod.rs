//! The AWS client layer: turns provider settings into Cognito clients on first use,
//! and offers the resources typed operations on them ([`UserPoolClients`],
//! [`ClientSecrets`]). Only this
//! layer knows how requests are configured, paced, retried and logged, which region
//! an unset one means, and what AWS's error codes say.

mod client_secrets;
mod concurrent;
mod error;
mod pacing;
pub mod regions;
mod retry;
mod settings;
#[cfg(test)]
mod testing;
mod transport;
mod user_pool_clients;

pub use client_secrets::ClientSecrets;
pub use error::{CallError, CreateError, Missing, Unavailable};
pub use pacing::Rates;
pub use settings::{AwsSettings, DEFAULT_MAX_RETRIES};
pub use user_pool_clients::UserPoolClients;

use std::future::Future;
use std::time::Duration;

use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::{Region, SdkConfig};
use aws_sdk_cognitoidentityprovider::Client;
use tokio::sync::OnceCell;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::stop::StopSignal;
use pacing::Operation;
use retry::Failure;

/// Where a request goes: one user pool in one region, with the SDK client for that
/// region. Made by [`CognitoClient::target`], which resolves an unset region.
#[derive(Clone)]
pub struct Target {
    region: String,
    pool: String,
    client: Client,
    /// The endpoint's URL, for messages.
    endpoint: String,
}

impl Target {
    /// The region the requests go to (the provider's when the resource sets none).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The user pool the requests are about.
    pub fn pool(&self) -> &str {
        &self.pool
    }
}

/// The Cognito clients of one provider process, built lazily: Terraform configures
/// every provider process, but only some of them call AWS, and loading the AWS
/// configuration reads files and the environment. One client per region, because
/// each resource may name its own `region`.
#[derive(Default)]
pub struct CognitoClient {
    settings: std::sync::OnceLock<AwsSettings>,
    config: OnceCell<Result<SdkConfig, Missing>>,
    clients: Mutex<HashMap<String, Client>>,
    pacer: std::sync::OnceLock<pacing::Pacer>,
    /// The account the credentials belong to, asked of STS once.
    account: OnceCell<Option<String>>,
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

    /// The app-client operations for one resource operation starting now: a
    /// [`stop`](Self::stop) from here on cancels them.
    pub fn user_pool_clients(&self) -> UserPoolClients<'_> {
        UserPoolClients::new(self, self.stop.token())
    }

    /// The client-secret operations for one resource operation starting now: a
    /// [`stop`](Self::stop) from here on cancels them.
    pub fn client_secrets(&self) -> ClientSecrets<'_> {
        ClientSecrets::new(self, self.stop.token())
    }

    /// Whether regions this provider does not know are used as given.
    pub fn skips_region_validation(&self) -> bool {
        self.settings
            .get()
            .is_some_and(|settings| settings.skip_region_validation)
    }

    /// How many times a failed request may be retried.
    fn max_retries(&self) -> u32 {
        self.settings
            .get()
            .and_then(|s| s.max_retries)
            .unwrap_or(DEFAULT_MAX_RETRIES)
    }

    /// Sends a request to `target`, paced to the quotas, retrying what may safely be
    /// retried, and waiting out a concurrent update of the same client. `send`
    /// builds and sends the request anew for every attempt; once `stop` is
    /// cancelled, no attempt is sent. Logs one debug line when it ends.
    async fn call<T, E, R, F, Fut>(
        &self,
        operation: Operation,
        target: &Target,
        client_id: Option<&str>,
        stop: &CancellationToken,
        mut send: F,
    ) -> Result<T, CallError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        let pacer = self
            .pacer
            .get_or_init(|| pacing::Pacer::new(Rates::default()));
        let max_retries = self.max_retries();
        let started = Instant::now();
        let mut pacing_wait = Duration::ZERO;
        let mut attempts = 0u32;
        let mut retries = 0;
        let mut concurrent_waits = concurrent::waits();
        let result = loop {
            let paced = Instant::now();
            let departure =
                unless_stopped(stop, pacer.pace(&target.region, operation, &target.pool)).await;
            pacing_wait += paced.elapsed();
            let Some(departure) = departure else {
                break Err(CallError::stopped());
            };
            attempts += 1;
            let sent = send().await;
            drop(departure);
            let error = match sent {
                Ok(output) => break Ok(output),
                Err(error) => error,
            };
            let failure = retry::classify(&error);
            if failure == Failure::Throttled {
                pacer.throttled(
                    &target.region,
                    operation,
                    &target.pool,
                    tokio::time::Instant::now(),
                );
            }
            let wait =
                if operation == Operation::Update && failure == Failure::ConcurrentModification {
                    let wait = concurrent_waits.next().unwrap_or(Duration::from_secs(10));
                    if started.elapsed() + wait > concurrent::DEADLINE {
                        break Err(self.failed(&error, target, attempts));
                    }
                    // Each wait for the other update ends a round of retries.
                    retries = 0;
                    wait
                } else {
                    let wait = retry::wait(failure, retries + 1);
                    let elapsed = started.elapsed();
                    if !retry::may_retry(operation, failure)
                        || !retry::within_limits(failure, retries, max_retries, elapsed, wait)
                    {
                        break Err(self.failed(&error, target, attempts));
                    }
                    retries += 1;
                    wait
                };
            tracing::debug!(
                operation = operation.name(),
                attempt = attempts,
                reason = ?failure,
                error = %error::sdk_error_text(&error),
                wait_ms = wait.as_millis() as u64,
                "retrying request"
            );
            if unless_stopped(stop, tokio::time::sleep(wait))
                .await
                .is_none()
            {
                break Err(CallError::stopped());
            }
        };
        tracing::debug!(
            operation = operation.name(),
            region = %target.region,
            pool_id = %target.pool,
            client_id,
            attempts,
            pacing_wait_ms = pacing_wait.as_millis() as u64,
            duration_ms = started.elapsed().as_millis() as u64,
            outcome = result.as_ref().map_or_else(CallError::outcome, |_| "ok"),
            "AWS request"
        );
        result
    }

    /// The error of a request that ends in `error` after `attempts`; the SDK's
    /// whole error chain, which its types print as nested debug structures, goes to
    /// the debug log, not into the message.
    fn failed<E, R>(&self, error: &SdkError<E, R>, target: &Target, attempts: u32) -> CallError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        tracing::debug!(
            region = %target.region,
            endpoint = %target.endpoint,
            error = %aws_smithy_types::error::display::DisplayErrorContext(error),
            "request failed"
        );
        CallError::from_sdk(error, &target.endpoint, &target.region, attempts)
    }

    /// The AWS account the credentials belong to (STS GetCallerIdentity, asked once
    /// per provider process, at the endpoint of `AWS_ENDPOINT_URL_STS` or AWS's),
    /// for resource identities; `None` when it cannot be had, which the debug log
    /// says.
    pub async fn account_id(&self) -> Option<String> {
        self.account
            .get_or_init(|| async {
                let config = self.config().await.ok()?;
                let mut sts = aws_sdk_sts::config::Builder::from(config);
                sts.set_endpoint_url(std::env::var("AWS_ENDPOINT_URL_STS").ok());
                match aws_sdk_sts::Client::from_conf(sts.build())
                    .get_caller_identity()
                    .send()
                    .await
                {
                    Ok(answer) => answer.account,
                    Err(error) => {
                        tracing::debug!(
                            error = %aws_smithy_types::error::display::DisplayErrorContext(&error),
                            "the account id could not be had; identities leave account_id null"
                        );
                        None
                    }
                }
            })
            .await
            .clone()
    }

    /// The provider's region, or why there is none.
    pub async fn default_region(&self) -> Result<String, Unavailable> {
        let config = self.config().await?;
        Ok(config.region().map(|r| r.to_string()).unwrap_or_default())
    }

    /// The region a resource in `region` talks to: its own, or the provider's when
    /// it sets none (or an empty one).
    pub async fn region(&self, region: Option<&str>) -> Result<String, Unavailable> {
        match region.filter(|r| !r.is_empty()) {
            Some(region) => Ok(region.to_string()),
            None => self.default_region().await,
        }
    }

    /// Where requests about `pool` in `region` (see [`CognitoClient::region`]) go,
    /// or why they cannot be sent.
    pub async fn target(&self, region: Option<&str>, pool: &str) -> Result<Target, Unavailable> {
        let region = self.region(region).await?;
        let config = self.config().await?;
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let client = clients.entry(region.clone()).or_insert_with(|| {
            let regional = aws_sdk_cognitoidentityprovider::config::Builder::from(config)
                .region(Region::new(region.clone()))
                .build();
            Client::from_conf(regional)
        });
        let settings = self.settings.get();
        let endpoint = settings::endpoint(
            settings.and_then(|s| s.cognitoidp_endpoint.as_deref()),
            config,
            &region,
        );
        Ok(Target {
            client: client.clone(),
            region,
            pool: pool.to_string(),
            endpoint,
        })
    }

    /// The AWS configuration, loaded on first use. Credential providers may call the
    /// network, so a stop abandons a load in progress (the next operation starts it
    /// again); a loaded configuration is there for every operation, stopped or not.
    async fn config(&self) -> Result<&SdkConfig, Unavailable> {
        let incomplete = |missing: &Missing| Unavailable::Incomplete(missing.clone());
        if let Some(loaded) = self.config.get() {
            return loaded.as_ref().map_err(incomplete);
        }
        let stop = self.stop.token();
        let loading = self.config.get_or_init(|| {
            let settings = self.settings.get().cloned().unwrap_or_default();
            load_config(settings)
        });
        match unless_stopped(&stop, loading).await {
            None => Err(Unavailable::Stopped),
            Some(loaded) => loaded.as_ref().map_err(incomplete),
        }
    }
}

/// Runs `work` unless or until `stop` is cancelled: its output, or `None` when the
/// stop came first (a stop already given wins over work that is ready).
async fn unless_stopped<T>(stop: &CancellationToken, work: impl Future<Output = T>) -> Option<T> {
    tokio::select! {
        biased;
        () = stop.cancelled() => None,
        output = work => Some(output),
    }
}

async fn load_config(settings: AwsSettings) -> Result<SdkConfig, Missing> {
    let config = settings.load().await;
    let Some(region) = config.region() else {
        return Err(Missing::Region);
    };
    // The provider block's region was checked at plan time; one from the
    // environment or a profile is checked here, on first use.
    if let Err(problem) = regions::check(region.as_ref(), settings.skip_region_validation) {
        return Err(Missing::ValidRegion(problem.detail(
            region.as_ref(),
            "The region from the environment or the AWS profile",
        )));
    }
    let credentials = config
        .credentials_provider()
        .ok_or(Missing::Credentials(None))?;
    if let Err(error) = credentials.provide_credentials().await {
        tracing::debug!(%error, "credential lookup failed");
        return Err(Missing::Credentials(Some(error.to_string())));
    }
    Ok(config)
}
