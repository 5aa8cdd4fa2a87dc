//! How long a failure that cannot heal takes to reach the user, per class, against
//! the budget the README states: `terraform apply` of one client against an
//! endpoint that fails that way (the same endpoints as `acceptance-tests/failures.rs`),
//! timed from the command's start to its exit, medians of several runs.
//!
//! Run with `scripts/bench.sh failures`. Environment: `BENCH_RUNS` (default 3).
//! Progress goes to stderr; stdout is only the markdown report.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Result;

use test_support::bench as common;
use test_support::blocking::Backend;
use test_support::fixture::{client, PROVIDER};
use test_support::hcl_string;
use test_support::unreachable::{
    closed_port, every_call_fails, tls_to_plaintext, SilentServer, UNRESOLVABLE,
};
use test_support::Workspace;

const DEFAULT_RUNS: usize = 3;

/// One failure class: its name, its budget as the README states it, the provider
/// settings and the backend's faults it needs.
struct Class {
    name: &'static str,
    budget: &'static str,
    settings: &'static str,
    faults: Option<serde_json::Value>,
    endpoint: fn(&Backend, &SilentServer) -> String,
}

fn classes() -> Vec<Class> {
    vec![
        Class {
            name: "host name does not resolve",
            budget: "at once, not retried",
            settings: "",
            faults: None,
            endpoint: |_, _| UNRESOLVABLE.to_owned(),
        },
        Class {
            name: "TLS to a plaintext port",
            budget: "at once, not retried",
            settings: "",
            faults: None,
            endpoint: |backend, _| tls_to_plaintext(backend),
        },
        Class {
            name: "connection refused",
            budget: "retried for up to 10 s",
            settings: "",
            faults: None,
            endpoint: |_, _| closed_port(),
        },
        Class {
            name: "accepts, never answers (create, then the lookup for it)",
            budget: "10 s per attempt, no retry past 10 s; a create adds its lookup",
            settings: "",
            faults: None,
            endpoint: |_, silent| silent.url(),
        },
        Class {
            name: "connection dropped before an answer (create)",
            budget:
                "a create is not resent blind: its lookup, then the create again, up to max_retries",
            settings: "  max_retries = 3\n",
            faults: Some(every_call_fails("drop", &["CreateUserPoolClient"])),
            endpoint: |backend, _| backend.url(),
        },
        Class {
            name: "HTTP 500 on every create",
            budget: "max_retries (here 3) backoffs of up to 10 s",
            settings: "  max_retries = 3\n",
            faults: Some(every_call_fails(
                "internal_error",
                &["CreateUserPoolClient"],
            )),
            endpoint: |backend, _| backend.url(),
        },
    ]
}

fn main() -> Result<()> {
    let runs = common::runs_from_env(DEFAULT_RUNS)?;
    let backend = Backend::start();
    let pool = backend.create_user_pool("failures");
    let silent = SilentServer::start();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### A failing `terraform apply` of one client, by failure class\n\n{}Median of {runs} \
         runs (min–max), from the command's start to its exit, Terraform's own start \
         included.\n\n| failure | budget | time |\n|---|---|---|",
        common::machine()
    );
    for class in classes() {
        let mut times = Vec::new();
        for run in 1..=runs {
            backend.set_faults(class.faults.as_ref().unwrap_or(&serde_json::json!({})));
            let mut ws = Workspace::new(&backend);
            ws.write_config(&format!(
                "{}{}",
                PROVIDER.replace(
                    "provider \"aws\" {}",
                    &format!(
                        "provider \"aws\" {{\n{}  endpoints {{\n    cognitoidp = {}\n  }}\n}}",
                        class.settings,
                        hcl_string(&(class.endpoint)(&backend, &silent))
                    ),
                ),
                client(
                    "app",
                    &format!("  name = \"app\"\n  user_pool_id = {}", hcl_string(&pool)),
                )
            ));
            let output = ws.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
            anyhow::ensure!(
                !output.status.success(),
                "{}: the apply succeeded",
                class.name
            );
            eprintln!(
                "{} run {run}: {:.2} s",
                class.name,
                output.elapsed.as_secs_f64()
            );
            times.push(output.elapsed.as_secs_f64());
        }
        let (median, min, max) = common::summary(times);
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            class.name,
            class.budget,
            seconds(median, min, max)
        );
    }
    backend.set_faults(&serde_json::json!({}));
    print!("{out}");
    Ok(())
}

fn seconds(median: f64, min: f64, max: f64) -> String {
    format!(
        "{:.2} s ({:.2}–{:.2})",
        Duration::from_secs_f64(median).as_secs_f64(),
        min,
        max
    )
}
