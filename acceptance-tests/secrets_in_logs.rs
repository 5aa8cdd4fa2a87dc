//! No client secret and no write-only value in any log line, at every `TF_LOG`
//! level: Terraform's log (`TF_LOG_PATH`, which holds the provider's hclog lines as
//! Terraform re-emits them: our own, the AWS SDK's that pass our filter, and the
//! debug line per AWS call) is read for secrets after every command, as the output
//! is (`Workspace::log_to_file`, `Workspace::forbid`).
//!
//! One configuration goes through every path that handles a secret: a generated
//! secret (`generate_secret`), a custom write-only one (`client_secret_wo`), an
//! ephemeral read of a secret fed into `aws_cognito_user_pool_client_secret`'s
//! `client_secret_wo`, and managed secrets, generated and custom; then apply, plan,
//! refresh, import and destroy, and a plan refused for bad custom secrets. The
//! forbidden values are the generated secrets (learned from state, or read from the
//! backend for the one Terraform only reads ephemerally) and every custom value
//! chosen here.
//!
//! Every line of the log is checked, Terraform core's as well as the provider's:
//! Terraform 1.11 logs no secret at any level on these paths. It does print two
//! things of its own, which the test steers around rather than excuses: its log
//! (from `info` down) quotes its command line, so no secret is given with `-var`
//! here; and its error output quotes the configuration line of an attribute error,
//! so the refused values come from sensitive variables, not literals
//! ([`refused_config`]).

use test_support::backend::with_secret;
use test_support::blocking::Backend;
use test_support::fixture::{string, PROVIDER};
use test_support::{checks, hcl_string, Workspace};

/// `client_secret_wo` of the client `custom`.
const CUSTOM: &str = "LogCheckCustomClientSecret+0123456789_abc";
/// `client_secret_wo` of the managed secret `custom` (added to the client `custom`).
const CUSTOM_ADDED: &str = "LogCheckAddedClientSecret+9876543210_xyz";
/// Refused at plan time: 18 characters, each allowed.
const TOO_SHORT: &str = "LogCheckShort+0123";
/// Refused at plan time: the right length, with `-`, which is not allowed.
const BAD_CHARACTER: &str = "LogCheck-Bad-Character-Secret_0123456";

/// Every value the test chooses; none may reach an output or a log.
const CHOSEN: [&str; 4] = [CUSTOM, CUSTOM_ADDED, TOO_SHORT, BAD_CHARACTER];

/// What go-plugin names the provider's lines in Terraform's log.
const PROVIDER_LINE: &str = "provider.terraform-provider-aws: ";
/// The message of our debug line per AWS call (src/aws/mod.rs).
const AWS_CALL_LINE: &str = "AWS request:";
/// Terraform's error line (at every level) on the refused plan's first client.
const REFUSED_LINE: &str =
    "[ERROR] vertex \"aws_cognito_user_pool_client.too_short\" error: Invalid Attribute Value Length";

/// Every secret path in `pool`; `source_id` is a client with a generated secret
/// that the configuration only reads, ephemerally.
fn config(pool: &str, source_id: &str) -> String {
    format!(
        r#"{PROVIDER}
resource "aws_cognito_user_pool_client" "generated" {{
  name            = "generated"
  user_pool_id    = {pool}
  generate_secret = true
}}

resource "aws_cognito_user_pool_client_secret" "generated" {{
  user_pool_id = aws_cognito_user_pool_client.generated.user_pool_id
  client_id    = aws_cognito_user_pool_client.generated.id
}}

resource "aws_cognito_user_pool_client" "custom" {{
  name                     = "custom"
  user_pool_id             = {pool}
  client_secret_wo         = {custom}
  client_secret_wo_version = 1
}}

resource "aws_cognito_user_pool_client_secret" "custom" {{
  user_pool_id             = aws_cognito_user_pool_client.custom.user_pool_id
  client_id                = aws_cognito_user_pool_client.custom.id
  client_secret_wo         = {custom_added}
  client_secret_wo_version = 1
}}

ephemeral "aws_cognito_user_pool_client" "source" {{
  user_pool_id = {pool}
  client_id    = {source_id}
}}

resource "aws_cognito_user_pool_client" "target" {{
  name            = "target"
  user_pool_id    = {pool}
  generate_secret = true
}}

resource "aws_cognito_user_pool_client_secret" "fed" {{
  user_pool_id             = aws_cognito_user_pool_client.target.user_pool_id
  client_id                = aws_cognito_user_pool_client.target.id
  client_secret_wo         = ephemeral.aws_cognito_user_pool_client.source.client_secret
  client_secret_wo_version = 1
}}
"#,
        pool = hcl_string(pool),
        source_id = hcl_string(source_id),
        custom = hcl_string(CUSTOM),
        custom_added = hcl_string(CUSTOM_ADDED),
    )
}

/// Two clients and a client secret whose custom secrets are refused at plan time,
/// given by sensitive variables ([`refused_variables`]).
///
/// Not as literals: Terraform core's diagnostic quotes the configuration line it
/// is about (`16:   client_secret_wo = "..."`), so a secret written literally in
/// the configuration is printed on stdout with the error, whatever the provider
/// does. Terraform 1.11 does so for any attribute error; the provider's message
/// itself names only the rule and the length.
fn refused_config(pool: &str) -> String {
    let client = |label: &str| {
        format!(
            "\nvariable \"{label}\" {{\n  type      = string\n  sensitive = true\n}}\n\nresource \"aws_cognito_user_pool_client\" \"{label}\" {{\n  name                     = \"{label}\"\n  user_pool_id             = {}\n  client_secret_wo         = var.{label}\n  client_secret_wo_version = 1\n}}\n",
            hcl_string(pool),
        )
    };
    format!(
        "{PROVIDER}{}{}\nresource \"aws_cognito_user_pool_client_secret\" \"too_short\" {{\n  user_pool_id             = {}\n  client_id                = \"nosuchclient\"\n  client_secret_wo         = var.too_short\n  client_secret_wo_version = 1\n}}\n",
        client("too_short"),
        client("bad_character"),
        hcl_string(pool),
    )
}

/// The values of the variables of [`refused_config`].
fn refused_variables() -> String {
    format!(
        "too_short     = {}\nbad_character = {}\n",
        hcl_string(TOO_SHORT),
        hcl_string(BAD_CHARACTER)
    )
}

/// A backend with a pool and a client with a generated secret that only the
/// ephemeral resource reads, and a workspace logging at `level` that forbids that
/// secret and every chosen value. Returns the source client's id.
fn start(level: &str) -> (Backend, String, String, Workspace) {
    let backend = Backend::start();
    let pool = backend.create_user_pool("secrets-in-logs");
    let source = backend.create_client(&pool, "source", with_secret);
    let source_id = source.client_id().expect("a client id").to_owned();
    let source_secret = source.client_secret().expect("a generated secret");
    let ws = logging_workspace(&backend, level, &[source_secret]);
    (backend, pool, source_id, ws)
}

/// A workspace aimed at `backend` whose Terraform logs at `level` to a file, and
/// that forbids `secrets` and every chosen value in its output and log.
///
/// `LOG_SENSITIVE_BODIES=true` is the AWS SDK's switch for tracing whole HTTP
/// response bodies (aws-smithy-runtime), which hold `ClientSecret`: set, the test
/// fails at trace if the provider's filter (src/plugin/logging.rs) ever lets the
/// SDK's trace lines through. Without it, the SDK's trace lines hold no secret
/// (its `Debug` impls redact them), so a weakened filter would go unseen.
fn logging_workspace(backend: &Backend, level: &str, secrets: &[&str]) -> Workspace {
    let mut ws = Workspace::new(backend);
    ws.log_to_file(level);
    ws.set_env("LOG_SENSITIVE_BODIES", "true");
    for secret in secrets.iter().chain(&CHOSEN) {
        ws.forbid(secret);
    }
    ws
}

/// The generated secret of `address` in state, forbidden again explicitly (the
/// workspace has learned it already): it must be there, or the check proves nothing.
fn generated_secret(ws: &mut Workspace, address: &str) -> String {
    let state = ws
        .state_resource(address)
        .unwrap_or_else(|| panic!("{address} is not in state:\n{}", ws.transcript()));
    let secret = string(&state, "client_secret");
    assert!(!secret.is_empty(), "{address} has no generated secret");
    ws.forbid(&secret);
    secret
}

/// The log shows that logging at `level` is on, so that the test fails if it is off.
///
/// At trace and debug: the provider's own lines, among them our line per AWS call.
/// Above debug the provider has nothing to say on these paths (it logs at info
/// only for a stop and at warn and error only when something goes wrong), so the
/// lines to look for are Terraform's about it: at info, the plugin's launches and
/// exits; at warn and error, after `refused_plan`, the error of the refused client.
/// At no level above debug is there an AWS call line.
fn assert_logging_on(ws: &Workspace, level: &str) {
    let log = ws.log();
    let lines = |pattern: &dyn Fn(&str) -> bool| log.lines().filter(|l| pattern(l)).count();
    let provider_lines = lines(&|l| l.contains(PROVIDER_LINE));
    let aws_calls = lines(&|l| l.contains(PROVIDER_LINE) && l.contains(AWS_CALL_LINE));
    let summary = format!(
        "TF_LOG={level}: {} lines, {provider_lines} from the provider, {aws_calls} AWS call lines",
        log.lines().count()
    );
    match level {
        "trace" | "debug" => assert!(provider_lines > 0 && aws_calls > 0, "{summary}"),
        "info" => assert!(
            aws_calls == 0
                && lines(&|l| l.contains("plugin=") && l.contains("terraform-provider-aws")) > 0,
            "{summary}; expected Terraform's lines on the plugin"
        ),
        _ => assert!(
            aws_calls == 0 && lines(&|l| l.contains(REFUSED_LINE)) > 0,
            "{summary}; expected Terraform's error line on the refused client"
        ),
    }
}

/// Every path: apply, plan, refresh, import into a fresh workspace, destroy, and
/// the refused plan; the log is checked after every command.
fn every_path(level: &str) {
    let (backend, pool, source_id, mut ws) = start(level);
    ws.write_config(&config(&pool, &source_id));
    ws.apply();
    let generated = generated_secret(&mut ws, "aws_cognito_user_pool_client.generated");
    generated_secret(&mut ws, "aws_cognito_user_pool_client.target");
    generated_secret(&mut ws, "aws_cognito_user_pool_client_secret.generated");
    // The custom values reached Cognito (which never describes them): each of
    // these clients holds its own secret and the one added to it.
    for label in ["custom", "target"] {
        let address = format!("aws_cognito_user_pool_client.{label}");
        let id = string(&ws.state_resource(&address).expect("in state"), "id");
        assert_eq!(backend.client_secret_ids(&pool, &id).len(), 2, "{address}");
    }

    ws.assert_no_changes();
    ws.apply_with(&["-refresh-only"]);

    let generated_id = string(
        &ws.state_resource("aws_cognito_user_pool_client.generated")
            .expect("the generated client in state"),
        "id",
    );
    let mut fresh = logging_workspace(&backend, level, &[&generated]);
    fresh.write_config(&format!(
        "{PROVIDER}\nresource \"aws_cognito_user_pool_client\" \"generated\" {{\n  name            = \"generated\"\n  user_pool_id    = {}\n  generate_secret = true\n}}\n",
        hcl_string(&pool)
    ));
    fresh.import(
        "aws_cognito_user_pool_client.generated",
        &format!("{pool}/{generated_id}"),
    );
    assert!(
        fresh
            .state_resource("aws_cognito_user_pool_client.generated")
            .is_some_and(|state| state["client_secret"] == generated.as_str()),
        "the import did not read the generated secret"
    );
    if matches!(level, "trace" | "debug" | "info") {
        assert_logging_on(&fresh, level);
    }

    ws.destroy();
    refused_plan(&pool, &mut ws);
    assert_logging_on(&ws, level);
}

/// A plan refused for the bad custom secrets, naming what is wrong with each.
fn refused_plan(pool: &str, ws: &mut Workspace) {
    ws.write_config(&refused_config(pool));
    ws.write_file("refused.auto.tfvars", &refused_variables());
    let error = ws.run_expect_failure(&["plan", "-no-color"]);
    let flat = checks::normalize(&error);
    let too_short = "client_secret_wo string length must be between 24 and 64, got: 18";
    assert!(
        flat.matches(too_short).count() == 2
            && flat.contains("client_secret_wo value must consist of letters, digits, _ and +"),
        "{error}"
    );
}

#[test]
fn no_secret_in_any_log_line_at_trace() {
    every_path("trace");
}

#[test]
fn no_secret_in_any_log_line_at_debug() {
    every_path("debug");
}

#[test]
fn no_secret_in_any_log_line_at_info() {
    every_path("info");
}

#[test]
fn no_secret_in_any_log_line_at_warn() {
    every_path("warn");
}

#[test]
fn no_secret_in_any_log_line_at_error() {
    every_path("error");
}

/// The log check is live: a secret in the log file fails the next command, with a
/// message that names the line and not the secret.
#[test]
fn a_secret_in_the_log_fails_the_command() {
    let backend = Backend::start();
    let mut ws = Workspace::new(&backend);
    let log = ws.log_to_file("trace");
    ws.forbid(CUSTOM);
    let line = format!("[DEBUG] {PROVIDER_LINE}{CUSTOM}\n");
    std::fs::write(&log, line).expect("write the log");
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ws.run(&["version"]);
    }));
    let payload = failed.expect_err("a secret in the log did not fail the command");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("contains a client_secret value in clear on 1 line(s)")
            && message.contains("line 1: [DEBUG] provider.terraform-provider-aws: <redacted"),
        "the check did not say where the secret is"
    );
    assert!(!message.contains(CUSTOM), "the check printed the secret");
}
