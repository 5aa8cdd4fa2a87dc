//! What most tests share: the provider block, client resource blocks, a fixture
//! (a backend, a user pool and a workspace), and the check run after every
//! applied step: the configuration plans no change, and importing every client
//! into a fresh workspace reproduces its state (the official provider's
//! `ImportStateVerify`, which ignores `generate_secret`).

use serde_json::{Map, Value};

use crate::backend::REGION;
use crate::blocking::Backend;
use crate::{hcl_string, Workspace};

/// The resource type under test.
pub const TYPE: &str = "aws_cognito_user_pool_client";

/// Attributes an import does not have to reproduce (as `ImportStateVerifyIgnore`).
pub const IMPORT_IGNORED: &[&str] = &["generate_secret"];

/// The provider requirements and an empty provider block: region, credentials and
/// endpoint come from the environment the workspace sets.
pub const PROVIDER: &str = r#"terraform {
  required_providers {
    aws = { source = "cognito-rs/aws" }
  }
}

provider "aws" {}
"#;

/// `resource "aws_cognito_user_pool_client" "LABEL" { BODY }`.
pub fn client(label: &str, body: &str) -> String {
    format!("\nresource \"{TYPE}\" \"{label}\" {{\n{body}\n}}\n")
}

/// The address of the client resource `label`.
pub fn address(label: &str) -> String {
    format!("{TYPE}.{label}")
}

/// A whole configuration: the provider block followed by `resources`.
pub fn config(resources: &str) -> String {
    format!("{PROVIDER}{resources}")
}

/// An `aws_cognito_user_pool_client` with `count` instances named `PREFIX-N`.
pub fn counted_clients(label: &str, count: usize, prefix: &str, pool: &str) -> String {
    format!(
        "\nresource \"{TYPE}\" \"{label}\" {{\n  count        = {count}\n  name         = \
         \"{prefix}-${{count.index}}\"\n  user_pool_id = {}\n}}\n",
        hcl_string(pool)
    )
}

/// The provider block with the pacing turned off (against the local backend with
/// its quotas off, pacing would only make the test slow).
pub fn unpaced_provider() -> String {
    PROVIDER.replace(
        "provider \"aws\" {}",
        "provider \"aws\" {\n  client_requests_per_second          = 0\n  \
         client_requests_per_second_per_pool = 0\n}",
    )
}

/// One backend with one user pool (in the default region), and a workspace aimed
/// at it.
pub struct Fixture {
    pub backend: Backend,
    pub pool: String,
    pub ws: Workspace,
}

impl Fixture {
    /// Starts a backend: not a default value, so there is no `Default`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Fixture {
        let backend = Backend::start();
        let pool = backend.create_user_pool("acceptance");
        let ws = Workspace::new(&backend);
        Fixture { backend, pool, ws }
    }

    /// Writes the provider block and `resources` as the configuration.
    pub fn write(&self, resources: &str) {
        self.ws.write_config(&config(resources));
    }

    /// One test step: writes `resources`, applies, then [`verify`]s.
    pub fn step(&mut self, resources: &str) {
        self.write(resources);
        self.ws.apply();
        self.verify();
    }

    /// [`verify`] on this fixture's workspace.
    pub fn verify(&mut self) {
        verify(&self.backend, &mut self.ws);
    }

    /// The state attributes of the client `label`; fails when it is not in state.
    pub fn state(&mut self, label: &str) -> Map<String, Value> {
        let address = address(label);
        self.ws
            .state_resource(&address)
            .unwrap_or_else(|| panic!("{address} is not in state:\n{}", self.ws.transcript()))
    }

    /// The client id of `label` in state.
    pub fn id(&mut self, label: &str) -> String {
        string(&self.state(label), "id")
    }
}

/// After an apply: `terraform plan -detailed-exitcode` exits 0, and an import of
/// every client into a fresh workspace with the same configuration reproduces the
/// state (except [`IMPORT_IGNORED`]) and then plans no change either.
pub fn verify(backend: &Backend, ws: &mut Workspace) {
    ws.assert_no_changes();
    assert_import_reproduces_state(backend, ws);
}

/// The import half of [`verify`].
pub fn assert_import_reproduces_state(backend: &Backend, ws: &mut Workspace) {
    let expected = client_resources(&ws.show_json());
    assert!(
        !expected.is_empty(),
        "no {TYPE} in state to import:\n{}",
        ws.transcript()
    );
    let mut fresh = Workspace::new(backend);
    fresh.copy_files_from(&ws.dir());
    for (address, values) in &expected {
        fresh.import(address, &import_id(values));
    }
    let imported = client_resources(&fresh.show_json());
    let mut problems = Vec::new();
    for (address, values) in &expected {
        match imported.iter().find(|(a, _)| a == address) {
            Some((_, actual)) => problems.extend(
                attribute_differences(values, actual, IMPORT_IGNORED)
                    .into_iter()
                    .map(|d| format!("{address}: {d}")),
            ),
            None => problems.push(format!("{address}: not in state after import")),
        }
    }
    assert!(
        problems.is_empty(),
        "import does not reproduce the state:\n{}\n--- import transcript ---\n{}",
        ws.redact(&fresh.redact(&problems.join("\n"))),
        fresh.transcript()
    );
    fresh.assert_no_changes();
}

/// `user_pool_id/client_id`, with `@region` when the client is not in the
/// provider's region.
pub fn import_id(values: &Map<String, Value>) -> String {
    let pool = string(values, "user_pool_id");
    let id = string(values, "id");
    match values.get("region").and_then(Value::as_str) {
        Some(region) if region != REGION => format!("{pool}/{id}@{region}"),
        _ => format!("{pool}/{id}"),
    }
}

/// Every managed client in a `terraform show -json` document: address and values.
pub fn client_resources(state: &Value) -> Vec<(String, Map<String, Value>)> {
    let mut found = Vec::new();
    collect_clients(&state["values"]["root_module"], &mut found);
    found
}

fn collect_clients(module: &Value, found: &mut Vec<(String, Map<String, Value>)>) {
    for resource in module["resources"].as_array().into_iter().flatten() {
        if resource["type"] == TYPE && resource["mode"] == "managed" {
            if let (Some(address), Some(values)) =
                (resource["address"].as_str(), resource["values"].as_object())
            {
                found.push((address.to_owned(), values.clone()));
            }
        }
    }
    for child in module["child_modules"].as_array().into_iter().flatten() {
        collect_clients(child, found);
    }
}

/// One line per attribute whose value differs (`client_secret` only says that it
/// differs, never what it is), ignoring `ignored`.
pub fn attribute_differences(
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    ignored: &[&str],
) -> Vec<String> {
    let mut names: Vec<&String> = expected.keys().chain(actual.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| !ignored.contains(&name.as_str()))
        .filter_map(|name| {
            let (e, a) = (expected.get(name), actual.get(name));
            if e == a {
                return None;
            }
            Some(if name == "client_secret" {
                "client_secret differs (values not shown)".to_owned()
            } else {
                format!("{name}: expected {}, got {}", show(e), show(a))
            })
        })
        .collect()
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "<absent>".to_owned(), Value::to_string)
}

/// A string attribute; fails when it is missing or not a string.
pub fn string(values: &Map<String, Value>, name: &str) -> String {
    attribute(values, name, Value::as_str, "a string").to_owned()
}

/// An integer attribute; fails when it is missing or not an integer.
pub fn int(values: &Map<String, Value>, name: &str) -> i64 {
    attribute(values, name, Value::as_i64, "an integer")
}

fn attribute<'a, T>(
    values: &'a Map<String, Value>,
    name: &str,
    read: impl FnOnce(&'a Value) -> Option<T>,
    kind: &str,
) -> T {
    values
        .get(name)
        .and_then(read)
        .unwrap_or_else(|| panic!("attribute {name} is missing or not {kind}"))
}

/// The elements of a set-of-strings attribute, sorted.
pub fn strings(values: &Map<String, Value>, name: &str) -> Vec<String> {
    let mut items: Vec<String> = values
        .get(name)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("attribute {name} is missing or not a set"))
        .iter()
        .map(|v| v.as_str().expect("a string element").to_owned())
        .collect();
    items.sort();
    items
}

/// The one element of a single-element block, or `None` when the block is empty.
pub fn block(values: &Map<String, Value>, name: &str) -> Option<Map<String, Value>> {
    let elements = values
        .get(name)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("block {name} is missing or not a list"));
    assert!(
        elements.len() <= 1,
        "block {name} has {} elements",
        elements.len()
    );
    elements.first().and_then(Value::as_object).cloned()
}
