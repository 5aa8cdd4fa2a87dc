//! `ephemeral "aws_cognito_user_pool_client"` through the real Terraform CLI (1.10+):
//! the open reads the client's secret and name for the run, one
//! DescribeUserPoolClient per open, and neither the saved plan, the state nor
//! Terraform's output holds the secret.

use test_support::backend::{call_delta, with_secret};
use test_support::blocking::Backend;
use test_support::fixture::PROVIDER;
use test_support::{hcl_string, Workspace};

/// An ephemeral open of `client_id` in `pool`, checked by a precondition that
/// expects `name` and a secret of `secret_length` characters (the value itself
/// is never written in the configuration).
fn config(pool: &str, client_id: &str, name: &str, secret_length: usize) -> String {
    format!(
        r#"{PROVIDER}
ephemeral "aws_cognito_user_pool_client" "app" {{
  user_pool_id = {pool}
  client_id    = {client_id}
}}

resource "terraform_data" "uses_the_secret" {{
  lifecycle {{
    precondition {{
      condition     = ephemeral.aws_cognito_user_pool_client.app.name == {name} && length(ephemeral.aws_cognito_user_pool_client.app.client_secret) == {secret_length}
      error_message = "The ephemeral client is not the one expected."
    }}
  }}
}}
"#,
        pool = hcl_string(pool),
        client_id = hcl_string(client_id),
        name = hcl_string(name),
    )
}

#[test]
fn an_ephemeral_client_is_read_for_the_run_and_stored_nowhere() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("ephemeral");
    let client = backend.create_client(&pool, "app", with_secret);
    let client_id = client.client_id().unwrap().to_owned();
    let secret = client.client_secret().unwrap().to_owned();
    let mut ws = Workspace::new(&backend);
    ws.write_config(&config(&pool, &client_id, "app", secret.len()));

    let before = backend.calls();
    let plan = ws.plan();
    assert_eq!(plan.exit_code, 2, "terraform_data is to be created");
    let delta = call_delta(&before, &backend.calls());
    assert_eq!(
        delta.get("DescribeUserPoolClient"),
        Some(&1),
        "one open per plan: {delta:?}"
    );
    assert!(
        !plan.json.to_string().contains(&secret),
        "the saved plan holds the secret"
    );
    let plan_file = std::fs::read(ws.dir().join("tfplan")).expect("the saved plan");
    assert!(
        !String::from_utf8_lossy(&plan_file).contains(&secret),
        "the plan file holds the secret"
    );

    ws.apply();
    let state = std::fs::read_to_string(ws.dir().join("terraform.tfstate")).expect("a state");
    assert!(!state.contains(&secret), "the state holds the secret");
    let state: serde_json::Value = serde_json::from_str(&state).expect("state JSON");
    let types: Vec<&str> = state["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["terraform_data"], "no ephemeral resource in state");
    assert!(
        !ws.transcript().contains(&secret),
        "Terraform printed the secret"
    );

    // The precondition really sees the opened values: a wrong name fails it.
    ws.write_config(&config(&pool, &client_id, "another", secret.len()));
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    assert!(
        error.contains("The ephemeral client is not the one expected."),
        "{error}"
    );
}

#[test]
fn an_ephemeral_client_that_does_not_exist_is_an_error_naming_both_ids() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("ephemeral");
    let mut ws = Workspace::new(&backend);
    ws.write_config(&config(&pool, "nosuchclient0000000000000", "app", 0));
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    let flat = test_support::checks::normalize(&error);
    assert!(
        flat.contains("reading Cognito User Pool Client (nosuchclient0000000000000)"),
        "{error}"
    );
    assert!(flat.contains(&pool), "{error}");
}

/// The registry example applies against a real client (its variables given with
/// `-var`), opening it once, and leaves an empty state.
#[test]
fn the_registry_example_opens_a_real_client() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("ephemeral");
    let client = backend.create_client(&pool, "app", with_secret);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ephemeral-resources/aws_cognito_user_pool_client");
    let mut ws = Workspace::new(&backend);
    ws.copy_files_from(&dir);
    ws.write_file("provider.tf", PROVIDER);
    let pool_var = format!("user_pool_id={pool}");
    let client_var = format!("client_id={}", client.client_id().unwrap());
    let before = backend.calls();
    ws.apply_with(&["-var", &pool_var, "-var", &client_var]);
    let delta = call_delta(&before, &backend.calls());
    assert!(
        delta.get("DescribeUserPoolClient").is_some_and(|n| *n >= 1),
        "{delta:?}"
    );
    let state = std::fs::read_to_string(ws.dir().join("terraform.tfstate")).unwrap_or_default();
    assert!(
        !state.contains(client.client_secret().unwrap()),
        "the state holds the secret"
    );
}
