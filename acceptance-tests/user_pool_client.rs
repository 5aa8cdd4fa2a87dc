//! `aws_cognito_user_pool_client`: create, read, update, delete, import and drift,
//! through the real Terraform CLI. Each test owns its backend and workspace.

use serde_json::{Map, Value};

use test_support::blocking::Backend;
use test_support::fixture::{string, PROVIDER};
use test_support::{checks, hcl_string, Workspace};

/// The resource address every configuration below uses.
const ADDR: &str = "aws_cognito_user_pool_client.test";

/// One backend with one user pool, and a workspace aimed at it.
struct Fixture {
    backend: Backend,
    pool: String,
    ws: Workspace,
}

impl Fixture {
    fn new() -> Fixture {
        let backend = Backend::start();
        let pool = backend.create_user_pool("acceptance");
        let ws = Workspace::new(&backend);
        Fixture { backend, pool, ws }
    }

    /// Writes a configuration with one client in the fixture's pool and applies it;
    /// returns the client id from state.
    fn apply_client(&mut self, name: &str, extra: &str) -> String {
        self.ws
            .write_config(&client_config(&self.pool, name, extra));
        self.ws.apply();
        self.state_id()
    }

    fn state_id(&mut self) -> String {
        string(&self.state(), "id")
    }

    fn state(&mut self) -> Map<String, Value> {
        self.ws
            .state_resource(ADDR)
            .unwrap_or_else(|| panic!("{ADDR} is not in state:\n{}", self.ws.transcript()))
    }
}

/// A configuration with one client; `extra` holds further attribute lines.
fn client_config(pool: &str, name: &str, extra: &str) -> String {
    format!(
        "{PROVIDER}\nresource \"aws_cognito_user_pool_client\" \"test\" {{\n  name         = {}\n  user_pool_id = {}\n{extra}}}\n",
        hcl_string(name),
        hcl_string(pool),
    )
}

/// An `import {}` block for the test client.
fn import_block(id: &str) -> String {
    format!(
        "\nimport {{\n  to = {ADDR}\n  id = {}\n}}\n",
        hcl_string(id)
    )
}

/// Asserts that two states hold the same attributes, except `ignored` ones, without
/// ever printing `client_secret` (compared for equality only).
fn assert_same_attributes(
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    ignored: &[&str],
) {
    let without = |attributes: &Map<String, Value>| {
        let mut shown = attributes.clone();
        for name in ignored.iter().chain(["client_secret"].iter()) {
            shown.remove(*name);
        }
        shown
    };
    assert_eq!(
        without(actual),
        without(expected),
        "state attributes differ"
    );
    assert!(
        actual.get("client_secret") == expected.get("client_secret"),
        "client_secret differs between the states (values not shown)"
    );
}

#[test]
fn basic_apply_then_no_diff() {
    let mut f = Fixture::new();
    let id = f.apply_client("basic", "");

    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("the client exists in the backend");
    assert_eq!(remote.client_name(), Some("basic"));
    let state = f.state();
    assert_eq!(string(&state, "name"), "basic");
    assert_eq!(string(&state, "user_pool_id"), f.pool);
    assert_eq!(string(&state, "client_secret"), "");
    assert_eq!(f.backend.list_clients(&f.pool).len(), 1);

    f.ws.assert_no_changes();
    assert_eq!(f.backend.call_count("CreateUserPoolClient"), 1);
}

#[test]
fn import_reproduces_state_then_no_diff() {
    let mut f = Fixture::new();
    let id = f.apply_client("imported", "");
    let original = f.state();

    let mut fresh = Workspace::new(&f.backend);
    fresh.write_config(&client_config(&f.pool, "imported", ""));
    fresh.import(ADDR, &format!("{}/{id}", f.pool));

    let imported = fresh.state_resource(ADDR).expect("imported into state");
    assert_same_attributes(&original, &imported, &["generate_secret"]);
    fresh.assert_no_changes();
}

#[test]
fn import_block_reproduces_state_then_no_diff() {
    let mut f = Fixture::new();
    let id = f.apply_client("import-block", "");
    let original = f.state();

    let mut fresh = Workspace::new(&f.backend);
    let config = client_config(&f.pool, "import-block", "");
    fresh.write_config(&(config + &import_block(&format!("{}/{id}", f.pool))));
    let plan = fresh.plan();
    assert_eq!(plan.actions(ADDR), ["no-op"], "{}", fresh.transcript());
    fresh.apply();

    let imported = fresh.state_resource(ADDR).expect("imported into state");
    assert_same_attributes(&original, &imported, &["generate_secret"]);
    fresh.assert_no_changes();
}

/// Section 0.5 of the spec: importing a client that has a secret under a
/// configuration with `generate_secret = true` must not plan a replacement.
#[test]
fn import_with_generate_secret_true_plans_no_change() {
    let mut f = Fixture::new();
    let secret_line = "  generate_secret = true\n";
    let id = f.apply_client("with-secret", secret_line);

    let mut fresh = Workspace::new(&f.backend);
    fresh.write_config(&client_config(&f.pool, "with-secret", secret_line));
    fresh.import(ADDR, &format!("{}/{id}", f.pool));
    fresh.assert_no_changes();
}

#[test]
fn rename_updates_in_place() {
    let mut f = Fixture::new();
    let id = f.apply_client("before", "");

    f.ws.write_config(&client_config(&f.pool, "after", ""));
    assert_eq!(
        f.ws.plan().actions(ADDR),
        ["update"],
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();

    assert_eq!(f.state_id(), id, "a rename must keep the client id");
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(remote.client_name(), Some("after"));
    f.ws.assert_no_changes();
}

#[test]
fn user_pool_id_change_replaces_client() {
    let mut f = Fixture::new();
    let old_id = f.apply_client("moving", "");
    let new_pool = f.backend.create_user_pool("second");

    f.ws.write_config(&client_config(&new_pool, "moving", ""));
    assert_eq!(
        f.ws.plan().actions(ADDR),
        ["delete", "create"],
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();

    let new_id = f.state_id();
    assert_ne!(new_id, old_id, "moving pools must create a new client");
    assert!(f.backend.describe_client(&new_pool, &new_id).is_some());
    assert!(f.backend.describe_client(&f.pool, &old_id).is_none());
    assert!(f.backend.list_clients(&f.pool).is_empty());
    f.ws.assert_no_changes();
}

#[test]
fn generate_secret_stores_sensitive_secret() {
    let mut f = Fixture::new();
    let id = f.apply_client("secret", "  generate_secret = true\n");

    let secret = string(&f.state(), "client_secret");
    assert!(!secret.is_empty(), "client_secret is empty in state");
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert!(
        remote.client_secret() == Some(secret.as_str()),
        "state client_secret differs from the backend's (values not shown)"
    );
    // The workspace fails this command if the secret is printed in clear.
    let shown = f.ws.state_show(ADDR);
    assert!(
        checks::contains_text(&shown, "client_secret = (sensitive value)"),
        "state show does not mark client_secret as sensitive:\n{shown}"
    );
    f.ws.assert_no_changes();
}

#[test]
fn generate_secret_change_forces_replacement() {
    let mut f = Fixture::new();
    let old_id = f.apply_client("rotate", "");

    f.ws.write_config(&client_config(
        &f.pool,
        "rotate",
        "  generate_secret = true\n",
    ));
    assert_eq!(
        f.ws.plan().actions(ADDR),
        ["delete", "create"],
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();

    let state = f.state();
    let new_id = string(&state, "id");
    assert_ne!(new_id, old_id);
    assert!(!string(&state, "client_secret").is_empty());
    assert!(f.backend.describe_client(&f.pool, &old_id).is_none());
    f.ws.assert_no_changes();
}

#[test]
fn drift_deleted_out_of_band_is_recreated() {
    let mut f = Fixture::new();
    let old_id = f.apply_client("disappears", "");

    f.backend.delete_client(&f.pool, &old_id);
    assert_eq!(f.ws.plan_detailed_exitcode(), 2, "{}", f.ws.transcript());
    assert_eq!(
        f.ws.plan().actions(ADDR),
        ["create"],
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();

    let new_id = f.state_id();
    assert_ne!(new_id, old_id);
    assert!(f.backend.describe_client(&f.pool, &new_id).is_some());
    f.ws.assert_no_changes();
}

#[test]
fn drift_renamed_out_of_band_is_updated_back() {
    let mut f = Fixture::new();
    let id = f.apply_client("original", "");

    f.backend.rename_client(&f.pool, &id, "renamed-out-of-band");
    let plan = f.ws.plan();
    assert_eq!(plan.exit_code, 2, "{}", f.ws.transcript());
    assert_eq!(plan.actions(ADDR), ["update"], "{}", f.ws.transcript());
    let change = plan.change(ADDR).expect("a change for the client");
    assert_eq!(change["before"]["name"], "renamed-out-of-band");
    assert_eq!(change["after"]["name"], "original");
    f.ws.apply();

    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(remote.client_name(), Some("original"));
    f.ws.assert_no_changes();
}

#[test]
fn destroy_removes_client() {
    let mut f = Fixture::new();
    f.apply_client("doomed", "");

    f.ws.destroy();

    assert!(f.backend.list_clients(&f.pool).is_empty());
    assert!(f.ws.state_resource(ADDR).is_none(), "{}", f.ws.transcript());
}

#[test]
fn import_with_malformed_id_fails() {
    let mut f = Fixture::new();
    f.ws.write_config(&client_config(&f.pool, "never", ""));

    let output = f.ws.import_expect_failure(ADDR, "nonsense");
    assert!(
        checks::contains_text(
            &output,
            "wrong format of import ID (nonsense), use: 'user-pool-id/client-id'"
        ),
        "unexpected error:\n{output}"
    );
    assert!(f.ws.state_resource(ADDR).is_none());
}

#[test]
fn import_of_missing_client_fails() {
    let mut f = Fixture::new();
    f.ws.write_config(&client_config(&f.pool, "never", ""));

    let missing = format!("{}/{}", f.pool, "0123456789abcdefghijklmnop");
    let output = f.ws.import_expect_failure(ADDR, &missing);
    assert!(
        checks::contains_text(&output, "Cannot import non-existent remote object"),
        "unexpected error:\n{output}"
    );
    assert!(f.ws.state_resource(ADDR).is_none());
}
