//! Waiting out another update of the same client: Cognito refuses an update while
//! one is in progress (`Failure::ConcurrentModification`), and the official provider
//! keeps trying for a while with a backoff of its own rather than the retry policy's.

use std::time::Duration;

/// How long an update keeps trying while another update of the same client runs
/// (2 minutes plus 30 s of grace, as the official provider).
pub(super) const DEADLINE: Duration = Duration::from_secs(150);

/// 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s: doubling from 100 ms, floored at 500 ms and
/// capped at 10 s, as the official provider waits.
pub(super) fn waits() -> impl Iterator<Item = Duration> {
    std::iter::successors(Some(Duration::from_millis(500)), |wait| {
        Some((*wait * 2).min(Duration::from_secs(10)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_update_waits_follow_the_reference_backoff() {
        let waits: Vec<u64> = waits().take(8).map(|d| d.as_millis() as u64).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    }
}
