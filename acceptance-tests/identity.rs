//! Resource identity (Terraform and OpenTofu 1.12+): every type stores its
//! identity, and an `import` block with `identity = {...}` instead of `id` adopts
//! an existing object with no change planned; an identity naming nothing, or
//! another account, is a clear error.

use serde_json::{Map, Value};

use test_support::backend::{with_secret, REGION};
use test_support::blocking::Backend;
use test_support::checks;
use test_support::fixture::config;
use test_support::{hcl_string, Workspace};

const CLIENT: &str = "aws_cognito_user_pool_client.made";
const MANAGED: &str = "aws_cognito_managed_user_pool_client.adopted";
const SECRET: &str = "aws_cognito_user_pool_client_secret.original";

/// What each type's identity names, by attribute.
fn ids(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), Value::String(value.to_string())))
        .collect()
}

/// An `import` block for `address` with the identity `identity`, as HCL.
fn import_by_identity(address: &str, identity: &Map<String, Value>) -> String {
    let attributes: Vec<String> = identity
        .iter()
        .map(|(name, value)| {
            format!(
                "    {name} = {}",
                hcl_string(value.as_str().unwrap_or_default())
            )
        })
        .collect();
    format!(
        "\nimport {{\n  to = {address}\n  identity = {{\n{}\n  }}\n}}\n",
        attributes.join("\n")
    )
}

/// The client Terraform makes in the first workspace.
fn made_client(pool: &str) -> String {
    format!(
        "resource \"aws_cognito_user_pool_client\" \"made\" {{\n  name = \"made\"\n  user_pool_id = {}\n}}\n",
        hcl_string(pool)
    )
}

/// The account of every identity: the backend's caller identity (moto's fixed account).
fn account(identity: &Map<String, Value>) -> String {
    let account = identity["account_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()),
        "account_id is an AWS account id: {identity:?}"
    );
    account
}

/// A client made by Terraform, a client made elsewhere adopted as a managed client,
/// and that client's secret: each has its identity in state after apply, and a
/// second workspace imports all three by identity alone (no import id, nothing
/// copied from the console but the ids), plans no change, applies, and then has
/// the same identities.
#[test]
fn every_type_stores_its_identity_and_imports_by_it_with_no_change() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("identity");
    let elsewhere = backend.create_client(&pool, "app", with_secret);
    let app_id = elsewhere.client_id().unwrap().to_owned();
    let secret_id = backend.client_secret_ids(&pool, &app_id).remove(0);

    let mut first = Workspace::new(&backend);
    first.write_config(&config(&made_client(&pool)));
    first.apply();
    let made_id = first.state_resource(CLIENT).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let identity = first
        .state_identity(CLIENT)
        .expect("the client's identity in state");
    let account = account(&identity);
    let expected = ids(&[
        ("account_id", &account),
        ("client_id", &made_id),
        ("region", REGION),
        ("user_pool_id", &pool),
    ]);
    assert_eq!(identity, expected, "{}", first.transcript());

    let adopted = format!(
        "resource \"aws_cognito_managed_user_pool_client\" \"adopted\" {{\n  user_pool_id = {}\n  name_pattern = \"^app$\"\n}}\n",
        hcl_string(&pool)
    );
    let secret = format!(
        "resource \"aws_cognito_user_pool_client_secret\" \"original\" {{\n  user_pool_id = {}\n  client_id = {}\n}}\n",
        hcl_string(&pool),
        hcl_string(&app_id)
    );
    let identities = [
        (
            CLIENT,
            ids(&[("user_pool_id", &pool), ("client_id", &made_id)]),
        ),
        (
            MANAGED,
            ids(&[
                ("user_pool_id", &pool),
                ("client_id", &app_id),
                ("region", REGION),
            ]),
        ),
        (
            SECRET,
            ids(&[
                ("user_pool_id", &pool),
                ("client_id", &app_id),
                ("secret_id", &secret_id),
                ("account_id", &account),
            ]),
        ),
    ];
    let imports: String = identities
        .iter()
        .map(|(address, identity)| import_by_identity(address, identity))
        .collect();
    let mut second = Workspace::new(&backend);
    second.write_config(&config(&format!(
        "{}{adopted}{secret}{imports}",
        made_client(&pool)
    )));
    let plan = second.plan();
    assert_eq!(plan.exit_code, 2, "{}", second.transcript());
    for (address, identity) in &identities {
        assert_eq!(
            plan.actions(address),
            ["no-op"],
            "{address}:\n{}",
            second.transcript()
        );
        let importing = &plan.change(address).unwrap()["importing"]["identity"];
        for (name, value) in identity {
            assert_eq!(&importing[name], value, "{address} imports by its identity");
        }
    }
    second.apply();
    second.assert_no_changes();
    for (address, given) in &identities {
        let stored = second
            .state_identity(address)
            .expect("an identity in state");
        for (name, value) in given {
            assert_eq!(&stored[name], value, "{address}: {stored:?}");
        }
        assert_eq!(stored["region"], REGION, "{address}");
        assert_eq!(stored["account_id"], account.as_str(), "{address}");
    }
    assert_eq!(
        second.state_identity(CLIENT),
        Some(expected),
        "the same client has the same identity in both workspaces"
    );
    assert_eq!(
        second.state_resource(MANAGED).unwrap()["name"],
        "app",
        "{}",
        second.transcript()
    );
}

/// An identity must name an existing object of the provider's account: a missing
/// client is an error naming it, another account is refused before any read, and
/// an identity without a required attribute is refused by the CLI itself.
#[test]
fn import_by_identity_errors_name_what_is_wrong() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("identity-errors");
    let mut ws = Workspace::new(&backend);
    let attempt = |ws: &mut Workspace, identity: &[(&str, &str)]| {
        let imports = import_by_identity(CLIENT, &ids(identity));
        ws.write_config(&config(&format!("{}{imports}", made_client(&pool))));
        checks::normalize(&ws.run_expect_failure(&["plan", "-input=false", "-no-color"]))
    };

    let missing = attempt(
        &mut ws,
        &[("user_pool_id", &pool), ("client_id", "nosuchclient1")],
    );
    assert!(
        missing.contains("Cannot import non-existent remote object"),
        "{missing}"
    );
    assert!(
        missing.contains("nosuchclient1") && missing.contains(&pool),
        "{missing}"
    );

    let foreign = attempt(
        &mut ws,
        &[
            ("user_pool_id", &pool),
            ("client_id", "someclient"),
            ("account_id", "999999999999"),
        ],
    );
    assert!(
        foreign.contains("cannot be used to import resources from account \"999999999999\""),
        "{foreign}"
    );

    let incomplete = attempt(&mut ws, &[("user_pool_id", &pool)]);
    assert!(incomplete.contains("client_id"), "{incomplete}");
    assert!(backend.list_clients(&pool).is_empty());
}
