//! Contract tests for Pulumi's Terraform bridge, by replaying its calls:
//! `test_support::bridge` drives the binary exactly as the bridge does (go-plugin
//! launch with AutoMTLS, its call sequences for every Pulumi step, its exact inputs).
//!
//! The real Pulumi CLI, YAML host and bridge run in `acceptance-tests/pulumi/` (the
//! seed's examples, create, update, replacement, refresh, import, both functions, the
//! managed client, secret rotation, destroy). What stays here is what those runs
//! cannot reach or cannot see:
//!
//! - inputs a YAML program cannot write: unknown values anywhere in the resource's
//!   and the provider's configuration, other `TerraformVersion` strings, concurrent
//!   operations on one provider process;
//! - a client or secret deleted outside Pulumi, refreshed to gone, then deleted;
//! - every attribute a function's Invoke reads, and the failures a program sees;
//! - for `aws_cognito_user_pool_client_secret`: its Pulumi id, a write-only custom
//!   value that no plan or output holds, a new third secret refused at preview, and
//!   the delete of a client's last secret (a warning, not an error);
//! - the emulator's own encoding, checked against the bridge's.
//!
//! Each test has its own provider process and Cognito backend (moto, via
//! `backend/cognito_backend.py`), so tests run in parallel.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{json, Value};
use terraform_provider_aws::proto::tfplugin6::{
    attribute_path, diagnostic::Severity, AttributePath, Diagnostic,
};
use test_support::backend::{with_secret, Backend};
use test_support::bridge::{
    self, auto_name, describe, has_errors, is_unknown, same, Bridge, Plan, Stored, UNKNOWN,
};

/// A configured provider process, its backend and a user pool.
struct World {
    bridge: Bridge,
    backend: Backend,
    pool: String,
}

async fn world() -> World {
    world_for(bridge::RESOURCE).await
}

/// [`world`], with the bridge's resource steps driving `resource`.
async fn world_for(resource: &'static str) -> World {
    // Start both processes at once; each start waits for its own readiness line.
    let backend = tokio::task::spawn_blocking(Backend::start);
    let bridge = Bridge::start_for(resource).await;
    let backend = backend.await.expect("backend start did not panic");
    bridge.configure(&backend.url()).await;
    let pool = backend.create_user_pool("bridge-pool").await;
    World {
        bridge,
        backend,
        pool,
    }
}

/// Token lifetimes in explicit units: numbers that must survive the float64 round trip.
fn lifetimes() -> Value {
    json!({
        "access_token_validity": 60,
        "id_token_validity": 60,
        "refresh_token_validity": 30,
        "token_validity_units": {
            "access_token": "minutes",
            "id_token": "minutes",
            "refresh_token": "days"
        }
    })
}

fn merge(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().expect("object") {
        base[k] = v.clone();
    }
    base
}

/// `state` as an assertion message may show it: every secret value replaced by a
/// placeholder, so that a failing test never prints one.
fn shown(state: &Value) -> Value {
    let mut shown = state.clone();
    for secret in ["client_secret", "client_secret_wo"] {
        if let Some(value) = shown.get_mut(secret).filter(|v| v.is_string()) {
            *value = json!("(value not shown)");
        }
    }
    shown
}

fn assert_no_op(plan: &Plan, what: &str) {
    assert!(
        !plan.has_errors(),
        "{what}: plan failed: {}",
        describe(&plan.diagnostics)
    );
    assert!(
        plan.is_no_op(),
        "{what}: config equals state, yet the plan changes {:?} and replaces {:?}\nprior:   {}\nplanned: {}",
        plan.changed_attributes(),
        plan.replace_keys(),
        shown(&plan.prior),
        shown(&plan.planned)
    );
}

/// A refresh that must find the object and change nothing in its state.
async fn refresh_unchanged(bridge: &Bridge, stored: &Stored, what: &str) -> Stored {
    let refreshed = bridge
        .refresh(stored)
        .await
        .state
        .unwrap_or_else(|| panic!("{what}: refresh found nothing"));
    assert!(
        same(&refreshed.outputs, &stored.outputs),
        "{what}: refresh changed the state\nbefore: {}\nafter:  {}",
        shown(&stored.outputs),
        shown(&refreshed.outputs)
    );
    refreshed
}

/// The bridge's preview of a create: no error, a planned object with the id
/// still unknown.
fn assert_create_preview(plan: &Plan, what: &str) {
    assert!(
        !plan.has_errors(),
        "{what}: preview failed: {}",
        describe(&plan.diagnostics)
    );
    assert!(plan.planned.is_object(), "{what}: planned {}", plan.planned);
    assert!(
        is_unknown(&plan.planned["id"]),
        "{what}: id must be unknown before create, planned {}",
        plan.planned["id"]
    );
}

// ---------------------------------------------------------------------------
// A client deleted outside Pulumi
// ---------------------------------------------------------------------------

#[tokio::test]
async fn refresh_of_a_vanished_client_is_null_and_delete_still_succeeds() {
    let World {
        bridge,
        backend,
        pool,
    } = world().await;
    let config = bridge.config(json!({"name": auto_name("client"), "user_pool_id": pool}));
    let created = bridge.create(&config).await;
    backend.delete_client(&pool, created.id()).await;

    let refreshed = bridge.refresh(&created).await;
    assert!(
        refreshed.state.is_none(),
        "refresh of a deleted client must return a null state, got {:?}",
        refreshed.state.map(|s| s.outputs)
    );
    assert!(!has_errors(&refreshed.diagnostics));

    // `pulumi destroy` without a refresh: deleting what is already gone succeeds.
    bridge.delete_ok(&created).await;
}

// ---------------------------------------------------------------------------
// Unknown values
// ---------------------------------------------------------------------------

/// Unknowns where Pulumi puts them during a preview: a whole attribute, an element
/// of a set, a whole set, an attribute inside a block, a `max_items = 1` block
/// (which the bridge encodes as a list of one unknown object), and a whole block
/// list (an unknown collection, which HCL cannot express but Pulumi can).
#[tokio::test]
async fn unknowns_anywhere_in_the_configuration_are_tolerated() {
    let World {
        bridge,
        pool,
        backend: _backend,
    } = world().await;
    let base = json!({"name": auto_name("client"), "user_pool_id": pool});
    let units = json!({"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"});
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "user_pool_id",
            json!({"user_pool_id": UNKNOWN}),
            "user_pool_id",
        ),
        ("name", json!({"name": UNKNOWN}), "name"),
        (
            "a number",
            json!({"refresh_token_validity": UNKNOWN}),
            "refresh_token_validity",
        ),
        (
            "a whole set",
            json!({"callback_urls": UNKNOWN}),
            "callback_urls",
        ),
        (
            "a set element",
            json!({"callback_urls": ["https://example.com", UNKNOWN]}),
            "callback_urls",
        ),
        (
            "an attribute in a block",
            json!({"token_validity_units": merge(units.clone(), json!({"access_token": UNKNOWN}))}),
            "token_validity_units",
        ),
        (
            "analytics_configuration (a max_items = 1 block)",
            json!({"analytics_configuration": UNKNOWN}),
            "analytics_configuration",
        ),
        (
            "refresh_token_rotation (a max_items = 1 block)",
            json!({"refresh_token_rotation": UNKNOWN}),
            "refresh_token_rotation",
        ),
        (
            "token_validity_units (a max_items = 1 block) with lifetimes set",
            json!({"token_validity_units": UNKNOWN, "access_token_validity": 60}),
            "token_validity_units",
        ),
    ];
    let mut failures = Vec::new();
    for (label, inputs, attribute) in &cases {
        let config = bridge.config(merge(base.clone(), inputs.clone()));
        failures.extend(unknown_case_failures(&bridge, label, &config, attribute).await);
    }
    // A whole unknown block list, and every block unknown at once.
    let mut config = bridge.config(base.clone());
    config["analytics_configuration"] = json!(UNKNOWN);
    failures.extend(
        unknown_case_failures(
            &bridge,
            "a whole block list",
            &config,
            "analytics_configuration",
        )
        .await,
    );
    for block in [
        "analytics_configuration",
        "refresh_token_rotation",
        "token_validity_units",
    ] {
        config[block] = json!(UNKNOWN);
    }
    failures.extend(
        unknown_case_failures(&bridge, "every block list", &config, "token_validity_units").await,
    );

    // The same unknowns in a diff against an existing client.
    let stored = bridge.create(&bridge.config(base.clone())).await;
    for (label, inputs, attribute) in &cases {
        let config = bridge.config(merge(base.clone(), inputs.clone()));
        let plan = bridge.diff(&stored, &config).await;
        if plan.has_errors() {
            failures.push(format!(
                "diff, unknown {label}: {}",
                describe(&plan.diagnostics)
            ));
            continue;
        }
        if bridge::unknown_paths(&plan.planned[*attribute], String::new()).is_empty() {
            failures.push(format!(
                "diff, unknown {label}: planned {attribute} = {} is known",
                plan.planned[*attribute]
            ));
        }
        if *attribute == "user_pool_id" && !plan.replace_keys().contains("user_pool_id") {
            failures.push(format!(
                "diff, unknown user_pool_id: must require replacement, requires_replace {:?}",
                plan.requires_replace
            ));
        }
    }
    // Lifetimes kept from state while their units become unknown: the provider
    // cannot know the new unit yet, which must not be an error.
    let with_lifetimes = merge(base.clone(), lifetimes());
    let stored = bridge.create(&bridge.config(with_lifetimes.clone())).await;
    let mut config = bridge.config(merge(
        with_lifetimes,
        json!({"token_validity_units": UNKNOWN, "access_token_validity": null}),
    ));
    let plan = bridge.diff(&stored, &config).await;
    if plan.has_errors() {
        failures.push(format!(
            "diff, lifetimes kept while token_validity_units is unknown: {}",
            describe(&plan.diagnostics)
        ));
    }
    config["token_validity_units"] = json!(UNKNOWN);
    let plan = bridge.diff(&stored, &config).await;
    if plan.has_errors() {
        failures.push(format!(
            "diff, lifetimes kept while the whole token_validity_units list is unknown: {}",
            describe(&plan.diagnostics)
        ));
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n  {}\nprovider stderr:\n{}",
        failures.len(),
        failures.join("\n  "),
        bridge.stderr()
    );
}

/// Check and a create preview with `config`; `attribute` must stay (partly) unknown.
async fn unknown_case_failures(
    bridge: &Bridge,
    label: &str,
    config: &Value,
    attribute: &str,
) -> Vec<String> {
    let mut failures = Vec::new();
    let checked = bridge.check(config).await;
    if has_errors(&checked) {
        failures.push(format!("check, unknown {label}: {}", describe(&checked)));
    }
    let plan = bridge.preview_create(config).await;
    if plan.has_errors() {
        failures.push(format!(
            "preview, unknown {label}: {}",
            describe(&plan.diagnostics)
        ));
    } else if !is_unknown(&plan.planned["id"]) {
        failures.push(format!(
            "preview, unknown {label}: id {}",
            plan.planned["id"]
        ));
    } else if bridge::unknown_paths(&plan.planned[attribute], String::new()).is_empty() {
        failures.push(format!(
            "preview, unknown {label}: planned {attribute} = {} lost the unknown",
            plan.planned[attribute]
        ));
    }
    failures
}

/// bridge#2764: provider configuration may hold unknowns. Validation must pass;
/// Configure must answer (a diagnostic is allowed, a crash or gRPC error is not).
#[tokio::test]
async fn unknown_provider_configuration_is_answered() {
    let mut bridge = Bridge::start().await;
    let mut config = bridge.provider_config(&json!(UNKNOWN));
    config["region"] = json!(UNKNOWN);
    let validation = bridge.validate_provider_config(&config).await;
    bridge.expect_no_errors("ValidateProviderConfig with unknowns", &validation);
    let configured = bridge
        .configure_provider(&config, bridge::TERRAFORM_VERSION)
        .await;
    for diagnostic in configured
        .iter()
        .filter(|d| has_errors(std::slice::from_ref(d)))
    {
        assert!(
            diagnostic.attribute.is_some(),
            "an error about unknown provider configuration needs an attribute path: {}",
            describe(std::slice::from_ref(diagnostic))
        );
    }
    let alive = bridge.plugin().try_exit_status().expect("process state");
    assert!(alive.is_none(), "provider exited: {alive:?}");
}

// ---------------------------------------------------------------------------
// TerraformVersion and concurrency
// ---------------------------------------------------------------------------

#[tokio::test]
async fn terraform_version_strings_are_parsed_leniently() {
    for version in [bridge::TERRAFORM_VERSION, bridge::LEGACY_TERRAFORM_VERSION] {
        let bridge = Bridge::start().await;
        let config = bridge.provider_config(&json!("http://127.0.0.1:9"));
        let diagnostics = bridge.configure_provider(&config, version).await;
        bridge.expect_no_errors(&format!("ConfigureProvider({version:?})"), &diagnostics);
    }
}

/// Pulumi runs resource operations in parallel against one provider process.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_operations_on_one_provider_process() {
    const CLIENTS: usize = 8;
    let World {
        bridge,
        backend,
        pool,
    } = world().await;
    let bridge = Arc::new(bridge);
    let mut tasks = Vec::new();
    for i in 0..CLIENTS {
        let bridge = Arc::clone(&bridge);
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let inputs = merge(
                json!({
                    "name": auto_name(&format!("client{i}")),
                    "user_pool_id": pool,
                    "callback_urls": [format!("https://example.com/{i}")],
                }),
                lifetimes(),
            );
            let config = bridge.config(inputs.clone());
            let created = bridge.create(&config).await;
            assert_no_op(&bridge.diff(&created, &config).await, "concurrent diff");
            let renamed = bridge.config(merge(inputs, json!({"name": auto_name("renamed")})));
            let updated = bridge.update(&created, &renamed).await;
            let refreshed = bridge.refresh(&updated).await.state.expect("refresh");
            assert_eq!(refreshed.get("name"), updated.get("name"));
            refreshed
        }));
    }
    let mut states: Vec<Stored> = Vec::new();
    for task in tasks {
        states.push(task.await.expect("a concurrent pipeline panicked"));
    }
    let ids: BTreeSet<&str> = states.iter().map(Stored::id).collect();
    assert_eq!(ids.len(), CLIENTS, "distinct clients: {ids:?}");

    let deletes = states.iter().map(|s| bridge.delete(s));
    for diagnostics in futures::future::join_all(deletes).await {
        bridge.expect_no_errors("concurrent delete", &diagnostics);
    }
    for state in &states {
        assert!(
            backend.describe_client(&pool, state.id()).await.is_none(),
            "{} still exists",
            state.id()
        );
    }
}

// ---------------------------------------------------------------------------
// The emulator itself
// ---------------------------------------------------------------------------

/// The harness must send what the bridge sends, or the tests above prove nothing.
#[test]
fn the_emulator_encodes_like_the_bridge() {
    // Pulumi outputs hold float64s: the raw state rebuilt from them says `60.0`.
    let outputs = bridge::to_outputs(&json!({"n": 60, "s": ["b", "a"], "f": 2.5}));
    let raw = serde_json::to_string(&outputs).unwrap();
    assert!(raw.contains("\"n\":60.0"), "{raw}");
    assert!(
        raw.contains("[\"b\",\"a\"]"),
        "sets stay arrays, in order: {raw}"
    );
    // Back on the wire (cty msgpack), whole numbers are integers again.
    assert_eq!(bridge::to_wire(&outputs)["n"].as_i64(), Some(60));

    // ProposedNew: config wins, except computed attributes the config leaves null,
    // which keep their prior value; a new block element is taken as configured; an
    // unknown block is proposed as given.
    let block = terraform_provider_aws::proto::tfplugin6::schema::Block {
        attributes: vec![
            attribute("name", false, false),
            attribute("secret", false, true),
            attribute("label", true, true),
        ],
        block_types: vec![
            terraform_provider_aws::proto::tfplugin6::schema::NestedBlock {
                type_name: "units".into(),
                nesting: 2, // LIST
                max_items: 1,
                block: Some(terraform_provider_aws::proto::tfplugin6::schema::Block {
                    attributes: vec![attribute("unit", true, true)],
                    ..Default::default()
                }),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let config = json!({"name": "n", "secret": null, "label": null, "units": [{"unit": null}]});
    let created = bridge::proposed_new(&block, &Value::Null, &config);
    assert_eq!(
        created,
        json!({"name": "n", "secret": null, "label": null, "units": [{"unit": null}]})
    );
    let prior = json!({"name": "old", "secret": "s", "label": "l", "units": [{"unit": "days"}]});
    assert_eq!(
        bridge::proposed_new(&block, &prior, &config),
        json!({"name": "n", "secret": "s", "label": "l", "units": [{"unit": "days"}]})
    );
    let unknown_block = json!({"name": "n", "secret": null, "label": "x", "units": UNKNOWN});
    assert_eq!(
        bridge::proposed_new(&block, &prior, &unknown_block)["units"],
        json!(UNKNOWN)
    );

    // The bridge's replace keys: only paths whose value changed.
    let plan = Plan {
        prior: json!({"a": 1, "b": ["x", "y"]}),
        config: Value::Null,
        planned: json!({"a": 1.0, "b": ["y", "x"]}),
        requires_replace: vec!["a".into(), "b".into()],
        planned_private: Vec::new(),
        diagnostics: Vec::new(),
    };
    assert!(
        plan.is_no_op(),
        "same values, other number form and set order"
    );

    // An Invoke fails on any diagnostic whose path is one attribute, a warning too
    // (a check failure), and on any other error; other warnings are only logged.
    let diagnostic = |severity: Severity, path: &[&str]| Diagnostic {
        severity: severity as i32,
        summary: "S".into(),
        detail: "D".into(),
        attribute: (!path.is_empty()).then(|| AttributePath {
            steps: path
                .iter()
                .map(|name| attribute_path::Step {
                    selector: Some(attribute_path::step::Selector::AttributeName(
                        name.to_string(),
                    )),
                })
                .collect(),
        }),
    };
    let failed = bridge::invoke_failure(
        "ReadDataSource",
        vec![
            diagnostic(Severity::Warning, &["region"]),
            diagnostic(Severity::Warning, &["a", "b"]),
            diagnostic(Severity::Warning, &[]),
            diagnostic(Severity::Error, &[]),
        ],
    )
    .expect_err("a one-attribute warning and an error fail the invoke");
    assert_eq!(failed.reasons(), ["region: S: D", "S: D"]);
    assert!(bridge::invoke_failure(
        "ReadDataSource",
        vec![
            diagnostic(Severity::Warning, &["a", "b"]),
            diagnostic(Severity::Warning, &[])
        ],
    )
    .is_ok());
}

fn attribute(
    name: &str,
    optional: bool,
    computed: bool,
) -> terraform_provider_aws::proto::tfplugin6::schema::Attribute {
    terraform_provider_aws::proto::tfplugin6::schema::Attribute {
        name: name.into(),
        r#type: b"\"string\"".to_vec(),
        required: !optional && !computed,
        optional,
        computed,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------
// Functions: getCognitoUserPoolClient and getCognitoUserPoolClients (Invoke)
// ---------------------------------------------------------------------------

const CLIENT_DATA_SOURCE: &str = "aws_cognito_user_pool_client";
const CLIENTS_DATA_SOURCE: &str = "aws_cognito_user_pool_clients";

/// The function reads a client as the resource records it: a client created through
/// the bridge, read back by id, gives the same value for every resource attribute.
#[tokio::test]
async fn invoke_get_user_pool_client_reads_what_the_resource_recorded() {
    let World {
        bridge,
        backend: _backend,
        pool,
    } = world().await;
    let name = auto_name("client");
    let created = bridge
        .create(&bridge.config(merge(
            json!({
                "name": name,
                "user_pool_id": pool,
                "generate_secret": true,
                "callback_urls": ["https://example.com/b", "https://example.com/a"],
                "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }),
            lifetimes(),
        )))
        .await;

    let args = json!({"user_pool_id": pool, "client_id": created.id()});
    let read = bridge
        .invoke(CLIENT_DATA_SOURCE, &args)
        .await
        .unwrap_or_else(|failure| panic!("invoke failed: {:?}", failure.reasons()));
    assert_eq!(read["name"], json!(name));
    assert_eq!(read["client_id"], json!(created.id()));
    assert_eq!(read["id"], json!(created.id()), "the id is the client id");
    assert_eq!(read["user_pool_id"], json!(pool));
    assert_eq!(read["region"], json!(test_support::backend::REGION));
    assert_eq!(read["generate_secret"], json!(true));
    let secret = read["client_secret"].as_str().unwrap_or_default();
    assert!(!secret.is_empty(), "the client has a secret, the read none");
    assert!(
        secret == created.get("client_secret").as_str().unwrap_or_default(),
        "the read secret is not the one create recorded (values not shown)"
    );
    // The blocks the resource has are lists of at most one object here too.
    assert_eq!(
        read["token_validity_units"],
        json!([{"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"}])
    );
    let differing: Vec<&String> = created
        .outputs
        .as_object()
        .expect("resource state")
        .keys()
        .filter(|attribute| !same(created.get(attribute), &read[attribute.as_str()]))
        .collect();
    assert!(
        differing.is_empty(),
        "the function and the resource disagree on {differing:?} (secrets not shown)"
    );
    // Reading twice reads the same.
    let again = bridge.invoke(CLIENT_DATA_SOURCE, &args).await;
    assert!(
        again.as_ref().is_ok_and(|again| same(again, &read)),
        "a second read differs"
    );
}

/// What a program sees when a function cannot read: an error that names the ids and
/// says what to check, or, for an argument the provider refuses, a check failure
/// against that property. Validation passes with unknown arguments, as it must for
/// Terraform.
#[tokio::test]
async fn invoke_failures_name_the_missing_pool_or_client_and_the_refused_property() {
    let World {
        bridge,
        backend,
        pool,
    } = world().await;
    let client = backend.create_client(&pool, "present", |r| r).await;
    let client_id = client.client_id().expect("client id").to_string();
    let missing_pool = "us-east-1_Missing00";
    let missing_client = "0123456789abcdefghijklmnop";
    let region = test_support::backend::REGION;

    let cases = [
        (
            CLIENTS_DATA_SOURCE,
            json!({"user_pool_id": missing_pool}),
            format!("reading Cognito User Pool Clients ({missing_pool})"),
            format!(
                "No user pool \"{missing_pool}\" was found in {region} (ResourceNotFoundException: \
                 User pool {missing_pool} does not exist.). Check user_pool_id, and that the pool is \
                 in this region (set region, or the provider's region, to the pool's)."
            ),
        ),
        (
            CLIENT_DATA_SOURCE,
            json!({"user_pool_id": missing_pool, "client_id": client_id}),
            format!("reading Cognito User Pool Client ({client_id})"),
            format!("No app client \"{client_id}\" was found in user pool \"{missing_pool}\" in {region}"),
        ),
        (
            CLIENT_DATA_SOURCE,
            json!({"user_pool_id": pool, "client_id": missing_client}),
            format!("reading Cognito User Pool Client ({missing_client})"),
            format!(
                "No app client \"{missing_client}\" was found in user pool \"{pool}\" in {region} \
                 (ResourceNotFoundException: User pool client {missing_client} does not exist.). \
                 Check client_id and user_pool_id, and that the pool is in this region (set region, \
                 or the provider's region, to the pool's)."
            ),
        ),
    ];
    for (data_source, args, summary, detail) in cases {
        let failure = bridge
            .invoke(data_source, &args)
            .await
            .expect_err("reading what does not exist must fail");
        assert_eq!(failure.step, "ReadDataSource", "{args}");
        assert!(failure.check_failures.is_empty(), "{:?}", failure.reasons());
        let [error] = failure.errors.as_slice() else {
            panic!("{args}: one error expected, got {:?}", failure.reasons());
        };
        assert_eq!(error.summary, summary, "{args}");
        assert!(
            error.detail.starts_with(&detail),
            "{args}: detail {:?} does not start with {detail:?}",
            error.detail
        );
    }

    // A region outside the provider's partition: a check failure on `region`.
    let failure = bridge
        .invoke(
            CLIENT_DATA_SOURCE,
            &json!({"user_pool_id": pool, "client_id": client_id, "region": "cn-north-1"}),
        )
        .await
        .expect_err("a region of another partition must be refused");
    assert_eq!(
        failure
            .check_failures
            .iter()
            .map(|f| (f.attribute.as_str(), f.reason.as_str()))
            .collect::<Vec<_>>(),
        [(
            "region",
            "Invalid Region Value: Region \"cn-north-1\" is not in the partition of the provider's \
             region \"us-east-1\" (aws). Use a region of that partition, or a provider configured \
             for \"cn-north-1\"."
        )]
    );

    // Unknown arguments: validation skips them, without a diagnostic.
    for (data_source, args) in [
        (
            CLIENT_DATA_SOURCE,
            json!({"user_pool_id": pool, "client_id": UNKNOWN}),
        ),
        (
            CLIENT_DATA_SOURCE,
            json!({"user_pool_id": UNKNOWN, "client_id": client_id}),
        ),
        (
            CLIENTS_DATA_SOURCE,
            json!({"user_pool_id": UNKNOWN, "region": UNKNOWN}),
        ),
    ] {
        let config = bridge.data_source_config(data_source, &args);
        let diagnostics = bridge.validate_data_source(data_source, &config).await;
        assert!(
            diagnostics.is_empty(),
            "{data_source} {args}: {}",
            describe(&diagnostics)
        );
    }
}

// ---------------------------------------------------------------------------
// aws_cognito_user_pool_client_secret
// ---------------------------------------------------------------------------

const SECRET: &str = "aws_cognito_user_pool_client_secret";

/// A world whose resource steps drive [`SECRET`], with a client made outside Pulumi
/// that has a generated secret, its first one.
struct SecretWorld {
    bridge: Bridge,
    backend: Backend,
    pool: String,
    client_id: String,
    /// The id of the secret the client was created with.
    first: String,
}

impl SecretWorld {
    async fn start() -> SecretWorld {
        let World {
            bridge,
            backend,
            pool,
        } = world_for(SECRET).await;
        let client = backend.create_client(&pool, "app", with_secret).await;
        let client_id = client.client_id().expect("client id").to_string();
        let secrets = backend.client_secret_ids(&pool, &client_id).await;
        let [first] = secrets.as_slice() else {
            panic!("a client created with a secret has one: {secrets:?}");
        };
        let first = first.clone();
        SecretWorld {
            bridge,
            backend,
            pool,
            client_id,
            first,
        }
    }

    /// The secret resource's configuration for the client, with `extra` inputs.
    fn config(&self, extra: Value) -> Value {
        self.bridge.config(merge(
            json!({"user_pool_id": self.pool, "client_id": self.client_id}),
            extra,
        ))
    }

    /// The ids of the client's secrets in the backend, oldest first.
    async fn secret_ids(&self) -> Vec<String> {
        self.backend
            .client_secret_ids(&self.pool, &self.client_id)
            .await
    }

    /// `pool/client/secret_id`: the Pulumi id, and the import id, of a secret.
    fn address(&self, secret_id: &str) -> String {
        format!("{}/{}/{secret_id}", self.pool, self.client_id)
    }
}

/// The one error diagnostic (panics unless there is exactly one).
fn only_error<'a>(diagnostics: &'a [Diagnostic], what: &str) -> &'a Diagnostic {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error as i32)
        .collect();
    let [error] = errors.as_slice() else {
        panic!("{what}: one error expected, got {}", describe(diagnostics));
    };
    error
}

/// The attribute a diagnostic is about (`a.0.b`), if any.
fn attribute_of(diagnostic: &Diagnostic) -> Option<String> {
    diagnostic.attribute.as_ref().map(bridge::path_text)
}

/// No diagnostic repeats `value`; the message shows neither.
fn assert_not_shown(diagnostics: &[Diagnostic], value: &str, what: &str) {
    assert!(
        diagnostics
            .iter()
            .all(|d| !d.summary.contains(value) && !d.detail.contains(value)),
        "{what}: a diagnostic repeats the secret value (values not shown)"
    );
}

/// A generated secret through the bridge: the Pulumi id is `pool/client/secret_id`,
/// `client_secret` a value (and a secret output), `secret_id` and `create_date`
/// known, the client holds two secrets; the same inputs diff to a no-op, a changed
/// `triggers` replaces, a refresh changes nothing; an import reads exactly one
/// resource without the value (Cognito never lists values), and the program's
/// `triggers` are then recorded in place; a secret deleted out of band refreshes to
/// gone, and deleting it then succeeds.
#[tokio::test]
async fn client_secret_create_diff_refresh_import_and_drift_through_the_bridge() {
    let w = SecretWorld::start().await;
    let bridge = &w.bridge;
    let config = w.config(json!({"triggers": {"rotation": "1"}}));

    // check, preview, create
    bridge.check_ok(&config).await;
    let preview = bridge.preview_create(&config).await;
    assert_create_preview(&preview, "secret preview");
    for computed in ["secret_id", "create_date", "client_secret"] {
        assert!(
            is_unknown(&preview.planned[computed]),
            "{computed} must be unknown before create (values not shown)"
        );
    }
    let created = bridge.create(&config).await;
    let secret_id = created
        .get("secret_id")
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        !secret_id.is_empty(),
        "secret_id {}",
        created.get("secret_id")
    );
    assert_eq!(created.id(), w.address(&secret_id), "the Pulumi id");
    assert!(
        created
            .get("create_date")
            .as_str()
            .is_some_and(|date| date.contains('T')),
        "create_date {}",
        created.get("create_date")
    );
    assert!(
        created
            .get("client_secret")
            .as_str()
            .is_some_and(|value| !value.is_empty()),
        "a generated secret's value is recorded (values not shown)"
    );
    let client_secret = bridge
        .resource_block()
        .attributes
        .iter()
        .find(|a| a.name == "client_secret")
        .expect("a client_secret attribute");
    assert!(
        client_secret.sensitive,
        "client_secret must be sensitive, which the bridge makes a secret output"
    );
    let listed = w.secret_ids().await;
    assert_eq!(
        listed,
        [w.first.clone(), secret_id.clone()],
        "the client's secrets after create"
    );

    // diff: the same inputs change nothing; new triggers replace the secret
    assert_no_op(
        &bridge.diff(&created, &config).await,
        "secret diff after create",
    );
    let rotated = w.config(json!({"triggers": {"rotation": "2"}}));
    let plan = bridge.diff(&created, &rotated).await;
    assert!(!plan.has_errors(), "{}", describe(&plan.diagnostics));
    assert_eq!(
        plan.replace_keys(),
        BTreeSet::from(["triggers".to_string()]),
        "new triggers: requires_replace {:?}",
        plan.requires_replace
    );

    let refreshed = refresh_unchanged(bridge, &created, "secret refresh").await;

    // import by pool/client/secret_id: exactly one resource, without the value
    let imported = bridge
        .import(created.id())
        .await
        .unwrap_or_else(|e| panic!("import failed: {e}"))
        .expect("the imported secret exists");
    assert_eq!(imported.id(), created.id(), "the imported Pulumi id");
    assert!(
        imported.get("client_secret").is_null(),
        "an imported secret has no value: Cognito never lists values (values not shown)"
    );
    for attribute in [
        "user_pool_id",
        "client_id",
        "secret_id",
        "create_date",
        "region",
    ] {
        assert_eq!(
            imported.get(attribute),
            refreshed.get(attribute),
            "{attribute} after import"
        );
    }
    // After an import Pulumi diffs with the program's inputs: the triggers the
    // import could not know are recorded in place, nothing is replaced. (The value,
    // null in the prior state, is planned unknown, as the framework's
    // UseStateForUnknown plans it, and stays null.)
    let diff = bridge.diff(&imported, &config).await;
    assert!(!diff.has_errors(), "{}", describe(&diff.diagnostics));
    assert!(
        diff.replace_keys().is_empty(),
        "after an import the triggers must not replace: requires_replace {:?}",
        diff.requires_replace
    );
    let known_changes: BTreeSet<String> = diff
        .changed_attributes()
        .into_iter()
        .filter(|attribute| !is_unknown(&diff.planned[attribute.as_str()]))
        .collect();
    assert_eq!(
        known_changes,
        BTreeSet::from(["triggers".to_string()]),
        "after an import only the triggers change; planned {}",
        shown(&diff.planned)
    );
    let recorded = bridge.update(&imported, &config).await;
    assert_eq!(recorded.id(), created.id(), "the update keeps the secret");
    assert_eq!(recorded.get("triggers"), &json!({"rotation": "1"}));
    assert!(
        recorded.get("client_secret").is_null(),
        "the update records no value (values not shown)"
    );
    assert_eq!(
        w.secret_ids().await,
        listed,
        "recording the triggers sends nothing"
    );
    assert_no_op(
        &bridge.diff(&recorded, &config).await,
        "diff after the triggers are recorded",
    );
    // The client's own secret imports the same way.
    let adopted = bridge
        .import(&w.address(&w.first))
        .await
        .unwrap_or_else(|e| panic!("import of the client's own secret failed: {e}"))
        .expect("the client's own secret exists");
    assert_eq!(adopted.get("secret_id"), &json!(w.first));
    assert!(
        adopted.get("client_secret").is_null(),
        "an imported secret has no value (values not shown)"
    );

    // deleted out of band: the refresh says it is gone
    w.backend
        .delete_client_secret(&w.pool, &w.client_id, &secret_id)
        .await;
    let gone = bridge.refresh(&refreshed).await;
    assert!(
        gone.state.is_none(),
        "refresh of a deleted secret must return a null state, got {:?}",
        gone.state.map(|s| shown(&s.outputs))
    );
    assert!(
        !has_errors(&gone.diagnostics),
        "{}",
        describe(&gone.diagnostics)
    );
    // `pulumi destroy` without a refresh: deleting what is gone succeeds.
    bridge.delete_ok(&refreshed).await;
    assert_eq!(w.secret_ids().await, std::slice::from_ref(&w.first));
}

/// A custom value (`client_secret_wo`, write-only) through the bridge, which says it
/// can send write-only values: create adds it, and neither the plan nor the stored
/// outputs hold it; `client_secret` stays null, since the value is the user's. A
/// value that breaks Cognito's rules fails at check, on `client_secret_wo`, with a
/// diagnostic that does not repeat it.
#[tokio::test]
async fn client_secret_custom_value_is_write_only_through_the_bridge() {
    let w = SecretWorld::start().await;
    let bridge = &w.bridge;
    let custom = "Custom_secret+value_0123456789";
    let config = w.config(json!({"client_secret_wo": custom, "client_secret_wo_version": 1}));

    // The bridge sends write_only_attributes_allowed; without it the value is refused.
    assert!(
        bridge::capabilities().is_some_and(|c| c.write_only_attributes_allowed),
        "the bridge's client capabilities allow write-only attributes"
    );
    let refused = bridge
        .provider()
        .validate_resource_config(
            terraform_provider_aws::proto::tfplugin6::validate_resource_config::Request {
                type_name: SECRET.into(),
                config: Some(test_support::plugin::msgpack::dynamic(&config)),
                client_capabilities: None,
            },
        )
        .await
        .expect("ValidateResourceConfig answers")
        .into_inner()
        .diagnostics;
    assert_not_shown(&refused, custom, "check without the capability");
    let error = only_error(&refused, "check without the capability");
    assert_eq!(
        attribute_of(error).as_deref(),
        Some("client_secret_wo"),
        "{}",
        describe(&refused)
    );

    let checked = bridge.check(&config).await;
    assert_not_shown(&checked, custom, "check");
    bridge.expect_no_errors("ValidateResourceConfig", &checked);
    let preview = bridge.preview_create(&config).await;
    assert_not_shown(&preview.diagnostics, custom, "preview");
    assert_create_preview(&preview, "custom secret preview");
    assert!(
        preview.planned["client_secret_wo"].is_null()
            && !preview.planned.to_string().contains(custom),
        "the plan holds the write-only value (values not shown)"
    );

    let created = bridge.create(&config).await;
    assert!(
        created.get("client_secret_wo").is_null() && !created.outputs.to_string().contains(custom),
        "the stored outputs hold the write-only value (values not shown)"
    );
    assert!(
        created.get("client_secret").is_null(),
        "client_secret must stay null for a custom value (values not shown)"
    );
    assert!(
        same(created.get("client_secret_wo_version"), &json!(1)),
        "client_secret_wo_version {}",
        created.get("client_secret_wo_version")
    );
    let secret_id = created.get("secret_id").as_str().unwrap_or_default();
    assert_eq!(created.id(), w.address(secret_id), "the Pulumi id");
    assert_eq!(
        w.secret_ids().await,
        [w.first.clone(), secret_id.to_string()],
        "the custom secret is added"
    );
    assert_no_op(
        &bridge.diff(&created, &config).await,
        "diff after a custom secret",
    );
    let refreshed = refresh_unchanged(bridge, &created, "custom secret refresh").await;
    assert!(
        !refreshed.outputs.to_string().contains(custom),
        "the refreshed outputs hold the write-only value (values not shown)"
    );

    // Values Cognito would refuse: too short (10 characters), and a `/` and `-`.
    for bad in ["Short_0123", "has/slashes/and-dashes-0123456789"] {
        let config = w.config(json!({"client_secret_wo": bad, "client_secret_wo_version": 2}));
        let diagnostics = bridge.check(&config).await;
        assert_not_shown(&diagnostics, bad, "check of a bad custom value");
        let error = only_error(&diagnostics, "check of a bad custom value");
        assert_eq!(
            attribute_of(error).as_deref(),
            Some("client_secret_wo"),
            "the check failure's property: {}",
            describe(&diagnostics)
        );
    }
    assert_eq!(
        w.secret_ids().await.len(),
        2,
        "a refused value adds no secret"
    );
}

/// Cognito holds at most two secrets per client: with two there, the preview of
/// another one fails, naming both, before anything is sent.
#[tokio::test]
async fn a_third_client_secret_is_refused_at_preview() {
    let w = SecretWorld::start().await;
    let bridge = &w.bridge;
    let config = w.config(json!({}));
    bridge.create(&config).await;
    let secrets = w.secret_ids().await;
    assert_eq!(secrets.len(), 2, "two secrets to start from: {secrets:?}");

    bridge.check_ok(&config).await;
    let preview = bridge.preview_create(&config).await;
    let error = only_error(&preview.diagnostics, "preview of a third secret");
    assert_eq!(error.summary, "Too many client secrets");
    assert_eq!(
        attribute_of(error).as_deref(),
        Some("client_id"),
        "{}",
        describe(&preview.diagnostics)
    );
    for secret_id in &secrets {
        assert!(
            error.detail.contains(secret_id.as_str()),
            "the refusal must name {secret_id}: {}",
            error.detail
        );
    }
    assert_eq!(
        w.secret_ids().await,
        secrets,
        "a refused preview adds nothing"
    );
}

/// Delete of a secret that is not the client's last removes it, and only it; the
/// last one (here the client's own, adopted with an import) cannot be deleted: the
/// error says so and what to do, and the secret stays.
#[tokio::test]
async fn client_secret_delete_removes_it_and_leaves_the_last_one_with_a_warning() {
    let w = SecretWorld::start().await;
    let bridge = &w.bridge;
    let created = bridge.create(&w.config(json!({}))).await;
    assert_eq!(w.secret_ids().await.len(), 2);

    bridge.delete_ok(&created).await;
    assert_eq!(
        w.secret_ids().await,
        std::slice::from_ref(&w.first),
        "delete removes the managed secret, and only it"
    );

    // The bridge's delete carries no plan, so it is never known to be half of a
    // replacement: the client's last secret leaves the stack with a warning, and
    // stays with the client.
    let last = bridge
        .import(&w.address(&w.first))
        .await
        .unwrap_or_else(|e| panic!("import failed: {e}"))
        .expect("the client's own secret exists");
    let diagnostics = bridge.delete(&last).await;
    assert!(!has_errors(&diagnostics), "{}", describe(&diagnostics));
    let [warning] = diagnostics.as_slice() else {
        panic!("one warning expected: {}", describe(&diagnostics));
    };
    assert_eq!(warning.severity, Severity::Warning as i32);
    assert_eq!(
        warning.summary,
        format!("deleting Cognito User Pool Client Secret ({})", w.first)
    );
    for expected in [
        format!("It is the last secret of client {}", w.client_id),
        "it leaves the state but stays with the client".to_string(),
    ] {
        assert!(
            warning.detail.contains(&expected),
            "the warning must say {expected:?}: {}",
            warning.detail
        );
    }
    assert_eq!(
        w.secret_ids().await,
        std::slice::from_ref(&w.first),
        "the last secret stays in Cognito"
    );
}
