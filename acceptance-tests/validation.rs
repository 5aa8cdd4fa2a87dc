//! Plan-time validation: every attribute validator and configuration validator of
//! the reference, and the cross-field rules that this
//! project checks before AWS does. Many invalid clients share one
//! configuration and one `terraform plan`; each must get its own error, found by
//! its resource address. Configurations that AWS accepts must plan (and apply).

use aws_sdk_cognitoidentityprovider::types::ResourceServerScopeType;

use test_support::backend::REGION;
use test_support::diagnostics::{self, Diagnostic};
use test_support::fixture::{address, client, string, Fixture};
use test_support::hcl_string;

/// A pool id for plan-only configurations (a plan of a new client calls no API).
const POOL: &str = "us-east-1_validation";

/// An invalid client and what its error must contain.
struct Case {
    label: &'static str,
    body: String,
    /// Texts that one error of this client must all contain.
    expected: Vec<String>,
}

fn case(label: &'static str, body: impl Into<String>, expected: &[&str]) -> Case {
    Case {
        label,
        body: body.into(),
        expected: expected.iter().map(|s| s.to_string()).collect(),
    }
}

/// `name` and `user_pool_id`, then `extra`.
fn with_name(name: &str, extra: &str) -> String {
    format!(
        "  name = {}\n  user_pool_id = {}\n{extra}",
        hcl_string(name),
        hcl_string(POOL)
    )
}

fn named(extra: &str) -> String {
    with_name("client", extra)
}

fn hcl_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| hcl_string(i)).collect();
    format!("[{}]", items.join(", "))
}

/// An `https://` URL of exactly `length` characters.
fn url_of_length(length: usize) -> String {
    let prefix = "https://example.com/";
    format!("{prefix}{}", "a".repeat(length - prefix.len()))
}

/// Writes all cases as one configuration, runs `terraform plan` (which must
/// fail), and checks that every case has an error with its expected texts.
fn assert_each_case_fails(f: &mut Fixture, cases: &[Case]) {
    let resources: String = cases.iter().map(|c| client(c.label, &c.body)).collect();
    f.write(&resources);
    let output =
        f.ws.run_expect_failure(&["plan", "-input=false", "-no-color"]);
    let found = diagnostics::parse(&output);
    let mut missing = Vec::new();
    for case in cases {
        let addr = address(case.label);
        let errors = diagnostics::errors_for(&found, &addr);
        let matched = errors
            .iter()
            .any(|d| case.expected.iter().all(|text| d.mentions(text)));
        if !matched {
            missing.push(format!(
                "{addr}: no error containing {:?}; its errors: {:?}",
                case.expected,
                errors.iter().map(|d| d.text.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} cases did not fail as expected:\n{}\n--- plan output ---\n{output}",
        missing.len(),
        cases.len(),
        missing.join("\n")
    );
}

/// The errors of one client, from a plan of a configuration that must fail.
fn errors_of(f: &mut Fixture, label: &str, body: &str) -> (Vec<Diagnostic>, String) {
    f.write(&client(label, body));
    let output =
        f.ws.run_expect_failure(&["plan", "-input=false", "-no-color"]);
    let found = diagnostics::parse(&output)
        .into_iter()
        .filter(|d| d.severity == diagnostics::Severity::Error)
        .collect();
    (found, output)
}

#[test]
fn attribute_and_config_validators_reject_at_plan_time() {
    let mut f = Fixture::new();
    let long_url = url_of_length(1025);
    let many_urls: Vec<String> = (0..101)
        .map(|i| format!("https://example.com/{i}"))
        .collect();
    let many_scopes: Vec<String> = (0..51).map(|i| format!("api/scope{i}")).collect();
    let idp = "x".repeat(33);
    let explicit_flows = r#"["ADMIN_NO_SRP_AUTH" "CUSTOM_AUTH_FLOW_ONLY" "USER_PASSWORD_AUTH" "ALLOW_ADMIN_USER_PASSWORD_AUTH" "ALLOW_CUSTOM_AUTH" "ALLOW_USER_PASSWORD_AUTH" "ALLOW_USER_SRP_AUTH" "ALLOW_REFRESH_TOKEN_AUTH" "ALLOW_USER_AUTH"]"#;
    let minutes = |attribute: &str, value: i64| {
        named(&format!(
            "  {attribute} = {value}\n  token_validity_units {{\n    access_token = \"minutes\"\n    id_token = \"minutes\"\n    refresh_token = \"minutes\"\n  }}\n"
        ))
    };
    let cases = vec![
        // name: 1..128 bytes, at least one of [\w\s+=,.@-].
        case(
            "name_empty",
            with_name("", ""),
            &["Attribute name string length must be between 1 and 128, got: 0"],
        ),
        case(
            "name_long",
            with_name(&"a".repeat(129), ""),
            &["Attribute name string length must be between 1 and 128, got: 129"],
        ),
        case(
            "name_bytes",
            with_name(&format!("{}a", "é".repeat(64)), ""),
            &["Attribute name string length must be between 1 and 128, got: 129"],
        ),
        case(
            "name_characters",
            with_name("ééé", ""),
            &["Attribute name can include any letter, number, space, tab, or one of \"+=,.@-\", got: ééé"],
        ),
        // URLs: 1..1024 characters, at most 100 per set.
        case(
            "callback_url_long",
            named(&format!("  callback_urls = [{}]\n", hcl_string(&long_url))),
            &[&format!(
                "Attribute callback_urls[Value(\"{long_url}\")] string length must be between 1 and 1024, got: 1025"
            )],
        ),
        case(
            "logout_url_long",
            named(&format!("  logout_urls = [{}]\n", hcl_string(&long_url))),
            &[&format!(
                "Attribute logout_urls[Value(\"{long_url}\")] string length must be between 1 and 1024, got: 1025"
            )],
        ),
        case(
            "callback_url_blank",
            named("  callback_urls = [\" \"]\n"),
            &["callback_urls[Value(\" \")]"],
        ),
        case(
            "callback_urls_101",
            named(&format!("  callback_urls = {}\n", hcl_list(&many_urls))),
            &["Attribute callback_urls set must contain at most 100 elements, got: 101"],
        ),
        case(
            "logout_urls_101",
            named(&format!("  logout_urls = {}\n", hcl_list(&many_urls))),
            &["Attribute logout_urls set must contain at most 100 elements, got: 101"],
        ),
        case(
            "default_redirect_uri_long",
            named(&format!("  default_redirect_uri = {}\n", hcl_string(&long_url))),
            &["Attribute default_redirect_uri string length must be between 1 and 1024, got: 1025"],
        ),
        // Enumerations and set sizes.
        case(
            "oauth_flow_unknown",
            named("  allowed_oauth_flows = [\"CODE\"]\n"),
            &["Attribute allowed_oauth_flows[Value(\"CODE\")] value must be one of: [\"code\" \"implicit\" \"client_credentials\"]"],
        ),
        case(
            "oauth_flows_4",
            named("  allowed_oauth_flows = [\"code\", \"implicit\", \"client_credentials\", \"password\"]\n"),
            &["Attribute allowed_oauth_flows set must contain at most 3 elements, got: 4"],
        ),
        case(
            "explicit_auth_flow_unknown",
            named("  explicit_auth_flows = [\"ALLOW_EVERYTHING\"]\n"),
            &[&format!(
                "Attribute explicit_auth_flows[Value(\"ALLOW_EVERYTHING\")] value must be one of: {explicit_flows}"
            )],
        ),
        case(
            "oauth_scopes_51",
            named(&format!("  allowed_oauth_scopes = {}\n", hcl_list(&many_scopes))),
            &["Attribute allowed_oauth_scopes set must contain at most 50 elements, got: 51"],
        ),
        case(
            "identity_provider_long",
            named(&format!("  supported_identity_providers = [\"{idp}\"]\n")),
            &[&format!(
                "Attribute supported_identity_providers[Value(\"{idp}\")] string length must be between 1 and 32, got: 33"
            )],
        ),
        // Ranges.
        case(
            "auth_session_2",
            named("  auth_session_validity = 2\n"),
            &["Attribute auth_session_validity value must be between 3 and 15, got: 2"],
        ),
        case(
            "auth_session_16",
            named("  auth_session_validity = 16\n"),
            &["Attribute auth_session_validity value must be between 3 and 15, got: 16"],
        ),
        case(
            "grace_period_61",
            named("  refresh_token_rotation {\n    feature = \"ENABLED\"\n    retry_grace_period_seconds = 61\n  }\n"),
            &["Attribute refresh_token_rotation[0].retry_grace_period_seconds value must be between 0 and 60, got: 61"],
        ),
        // Token lifetimes in their units (spec 3.1).
        case(
            "access_25_hours",
            named("  access_token_validity = 25\n"),
            &["Attribute access_token_validity must have a duration between 5m0s and 24h0m0s, got: 25h0m0s"],
        ),
        case(
            "access_2_days",
            named("  access_token_validity = 2\n  token_validity_units {\n    access_token = \"days\"\n  }\n"),
            &["Attribute access_token_validity must have a duration between 5m0s and 24h0m0s, got: 48h0m0s"],
        ),
        case(
            "access_4_minutes",
            minutes("access_token_validity", 4),
            &["Attribute access_token_validity must have a duration between 5m0s and 24h0m0s, got: 4m0s"],
        ),
        case(
            "id_25_hours",
            named("  id_token_validity = 25\n"),
            &["Attribute id_token_validity must have a duration between 5m0s and 24h0m0s, got: 25h0m0s"],
        ),
        case(
            "id_1441_minutes",
            minutes("id_token_validity", 1441),
            &["Attribute id_token_validity must have a duration between 5m0s and 24h0m0s, got: 24h1m0s"],
        ),
        case(
            "id_299_seconds",
            named("  id_token_validity = 299\n  token_validity_units {\n    id_token = \"seconds\"\n  }\n"),
            &["Attribute id_token_validity must have a duration between 5m0s and 24h0m0s, got: 4m59s"],
        ),
        case(
            "refresh_3651_days",
            named("  refresh_token_validity = 3651\n"),
            &["Attribute refresh_token_validity must have a duration between 1h0m0s and 87600h0m0s, got: 87624h0m0s"],
        ),
        case(
            "refresh_59_minutes",
            minutes("refresh_token_validity", 59),
            &["Attribute refresh_token_validity must have a duration between 1h0m0s and 87600h0m0s, got: 59m0s"],
        ),
        case(
            "refresh_seconds_over",
            named("  refresh_token_validity = 315360001\n  token_validity_units {\n    refresh_token = \"seconds\"\n  }\n"),
            &["Attribute refresh_token_validity must have a duration between 1h0m0s and 87600h0m0s, got: 87600h0m1s"],
        ),
        // Analytics combinations (spec 3.2) and ARN shapes.
        case(
            "analytics_neither",
            named("  analytics_configuration {\n    user_data_shared = true\n  }\n"),
            &["Invalid Attribute Combination", "analytics_configuration[0].application_arn", "analytics_configuration[0].application_id"],
        ),
        case(
            "analytics_both",
            named("  analytics_configuration {\n    application_arn = \"arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc\"\n    application_id = \"abc\"\n    external_id = \"x\"\n    role_arn = \"arn:aws:iam::123456789012:role/r\"\n  }\n"),
            &["Invalid Attribute Combination", "analytics_configuration[0].application_arn", "analytics_configuration[0].application_id"],
        ),
        case(
            "analytics_arn_with_role",
            named("  analytics_configuration {\n    application_arn = \"arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc\"\n    role_arn = \"arn:aws:iam::123456789012:role/r\"\n  }\n"),
            &["Invalid Attribute Combination", "analytics_configuration[0].role_arn", "analytics_configuration[0].application_arn"],
        ),
        case(
            "analytics_arn_with_external_id",
            named("  analytics_configuration {\n    application_arn = \"arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc\"\n    external_id = \"x\"\n  }\n"),
            &["Invalid Attribute Combination", "analytics_configuration[0].external_id", "analytics_configuration[0].application_arn"],
        ),
        case(
            "analytics_id_without_external_id",
            named("  analytics_configuration {\n    application_id = \"abc\"\n    role_arn = \"arn:aws:iam::123456789012:role/r\"\n  }\n"),
            &["Invalid Attribute Combination", "analytics_configuration[0].external_id", "analytics_configuration[0].application_id"],
        ),
        case(
            "analytics_id_without_role",
            named("  analytics_configuration {\n    application_id = \"abc\"\n    external_id = \"x\"\n  }\n"),
            &["Invalid Attribute Combination", "analytics_configuration[0].role_arn", "analytics_configuration[0].application_id"],
        ),
        case(
            "analytics_role_not_arn",
            named("  analytics_configuration {\n    application_id = \"abc\"\n    external_id = \"x\"\n    role_arn = \"not-an-arn\"\n  }\n"),
            &["Invalid ARN Value", "not-an-arn"],
        ),
        case(
            "analytics_application_arn_short",
            named("  analytics_configuration {\n    application_arn = \"arn:aws:mobiletargeting\"\n  }\n"),
            &["Invalid ARN Value", "arn:aws:mobiletargeting"],
        ),
        // Integers travel as numbers; a fraction is refused (spec 0.6).
        case(
            "integer_with_fraction",
            named("  access_token_validity = 1.5\n"),
            &["Attribute access_token_validity", "1.5"],
        ),
    ];
    assert_each_case_fails(&mut f, &cases);
}

/// The official provider's attributes of a StringEnum type reject other values
/// with the summary "Invalid String Enum Value" (spec 2.1, 2.3, 2.4).
#[test]
fn string_enum_attributes_reject_unknown_values() {
    let mut f = Fixture::new();
    let cases = vec![
        case(
            "prevent_user_existence_errors",
            named("  prevent_user_existence_errors = \"on\"\n"),
            &["Invalid String Enum Value", "on"],
        ),
        case(
            "access_token_unit",
            named("  token_validity_units {\n    access_token = \"weeks\"\n  }\n"),
            &["Invalid String Enum Value", "weeks"],
        ),
        case(
            "id_token_unit",
            named("  token_validity_units {\n    id_token = \"Hours\"\n  }\n"),
            &["Invalid String Enum Value", "Hours"],
        ),
        case(
            "refresh_token_unit",
            named("  token_validity_units {\n    refresh_token = \"years\"\n  }\n"),
            &["Invalid String Enum Value", "years"],
        ),
        case(
            "rotation_feature",
            named("  refresh_token_rotation {\n    feature = \"ON\"\n  }\n"),
            &["Invalid String Enum Value", "ON"],
        ),
    ];
    assert_each_case_fails(&mut f, &cases);
}

/// Where the official provider counts a unit left unset inside a present
/// `token_validity_units` block as no unit (a duration of 0 s, so `id_token_validity
/// = 1` is refused), this provider uses the unit's default, as AWS does (a
/// documented difference): 1 hour passes, 25 hours is refused in hours.
#[test]
fn unset_unit_in_present_units_block_counts_as_its_default() {
    let mut f = Fixture::new();
    let units = "  token_validity_units {\n    access_token = \"days\"\n  }\n";
    f.write(&client(
        "one_hour",
        &named(&format!("  id_token_validity = 1\n{units}")),
    ));
    assert_eq!(
        f.ws.plan_detailed_exitcode(),
        2,
        "plans the client, with no error"
    );
    let (errors, output) = errors_of(
        &mut f,
        "too_long",
        &named(&format!("  id_token_validity = 25\n{units}")),
    );
    assert!(
        errors.iter().any(|d| d.mentions(
            "Attribute id_token_validity must have a duration between 5m0s and 24h0m0s, got: 25h0m0s"
        )),
        "{output}"
    );
}

/// Spec 3.4: a `region` outside the provider's partition is refused.
#[test]
fn region_outside_the_provider_partition_is_refused() {
    let mut f = Fixture::new();
    let (errors, output) = errors_of(&mut f, "china", &named("  region = \"cn-north-1\"\n"));
    assert!(
        errors.iter().any(|d| d.summary == "Invalid Region Value"),
        "{output}"
    );
}

/// AWS's cross-field rules (spec 0.2), checked at plan time with the attribute
/// named in the error.
#[test]
fn cross_field_rules_fail_at_plan_time() {
    let mut f = Fixture::new();
    let oauth = |flows: &str, callbacks: &str, extra: &str| {
        named(&format!(
            "  allowed_oauth_flows_user_pool_client = true\n  allowed_oauth_flows = {flows}\n  allowed_oauth_scopes = [\"openid\"]\n{callbacks}{extra}"
        ))
    };
    let callbacks = "  callback_urls = [\"https://example.com/cb\"]\n";
    let cases = vec![
        case(
            "redirect_not_a_callback",
            oauth(
                "[\"code\"]",
                callbacks,
                "  default_redirect_uri = \"https://example.com/other\"\n",
            ),
            &[": default_redirect_uri =", "callback_urls"],
        ),
        case(
            "code_without_callbacks",
            oauth("[\"code\"]", "", ""),
            &["callback_urls"],
        ),
        case(
            "implicit_with_empty_callbacks",
            oauth("[\"implicit\"]", "  callback_urls = []\n", ""),
            &[": callback_urls =", "callback_urls"],
        ),
        case(
            "client_credentials_with_code",
            oauth("[\"client_credentials\", \"code\"]", callbacks, ""),
            &[": allowed_oauth_flows =", "client_credentials"],
        ),
        case(
            "flows_with_switch_off",
            named(&format!(
                "  allowed_oauth_flows_user_pool_client = false\n  allowed_oauth_flows = [\"code\"]\n{callbacks}"
            )),
            &["allowed_oauth_flows_user_pool_client"],
        ),
        case(
            "flows_with_switch_unset",
            named(&format!("  allowed_oauth_flows = [\"code\"]\n{callbacks}")),
            &["allowed_oauth_flows_user_pool_client"],
        ),
        case(
            "scopes_with_switch_off",
            named("  allowed_oauth_flows_user_pool_client = false\n  allowed_oauth_scopes = [\"openid\"]\n"),
            &["allowed_oauth_flows_user_pool_client", "allowed_oauth_scopes"],
        ),
        case(
            "context_data_without_secret",
            named("  enable_propagate_additional_user_context_data = true\n"),
            &["enable_propagate_additional_user_context_data", "generate_secret"],
        ),
        case(
            "context_data_with_secret_false",
            named("  generate_secret = false\n  enable_propagate_additional_user_context_data = true\n"),
            &[": enable_propagate_additional_user_context_data =", "generate_secret"],
        ),
        case(
            "legacy_and_allow_flows",
            named("  explicit_auth_flows = [\"USER_PASSWORD_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"]\n"),
            &[": explicit_auth_flows =", "USER_PASSWORD_AUTH"],
        ),
        case(
            "admin_no_srp_and_allow_flows",
            named("  explicit_auth_flows = [\"ADMIN_NO_SRP_AUTH\", \"ALLOW_USER_SRP_AUTH\"]\n"),
            &[": explicit_auth_flows =", "ADMIN_NO_SRP_AUTH"],
        ),
        case(
            "http_callback",
            oauth("[\"code\"]", "  callback_urls = [\"http://example.com/cb\"]\n", ""),
            &[": callback_urls =", "http://example.com/cb"],
        ),
        case(
            "http_localhost_lookalike",
            oauth("[\"code\"]", "  callback_urls = [\"http://localhost.example.com/cb\"]\n", ""),
            &[": callback_urls =", "http://localhost.example.com/cb"],
        ),
        case(
            "http_logout",
            named("  logout_urls = [\"http://example.com/bye\"]\n"),
            &[": logout_urls =", "http://example.com/bye"],
        ),
        case(
            "fragment_callback",
            oauth("[\"code\"]", "  callback_urls = [\"https://example.com/cb#section\"]\n", ""),
            &[": callback_urls =", "https://example.com/cb#section"],
        ),
        case(
            "fragment_logout",
            named("  logout_urls = [\"https://example.com/bye#x\"]\n"),
            &[": logout_urls =", "https://example.com/bye#x"],
        ),
        case(
            "relative_callback",
            oauth("[\"code\"]", "  callback_urls = [\"/cb\"]\n", ""),
            &[": callback_urls =", "/cb"],
        ),
    ];
    assert_each_case_fails(&mut f, &cases);
}

/// Values at the edges that AWS accepts plan, apply and re-plan cleanly,
/// including rules skipped because their values are unknown at plan time.
#[test]
fn accepted_edge_cases_plan_and_apply() {
    let mut f = Fixture::new();
    let pool = f.pool.clone();
    // client_credentials needs a scope of one of the pool's resource servers.
    let scope = ResourceServerScopeType::builder()
        .scope_name("read")
        .scope_description("read")
        .build()
        .expect("a complete scope");
    f.backend
        .block_on(
            f.backend
                .sdk(REGION)
                .create_resource_server()
                .user_pool_id(&pool)
                .identifier("https://api.example.com")
                .name("api")
                .scopes(scope)
                .send(),
        )
        .expect("CreateResourceServer");
    let url_1024 = url_of_length(1024);
    let body = |name: &str, extra: &str| {
        format!(
            "  name = {}\n  user_pool_id = {}\n{extra}",
            hcl_string(name),
            hcl_string(&pool)
        )
    };
    let oauth = "  allowed_oauth_flows_user_pool_client = true\n  allowed_oauth_flows = [\"code\"]\n  allowed_oauth_scopes = [\"openid\"]\n";
    // Names that pass the reference's unanchored, byte-counting checks. AWS
    // itself matches the whole name, so these are only planned, not applied.
    let plan_only = [
        client("one_ascii_letter", &body("ééaéé", "")),
        client(
            "name_128_bytes",
            &body(&format!("{}ab", "é".repeat(63)), ""),
        ),
    ]
    .concat();
    f.write(&plan_only);
    let (code, output) = f.ws.plan_with(&[]);
    assert_eq!(code, 2, "{}", f.ws.redact(&output.combined()));

    let resources = [
        client("name_128_ascii", &body(&"n".repeat(128), "")),
        client("name_with_symbols", &body("my app\t+=,.@-_1", "")),
        client(
            "urls",
            &body(
                "urls",
                &format!(
                    "{oauth}  callback_urls = [{}, \"myapp://callback\", \"http://localhost:3000/cb\"]\n  default_redirect_uri = {}\n  logout_urls = [\"http://localhost:3000/bye\", \"myapp://signout\"]\n",
                    hcl_string(&url_1024),
                    hcl_string(&url_1024)
                ),
            ),
        ),
        client(
            "unknown_at_plan",
            &body(
                "unknown",
                &format!(
                    "{oauth}  callback_urls = [\"https://${{aws_cognito_user_pool_client.urls.id}}.example.com/cb\"]\n  default_redirect_uri = \"https://${{aws_cognito_user_pool_client.urls.id}}.example.com/cb\"\n"
                ),
            ),
        ),
        client(
            "lifetime_lower_bounds",
            &body(
                "lower",
                "  access_token_validity = 5\n  id_token_validity = 300\n  refresh_token_validity = 60\n  token_validity_units {\n    access_token = \"minutes\"\n    id_token = \"seconds\"\n    refresh_token = \"minutes\"\n  }\n",
            ),
        ),
        client(
            "lifetime_upper_bounds",
            &body(
                "upper",
                "  access_token_validity = 24\n  id_token_validity = 1\n  refresh_token_validity = 3650\n  token_validity_units {\n    access_token = \"hours\"\n    id_token = \"days\"\n    refresh_token = \"days\"\n  }\n",
            ),
        ),
        client(
            "client_credentials",
            &body(
                "m2m",
                "  generate_secret = true\n  allowed_oauth_flows_user_pool_client = true\n  allowed_oauth_flows = [\"client_credentials\"]\n  allowed_oauth_scopes = [\"https://api.example.com/read\"]\n",
            ),
        ),
        client(
            "context_data_with_secret",
            &body(
                "context",
                "  generate_secret = true\n  enable_propagate_additional_user_context_data = true\n",
            ),
        ),
        client(
            "legacy_flows_only",
            &body(
                "legacy",
                "  explicit_auth_flows = [\"ADMIN_NO_SRP_AUTH\", \"USER_PASSWORD_AUTH\"]\n",
            ),
        ),
    ]
    .concat();
    f.write(&resources);
    let (code, output) = f.ws.plan_with(&[]);
    assert_eq!(code, 2, "{}", f.ws.redact(&output.combined()));
    let warnings = diagnostics::parse(&output.combined());
    assert!(
        warnings
            .iter()
            .all(|d| d.severity != diagnostics::Severity::Error),
        "{}",
        f.ws.transcript()
    );
    f.ws.apply();
    f.verify();
    let s = f.state("name_with_symbols");
    assert_eq!(string(&s, "name"), "my app\t+=,.@-_1");
    let s = f.state("urls");
    assert_eq!(string(&s, "default_redirect_uri"), url_1024);
}
