//! The AWS client layer: turns provider settings into a Cognito client on first use,
//! and turns SDK errors into readable text. Only this layer knows how requests are
//! configured and retried.

mod settings;

pub use settings::AwsSettings;

use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::Client;
use tokio::sync::OnceCell;

/// The Cognito client of one provider process, built lazily: Terraform configures
/// every provider process, but only some of them call AWS, and building the client
/// reads files and the environment.
#[derive(Default)]
pub struct CognitoClient {
    settings: std::sync::OnceLock<AwsSettings>,
    client: OnceCell<Result<Client, String>>,
}

impl CognitoClient {
    /// Stores the provider configuration; the first configuration wins.
    pub fn configure(&self, settings: AwsSettings) {
        if self.settings.set(settings).is_err() {
            tracing::debug!("provider configured twice; keeping the first configuration");
        }
    }

    /// The client, or a message that says what is missing and how to provide it.
    pub async fn get(&self) -> Result<&Client, String> {
        let settings = self.settings.get().cloned().unwrap_or_default();
        let client = self.client.get_or_init(|| build_client(settings)).await;
        client.as_ref().map_err(Clone::clone)
    }
}

async fn build_client(settings: AwsSettings) -> Result<Client, String> {
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
    Ok(Client::new(&config))
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
