//! Which failed requests are retried, and how long to wait: capped exponential
//! backoff with full jitter, except after a throttle (the pacer slows down
//! instead). Every retry is logged at debug level with its reason.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};

use super::pacing::Operation;

const FIRST_WAIT: Duration = Duration::from_millis(200);
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// Why a request failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Refused before processing (throttling): nothing happened.
    Throttled,
    /// AWS failed while handling the request: it may or may not have happened.
    ServerFault,
    /// No answer (timeout, connection error): it may or may not have happened.
    Transport,
    /// Another update of the same client was in progress.
    ConcurrentModification,
    /// Anything else: retrying would give the same answer.
    Final,
}

pub(super) fn classify<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> Failure {
    match error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            Failure::Transport
        }
        SdkError::ServiceError(_) => match error.code() {
            // Not LimitExceededException: Cognito means a resource limit by it (a
            // client's third secret, a pool's clients), which no retry lifts.
            Some("TooManyRequestsException" | "ThrottlingException") => Failure::Throttled,
            Some("InternalErrorException" | "InternalFailure" | "ServiceUnavailable") => {
                Failure::ServerFault
            }
            Some("ConcurrentModificationException") => Failure::ConcurrentModification,
            _ => Failure::Final,
        },
        _ => Failure::Final,
    }
}

/// Whether retrying cannot do harm. Every operation but Create and AddSecret is
/// idempotent (an update sends the complete configuration; deleting a deleted
/// client or secret succeeds or answers not found); those two are retried here
/// only when AWS cannot have made what they ask for.
pub fn may_retry(operation: Operation, failure: Failure) -> bool {
    match failure {
        Failure::Throttled => true,
        Failure::ServerFault | Failure::Transport => {
            !matches!(operation, Operation::Create | Operation::AddSecret)
        }
        Failure::ConcurrentModification | Failure::Final => false,
    }
}

/// The wait before retry number `retry` (1-based) after `failure`. None after a
/// throttle: the pacer, told of it, has slowed the request's limits, and the retry
/// waits for its turn there. Otherwise a backoff.
pub fn wait(failure: Failure, retry: u32) -> Duration {
    match failure {
        Failure::Throttled => Duration::ZERO,
        _ => backoff(retry),
    }
}

/// A random duration up to 200 ms × 2^(retry-1), capped at 10 s, so that
/// concurrent retries spread out.
fn backoff(retry: u32) -> Duration {
    let ceiling = FIRST_WAIT
        .saturating_mul(1 << retry.saturating_sub(1).min(16))
        .min(LONGEST_WAIT);
    let fraction = (random() % 1_000_001) as f64 / 1_000_000.0;
    ceiling.mul_f64(fraction)
}

/// A random number from the standard library's per-process random hash keys.
fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_are_retried_only_when_nothing_can_have_happened() {
        assert!(may_retry(Operation::Create, Failure::Throttled));
        assert!(!may_retry(Operation::Create, Failure::ServerFault));
        assert!(!may_retry(Operation::Create, Failure::Transport));
        assert!(!may_retry(Operation::AddSecret, Failure::ServerFault));
        assert!(may_retry(Operation::AddSecret, Failure::Throttled));
        assert!(may_retry(Operation::DeleteSecret, Failure::Transport));
        assert!(may_retry(Operation::Describe, Failure::Transport));
        assert!(may_retry(Operation::Update, Failure::ServerFault));
        assert!(!may_retry(
            Operation::Update,
            Failure::ConcurrentModification
        ));
        assert!(!may_retry(Operation::Delete, Failure::Final));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        for retry in 1..40 {
            let ceiling = Duration::from_millis(200)
                .saturating_mul(1 << (retry - 1).min(16))
                .min(Duration::from_secs(10));
            assert!(backoff(retry) <= ceiling);
        }
        let waits: Vec<Duration> = (0..50).map(|_| backoff(30)).collect();
        assert!(waits.iter().any(|w| *w != waits[0]), "jittered");
    }

    #[test]
    fn a_throttle_waits_for_the_pacer_other_failures_back_off() {
        assert_eq!(wait(Failure::Throttled, 20), Duration::ZERO);
        let waits: Vec<Duration> = (0..50).map(|_| wait(Failure::Transport, 20)).collect();
        assert!(waits.iter().any(|w| *w > Duration::ZERO), "backed off");
    }
}
