//! The provider lives no longer than the process that launched it.
//!
//! go-plugin clients end a plugin with the controller's Shutdown and then kill it, but
//! a client that exits without doing so leaves it running under init for good: Pulumi's
//! Terraform bridge does that on every command (it never closes the providers it
//! starts, and the engine's SIGINT to the process group is ignored here, as go-plugin
//! servers ignore it so that Ctrl-C cannot abort an apply). So the provider watches its
//! parent and, once that is gone, shuts down as on Shutdown: the calls in flight get
//! the shutdown grace to finish, and nobody is left to answer after that.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// How often the parent is looked at: the provider ends within this plus the
/// shutdown grace of its launcher's exit.
const CHECK_INTERVAL: Duration = Duration::from_millis(500);

/// Cancels `shutdown` once the process that launched this one has exited, and returns
/// when `shutdown` is cancelled either way. Where the parent cannot be known (not on
/// Unix), it only waits for `shutdown`.
pub async fn shutdown_when_gone(shutdown: CancellationToken) {
    let Some(launcher) = parent_id() else {
        return shutdown.cancelled().await;
    };
    let mut interval = tokio::time::interval(CHECK_INTERVAL);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = shutdown.cancelled() => return,
        }
        // A process whose parent exits is handed to init (or the nearest subreaper):
        // its parent id changes, and never back.
        if parent_id() != Some(launcher) {
            tracing::warn!(
                launcher,
                "the process that launched the provider has exited without shutting it down; shutting down"
            );
            shutdown.cancel();
            return;
        }
    }
}

#[cfg(unix)]
fn parent_id() -> Option<u32> {
    Some(std::os::unix::process::parent_id())
}

#[cfg(not(unix))]
fn parent_id() -> Option<u32> {
    None
}
