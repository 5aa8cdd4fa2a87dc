//! What every benchmark of `scripts/bench.sh` shares: its settings from the
//! environment, the statistics it reports, and where it was measured.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{ensure, Context as _, Result};

/// `BENCH_RUNS`: how many measured runs (or rounds) a benchmark makes.
pub fn runs_from_env(default: usize) -> Result<usize> {
    positive_from_env("BENCH_RUNS", default)
}

/// A positive count from the environment variable `name`, or `default` when unset.
pub fn positive_from_env(name: &str, default: usize) -> Result<usize> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(text) => {
            let value: usize = text
                .parse()
                .with_context(|| format!("{name} must be a number"))?;
            ensure!(value > 0, "{name} must be at least 1");
            Ok(value)
        }
    }
}

/// Median, minimum and maximum of a non-empty sample.
pub fn summary(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    (median, values[0], values[n - 1])
}

/// A `kB` field of `/proc/PID/status` of a live process, e.g. `VmRSS:` (resident
/// now) or `VmHWM:` (the peak resident set).
pub fn status_kib(pid: u32, field: &str) -> Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("read {path}"))?;
    let value = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .with_context(|| format!("no {field} line in {path}"))?;
    value
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .with_context(|| format!("{field} in {path} is not a number of kB"))
}

/// CPU, core count and kernel, so that a pasted table says where it was measured.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "Machine: {cpu}, {cores} logical CPUs, Linux {}.\n",
        kernel.trim()
    )
}

/// Reads user plus system CPU time from `/proc`.
pub struct CpuClock {
    ticks_per_second: f64,
}

impl CpuClock {
    pub fn new() -> Result<CpuClock> {
        let output = std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .context("run `getconf CLK_TCK`")?;
        let ticks: f64 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .context("`getconf CLK_TCK` printed no number")?;
        Ok(CpuClock {
            ticks_per_second: ticks,
        })
    }

    /// `utime + stime` of a running process.
    pub fn process(&self, pid: u32) -> Result<Duration> {
        self.stat_fields(&format!("/proc/{pid}/stat"), 14, 15)
    }

    /// `cutime + cstime` of this process: its children that have exited and been
    /// waited for, i.e. the Terraform commands run so far.
    pub fn reaped_children(&self) -> Result<Duration> {
        self.stat_fields("/proc/self/stat", 16, 17)
    }

    /// The sum of two 1-based fields of a `stat` file, in seconds.
    fn stat_fields(&self, path: &str, first: usize, second: usize) -> Result<Duration> {
        let stat = std::fs::read_to_string(path).with_context(|| format!("read {path}"))?;
        // Field 2, the command name, may hold spaces; field 3 follows its ')'.
        let after_name = stat
            .rsplit_once(')')
            .with_context(|| format!("no command name in {path}"))?
            .1;
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let field = |n: usize| -> Result<f64> {
            fields
                .get(n - 3)
                .and_then(|v| v.parse().ok())
                .with_context(|| format!("no field {n} in {path}"))
        };
        Ok(Duration::from_secs_f64(
            (field(first)? + field(second)?) / self.ticks_per_second,
        ))
    }
}

/// How often [`ExecutableWatch`] looks at the processes.
const WATCH_INTERVAL: Duration = Duration::from_millis(10);

/// Watches, until [`finish`](Self::finish), every process that runs one executable
/// (the provider, however many times a client launches it and whoever its parent
/// is): each one's CPU time and peak resident memory as last seen. A process is seen
/// every 10 ms until it exits, so its CPU time lacks at most what it spent in its
/// last 10 ms, which for a provider is its exit.
pub struct ExecutableWatch {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<BTreeMap<u32, (Duration, u64)>>,
}

/// What an [`ExecutableWatch`] saw.
#[derive(Clone, Copy, Debug)]
pub struct Watched {
    /// How many processes ran the executable.
    pub processes: usize,
    /// Their CPU time (user and system), summed.
    pub cpu: Duration,
    /// The largest peak resident set (`VmHWM`) among them, in KiB.
    pub peak_kib: u64,
}

impl ExecutableWatch {
    pub fn start(executable: &Path) -> Result<ExecutableWatch> {
        let executable = executable
            .canonicalize()
            .with_context(|| format!("resolve {}", executable.display()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let mut seen = BTreeMap::new();
            while !stopping.load(Ordering::SeqCst) {
                for pid in running(&executable) {
                    let cpu = cpu_time(pid);
                    let peak = status_kib(pid, "VmHWM:");
                    if let (Ok(cpu), Ok(peak)) = (cpu, peak) {
                        seen.insert(pid, (cpu, peak));
                    }
                }
                thread::sleep(WATCH_INTERVAL);
            }
            seen
        });
        Ok(ExecutableWatch { stop, thread })
    }

    /// Stops watching; call it once the processes have exited.
    pub fn finish(self) -> Watched {
        self.stop.store(true, Ordering::SeqCst);
        let seen = self.thread.join().unwrap_or_default();
        Watched {
            processes: seen.len(),
            cpu: seen.values().map(|(cpu, _)| *cpu).sum(),
            peak_kib: seen.values().map(|(_, peak)| *peak).max().unwrap_or(0),
        }
    }
}

/// The time process `pid` has spent on a CPU, to the nanosecond
/// (`/proc/PID/schedstat`; `/proc/PID/stat` counts in 10 ms ticks, too coarse for a
/// provider process that lives a second).
fn cpu_time(pid: u32) -> Result<Duration> {
    let path = format!("/proc/{pid}/schedstat");
    let text = std::fs::read_to_string(&path).with_context(|| format!("read {path}"))?;
    let nanos: u64 = text
        .split_whitespace()
        .next()
        .and_then(|field| field.parse().ok())
        .with_context(|| format!("no CPU time in {path}"))?;
    Ok(Duration::from_nanos(nanos))
}

/// The processes whose executable is `executable`.
fn running(executable: &PathBuf) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == *executable)
        })
        .collect()
}

/// AWS's quota per operation and user pool, the one that binds with every client
/// in one pool: the quota floor of a command is its busiest operation at this rate.
pub const OPERATION_POOL_RPS: f64 = 5.0;

/// One round of one command under the backend's quotas: its wall time, the calls
/// it made (by operation) and how many of them were throttled.
pub struct PacedRound {
    pub wall: Duration,
    pub calls: BTreeMap<String, u64>,
    pub throttled: u64,
}
