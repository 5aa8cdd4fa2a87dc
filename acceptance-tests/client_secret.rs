//! `aws_cognito_user_pool_client_secret` through the real Terraform CLI: rotation
//! without replacing the client, with the client's secrets listed between the
//! steps. Cognito refuses to delete a client's last secret, so a rotation that
//! succeeds with `create_before_destroy` has added the new secret before it
//! deleted the old; the same rotation without it fails and keeps the secret.

use std::collections::BTreeMap;

use test_support::backend::call_delta;
use test_support::blocking::Backend;
use test_support::fixture::{string, PROVIDER};
use test_support::{hcl_string, Workspace};

const CLIENT: &str = "aws_cognito_user_pool_client.app";
const BLUE: &str = "aws_cognito_user_pool_client_secret.blue";

/// The client (with a generated secret) and the managed secret `blue` with
/// `triggers = { rotation = ROTATION }`; `extra` adds blocks.
fn config(pool: &str, rotation: u32, create_before_destroy: bool, extra: &str) -> String {
    format!(
        r#"{PROVIDER}
resource "aws_cognito_user_pool_client" "app" {{
  name            = "app"
  user_pool_id    = {pool}
  generate_secret = true
}}

resource "aws_cognito_user_pool_client_secret" "blue" {{
  user_pool_id = aws_cognito_user_pool_client.app.user_pool_id
  client_id    = aws_cognito_user_pool_client.app.id
  triggers     = {{ rotation = "{rotation}" }}

  lifecycle {{
    create_before_destroy = {create_before_destroy}
  }}
}}
{extra}"#,
        pool = hcl_string(pool),
    )
}

/// [`config`] with rotation 1 and create_before_destroy, applied: the backend, the
/// pool id, the workspace and the client's id.
fn client_and_secret_applied() -> (Backend, String, Workspace, String) {
    let backend = Backend::start();
    let pool = backend.create_user_pool("rotation");
    let mut ws = Workspace::new(&backend);
    ws.write_config(&config(&pool, 1, true, ""));
    ws.apply();
    let client_id = string(&ws.state_resource(CLIENT).unwrap(), "id");
    (backend, pool, ws, client_id)
}

#[test]
fn secrets_rotate_without_replacing_the_client_and_one_is_always_valid() {
    // Step 1: the client with its generated secret, and a managed one.
    let (backend, pool, mut ws, client_id) = client_and_secret_applied();
    let blue = ws.state_resource(BLUE).expect("the managed secret");
    let first = string(&blue, "secret_id");
    assert_eq!(string(&blue, "id"), format!("{pool}/{client_id}/{first}"));
    assert!(
        !string(&blue, "client_secret").is_empty(),
        "a generated value"
    );
    let ids = backend.client_secret_ids(&pool, &client_id);
    assert_eq!(ids.len(), 2, "step 1: the original and the managed secret");
    let original = ids.iter().find(|id| **id != first).unwrap().clone();
    ws.assert_no_changes();

    // Step 2: a third secret is refused at plan time, naming the two there are.
    ws.write_config(&config(&pool, 2, true, ""));
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    let flat = test_support::checks::normalize(&error);
    assert!(flat.contains("Too many client secrets"), "{error}");
    assert!(flat.contains(&original) && flat.contains(&first), "{error}");

    // Step 3: the original secret is imported and destroyed, leaving the managed one.
    let adopt = format!(
        "\nimport {{\n  to = aws_cognito_user_pool_client_secret.original\n  id = {}\n}}\n\n\
         resource \"aws_cognito_user_pool_client_secret\" \"original\" {{\n  \
         user_pool_id = aws_cognito_user_pool_client.app.user_pool_id\n  \
         client_id    = aws_cognito_user_pool_client.app.id\n}}\n",
        hcl_string(&format!("{pool}/{client_id}/{original}"))
    );
    ws.write_config(&config(&pool, 1, true, &adopt));
    ws.apply();
    let imported = ws
        .state_resource("aws_cognito_user_pool_client_secret.original")
        .unwrap();
    assert_eq!(
        imported["client_secret"],
        serde_json::Value::Null,
        "values are never listed"
    );
    assert_eq!(backend.client_secret_ids(&pool, &client_id).len(), 2);
    ws.write_config(&config(&pool, 1, true, ""));
    ws.apply();
    assert_eq!(
        backend.client_secret_ids(&pool, &client_id),
        std::slice::from_ref(&first),
        "step 3"
    );
    // The client's own client_secret shows no diff once its original secret is gone.
    ws.assert_no_changes();

    // Step 4: rotation with create_before_destroy: new secret, same client.
    ws.write_config(&config(&pool, 2, true, ""));
    let plan = ws.plan();
    assert_eq!(
        plan.actions(BLUE),
        ["create", "delete"],
        "create before destroy"
    );
    assert_eq!(plan.actions(CLIENT), ["no-op"], "the client is not touched");
    ws.apply();
    let second = string(&ws.state_resource(BLUE).unwrap(), "secret_id");
    assert_ne!(second, first);
    assert_eq!(
        backend.client_secret_ids(&pool, &client_id),
        std::slice::from_ref(&second),
        "step 4"
    );
    assert_eq!(string(&ws.state_resource(CLIENT).unwrap(), "id"), client_id);
    ws.assert_no_changes();

    // Step 5: the same rotation destroying first would delete the last secret:
    // refused in plain words, and the secret stays in state and in Cognito.
    ws.write_config(&config(&pool, 3, false, ""));
    let error = ws.run_expect_failure(&["apply", "-auto-approve", "-no-color"]);
    let flat = test_support::checks::normalize(&error);
    assert!(flat.contains("It is the last secret of client"), "{error}");
    assert_eq!(
        string(&ws.state_resource(BLUE).unwrap(), "secret_id"),
        second
    );
    assert_eq!(
        backend.client_secret_ids(&pool, &client_id),
        std::slice::from_ref(&second),
        "step 5"
    );
}

#[test]
fn a_secret_deleted_outside_terraform_is_drift_and_is_added_again() {
    let (backend, pool, mut ws, client_id) = client_and_secret_applied();
    let managed = string(&ws.state_resource(BLUE).unwrap(), "secret_id");
    backend.delete_client_secret(&pool, &client_id, &managed);
    let plan = ws.plan();
    assert_eq!(plan.actions(BLUE), ["create"], "recreated after the drift");
    ws.apply();
    let again = string(&ws.state_resource(BLUE).unwrap(), "secret_id");
    assert_ne!(again, managed);
    assert_eq!(backend.client_secret_ids(&pool, &client_id).len(), 2);
}

/// A backend with a pool named `pool_name` and, in it, a client with a generated
/// secret made outside Terraform: the backend, the pool id and the client id.
fn client_made_elsewhere(pool_name: &str) -> (Backend, String, String) {
    let backend = Backend::start();
    let pool = backend.create_user_pool(pool_name);
    let client = backend.create_client(&pool, "app", test_support::backend::with_secret);
    let client_id = client.client_id().unwrap().to_owned();
    (backend, pool, client_id)
}

/// The Cognito calls of each command on one managed secret of a client made
/// outside Terraform (so that only the secret's calls are counted): the plan-time
/// room check is one ListUserPoolClientSecrets per plan of a new secret (Terraform
/// plans again during apply), a read is one List, a create one Add, a destroy one
/// Delete after its refresh.
#[test]
fn each_command_makes_the_calls_it_needs_and_no_more() {
    let (backend, pool, client_id) = client_made_elsewhere("calls");
    let address = "aws_cognito_user_pool_client_secret.managed";
    let config = format!(
        "{PROVIDER}\nresource \"aws_cognito_user_pool_client_secret\" \"managed\" {{\n  \
         user_pool_id = {}\n  client_id    = {}\n}}\n",
        hcl_string(&pool),
        hcl_string(&client_id)
    );
    let mut ws = Workspace::new(&backend);
    ws.write_config(&config);
    let measured = |ws: &mut Workspace, command: &dyn Fn(&mut Workspace)| {
        let before = backend.calls();
        command(ws);
        call_delta(&before, &backend.calls())
    };
    let calls = |pairs: &[(&str, u64)]| -> BTreeMap<String, u64> {
        pairs.iter().map(|(op, n)| (op.to_string(), *n)).collect()
    };
    const LIST: &str = "ListUserPoolClientSecrets";

    let applied = measured(&mut ws, &|ws| {
        ws.apply();
    });
    assert_eq!(
        applied,
        calls(&[(LIST, 2), ("AddUserPoolClientSecret", 1)]),
        "apply of a new secret"
    );
    let planned = measured(&mut ws, &|ws| ws.assert_no_changes());
    assert_eq!(
        planned,
        calls(&[(LIST, 1)]),
        "plan (refresh) with no change"
    );

    let secret_id = string(&ws.state_resource(address).unwrap(), "secret_id");
    let mut imported = Workspace::new(&backend);
    imported.write_config(&config);
    let import = measured(&mut imported, &|ws| {
        ws.import(address, &format!("{pool}/{client_id}/{secret_id}"));
    });
    assert_eq!(import, calls(&[(LIST, 1)]), "terraform import");

    let destroyed = measured(&mut ws, &|ws| {
        ws.destroy();
    });
    assert_eq!(
        destroyed,
        calls(&[(LIST, 1), ("DeleteUserPoolClientSecret", 1)]),
        "destroy"
    );
    assert_eq!(backend.client_secret_ids(&pool, &client_id).len(), 1);
}

/// The registry examples under `examples/resources/aws_cognito_user_pool_client_secret/`:
/// `resource.tf` applies against a client with a secret and plans clean, a new
/// `rotation` rotates it, `import.sh` and `import-block.tf` (with the real id in
/// place of theirs) import it, and destroy removes it.
#[test]
fn the_registry_examples_apply_rotate_import_and_destroy() {
    let (backend, pool, client_id) = client_made_elsewhere("examples");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/resources/aws_cognito_user_pool_client_secret");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("an example file");
    let vars = format!(
        "user_pool_id = {}\nclient_id = {}\n",
        hcl_string(&pool),
        hcl_string(&client_id)
    );
    let workspace = || {
        let ws = Workspace::new(&backend);
        ws.write_file("provider.tf", PROVIDER);
        ws.write_file("resource.tf", &read("resource.tf"));
        ws.write_file("terraform.tfvars", &vars);
        ws
    };
    let address = "aws_cognito_user_pool_client_secret.example";
    let mut ws = workspace();
    ws.apply();
    let first = string(&ws.state_resource(address).unwrap(), "secret_id");
    ws.assert_no_changes();
    // Make room for a rotation: the client keeps only the managed secret.
    let original = backend
        .client_secret_ids(&pool, &client_id)
        .into_iter()
        .find(|id| *id != first)
        .expect("the client's original secret");
    backend.delete_client_secret(&pool, &client_id, &original);
    ws.apply_with(&["-var", "rotation=next"]);
    let rotated = string(&ws.state_resource(address).unwrap(), "secret_id");
    assert_eq!(
        backend.client_secret_ids(&pool, &client_id),
        std::slice::from_ref(&rotated)
    );

    let example_id = "us-west-2_abc123/1example23456789/1example23456789--1767225600000";
    let real_id = format!("{pool}/{client_id}/{rotated}");
    let command = read("import.sh");
    let command = command
        .lines()
        .find(|line| line.starts_with("terraform import "))
        .expect("import.sh has a terraform import line");
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(words[2..], [address, example_id], "import.sh: {command}");
    let mut imported = workspace();
    imported.write_file("terraform.tfvars", &format!("{vars}rotation = \"next\"\n"));
    imported.run_ok(&["import", "-input=false", "-no-color", address, &real_id]);
    assert_eq!(
        string(&imported.state_resource(address).unwrap(), "secret_id"),
        rotated
    );
    // The import cannot know the triggers: recorded in place, nothing replaced.
    let plan = imported.plan();
    assert_eq!(
        plan.actions(address),
        ["update"],
        "triggers recorded in place"
    );
    imported.apply();
    imported.assert_no_changes();
    assert_eq!(
        backend.client_secret_ids(&pool, &client_id),
        std::slice::from_ref(&rotated)
    );

    let block = read("import-block.tf");
    assert!(
        block.contains(example_id),
        "import-block.tf uses the example id"
    );
    let mut by_block = workspace();
    by_block.write_file("terraform.tfvars", &format!("{vars}rotation = \"next\"\n"));
    by_block.write_file("import-block.tf", &block.replace(example_id, &real_id));
    by_block.apply();
    assert_eq!(
        string(&by_block.state_resource(address).unwrap(), "secret_id"),
        rotated
    );

    // Destroying the client's last secret is refused; with a second one it goes.
    let error = ws.run_expect_failure(&[
        "destroy",
        "-auto-approve",
        "-no-color",
        "-var",
        "rotation=next",
    ]);
    assert!(
        test_support::checks::normalize(&error).contains("It is the last secret"),
        "{error}"
    );
    let sdk = backend.sdk(test_support::backend::REGION);
    backend.block_on(async {
        sdk.add_user_pool_client_secret()
            .user_pool_id(&pool)
            .client_id(&client_id)
            .send()
            .await
            .expect("AddUserPoolClientSecret")
    });
    ws.destroy_with(&["-var", "rotation=next"]);
    assert_eq!(backend.client_secret_ids(&pool, &client_id).len(), 1);
}
