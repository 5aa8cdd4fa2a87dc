//! Provider arguments that shape the AWS configuration, on top of the SDK's usual
//! environment variables and shared files.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use super::pacing::Rates;
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};

#[derive(Clone, Default, PartialEq)]
pub struct AwsSettings {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub token: Option<String>,
    pub shared_config_files: Vec<String>,
    pub shared_credentials_files: Vec<String>,
    /// Retries of a failed request (our policy; the SDK's own retries are off so
    /// that every attempt is paced). `None`: [`DEFAULT_MAX_RETRIES`].
    pub max_retries: Option<u32>,
    pub cognitoidp_endpoint: Option<String>,
    pub rates: Rates,
    /// Use a region this provider does not know as given.
    pub skip_region_validation: bool,
}

/// As the official provider's default.
pub const DEFAULT_MAX_RETRIES: u32 = 25;

/// The SDK's default for opening a connection, kept when the attempt timeout is set.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// How long one attempt of a request may take, from connecting to the last byte of
/// the answer. Cognito answers in well under a second; without a bound, a request
/// lost on a silent connection would hang its operation (and a create, which a stop
/// lets finish, would hang the stop) until Terraform is killed. A timed-out attempt
/// is retried like a dropped connection (a create only after looking for its client),
/// within the retry budget of requests without an answer (10 s).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The URL requests for `region` go to, for messages: the provider's `endpoints`
/// argument, the SDK's endpoint variables, or AWS's endpoint for the region.
pub fn endpoint(configured: Option<&str>, config: &SdkConfig, region: &str) -> String {
    let variable = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    configured
        .map(str::to_string)
        .or_else(|| variable("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"))
        .or_else(|| config.endpoint_url().map(str::to_string))
        .unwrap_or_else(|| {
            let suffix = if region.starts_with("cn-") {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            };
            format!("https://cognito-idp.{region}.{suffix}")
        })
}

/// Never print credentials, even in debug output.
impl std::fmt::Debug for AwsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsSettings")
            .field("region", &self.region)
            .field("profile", &self.profile)
            .field("access_key", &self.access_key.as_ref().map(|_| "<set>"))
            .field("secret_key", &self.secret_key.as_ref().map(|_| "<set>"))
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("max_retries", &self.max_retries)
            .field("cognitoidp_endpoint", &self.cognitoidp_endpoint)
            .finish()
    }
}

impl AwsSettings {
    /// Loads the SDK configuration. Arguments set in the provider block win over
    /// the environment (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL,
    /// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, ...), which the SDK reads itself.
    pub async fn load(&self) -> SdkConfig {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let (Some(access_key), Some(secret_key)) = (&self.access_key, &self.secret_key) {
            loader = loader.credentials_provider(Credentials::new(
                access_key,
                secret_key,
                self.token.clone(),
                None,
                "provider-configuration",
            ));
        }
        if !self.shared_config_files.is_empty() || !self.shared_credentials_files.is_empty() {
            loader = loader.profile_files(self.profile_files());
        }
        loader = loader.retry_config(RetryConfig::disabled()).timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                .build(),
        );
        if let Some(endpoint) = &self.cognitoidp_endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        loader.load().await
    }

    fn profile_files(&self) -> EnvConfigFiles {
        let mut files = EnvConfigFiles::builder();
        for path in &self.shared_config_files {
            files = files.with_file(EnvConfigFileKind::Config, path);
        }
        for path in &self.shared_credentials_files {
            files = files.with_file(EnvConfigFileKind::Credentials, path);
        }
        files.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_credentials() {
        let settings = AwsSettings {
            access_key: Some("AKIDEXAMPLE".into()),
            secret_key: Some("very-secret".into()),
            ..AwsSettings::default()
        };
        let text = format!("{settings:?}");
        assert!(!text.contains("very-secret") && !text.contains("AKIDEXAMPLE"));
    }

    #[tokio::test]
    async fn provider_arguments_win_over_the_environment() {
        let settings = AwsSettings {
            region: Some("eu-west-3".into()),
            cognitoidp_endpoint: Some("http://127.0.0.1:1".into()),
            ..AwsSettings::default()
        };
        let config = settings.load().await;
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-3"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1"));
    }

    #[tokio::test]
    async fn every_attempt_is_bounded_and_only_our_policy_retries() {
        let config = AwsSettings::default().load().await;
        let timeouts = config.timeout_config().expect("a timeout configuration");
        assert_eq!(timeouts.connect_timeout(), Some(CONNECT_TIMEOUT));
        assert_eq!(timeouts.operation_attempt_timeout(), Some(ATTEMPT_TIMEOUT));
        let retries = config.retry_config().expect("a retry configuration");
        assert_eq!(retries.max_attempts(), 1, "the SDK's own retries are off");
    }
}
