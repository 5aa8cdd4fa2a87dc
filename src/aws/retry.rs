//! Which failed requests are retried, and how long to wait: capped exponential
//! backoff with full jitter, except after a throttle (the pacer slows down
//! instead). Throttles and server faults are retried up to `max_retries` times;
//! a refused connection or a request without an answer only within
//! [`TRANSPORT_BUDGET`]; what cannot heal (a host name that does not resolve, a
//! failed TLS handshake) not at all. Every retry is logged at debug level with its
//! reason.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};

use super::pacing::Operation;
use super::transport;

const FIRST_WAIT: Duration = Duration::from_millis(200);
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// How long an operation goes on retrying requests that got no answer (refused
/// connections, timeouts, dropped connections), from its start: a network that
/// does not come back within seconds is not coming back for this command.
pub const TRANSPORT_BUDGET: Duration = Duration::from_secs(10);

/// Why a request failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Refused before processing (throttling): nothing happened.
    Throttled,
    /// AWS failed while handling the request: it may or may not have happened.
    ServerFault,
    /// No answer (timeout, connection broken after sending): it may or may not
    /// have happened.
    Transport,
    /// No connection (refused, or failed while connecting): nothing was sent.
    NotConnected,
    /// Cannot be sent and never will (a host name that does not resolve, a failed
    /// TLS handshake, a request that cannot be built): nothing was sent.
    Unsendable,
    /// Another update of the same client was in progress.
    ConcurrentModification,
    /// Anything else: retrying would give the same answer.
    Final,
}

pub(super) fn classify<E, R>(error: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    if let Some(no_answer) = transport::diagnose(error) {
        return match (no_answer.was_not_sent(), no_answer.may_heal()) {
            (_, false) => Failure::Unsendable,
            (true, true) => Failure::NotConnected,
            (false, true) => Failure::Transport,
        };
    }
    match error {
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
        Failure::Throttled | Failure::NotConnected => true,
        Failure::ServerFault | Failure::Transport => {
            !matches!(operation, Operation::Create | Operation::AddSecret)
        }
        Failure::ConcurrentModification | Failure::Unsendable | Failure::Final => false,
    }
}

/// Whether another retry after `failure` stays within its limit: `max_retries` for
/// throttles and server faults, and [`TRANSPORT_BUDGET`] too, from the operation's
/// start (`elapsed`) to the end of the wait, for requests without an answer.
pub fn within_limits(
    failure: Failure,
    retries: u32,
    max_retries: u32,
    elapsed: Duration,
    wait: Duration,
) -> bool {
    let budget = match failure {
        Failure::NotConnected | Failure::Transport => elapsed + wait <= TRANSPORT_BUDGET,
        _ => true,
    };
    retries < max_retries && budget
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
        assert!(
            may_retry(Operation::Create, Failure::NotConnected),
            "nothing was sent"
        );
        assert!(!may_retry(Operation::Describe, Failure::Unsendable));
        assert!(may_retry(Operation::Describe, Failure::Transport));
        assert!(may_retry(Operation::Update, Failure::ServerFault));
        assert!(!may_retry(
            Operation::Update,
            Failure::ConcurrentModification
        ));
        assert!(!may_retry(Operation::Delete, Failure::Final));
    }

    #[test]
    fn requests_without_an_answer_are_retried_within_seconds_others_max_retries_times() {
        let second = Duration::from_secs(1);
        assert!(within_limits(Failure::Transport, 3, 25, 8 * second, second));
        assert!(!within_limits(
            Failure::Transport,
            3,
            25,
            9 * second,
            2 * second
        ));
        assert!(!within_limits(
            Failure::NotConnected,
            3,
            25,
            10 * second,
            second / 5
        ));
        assert!(within_limits(
            Failure::ServerFault,
            24,
            25,
            100 * second,
            second
        ));
        assert!(!within_limits(Failure::ServerFault, 25, 25, second, second));
        assert!(!within_limits(
            Failure::Transport,
            0,
            0,
            Duration::ZERO,
            Duration::ZERO
        ));
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
