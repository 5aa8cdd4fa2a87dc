//! The provider's go-plugin contract, checked by launching the binary as Terraform does.
//!
//! Each test starts its own process, so they run in parallel and a crash in one case
//! cannot hide another. Where a test probes several inputs, it collects every failure
//! before asserting, so one run reports all of them.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{json, Value};
use terraform_provider_aws::proto::tfplugin6::{
    self as tf, diagnostic::Severity, schema::nested_block::NestingMode, Diagnostic,
};
use test_support::plugin::{msgpack, x509, Address, ClientIdentity, Options, Plugin, Presented};
use test_support::process;
use tonic_health::pb::{health_check_response::ServingStatus, health_client::HealthClient};

const RESOURCE: &str = "aws_cognito_user_pool_client";

/// Starts the provider the Terraform way; any failure here is the provider's.
async fn start() -> Plugin {
    Plugin::start()
        .await
        .expect("provider starts and accepts the connection")
}

fn resource_schema(response: &tf::get_provider_schema::Response) -> &tf::Schema {
    response
        .resource_schemas
        .get(RESOURCE)
        .unwrap_or_else(|| panic!("{RESOURCE} missing from resource_schemas"))
}

fn has_error(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error as i32)
}

/// Terraform treats severity INVALID (0) as a bug; every diagnostic needs 1 or 2.
fn invalid_severities(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let valid = [Severity::Error as i32, Severity::Warning as i32];
    diagnostics
        .iter()
        .filter(|d| !valid.contains(&d.severity))
        .collect()
}

/// Checks one RPC outcome: OK status, at least one ERROR diagnostic, no INVALID severity.
/// Returns a description of what was wrong, if anything.
fn expect_error_diagnostic<T>(
    case: &str,
    outcome: Result<tonic::Response<T>, tonic::Status>,
    diagnostics: impl Fn(&T) -> &[Diagnostic],
) -> Option<String> {
    match outcome {
        Err(status) => Some(format!(
            "{case}: gRPC error instead of a diagnostic: {status:?}"
        )),
        Ok(response) => {
            let diags = diagnostics(response.get_ref());
            if !has_error(diags) {
                Some(format!("{case}: no ERROR diagnostic in {diags:?}"))
            } else if !invalid_severities(diags).is_empty() {
                Some(format!(
                    "{case}: diagnostic with INVALID severity in {diags:?}"
                ))
            } else {
                None
            }
        }
    }
}

/// Fails with every collected problem, or passes if there are none.
fn assert_no_failures(failures: &[String], plugin: &Plugin) {
    assert!(
        failures.is_empty(),
        "{} failure(s):\n  {}\nprovider stderr:\n{}",
        failures.len(),
        failures.join("\n  "),
        plugin.stderr()
    );
}

/// After abuse, the provider must still be alive and answering.
async fn assert_still_serving(plugin: &mut Plugin) {
    let exited = plugin.try_exit_status().expect("query process state");
    assert!(
        exited.is_none(),
        "provider exited ({exited:?}); stderr:\n{}",
        plugin.stderr()
    );
    let response = plugin
        .provider()
        .get_provider_schema(tf::get_provider_schema::Request {})
        .await;
    assert!(
        response.is_ok(),
        "GetProviderSchema failed afterwards: {response:?}; stderr:\n{}",
        plugin.stderr()
    );
}

// ---------------------------------------------------------------------------
// Schema rules: what Terraform requires of the schemas it is sent
// ---------------------------------------------------------------------------

/// Validates Terraform's type JSON; invalid type JSON makes Terraform panic.
fn check_type_json(ty: &Value) -> Result<(), String> {
    match ty {
        Value::String(s) if ["string", "number", "bool", "dynamic"].contains(&s.as_str()) => Ok(()),
        Value::Array(parts) => match (parts.first().and_then(Value::as_str), &parts[1..]) {
            (Some("list" | "set" | "map"), [element]) => check_type_json(element),
            (Some("object"), [Value::Object(attrs)]) => {
                attrs.values().try_for_each(check_type_json)
            }
            (Some("object"), [Value::Object(attrs), Value::Array(optional)]) => {
                let named = optional
                    .iter()
                    .all(|o| o.as_str().is_some_and(|n| attrs.contains_key(n)));
                if !named {
                    return Err(format!(
                        "optional attributes {optional:?} not all in {attrs:?}"
                    ));
                }
                attrs.values().try_for_each(check_type_json)
            }
            (Some("tuple"), [Value::Array(elements)]) => {
                elements.iter().try_for_each(check_type_json)
            }
            _ => Err(format!("not a type: {ty}")),
        },
        _ => Err(format!("not a type: {ty}")),
    }
}

/// The four flag combinations Terraform accepts: required, optional, computed,
/// optional+computed.
fn check_flags(attr: &tf::schema::Attribute) -> Result<(), String> {
    let flags = (attr.required, attr.optional, attr.computed);
    match flags {
        (true, false, false)
        | (false, true, false)
        | (false, false, true)
        | (false, true, true) => Ok(()),
        _ => Err(format!(
            "invalid (required, optional, computed) = {flags:?}"
        )),
    }
}

fn check_attribute(path: &str, attr: &tf::schema::Attribute, problems: &mut Vec<String>) {
    let here = format!("{path}.{}", attr.name);
    if let Err(e) = check_flags(attr) {
        problems.push(format!("{here}: {e}"));
    }
    match serde_json::from_slice::<Value>(&attr.r#type) {
        Err(e) => problems.push(format!("{here}: type is not JSON ({e}): {:?}", attr.r#type)),
        Ok(ty) => {
            if let Err(e) = check_type_json(&ty) {
                problems.push(format!("{here}: {e}"));
            }
        }
    }
}

/// Item limits per nesting mode, as `internal_validate.go` enforces them.
fn check_nested_limits(nested: &tf::schema::NestedBlock) -> Result<(), String> {
    let (min, max) = (nested.min_items, nested.max_items);
    let ok = match NestingMode::try_from(nested.nesting) {
        Ok(NestingMode::Single) => min == max && (min == 0 || min == 1),
        Ok(NestingMode::Group | NestingMode::Map) => min == 0 && max == 0,
        Ok(NestingMode::List | NestingMode::Set) => {
            min >= 0 && max >= 0 && (max == 0 || min <= max)
        }
        _ => return Err(format!("nesting mode {} is not valid", nested.nesting)),
    };
    ok.then_some(())
        .ok_or_else(|| format!("min_items {min} / max_items {max} invalid for its nesting"))
}

/// Collects every violation of Terraform's schema validation under `block`.
fn check_block(path: &str, block: &tf::schema::Block, problems: &mut Vec<String>) {
    let mut names = BTreeSet::new();
    for attr in &block.attributes {
        if !names.insert(attr.name.as_str()) {
            problems.push(format!("{path}.{}: duplicate name", attr.name));
        }
        check_attribute(path, attr, problems);
    }
    for nested in &block.block_types {
        let here = format!("{path}.{}", nested.type_name);
        let valid_name = !nested.type_name.is_empty()
            && nested
                .type_name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid_name {
            problems.push(format!("{here}: block name must match ^[a-z0-9_]+$"));
        }
        if !names.insert(nested.type_name.as_str()) {
            problems.push(format!("{here}: block name collides with another name"));
        }
        if let Err(e) = check_nested_limits(nested) {
            problems.push(format!("{here}: {e}"));
        }
        match &nested.block {
            Some(inner) => check_block(&here, inner, problems),
            None => problems.push(format!("{here}: nested block has no block")),
        }
    }
}

/// An object value with every attribute null and every nested block empty, shaped as
/// Terraform would send a config in which nothing is set.
fn null_object(block: &tf::schema::Block) -> Value {
    let mut object = serde_json::Map::new();
    for attr in &block.attributes {
        object.insert(attr.name.clone(), Value::Null);
    }
    for nested in &block.block_types {
        let empty = match NestingMode::try_from(nested.nesting) {
            Ok(NestingMode::List | NestingMode::Set) => json!([]),
            Ok(NestingMode::Map) => json!({}),
            Ok(NestingMode::Group) => nested
                .block
                .as_ref()
                .map(null_object)
                .unwrap_or(Value::Null),
            _ => Value::Null,
        };
        object.insert(nested.type_name.clone(), empty);
    }
    Value::Object(object)
}

fn find_attribute<'a>(schema: &'a tf::Schema, name: &str) -> &'a tf::schema::Attribute {
    let block = schema.block.as_ref().expect("resource schema has a block");
    block
        .attributes
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("{RESOURCE} has no attribute {name}"))
}

// ---------------------------------------------------------------------------
// Handshake, TLS and process contract
// ---------------------------------------------------------------------------

#[tokio::test]
async fn handshake_line_has_go_plugin_format() {
    let mut plugin = start().await;
    let line = plugin.handshake_line().to_string();
    let fields: Vec<&str> = line.split('|').collect();
    assert_eq!(fields.len(), 6, "handshake {line:?}");
    assert_eq!(fields[0], "1", "core protocol version in {line:?}");
    assert_eq!(fields[1], "6", "app protocol version in {line:?}");
    assert!(["unix", "tcp"].contains(&fields[2]), "network in {line:?}");
    assert_eq!(fields[4], "grpc", "protocol in {line:?}");
    assert!(
        !fields[5].contains('='),
        "certificate field has '=' padding: {line:?}"
    );

    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(fields[5])
        .expect("certificate field is unpadded standard base64");
    let cert = rustls::pki_types::CertificateDer::from(der.clone());
    let parsed =
        rustls::server::ParsedCertificate::try_from(&cert).expect("field 6 is a DER certificate");
    let localhost = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    rustls::client::verify_server_name(&parsed, &localhost)
        .expect("certificate is valid for localhost");

    let facts = x509::Facts::parse(&der).expect("certificate parses");
    assert!(
        facts.dns_names.iter().any(|n| n == "localhost"),
        "SAN DNS names: {:?}",
        facts.dns_names
    );
    assert!(
        !facts.serial_is_negative,
        "negative serial: Go >= 1.23 refuses to parse it"
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        facts.valid_at(now),
        "not valid now: not_before {} not_after {} now {now}",
        facts.not_before,
        facts.not_after
    );
    assert!(
        facts.allows_server_auth(),
        "EKU {:?} lacks serverAuth",
        facts.extended_key_usages
    );

    let address = plugin.handshake().address.clone();
    let outcome = plugin
        .shutdown_and_wait()
        .await
        .expect("provider exits after Shutdown");
    assert!(outcome.status.success(), "exit status {:?}", outcome.status);
    if let Address::Unix(path) = &address {
        assert!(
            !path.exists(),
            "socket {} left behind after shutdown",
            path.display()
        );
    }
}

#[tokio::test]
async fn plaintext_without_client_cert() {
    let plugin = Plugin::start_with(Options::default().without_tls())
        .await
        .expect("provider starts in plaintext when PLUGIN_CLIENT_CERT is absent");
    assert_eq!(
        plugin.handshake().fields[5],
        "",
        "6th field must be empty without TLS"
    );
    plugin.schema().await;
}

/// Any client other than the one Terraform vouched for must be refused: the TLS
/// handshake or the first RPC fails. The right certificate still works afterwards.
#[tokio::test]
async fn only_the_pinned_client_certificate_is_accepted() {
    let mut plugin = Plugin::launch(Options::default())
        .await
        .expect("provider handshakes");
    let stranger = ClientIdentity::generate().unwrap();
    let mut failures = Vec::new();
    for (case, presented) in [
        ("another P-521 certificate", Presented::Other(stranger)),
        ("no certificate", Presented::Nothing),
    ] {
        if let Some(accepted) = attempt_rpc(&plugin, &presented).await {
            failures.push(format!(
                "{case}: accepted, GetProviderSchema returned {accepted}"
            ));
        }
    }
    assert_no_failures(&failures, &plugin);
    let channel = plugin
        .connect_as(&Presented::EnvCert)
        .await
        .expect("right certificate connects");
    let mut provider = tf::provider_client::ProviderClient::new(channel)
        .max_decoding_message_size(test_support::plugin::MAX_RECEIVE_BYTES);
    let response = provider
        .get_provider_schema(tf::get_provider_schema::Request {})
        .await;
    assert!(
        response.is_ok(),
        "right certificate refused: {response:?}; stderr:\n{}",
        plugin.stderr()
    );
    assert!(
        plugin.try_exit_status().unwrap().is_none(),
        "provider died after refusing a client"
    );
}

/// Connects presenting `presented` and calls GetProviderSchema; `Some(description)` if
/// the call succeeded (i.e. the client was accepted), `None` if refused at any stage.
async fn attempt_rpc(plugin: &Plugin, presented: &Presented) -> Option<String> {
    let attempt = async {
        let channel = plugin.connect_as(presented).await.ok()?;
        let mut provider = tf::provider_client::ProviderClient::new(channel)
            .max_decoding_message_size(test_support::plugin::MAX_RECEIVE_BYTES);
        let response = provider
            .get_provider_schema(tf::get_provider_schema::Request {})
            .await
            .ok()?;
        Some(format!(
            "{} resource schemas",
            response.get_ref().resource_schemas.len()
        ))
    };
    tokio::time::timeout(Duration::from_secs(15), attempt)
        .await
        .unwrap_or_else(|_| Some("no answer or refusal within 15 s (hung handshake)".into()))
}

#[tokio::test]
async fn refuses_to_run_without_the_magic_cookie() {
    let cases = [
        ("missing", Options::default().without_magic_cookie()),
        (
            "wrong value",
            Options {
                magic_cookie: Some("not-the-cookie".into()),
                ..Options::default()
            },
        ),
    ];
    for (case, options) in cases {
        let output = Plugin::run_to_exit(options, Duration::from_secs(10))
            .await
            .expect("process exits by itself");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{case} cookie: exit status; stderr: {stderr}"
        );
        assert!(
            stderr.to_lowercase().contains("plugin"),
            "{case} cookie: stderr should say this is a plugin: {stderr:?}"
        );
        assert!(
            output.stdout.is_empty(),
            "{case} cookie: stdout should be empty: {stdout:?}"
        );
    }
}

#[tokio::test]
async fn negotiates_protocol_6_in_either_order() {
    for versions in ["6,5", "5,6"] {
        let plugin = Plugin::launch(Options::default().protocol_versions(versions))
            .await
            .unwrap_or_else(|e| panic!("PLUGIN_PROTOCOL_VERSIONS={versions}: {e:#}"));
        assert_eq!(
            plugin.handshake().app_version(),
            "6",
            "PLUGIN_PROTOCOL_VERSIONS={versions}"
        );
    }
}

#[tokio::test]
async fn health_service_reports_plugin_serving() {
    let plugin = start().await;
    let response = HealthClient::new(plugin.channel())
        .check(tonic_health::pb::HealthCheckRequest {
            service: "plugin".into(),
        })
        .await
        .expect("grpc.health.v1.Health/Check answers");
    assert_eq!(response.get_ref().status, ServingStatus::Serving as i32);
}

#[tokio::test]
async fn controller_shutdown_exits_within_two_seconds() {
    let mut plugin = start().await;
    plugin.schema().await;
    let outcome = plugin
        .shutdown_and_wait()
        .await
        .expect("provider exits after Shutdown");
    // The reply itself is not checked: go-plugin's own server stops before replying
    // (Shutdown calls grpc.Server.Stop), and Terraform ignores the result.
    assert_eq!(
        outcome.status.code(),
        Some(0),
        "exit status; stderr:\n{}",
        plugin.stderr()
    );
    assert!(
        outcome.elapsed < Duration::from_secs(2),
        "took {:?}; Terraform SIGKILLs after 2 s",
        outcome.elapsed
    );
}

/// A client that exits (or dies) without Shutdown, as Pulumi's bridge does on every
/// command, must not leave the provider running: it ends on its own a few seconds
/// after the process that launched it, mid-connection, SIGINT ignored as before.
#[tokio::test]
async fn the_provider_ends_when_the_process_that_launched_it_is_gone() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let pid_file = dir.path().join("provider.pid");
    let launcher = Plugin::start_with(Options::default().through_shell(&pid_file))
        .await
        .expect("the provider starts under a shell and accepts the connection");
    launcher.schema().await;
    let provider: u32 = std::fs::read_to_string(&pid_file)
        .expect("the shell wrote the provider's pid")
        .trim()
        .parse()
        .expect("a pid");
    let _cleanup = KillOnDrop(provider);
    assert_ne!(
        provider,
        launcher.pid(),
        "the provider is the shell's child"
    );
    // Pulumi's engine interrupts the whole process group before its plugins exit.
    assert!(
        process::signal(provider, "INT"),
        "send SIGINT to the provider"
    );
    launcher.signal("KILL").expect("kill the shell");
    let ended = process::wait_for_exit(provider, Duration::from_secs(10));
    let Some(ended) = ended else {
        panic!("provider {provider} still runs 10 s after the process that launched it died")
    };
    eprintln!("the provider ended {ended:?} after its launcher was killed");
}

/// Kills a process at the end of a test, even a failed one.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        process::kill(self.0);
    }
}

/// Ctrl-C reaches the provider too (no separate process group); Terraform, not the
/// signal, decides when it stops. A fatal signal kills the whole process before
/// `kill` returns, so a successful RPC afterwards proves it survived.
#[tokio::test]
async fn sigint_does_not_kill_the_provider() {
    let mut plugin = start().await;
    plugin.schema().await;
    plugin.signal("INT").expect("send SIGINT");
    plugin.signal("INT").expect("send a second SIGINT");
    assert_still_serving(&mut plugin).await;
    let fresh = plugin.connect_as(&Presented::EnvCert).await;
    assert!(
        fresh.is_ok(),
        "new connection after SIGINT failed: {fresh:?}"
    );
    let outcome = plugin
        .shutdown_and_wait()
        .await
        .expect("provider exits after Shutdown");
    assert_eq!(
        outcome.status.code(),
        Some(0),
        "exit status after SIGINT + Shutdown"
    );
}

/// go-plugin re-emits hclog JSON lines at their own level; a malformed timestamp
/// demotes the line to an unparsed DEBUG blob.
#[tokio::test]
async fn tf_log_writes_hclog_json_lines() {
    let mut plugin = Plugin::start_with(Options::default().env("TF_LOG", "debug"))
        .await
        .expect("provider starts");
    plugin.schema().await;
    let _ = plugin
        .provider()
        .validate_resource_config(tf::validate_resource_config::Request {
            type_name: RESOURCE.into(),
            config: Some(msgpack::raw(vec![0xc1])),
            client_capabilities: None,
        })
        .await;
    let outcome = plugin
        .shutdown_and_wait()
        .await
        .expect("provider exits after Shutdown");
    assert!(outcome.status.success());
    let stderr = plugin.stderr();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        !lines.is_empty(),
        "TF_LOG=debug, yet nothing was logged for several RPCs and a shutdown"
    );
    let problems: Vec<String> = lines
        .iter()
        .filter_map(|line| hclog_problem(line).map(|p| format!("{p}: {line}")))
        .collect();
    assert!(
        problems.is_empty(),
        "stderr lines go-plugin cannot parse:\n{}",
        problems.join("\n")
    );
}

/// What is wrong with one stderr line as hclog JSON, if anything.
fn hclog_problem(line: &str) -> Option<String> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(line) else {
        return Some("not a JSON object".into());
    };
    let levels = ["trace", "debug", "info", "warn", "error", "off"];
    match object.get("@level").and_then(Value::as_str) {
        Some(level) if levels.contains(&level.to_lowercase().as_str()) => {}
        other => return Some(format!("@level {other:?} is not one of {levels:?}")),
    }
    if !object.get("@message").is_some_and(Value::is_string) {
        return Some("@message missing or not a string".into());
    }
    match object.get("@timestamp") {
        None => None,
        Some(Value::String(ts)) if is_go_micro_timestamp(ts) => None,
        Some(other) => Some(format!(
            "@timestamp {other} is not 2006-01-02T15:04:05.000000Z07:00"
        )),
    }
}

/// Go layout `2006-01-02T15:04:05.000000Z07:00`: exactly six fractional digits, then
/// `Z` or `±hh:mm`.
fn is_go_micro_timestamp(ts: &str) -> bool {
    let b = ts.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let prefix = b.len() >= 26
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..26);
    let zone = &b[26.min(b.len())..];
    let zone_ok = zone == b"Z"
        || (zone.len() == 6
            && (zone[0] == b'+' || zone[0] == b'-')
            && zone[3] == b':'
            && zone[1..3].iter().chain(&zone[4..6]).all(u8::is_ascii_digit));
    prefix && zone_ok
}

// ---------------------------------------------------------------------------
// Schema and RPC behaviour
// ---------------------------------------------------------------------------

#[tokio::test]
async fn provider_schema_is_valid_for_terraform() {
    let plugin = start().await;
    let response = plugin.schema().await;
    assert!(
        !has_error(&response.diagnostics),
        "diagnostics: {:?}",
        response.diagnostics
    );
    let provider = response
        .provider
        .as_ref()
        .expect("provider schema present (else 'missing provider schema')");
    let caps = response
        .server_capabilities
        .as_ref()
        .expect("server_capabilities present");
    assert!(caps.plan_destroy, "plan_destroy capability");

    let resource = resource_schema(&response);
    let expect = |name: &str, required: bool, computed: bool| {
        let attr = find_attribute(resource, name);
        assert_eq!(
            (attr.required, attr.computed),
            (required, computed),
            "{name}: (required, computed)"
        );
        attr
    };
    let name = expect("name", true, false);
    assert_eq!(
        serde_json::from_slice::<Value>(&name.r#type).ok(),
        Some(json!("string")),
        "name type"
    );
    find_attribute(resource, "user_pool_id");
    expect("id", false, true);
    let secret = expect("client_secret", false, true);
    assert!(secret.sensitive, "client_secret must be sensitive");

    let mut problems = Vec::new();
    assert!(resource.version >= 0, "negative schema version");
    match &provider.block {
        Some(block) => check_block("provider", block, &mut problems),
        None => problems.push("provider schema has no block".into()),
    }
    for (type_name, schema) in &response.resource_schemas {
        match &schema.block {
            Some(block) => check_block(type_name, block, &mut problems),
            None => problems.push(format!("{type_name}: no block")),
        }
    }
    assert!(
        problems.is_empty(),
        "schema problems:\n{}",
        problems.join("\n")
    );
}

/// Terraform refuses to load an identity schema (as a provider bug) whose attribute
/// is neither or both of required and optional for import, or not of a primitive
/// type; and a list resource whose type is not a managed type with an identity.
#[tokio::test]
async fn identity_and_list_schemas_are_valid_for_terraform() {
    let plugin = start().await;
    let response = plugin
        .provider()
        .get_resource_identity_schemas(tf::get_resource_identity_schemas::Request {})
        .await
        .expect("GetResourceIdentitySchemas answers OK")
        .into_inner();
    assert!(
        !has_error(&response.diagnostics),
        "{:?}",
        response.diagnostics
    );
    let schema = plugin.schema().await;
    let mut managed: Vec<&String> = schema.resource_schemas.keys().collect();
    let mut with_identity: Vec<&String> = response.identity_schemas.keys().collect();
    managed.sort();
    with_identity.sort();
    assert_eq!(
        with_identity, managed,
        "every resource type has an identity"
    );
    for (type_name, identity) in &response.identity_schemas {
        assert_eq!(identity.version, 0, "{type_name}");
        for attribute in &identity.identity_attributes {
            assert_ne!(
                attribute.required_for_import, attribute.optional_for_import,
                "{type_name}.{}: exactly one of required and optional for import",
                attribute.name
            );
            assert_eq!(
                serde_json::from_slice::<Value>(&attribute.r#type).ok(),
                Some(json!("string")),
                "{type_name}.{}",
                attribute.name
            );
            assert!(
                !attribute.description.is_empty(),
                "{type_name}.{}",
                attribute.name
            );
        }
        let required: Vec<&str> = identity
            .identity_attributes
            .iter()
            .filter(|a| a.required_for_import)
            .map(|a| a.name.as_str())
            .collect();
        assert!(
            required.starts_with(&["user_pool_id", "client_id"]),
            "{type_name}: {required:?}"
        );
    }
    let mut problems = Vec::new();
    assert_eq!(
        schema.list_resource_schemas.len(),
        managed.len(),
        "every type can be listed"
    );
    for (type_name, list) in &schema.list_resource_schemas {
        assert!(
            response.identity_schemas.contains_key(type_name),
            "{type_name}"
        );
        let block = list.block.as_ref().expect("a list config block");
        check_block(&format!("list {type_name}"), block, &mut problems);
        let pool = block.attributes.iter().find(|a| a.name == "user_pool_id");
        assert!(
            pool.is_some_and(|a| a.required),
            "list {type_name}: user_pool_id required"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let capabilities = schema.server_capabilities.expect("capabilities");
    assert!(
        capabilities.generate_resource_config,
        "GenerateResourceConfig is served"
    );
}

/// Deterministic noise, so a failure reproduces.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x2545_f491;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as u8
        })
        .collect()
}

/// The start of an object of `block`'s shape whose first entry is `attribute`, followed
/// by `value`, and then nothing: a decoder reaches `value` only if it trusts the header.
fn object_starting_with(block: &tf::schema::Block, attribute: &str, value: &[u8]) -> Vec<u8> {
    let entries = block.attributes.len() + block.block_types.len();
    let mut out = Vec::new();
    rmp::encode::write_map_len(&mut out, entries as u32).expect("write to Vec");
    rmp::encode::write_str(&mut out, attribute).expect("write to Vec");
    out.extend_from_slice(value);
    out
}

/// The first attribute whose type is a list or set, to aim element-count claims at.
fn collection_attribute(block: &tf::schema::Block) -> Option<&str> {
    block
        .attributes
        .iter()
        .find(|a| {
            let ty = serde_json::from_slice::<Value>(&a.r#type).unwrap_or_default();
            matches!(ty.get(0).and_then(Value::as_str), Some("list" | "set"))
        })
        .map(|a| a.name.as_str())
}

/// msgpack a provider must reject without crashing, hanging or allocating gigabytes.
/// The length claims are also placed where the schema expects that kind of value, so
/// a schema-driven decoder cannot reject them on type alone.
fn malformed_msgpack(block: &tf::schema::Block) -> Vec<(&'static str, Vec<u8>)> {
    let deep: Vec<u8> = std::iter::repeat_n(0x91, 100_000).chain([0xc0]).collect();
    let huge_array = [0xdd, 0xff, 0xff, 0xff, 0xff];
    let huge_str = [0xdb, 0xff, 0xff, 0xff, 0xff, b'a'];
    let mut cases = vec![
        ("the never-used marker 0xc1", vec![0xc1]),
        ("pseudo-random bytes", [vec![0x8f], noise(256)].concat()),
        (
            "a map truncated after its first key",
            vec![0x85, 0xa4, b'n', b'a', b'm', b'e'],
        ),
        ("an array claiming 4294967295 elements", huge_array.to_vec()),
        (
            "a map claiming 4294967295 entries",
            vec![0xdf, 0xff, 0xff, 0xff, 0xff],
        ),
        ("a str32 claiming 4 GiB", huge_str.to_vec()),
        ("100000 nested one-element arrays", deep.clone()),
        (
            "a string instead of an object",
            msgpack::encode(&json!("hello")),
        ),
        (
            "a string attribute claiming 4 GiB",
            object_starting_with(block, "name", &huge_str),
        ),
    ];
    // Until the resource grows a list or set attribute, these two have no target.
    if let Some(list) = collection_attribute(block) {
        cases.push((
            "a list attribute claiming 4294967295 elements",
            object_starting_with(block, list, &huge_array),
        ));
        cases.push((
            "a list attribute holding 100000 nested arrays",
            object_starting_with(block, list, &deep),
        ));
    }
    cases
}

#[tokio::test]
async fn malformed_msgpack_and_json_get_error_diagnostics() {
    let mut plugin = start().await;
    let response = plugin.schema().await;
    let resource = resource_schema(&response);
    let block = resource.block.as_ref().expect("resource block");
    let proposed = msgpack::dynamic(&null_object(block));
    let mut provider = plugin.provider();
    let mut failures = Vec::new();

    for (case, bytes) in malformed_msgpack(block) {
        let validate = provider
            .validate_resource_config(tf::validate_resource_config::Request {
                type_name: RESOURCE.into(),
                config: Some(msgpack::raw(bytes.clone())),
                client_capabilities: None,
            })
            .await;
        failures.extend(expect_error_diagnostic(
            &format!("ValidateResourceConfig, {case}"),
            validate,
            |r| &r.diagnostics,
        ));
        let plan = provider
            .plan_resource_change(tf::plan_resource_change::Request {
                type_name: RESOURCE.into(),
                prior_state: None,
                proposed_new_state: Some(proposed.clone()),
                config: Some(msgpack::raw(bytes.clone())),
                ..Default::default()
            })
            .await;
        failures.extend(expect_error_diagnostic(
            &format!("PlanResourceChange config, {case}"),
            plan,
            |r| &r.diagnostics,
        ));
        let generate = provider
            .generate_resource_config(tf::generate_resource_config::Request {
                type_name: RESOURCE.into(),
                state: Some(msgpack::raw(bytes.clone())),
            })
            .await;
        failures.extend(expect_error_diagnostic(
            &format!("GenerateResourceConfig, {case}"),
            generate,
            |r| &r.diagnostics,
        ));
        let validate_list = provider
            .validate_list_resource_config(tf::validate_list_resource_config::Request {
                type_name: RESOURCE.into(),
                config: Some(msgpack::raw(bytes.clone())),
                ..Default::default()
            })
            .await;
        failures.extend(expect_error_diagnostic(
            &format!("ValidateListResourceConfig, {case}"),
            validate_list,
            |r| &r.diagnostics,
        ));
        let listed = provider
            .list_resource(tf::list_resource::Request {
                type_name: RESOURCE.into(),
                config: Some(msgpack::raw(bytes)),
                include_resource_object: true,
                limit: 10,
            })
            .await;
        let first = match listed {
            Ok(stream) => stream.into_inner().message().await,
            Err(status) => Err(status),
        };
        failures.extend(expect_error_diagnostic(
            &format!("ListResource, {case}"),
            first.map(|event| tonic::Response::new(event.unwrap_or_default())),
            |r| &r.diagnostic,
        ));
    }

    let deep_json = "[".repeat(100_000);
    let bad_json: [(&str, &[u8]); 5] = [
        ("truncated object", b"{\"name\": "),
        ("not JSON", b"not json"),
        ("unterminated array", b"[1,2"),
        ("an array instead of an object", b"[]"),
        ("100000 open brackets", deep_json.as_bytes()),
    ];
    for (case, json) in bad_json {
        let upgrade = provider
            .upgrade_resource_state(tf::upgrade_resource_state::Request {
                type_name: RESOURCE.into(),
                version: resource.version,
                raw_state: Some(tf::RawState {
                    json: json.to_vec(),
                    flatmap: Default::default(),
                }),
            })
            .await;
        failures.extend(expect_error_diagnostic(
            &format!("UpgradeResourceState, {case}"),
            upgrade,
            |r| &r.diagnostics,
        ));
        let upgrade_identity = provider
            .upgrade_resource_identity(tf::upgrade_resource_identity::Request {
                type_name: RESOURCE.into(),
                version: 0,
                raw_identity: Some(tf::RawState {
                    json: json.to_vec(),
                    flatmap: Default::default(),
                }),
            })
            .await;
        failures.extend(expect_error_diagnostic(
            &format!("UpgradeResourceIdentity, {case}"),
            upgrade_identity,
            |r| &r.diagnostics,
        ));
    }

    assert_no_failures(&failures, &plugin);
    assert_still_serving(&mut plugin).await;
}

#[tokio::test]
async fn unknown_resource_type_gets_error_diagnostic() {
    let mut plugin = start().await;
    let mut provider = plugin.provider();
    let name = "aws_no_such_thing";
    let empty = msgpack::dynamic(&json!({}));
    let mut failures = Vec::new();

    let validate = provider
        .validate_resource_config(tf::validate_resource_config::Request {
            type_name: name.into(),
            config: Some(empty.clone()),
            client_capabilities: None,
        })
        .await;
    failures.extend(expect_error_diagnostic(
        "ValidateResourceConfig",
        validate,
        |r| &r.diagnostics,
    ));
    let plan = provider
        .plan_resource_change(tf::plan_resource_change::Request {
            type_name: name.into(),
            proposed_new_state: Some(empty.clone()),
            config: Some(empty.clone()),
            ..Default::default()
        })
        .await;
    failures.extend(expect_error_diagnostic("PlanResourceChange", plan, |r| {
        &r.diagnostics
    }));
    let apply = provider
        .apply_resource_change(tf::apply_resource_change::Request {
            type_name: name.into(),
            planned_state: Some(empty.clone()),
            config: Some(empty.clone()),
            ..Default::default()
        })
        .await;
    failures.extend(expect_error_diagnostic("ApplyResourceChange", apply, |r| {
        &r.diagnostics
    }));
    let read = provider
        .read_resource(tf::read_resource::Request {
            type_name: name.into(),
            current_state: Some(empty.clone()),
            ..Default::default()
        })
        .await;
    failures.extend(expect_error_diagnostic("ReadResource", read, |r| {
        &r.diagnostics
    }));
    let upgrade = provider
        .upgrade_resource_state(tf::upgrade_resource_state::Request {
            type_name: name.into(),
            version: 0,
            raw_state: Some(tf::RawState {
                json: b"{}".to_vec(),
                flatmap: Default::default(),
            }),
        })
        .await;
    failures.extend(expect_error_diagnostic(
        "UpgradeResourceState",
        upgrade,
        |r| &r.diagnostics,
    ));
    let import = provider
        .import_resource_state(tf::import_resource_state::Request {
            type_name: name.into(),
            id: "some-id".into(),
            client_capabilities: None,
            identity: None,
        })
        .await;
    failures.extend(expect_error_diagnostic(
        "ImportResourceState",
        import,
        |r| &r.diagnostics,
    ));

    assert_no_failures(&failures, &plugin);
    assert_still_serving(&mut plugin).await;
}

#[tokio::test]
async fn stop_provider_answers_and_keeps_serving() {
    let mut plugin = start().await;
    let response = plugin
        .provider()
        .stop_provider(tf::stop_provider::Request {})
        .await
        .expect("StopProvider answers OK")
        .into_inner();
    assert_eq!(response.error, "", "StopProvider error field");
    assert_still_serving(&mut plugin).await;
}

/// The helpers' own encoder must produce what Terraform sends, or the tests above
/// would be probing the wrong thing.
#[test]
fn msgpack_helpers_encode_like_terraform() {
    let value = json!({"n": 1, "big": 18_446_744_073_709_551_615u64, "f": 1.5, "s": "x", "u": msgpack::UNKNOWN, "z": null});
    let bytes = msgpack::encode(&value);
    assert_eq!(msgpack::encode(&json!(1)), [0x01]);
    assert_eq!(
        msgpack::encode(&json!(msgpack::UNKNOWN)),
        msgpack::UNKNOWN_BYTES
    );
    assert_eq!(
        msgpack::encode(&json!(1.5)),
        [0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(msgpack::decode(&bytes).unwrap(), value);
    assert!(msgpack::decode(&[0xdd, 0xff, 0xff, 0xff, 0xff]).is_err());
}

/// The checkers above must reject what Terraform and go-plugin reject, or a passing
/// test would prove nothing.
#[test]
fn checkers_reject_what_terraform_rejects() {
    assert!(is_go_micro_timestamp("2024-05-01T10:11:12.123456Z"));
    assert!(is_go_micro_timestamp("2024-05-01T10:11:12.123456+02:00"));
    assert!(!is_go_micro_timestamp("2024-05-01T10:11:12.123Z"));
    assert!(!is_go_micro_timestamp("2024-05-01T10:11:12.123456789Z"));
    assert!(hclog_problem(r#"{"@level":"debug","@message":"m"}"#).is_none());
    assert!(hclog_problem(r#"{"@level":"verbose","@message":"m"}"#).is_some());
    assert!(hclog_problem(r#"{"@level":"info"}"#).is_some());
    assert!(hclog_problem("[DEBUG] plain text").is_some());

    for good in [
        json!("string"),
        json!(["set", "string"]),
        json!(["object", {"a": "bool"}, ["a"]]),
    ] {
        assert!(check_type_json(&good).is_ok(), "{good}");
    }
    for bad in [
        json!("str"),
        json!(["list"]),
        json!(["object", {"a": "bool"}, ["b"]]),
        json!(1),
    ] {
        assert!(check_type_json(&bad).is_err(), "{bad}");
    }
    let attr = |required, optional, computed| tf::schema::Attribute {
        required,
        optional,
        computed,
        ..Default::default()
    };
    assert!(check_flags(&attr(false, true, true)).is_ok());
    for (r, o, c) in [
        (false, false, false),
        (true, true, false),
        (true, false, true),
    ] {
        assert!(check_flags(&attr(r, o, c)).is_err(), "{:?}", (r, o, c));
    }
}
