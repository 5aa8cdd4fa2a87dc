//! This provider beside the official one (`docs/guides/using-beside-the-official-provider.md`,
//! `examples/with-official-provider`): declared under the local name `cognito` and
//! selected with `provider = cognito`, it applies, plans clean, imports (`terraform
//! import` and an `import {}` block) and destroys; and a client recorded under the
//! official provider's source address moves to it with no destroy and no create.
//!
//! The official provider cannot be installed in the tests (no registry, no network).
//! Where its source address matters, the tests give `hashicorp/aws` (under the CLI's
//! registry host: `registry.terraform.io` for Terraform, `registry.opentofu.org` for
//! OpenTofu) a development override to this same binary: the CLI then records and
//! reads the client under the official address, exactly as it does for a state
//! written by the official provider (same type, same schema, same state format), and
//! the move to `cognito-rs/aws` is observable in the state.

use std::fs;
use std::path::Path;

use aws_sdk_cognitoidentityprovider::types::ResourceServerScopeType;
use serde_json::{Map, Value};

use test_support::backend::REGION;
use test_support::blocking::Backend;
use test_support::checks;
use test_support::cli::Cli;
use test_support::fixture::{attribute_differences, string, IMPORT_IGNORED};
use test_support::terraform::PROVIDER_SOURCE;
use test_support::{hcl_string, provider_binary, Workspace};

/// This provider's address, as `terraform show -json` reports it.
fn cognito_address() -> String {
    Cli::under_test().full_source(PROVIDER_SOURCE)
}

/// The official provider's address (served by this binary in these tests).
fn official_address() -> String {
    Cli::under_test().full_source("hashicorp/aws")
}

/// The resource server the OAuth client's scope comes from, created out of band
/// as the official provider would create it.
const API: &str = "https://api.example.com";

/// The client of [`beside_official_apply_plan_import_and_destroy_under_local_name_cognito`].
const ADDRESS: &str = "aws_cognito_user_pool_client.service";

/// Both providers declared, each with its (empty) provider block: region,
/// credentials and endpoint come from the workspace's environment.
const BOTH_PROVIDERS: &str = r#"terraform {
  required_providers {
    aws     = { source = "hashicorp/aws" }
    cognito = { source = "cognito-rs/aws" }
  }
}

provider "aws" {}

provider "cognito" {}
"#;

/// The official provider alone, under the local name `aws`.
const OFFICIAL_ONLY: &str = r#"terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {}
"#;

/// Creates the resource server `API` with the scope `read` in `pool` and returns
/// the scope's identifier (what the official provider's `scope_identifiers` holds).
fn create_resource_server(backend: &Backend, pool: &str) -> String {
    let sdk = backend.sdk(REGION);
    let scope = ResourceServerScopeType::builder()
        .scope_name("read")
        .scope_description("Read access to the API")
        .build()
        .expect("a complete scope");
    backend
        .block_on(
            sdk.create_resource_server()
                .user_pool_id(pool)
                .identifier(API)
                .name("example-api")
                .scopes(scope)
                .send(),
        )
        .expect("create the resource server");
    format!("{API}/read")
}

/// A machine-to-machine client with the resource server's scope, selected from
/// this provider with `provider = cognito`.
fn service_client(pool: &str, scope: &str) -> String {
    format!(
        r#"
resource "aws_cognito_user_pool_client" "service" {{
  provider = cognito

  name                                 = "api-service"
  user_pool_id                         = {}
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  allowed_oauth_scopes                 = [{}]
}}
"#,
        hcl_string(pool),
        hcl_string(scope)
    )
}

/// This provider alone, under the local name `cognito`.
fn cognito_only(resources: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    cognito = {{ source = \"cognito-rs/aws\" }}\n  }}\n}}\n\nprovider \"cognito\" {{}}\n{resources}"
    )
}

/// `import { provider = cognito, to = ADDR, id = ID }`.
fn import_block(to: &str, id: &str) -> String {
    format!(
        "\nimport {{\n  provider = cognito\n  to       = {to}\n  id       = {}\n}}\n",
        hcl_string(id)
    )
}

/// The managed resource at `address` in the root module of a `terraform show
/// -json` document (state or plan's `prior_state`), with `provider_name`.
fn resource<'a>(state: &'a Value, address: &str) -> Option<&'a Value> {
    state["values"]["root_module"]["resources"]
        .as_array()?
        .iter()
        .find(|r| r["address"] == address && r["mode"] == "managed")
}

/// The provider address and the attribute values of `address` in `ws`'s state.
fn recorded(ws: &mut Workspace, address: &str) -> (String, Map<String, Value>) {
    let state = ws.show_json();
    let found = resource(&state, address)
        .unwrap_or_else(|| panic!("{address} is not in state:\n{}", ws.transcript()));
    let provider = found["provider_name"]
        .as_str()
        .unwrap_or_else(|| panic!("{address} has no provider_name in `terraform show -json`"))
        .to_owned();
    let values = found["values"]
        .as_object()
        .cloned()
        .unwrap_or_else(|| panic!("{address} has no values in `terraform show -json`"));
    (provider, values)
}

/// Every managed address in `ws`'s state.
fn addresses(ws: &mut Workspace) -> Vec<String> {
    let state = ws.show_json();
    state["values"]["root_module"]["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["address"].as_str().map(str::to_owned))
        .collect()
}

/// Points `ws` at a CLI configuration that serves both this provider's address and
/// the official provider's (`hashicorp/aws`) with this binary; see the module docs.
fn official_address_served_by_this_binary(ws: &mut Workspace) {
    let binary = provider_binary();
    let dir = binary
        .parent()
        .expect("the provider binary has a parent directory");
    let dir = hcl_string(&dir.to_string_lossy());
    let text = format!(
        "provider_installation {{\n  dev_overrides {{\n    {} = {dir}\n    {} = {dir}\n  }}\n  direct {{}}\n}}\n",
        hcl_string(&cognito_address()),
        hcl_string(&official_address()),
    );
    let root = ws.dir().parent().expect("the workspace root").to_owned();
    let path = root.join("official-address.tfrc");
    fs::write(&path, text).expect("write the CLI configuration");
    ws.set_env("TF_CLI_CONFIG_FILE", &path.to_string_lossy());
}

/// A client named `name` with nothing else set, at the address with `label`,
/// under the provider the local name `aws` stands for unless `provider` is given.
fn named_client(label: &str, name: &str, pool: &str, provider: Option<&str>) -> String {
    let provider = provider.map_or(String::new(), |p| format!("  provider = {p}\n\n"));
    format!(
        "\nresource \"aws_cognito_user_pool_client\" \"{label}\" {{\n{provider}  name         = {}\n  user_pool_id = {}\n}}\n",
        hcl_string(name),
        hcl_string(pool)
    )
}

/// [`named_client`] named after its label.
fn plain_client(label: &str, pool: &str, provider: Option<&str>) -> String {
    named_client(label, label, pool, provider)
}

/// Applies `aws_cognito_user_pool_client.LABEL` for each of `labels` under the
/// official provider's address, and checks that the state records that address
/// and that the clients exist.
fn apply_under_official_address(
    ws: &mut Workspace,
    backend: &Backend,
    pool: &str,
    labels: &[&str],
) {
    let resources: String = labels.iter().map(|l| plain_client(l, pool, None)).collect();
    ws.write_config(&format!("{OFFICIAL_ONLY}{resources}"));
    ws.apply();
    for label in labels {
        let address = format!("aws_cognito_user_pool_client.{label}");
        let (provider, values) = recorded(ws, &address);
        assert_eq!(
            provider,
            official_address(),
            "{address} must start out under the official provider's address"
        );
        assert!(
            backend
                .describe_client(pool, &string(&values, "id"))
                .is_some(),
            "{address} was not created in the backend"
        );
    }
}

/// The guide's setup: this provider under the local name `cognito`, selected with
/// `provider = cognito`, through a whole lifecycle, with an OAuth client whose
/// scope comes from a resource server made elsewhere.
#[test]
fn beside_official_apply_plan_import_and_destroy_under_local_name_cognito() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("beside-official");
    let scope = create_resource_server(&backend, &pool);
    let client = service_client(&pool, &scope);
    let config = cognito_only(&client);
    let mut ws = Workspace::new(&backend);

    // Without a required_providers entry, the local name `cognito` stands for
    // hashicorp/cognito, which does not exist: the entry is needed.
    ws.write_config(&format!("\nprovider \"cognito\" {{}}\n{client}"));
    let output = ws.run_expect_failure(&["plan", "-input=false", "-no-color"]);
    assert!(
        checks::contains_text(&output, &Cli::under_test().full_source("hashicorp/cognito")),
        "without required_providers, `cognito` should resolve to hashicorp/cognito:\n{output}"
    );
    assert!(backend.list_clients(&pool).is_empty());

    // Apply: the client is recorded under this provider's address and exists.
    ws.write_config(&config);
    ws.apply();
    let (provider, values) = recorded(&mut ws, ADDRESS);
    assert_eq!(provider, cognito_address(), "{}", ws.transcript());
    let id = string(&values, "id");
    let remote = backend
        .describe_client(&pool, &id)
        .unwrap_or_else(|| panic!("client {id} not in the backend after apply"));
    assert_eq!(remote.client_name.as_deref(), Some("api-service"));
    assert_eq!(remote.allowed_o_auth_scopes, Some(vec![scope.clone()]));
    assert!(remote.client_secret.is_some(), "generate_secret = true");
    ws.assert_no_changes();

    // `terraform import` into a fresh workspace with the same configuration.
    let import_id = format!("{pool}/{id}");
    let mut imported = Workspace::new(&backend);
    imported.write_config(&config);
    imported.import(ADDRESS, &import_id);
    let (provider, imported_values) = recorded(&mut imported, ADDRESS);
    assert_eq!(provider, cognito_address(), "{}", imported.transcript());
    let differences = attribute_differences(&values, &imported_values, IMPORT_IGNORED);
    assert!(
        differences.is_empty(),
        "terraform import differs:\n{}",
        differences.join("\n")
    );
    imported.assert_no_changes();

    // An import block with `provider = cognito`: the plan imports through this
    // provider and changes nothing else.
    let mut block = Workspace::new(&backend);
    block.write_config(&format!("{config}{}", import_block(ADDRESS, &import_id)));
    let plan = block.plan();
    assert_eq!(
        plan.exit_code,
        2,
        "an import is a change:\n{}",
        block.transcript()
    );
    let changes = plan.json["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(changes.len(), 1, "{}", block.transcript());
    assert_eq!(changes[0]["address"], ADDRESS);
    assert_eq!(changes[0]["provider_name"], cognito_address());
    assert_eq!(plan.actions(ADDRESS), ["no-op"], "{}", block.transcript());
    assert_eq!(
        plan.change(ADDRESS).map(|c| c["importing"]["id"].clone()),
        Some(Value::from(import_id.clone()))
    );
    let applied = block.run_ok(&["apply", "-input=false", "-no-color", "tfplan"]);
    assert!(
        checks::contains_text(
            &applied.stdout,
            // OpenTofu adds ", 1 forgotten".
            "Resources: 1 imported, 0 added, 0 changed, 0 destroyed"
        ),
        "{}",
        block.transcript()
    );
    let (provider, block_values) = recorded(&mut block, ADDRESS);
    assert_eq!(provider, cognito_address(), "{}", block.transcript());
    let differences = attribute_differences(&values, &block_values, IMPORT_IGNORED);
    assert!(
        differences.is_empty(),
        "import block differs:\n{}",
        differences.join("\n")
    );
    block.assert_no_changes();
    assert_eq!(
        backend.call_count("CreateUserPoolClient"),
        1,
        "the imports must not create clients"
    );

    // Destroy: the client is gone from the backend and from the state.
    ws.destroy();
    assert!(
        backend.describe_client(&pool, &id).is_none(),
        "client {id} still exists after destroy"
    );
    assert!(backend.list_clients(&pool).is_empty());
    assert_eq!(
        addresses(&mut ws),
        Vec::<String>::new(),
        "{}",
        ws.transcript()
    );
}

/// The guide's move with `removed` and `import` blocks: a client recorded under
/// the official provider's address is forgotten at its old address and imported
/// through this provider at a new one, with no destroy and no create.
#[test]
fn client_moves_from_the_official_address_with_removed_and_import_blocks() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("removed-and-import");
    let mut ws = Workspace::new(&backend);
    official_address_served_by_this_binary(&mut ws);
    apply_under_official_address(&mut ws, &backend, &pool, &["app"]);
    let old = "aws_cognito_user_pool_client.app";
    let new = "aws_cognito_user_pool_client.app_cognito";
    let (_, before) = recorded(&mut ws, old);
    let id = string(&before, "id");

    let client = named_client("app_cognito", "app", &pool, Some("cognito"));
    let removed =
        format!("\nremoved {{\n  from = {old}\n\n  lifecycle {{\n    destroy = false\n  }}\n}}\n");
    let moving = format!(
        "{BOTH_PROVIDERS}{client}{removed}{}",
        import_block(new, &format!("{pool}/{id}"))
    );
    ws.write_config(&moving);
    let plan = ws.plan();
    assert_eq!(plan.exit_code, 2, "{}", ws.transcript());
    let mut planned: Vec<(String, Vec<String>, String)> = plan.json["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let address = c["address"].as_str().unwrap_or_default().to_owned();
            let provider = c["provider_name"].as_str().unwrap_or_default().to_owned();
            (address.clone(), plan.actions(&address), provider)
        })
        .collect();
    planned.sort();
    let owned = |a: &str, actions: &[&str], p: &str| {
        (
            a.to_owned(),
            actions.iter().map(|s| s.to_string()).collect(),
            p.to_owned(),
        )
    };
    assert_eq!(
        planned,
        [
            owned(old, &["forget"], &official_address()),
            owned(new, &["no-op"], &cognito_address()),
        ],
        "the plan must forget the old address and import the new one, nothing else:\n{}",
        ws.transcript()
    );
    assert_eq!(
        plan.change(new).map(|c| c["importing"]["id"].clone()),
        Some(Value::from(format!("{pool}/{id}")))
    );

    let applied = ws.run_ok(&["apply", "-input=false", "-no-color", "tfplan"]);
    assert!(
        checks::contains_text(
            &applied.stdout,
            // OpenTofu adds ", 1 forgotten".
            "Resources: 1 imported, 0 added, 0 changed, 0 destroyed"
        ),
        "{}",
        ws.transcript()
    );
    assert_eq!(addresses(&mut ws), [new], "{}", ws.transcript());
    let (provider, after) = recorded(&mut ws, new);
    assert_eq!(provider, cognito_address());
    assert_eq!(string(&after, "id"), id, "the client must keep its id");
    let differences = attribute_differences(&before, &after, IMPORT_IGNORED);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert!(backend.describe_client(&pool, &id).is_some());
    assert_eq!(backend.call_count("CreateUserPoolClient"), 1, "no create");
    assert_eq!(backend.call_count("DeleteUserPoolClient"), 0, "no destroy");

    // The blocks have done their work and can go.
    ws.write_config(&format!("{BOTH_PROVIDERS}{client}"));
    ws.assert_no_changes();
    ws.destroy();
    assert!(backend.describe_client(&pool, &id).is_none());
}

/// The shorter move: setting `provider = cognito` on the resource. Terraform reads
/// a resource in the configuration with the provider the configuration names, so
/// the state written under the official address plans no change, and the next
/// apply records this provider's address; the client keeps its id.
#[test]
fn client_moves_from_the_official_address_by_its_provider_argument() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("provider-argument");
    let mut ws = Workspace::new(&backend);
    official_address_served_by_this_binary(&mut ws);
    apply_under_official_address(&mut ws, &backend, &pool, &["app"]);
    let address = "aws_cognito_user_pool_client.app";
    let (_, before) = recorded(&mut ws, address);
    let id = string(&before, "id");

    ws.write_config(&format!(
        "{BOTH_PROVIDERS}{}",
        plain_client("app", &pool, Some("cognito"))
    ));
    let plan = ws.plan();
    assert_eq!(plan.exit_code, 0, "{}", ws.transcript());
    assert_eq!(plan.actions(address), ["no-op"], "{}", ws.transcript());
    let (provider, _) = recorded(&mut ws, address);
    assert_eq!(
        provider,
        official_address(),
        "a plan does not write the state"
    );

    let applied = ws.apply();
    assert!(
        checks::contains_text(
            &applied.stdout,
            "Resources: 0 added, 0 changed, 0 destroyed."
        ),
        "{}",
        ws.transcript()
    );
    let (provider, after) = recorded(&mut ws, address);
    assert_eq!(provider, cognito_address(), "{}", ws.transcript());
    assert_eq!(string(&after, "id"), id);
    assert_eq!(backend.call_count("CreateUserPoolClient"), 1, "no create");
    assert_eq!(backend.call_count("UpdateUserPoolClient"), 0, "no update");
    assert_eq!(backend.call_count("DeleteUserPoolClient"), 0, "no destroy");
    ws.assert_no_changes();
    ws.destroy();
    assert!(backend.describe_client(&pool, &id).is_none());
}

/// `terraform state replace-provider` rewrites every resource of the source
/// provider, also the ones the configuration keeps on it: the wrong tool when both
/// providers stay in use.
#[test]
fn replace_provider_rewrites_every_resource_of_the_source_provider() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("replace-provider");
    let mut ws = Workspace::new(&backend);
    official_address_served_by_this_binary(&mut ws);
    apply_under_official_address(&mut ws, &backend, &pool, &["stays", "moves"]);
    ws.write_config(&format!(
        "{BOTH_PROVIDERS}{}{}",
        plain_client("stays", &pool, None),
        plain_client("moves", &pool, Some("cognito"))
    ));
    let output = ws.run_ok(&[
        "state",
        "replace-provider",
        "-auto-approve",
        "-no-color",
        &official_address(),
        &cognito_address(),
    ]);
    assert!(
        checks::contains_text(
            &output.stdout,
            "Successfully replaced provider for 2 resources."
        ),
        "{}",
        ws.transcript()
    );
    for label in ["stays", "moves"] {
        let (provider, _) = recorded(&mut ws, &format!("aws_cognito_user_pool_client.{label}"));
        assert_eq!(provider, cognito_address(), "{label}: {}", ws.transcript());
    }

    // A resource still in the configuration is read with the provider the
    // configuration names, and the next apply records that one again.
    ws.apply();
    for (label, expected) in [("stays", official_address()), ("moves", cognito_address())] {
        let (provider, _) = recorded(&mut ws, &format!("aws_cognito_user_pool_client.{label}"));
        assert_eq!(provider, expected, "{label}: {}", ws.transcript());
    }
    assert_eq!(backend.call_count("CreateUserPoolClient"), 2, "no create");
    assert_eq!(backend.call_count("DeleteUserPoolClient"), 0, "no destroy");
    ws.destroy();
    assert!(backend.list_clients(&pool).is_empty());
}

/// `examples/with-official-provider` (format-checked only by `examples.rs`, since
/// the official provider cannot be installed here): both sources declared, and
/// every client selects this provider and takes the pool's id by reference.
#[test]
fn with_official_provider_example_selects_cognito_for_every_client() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/with-official-provider/main.tf");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let normalized = checks::normalize(&text);
    for declaration in [
        "aws = { source = \"hashicorp/aws\" }",
        "cognito = { source = \"cognito-rs/aws\" }",
        "provider \"aws\" {",
        "provider \"cognito\" {",
    ] {
        assert!(
            normalized.contains(declaration),
            "{} lacks {declaration:?}",
            path.display()
        );
    }
    let clients = resource_blocks(&text, "aws_cognito_user_pool_client");
    assert!(
        clients.len() >= 2,
        "expected the example's clients, found {}",
        clients.len()
    );
    for (label, body) in &clients {
        let body = checks::normalize(body);
        for needed in [
            "provider = cognito",
            "user_pool_id = aws_cognito_user_pool.pool.id",
            "aws_cognito_resource_server.api.scope_identifiers",
        ] {
            assert!(body.contains(needed), "client {label} lacks {needed:?}");
        }
    }
    let others = resource_blocks(&text, "aws_cognito_user_pool").len()
        + resource_blocks(&text, "aws_cognito_resource_server").len();
    assert_eq!(
        others, 2,
        "the pool and the resource server, from hashicorp/aws"
    );
    assert!(
        !normalized.contains("provider = aws"),
        "the official provider's resources need no provider argument"
    );
}

/// The label and body of every `resource "TYPE" "LABEL" { ... }` block in `text`
/// (braces counted; the examples have no braces inside strings).
fn resource_blocks(text: &str, resource_type: &str) -> Vec<(String, String)> {
    let opening = format!("resource \"{resource_type}\" \"");
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&opening) {
        let after = &rest[start + opening.len()..];
        let label_end = after.find('"').expect("a closing quote after the label");
        let label = after[..label_end].to_owned();
        let body_start = after.find('{').expect("a block body");
        let mut depth = 0usize;
        let mut end = body_start;
        for (offset, ch) in after[body_start..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = body_start + offset;
                        break;
                    }
                }
                _ => {}
            }
        }
        blocks.push((label, after[body_start + 1..end].to_owned()));
        rest = &after[end..];
    }
    blocks
}
