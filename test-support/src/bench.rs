//! What every benchmark of `scripts/bench.sh` shares: its settings from the
//! environment, the statistics it reports, and where it was measured.

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
