//! StopProvider's signal. It cancels the operations running when Terraform asks the
//! provider to stop, and only those: a provider Terraform reattaches to (`--debug`)
//! serves later commands too, and Terraform's plugin SDK resets its stop the same way.

use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct StopSignal {
    current: Mutex<CancellationToken>,
}

impl StopSignal {
    /// The token of an operation starting now, cancelled by the next [`stop`](Self::stop).
    pub fn token(&self) -> CancellationToken {
        self.lock().clone()
    }

    /// Cancels the operations running now; the ones that start later get a fresh token.
    pub fn stop(&self) {
        let mut current = self.lock();
        current.cancel();
        *current = CancellationToken::new();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CancellationToken> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_cancels_running_operations_only() {
        let signal = StopSignal::default();
        let running = signal.token();
        signal.stop();
        let later = signal.token();
        assert!(running.is_cancelled());
        assert!(!later.is_cancelled());
    }
}
