//! `aws_cognito_user_pool_client` attribute by attribute: every argument set,
//! changed in place and removed; empty sets against null sets; refresh token
//! rotation; and the arguments that replace the client. Every applied step is
//! followed by `plan -detailed-exitcode` (must be 0) and an import into a fresh
//! workspace that must reproduce the state (`fixture::verify`).

use aws_sdk_cognitoidentityprovider::types::{FeatureType, TimeUnitsType};
use serde_json::{json, Value};

use test_support::backend::REGION;
use test_support::fixture::{address, block, client, int, string, strings, Fixture};
use test_support::hcl::ClientHcl;
use test_support::hcl_string;
use test_support::terraform::Workspace;

const SECOND_REGION: &str = "us-west-2";

/// Step A: every argument of the resource, including all three blocks.
fn every_argument(pool: &str) -> String {
    ClientHcl::new("test", "every-attribute", pool)
        .every_argument()
        .to_string()
}

/// Step B: every argument that updates in place, changed (lifetimes in minutes
/// and hours so that removing the units block later has to convert them), with
/// `oauth` for the OAuth switch, flows, scopes and identity providers.
fn every_argument_changed(pool: &str, oauth: fn(ClientHcl) -> ClientHcl) -> ClientHcl {
    oauth(
        ClientHcl::new("test", "every-attribute-changed", pool)
            .every_argument()
            .set("access_token_validity", 120)
            .set("id_token_validity", 180)
            .set("refresh_token_validity", 720)
            .set(
                "token_validity_units",
                json!({"access_token": "minutes", "id_token": "minutes", "refresh_token": "hours"}),
            )
            .set("auth_session_validity", 12)
            .set("enable_token_revocation", false)
            .set("enable_propagate_additional_user_context_data", false)
            .set("prevent_user_existence_errors", "LEGACY")
            .set(
                "callback_urls",
                json!(["https://example.org/cb", "http://localhost:8080/cb"]),
            )
            .set("default_redirect_uri", "http://localhost:8080/cb")
            .set(
                "logout_urls",
                json!(["https://example.org/bye", "myapp://signout"]),
            )
            .set(
                "explicit_auth_flows",
                json!([
                    "ALLOW_USER_SRP_AUTH",
                    "ALLOW_CUSTOM_AUTH",
                    "ALLOW_ADMIN_USER_PASSWORD_AUTH"
                ]),
            )
            .set("read_attributes", json!(["email", "name", "family_name"]))
            .set("write_attributes", json!(["name"]))
            .set(
                "analytics_configuration",
                json!({
                    "application_id": "fedcba9876543210fedcba9876543210",
                    "external_id": "external-two",
                    "role_arn": "arn:aws:iam::123456789012:role/pinpoint-two",
                    "user_data_shared": false
                }),
            )
            .set(
                "refresh_token_rotation",
                json!({"feature": "ENABLED", "retry_grace_period_seconds": 45}),
            ),
    )
}

fn oauth_changed(client: ClientHcl) -> ClientHcl {
    client
        .set("allowed_oauth_flows_user_pool_client", true)
        .set("allowed_oauth_flows", json!(["code"]))
        .set("allowed_oauth_scopes", json!(["openid", "phone"]))
        .set("supported_identity_providers", json!(["COGNITO"]))
}

fn oauth_off(client: ClientHcl) -> ClientHcl {
    client
        .set("allowed_oauth_flows_user_pool_client", false)
        .set("allowed_oauth_flows", json!([]))
        .set("allowed_oauth_scopes", json!([]))
        .set("supported_identity_providers", json!([]))
}

/// Step C1: only the required arguments, `generate_secret` (removing it is not a
/// "keeps its value" case) and the three blocks as in step B.
fn arguments_removed_blocks_kept(pool: &str) -> String {
    every_argument_changed(pool, oauth_changed)
        .only(&[
            "generate_secret",
            "token_validity_units",
            "analytics_configuration",
            "refresh_token_rotation",
        ])
        .to_string()
}

/// Step C2: the blocks removed too.
fn everything_removed(pool: &str) -> String {
    every_argument_changed(pool, oauth_changed)
        .only(&["generate_secret"])
        .to_string()
}

fn sorted(items: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    items.sort();
    items
}

fn sorted_remote(items: Option<&[String]>) -> Vec<String> {
    let mut items = items.unwrap_or_default().to_vec();
    items.sort();
    items
}

#[test]
fn every_attribute_set_changed_in_place_then_removed() {
    let mut f = Fixture::new();
    let addr = address("test");

    // A: every argument.
    f.step(&every_argument(&f.pool));
    let id = f.id("test");
    let s = f.state("test");
    assert_eq!(string(&s, "name"), "every-attribute");
    assert_eq!(string(&s, "region"), REGION);
    assert_eq!(s["generate_secret"], true);
    assert!(!string(&s, "client_secret").is_empty());
    assert_eq!(int(&s, "access_token_validity"), 3600);
    assert_eq!(int(&s, "id_token_validity"), 60);
    assert_eq!(int(&s, "refresh_token_validity"), 30);
    assert_eq!(int(&s, "auth_session_validity"), 7);
    assert_eq!(
        block(&s, "token_validity_units"),
        json!({"access_token": "seconds", "id_token": "minutes", "refresh_token": "days"})
            .as_object()
            .cloned()
    );
    assert_eq!(s["enable_token_revocation"], true);
    assert_eq!(s["enable_propagate_additional_user_context_data"], true);
    assert_eq!(string(&s, "prevent_user_existence_errors"), "ENABLED");
    assert_eq!(s["allowed_oauth_flows_user_pool_client"], true);
    assert_eq!(
        strings(&s, "allowed_oauth_flows"),
        sorted(&["code", "implicit"])
    );
    assert_eq!(
        strings(&s, "allowed_oauth_scopes"),
        sorted(&["openid", "email", "profile"])
    );
    assert_eq!(
        strings(&s, "callback_urls"),
        sorted(&[
            "https://example.com/callback",
            "https://example.com/alternate"
        ])
    );
    assert_eq!(
        string(&s, "default_redirect_uri"),
        "https://example.com/callback"
    );
    assert_eq!(
        strings(&s, "logout_urls"),
        sorted(&["https://example.com/logout"])
    );
    assert_eq!(
        strings(&s, "supported_identity_providers"),
        sorted(&["COGNITO"])
    );
    assert_eq!(
        strings(&s, "explicit_auth_flows"),
        sorted(&["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"])
    );
    assert_eq!(strings(&s, "read_attributes"), sorted(&["email", "name"]));
    assert_eq!(strings(&s, "write_attributes"), sorted(&["email", "name"]));
    assert_eq!(
        block(&s, "analytics_configuration"),
        json!({
            "application_arn": null,
            "application_id": "0123456789abcdef0123456789abcdef",
            "external_id": "external-one",
            "role_arn": "arn:aws:iam::123456789012:role/pinpoint-one",
            "user_data_shared": true
        })
        .as_object()
        .cloned()
    );
    assert_eq!(
        block(&s, "refresh_token_rotation"),
        json!({"feature": "ENABLED", "retry_grace_period_seconds": 30})
            .as_object()
            .cloned()
    );
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(remote.access_token_validity, Some(3600));
    assert_eq!(remote.auth_session_validity, Some(7));
    let units = remote.token_validity_units.clone().expect("units sent");
    assert_eq!(units.access_token, Some(TimeUnitsType::Seconds));
    assert_eq!(units.id_token, Some(TimeUnitsType::Minutes));
    let rotation = remote
        .refresh_token_rotation
        .clone()
        .expect("rotation sent");
    assert_eq!(rotation.feature, FeatureType::Enabled);
    assert_eq!(rotation.retry_grace_period_seconds, Some(30));
    let analytics = remote
        .analytics_configuration
        .clone()
        .expect("analytics sent");
    assert_eq!(analytics.external_id.as_deref(), Some("external-one"));
    assert!(analytics.user_data_shared);

    // B: every in-place argument changed; the client id stays.
    f.write(&every_argument_changed(&f.pool, oauth_changed).to_string());
    let plan = f.ws.plan();
    assert_eq!(plan.actions(&addr), ["update"], "{}", f.ws.transcript());
    f.ws.apply();
    f.verify();
    assert_eq!(
        f.id("test"),
        id,
        "an in-place change must keep the client id"
    );
    let s = f.state("test");
    assert_eq!(string(&s, "name"), "every-attribute-changed");
    assert_eq!(int(&s, "access_token_validity"), 120);
    assert_eq!(int(&s, "id_token_validity"), 180);
    assert_eq!(int(&s, "refresh_token_validity"), 720);
    assert_eq!(int(&s, "auth_session_validity"), 12);
    assert_eq!(s["enable_token_revocation"], false);
    assert_eq!(s["enable_propagate_additional_user_context_data"], false);
    assert_eq!(string(&s, "prevent_user_existence_errors"), "LEGACY");
    assert_eq!(strings(&s, "allowed_oauth_flows"), sorted(&["code"]));
    assert_eq!(
        strings(&s, "allowed_oauth_scopes"),
        sorted(&["openid", "phone"])
    );
    assert_eq!(
        strings(&s, "logout_urls"),
        sorted(&["https://example.org/bye", "myapp://signout"])
    );
    assert_eq!(
        strings(&s, "read_attributes"),
        sorted(&["email", "name", "family_name"])
    );
    assert_eq!(strings(&s, "write_attributes"), sorted(&["name"]));
    assert_eq!(
        block(&s, "refresh_token_rotation"),
        json!({"feature": "ENABLED", "retry_grace_period_seconds": 45})
            .as_object()
            .cloned()
    );
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(
        remote.client_name.as_deref(),
        Some("every-attribute-changed")
    );
    assert_eq!(remote.enable_token_revocation, Some(false));
    assert_eq!(
        sorted_remote(remote.callback_urls.as_deref()),
        sorted(&["https://example.org/cb", "http://localhost:8080/cb"])
    );

    // B2: the OAuth switch off, flows, scopes and identity providers emptied.
    f.write(&every_argument_changed(&f.pool, oauth_off).to_string());
    assert_eq!(
        f.ws.plan().actions(&addr),
        ["update"],
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();
    f.verify();
    assert_eq!(f.id("test"), id);
    let s = f.state("test");
    assert_eq!(s["allowed_oauth_flows_user_pool_client"], false);
    assert_eq!(strings(&s, "allowed_oauth_flows"), Vec::<String>::new());
    assert_eq!(strings(&s, "allowed_oauth_scopes"), Vec::<String>::new());
    assert_eq!(
        strings(&s, "supported_identity_providers"),
        Vec::<String>::new()
    );
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(remote.allowed_o_auth_flows_user_pool_client, Some(false));
    let before_removal = f.state("test");

    // C1: arguments removed from the configuration keep their values (spec 4.6).
    f.write(&arguments_removed_blocks_kept(&f.pool));
    assert_eq!(
        f.ws.plan_detailed_exitcode(),
        0,
        "removing arguments must not plan a change:\n{}",
        f.ws.transcript()
    );
    f.ws.apply();
    f.verify();
    let after = f.state("test");
    let differences = test_support::fixture::attribute_differences(&before_removal, &after, &[]);
    assert!(
        differences.is_empty(),
        "removing arguments changed the state:\n{}",
        differences.join("\n")
    );

    // C2: the blocks removed. Rotation is disabled, the analytics configuration
    // goes away, and the lifetimes kept from state are converted from minutes
    // and hours to AWS's default units (120 min = 2 h, 180 min = 3 h,
    // 720 h = 30 days) instead of being sent as 120 h / 180 h / 720 days
    // (official provider issue 32504).
    f.write(&everything_removed(&f.pool));
    let plan = f.ws.plan();
    assert_eq!(plan.exit_code, 2, "{}", f.ws.transcript());
    assert_eq!(plan.actions(&addr), ["update"], "{}", f.ws.transcript());
    let after_plan = &plan.change(&addr).expect("a change")["after"];
    assert_eq!(
        after_plan["access_token_validity"],
        2,
        "{}",
        f.ws.transcript()
    );
    assert_eq!(after_plan["id_token_validity"], 3, "{}", f.ws.transcript());
    assert_eq!(
        after_plan["refresh_token_validity"],
        30,
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();
    f.verify();
    assert_eq!(f.id("test"), id);
    let s = f.state("test");
    assert_eq!(int(&s, "access_token_validity"), 2);
    assert_eq!(int(&s, "id_token_validity"), 3);
    assert_eq!(int(&s, "refresh_token_validity"), 30);
    assert_eq!(block(&s, "token_validity_units"), None);
    assert_eq!(block(&s, "refresh_token_rotation"), None);
    assert_eq!(block(&s, "analytics_configuration"), None);
    // Everything else kept its value.
    assert_eq!(int(&s, "auth_session_validity"), 12);
    assert_eq!(string(&s, "prevent_user_existence_errors"), "LEGACY");
    assert_eq!(
        strings(&s, "logout_urls"),
        sorted(&["https://example.org/bye", "myapp://signout"])
    );
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(remote.access_token_validity, Some(2));
    assert_eq!(remote.id_token_validity, Some(3));
    assert_eq!(remote.refresh_token_validity, 30);
    if let Some(units) = &remote.token_validity_units {
        assert_eq!(units.access_token, Some(TimeUnitsType::Hours));
        assert_eq!(units.id_token, Some(TimeUnitsType::Hours));
        assert_eq!(units.refresh_token, Some(TimeUnitsType::Days));
    }
    assert_eq!(
        remote
            .refresh_token_rotation
            .as_ref()
            .map(|r| r.feature.clone()),
        Some(FeatureType::Disabled),
        "removing refresh_token_rotation must disable rotation"
    );
    assert!(remote.analytics_configuration.is_none());
    assert_eq!(
        remote.auth_session_validity,
        Some(12),
        "kept values must be re-sent"
    );
}

const SET_ATTRIBUTES: [&str; 8] = [
    "allowed_oauth_flows",
    "allowed_oauth_scopes",
    "callback_urls",
    "explicit_auth_flows",
    "logout_urls",
    "read_attributes",
    "supported_identity_providers",
    "write_attributes",
];

/// A client whose set arguments are all `[]` (`empty`) or all left out.
fn sets_client(label: &str, pool: &str, empty: bool) -> String {
    let mut body = format!(
        "  name = \"{label}\"\n  user_pool_id = {}\n",
        hcl_string(pool)
    );
    if empty {
        for name in SET_ATTRIBUTES {
            body.push_str(&format!("  {name} = []\n"));
        }
    }
    client(label, &body)
}

/// The official provider's `_emptySets` and `_nulls` tests, both ways.
#[test]
fn empty_and_null_sets_plan_no_diff_both_ways() {
    let mut f = Fixture::new();
    let pool = f.pool.clone();
    let configs =
        |a_empty: bool| sets_client("a", &pool, a_empty) + &sets_client("b", &pool, !a_empty);

    // a created with [], b with every set left out.
    f.step(&configs(true));
    for label in ["a", "b"] {
        let s = f.state(label);
        for name in SET_ATTRIBUTES {
            assert_eq!(s[name], json!([]), "{label}.{name}");
        }
    }
    let ids = (f.id("a"), f.id("b"));

    // a switched to null, b to [].
    f.write(&configs(false));
    assert_eq!(
        f.ws.plan_detailed_exitcode(),
        0,
        "[] -> null and null -> [] must plan no change:\n{}",
        f.ws.transcript()
    );
    // And back.
    f.write(&configs(true));
    assert_eq!(
        f.ws.plan_detailed_exitcode(),
        0,
        "back to [] / null must plan no change:\n{}",
        f.ws.transcript()
    );
    f.write(&configs(false));
    f.ws.apply();
    f.verify();
    assert_eq!((f.id("a"), f.id("b")), ids);
}

fn rotation_client(label: &str, pool: &str, extra: &str) -> String {
    client(
        label,
        &format!(
            "  name = \"{label}\"\n  user_pool_id = {}\n{extra}",
            hcl_string(pool)
        ),
    )
}

fn rotation_block(feature: &str, grace: Option<u32>) -> String {
    let grace = grace
        .map(|g| format!("    retry_grace_period_seconds = {g}\n"))
        .unwrap_or_default();
    format!("  refresh_token_rotation {{\n    feature = \"{feature}\"\n{grace}  }}\n")
}

/// Official provider issues 43531, 45646, 50027 and 47196.
#[test]
fn refresh_token_rotation_without_grace_disabled_and_removed() {
    let mut f = Fixture::new();
    let pool = f.pool.clone();
    let srp_only = "  explicit_auth_flows = [\"ALLOW_USER_SRP_AUTH\"]\n";
    let config = |rotation: &str| {
        rotation_client("none", &pool, "")
            + &rotation_client("rotating", &pool, &format!("{srp_only}{rotation}"))
    };

    // No block: none in state (AWS answers DISABLED). ENABLED without a grace
    // period: 0 in state, no inconsistent result.
    f.step(&config(&rotation_block("ENABLED", None)));
    assert_eq!(block(&f.state("none"), "refresh_token_rotation"), None);
    assert_eq!(
        block(&f.state("rotating"), "refresh_token_rotation"),
        json!({"feature": "ENABLED", "retry_grace_period_seconds": 0})
            .as_object()
            .cloned()
    );
    let id = f.id("rotating");
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(
        remote.refresh_token_rotation.map(|r| r.feature),
        Some(FeatureType::Enabled)
    );

    // ENABLED with a grace period.
    f.step(&config(&rotation_block("ENABLED", Some(20))));
    assert_eq!(
        block(&f.state("rotating"), "refresh_token_rotation"),
        json!({"feature": "ENABLED", "retry_grace_period_seconds": 20})
            .as_object()
            .cloned()
    );

    // Block removed while ALLOW_REFRESH_TOKEN_AUTH is added (issue 47196): the
    // update disables rotation, the block leaves state.
    f.write(
        &(rotation_client("none", &pool, "")
            + &rotation_client(
                "rotating",
                &pool,
                "  explicit_auth_flows = [\"ALLOW_USER_SRP_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"]\n",
            )),
    );
    f.ws.apply();
    f.verify();
    assert_eq!(f.id("rotating"), id);
    assert_eq!(block(&f.state("rotating"), "refresh_token_rotation"), None);
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(
        remote.refresh_token_rotation.map(|r| r.feature),
        Some(FeatureType::Disabled)
    );
    assert_eq!(block(&f.state("none"), "refresh_token_rotation"), None);

    // Back to a block with DISABLED and no grace period (last: an import cannot
    // tell this block from no block, AWS answers DISABLED for both).
    f.write(&config(&rotation_block("DISABLED", None)));
    assert_eq!(
        f.ws.plan().actions(&address("rotating")),
        ["update"],
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();
    f.ws.assert_no_changes();
    assert_eq!(
        block(&f.state("rotating"), "refresh_token_rotation"),
        json!({"feature": "DISABLED", "retry_grace_period_seconds": 0})
            .as_object()
            .cloned()
    );
    let remote = f
        .backend
        .describe_client(&f.pool, &id)
        .expect("client exists");
    assert_eq!(
        remote.refresh_token_rotation.map(|r| r.feature),
        Some(FeatureType::Disabled)
    );
    // An import cannot tell this block from no block (AWS answers DISABLED, 0 s for
    // both, and a client without the block is far more common), so the imported
    // state has none, and the documented consequence is a one-time update that
    // writes the block back.
    let mut fresh = Workspace::new(&f.backend);
    fresh.copy_files_from(&f.ws.dir());
    fresh.import(&address("rotating"), &format!("{}/{id}", f.pool));
    let imported = fresh
        .state_resource(&address("rotating"))
        .expect("imported");
    assert_eq!(block(&imported, "refresh_token_rotation"), None);
    assert_eq!(
        fresh.plan().actions(&address("rotating")),
        ["update"],
        "{}",
        fresh.transcript()
    );
}

fn replace_paths(plan: &test_support::terraform::Plan, addr: &str) -> Vec<Value> {
    plan.json["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["address"] == addr)
        .and_then(|c| c["change"]["replace_paths"].as_array().cloned())
        .unwrap_or_default()
}

#[test]
fn user_pool_id_generate_secret_and_region_replace_the_client() {
    let mut f = Fixture::new();
    let addr = address("test");
    let second_pool = f.backend.create_user_pool("second");
    let west_pool = f.backend.create_user_pool_in(SECOND_REGION, "west");
    let body = |pool: &str, extra: &str| {
        client(
            "test",
            &format!(
                "  name = \"moving\"\n  user_pool_id = {}\n{extra}",
                hcl_string(pool)
            ),
        )
    };

    f.step(&body(&f.pool, ""));
    let mut old_id = f.id("test");
    let mut old_pool = f.pool.clone();
    // The generate_secret steps come last, in the second region, so that one
    // failing step does not hide the others.
    let steps: [(&str, String, &str, &str); 4] = [
        ("user_pool_id", second_pool.clone(), "", REGION),
        (
            "region",
            west_pool.clone(),
            "  region = \"us-west-2\"\n",
            SECOND_REGION,
        ),
        (
            "generate_secret",
            west_pool.clone(),
            "  region = \"us-west-2\"\n  generate_secret = true\n",
            SECOND_REGION,
        ),
        (
            "generate_secret",
            west_pool.clone(),
            "  region = \"us-west-2\"\n  generate_secret = false\n",
            SECOND_REGION,
        ),
    ];
    let mut old_region = REGION;
    for (cause, pool, extra, region) in steps {
        f.write(&body(&pool, extra));
        let plan = f.ws.plan();
        assert_eq!(
            plan.actions(&addr),
            ["delete", "create"],
            "changing {cause} must replace the client:\n{}",
            f.ws.transcript()
        );
        assert!(
            replace_paths(&plan, &addr).contains(&json!([cause])),
            "{cause} is not among the replace paths {:?}",
            replace_paths(&plan, &addr)
        );
        f.ws.apply();
        f.verify();
        let s = f.state("test");
        let new_id = string(&s, "id");
        assert_ne!(
            new_id, old_id,
            "{cause}: a replacement needs a new client id"
        );
        assert_eq!(string(&s, "region"), region);
        assert!(
            f.backend
                .describe_client_in(region, &pool, &new_id)
                .is_some(),
            "{cause}: the new client is missing"
        );
        assert!(
            f.backend
                .describe_client_in(old_region, &old_pool, &old_id)
                .is_none(),
            "{cause}: the old client is still there"
        );
        let has_secret = !string(&s, "client_secret").is_empty();
        assert_eq!(has_secret, extra.contains("generate_secret = true"));
        old_id = new_id;
        old_pool = pool;
        old_region = region;
    }
}
