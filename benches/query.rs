//! `terraform query -generate-config-out` over a pool of N clients (200 by
//! default) with `include_resource`, under AWS's quotas as the local backend
//! enforces them, in both of its modes (`token_bucket`, `sliding_window`), with
//! the provider's default pacing: wall time against the quota floor (the calls of
//! the busiest operation at 5 per second per pool), the calls made (one
//! ListUserPoolClients page per 60 clients and one DescribeUserPoolClient per
//! client are expected) and the throttled calls. Then the generated configuration
//! is planned once: it must import the N clients and change nothing.
//!
//! Run with `scripts/bench.sh query` (Terraform 1.14 from `scripts/clients.sh`).
//! Environment: `BENCH_RUNS` (rounds per mode, default 3), `BENCH_CLIENTS` (N,
//! default 200). Progress goes to stderr; stdout is only the markdown report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use anyhow::{ensure, Result};

use test_support::backend::call_delta;
use test_support::bench::{self as common, PacedRound, OPERATION_POOL_RPS};
use test_support::blocking::Backend;
use test_support::fixture::config;
use test_support::{hcl_string, Workspace};

const DEFAULT_RUNS: usize = 3;
const DEFAULT_CLIENTS: usize = 200;
const MODES: [&str; 2] = ["token_bucket", "sliding_window"];

/// The goal: within this multiple of the quota floor.
const GOAL_FACTOR: f64 = 1.25;

/// Clients a ListUserPoolClients page holds.
const PAGE: usize = 60;

/// The least time the quotas allow a round's calls: the busiest operation's count
/// at its rate per pool.
fn floor(round: &PacedRound) -> Duration {
    let busiest = round.calls.values().copied().max().unwrap_or_default();
    Duration::from_secs_f64(busiest as f64 / OPERATION_POOL_RPS)
}

fn main() -> Result<()> {
    let runs = common::runs_from_env(DEFAULT_RUNS)?;
    let clients = common::positive_from_env("BENCH_CLIENTS", DEFAULT_CLIENTS)?;
    let backend = Backend::start();
    let pool = backend.create_user_pool("query");
    for i in 0..clients {
        backend.create_client(&pool, &format!("client-{i:04}"), |c| c);
    }
    let query = format!(
        "list \"aws_cognito_user_pool_client\" \"pool\" {{\n  provider = aws\n  include_resource = true\n  limit = {}\n  config {{\n    user_pool_id = {}\n  }}\n}}\n",
        clients * 2,
        hcl_string(&pool)
    );
    let mut out = common::machine();
    let _ = writeln!(
        out,
        "\n### `terraform query -generate-config-out` of {clients} clients with \
         `include_resource`\n\nUnder AWS's quotas counted by each mode of the local \
         backend, default pacing; wall time median (min–max) of {runs} rounds, against the \
         quota floor (the busiest operation's calls at {OPERATION_POOL_RPS} per second per \
         pool; goal {GOAL_FACTOR}×).\n\n| mode | wall | quota floor | wall ÷ floor | throttled \
         per round | calls per round |\n|---|---:|---:|---:|---|---|"
    );
    let mut last = None;
    for mode in MODES {
        backend.set_quotas(&serde_json::json!({"enabled": true, "mode": mode}));
        let mut rounds = Vec::new();
        for round in 1..=runs {
            let mut ws = Workspace::new(&backend);
            ws.write_config(&config(""));
            ws.write_file("pool.tfquery.hcl", &query);
            let (calls, throttled) = (backend.calls(), backend.throttled());
            let output = ws.run_ok(&["query", "-no-color", "-generate-config-out=generated.tf"]);
            let sample = PacedRound {
                wall: output.elapsed,
                calls: call_delta(&calls, &backend.calls()),
                throttled: call_delta(&throttled, &backend.throttled()).values().sum(),
            };
            eprintln!(
                "{mode} round {round}/{runs}: {:.1} s, {:?}, {} throttled",
                sample.wall.as_secs_f64(),
                sample.calls,
                sample.throttled
            );
            rounds.push(sample);
            last = Some(ws);
        }
        let _ = writeln!(out, "{}", report_row(mode, &rounds, clients));
    }
    backend.set_quotas(&serde_json::json!({"enabled": false}));
    let mut ws = last.expect("at least one round");
    let imports = planned_imports(&mut ws)?;
    ensure!(
        imports == clients,
        "the generated configuration imports {imports}, not {clients}"
    );
    let _ = writeln!(
        out,
        "\n`terraform plan` of the last round's generated configuration: {imports} to import, \
         0 to add, 0 to change, 0 to destroy."
    );
    print!("{out}");
    Ok(())
}

/// One mode's line of the report; the calls of each round must be the expected ones.
fn report_row(mode: &str, rounds: &[PacedRound], clients: usize) -> String {
    let walls: Vec<f64> = rounds.iter().map(|r| r.wall.as_secs_f64()).collect();
    let floor = floor(&rounds[0]).as_secs_f64();
    let (median, min, max) = common::summary(walls);
    let throttled: Vec<String> = rounds.iter().map(|r| r.throttled.to_string()).collect();
    let expected = BTreeMap::from([
        ("DescribeUserPoolClient".to_owned(), clients as u64),
        (
            "ListUserPoolClients".to_owned(),
            clients.div_ceil(PAGE) as u64,
        ),
    ]);
    let calls: Vec<String> = rounds
        .iter()
        .map(|r| match r.calls == expected {
            true => "as expected".to_owned(),
            false => format!("{:?}", r.calls),
        })
        .collect();
    format!(
        "| {mode} | {median:.1} s ({min:.1}–{max:.1}) | {floor:.1} s | {:.2}× | {} | {} |",
        median / floor,
        throttled.join(", "),
        calls.join(", ")
    )
}

/// The number of objects the workspace's plan imports; any other change is an error.
fn planned_imports(ws: &mut Workspace) -> Result<usize> {
    let plan = ws.plan();
    let changes = plan.json["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for change in &changes {
        let actions = &change["change"]["actions"];
        ensure!(
            actions == &serde_json::json!(["no-op"]) && change["change"]["importing"].is_object(),
            "{} plans {actions} instead of an import alone",
            change["address"]
        );
    }
    Ok(changes.len())
}
