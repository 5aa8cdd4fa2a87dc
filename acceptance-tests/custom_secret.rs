//! A custom secret at creation (`client_secret_wo`, write-only, with
//! `client_secret_wo_version`) through the real Terraform CLI (1.11+): fed by an
//! ephemeral read of another client's secret, it moves an application to a new
//! client with its secret, which no plan file, state or output then holds.

use test_support::backend::with_secret;
use test_support::blocking::Backend;
use test_support::fixture::{string, PROVIDER};
use test_support::{hcl_string, Workspace};

const NEW: &str = "aws_cognito_user_pool_client.new";

/// Client `new` in `pool`, with the secret of client `old_id` (read ephemerally)
/// at `version`, and `extra` argument lines.
fn config(pool: &str, old_id: &str, version: u32, extra: &str) -> String {
    format!(
        r#"{PROVIDER}
ephemeral "aws_cognito_user_pool_client" "old" {{
  user_pool_id = {pool}
  client_id    = {old_id}
}}

resource "aws_cognito_user_pool_client" "new" {{
  name                     = "new-app"
  user_pool_id             = {pool}
  client_secret_wo         = ephemeral.aws_cognito_user_pool_client.old.client_secret
  client_secret_wo_version = {version}
{extra}}}
"#,
        pool = hcl_string(pool),
        old_id = hcl_string(old_id),
    )
}

#[test]
fn a_clients_secret_moves_to_a_new_client_and_is_stored_nowhere() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("custom-secret");
    let old = backend.create_client(&pool, "old-app", with_secret);
    let old_id = old.client_id().unwrap().to_owned();
    let secret = old.client_secret().unwrap().to_owned();
    let mut ws = Workspace::new(&backend);
    ws.write_config(&config(&pool, &old_id, 1, ""));

    let plan = ws.plan();
    assert_eq!(plan.actions(NEW), ["create"]);
    assert!(
        !plan.json.to_string().contains(&secret),
        "the plan holds the secret"
    );
    let plan_file = std::fs::read(ws.dir().join("tfplan")).expect("the saved plan");
    assert!(
        !String::from_utf8_lossy(&plan_file).contains(&secret),
        "the plan file holds it"
    );

    ws.apply();
    let state_text = std::fs::read_to_string(ws.dir().join("terraform.tfstate")).unwrap();
    assert!(!state_text.contains(&secret), "the state holds the secret");
    assert!(
        !ws.transcript().contains(&secret),
        "Terraform printed the secret"
    );
    let state = ws.state_resource(NEW).expect("the new client in state");
    let new_id = string(&state, "id");
    assert_eq!(
        state["client_secret"],
        serde_json::Value::Null,
        "the user's secret is not recorded"
    );
    assert_eq!(state["client_secret_wo"], serde_json::Value::Null);
    assert_eq!(state["client_secret_wo_version"], 1);
    assert_eq!(
        backend.client_secret_ids(&pool, &new_id).len(),
        1,
        "created with a secret"
    );
    ws.assert_no_changes();

    // A new version sends a new secret, which Cognito can only take at creation.
    ws.write_config(&config(&pool, &old_id, 2, ""));
    let plan = ws.plan();
    assert_eq!(plan.actions(NEW), ["delete", "create"]);
    ws.apply();
    let replaced = string(&ws.state_resource(NEW).unwrap(), "id");
    assert_ne!(replaced, new_id);
    assert!(
        backend.describe_client(&pool, &new_id).is_none(),
        "the old one is gone"
    );
    assert_eq!(backend.client_secret_ids(&pool, &replaced).len(), 1);
    ws.destroy();
}

#[test]
fn a_custom_secret_is_checked_at_plan_time() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("custom-secret");
    let mut ws = Workspace::new(&backend);
    let client = |arguments: &str| {
        format!(
            "{PROVIDER}\nresource \"aws_cognito_user_pool_client\" \"new\" {{\n  name         = \"new-app\"\n  user_pool_id = {}\n{arguments}}}\n",
            hcl_string(&pool)
        )
    };
    let cases = [
        (
            "  client_secret_wo         = \"too-short\"\n  client_secret_wo_version = 1\n",
            "string length must be between 24 and 64",
        ),
        (
            "  client_secret_wo         = \"has/slashes/and-dashes-0123456789\"\n  client_secret_wo_version = 1\n",
            "must consist of letters, digits, _ and +",
        ),
        (
            "  client_secret_wo = \"abcdefghijklmnopqrstuvwxyz0123\"\n",
            "\"client_secret_wo_version\" must be specified",
        ),
        (
            "  client_secret_wo         = \"abcdefghijklmnopqrstuvwxyz0123\"\n  client_secret_wo_version = 1\n  generate_secret          = true\n",
            "\"generate_secret\" cannot be specified",
        ),
    ];
    for (arguments, expected) in cases {
        ws.write_config(&client(arguments));
        let error = ws.run_expect_failure(&["plan", "-no-color"]);
        let flat = test_support::checks::normalize(&error);
        assert!(flat.contains(expected), "{arguments}: {error}");
    }
    assert!(
        backend.list_clients(&pool).is_empty(),
        "nothing was created"
    );
}
