//! `aws_cognito_managed_user_pool_client` through the real Terraform CLI: a client
//! that "another service" created (the backend's SDK, outside Terraform) is
//! adopted by prefix or by pattern, with exactly one UpdateUserPoolClient, or none
//! when the configuration matches it; updated in place; corrected after drift;
//! imported; left in place on destroy; and every error of the adoption.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use test_support::backend::call_delta;
use test_support::blocking::Backend;
use test_support::fixture::{string, strings, PROVIDER};
use test_support::{checks, hcl_string, Workspace};

const ADDR: &str = "aws_cognito_managed_user_pool_client.test";

/// What OpenSearch gives the client it creates for a domain's Dashboards.
const DASHBOARDS: &str = "https://search.example.com/_dashboards/app/home";

/// A backend and a user pool in which "another service" created two clients,
/// and an app of its own created one.
struct Fixture {
    backend: Backend,
    pool: String,
    /// The ids of `AmazonOpenSearchService-logs-a1b2`, `…-metrics-c3d4`, `web-app`.
    logs: String,
    metrics: String,
    web: String,
}

impl Fixture {
    fn new() -> Fixture {
        let backend = Backend::start();
        let pool = backend.create_user_pool("managed");
        let opensearch = |name: &str| {
            backend
                .create_client(&pool, name, |c| {
                    c.callback_urls(DASHBOARDS)
                        .allowed_o_auth_flows_user_pool_client(true)
                        .allowed_o_auth_flows("code".into())
                        .allowed_o_auth_scopes("openid")
                        .supported_identity_providers("COGNITO")
                })
                .client_id
                .expect("a client id")
        };
        let logs = opensearch("AmazonOpenSearchService-logs-a1b2");
        let metrics = opensearch("AmazonOpenSearchService-metrics-c3d4");
        let web = backend
            .create_client(&pool, "web-app", |c| c)
            .client_id
            .expect("a client id");
        Fixture {
            backend,
            pool,
            logs,
            metrics,
            web,
        }
    }

    fn workspace(&self) -> Workspace {
        Workspace::new(&self.backend)
    }

    /// The configuration with `selector` (e.g. `name_prefix = "…"`) and `extra` lines.
    fn config(&self, selector: &str, extra: &str) -> String {
        format!(
            "{PROVIDER}\nresource \"aws_cognito_managed_user_pool_client\" \"test\" {{\n  {selector}\n  user_pool_id = {}\n{extra}}}\n",
            hcl_string(&self.pool)
        )
    }

    /// Runs `step` and returns the API calls it made, per operation.
    fn calls_of(&self, step: impl FnOnce()) -> BTreeMap<String, u64> {
        let before = self.backend.calls();
        step();
        call_delta(&before, &self.backend.calls())
    }

    /// Every client still exists in the backend.
    fn assert_all_clients_remain(&self) {
        for id in [&self.logs, &self.metrics, &self.web] {
            assert!(
                self.backend.describe_client(&self.pool, id).is_some(),
                "client {id} no longer exists"
            );
        }
    }
}

fn prefix(value: &str) -> String {
    format!("name_prefix = {}", hcl_string(value))
}

fn pattern(value: &str) -> String {
    format!("name_pattern = {}", hcl_string(value))
}

fn state(ws: &mut Workspace) -> Map<String, Value> {
    ws.state_resource(ADDR)
        .unwrap_or_else(|| panic!("{ADDR} is not in state:\n{}", ws.transcript()))
}

fn count(calls: &BTreeMap<String, u64>, operation: &str) -> u64 {
    calls.get(operation).copied().unwrap_or(0)
}

/// No client was created or deleted by `calls`.
fn assert_nothing_created_or_deleted(calls: &BTreeMap<String, u64>) {
    assert_eq!(count(calls, "CreateUserPoolClient"), 0, "{calls:?}");
    assert_eq!(count(calls, "DeleteUserPoolClient"), 0, "{calls:?}");
}

#[test]
fn adopt_by_prefix_update_in_place_correct_drift_and_leave_on_destroy() {
    let f = Fixture::new();
    let mut ws = f.workspace();
    let logout = "https://search.example.com/signed-out";
    let extra = format!(
        "  allowed_oauth_scopes = [\"openid\", \"email\"]\n  logout_urls = [{}]\n",
        hcl_string(logout)
    );
    ws.write_config(&f.config(&prefix("AmazonOpenSearchService-logs"), &extra));
    let adopted = f.calls_of(|| {
        ws.apply();
    });
    eprintln!("calls of the adoption with an update: {adopted:?}");
    assert_eq!(count(&adopted, "ListUserPoolClients"), 1, "{adopted:?}");
    assert_eq!(count(&adopted, "UpdateUserPoolClient"), 1, "{adopted:?}");
    assert_nothing_created_or_deleted(&adopted);

    let values = state(&mut ws);
    assert_eq!(string(&values, "id"), f.logs);
    assert_eq!(string(&values, "name"), "AmazonOpenSearchService-logs-a1b2");
    assert_eq!(strings(&values, "callback_urls"), [DASHBOARDS], "kept");
    assert_eq!(strings(&values, "allowed_oauth_flows"), ["code"], "kept");
    let remote = f.backend.describe_client(&f.pool, &f.logs).unwrap();
    assert_eq!(remote.callback_urls(), [DASHBOARDS], "the update kept it");
    assert_eq!(remote.logout_urls(), [logout]);
    let mut scopes = remote.allowed_o_auth_scopes().to_vec();
    scopes.sort();
    assert_eq!(scopes, ["email", "openid"]);
    let planned = f.calls_of(|| ws.assert_no_changes());
    assert_eq!(count(&planned, "UpdateUserPoolClient"), 0, "{planned:?}");

    // An in-place update of a configured argument: one update, same client.
    let extra = "  allowed_oauth_scopes = [\"openid\", \"profile\"]\n  logout_urls = []\n";
    ws.write_config(&f.config(&prefix("AmazonOpenSearchService-logs"), extra));
    assert_eq!(ws.plan().actions(ADDR), ["update"], "{}", ws.transcript());
    let updated = f.calls_of(|| {
        ws.apply();
    });
    eprintln!("calls of an in-place update: {updated:?}");
    assert_eq!(count(&updated, "UpdateUserPoolClient"), 1, "{updated:?}");
    assert_eq!(count(&updated, "ListUserPoolClients"), 0, "{updated:?}");
    assert_eq!(string(&state(&mut ws), "id"), f.logs);
    let remote = f.backend.describe_client(&f.pool, &f.logs).unwrap();
    assert!(remote.logout_urls().is_empty());
    assert_eq!(remote.callback_urls(), [DASHBOARDS]);
    ws.assert_no_changes();

    // Drift of a configured argument is corrected.
    f.backend.update_client(&f.pool, &f.logs, |c| {
        c.allowed_o_auth_scopes = Some(vec!["email".into()]);
    });
    let plan = ws.plan();
    assert_eq!(plan.actions(ADDR), ["update"], "{}", ws.transcript());
    let change = plan.change(ADDR).expect("a change");
    assert_eq!(
        change["before"]["allowed_oauth_scopes"],
        serde_json::json!(["email"])
    );
    ws.apply();
    let remote = f.backend.describe_client(&f.pool, &f.logs).unwrap();
    let mut scopes = remote.allowed_o_auth_scopes().to_vec();
    scopes.sort();
    assert_eq!(scopes, ["openid", "profile"]);
    ws.assert_no_changes();

    // Destroy forgets the client, sends nothing and says so.
    let mut output = None;
    let destroyed = f.calls_of(|| output = Some(ws.destroy()));
    let output = output.unwrap().combined();
    assert!(
        checks::contains_text(&output, "Cognito Managed User Pool Client left in place"),
        "no warning:\n{output}"
    );
    assert!(
        checks::contains_text(&output, &format!("The app client {} (", f.logs)),
        "{output}"
    );
    eprintln!("calls of the destroy: {destroyed:?}");
    assert_nothing_created_or_deleted(&destroyed);
    assert_eq!(
        count(&destroyed, "UpdateUserPoolClient"),
        0,
        "{destroyed:?}"
    );
    assert!(ws.state_resource(ADDR).is_none());
    f.assert_all_clients_remain();
}

#[test]
fn adopt_by_pattern_sends_no_update_when_the_configuration_matches() {
    let f = Fixture::new();
    let mut ws = f.workspace();
    let extra = format!(
        "  callback_urls = [{}]\n  allowed_oauth_scopes = [\"openid\"]\n",
        hcl_string(DASHBOARDS)
    );
    ws.write_config(&f.config(&pattern(r"^AmazonOpenSearchService-metrics-\w+$"), &extra));
    let adopted = f.calls_of(|| {
        ws.apply();
    });
    assert_eq!(count(&adopted, "UpdateUserPoolClient"), 0, "{adopted:?}");
    assert_eq!(count(&adopted, "ListUserPoolClients"), 1, "{adopted:?}");
    assert_nothing_created_or_deleted(&adopted);
    eprintln!("calls of the adoption without update: {adopted:?}");
    assert_eq!(string(&state(&mut ws), "id"), f.metrics);
    ws.assert_no_changes();

    // A client deleted by its service is dropped from state with a warning, and
    // the plan adopts again, which now finds none.
    f.backend.delete_client(&f.pool, &f.metrics);
    let (code, output) = ws.plan_with(&[]);
    assert_eq!(code, 2, "{}", ws.transcript());
    assert!(
        checks::contains_text(&output.combined(), "AWS resource not found during refresh"),
        "{}",
        output.combined()
    );
    assert_eq!(ws.plan().actions(ADDR), ["create"], "{}", ws.transcript());
    let failed = ws.run_expect_failure(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert!(
        checks::contains_text(
            &failed,
            &format!("reading Cognito Managed User Pool Client ({})", f.pool)
        ) && checks::contains_text(&failed, "No app client of user pool"),
        "{failed}"
    );
}

#[test]
fn import_records_a_matching_selector_in_place_and_replaces_for_another() {
    let f = Fixture::new();
    let selector = prefix("AmazonOpenSearchService-logs");

    // terraform import, then an in-place update that only records the prefix.
    let mut ws = f.workspace();
    ws.write_config(&f.config(&selector, ""));
    ws.import(ADDR, &format!("{}/{}", f.pool, f.logs));
    let imported = state(&mut ws);
    assert_eq!(
        string(&imported, "name"),
        "AmazonOpenSearchService-logs-a1b2"
    );
    // An import records the pattern that matches the client's name alone, so that
    // a configuration generated from the state is valid and plans no change.
    assert!(imported["name_prefix"].is_null());
    assert_eq!(
        string(&imported, "name_pattern"),
        "^AmazonOpenSearchService-logs-a1b2$"
    );
    let plan = ws.plan();
    assert_eq!(plan.actions(ADDR), ["update"], "{}", ws.transcript());
    let change = plan.change(ADDR).expect("a change");
    assert_eq!(
        change["after"]["name_prefix"],
        "AmazonOpenSearchService-logs"
    );
    let recorded = f.calls_of(|| {
        ws.apply();
    });
    eprintln!("calls of the apply after terraform import: {recorded:?}");
    assert_eq!(count(&recorded, "UpdateUserPoolClient"), 0, "{recorded:?}");
    assert_nothing_created_or_deleted(&recorded);
    assert_eq!(
        string(&state(&mut ws), "name_prefix"),
        "AmazonOpenSearchService-logs"
    );
    ws.assert_no_changes();

    // An import block, with the name form of the id.
    let mut with_block = f.workspace();
    let block = format!(
        "\nimport {{\n  to = {ADDR}\n  id = {}\n}}\n",
        hcl_string(&format!(
            "{}/name:AmazonOpenSearchService-logs-a1b2",
            f.pool
        ))
    );
    with_block.write_config(&(f.config(&selector, "") + &block));
    assert_eq!(
        with_block.plan().actions(ADDR),
        ["update"],
        "{}",
        with_block.transcript()
    );
    let mut output = None;
    let applied = f.calls_of(|| output = Some(with_block.apply()));
    assert!(output.unwrap().stdout.contains("1 imported"));
    eprintln!("calls of the apply with an import block: {applied:?}");
    assert_eq!(count(&applied, "UpdateUserPoolClient"), 0, "{applied:?}");
    assert_eq!(string(&state(&mut with_block), "id"), f.logs);
    with_block.assert_no_changes();

    // A configuration that names another client than the imported one replaces:
    // the imported client stays as it is, the matching one is adopted.
    let mut other = f.workspace();
    other.write_config(&f.config(&prefix("web-"), ""));
    other.import(ADDR, &format!("{}/{}", f.pool, f.logs));
    assert_eq!(
        other.plan().actions(ADDR),
        ["delete", "create"],
        "{}",
        other.transcript()
    );
    other.apply();
    assert_eq!(string(&state(&mut other), "id"), f.web);
    other.assert_no_changes();
    f.assert_all_clients_remain();
}

#[test]
fn adoption_and_configuration_errors() {
    let f = Fixture::new();
    let apply = ["apply", "-auto-approve", "-input=false", "-no-color"];

    let mut ws = f.workspace();
    ws.write_config(&f.config(&prefix("AmazonOpenSearchService-nothing"), ""));
    let output = ws.run_expect_failure(&apply);
    let summary = format!(
        "Error: reading Cognito Managed User Pool Client ({})",
        f.pool
    );
    let expected = format!(
        "No app client of user pool {} has a name that starts with name_prefix \
         \"AmazonOpenSearchService-nothing\" (the pool has 3 app clients). Check the user pool \
         id and region, that the service that creates the client has created it, and the \
         name_pattern or name_prefix.",
        f.pool
    );
    assert!(checks::contains_text(&output, &summary), "{output}");
    assert!(checks::contains_text(&output, &expected), "{output}");
    assert!(ws.state_resource(ADDR).is_none());

    let mut ws = f.workspace();
    ws.write_config(&f.config(&pattern("^AmazonOpenSearchService-"), ""));
    let output = ws.run_expect_failure(&apply);
    let expected = format!(
        "2 app clients of user pool {} have a name that matches name_pattern \
         \"^AmazonOpenSearchService-\": \"AmazonOpenSearchService-logs-a1b2\" ({}), \
         \"AmazonOpenSearchService-metrics-c3d4\" ({}). Change name_pattern or name_prefix so \
         that exactly one of them matches.",
        f.pool, f.logs, f.metrics
    );
    assert!(checks::contains_text(&output, &summary), "{output}");
    assert!(checks::contains_text(&output, &expected), "{output}");
    assert!(ws.state_resource(ADDR).is_none());

    let plan = ["plan", "-input=false", "-no-color"];
    let mut ws = f.workspace();
    ws.write_config(&f.config(&pattern("^AmazonOpenSearchService-(logs"), ""));
    let output = ws.run_expect_failure(&plan);
    assert!(
        checks::contains_text(
            &output,
            "Attribute name_pattern is not a valid regular expression"
        ) && checks::contains_text(&output, "unclosed group"),
        "{output}"
    );

    let exactly_one =
        "Exactly one of these attributes must be configured: [name_pattern,name_prefix]";
    for selector in [
        format!("{}\n  {}", prefix("web"), pattern("^web")),
        String::new(),
    ] {
        let mut ws = f.workspace();
        ws.write_config(&f.config(&selector, ""));
        let output = ws.run_expect_failure(&plan);
        assert!(checks::contains_text(&output, exactly_one), "{output}");
    }

    let calls = f.backend.calls();
    assert_eq!(
        calls.get("UpdateUserPoolClient").copied().unwrap_or(0),
        0,
        "{calls:?}"
    );
    f.assert_all_clients_remain();
}
