//! `aws_cognito_user_pool_client_secret` through the real Terraform CLI: the three
//! rotation patterns of `docs/guides/rotating-client-secrets.md`, with the client's
//! secrets listed in Cognito after every step (never none, never more than two, and
//! the one not being rotated unchanged), the refusals and warnings of the rotations
//! that cannot work, drift, the calls of each command, and the registry examples.
//!
//! Cognito keeps at most two secrets per client and refuses to delete a client's last
//! one; the provider cannot see at plan time whether a replacement deletes the old
//! secret first, so it warns there and refuses at apply only what cannot succeed.

use std::collections::BTreeMap;

use test_support::backend::call_delta;
use test_support::blocking::Backend;
use test_support::checks::contains_text;
use test_support::fixture::{string, PROVIDER};
use test_support::{hcl_string, Workspace};

const CLIENT: &str = "aws_cognito_user_pool_client.app";

/// The secret resource `name`.
fn address(name: &str) -> String {
    format!("aws_cognito_user_pool_client_secret.{name}")
}

/// A secret of the client `app`, rotated by `triggers = { rotation = ROTATION }`.
fn secret(name: &str, rotation: u32, create_before_destroy: bool) -> String {
    format!(
        r#"
resource "aws_cognito_user_pool_client_secret" "{name}" {{
  user_pool_id = aws_cognito_user_pool_client.app.user_pool_id
  client_id    = aws_cognito_user_pool_client.app.id
  triggers     = {{ rotation = "{rotation}" }}

  lifecycle {{
    create_before_destroy = {create_before_destroy}
  }}
}}
"#
    )
}

/// An `import` block for the secret resource `name`.
fn import(name: &str, id: &str) -> String {
    format!(
        "\nimport {{\n  to = {}\n  id = {}\n}}\n",
        address(name),
        hcl_string(id)
    )
}

/// A client with a generated secret, and the workspace that manages it.
struct Rotation {
    backend: Backend,
    pool: String,
    ws: Workspace,
    client_id: String,
}

const WARNING: &str = "Client secret rotation depends on the replacement order";

impl Rotation {
    /// Applies the client `app` (`generate_secret = true`) with `secrets`.
    fn new(secrets: &str) -> Rotation {
        let backend = Backend::start();
        let pool = backend.create_user_pool("rotation");
        let ws = Workspace::new(&backend);
        let mut rotation = Rotation {
            backend,
            pool,
            ws,
            client_id: String::new(),
        };
        rotation.write(secrets);
        rotation.ws.apply();
        rotation.client_id = string(&rotation.ws.state_resource(CLIENT).unwrap(), "id");
        rotation
    }

    /// The configuration: the client, then `secrets`.
    fn write(&self, secrets: &str) {
        self.ws.write_config(&format!(
            r#"{PROVIDER}
resource "aws_cognito_user_pool_client" "app" {{
  name            = "app"
  user_pool_id    = {}
  generate_secret = true
}}
{secrets}"#,
            hcl_string(&self.pool)
        ));
    }

    /// One step: `secrets` applied, then no change planned and the client kept.
    /// Returns the secrets Cognito has then, which must be one or two.
    fn step(&mut self, secrets: &str, what: &str) -> Vec<String> {
        self.write(secrets);
        self.ws.apply();
        self.ws.assert_no_changes();
        assert_eq!(
            string(&self.ws.state_resource(CLIENT).unwrap(), "id"),
            self.client_id,
            "{what}: the client is never replaced"
        );
        let listed = self.secrets();
        assert!(
            (1..=2).contains(&listed.len()),
            "{what}: the client has {} secrets",
            listed.len()
        );
        listed
    }

    /// The ids of the client's secrets in Cognito, sorted.
    fn secrets(&self) -> Vec<String> {
        let mut ids = self.backend.client_secret_ids(&self.pool, &self.client_id);
        ids.sort();
        ids
    }

    /// The secret id the state records for the secret resource `name`.
    fn secret_id(&mut self, name: &str) -> String {
        string(
            &self.ws.state_resource(&address(name)).unwrap(),
            "secret_id",
        )
    }

    /// The import id of the secret `secret_id`.
    fn import_id(&self, secret_id: &str) -> String {
        format!("{}/{}/{secret_id}", self.pool, self.client_id)
    }

    /// Pattern 3: the client's original secret (the one not in `managed`) adopted into
    /// `original` with an import block, which plans the import and nothing else; the
    /// secrets stay as they are. Returns the original's id.
    fn adopt_the_original(&mut self, managed: &str, others: &str) -> String {
        let original = self
            .secrets()
            .into_iter()
            .find(|id| id != managed)
            .expect("the client's original secret");
        let before = self.secrets();
        let adopting = format!(
            "{others}{}\nresource \"aws_cognito_user_pool_client_secret\" \"original\" {{\n  \
             user_pool_id = aws_cognito_user_pool_client.app.user_pool_id\n  \
             client_id    = aws_cognito_user_pool_client.app.id\n}}\n",
            import("original", &self.import_id(&original))
        );
        self.write(&adopting);
        let plan = self.ws.plan();
        assert_eq!(
            plan.actions(&address("original")),
            ["no-op"],
            "imported as is"
        );
        assert_eq!(
            plan.change(&address("original"))
                .map(|c| c["importing"]["id"].clone()),
            Some(self.import_id(&original).into())
        );
        assert_eq!(plan.actions(CLIENT), ["no-op"]);
        assert_eq!(
            self.step(&adopting, "adopting the original"),
            before,
            "an import changes no secret"
        );
        assert_eq!(self.secret_id("original"), original);
        assert_eq!(
            self.ws.state_resource(&address("original")).unwrap()["client_secret"],
            serde_json::Value::Null,
            "Cognito never lists a secret's value"
        );
        original
    }
}

/// Pattern 3 then pattern 1: the original secret is adopted with an import block
/// and removed, and the one managed secret then rotates with
/// `create_before_destroy`: each rotation adds the new secret, then deletes the old.
/// Destroying everything at the end leaves nothing behind.
#[test]
fn pattern_one_managed_secret_rotates_with_create_before_destroy() {
    let mut r = Rotation::new(&secret("current", 1, true));
    let first = r.secret_id("current");
    assert_eq!(r.secrets().len(), 2, "the original and the managed secret");
    assert!(r.secrets().contains(&first));

    // A new, third secret would certainly be refused: an error at plan time.
    r.write(&format!(
        "{}{}",
        secret("current", 1, true),
        secret("third", 1, true)
    ));
    let error = r.ws.run_expect_failure(&["plan", "-no-color"]);
    assert!(contains_text(&error, "Too many client secrets"), "{error}");
    for id in r.secrets() {
        assert!(
            contains_text(&error, &id),
            "the refusal names {id}: {error}"
        );
    }

    // Pattern 3: adopt the original, then remove it: the managed one is left.
    let original = r.adopt_the_original(&first, &secret("current", 1, true));
    let only_managed = r.step(&secret("current", 1, true), "removing the original");
    assert_eq!(only_managed, std::slice::from_ref(&first));
    assert!(!only_managed.contains(&original));

    // Pattern 1: three rotations, each create before destroy.
    let mut current = first;
    for rotation in 2..=4 {
        r.write(&secret("current", rotation, true));
        let plan = r.ws.plan();
        assert_eq!(plan.actions(&address("current")), ["create", "delete"]);
        assert_eq!(plan.actions(CLIENT), ["no-op"], "the client is not touched");
        let after = r.step(&secret("current", rotation, true), "a rotation");
        let new = r.secret_id("current");
        assert_ne!(new, current, "rotation {rotation} makes a new secret");
        assert_eq!(after, std::slice::from_ref(&new), "and deletes the old one");
        current = new;
    }

    // Without create_before_destroy the old secret would have to go first, but it
    // is the client's last: the plan says so, the apply stops at the deletion, and
    // nothing changes.
    r.write(&secret("current", 5, false));
    let (_, plan) = r.ws.plan_with(&[]);
    assert!(
        contains_text(&plan.combined(), WARNING)
            && contains_text(
                &plan.combined(),
                "Without it, the apply stops at the deletion"
            ),
        "{}",
        plan.combined()
    );
    let error =
        r.ws.run_expect_failure(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        contains_text(&error, "It is the last secret of client")
            && contains_text(&error, "Give the resource create_before_destroy"),
        "{error}"
    );
    assert_eq!(
        r.secret_id("current"),
        current,
        "the state keeps the secret"
    );
    assert_eq!(r.secrets(), [current.clone()], "so does Cognito");

    // Destroying the client with its last secret: the secret leaves the state with
    // a warning (Cognito keeps it until the client goes), then the client goes.
    r.write(&secret("current", 5, true));
    let destroyed = r.ws.destroy();
    assert!(
        contains_text(&destroyed.combined(), "It is the last secret of client")
            && contains_text(&destroyed.combined(), "it leaves the state"),
        "{}",
        destroyed.combined()
    );
    assert!(r.backend.describe_client(&r.pool, &r.client_id).is_none());
}

/// Pattern 2: two secrets, `blue` (the client's original, adopted) and `green`,
/// rotated in turn without `create_before_destroy`: at two secrets a rotation must
/// delete the old one first. Each plan warns that it depends on that order; the one
/// not rotated never changes.
#[test]
fn pattern_two_blue_and_green_rotate_in_turn_without_create_before_destroy() {
    let mut r = Rotation::new("");
    let original = r.secrets();
    assert_eq!(original.len(), 1, "the client's own secret");
    let blue_green = |blue: u32, green: u32| {
        format!(
            "{}{}",
            secret("blue", blue, false),
            secret("green", green, false)
        )
    };
    let adopting = format!(
        "{}{}",
        blue_green(1, 1),
        import("blue", &r.import_id(&original[0]))
    );
    let both = r.step(&adopting, "blue adopted, green added");
    assert_eq!(both.len(), 2);
    assert_eq!(r.secret_id("blue"), original[0]);

    let (mut blue, mut green) = (1, 1);
    for cycle in 1..=2 {
        for rotating in ["green", "blue"] {
            let kept_name = if rotating == "green" { "blue" } else { "green" };
            let kept = r.secret_id(kept_name);
            let old = r.secret_id(rotating);
            if rotating == "green" {
                green += 1;
            } else {
                blue += 1;
            }
            r.write(&blue_green(blue, green));
            let (_, plan) = r.ws.plan_with(&[]);
            assert!(
                contains_text(&plan.combined(), WARNING)
                    && contains_text(
                        &plan.combined(),
                        "works when the old secret is deleted first"
                    ),
                "{}",
                plan.combined()
            );
            let after = r.step(&blue_green(blue, green), "a blue/green rotation");
            let new = r.secret_id(rotating);
            assert_ne!(new, old, "cycle {cycle}: {rotating} is rotated");
            assert_eq!(
                r.secret_id(kept_name),
                kept,
                "cycle {cycle}: {kept_name} is kept"
            );
            let mut expected = vec![kept, new];
            expected.sort();
            assert_eq!(after, expected, "cycle {cycle}, {rotating}");
        }
    }

    // With create_before_destroy, a rotation at two secrets would need a third: the
    // plan warns, the apply refuses before sending anything, and nothing changes.
    let before = r.secrets();
    let green_id = r.secret_id("green");
    let create_first = format!(
        "{}{}",
        secret("blue", blue, false),
        secret("green", green + 1, true)
    );
    r.write(&create_first);
    let (_, plan) = r.ws.plan_with(&[]);
    assert!(
        contains_text(
            &plan.combined(),
            "With create_before_destroy the new secret would be a third"
        ),
        "{}",
        plan.combined()
    );
    let calls_before = r.backend.calls();
    let error =
        r.ws.run_expect_failure(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        contains_text(&error, "Too many client secrets")
            && contains_text(&error, "nothing was changed"),
        "{error}"
    );
    let calls = call_delta(&calls_before, &r.backend.calls());
    assert_eq!(
        calls.get("AddUserPoolClientSecret"),
        None,
        "nothing is sent: {calls:?}"
    );
    assert_eq!(r.secrets(), before, "Cognito keeps the same secrets");
    assert_eq!(r.secret_id("green"), green_id, "and so does the state");
}

#[test]
fn a_secret_deleted_outside_terraform_is_drift_and_is_added_again() {
    let mut r = Rotation::new(&secret("current", 1, true));
    let managed = r.secret_id("current");
    r.backend
        .delete_client_secret(&r.pool, &r.client_id, &managed);
    let plan = r.ws.plan();
    assert_eq!(
        plan.actions(&address("current")),
        ["create"],
        "recreated after the drift"
    );
    let after = r.step(&secret("current", 1, true), "the drift corrected");
    let again = r.secret_id("current");
    assert_ne!(again, managed);
    assert_eq!(after.len(), 2);
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
/// place of theirs) import it, and destroy removes it from the state.
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

    // Destroyed for itself, the client's last secret leaves the state with a
    // warning: Cognito keeps it with the client, which stays.
    let destroyed = ws.destroy_with(&["-var", "rotation=next"]);
    assert!(
        contains_text(&destroyed.combined(), "It is the last secret of client")
            && contains_text(&destroyed.combined(), "it leaves the state"),
        "{}",
        destroyed.combined()
    );
    assert!(ws.state_resource(address).is_none());
    assert_eq!(
        backend.client_secret_ids(&pool, &client_id),
        std::slice::from_ref(&rotated)
    );
}
