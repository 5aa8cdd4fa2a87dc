//! The provider started out of band with `--debug`, for Terraform to reattach to
//! through `TF_REATTACH_PROVIDERS` instead of launching it: how a developer runs it
//! under a debugger, and how a benchmark watches one process serve every command.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::{provider_binary, Workspace};

/// How long the provider may take to print its reattach line.
const REATTACH_TIMEOUT: Duration = Duration::from_secs(10);

/// The freshly built provider serving with `--debug`; killed when dropped.
pub struct DebugProvider {
    child: Child,
    /// The value for `TF_REATTACH_PROVIDERS` it printed.
    reattach: String,
}

impl DebugProvider {
    /// Starts the provider with the environment of `ws`'s Terraform commands (a
    /// reattached provider reads its AWS settings from its own environment) and
    /// waits for its reattach line.
    pub fn start(ws: &Workspace) -> DebugProvider {
        let mut child = Command::new(provider_binary())
            .arg("--debug")
            .env_clear()
            .envs(ws.environment().iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the provider with --debug");
        let stdout = child.stdout.take().expect("the provider's stdout is piped");
        let (lines, received) = mpsc::channel();
        // Reads every line, so that the provider never blocks on a full pipe.
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut provider = DebugProvider {
            child,
            reattach: String::new(),
        };
        let deadline = Instant::now() + REATTACH_TIMEOUT;
        while provider.reattach.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = received.recv_timeout(left).unwrap_or_else(|_| {
                panic!("the provider printed no TF_REATTACH_PROVIDERS line within {REATTACH_TIMEOUT:?}")
            });
            if let Some(value) = line
                .trim()
                .strip_prefix("TF_REATTACH_PROVIDERS='")
                .and_then(|rest| rest.strip_suffix('\''))
            {
                provider.reattach = value.to_owned();
            }
        }
        provider
    }

    /// The value for `TF_REATTACH_PROVIDERS`.
    pub fn reattach(&self) -> &str {
        &self.reattach
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().is_ok_and(|status| status.is_none())
    }
}

impl Drop for DebugProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
