//! Drift (changes made outside Terraform), every import form, configuration
//! generation from an `import {}` block, and states written by the official
//! provider (spec 0.3, 0.4, 4.3, 5).

use aws_sdk_cognitoidentityprovider::types::{
    AnalyticsConfigurationType, ExplicitAuthFlowsType, FeatureType, OAuthFlowType,
    PreventUserExistenceErrorTypes, RefreshTokenRotationType, TimeUnitsType,
    TokenValidityUnitsType,
};
use serde_json::{json, Map, Value};

use test_support::backend::REGION;
use test_support::checks;
use test_support::fixture::{
    address, attribute_differences, client, client_resources, config, string, strings, verify,
    Fixture, IMPORT_IGNORED,
};
use test_support::hcl::ClientHcl;
use test_support::{hcl_string, Workspace};

/// An OAuth client with lifetimes in minutes, used for drift.
fn drifting_client(pool: &str) -> String {
    client(
        "test",
        &format!(
            r#"  name = "drifting"
  user_pool_id = {}
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows = ["code"]
  allowed_oauth_scopes = ["openid", "email"]
  callback_urls = ["https://example.com/cb", "https://example.com/other"]
  default_redirect_uri = "https://example.com/cb"
  supported_identity_providers = ["COGNITO"]
  access_token_validity = 60
  id_token_validity = 60
  token_validity_units {{
    access_token = "minutes"
    id_token = "minutes"
    refresh_token = "days"
  }}"#,
            hcl_string(pool)
        ),
    )
}

#[test]
fn drift_changed_deleted_and_pool_deleted_out_of_band() {
    let mut f = Fixture::new();
    let addr = address("test");
    f.step(&drifting_client(&f.pool));
    let id = f.id("test");

    // Changed out of band: one more callback URL and a shorter access token.
    // (UpdateUserPoolClient replaces the configuration, so the helper sends the
    // whole current configuration with the change.)
    f.backend.update_client(&f.pool, &id, |c| {
        c.callback_urls
            .get_or_insert_with(Vec::new)
            .push("https://drift.example.com/cb".to_owned());
        c.access_token_validity = Some(30);
    });
    let plan = f.ws.plan();
    assert_eq!(plan.exit_code, 2, "{}", f.ws.transcript());
    assert_eq!(plan.actions(&addr), ["update"], "{}", f.ws.transcript());
    let change = plan.change(&addr).expect("a change");
    assert_eq!(change["before"]["access_token_validity"], 30);
    assert_eq!(change["after"]["access_token_validity"], 60);
    assert!(change["before"]["callback_urls"]
        .as_array()
        .expect("a set")
        .contains(&json!("https://drift.example.com/cb")));
    assert!(!change["after"]["callback_urls"]
        .as_array()
        .expect("a set")
        .contains(&json!("https://drift.example.com/cb")));
    f.ws.apply();
    f.verify();
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(remote.access_token_validity, Some(60));
    let mut callbacks = remote.callback_urls.clone().unwrap_or_default();
    callbacks.sort();
    assert_eq!(
        callbacks,
        ["https://example.com/cb", "https://example.com/other"]
    );
    assert_eq!(
        remote.token_validity_units.and_then(|u| u.access_token),
        Some(TimeUnitsType::Minutes)
    );

    // Client deleted out of band: planned as a create, recreated.
    f.backend.delete_client(&f.pool, &id);
    let plan = f.ws.plan();
    assert_eq!(plan.exit_code, 2, "{}", f.ws.transcript());
    assert_eq!(plan.actions(&addr), ["create"], "{}", f.ws.transcript());
    f.ws.apply();
    f.verify();
    let new_id = f.id("test");
    assert_ne!(new_id, id);
    assert!(f.backend.describe_client(&f.pool, &new_id).is_some());

    // The whole pool deleted out of band: the refresh drops the client from
    // state with a warning, and the plan creates it (which would fail: no pool).
    f.backend.delete_user_pool(REGION, &f.pool);
    let (code, output) = f.ws.plan_with(&[]);
    let output = f.ws.redact(&output.combined());
    assert_eq!(code, 2, "{output}");
    for text in [
        "Warning: AWS resource not found during refresh",
        "Automatically removing from Terraform State instead of returning the error, which may trigger resource recreation. Original error:",
        &format!("{addr} will be created"),
    ] {
        assert!(checks::contains_text(&output, text), "{text:?} missing:\n{output}");
    }
    let plan = f.ws.plan();
    assert_eq!(plan.actions(&addr), ["create"], "{}", f.ws.transcript());
    let refreshed = f.ws.apply_with(&["-refresh-only"]);
    assert!(
        checks::contains_text(
            &refreshed.combined(),
            "AWS resource not found during refresh"
        ),
        "{}",
        f.ws.transcript()
    );
    assert!(
        f.ws.state_resource(&addr).is_none(),
        "the client of a deleted pool must leave the state:\n{}",
        f.ws.transcript()
    );
}

#[test]
fn import_forms_by_id_region_and_name() {
    let mut f = Fixture::new();
    let pool = f.pool.clone();
    let named = |label: &str, name: &str| {
        client(
            label,
            &format!(
                "  name = {}\n  user_pool_id = {}\n  explicit_auth_flows = [\"ALLOW_USER_SRP_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"]\n  prevent_user_existence_errors = \"ENABLED\"\n",
                hcl_string(name),
                hcl_string(&pool)
            ),
        )
    };
    let resources =
        named("unique", "unique client") + &named("dup_a", "twin") + &named("dup_b", "twin");
    // The plain form `pool/client` is what `verify` imports with.
    f.step(&resources);
    let expected = client_resources(&f.ws.show_json());
    let state_of = |label: &str| -> Map<String, Value> {
        expected
            .iter()
            .find(|(a, _)| *a == address(label))
            .map(|(_, v)| v.clone())
            .expect("client in state")
    };
    let unique = state_of("unique");
    let unique_id = string(&unique, "id");
    let twins = [
        string(&state_of("dup_a"), "id"),
        string(&state_of("dup_b"), "id"),
    ];
    let addr = address("unique");

    let unique_only = config(&named("unique", "unique client"));
    let imported_as = |f: &mut Fixture, id: &str| -> Map<String, Value> {
        let mut fresh = Workspace::new(&f.backend);
        fresh.write_config(&unique_only);
        fresh.import(&addr, id);
        let state = fresh.state_resource(&addr).expect("imported");
        fresh.assert_no_changes();
        state
    };
    let check_same = |form: &str, actual: &Map<String, Value>| {
        let differences = attribute_differences(&unique, actual, IMPORT_IGNORED);
        assert!(
            differences.is_empty(),
            "import by {form} differs:\n{}",
            differences.join("\n")
        );
    };

    // pool/client@region
    let state = imported_as(&mut f, &format!("{pool}/{unique_id}@us-east-1"));
    assert_eq!(string(&state, "region"), "us-east-1");
    check_same("pool/client@us-east-1", &state);

    // pool/name:CLIENT_NAME
    let state = imported_as(&mut f, &format!("{pool}/name:unique client"));
    check_same("pool/name:unique client", &state);

    // Name forms that match no client or several.
    let mut fresh = Workspace::new(&f.backend);
    fresh.write_config(&unique_only);
    let output = fresh.import_expect_failure(&addr, &format!("{pool}/name:nobody"));
    for text in ["nobody", &pool] {
        assert!(
            checks::contains_text(&output, text),
            "the error for a missing name does not mention {text:?}:\n{output}"
        );
    }
    let output = fresh.import_expect_failure(&addr, &format!("{pool}/name:twin"));
    for text in ["twin", &twins[0], &twins[1]] {
        assert!(
            checks::contains_text(&output, text),
            "the error for a duplicated name does not mention {text:?}:\n{output}"
        );
    }

    // Malformed ids, with the reference's wording.
    for id in [
        "nonsense".to_owned(),
        format!("{pool}/{unique_id}/extra"),
        format!("{pool}/{unique_id}/extra@us-east-1"),
        format!("{pool}_{unique_id}"),
    ] {
        let output = fresh.import_expect_failure(&addr, &id);
        for text in [
            "Error: Parsing Resource ID".to_owned(),
            format!("wrong format of import ID ({id}), use: 'user-pool-id/client-id'"),
        ] {
            assert!(
                checks::contains_text(&output, &text),
                "import of {id:?}: {text:?} missing:\n{output}"
            );
        }
    }
    assert!(fresh.state_resource(&addr).is_none());
}

/// Every argument except `region`, with one element in each set and lifetimes in
/// minutes: the full client the configuration-generation and reference-state tests
/// share (they set `enable_token_revocation` and `analytics_configuration`).
fn small_full_client(label: &str, name: &str, pool: &str) -> ClientHcl {
    ClientHcl::new(label, name, pool)
        .every_argument()
        .without("region")
        .set("access_token_validity", 30)
        .set("id_token_validity", 45)
        .set("refresh_token_validity", 10)
        .set(
            "token_validity_units",
            json!({"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"}),
        )
        .set("auth_session_validity", 5)
        .set("allowed_oauth_flows", json!(["code"]))
        .set("allowed_oauth_scopes", json!(["openid"]))
        .set("callback_urls", json!(["https://example.com/cb"]))
        .set("default_redirect_uri", "https://example.com/cb")
        .set("logout_urls", json!(["https://example.com/bye"]))
        .set("explicit_auth_flows", json!(["ALLOW_USER_SRP_AUTH"]))
        .set("read_attributes", json!(["email"]))
        .set("write_attributes", json!(["email"]))
        .set(
            "refresh_token_rotation",
            json!({"feature": "ENABLED", "retry_grace_period_seconds": 10}),
        )
}

/// Spec 0.3: `terraform plan -generate-config-out` on `import {}` blocks writes a
/// configuration that applies and then plans no change, for a client with every
/// argument and for one with AWS's defaults.
#[test]
fn generated_configuration_applies_and_plans_no_change() {
    let mut f = Fixture::new();
    let pool = f.pool.clone();
    let resources = ClientHcl::new("minimal", "minimal", &pool).to_string()
        + &small_full_client("full", "full", &pool)
        .set("enable_token_revocation", false)
        .set(
            "analytics_configuration",
            json!({
                "application_arn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef",
                "user_data_shared": true
            }),
        )
        .to_string();
    f.step(&resources);
    let expected = client_resources(&f.ws.show_json());

    let mut fresh = Workspace::new(&f.backend);
    let imports: String = expected
        .iter()
        .map(|(addr, values)| {
            format!(
                "\nimport {{\n  to = {addr}\n  id = {}\n}}\n",
                hcl_string(&format!(
                    "{}/{}",
                    string(values, "user_pool_id"),
                    string(values, "id")
                ))
            )
        })
        .collect();
    fresh.write_config(&config(&imports));
    let output = fresh.run(&[
        "plan",
        "-input=false",
        "-no-color",
        "-generate-config-out=generated.tf",
    ]);
    let generated = std::fs::read_to_string(fresh.dir().join("generated.tf"))
        .expect("terraform wrote generated.tf");
    assert!(
        output.status.success(),
        "the plan that generates the configuration failed:\n{}\n--- generated.tf ---\n{generated}",
        fresh.redact(&output.combined())
    );
    fresh.apply();
    fresh.assert_no_changes();
    let imported = client_resources(&fresh.show_json());
    for (addr, values) in &expected {
        let actual = imported
            .iter()
            .find(|(a, _)| a == addr)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("{addr} not imported:\n{}", fresh.transcript()));
        let differences = attribute_differences(values, actual, IMPORT_IGNORED);
        assert!(
            differences.is_empty(),
            "{addr} imported with generated configuration differs:\n{}\n--- generated.tf ---\n{generated}",
            differences.join("\n")
        );
    }
}

/// The attributes the official provider writes for a client (spec 4.2, 2.2-2.4).
fn reference_attributes(
    client: &aws_sdk_cognitoidentityprovider::types::UserPoolClientType,
) -> Value {
    let list = |items: &Option<Vec<String>>| json!(items.clone().unwrap_or_default());
    let enums = |items: Vec<&str>| json!(items);
    let units = client.token_validity_units.as_ref().map_or(json!([]), |u| {
        json!([{
            "access_token": u.access_token.as_ref().map(|v| v.as_str()),
            "id_token": u.id_token.as_ref().map(|v| v.as_str()),
            "refresh_token": u.refresh_token.as_ref().map(|v| v.as_str()),
        }])
    });
    let rotation = client
        .refresh_token_rotation
        .as_ref()
        .map_or(json!([]), |r| {
            json!([{
                "feature": r.feature.as_str(),
                "retry_grace_period_seconds": r.retry_grace_period_seconds.unwrap_or(0),
            }])
        });
    let analytics = client
        .analytics_configuration
        .as_ref()
        .map_or(json!([]), |a| {
            json!([{
                "application_arn": a.application_arn,
                "application_id": a.application_id,
                "external_id": a.external_id,
                "role_arn": a.role_arn,
                "user_data_shared": a.user_data_shared,
            }])
        });
    json!({
        "access_token_validity": client.access_token_validity.unwrap_or(0),
        "allowed_oauth_flows": enums(client.allowed_o_auth_flows.iter().flatten().map(|f| f.as_str()).collect()),
        "allowed_oauth_flows_user_pool_client": client.allowed_o_auth_flows_user_pool_client.unwrap_or(false),
        "allowed_oauth_scopes": list(&client.allowed_o_auth_scopes),
        "analytics_configuration": analytics,
        "auth_session_validity": client.auth_session_validity,
        "callback_urls": list(&client.callback_urls),
        "client_secret": client.client_secret.clone().unwrap_or_default(),
        "default_redirect_uri": client.default_redirect_uri.clone().unwrap_or_default(),
        "enable_propagate_additional_user_context_data": client.enable_propagate_additional_user_context_data,
        "enable_token_revocation": client.enable_token_revocation,
        "explicit_auth_flows": enums(client.explicit_auth_flows.iter().flatten().map(|f| f.as_str()).collect()),
        "generate_secret": null,
        "id": client.client_id,
        "id_token_validity": client.id_token_validity.unwrap_or(0),
        "logout_urls": list(&client.logout_urls),
        "name": client.client_name,
        "prevent_user_existence_errors": client.prevent_user_existence_errors.as_ref().map_or("", |p| p.as_str()),
        "read_attributes": list(&client.read_attributes),
        "refresh_token_rotation": rotation,
        "refresh_token_validity": client.refresh_token_validity,
        "region": "us-east-1",
        "supported_identity_providers": list(&client.supported_identity_providers),
        "token_validity_units": units,
        "user_pool_id": client.user_pool_id,
        "write_attributes": list(&client.write_attributes),
    })
}

/// A version 4 state file as Terraform writes it for the official provider's
/// resources (under this provider's source address `source`, as after `terraform
/// state replace-provider`).
fn reference_state(source: &str, instances: &[(&str, Value)], serial: u64) -> String {
    let resources: Vec<Value> = instances
        .iter()
        .map(|(name, attributes)| {
            json!({
                "mode": "managed",
                "type": "aws_cognito_user_pool_client",
                "name": name,
                "provider": format!("provider[\"{source}\"]"),
                "instances": [{
                    "schema_version": 0,
                    "attributes": attributes,
                    "sensitive_attributes": [],
                }],
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "version": 4,
        "terraform_version": "1.6.0",
        "serial": serial,
        "lineage": "2f5d3a0e-6c1b-4f55-9c1e-6a1f0d9b7c42",
        "outputs": {},
        "resources": resources,
        "check_results": null,
    }))
    .expect("serialize the state")
}

/// Spec 0.4: a state written by the official provider (v6, and v5 without
/// `region`) plans no change with a matching configuration.
#[test]
fn state_written_by_the_reference_provider_plans_no_change() {
    let mut f = Fixture::new();
    let pool = f.pool.clone();
    let minimal = f.backend.create_client(&pool, "reference-minimal", |r| {
        r.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
    });
    let full = f.backend.create_client(&pool, "reference-full", |r| {
        r.generate_secret(true)
            .access_token_validity(30)
            .id_token_validity(45)
            .refresh_token_validity(10)
            .token_validity_units(
                TokenValidityUnitsType::builder()
                    .access_token(TimeUnitsType::Minutes)
                    .id_token(TimeUnitsType::Minutes)
                    .refresh_token(TimeUnitsType::Days)
                    .build(),
            )
            .auth_session_validity(5)
            .enable_token_revocation(true)
            .enable_propagate_additional_user_context_data(true)
            .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
            .allowed_o_auth_flows_user_pool_client(true)
            .allowed_o_auth_flows(OAuthFlowType::Code)
            .allowed_o_auth_scopes("openid")
            .callback_urls("https://example.com/cb")
            .default_redirect_uri("https://example.com/cb")
            .logout_urls("https://example.com/bye")
            .supported_identity_providers("COGNITO")
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
            .read_attributes("email")
            .write_attributes("email")
            .analytics_configuration(
                AnalyticsConfigurationType::builder()
                    .application_id("0123456789abcdef0123456789abcdef")
                    .external_id("external")
                    .role_arn("arn:aws:iam::123456789012:role/pinpoint")
                    .user_data_shared(true)
                    .build(),
            )
            .refresh_token_rotation(
                RefreshTokenRotationType::builder()
                    .feature(FeatureType::Enabled)
                    .retry_grace_period_seconds(10)
                    .build()
                    .expect("a complete rotation"),
            )
    });
    let mut full_attributes = reference_attributes(&full);
    // Created by the official provider with generate_secret = true.
    full_attributes["generate_secret"] = json!(true);
    let resources = ClientHcl::new("minimal", "reference-minimal", &pool)
        .set(
            "explicit_auth_flows",
            json!(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
        )
        .to_string()
        + &small_full_client("full", "reference-full", &pool)
            .set("enable_token_revocation", true)
            .set(
                "analytics_configuration",
                json!({
                    "application_id": "0123456789abcdef0123456789abcdef",
                    "external_id": "external",
                    "role_arn": "arn:aws:iam::123456789012:role/pinpoint",
                    "user_data_shared": true
                }),
            )
            .to_string();
    f.write(&resources);

    // v6 of the reference: with region. The client without blocks in its
    // configuration has none in state.
    let mut minimal_attributes = reference_attributes(&minimal);
    for block in [
        "token_validity_units",
        "refresh_token_rotation",
        "analytics_configuration",
    ] {
        minimal_attributes[block] = json!([]);
    }
    f.ws.write_file(
        "terraform.tfstate",
        &reference_state(
            &f.ws.provider_source(),
            &[
                ("minimal", minimal_attributes.clone()),
                ("full", full_attributes.clone()),
            ],
            1,
        ),
    );
    f.ws.assert_no_changes();

    // v5 of the reference: no region attribute at all.
    let without_region = |mut attributes: Value| {
        attributes
            .as_object_mut()
            .expect("an object")
            .remove("region");
        attributes
    };
    f.ws.write_file(
        "terraform.tfstate",
        &reference_state(
            &f.ws.provider_source(),
            &[
                ("minimal", without_region(minimal_attributes)),
                ("full", without_region(full_attributes)),
            ],
            2,
        ),
    );
    let plan = f.ws.plan();
    for label in ["minimal", "full"] {
        let actions = plan.actions(&address(label));
        assert!(
            !actions.contains(&"delete".to_owned()),
            "a state without region must not replace {label}:\n{}",
            f.ws.transcript()
        );
    }
    assert_eq!(plan.exit_code, 0, "{}", f.ws.transcript());

    // And the state this provider then writes imports back identically.
    f.ws.apply();
    verify(&f.backend, &mut f.ws);
    let s = f.state("full");
    assert_eq!(strings(&s, "callback_urls"), ["https://example.com/cb"]);
    assert_eq!(string(&s, "region"), REGION);
}
