//! The same N clients (default 100) created with `terraform apply` and with
//! `pulumi up` (the real Pulumi CLI, YAML host and Terraform bridge, as
//! `docs/guides/pulumi.md` sets them up), in the same rounds, interleaved, against
//! one local backend: the wall time of each command, and the provider's CPU time
//! (all its processes, summed) and peak resident memory (the largest `VmHWM` among
//! them) under each client, with Pulumi's figures as ratios of Terraform's.
//!
//! The backend runs without quotas and the provider without pacing, so the figures
//! are the clients' and the provider's own cost, not AWS's rate limits. Every round
//! creates the clients in a new pool and destroys them after (not measured); the
//! first round is a discarded warm-up.
//!
//! Run with `scripts/bench.sh clients` (it builds the clients with
//! `scripts/clients.sh` when missing). Environment: `BENCH_RUNS` (measured rounds,
//! default 5), `BENCH_CLIENTS` (default 100). Progress goes to stderr; stdout is
//! only the markdown report.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Result;

use test_support::bench::{self as common, ExecutableWatch, Watched};
use test_support::blocking::Backend;
use test_support::fixture::{counted_clients, unpaced_provider};
use test_support::pulumi::Project;
use test_support::{provider_binary, Workspace};

const DEFAULT_RUNS: usize = 5;
const DEFAULT_CLIENTS: usize = 100;

/// One command's figures.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    provider: Watched,
}

fn main() -> Result<()> {
    let runs = common::runs_from_env(DEFAULT_RUNS)?;
    let n = common::positive_from_env("BENCH_CLIENTS", DEFAULT_CLIENTS)?;
    let backend = Backend::start();
    let (mut terraform, mut pulumi) = (Vec::new(), Vec::new());
    for round in 0..=runs {
        let label = if round == 0 {
            "warm-up".to_owned()
        } else {
            format!("round {round}/{runs}")
        };
        let t = terraform_apply(&backend, n)?;
        let p = pulumi_up(&backend, n)?;
        eprintln!(
            "{label}: terraform apply {:.2} s, pulumi up {:.2} s",
            t.wall.as_secs_f64(),
            p.wall.as_secs_f64()
        );
        if round > 0 {
            terraform.push(t);
            pulumi.push(p);
        }
    }
    print!("{}", report(n, &terraform, &pulumi));
    Ok(())
}

/// `terraform apply` of `n` clients in a new pool (then destroyed).
fn terraform_apply(backend: &Backend, n: usize) -> Result<Sample> {
    let pool = backend.create_user_pool("bench-terraform");
    let mut ws = Workspace::new(backend);
    ws.write_config(&format!(
        "{}{}",
        unpaced_provider(),
        counted_clients("client", n, "client", &pool)
    ));
    let watch = ExecutableWatch::start(&provider_binary())?;
    let applied = ws.apply();
    let provider = watch.finish();
    ws.destroy();
    Ok(Sample {
        wall: applied.elapsed,
        provider,
    })
}

/// `pulumi up` of the same `n` clients in a new pool (then destroyed): a YAML program
/// with one resource per client, since YAML has no loops.
fn pulumi_up(backend: &Backend, n: usize) -> Result<Sample> {
    let pool = backend.create_user_pool("bench-pulumi");
    let mut project = Project::new(backend);
    project.config_set("poolId", &pool);
    project.config_set("cognito:clientRequestsPerSecond", "0");
    project.config_set("cognito:clientRequestsPerSecondPerPool", "0");
    let mut program = String::from("config:\n  poolId:\n    type: string\nresources:\n");
    for i in 0..n {
        let _ = write!(
            program,
            "  client{i}:\n    type: cognito:CognitoUserPoolClient\n    properties:\n      \
             name: client-{i}\n      userPoolId: ${{poolId}}\n"
        );
    }
    project.write_program(&program);
    let watch = ExecutableWatch::start(&project.provider_path())?;
    let up = project.up();
    let provider = watch.finish();
    project.destroy();
    Ok(Sample {
        wall: up.elapsed,
        provider,
    })
}

/// One figure of a [`Sample`], as a number.
type Figure = fn(&Sample) -> f64;

fn report(n: usize, terraform: &[Sample], pulumi: &[Sample]) -> String {
    let median =
        |samples: &[Sample], value: Figure| common::summary(samples.iter().map(value).collect());
    let wall = |s: &Sample| s.wall.as_secs_f64();
    let cpu = |s: &Sample| s.provider.cpu.as_secs_f64() * 1000.0;
    let peak = |s: &Sample| s.provider.peak_kib as f64 / 1024.0;
    let processes = |s: &Sample| s.provider.processes as f64;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### `terraform apply` and `pulumi up` of the same {n} clients\n\n{}\
         Medians of {} rounds (min–max); the provider unpaced, the backend without quotas. \
         Ratio: Pulumi's median over Terraform's.\n",
        common::machine(),
        terraform.len()
    );
    let _ = writeln!(
        out,
        "| figure | terraform apply | pulumi up | ratio |\n|---|---|---|---|"
    );
    let rows: [(&str, Figure, &str); 4] = [
        ("wall time", wall, "s"),
        ("provider CPU time, all its processes", cpu, "ms"),
        (
            "provider peak resident memory (largest `VmHWM`)",
            peak,
            "MiB",
        ),
        ("provider processes started", processes, ""),
    ];
    for (name, value, unit) in rows {
        let (t, t_min, t_max) = median(terraform, value);
        let (p, p_min, p_max) = median(pulumi, value);
        let _ = writeln!(
            out,
            "| {name} | {t:.2} {unit} ({t_min:.2}–{t_max:.2}) | {p:.2} {unit} ({p_min:.2}–{p_max:.2}) | {:.2} |",
            p / t
        );
    }
    let (t_cpu, ..) = median(terraform, cpu);
    let (p_cpu, ..) = median(pulumi, cpu);
    let _ = writeln!(
        out,
        "\nProvider CPU per client: {:.2} ms under Terraform, {:.2} ms under Pulumi.",
        t_cpu / n as f64,
        p_cpu / n as f64
    );
    out
}
