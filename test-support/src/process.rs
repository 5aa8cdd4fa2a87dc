//! Processes by id, read from `/proc`: whether one still runs, and waiting for it to
//! end. A process that exited but that nobody reaped yet (a zombie, as an orphan
//! handed to an init that reaps late can be) has ended: it holds no memory, sockets
//! or files any more.

use std::fs;
use std::thread;
use std::time::{Duration, Instant};

/// How often [`wait_for_exit`] looks.
const POLL: Duration = Duration::from_millis(20);

/// True while process `pid` exists and has not exited.
pub fn is_running(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (comm) S ...`: the state follows the last `)`, since comm may hold any.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, Some("Z" | "X") | None)
}

/// Waits until process `pid` has ended, at most `timeout`; returns how long that
/// took, or `None` if it still runs.
pub fn wait_for_exit(pid: u32, timeout: Duration) -> Option<Duration> {
    let started = Instant::now();
    loop {
        if !is_running(pid) {
            return Some(started.elapsed());
        }
        if started.elapsed() >= timeout {
            return None;
        }
        thread::sleep(POLL);
    }
}

/// Sends signal `name` (`INT`, `KILL`, ...) to process `pid` with kill(1); true when
/// it was delivered.
pub fn signal(pid: u32, name: &str) -> bool {
    std::process::Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .is_ok_and(|status| status.success())
}

/// Kills process `pid` if it still runs (for a test's clean-up after a failure).
pub fn kill(pid: u32) {
    if is_running(pid) {
        signal(pid, "KILL");
    }
}

/// Every running process whose environment holds `name=value` (readable for the
/// processes of this user).
pub fn with_environment(name: &str, value: &str) -> Vec<u32> {
    let wanted = format!("{name}={value}");
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environ| {
                environ
                    .split(|byte| *byte == 0)
                    .any(|entry| entry == wanted.as_bytes())
            })
        })
        .filter(|pid| is_running(*pid))
        .collect()
}

/// The executable of process `pid`, for messages.
pub fn executable(pid: u32) -> String {
    fs::read_link(format!("/proc/{pid}/exe"))
        .map_or_else(|_| "<exited>".to_owned(), |path| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_runs_until_it_is_killed_and_reaped_or_not() {
        let marker = format!("{}-sleep", std::process::id());
        let mut child = std::process::Command::new("sleep")
            .arg("60")
            .env("PROCESS_TEST_MARKER", &marker)
            .spawn()
            .expect("start sleep");
        let pid = child.id();
        assert!(is_running(pid));
        // `spawn` may return before the child's exec: until then /proc shows the
        // parent's environment. Wait for the exec, as a readiness check.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while with_environment("PROCESS_TEST_MARKER", &marker).is_empty()
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(with_environment("PROCESS_TEST_MARKER", &marker), [pid]);
        assert!(executable(pid).ends_with("sleep"), "{}", executable(pid));
        assert!(is_running(std::process::id()));
        kill(pid);
        // Killed but not reaped yet: a zombie, which has ended.
        assert!(wait_for_exit(pid, Duration::from_secs(10)).is_some());
        assert!(with_environment("PROCESS_TEST_MARKER", &marker).is_empty());
        child.wait().expect("reap sleep");
        assert!(!is_running(pid));
    }
}
