//! Running a client's command (Terraform, OpenTofu, Pulumi) as the tests do: a cleared
//! environment, stdin closed, stdout and stderr going to files (no pipe can fill up
//! and no reader threads are needed), and a deadline after which it is killed, so a
//! hung client or provider fails the test instead of hanging the suite.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Upper bound for one command.
pub const TIMEOUT: Duration = Duration::from_secs(300);

/// The result of one command.
pub struct Output {
    /// The command line, for messages.
    pub command: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// Wall time of the process alone (not of the checks around it).
    pub elapsed: Duration,
}

impl Output {
    /// stdout followed by stderr.
    pub fn combined(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Fails the test unless the command succeeded, showing its output through
    /// `redact`, which hides the secrets the caller knows.
    pub fn assert_succeeded(&self, redact: impl Fn(&str) -> String) {
        assert!(
            self.status.success(),
            "`{}` failed ({}):\n{}",
            self.command,
            self.status,
            redact(&self.combined())
        );
    }
}

/// One command to run.
pub struct Invocation<'a> {
    pub program: &'a Path,
    /// How the command line reads in messages (`terraform plan ...`).
    pub command: String,
    pub args: &'a [&'a str],
    pub dir: &'a Path,
    pub env: &'a [(String, String)],
    /// Where its stdout and stderr go: `<logs>.stdout` and `<logs>.stderr`.
    pub logs: &'a Path,
}

/// Runs `invocation` to its end, or kills it at [`TIMEOUT`]: `Err` then carries what it
/// printed so far (stdout followed by stderr), unredacted.
pub fn run(invocation: &Invocation) -> Result<Output, String> {
    let stdout_path = invocation.logs.with_extension("stdout");
    let stderr_path = invocation.logs.with_extension("stderr");
    let command = &invocation.command;
    let started = Instant::now();
    let mut child = Command::new(invocation.program)
        .args(invocation.args)
        .current_dir(invocation.dir)
        .env_clear()
        .envs(invocation.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).expect("create a stdout log"))
        .stderr(fs::File::create(&stderr_path).expect("create a stderr log"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run `{command}`: {e}"));
    let status = wait_with_deadline(&mut child, TIMEOUT);
    let elapsed = started.elapsed();
    let stdout = fs::read_to_string(&stdout_path).unwrap_or_default();
    let stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
    match status {
        Some(status) => Ok(Output {
            command: command.clone(),
            status,
            stdout,
            stderr,
            elapsed,
        }),
        None => Err(format!("{stdout}{stderr}")),
    }
}

/// Waits for `child`, polling until `timeout`; kills and reaps it on timeout and
/// returns `None`.
fn wait_with_deadline(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("wait for a command") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        // A millisecond, so that the measured wall time of a 50 ms command is
        // within 2 % (the benchmarks' smallest figures).
        thread::sleep(Duration::from_millis(1));
    }
}
