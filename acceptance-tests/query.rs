//! `terraform query` (Terraform 1.14): `list` blocks find a pool's clients and a
//! client's secrets, `-generate-config-out` writes configuration that imports each
//! of them with no change planned, `limit` bounds both the results and the calls
//! to AWS, no secret value appears in any result, and `terraform validate -query`
//! checks list blocks. OpenTofu has no `query` command; `scripts/test.sh` runs
//! this module under Terraform only.

use std::collections::BTreeSet;

use serde_json::Value;

use test_support::backend::{call_delta, with_secret};
use test_support::blocking::Backend;
use test_support::checks;
use test_support::fixture::config;
use test_support::{hcl_string, Workspace};

/// A `list` block named `name` of `type_name` with `body` in its `config` block
/// and `settings` (`limit`, `include_resource`) beside it.
fn list_block(type_name: &str, name: &str, settings: &str, body: &str) -> String {
    format!(
        "list \"{type_name}\" \"{name}\" {{\n  provider = aws\n{settings}\n  config {{\n{body}\n  }}\n}}\n"
    )
}

/// `terraform query -json`'s lines of `kind` (`list_resource_found`, `list_complete`).
fn query_lines(ws: &mut Workspace, kind: &str) -> Vec<Value> {
    let output = ws.run_ok(&["query", "-json", "-no-color"]);
    output
        .stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["type"] == kind)
        .map(|line| line[kind].clone())
        .collect()
}

/// A workspace with only the provider in its configuration and `query` as its
/// query file.
fn query_workspace(backend: &Backend, query: &str) -> Workspace {
    let ws = Workspace::new(backend);
    ws.write_config(&config(""));
    ws.write_file("main.tfquery.hcl", query);
    ws
}

/// Generates configuration from the query, then plans: every address of the plan is
/// imported with no change. Applies, and plans no change after. Returns the
/// generated file.
fn generate_plan_and_apply(ws: &mut Workspace, expected: usize) -> String {
    ws.run_ok(&["query", "-no-color", "-generate-config-out=generated.tf"]);
    let generated = std::fs::read_to_string(ws.dir().join("generated.tf")).expect("generated.tf");
    let plan = ws.plan();
    let changes = plan.json["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(changes.len(), expected, "{generated}\n{}", ws.transcript());
    for change in &changes {
        assert_eq!(
            change["change"]["actions"],
            serde_json::json!(["no-op"]),
            "{change}\n{generated}"
        );
        assert!(
            change["change"]["importing"]["identity"].is_object(),
            "{change}"
        );
    }
    ws.apply();
    ws.assert_no_changes();
    generated
}

/// Three clients made by hand in one pool (and one in another pool): the query
/// finds the three by name and identity, without any secret in its JSON even with
/// whole objects included; the configuration it generates imports all three, plans
/// no change, applies, and stays without change.
#[test]
fn a_pools_clients_are_found_and_adopted_with_generated_configuration() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("query");
    let other = backend.create_user_pool("other");
    backend.create_client(&other, "elsewhere", |c| c);
    let web = backend.create_client(&pool, "web", with_secret);
    let mobile = backend.create_client(&pool, "mobile", |c| {
        c.explicit_auth_flows("ALLOW_USER_SRP_AUTH".into())
            .explicit_auth_flows("ALLOW_REFRESH_TOKEN_AUTH".into())
            .access_token_validity(2)
            .token_validity_units(
                aws_sdk_cognitoidentityprovider::types::TokenValidityUnitsType::builder()
                    .access_token("hours".into())
                    .id_token("hours".into())
                    .refresh_token("days".into())
                    .build(),
            )
    });
    let batch = backend.create_client(&pool, "batch", |c| c.refresh_token_validity(7));
    let expected: BTreeSet<(String, String)> = [&web, &mobile, &batch]
        .iter()
        .map(|c| {
            (
                c.client_name().unwrap().to_owned(),
                c.client_id().unwrap().to_owned(),
            )
        })
        .collect();

    let body = format!("    user_pool_id = {}", hcl_string(&pool));
    let query = list_block(
        "aws_cognito_user_pool_client",
        "pool",
        "  include_resource = true",
        &body,
    );
    let mut ws = query_workspace(&backend, &query);
    ws.forbid(web.client_secret().unwrap());
    let found = query_lines(&mut ws, "list_resource_found");
    let names: BTreeSet<(String, String)> = found
        .iter()
        .map(|f| {
            let identity = &f["identity"];
            assert_eq!(identity["user_pool_id"], pool.as_str(), "{f}");
            assert_eq!(identity["region"], test_support::backend::REGION, "{f}");
            let object = &f["resource_object"];
            assert!(
                object["client_secret"].is_null(),
                "no secret in a listed object"
            );
            assert_eq!(object["id"], identity["client_id"], "{f}");
            let name = f["display_name"].as_str().unwrap_or_default().to_owned();
            (
                name,
                identity["client_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(names, expected, "{}", ws.transcript());

    let generated = generate_plan_and_apply(&mut ws, 3);
    assert_eq!(generated.matches("import {").count(), 3, "{generated}");
    assert!(!generated.contains(web.client_secret().unwrap()));
    assert_eq!(
        backend.list_clients(&pool).len(),
        3,
        "nothing created or deleted"
    );
}

/// `limit` bounds the results and the calls: of seven clients, a limit of two with
/// whole objects reads one page of the list and describes two clients; a name
/// prefix keeps only the clients it begins; a pool that does not exist is an error
/// naming it and its region.
#[test]
fn limit_and_name_prefix_bound_the_results_and_the_calls() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("limits");
    for i in 0..5 {
        backend.create_client(&pool, &format!("app-{i}"), |c| c);
    }
    backend.create_client(&pool, "tool-a", |c| c);
    backend.create_client(&pool, "tool-b", |c| c);
    let pool_id = format!("    user_pool_id = {}", hcl_string(&pool));
    let limited = list_block(
        "aws_cognito_user_pool_client",
        "few",
        "  include_resource = true\n  limit = 2",
        &pool_id,
    );
    let mut ws = query_workspace(&backend, &limited);
    let before = backend.calls();
    let found = query_lines(&mut ws, "list_resource_found");
    let calls = call_delta(&before, &backend.calls());
    assert_eq!(found.len(), 2, "{}", ws.transcript());
    assert_eq!(calls.get("ListUserPoolClients"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("DescribeUserPoolClient"), Some(&2), "{calls:?}");

    let tools = list_block(
        "aws_cognito_user_pool_client",
        "tools",
        "",
        &format!("{pool_id}\n    name_prefix = \"tool-\""),
    );
    ws.write_file("main.tfquery.hcl", &tools);
    let before = backend.calls();
    let found = query_lines(&mut ws, "list_resource_found");
    let names: BTreeSet<&str> = found
        .iter()
        .filter_map(|f| f["display_name"].as_str())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["tool-a", "tool-b"]),
        "{}",
        ws.transcript()
    );
    assert!(found
        .iter()
        .all(|f| f.get("resource_object").is_none_or(Value::is_null)));
    let calls = call_delta(&before, &backend.calls());
    assert_eq!(
        calls.get("DescribeUserPoolClient"),
        None,
        "no object asked, none read: {calls:?}"
    );

    let missing = list_block(
        "aws_cognito_user_pool_client",
        "missing",
        "",
        "    user_pool_id = \"us-east-1_Missing1\"",
    );
    ws.write_file("main.tfquery.hcl", &missing);
    let error = checks::normalize(&ws.run_expect_failure(&["query", "-no-color"]));
    assert!(
        error.contains("listing Cognito User Pool Clients (us-east-1_Missing1)")
            && error.contains("does not exist. Check the ids")
            && error.contains("the user pool us-east-1_Missing1 is in us-east-1"),
        "{error}"
    );
}

/// A client another service made, with its secret: listed as a managed client and
/// as a secret, the generated configuration adopts both (the managed client with a
/// `name_pattern` matching its name alone) and plans no change.
#[test]
fn managed_clients_and_secrets_are_found_and_adopted() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("managed");
    let made = backend.create_client(&pool, "AmazonOpenSearchService-logs", with_secret);
    let client_id = made.client_id().unwrap().to_owned();
    let secret_ids = backend.client_secret_ids(&pool, &client_id);
    let pool_id = format!("    user_pool_id = {}", hcl_string(&pool));
    let query = [
        list_block(
            "aws_cognito_managed_user_pool_client",
            "opensearch",
            "",
            &pool_id,
        ),
        list_block(
            "aws_cognito_user_pool_client_secret",
            "secrets",
            "",
            &format!("{pool_id}\n    client_id = {}", hcl_string(&client_id)),
        ),
    ]
    .concat();
    let mut ws = query_workspace(&backend, &query);
    ws.forbid(made.client_secret().unwrap());
    let found = query_lines(&mut ws, "list_resource_found");
    let secrets: Vec<&str> = found
        .iter()
        .filter_map(|f| f["identity"]["secret_id"].as_str())
        .collect();
    assert_eq!(secrets, secret_ids, "{}", ws.transcript());

    let generated = generate_plan_and_apply(&mut ws, 2);
    let pattern = r#"name_pattern = "^AmazonOpenSearchService-logs$""#;
    assert!(checks::contains_text(&generated, pattern), "{generated}");
    ws.run_ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert!(
        backend.describe_client(&pool, &client_id).is_some(),
        "a managed client stays"
    );
}

/// `terraform validate -query` accepts a correct list block and names the
/// attribute and what to change in a wrong one.
#[test]
fn validate_query_checks_list_blocks() {
    let backend = Backend::start();
    let good = list_block(
        "aws_cognito_user_pool_client",
        "good",
        "",
        "    user_pool_id = \"us-east-1_abc\"",
    );
    let mut ws = query_workspace(&backend, &good);
    ws.run_ok(&["validate", "-query", "-no-color"]);

    let bad_region = list_block(
        "aws_cognito_user_pool_client",
        "bad",
        "",
        "    user_pool_id = \"us-east-1_abc\"\n    region = \"Frankfurt\"",
    );
    ws.write_file("main.tfquery.hcl", &bad_region);
    let error = checks::normalize(&ws.run_expect_failure(&["validate", "-query", "-no-color"]));
    assert!(
        error.contains("region") && error.contains("Frankfurt"),
        "{error}"
    );

    let no_pool = list_block(
        "aws_cognito_user_pool_client_secret",
        "bad",
        "",
        "    client_id = \"abc\"",
    );
    ws.write_file("main.tfquery.hcl", &no_pool);
    let error = checks::normalize(&ws.run_expect_failure(&["validate", "-query", "-no-color"]));
    assert!(error.contains("user_pool_id"), "{error}");
}
