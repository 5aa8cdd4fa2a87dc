//! Scale and faults (issue 4): hundreds of clients at AWS's request-rate quotas,
//! exactly-once creation under injected faults, and the number of API calls each
//! operation costs.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::json;

use test_support::backend::call_delta;
use test_support::blocking::Backend;
use test_support::fixture::{
    client_resources, counted_clients, string, unpaced_provider, Fixture, TYPE,
};
use test_support::terraform::Output;
use test_support::{hcl_string, Workspace};

/// AWS's quota per operation and user pool, the one that binds when every client
/// is in one pool: the floor of a phase is its calls of one operation at this rate.
const OPERATION_POOL_RPS: u32 = 5;

/// A phase may take at most this multiple of its quota floor (the bound),
/// Terraform's own work around the API calls included.
const FLOOR_FACTOR: f64 = 1.25;

/// The backend's two ways of counting requests against a quota (`mode` of its
/// quotas control): token buckets holding a second's worth, and a sliding
/// one-second window of arrival times, which a provider pacing at exactly the
/// quota's spacing trips over.
const TOKEN_BUCKET: &str = "token_bucket";
const SLIDING_WINDOW: &str = "sliding_window";

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(op, n)| (op.to_string(), *n)).collect()
}

/// What one Terraform command cost: its wall time and the backend's counters.
struct Phase {
    elapsed: Duration,
    calls: BTreeMap<String, u64>,
    throttled: BTreeMap<String, u64>,
}

/// Runs one Terraform command through `run` (which judges its exit status) and
/// measures its wall time and the API calls it made.
fn measure(
    backend: &Backend,
    ws: &mut Workspace,
    run: impl FnOnce(&mut Workspace) -> Output,
) -> (Phase, Output) {
    let (calls, throttled) = (backend.calls(), backend.throttled());
    let output = run(ws);
    let phase = Phase {
        elapsed: output.elapsed,
        calls: call_delta(&calls, &backend.calls()),
        throttled: call_delta(&throttled, &backend.throttled()),
    };
    (phase, output)
}

/// The checks of one quota-paced phase whose `rounds` run one after the other,
/// each its calls of one operation: no error, no throttled call, exactly those
/// calls (one per client and round), and a wall time within the bound of the
/// rounds' quota floors added up.
fn check_paced_phase(name: &str, phase: &Phase, output: &Output, rounds: &[(&str, u64)]) {
    assert!(
        !output.combined().contains("Error"),
        "{name}: `{}` reported an error:\n{}",
        output.command,
        output.combined()
    );
    let throttled: u64 = phase.throttled.values().sum();
    assert_eq!(
        throttled, 0,
        "{name}: the quotas throttled {throttled} calls ({:?}): the provider's pacing does not \
         keep to AWS's quotas",
        phase.throttled
    );
    assert_eq!(
        phase.calls,
        counts(rounds),
        "{name}: the calls made, one per client and round"
    );
    let calls: u64 = rounds.iter().map(|(_, n)| n).sum();
    let floor = Duration::from_secs(calls / u64::from(OPERATION_POOL_RPS));
    let bound = floor.mul_f64(FLOOR_FACTOR);
    assert!(
        phase.elapsed <= bound,
        "{name} took {:.1} s; the quota floor is {} s, the bound {:.1} s",
        phase.elapsed.as_secs_f64(),
        floor.as_secs(),
        bound.as_secs_f64()
    );
    eprintln!(
        "{name}: {:.1} s (floor {} s, bound {:.1} s), throttled {throttled}",
        phase.elapsed.as_secs_f64(),
        floor.as_secs(),
        bound.as_secs_f64()
    );
}

/// 200 clients in one pool against AWS's quotas counted by token buckets, with
/// the provider's default pacing (see [`quota_paced_apply_refresh_destroy`]).
#[test]
fn quota_paced_apply_refresh_destroy_of_200_clients() {
    quota_paced_apply_refresh_destroy(TOKEN_BUCKET);
}

/// The same against quotas counted in a sliding window of arrival times: a request
/// leaves only a second after the answer to the one a quota before it, so no
/// second of arrivals holds more than the quota, whatever the jitter.
#[test]
fn quota_paced_apply_refresh_destroy_of_200_clients_in_a_sliding_window() {
    quota_paced_apply_refresh_destroy(SLIDING_WINDOW);
}

/// 200 clients in one pool against AWS's quotas counted in `mode`, with the
/// provider's default pacing: apply, refresh and destroy each run at the quota's
/// speed (within 1.25 times the floor of their calls at 5 per second: 200 calls,
/// destroy's refresh and deletes 400) with exactly one call per client and round,
/// none throttled.
fn quota_paced_apply_refresh_destroy(mode: &str) {
    const CLIENTS: u64 = 200;
    let mut f = Fixture::new();
    let applied = f
        .backend
        .set_quotas(&json!({"enabled": true, "mode": mode}));
    assert_eq!(
        applied,
        json!({"enabled": true, "category_rps": 15, "operation_pool_rps": 5, "mode": mode})
    );
    // The default provider block: AWS's quotas are the provider's default pacing.
    f.write(&counted_clients("c", CLIENTS as usize, "c", &f.pool));

    // Terraform's default parallelism, spelled out.
    let (phase, output) = measure(&f.backend, &mut f.ws, |ws| {
        ws.apply_with(&["-parallelism=10"])
    });
    check_paced_phase(
        "apply",
        &phase,
        &output,
        &[("CreateUserPoolClient", CLIENTS)],
    );
    let remote = f.backend.list_clients(&f.pool);
    let names: BTreeSet<String> = remote
        .iter()
        .filter_map(|c| c.client_name.clone())
        .collect();
    let wanted: BTreeSet<String> = (0..CLIENTS).map(|i| format!("c-{i}")).collect();
    assert_eq!(
        remote.len(),
        CLIENTS as usize,
        "clients in the backend after apply"
    );
    assert_eq!(names, wanted, "the clients' names after apply");

    // A refresh: one DescribeUserPoolClient per client, and nothing to change. (A
    // plain plan: Terraform 1.10 and 1.11 exit 2 from `plan -refresh-only
    // -detailed-exitcode` even when the refresh changed nothing, hashicorp/terraform
    // issues 36403 and 37406.)
    let (phase, output) = measure(&f.backend, &mut f.ws, |ws| {
        let (code, output) = ws.plan_with(&[]);
        assert_eq!(code, 0, "the plan has changes:\n{}", output.combined());
        output
    });
    check_paced_phase(
        "refresh",
        &phase,
        &output,
        &[("DescribeUserPoolClient", CLIENTS)],
    );

    // A destroy as users run it: its refresh, then the deletes.
    let (phase, output) = measure(&f.backend, &mut f.ws, |ws| ws.destroy());
    check_paced_phase(
        "destroy",
        &phase,
        &output,
        &[
            ("DescribeUserPoolClient", CLIENTS),
            ("DeleteUserPoolClient", CLIENTS),
        ],
    );
    assert_eq!(
        f.backend.list_clients(&f.pool).len(),
        0,
        "clients left after destroy"
    );
}

/// One apply of 30 clients while 10% of the calls fail in every way AWS and the
/// network can fail (the seed is fixed): it succeeds, and creates each client
/// exactly once, even where a create was processed but its answer lost.
#[test]
fn faults_ten_percent_apply_converges_exactly_once() {
    const CLIENTS: usize = 30;
    let mut f = Fixture::new();
    f.ws.write_config(&format!(
        "{}{}",
        unpaced_provider(),
        counted_clients("f", CLIENTS, "f", &f.pool)
    ));
    f.backend.set_faults(&json!({
        "rate": 0.1,
        "kinds": ["throttle", "internal_error", "internal_error_after", "drop", "drop_after"],
        "seed": 42
    }));
    let output = f.ws.apply();
    f.backend.set_faults(&json!({}));
    assert!(
        !output.combined().contains("Error"),
        "the apply reported an error:\n{}",
        output.combined()
    );

    let injected = f.backend.injected();
    eprintln!(
        "faults injected: {injected:?}; calls: {:?}",
        f.backend.calls()
    );
    // With seed 42 the 2nd call (a create: the apply makes no other call before
    // its first answer) is processed and then answered 500.
    assert!(
        injected
            .get("CreateUserPoolClient")
            .is_some_and(|n| *n >= 1),
        "no create got a fault: {injected:?}"
    );

    let remote = f.backend.list_clients(&f.pool);
    let mut names: Vec<String> = remote
        .iter()
        .map(|c| c.client_name.clone().unwrap_or_default())
        .collect();
    names.sort();
    let mut wanted: Vec<String> = (0..CLIENTS).map(|i| format!("f-{i}")).collect();
    wanted.sort();
    assert_eq!(
        names, wanted,
        "the pool's clients: each configured name exactly once"
    );

    let remote_ids: BTreeSet<String> = remote.iter().filter_map(|c| c.client_id.clone()).collect();
    let state = client_resources(&f.ws.show_json());
    assert_eq!(state.len(), CLIENTS, "clients in state");
    let state_ids: BTreeSet<String> = state.iter().map(|(_, v)| string(v, "id")).collect();
    assert_eq!(
        state_ids, remote_ids,
        "the ids in state are those of the pool's clients"
    );
    for (address, values) in &state {
        let index = address
            .rsplit_once('[')
            .and_then(|(_, i)| i.trim_end_matches(']').parse::<usize>().ok())
            .unwrap_or_else(|| panic!("an indexed address: {address}"));
        let id = string(values, "id");
        let remote_name = remote
            .iter()
            .find(|c| c.client_id.as_deref() == Some(&id))
            .and_then(|c| c.client_name.clone());
        assert_eq!(
            remote_name,
            Some(format!("f-{index}")),
            "{address} holds the id of its own client"
        );
    }

    f.ws.assert_no_changes();
}

/// What each operation costs in API calls: create, read, update, delete and
/// import one call each (import: ImportResourceState needs none for an id, the
/// read after it one Describe), and a refresh one Describe per client.
#[test]
fn calls_per_operation() {
    let mut f = Fixture::new();
    let provider = unpaced_provider();
    let one = |name: &str| {
        format!(
            "{provider}\nresource \"{TYPE}\" \"test\" {{\n  name         = {}\n  user_pool_id = {}\n}}\n",
            hcl_string(name),
            hcl_string(&f.pool)
        )
    };
    let phase = |label: &str, ws: &mut Workspace, run: &dyn Fn(&mut Workspace)| {
        let before = f.backend.calls();
        run(ws);
        let calls = call_delta(&before, &f.backend.calls());
        eprintln!("{label}: {calls:?}");
        calls
    };

    f.ws.write_config(&one("calls"));
    let create = phase("create", &mut f.ws, &|ws| {
        ws.apply();
    });
    assert_eq!(create, counts(&[("CreateUserPoolClient", 1)]), "create");

    let read = phase("read", &mut f.ws, &|ws| ws.assert_no_changes());
    assert_eq!(read, counts(&[("DescribeUserPoolClient", 1)]), "read");

    // -refresh=false: the update alone, without the refresh measured above.
    f.ws.write_config(&one("calls-renamed"));
    let update = phase("update", &mut f.ws, &|ws| {
        ws.apply_with(&["-refresh=false"]);
    });
    assert_eq!(update, counts(&[("UpdateUserPoolClient", 1)]), "update");

    let state = client_resources(&f.ws.show_json());
    let id = format!(
        "{}/{}",
        string(&state[0].1, "user_pool_id"),
        string(&state[0].1, "id")
    );
    let mut fresh = Workspace::new(&f.backend);
    fresh.copy_files_from(&f.ws.dir());
    let import = phase("import", &mut fresh, &|ws| {
        ws.import(&format!("{TYPE}.test"), &id);
    });
    assert_eq!(import, counts(&[("DescribeUserPoolClient", 1)]), "import");

    let delete = phase("delete", &mut f.ws, &|ws| {
        ws.destroy_with(&["-refresh=false"]);
    });
    assert_eq!(delete, counts(&[("DeleteUserPoolClient", 1)]), "delete");

    f.ws.write_config(&format!(
        "{provider}{}",
        counted_clients("three", 3, "three", &f.pool)
    ));
    let create3 = phase("create three", &mut f.ws, &|ws| {
        ws.apply();
    });
    assert_eq!(create3, counts(&[("CreateUserPoolClient", 3)]), "create");
    let refresh = phase("no-op plan", &mut f.ws, &|ws| ws.assert_no_changes());
    assert_eq!(
        refresh,
        counts(&[("DescribeUserPoolClient", 3)]),
        "a no-op plan reads each client once and does nothing else"
    );
}
