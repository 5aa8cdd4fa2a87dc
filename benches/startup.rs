//! Start-up cost of the provider, measured the way Terraform pays it.
//!
//! Terraform launches a provider 3-4 times per plan/apply, so exec → handshake and the
//! memory of an idle process matter more than steady-state throughput. Every figure is
//! taken from a fresh process launched exactly as go-plugin does (see
//! `test_support::plugin`), and a trivial process launched in the same loop gives a
//! baseline so that results from different machines can be compared as ratios.
//!
//! Run with `scripts/bench.sh`, which builds the release binary and points
//! `TF_PROVIDER_BINARY` at it. Environment:
//! - `BENCH_RUNS`: measured runs per subject (default 20; one extra warm-up is discarded).
//! - `BENCH_REFERENCE_PROVIDER`: optional path to a Go protocol-5 provider (e.g.
//!   HashiCorp's terraform-provider-aws) to measure alongside, for comparison.
//!
//! Progress goes to stderr; stdout is only the markdown report.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context as _, Result};
use terraform_provider_aws::proto::tfplugin6::get_provider_schema;
use test_support::bench as common;
use test_support::plugin::{self, Options, Plugin, Spawned};

const DEFAULT_RUNS: usize = 20;

/// One launch of the provider under test.
struct ProviderRun {
    handshake: Duration,
    connect: Duration,
    first_schema_rpc: Duration,
    shutdown: Duration,
    rss_handshake_kib: u64,
    rss_schema_kib: u64,
}

/// One launch of a reference provider: only what every go-plugin server offers.
struct ReferenceRun {
    handshake: Duration,
    connect: Duration,
    rss_handshake_kib: u64,
}

fn main() -> Result<()> {
    let runs = common::runs_from_env(DEFAULT_RUNS)?;
    let binary = test_support::provider_binary();
    let reference = std::env::var_os("BENCH_REFERENCE_PROVIDER").map(PathBuf::from);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let report = measure(runs, &binary, reference.as_deref()).await?;
        print!("{report}");
        Ok(())
    })
}

/// Interleaves baseline, provider and reference runs so that drift in machine load
/// affects all subjects alike; the first round warms caches and is discarded.
async fn measure(runs: usize, binary: &Path, reference: Option<&Path>) -> Result<String> {
    let size = std::fs::metadata(binary)
        .with_context(|| format!("provider binary {}", binary.display()))?
        .len();
    let (mut baseline, mut provider, mut reference_runs) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..=runs {
        eprint!("\rround {round}/{runs}");
        let b = baseline_run().await?;
        let p = provider_run(binary).await?;
        let r = match reference {
            Some(path) => Some(reference_run(path).await?),
            None => None,
        };
        if round > 0 {
            baseline.push(b);
            provider.push(p);
            reference_runs.extend(r);
        }
    }
    eprintln!();
    let reference = reference.map(|path| (path, reference_runs.as_slice()));
    Ok(report(binary, size, &baseline, &provider, reference))
}

/// exec → first stdout line of a process that does nothing else: the floor that
/// fork/exec, the dynamic loader and the pipe impose on any plugin.
async fn baseline_run() -> Result<Duration> {
    let mut command = Command::new("sh");
    command.args(["-c", "echo x"]);
    let mut spawned = Spawned::spawn(command)?;
    let (line, elapsed) = spawned.first_line(Duration::from_secs(10)).await?;
    ensure!(line == "x", "baseline printed {line:?}");
    spawned.child.wait()?;
    Ok(elapsed)
}

async fn provider_run(binary: &Path) -> Result<ProviderRun> {
    let options = Options {
        binary: binary.to_path_buf(),
        ..Options::default()
    };
    let mut plugin = Plugin::launch(options).await?;
    let rss_handshake_kib = common::status_kib(plugin.pid(), "VmRSS:")?;
    // What Terraform does next: connect with mTLS, then ask for the schema.
    let connect = timed(plugin.connect(&plugin::Presented::EnvCert)).await?.1;
    let request = get_provider_schema::Request {};
    let first_schema_rpc = timed(plugin.provider().get_provider_schema(request))
        .await?
        .1;
    let rss_schema_kib = common::status_kib(plugin.pid(), "VmRSS:")?;
    let outcome = plugin.shutdown_and_wait().await?;
    ensure!(
        outcome.status.success(),
        "provider exited with {}",
        outcome.status
    );
    Ok(ProviderRun {
        handshake: plugin.startup(),
        connect,
        first_schema_rpc,
        shutdown: outcome.elapsed,
        rss_handshake_kib,
        rss_schema_kib,
    })
}

/// A go-plugin server that speaks protocol 5, so only the go-plugin parts are timed.
async fn reference_run(binary: &Path) -> Result<ReferenceRun> {
    let options = Options {
        binary: binary.to_path_buf(),
        app_version: "5".to_string(),
        ..Options::default()
    };
    let mut plugin = Plugin::launch(options).await?;
    let rss_handshake_kib = common::status_kib(plugin.pid(), "VmRSS:")?;
    let connect = timed(plugin.connect(&plugin::Presented::EnvCert)).await?.1;
    plugin.shutdown_and_wait().await?;
    Ok(ReferenceRun {
        handshake: plugin.startup(),
        connect,
        rss_handshake_kib,
    })
}

/// Runs `future` and returns its output with how long it took.
async fn timed<T, E>(future: impl Future<Output = Result<T, E>>) -> Result<(T, Duration), E> {
    let start = Instant::now();
    let output = future.await?;
    Ok((output, start.elapsed()))
}

// ---------------------------------------------------------------------------
// Statistics and report
// ---------------------------------------------------------------------------

fn millis(d: &Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: &u64) -> f64 {
    *kib as f64 / 1024.0
}

/// One table row; `baseline` (a median) adds the ratio column for time rows.
fn row(label: &str, values: Vec<f64>, unit: &str, baseline: Option<f64>) -> String {
    let (median, min, max) = common::summary(values);
    let ratio = baseline.map_or_else(|| "—".to_string(), |b| format!("{:.1}×", median / b));
    format!("| {label} | {median:.2} {unit} | {min:.2} {unit} | {max:.2} {unit} | {ratio} |\n")
}

fn report(
    binary: &Path,
    size: u64,
    baseline: &[Duration],
    provider: &[ProviderRun],
    reference: Option<(&Path, &[ReferenceRun])>,
) -> String {
    let base = common::summary(baseline.iter().map(millis).collect()).0;
    let ms = |f: fn(&ProviderRun) -> &Duration| provider.iter().map(|r| millis(f(r))).collect();
    let kib = |f: fn(&ProviderRun) -> &u64| provider.iter().map(|r| mib(f(r))).collect();
    let mut out = format!(
        "### Start-up ({} runs each, median of interleaved runs)\n\n{}\n\
         Binary: `{}`, {:.2} MiB on disk.\n\n\
         | measurement | median | min | max | median ÷ baseline |\n|---|---:|---:|---:|---:|\n",
        provider.len(),
        common::machine(),
        binary.display(),
        size as f64 / (1024.0 * 1024.0),
    );
    let total = |r: &ProviderRun| millis(&(r.handshake + r.connect + r.first_schema_rpc));
    out += &row(
        "baseline: exec → first stdout line of `sh -c 'echo x'`",
        baseline.iter().map(millis).collect(),
        "ms",
        Some(base),
    );
    out += &row(
        "exec → handshake line",
        ms(|r| &r.handshake),
        "ms",
        Some(base),
    );
    out += &row(
        "mTLS connect (after the handshake)",
        ms(|r| &r.connect),
        "ms",
        None,
    );
    out += &row(
        "first GetProviderSchema round trip",
        ms(|r| &r.first_schema_rpc),
        "ms",
        None,
    );
    out += &row(
        "exec → first GetProviderSchema reply (sum of the three above)",
        provider.iter().map(total).collect(),
        "ms",
        Some(base),
    );
    out += &row(
        "GRPCController.Shutdown → process exit",
        ms(|r| &r.shutdown),
        "ms",
        None,
    );
    out += &row(
        "VmRSS after handshake",
        kib(|r| &r.rss_handshake_kib),
        "MiB",
        None,
    );
    out += &row(
        "VmRSS after GetProviderSchema",
        kib(|r| &r.rss_schema_kib),
        "MiB",
        None,
    );
    if let Some((path, runs)) = reference {
        out += &reference_rows(path, runs, base);
    }
    out
}

/// Rows for the comparison provider, labelled with its file name.
fn reference_rows(path: &Path, runs: &[ReferenceRun], base: f64) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ms = |f: fn(&ReferenceRun) -> &Duration| runs.iter().map(|r| millis(f(r))).collect();
    let rss = runs.iter().map(|r| mib(&r.rss_handshake_kib)).collect();
    let mut out = row(
        &format!("reference `{name}`: exec → handshake line"),
        ms(|r| &r.handshake),
        "ms",
        Some(base),
    );
    out += &row(
        &format!("reference `{name}`: mTLS connect"),
        ms(|r| &r.connect),
        "ms",
        None,
    );
    out += &row(
        &format!("reference `{name}`: VmRSS after handshake"),
        rss,
        "MiB",
        None,
    );
    out
}
