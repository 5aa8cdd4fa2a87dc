//! Failures that cannot heal, through the real CLI: a region that is not one, an
//! endpoint whose host does not resolve, a closed port, a server that never answers,
//! TLS against a plaintext server, HTTP 500s and dropped connections. Each ends in
//! one readable error (what was being done, what failed in plain words, what to
//! check; never the SDK's debug structures), leaves nothing half-made, and says "not
//! created" unless a request really went out unanswered. What cannot heal is not
//! retried (checked in the provider's debug log); how long each class takes against
//! its budget is a bench figure (`scripts/bench.sh failures`), not asserted here.

use test_support::blocking::Backend;
use test_support::checks::{contains_text, normalize};
use test_support::fixture::{client, config, PROVIDER};
use test_support::unreachable::{
    closed_port, every_call_fails, tls_to_plaintext, SilentServer, UNRESOLVABLE,
};
use test_support::{hcl_string, Workspace};

/// What no message may hold: the SDK's error types printed as debug structures.
const DEBUG_STRUCTURES: &[&str] = &["DispatchFailure(", "ConnectorError {", "Custom {", "Os {"];

/// The provider block pointing at `endpoint`, unpaced, with `settings` added.
fn provider(endpoint: &str, settings: &str) -> String {
    PROVIDER.replace(
        "provider \"aws\" {}",
        &format!(
            "provider \"aws\" {{\n  client_requests_per_second          = 0\n  \
             client_requests_per_second_per_pool = 0\n{settings}\n  endpoints {{\n    \
             cognitoidp = {}\n  }}\n}}",
            hcl_string(endpoint)
        ),
    )
}

fn named_client(pool: &str) -> String {
    client(
        "app",
        &format!(
            "  name         = \"app\"\n  user_pool_id = {}",
            hcl_string(pool)
        ),
    )
}

/// The error output of a command that must fail: readable, with `expected` in it
/// exactly once, and none of [`DEBUG_STRUCTURES`].
fn readable_failure(ws: &mut Workspace, args: &[&str], expected: &[&str]) -> String {
    let output = ws.run_expect_failure(args);
    for structure in DEBUG_STRUCTURES {
        assert!(!output.contains(structure), "{structure} in:\n{output}");
    }
    for text in expected {
        assert!(contains_text(&output, text), "{text:?} missing:\n{output}");
    }
    let first = normalize(expected[0]);
    assert_eq!(
        normalize(&output).matches(&first).count(),
        1,
        "{first:?} must be said once:\n{output}"
    );
    output
}

/// Nothing half-made: no client in the pool, and none in the state.
fn nothing_created(backend: &Backend, pool: &str, ws: &mut Workspace) {
    assert!(
        backend.list_clients(pool).is_empty(),
        "a client was created"
    );
    assert!(
        ws.state_resource("aws_cognito_user_pool_client.app")
            .is_none(),
        "the state records a client"
    );
}

/// How many requests the provider retried, from its debug log.
fn retries_logged(log: &str) -> usize {
    log.lines()
        .filter(|l| l.contains("retrying request"))
        .count()
}

const APPLY: &[&str] = &["apply", "-auto-approve", "-input=false", "-no-color"];
const PLAN: &[&str] = &["plan", "-input=false", "-no-color"];

#[test]
fn regions_that_are_not_regions_are_refused_at_plan_time() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("regions");
    let mut ws = Workspace::new(&backend);
    let pool_hcl = hcl_string(&pool);

    // The first reproduction: a typo in a resource's region.
    ws.write_config(&config(&client(
        "app",
        &format!("  name = \"app\"\n  user_pool_id = {pool_hcl}\n  region = \"eu-wst-1\""),
    )));
    let output = readable_failure(
        &mut ws,
        PLAN,
        &["Invalid AWS Region", "Did you mean \"eu-west-1\"?"],
    );
    assert!(contains_text(&output, "skip_region_validation"), "{output}");

    // The second: a secret and a clients data source in that region.
    ws.write_config(&config(&format!(
        "\ndata \"aws_cognito_user_pool_clients\" \"all\" {{\n  user_pool_id = {pool_hcl}\n  \
         region = \"eu-wst-1\"\n}}\n\nresource \"aws_cognito_user_pool_client_secret\" \"s\" {{\n  \
         user_pool_id = {pool_hcl}\n  client_id = \"abc\"\n  region = \"eu-wst-1\"\n}}\n"
    )));
    let output = ws.run_expect_failure(PLAN);
    assert_eq!(
        normalize(&output)
            .matches("Did you mean \"eu-west-1\"?")
            .count(),
        2,
        "one error for each:\n{output}"
    );

    // A name of the wrong shape, in the provider block and in an ephemeral resource.
    let with_region = |provider_region: &str| {
        format!(
            "{}{}",
            PROVIDER.replace(
                "provider \"aws\" {}",
                &format!("provider \"aws\" {{\n  region = \"{provider_region}\"\n}}"),
            ),
            named_client(&pool)
        )
    };
    ws.write_config(&with_region("EU_WEST"));
    readable_failure(
        &mut ws,
        PLAN,
        &[
            "is not an AWS region name",
            "\"us-east-1\" or \"eu-west-1\"",
        ],
    );
    ws.write_config(&config(&format!(
        "\nephemeral \"aws_cognito_user_pool_client\" \"e\" {{\n  user_pool_id = {pool_hcl}\n  \
         client_id = \"abc\"\n  region = \"eu west 1\"\n}}\n"
    )));
    readable_failure(&mut ws, PLAN, &["is not an AWS region name"]);

    // The provider's own region, unknown; then allowed with skip_region_validation.
    ws.write_config(&with_region("eu-wst-1"));
    readable_failure(&mut ws, PLAN, &["Did you mean \"eu-west-1\"?"]);
    ws.write_config(&format!(
        "{}{}",
        PROVIDER.replace(
            "provider \"aws\" {}",
            "provider \"aws\" {\n  region                 = \"ap-mars-1\"\n  \
             skip_region_validation = true\n}",
        ),
        client(
            "app",
            &format!("  name = \"app\"\n  user_pool_id = {pool_hcl}\n  region = \"eu-mars-2\""),
        )
    ));
    assert_eq!(
        ws.plan_detailed_exitcode(),
        2,
        "used as given:\n{}",
        ws.transcript()
    );
}

/// The reproduction at its root: a host name that does not resolve fails at once,
/// is never retried, and says that nothing was created.
#[test]
fn a_host_that_does_not_resolve_fails_at_once() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("dns");
    let mut ws = Workspace::new(&backend);
    let log = ws.log_to_file("debug");
    ws.write_config(&format!(
        "{}{}",
        provider(UNRESOLVABLE, ""),
        named_client(&pool)
    ));
    let output = readable_failure(
        &mut ws,
        APPLY,
        &[
            "cannot resolve the host name cognito-idp.eu-west-1.invalid, so the request was not sent",
            "creating Cognito User Pool Client (app)",
            "Check the region",
        ],
    );
    assert!(!contains_text(&output, "unknown"), "{output}");
    let log = std::fs::read_to_string(log).expect("the debug log");
    assert_eq!(
        retries_logged(&log),
        0,
        "a name that does not resolve is not retried"
    );
    nothing_created(&backend, &pool, &mut ws);

    // A plan that reads (a data source, a secret's room check) fails the same way.
    let pool_hcl = hcl_string(&pool);
    ws.write_config(&format!(
        "{}\ndata \"aws_cognito_user_pool_clients\" \"all\" {{\n  user_pool_id = {pool_hcl}\n}}\n",
        provider(UNRESOLVABLE, "")
    ));
    readable_failure(
        &mut ws,
        PLAN,
        &["cannot resolve the host name cognito-idp.eu-west-1.invalid"],
    );
}

#[test]
fn tls_against_a_plaintext_server_fails_at_once() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("tls");
    let mut ws = Workspace::new(&backend);
    let log = ws.log_to_file("debug");
    let endpoint = tls_to_plaintext(&backend);
    ws.write_config(&format!(
        "{}{}",
        provider(&endpoint, ""),
        named_client(&pool)
    ));
    readable_failure(
        &mut ws,
        APPLY,
        &[
            "the TLS handshake with 127.0.0.1",
            "so the request was not sent",
            "a local server without TLS http://",
        ],
    );
    let log = std::fs::read_to_string(log).expect("the debug log");
    assert_eq!(retries_logged(&log), 0, "a failed handshake is not retried");
    nothing_created(&backend, &pool, &mut ws);
}

/// A closed port refuses at once, again and again: retried within the budget of
/// seconds, then one error that says nothing was sent.
#[test]
fn a_refused_connection_is_retried_within_the_budget_then_not_created() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("refused");
    let mut ws = Workspace::new(&backend);
    let endpoint = closed_port();
    ws.write_config(&format!(
        "{}{}",
        provider(&endpoint, ""),
        named_client(&pool)
    ));
    let output = readable_failure(
        &mut ws,
        APPLY,
        &["refused the connection", "so the request was not sent"],
    );
    assert!(contains_text(&output, " tries)"), "retried: {output}");
    assert!(!contains_text(&output, "unknown"), "{output}");
    nothing_created(&backend, &pool, &mut ws);
}

/// A server that takes the request and never answers: the create may have happened,
/// so the error says it is unknown, which here it is.
#[test]
fn a_server_that_never_answers_times_out_and_says_the_create_is_unknown() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("silent");
    let silent = SilentServer::start();
    let mut ws = Workspace::new(&backend);
    ws.write_config(&format!(
        "{}{}",
        provider(&silent.url(), ""),
        named_client(&pool)
    ));
    readable_failure(
        &mut ws,
        APPLY,
        &[
            "no answer from 127.0.0.1",
            "the request was sent",
            "Whether the client was created is unknown: looking for it in the pool failed the same way.",
        ],
    );
    nothing_created(&backend, &pool, &mut ws);
}

/// HTTP 500s are AWS's own faults: retried `max_retries` times, then AWS's words.
#[test]
fn server_faults_are_retried_max_retries_times() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("faults");
    let mut ws = Workspace::new(&backend);
    let endpoint = backend.url();
    backend.set_faults(&every_call_fails(
        "internal_error",
        &["CreateUserPoolClient"],
    ));
    ws.write_config(&format!(
        "{}{}",
        provider(&endpoint, "  max_retries = 2"),
        named_client(&pool)
    ));
    let before = backend.calls();
    readable_failure(&mut ws, APPLY, &["InternalErrorException: Internal error"]);
    let calls = test_support::backend::call_delta(&before, &backend.calls());
    // A 500 on a create may have made the client: each retry follows a lookup of
    // the pool that finds none.
    assert_eq!(calls.get("CreateUserPoolClient"), Some(&3), "{calls:?}");
    assert_eq!(calls.get("ListUserPoolClients"), Some(&2), "{calls:?}");
    backend.set_faults(&serde_json::json!({}));
    nothing_created(&backend, &pool, &mut ws);
}

/// A connection dropped without an answer: retried within the budget, then said so.
#[test]
fn a_dropped_connection_is_retried_within_the_budget() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("dropped");
    let mut ws = Workspace::new(&backend);
    backend.set_faults(&every_call_fails("drop", &["ListUserPoolClients"]));
    ws.write_config(&format!(
        "{}\ndata \"aws_cognito_user_pool_clients\" \"all\" {{\n  user_pool_id = {}\n}}\n",
        provider(&backend.url(), ""),
        hcl_string(&pool)
    ));
    let output = readable_failure(
        &mut ws,
        PLAN,
        &[
            "broke before an answer came",
            "reading Cognito User Pool Clients",
        ],
    );
    assert!(contains_text(&output, " tries)"), "retried: {output}");
}
