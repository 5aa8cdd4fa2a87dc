//! `data "aws_cognito_user_pool_client"` and `data "aws_cognito_user_pool_clients"`,
//! through the real Terraform CLI: a read of every attribute, a clean plan, a re-read
//! after a change made outside Terraform, paging past 60 clients, calls per read,
//! and each error.

use serde_json::{Map, Value};

use test_support::backend::call_delta;
use test_support::blocking::Backend;
use test_support::fixture::{string, PROVIDER};
use test_support::hcl::ClientHcl;
use test_support::{hcl_string, Workspace};

const CLIENT: &str = "data.aws_cognito_user_pool_client.read";
const CLIENTS: &str = "data.aws_cognito_user_pool_clients.all";

/// A configuration with a `data "aws_cognito_user_pool_client" "read"` of `client_id`
/// (an HCL expression) in `pool`, and `extra` around it.
fn client_data(pool: &str, client_id: &str, extra: &str) -> String {
    format!(
        "{PROVIDER}\n{extra}\ndata \"aws_cognito_user_pool_client\" \"read\" {{\n  user_pool_id = {}\n  client_id    = {client_id}\n}}\n",
        hcl_string(pool)
    )
}

fn clients_data(pool: &str) -> String {
    format!(
        "{PROVIDER}\ndata \"aws_cognito_user_pool_clients\" \"all\" {{\n  user_pool_id = {}\n}}\n",
        hcl_string(pool)
    )
}

fn read(ws: &mut Workspace, address: &str) -> Map<String, Value> {
    ws.state_resource(address)
        .unwrap_or_else(|| panic!("{address} is not in state:\n{}", ws.transcript()))
}

/// Every attribute the resource records, read back by the data source with the
/// same values; `client_secret` is compared, never printed.
#[test]
fn a_client_reads_back_every_attribute_the_resource_records() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("data");
    let mut ws = Workspace::new(&backend);
    let resource = ClientHcl::new("test", "every-argument", &pool).every_argument();
    ws.write_config(&client_data(
        &pool,
        "aws_cognito_user_pool_client.test.id",
        &resource.to_string(),
    ));
    ws.apply();
    let managed = read(&mut ws, "aws_cognito_user_pool_client.test");
    let mut data = read(&mut ws, CLIENT);
    assert_eq!(data.remove("client_id"), managed.get("id").cloned());
    let secrets_equal = data.remove("client_secret") == managed.get("client_secret").cloned();
    assert!(
        secrets_equal,
        "the data source's client_secret differs from the resource's"
    );
    let mut expected = managed.clone();
    // What only the resource records: a write-only value and a custom secret's version.
    for resource_only in [
        "client_secret",
        "client_secret_wo",
        "client_secret_wo_version",
    ] {
        expected.remove(resource_only);
    }
    assert_eq!(data, expected, "data source and resource disagree");
    assert_eq!(data["generate_secret"], Value::Bool(true));
    ws.assert_no_changes();
}

/// A client without a secret reads `generate_secret = false` (the official data
/// source leaves it null), and no blocks AWS does not report; a read costs
/// one DescribeUserPoolClient; a change made outside Terraform shows on the next read.
#[test]
fn a_client_made_elsewhere_is_read_once_per_plan_and_follows_changes() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("data");
    let client = backend.create_client(&pool, "elsewhere", |request| request);
    let client_id = client.client_id().unwrap().to_owned();
    let mut ws = Workspace::new(&backend);
    ws.write_config(&client_data(&pool, &hcl_string(&client_id), ""));
    let before = backend.calls();
    ws.apply();
    let delta = call_delta(&before, &backend.calls());
    assert_eq!(
        delta.get("DescribeUserPoolClient"),
        Some(&1),
        "one read per apply: {delta:?}"
    );
    assert!(
        delta.keys().all(|op| op == "DescribeUserPoolClient"),
        "a data source only reads: {delta:?}"
    );
    let data = read(&mut ws, CLIENT);
    assert_eq!(string(&data, "name"), "elsewhere");
    assert_eq!(data["generate_secret"], Value::Bool(false));
    assert_eq!(string(&data, "client_secret"), "");
    assert_eq!(string(&data, "id"), client_id);
    assert_eq!(data["token_validity_units"], Value::Array(Vec::new()));
    assert_eq!(data["refresh_token_rotation"], Value::Array(Vec::new()));
    ws.assert_no_changes();

    backend.rename_client(&pool, &client_id, "renamed");
    ws.apply();
    assert_eq!(string(&read(&mut ws, CLIENT), "name"), "renamed");
    ws.destroy();
    assert!(
        ws.state_resource(CLIENT).is_none(),
        "destroy forgets the read"
    );
    assert!(
        backend.describe_client(&pool, &client_id).is_some(),
        "destroying a data source leaves the client"
    );
}

/// A missing client and a missing pool are errors that name both ids and say what
/// to check; a region outside the provider's partition is refused.
#[test]
fn a_missing_client_or_pool_is_an_error_naming_both_ids() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("data");
    let mut ws = Workspace::new(&backend);
    ws.write_config(&client_data(&pool, "\"nosuchclient0000000000000\"", ""));
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    let flat = test_support::checks::normalize(&error);
    assert!(
        flat.contains("reading Cognito User Pool Client (nosuchclient0000000000000)"),
        "{error}"
    );
    assert!(flat.contains(&format!("user pool \"{pool}\"")), "{error}");
    assert!(flat.contains("Check client_id and user_pool_id"), "{error}");

    let missing_pool = "us-east-1_NoSuchPool";
    ws.write_config(&client_data(
        missing_pool,
        "\"nosuchclient0000000000000\"",
        "",
    ));
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    let flat = test_support::checks::normalize(&error);
    assert!(
        flat.contains(missing_pool) && flat.contains("nosuchclient0000000000000"),
        "{error}"
    );

    let elsewhere = client_data(&pool, "\"nosuchclient0000000000000\"", "").replace(
        "  user_pool_id",
        "  region       = \"cn-north-1\"\n  user_pool_id",
    );
    ws.write_config(&elsewhere);
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    assert!(
        test_support::checks::normalize(&error).contains("Invalid Region Value"),
        "a region outside the provider's partition is refused: {error}"
    );

    ws.write_config(&clients_data(missing_pool));
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    let flat = test_support::checks::normalize(&error);
    assert!(
        flat.contains(&format!(
            "reading Cognito User Pool Clients ({missing_pool})"
        )),
        "{error}"
    );
    assert!(flat.contains("Check user_pool_id"), "{error}");
}

/// More than one page (Cognito lists at most 60 clients a page): every client once,
/// ids and names paired by position, in the backend's order, in two list calls.
#[test]
fn clients_are_listed_across_pages_with_names_paired_to_ids() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("data");
    let created: Vec<(String, String)> = (0..65)
        .map(|i| {
            let name = format!("client-{i:02}");
            let client = backend.create_client(&pool, &name, |request| request);
            (client.client_id().unwrap().to_owned(), name)
        })
        .collect();
    let mut ws = Workspace::new(&backend);
    ws.write_config(&clients_data(&pool));
    let before = backend.calls();
    ws.apply();
    let delta = call_delta(&before, &backend.calls());
    assert_eq!(
        delta.get("ListUserPoolClients"),
        Some(&2),
        "two pages: {delta:?}"
    );
    let data = read(&mut ws, CLIENTS);
    let list = |name: &str| -> Vec<String> {
        data[name]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is not a list"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let listed: Vec<(String, String)> = list("client_ids")
        .into_iter()
        .zip(list("client_names"))
        .collect();
    let backend_order: Vec<(String, String)> = backend
        .list_clients(&pool)
        .iter()
        .map(|c| {
            (
                c.client_id().unwrap().to_owned(),
                c.client_name().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        listed, backend_order,
        "Cognito's order, ids paired with names"
    );
    let mut sorted = listed.clone();
    sorted.sort();
    let mut expected = created;
    expected.sort();
    assert_eq!(sorted, expected, "every client exactly once");
    assert_eq!(string(&data, "id"), pool);
    ws.assert_no_changes();
}

/// The registry examples under `examples/data-sources/` (one directory per data
/// source; a missing one fails): formatted, applied against a pool with a client,
/// planned clean, destroyed. Each gets `-var` for the variables it declares.
#[test]
fn the_registry_examples_read_a_real_pool_and_client() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data-sources");
    let backend = Backend::start();
    let pool = backend.create_user_pool("examples");
    let client = backend.create_client(&pool, "example", test_support::backend::with_secret);
    let values = [
        ("user_pool_id", pool.clone()),
        ("client_id", client.client_id().unwrap().to_owned()),
    ];
    for type_name in [
        "aws_cognito_user_pool_client",
        "aws_cognito_user_pool_clients",
    ] {
        let dir = root.join(type_name);
        let snippet = std::fs::read_to_string(dir.join("data-source.tf"))
            .unwrap_or_else(|e| panic!("examples/data-sources/{type_name}/data-source.tf: {e}"));
        let mut ws = Workspace::new(&backend);
        ws.copy_files_from(&dir);
        ws.write_file("provider.tf", PROVIDER);
        let output = ws.run(&["fmt", "-check", "-diff", "-no-color", "data-source.tf"]);
        assert!(output.status.success(), "{type_name}: not formatted");
        let vars: Vec<String> = values
            .iter()
            .filter(|(name, _)| snippet.contains(&format!("variable \"{name}\"")))
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let args: Vec<&str> = vars.iter().flat_map(|v| ["-var", v.as_str()]).collect();
        ws.apply_with(&args);
        let read = read(&mut ws, &format!("data.{type_name}.example"));
        assert_eq!(string(&read, "user_pool_id"), pool, "{type_name}");
        let (code, output) = ws.plan_with(&args);
        assert_eq!(
            code,
            0,
            "{type_name} plans changes:\n{}",
            ws.redact(&output.combined())
        );
        ws.destroy_with(&args);
    }
}
