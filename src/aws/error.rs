//! Why the AWS layer could not do what it was asked: typed, with the text a
//! diagnostic shows as its `Display`.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};

use super::retry::{self, Failure};
use super::transport;

/// Why no Cognito client could be had for an operation.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Unavailable {
    /// Terraform asked the provider to stop while the AWS configuration was loading.
    #[error(
        "Terraform asked the provider to stop (for example after Ctrl-C) while it loaded the AWS \
         configuration, so nothing was sent to AWS."
    )]
    Stopped,
    /// The configuration lacks a region or credentials.
    #[error(transparent)]
    Incomplete(#[from] Missing),
}

impl Unavailable {
    /// The diagnostic's summary.
    pub fn summary(&self) -> &'static str {
        match self {
            Unavailable::Stopped => "Operation cancelled",
            Unavailable::Incomplete(Missing::ValidRegion(_)) => "Invalid AWS Region",
            Unavailable::Incomplete(_) => "AWS configuration incomplete",
        }
    }

    /// The diagnostic's detail.
    pub fn detail(&self) -> String {
        self.to_string()
    }
}

/// What the AWS configuration lacks, and how to provide it.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Missing {
    #[error(
        "No AWS region is configured. Set `region` in the provider block, or the AWS_REGION \
         environment variable, or a region in your AWS profile."
    )]
    Region,
    /// The region the environment or a profile gives is not one to use.
    #[error("{0}")]
    ValidRegion(String),
    /// No credentials, or (with the reason) none that could be loaded.
    #[error(
        "No valid AWS credentials were found. Set `access_key` and `secret_key` (or `profile`) in \
         the provider block, or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment \
         variables, or AWS_PROFILE{}",
        .0.as_ref().map(|reason| format!(" ({reason})")).unwrap_or_default()
    )]
    Credentials(Option<String>),
}

/// Why a request to Cognito did not succeed. Its text is AWS's `Code: message`, the
/// SDK's reason for having no answer, or why a stopped provider sent nothing.
#[derive(Debug, thiserror::Error)]
#[error("{text}")]
pub struct CallError {
    cause: Cause,
    text: String,
}

#[derive(Debug)]
enum Cause {
    /// Terraform asked the provider to stop while the request waited for its turn
    /// (pacing) or for a retry, so it was not sent (again).
    Stopped,
    /// AWS's answer (with its error code), or the SDK's reason for having none.
    Aws {
        code: Option<String>,
        failure: Failure,
    },
}

impl CallError {
    pub(super) fn stopped() -> Self {
        CallError {
            cause: Cause::Stopped,
            text: "Terraform asked the provider to stop (for example after Ctrl-C) while the \
                   request waited for its turn or for a retry, so it was not sent (again)"
                .to_string(),
        }
    }

    /// The error of a request to `endpoint` in `region` that ended in `error`
    /// after `attempts`: AWS's `Code: message`, or in plain words why there was no
    /// answer and what to check.
    pub(super) fn from_sdk<E, R>(
        error: &SdkError<E, R>,
        endpoint: &str,
        region: &str,
        attempts: u32,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        let text = match transport::diagnose(error) {
            Some(no_answer) => no_answer.describe(endpoint, region, attempts),
            None => sdk_error_text(error),
        };
        CallError {
            cause: Cause::Aws {
                code: error.code().map(str::to_string),
                failure: retry::classify(error),
            },
            text,
        }
    }

    /// The text as a sentence, ending with a period, to go before another.
    fn sentence(&self) -> String {
        match self.text.ends_with('.') {
            true => self.text.clone(),
            false => format!("{}.", self.text),
        }
    }

    /// Whether AWS says the object does not exist (the client, or its whole pool).
    pub fn is_not_found(&self) -> bool {
        self.code() == Some("ResourceNotFoundException")
    }

    /// Why it failed, as far as retrying is concerned.
    pub(super) fn failure(&self) -> Failure {
        match &self.cause {
            Cause::Stopped => Failure::Final,
            Cause::Aws { failure, .. } => *failure,
        }
    }

    /// The AWS error code, e.g. `ResourceNotFoundException`.
    fn code(&self) -> Option<&str> {
        match &self.cause {
            Cause::Stopped => None,
            Cause::Aws { code, .. } => code.as_deref(),
        }
    }

    /// How the request ended, for the log: the error code, or what stood for one.
    pub(super) fn outcome(&self) -> &str {
        match (&self.cause, self.code()) {
            (_, Some(code)) => code,
            (Cause::Stopped, None) => "stopped",
            (Cause::Aws { failure, .. }, None) => match failure {
                Failure::Transport => "no answer",
                Failure::NotConnected => "not connected",
                Failure::Unsendable => "not sent",
                _ => "failed",
            },
        }
    }
}

/// Why a create ended without a client in hand.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The create failed, and cannot have made the client (or was not sent at all).
    #[error(transparent)]
    Failed(#[from] CallError),
    /// The create failed without a clear answer, and the pool could not be searched
    /// for the client it may have made.
    #[error(
        "{} Whether the client was created is unknown: looking for it in the pool failed{}",
        error.sentence(),
        if lookup.text == error.text { " the same way.".to_string() } else { format!(": {}", lookup.sentence()) }
    )]
    LookupFailed { error: CallError, lookup: CallError },
    /// The create failed without a clear answer, and several clients of its name
    /// were created since it started, so which one it made is unknown.
    #[error(
        "{} Whether the client was created is unknown: {count} clients named {name:?} were \
         created in the meantime.",
        error.sentence()
    )]
    SeveralCreated {
        error: CallError,
        count: usize,
        name: String,
    },
}

/// AWS's answer: `Code: message`.
pub(super) fn sdk_error_text<E, R>(error: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_string(),
        (None, Some(message)) => message.to_string(),
        (None, None) => "AWS answered with an error it did not name".to_string(),
    }
}
