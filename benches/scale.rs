//! Apply, refresh-plan and destroy of N clients, next to the two floors that bound
//! what any provider can do (issue 4):
//!
//! - Terraform's own floor: the same commands on N instances of the built-in
//!   `terraform_data` resource, which needs no plugin and no API call. It is
//!   measured twice: as the issue defines it (a short `input`), and with `input`
//!   padded so that the state file is as large as the provider's. Terraform
//!   rewrites the whole state file after every resource it changes, so its own
//!   cost grows with the size of each instance's state, which the resource's schema
//!   fixes; the padded run is that cost without any provider.
//! - The backend's floor: the API calls the provider made in that phase (read from
//!   the backend's counters), made directly by a load generator with Terraform's
//!   default concurrency of 10.
//!
//! The backend runs without quotas and the provider without pacing, so the figures
//! are the provider's own overhead, not AWS's rate limits. Every subject runs in the
//! same rounds, interleaved, and the first round is a discarded warm-up.
//!
//! A last pass at the largest N reattaches Terraform to one provider process
//! started with `--debug`, so that its peak resident memory (`VmHWM`) over apply,
//! plan and destroy can be read (with every command served by that one process, it
//! bounds what each of the processes Terraform launches itself holds), and so that
//! the CPU time of each phase can be split between Terraform, the provider and the
//! backend: everything runs on this machine's few cores, so their sum bounds the
//! wall time from below.
//!
//! With `BENCH_QUOTAS` set, the bench measures the pacing instead: the backend
//! enforces AWS's quotas, counted the way it names (`token_bucket` or
//! `sliding_window`, see `backend/cognito_backend.py`), the provider paces with its
//! defaults, and the report gives, per N and command, the wall time against the
//! quota floor (the command's calls at 5 per second: destroy's refresh and deletes
//! are two rounds), the throttled calls and the calls per client and round. Every
//! round counts: the quotas' floor, not a cache, bounds these times.
//!
//! Run with `scripts/bench.sh scale`. Environment:
//! - `BENCH_RUNS`: measured rounds (default 5).
//! - `BENCH_SIZES`: comma-separated client counts (default `1,100,1000`).
//! - `BENCH_QUOTAS`: the quotas' mode, for the pacing figures (default: unset, no
//!   quotas).
//!
//! Progress goes to stderr; stdout is only the markdown report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _, Result};
use futures::{StreamExt as _, TryStreamExt as _};

use test_support::backend::{call_delta, REGION};
use test_support::bench::{self as common, CpuClock, PacedRound, OPERATION_POOL_RPS};
use test_support::blocking::Backend;
use test_support::fixture::{counted_clients, unpaced_provider, PROVIDER};
use test_support::reattach::DebugProvider;
use test_support::Workspace;

const DEFAULT_RUNS: usize = 5;
const DEFAULT_SIZES: &[usize] = &[1, 100, 1000];

/// Terraform's default `-parallelism`, and so the load generator's concurrency.
const CONCURRENCY: usize = 10;

/// The issue's goal: plan and apply within this multiple of the larger floor.
const GOAL_FACTOR: f64 = 1.3;

/// The issue's goal for the provider's peak resident memory at the largest N.
const GOAL_PEAK_MIB: f64 = 50.0;

/// The three Terraform commands measured, in the order they run.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Phase {
    /// `terraform apply` from an empty state.
    Apply,
    /// `terraform plan` of the applied configuration: a refresh and no change.
    Plan,
    /// `terraform destroy`, with its refresh.
    Destroy,
}

const PHASES: [Phase; 3] = [Phase::Apply, Phase::Plan, Phase::Destroy];

impl Phase {
    fn args(self) -> &'static [&'static str] {
        match self {
            Phase::Apply => &["apply", "-auto-approve", "-input=false", "-no-color"],
            Phase::Plan => &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
            Phase::Destroy => &["destroy", "-auto-approve", "-input=false", "-no-color"],
        }
    }

    /// What Terraform prints when the command did its whole job for `n` instances,
    /// so that a run that quietly did less is not measured as a fast one.
    fn summary(self, n: usize) -> String {
        match self {
            Phase::Apply => format!("Resources: {n} added, 0 changed, 0 destroyed."),
            Phase::Plan => "No changes.".to_owned(),
            Phase::Destroy => format!("Resources: {n} destroyed."),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Phase::Apply => "apply",
            Phase::Plan => "refresh-plan",
            Phase::Destroy => "destroy",
        }
    }
}

/// What was measured for one N and phase, one entry per round.
#[derive(Default)]
struct Samples {
    provider: Vec<Duration>,
    terraform_data: Vec<Duration>,
    terraform_data_sized: Vec<Duration>,
    backend_floor: Vec<Duration>,
    /// The API calls the provider made, per operation (the same in every round).
    calls: BTreeMap<String, u64>,
}

impl Samples {
    /// Adds one round; the provider must have made the same calls in every round.
    fn add(&mut self, round: RoundSample) -> Result<()> {
        ensure!(
            self.provider.is_empty() || self.calls == round.calls,
            "the provider's calls changed between rounds: {:?}, then {:?}",
            self.calls,
            round.calls
        );
        self.provider.push(round.provider);
        self.terraform_data.push(round.terraform_data);
        self.terraform_data_sized.push(round.terraform_data_sized);
        self.backend_floor.push(round.backend_floor);
        self.calls = round.calls;
        Ok(())
    }
}

fn main() -> Result<()> {
    let runs = common::runs_from_env(DEFAULT_RUNS)?;
    let sizes = sizes_from_env()?;
    if let Ok(mode) = std::env::var("BENCH_QUOTAS") {
        return quota_bench(runs, &sizes, &mode);
    }
    let backend = Backend::start();
    let pool = backend.create_user_pool("bench");
    let padding = state_padding(&backend, &pool)?;
    eprintln!("terraform_data input padded by {padding} characters to the provider's state size");
    let mut subjects: Vec<Subjects> = sizes
        .iter()
        .map(|&n| Subjects::new(&backend, &pool, n, padding))
        .collect();
    let mut samples: BTreeMap<(usize, Phase), Samples> = BTreeMap::new();
    for round in 0..=runs {
        for subject in &mut subjects {
            eprintln!("round {round}/{runs}: N = {}", subject.n);
            let measured = subject.round(&backend, &pool)?;
            if round == 0 {
                continue;
            }
            for (phase, round_sample) in measured {
                samples
                    .entry((subject.n, phase))
                    .or_default()
                    .add(round_sample)?;
            }
        }
    }
    let largest = *sizes.iter().max().context("no sizes")?;
    let clock = CpuClock::new()?;
    let reattached = (0..runs)
        .map(|round| {
            eprintln!("reattached provider {}/{runs}: N = {largest}", round + 1);
            reattached_run(&backend, &pool, largest, &clock)
        })
        .collect::<Result<Vec<_>>>()?;
    print!("{}", report(runs, padding, &samples, largest, &reattached));
    Ok(())
}

fn sizes_from_env() -> Result<Vec<usize>> {
    match std::env::var("BENCH_SIZES") {
        Err(_) => Ok(DEFAULT_SIZES.to_vec()),
        Ok(text) => text
            .split(',')
            .map(|n| {
                n.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .with_context(|| format!("BENCH_SIZES: {n:?} is not a positive count"))
            })
            .collect(),
    }
}

/// One round's figures of one phase.
struct RoundSample {
    provider: Duration,
    terraform_data: Duration,
    terraform_data_sized: Duration,
    backend_floor: Duration,
    calls: BTreeMap<String, u64>,
}

/// The Terraform workspaces of one N, kept across rounds (each round ends with a
/// destroy, so every round starts from an empty state).
struct Subjects {
    n: usize,
    provider: Workspace,
    terraform_data: Workspace,
    terraform_data_sized: Workspace,
}

impl Subjects {
    fn new(backend: &Backend, pool: &str, n: usize, padding: usize) -> Subjects {
        let workspace = |config: String| {
            let ws = Workspace::new(backend);
            ws.write_config(&config);
            ws
        };
        Subjects {
            n,
            provider: workspace(provider_config(pool, n)),
            terraform_data: workspace(terraform_data_config(n, 0)),
            terraform_data_sized: workspace(terraform_data_config(n, padding)),
        }
    }

    /// Runs every phase once for each subject: provider, both `terraform_data`
    /// floors, then the load generator replaying the provider's calls.
    fn round(&mut self, backend: &Backend, pool: &str) -> Result<Vec<(Phase, RoundSample)>> {
        let mut created = Vec::new();
        PHASES
            .into_iter()
            .map(|phase| {
                let before = backend.calls();
                let provider = run_phase(&mut self.provider, phase, self.n)?;
                let calls = call_delta(&before, &backend.calls());
                let terraform_data = run_phase(&mut self.terraform_data, phase, self.n)?;
                let terraform_data_sized =
                    run_phase(&mut self.terraform_data_sized, phase, self.n)?;
                let backend_floor = replay(backend, pool, &calls, &mut created)?;
                Ok((
                    phase,
                    RoundSample {
                        provider,
                        terraform_data,
                        terraform_data_sized,
                        backend_floor,
                        calls,
                    },
                ))
            })
            .collect()
    }
}

fn provider_config(pool: &str, n: usize) -> String {
    format!(
        "{}{}",
        unpaced_provider(),
        counted_clients("c", n, "c", pool)
    )
}

/// `n` instances of `terraform_data` whose `input` (copied to `output` in state)
/// is the instance's name followed by `padding` characters.
fn terraform_data_config(n: usize, padding: usize) -> String {
    let pad = if padding == 0 {
        String::new()
    } else {
        format!("-{}", "x".repeat(padding - 1))
    };
    format!(
        "resource \"terraform_data\" \"c\" {{\n  count = {n}\n  input = \"c-${{count.index}}{pad}\"\n}}\n"
    )
}

/// How many characters `terraform_data`'s input needs so that each instance takes
/// as many bytes of state as one client does. Measured on one instance of each:
/// the input is stored twice (`input` and `output`), hence half the difference.
fn state_padding(backend: &Backend, pool: &str) -> Result<usize> {
    let state_size = |config: String| -> Result<u64> {
        let mut ws = Workspace::new(backend);
        ws.write_config(&config);
        run_phase(&mut ws, Phase::Apply, 1)?;
        let size = std::fs::metadata(ws.dir().join("terraform.tfstate"))?.len();
        run_phase(&mut ws, Phase::Destroy, 1)?;
        Ok(size)
    };
    let client = state_size(provider_config(pool, 1))?;
    let plain = state_size(terraform_data_config(1, 0))?;
    Ok((client.saturating_sub(plain) / 2) as usize)
}

/// Runs one phase's command and returns the wall time of the Terraform process.
/// Only exit status 0 (for the plan, `-detailed-exitcode`: no change) and the
/// summary of the whole job count as success.
fn run_phase(ws: &mut Workspace, phase: Phase, n: usize) -> Result<Duration> {
    let output = ws.run(phase.args());
    if output.status.code() != Some(0) || !output.stdout.contains(&phase.summary(n)) {
        bail!(
            "`{}` failed ({}):\n{}",
            output.command,
            output.status,
            ws.redact(&output.combined())
        );
    }
    Ok(output.elapsed)
}

/// The operations the load generator can replay, in the order it makes them:
/// creates, then reads (Terraform's refresh walk), then deletes (its apply walk).
const REPLAYED: [&str; 3] = [
    "CreateUserPoolClient",
    "DescribeUserPoolClient",
    "DeleteUserPoolClient",
];

/// The backend's floor of one phase: the same calls the provider made, made
/// directly, `CONCURRENCY` at a time. `created` carries the load generator's own
/// clients from the create phase to the phases that read and delete them.
fn replay(
    backend: &Backend,
    pool: &str,
    calls: &BTreeMap<String, u64>,
    created: &mut Vec<String>,
) -> Result<Duration> {
    if let Some(other) = calls.keys().find(|op| !REPLAYED.contains(&op.as_str())) {
        bail!("the provider called {other}, which the load generator does not replay");
    }
    let count = |operation: &str| calls.get(operation).copied().unwrap_or(0) as usize;
    let (creates, reads, deletes) = (count(REPLAYED[0]), count(REPLAYED[1]), count(REPLAYED[2]));
    ensure!(
        (reads == 0 || reads == created.len() + creates)
            && (deletes == 0 || deletes == created.len() + creates),
        "the provider's calls {calls:?} do not fit the {} clients of the load generator",
        created.len()
    );
    let client = backend.sdk(REGION);
    let started = Instant::now();
    let ids = concurrently(backend, 0..creates, |i| {
        let request = client
            .create_user_pool_client()
            .user_pool_id(pool)
            .client_name(format!("floor-{i}"));
        async move {
            let answer = request.send().await?;
            answer
                .user_pool_client
                .and_then(|c| c.client_id)
                .context("CreateUserPoolClient returned no id")
        }
    })?;
    created.extend(ids);
    let reads = created.iter().take(reads);
    concurrently(backend, reads, |id| {
        let request = client
            .describe_user_pool_client()
            .user_pool_id(pool)
            .client_id(id);
        async move { Ok(request.send().await.map(drop)?) }
    })?;
    let deleted: Vec<String> = created.drain(..deletes).collect();
    concurrently(backend, deleted, |id| {
        let request = client
            .delete_user_pool_client()
            .user_pool_id(pool)
            .client_id(id);
        async move { Ok(request.send().await.map(drop)?) }
    })?;
    Ok(started.elapsed())
}

/// Runs `call` on every item, at most `CONCURRENCY` at a time, on the backend's
/// SDK runtime; the first error ends the run.
fn concurrently<T, R, F, Fut>(
    backend: &Backend,
    items: impl IntoIterator<Item = T>,
    call: F,
) -> Result<Vec<R>>
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = Result<R>>,
{
    backend.block_on(
        futures::stream::iter(items)
            .map(call)
            .buffer_unordered(CONCURRENCY)
            .try_collect(),
    )
}

// ---------------------------------------------------------------------------
// The pacing pass: the commands under the backend's quotas
// ---------------------------------------------------------------------------

impl Phase {
    /// How many calls per client the command makes, one operation after another.
    fn rounds(self) -> u32 {
        match self {
            Phase::Apply | Phase::Plan => 1,
            Phase::Destroy => 2,
        }
    }

    /// The least time the quotas allow the command for `n` clients.
    fn quota_floor(self, n: usize) -> Duration {
        Duration::from_secs_f64(f64::from(self.rounds()) * n as f64 / OPERATION_POOL_RPS)
    }
}

/// Apply, plan and destroy of each N in `runs` rounds against the backend's
/// quotas counted in `mode`, with the provider's default pacing; prints the report.
fn quota_bench(runs: usize, sizes: &[usize], mode: &str) -> Result<()> {
    let backend = Backend::start();
    backend.set_quotas(&serde_json::json!({"enabled": true, "mode": mode}));
    let pool = backend.create_user_pool("bench");
    let mut samples: BTreeMap<(usize, Phase), Vec<PacedRound>> = BTreeMap::new();
    for round in 1..=runs {
        for &n in sizes {
            eprintln!("quotas {mode}, round {round}/{runs}: N = {n}");
            let ws = &mut Workspace::new(&backend);
            ws.write_config(&format!(
                "{PROVIDER}{}",
                counted_clients("c", n, "c", &pool)
            ));
            for phase in PHASES {
                let (calls, throttled) = (backend.calls(), backend.throttled());
                let wall = run_phase(ws, phase, n)?;
                let sample = PacedRound {
                    wall,
                    calls: call_delta(&calls, &backend.calls()),
                    throttled: call_delta(&throttled, &backend.throttled()).values().sum(),
                };
                samples.entry((n, phase)).or_default().push(sample);
            }
        }
    }
    print!("{}", quota_report(runs, mode, &samples));
    Ok(())
}

fn quota_report(
    runs: usize,
    mode: &str,
    samples: &BTreeMap<(usize, Phase), Vec<PacedRound>>,
) -> String {
    let mut out = common::machine();
    let _ = writeln!(
        out,
        "\nUnder AWS's quotas counted by `{mode}`, the provider's default pacing; wall time \
         median (min–max) of {runs} rounds against the quota floor (calls at \
         {OPERATION_POOL_RPS} per second per operation and pool; destroy: its refresh and its \
         deletes), throttled calls in each round, and calls per client and round (throttled \
         ones included) in the round with the most.\n"
    );
    let _ = writeln!(
        out,
        "| N | command | wall | quota floor | wall ÷ floor | throttled per round | calls per \
         client and round |"
    );
    let _ = writeln!(out, "|---:|---|---:|---:|---:|---|---|");
    for ((n, phase), rounds) in samples {
        let walls: Vec<Duration> = rounds.iter().map(|r| r.wall).collect();
        let floor = phase.quota_floor(*n);
        let throttled: Vec<String> = rounds.iter().map(|r| r.throttled.to_string()).collect();
        let most = rounds
            .iter()
            .max_by_key(|r| r.calls.values().sum::<u64>())
            .map(|r| &r.calls);
        let per_client = most
            .into_iter()
            .flatten()
            .map(|(op, count)| format!("{op} {}", *count as f64 / *n as f64))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| {n} | {} | {} | {} | {:.2}× | {} | {per_client} |",
            phase.name(),
            spread(&walls),
            seconds(floor),
            ratio(median(&walls), floor),
            throttled.join(", "),
        );
    }
    out
}

// ---------------------------------------------------------------------------
// The reattached pass: peak memory and CPU time per process
// ---------------------------------------------------------------------------

/// CPU time of one phase, per process, next to its wall time.
#[derive(Clone, Copy)]
struct CpuSample {
    wall: Duration,
    /// Terraform's own (it launches no provider when reattached).
    terraform: Duration,
    provider: Duration,
    backend: Duration,
    /// The backend's CPU time for the same calls made by the load generator.
    backend_direct: Duration,
}

struct ReattachedRun {
    peak_kib: u64,
    cpu: Vec<(Phase, CpuSample)>,
}

/// Apply, plan and destroy of `n` clients, all served by one provider process that
/// Terraform reattaches to: the process's peak resident memory, and each phase's
/// CPU time by process (then the load generator's replay of the phase's calls, for
/// the backend's CPU time without the provider).
fn reattached_run(
    backend: &Backend,
    pool: &str,
    n: usize,
    clock: &CpuClock,
) -> Result<ReattachedRun> {
    let mut ws = Workspace::new(backend);
    ws.write_config(&provider_config(pool, n));
    let provider = DebugProvider::start(&ws);
    ws.set_env("TF_REATTACH_PROVIDERS", provider.reattach());
    let mut created = Vec::new();
    let mut cpu = Vec::new();
    for phase in PHASES {
        let (before_calls, terraform0, provider0, backend0) = (
            backend.calls(),
            clock.reaped_children()?,
            clock.process(provider.pid())?,
            clock.process(backend.pid())?,
        );
        let wall = run_phase(&mut ws, phase, n)?;
        let (terraform1, provider1, backend1) = (
            clock.reaped_children()?,
            clock.process(provider.pid())?,
            clock.process(backend.pid())?,
        );
        let calls = call_delta(&before_calls, &backend.calls());
        replay(backend, pool, &calls, &mut created)?;
        let backend2 = clock.process(backend.pid())?;
        cpu.push((
            phase,
            CpuSample {
                wall,
                terraform: terraform1.saturating_sub(terraform0),
                provider: provider1.saturating_sub(provider0),
                backend: backend1.saturating_sub(backend0),
                backend_direct: backend2.saturating_sub(backend1),
            },
        ));
    }
    Ok(ReattachedRun {
        peak_kib: common::status_kib(provider.pid(), "VmHWM:")?,
        cpu,
    })
}

// ---------------------------------------------------------------------------
// Statistics and report
// ---------------------------------------------------------------------------

/// The median of durations (see [`common::summary`]).
fn median(samples: &[Duration]) -> Duration {
    Duration::from_secs_f64(common::summary(samples.iter().map(Duration::as_secs_f64).collect()).0)
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// `median (min–max)` of the samples.
fn spread(samples: &[Duration]) -> String {
    let (min, max) = (
        samples.iter().min().copied().unwrap_or_default(),
        samples.iter().max().copied().unwrap_or_default(),
    );
    format!(
        "{} ({:.2}–{:.2})",
        seconds(median(samples)),
        min.as_secs_f64(),
        max.as_secs_f64()
    )
}

fn ratio(subject: Duration, floor: Duration) -> f64 {
    subject.as_secs_f64() / floor.as_secs_f64()
}

fn mib(kib: f64) -> f64 {
    kib / 1024.0
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

fn report(
    runs: usize,
    padding: usize,
    samples: &BTreeMap<(usize, Phase), Samples>,
    largest: usize,
    reattached: &[ReattachedRun],
) -> String {
    let mut out = common::machine();
    out.push('\n');
    wall_times(&mut out, runs, padding, samples, largest);
    calls(&mut out, samples);
    cpu_times(&mut out, largest, reattached);
    peak_memory(&mut out, largest, reattached);
    out
}

fn wall_times(
    out: &mut String,
    runs: usize,
    padding: usize,
    samples: &BTreeMap<(usize, Phase), Samples>,
    largest: usize,
) {
    let _ = writeln!(
        out,
        "Wall time per command, median (min–max) of {runs} rounds. The goal (apply and plan \
         at N = {largest} within {GOAL_FACTOR}× the larger floor) is judged against the \
         issue's floors: `terraform_data` with a short input, and the load generator. The \
         last columns compare with `terraform_data` whose input is {padding} characters \
         longer, so that each instance takes as many bytes of state as a client.\n"
    );
    let _ = writeln!(
        out,
        "| N | command | provider | Terraform's floor (`terraform_data`) | backend's floor (load \
         generator) | provider ÷ larger floor | goal | `terraform_data` at the provider's state \
         size | provider ÷ larger of it and the backend's floor |"
    );
    let _ = writeln!(out, "|---:|---|---:|---:|---:|---:|---|---:|---:|");
    for ((n, phase), s) in samples {
        let provider = median(&s.provider);
        let backend = median(&s.backend_floor);
        let issue_ratio = ratio(provider, median(&s.terraform_data).max(backend));
        let sized_ratio = ratio(provider, median(&s.terraform_data_sized).max(backend));
        let goal = match phase {
            Phase::Apply | Phase::Plan if *n == largest => verdict(issue_ratio <= GOAL_FACTOR),
            _ => "—",
        };
        let _ = writeln!(
            out,
            "| {n} | {} | {} | {} | {} | {issue_ratio:.2}× | {goal} | {} | {sized_ratio:.2}× |",
            phase.name(),
            spread(&s.provider),
            spread(&s.terraform_data),
            spread(&s.backend_floor),
            spread(&s.terraform_data_sized),
        );
    }
}

fn calls(out: &mut String, samples: &BTreeMap<(usize, Phase), Samples>) {
    let _ = writeln!(
        out,
        "\nAPI calls the provider made per command (the backend's counters, the same in every \
         round), and per client:\n"
    );
    let _ = writeln!(out, "| N | command | calls | per client |");
    let _ = writeln!(out, "|---:|---|---|---|");
    for ((n, phase), s) in samples {
        let list = |per: f64| {
            s.calls
                .iter()
                .map(|(op, count)| format!("{op} {}", *count as f64 / per))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| {n} | {} | {} | {} |",
            phase.name(),
            list(1.0),
            list(*n as f64)
        );
    }
}

fn cpu_times(out: &mut String, largest: usize, reattached: &[ReattachedRun]) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(
        out,
        "\nCPU time per process at N = {largest}, Terraform reattached to one provider process, \
         median of {} runs. Everything shares this machine's {cores} cores, so the sum of the \
         three processes' CPU time ÷ {cores} bounds the wall time from below. The last column \
         is the backend's CPU time for the same calls made by the load generator.\n",
        reattached.len()
    );
    let _ = writeln!(
        out,
        "| command | wall | Terraform CPU | provider CPU | backend CPU | sum ÷ {cores} cores | \
         backend CPU, load generator |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for phase in PHASES {
        let figures: Vec<CpuSample> = reattached
            .iter()
            .filter_map(|run| run.cpu.iter().find(|(p, _)| *p == phase).map(|(_, c)| *c))
            .collect();
        let pick =
            |f: fn(&CpuSample) -> Duration| median(&figures.iter().map(f).collect::<Vec<_>>());
        let sum = figures
            .iter()
            .map(|c| (c.terraform + c.provider + c.backend) / cores as u32)
            .collect::<Vec<_>>();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            phase.name(),
            seconds(pick(|c| c.wall)),
            seconds(pick(|c| c.terraform)),
            seconds(pick(|c| c.provider)),
            seconds(pick(|c| c.backend)),
            seconds(median(&sum)),
            seconds(pick(|c| c.backend_direct)),
        );
    }
}

fn peak_memory(out: &mut String, largest: usize, reattached: &[ReattachedRun]) {
    let (peak, min, max) =
        common::summary(reattached.iter().map(|run| run.peak_kib as f64).collect());
    let _ = writeln!(
        out,
        "\nPeak resident memory (`VmHWM`) of one provider process serving apply, plan and \
         destroy of {largest} clients, median of {} runs: {:.1} MiB (min {:.1}, max {:.1}); \
         goal < {GOAL_PEAK_MIB} MiB: {}.",
        reattached.len(),
        mib(peak),
        mib(min),
        mib(max),
        verdict(mib(peak) < GOAL_PEAK_MIB),
    );
}
