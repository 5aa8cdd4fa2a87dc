//! The Pulumi package schema projection (`terraform-provider-aws pulumi-schema`):
//! what Pulumi's Terraform bridge generates from this provider's schema.
//!
//! Checked against pulumi-aws's `aws:cognito/userPoolClient:UserPoolClient`
//! (reconstructed from its SDKs), the seed's input and output lists, Pulumi's package
//! metaschema, and the provider's own `GetProviderSchema` answer (the bridge's only
//! input). Reference files live in `tests/support/pulumi/` (see its README).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use terraform_provider_aws::proto::tfplugin6::schema::nested_block::NestingMode;
use test_support::plugin::Plugin;

const AWS_TOKEN: &str = "aws:cognito/userPoolClient:UserPoolClient";
const DYNAMIC_TOKEN: &str = "aws:index/cognitoUserPoolClient:CognitoUserPoolClient";
const TF_TYPE: &str = "aws_cognito_user_pool_client";

/// Differences from pulumi-aws that this provider makes on purpose. Each entry:
/// (where, property, why). Anything else that differs fails the comparison.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "resource required outputs",
        "generateSecret",
        "generate_secret is optional+computed here (a refresh records `true` for an imported \
         client that has a secret), so it is always present in outputs",
    ),
    (
        "UserPoolClientRefreshTokenRotation nodejs requiredOutputs",
        "retryGracePeriodSeconds",
        "retry_grace_period_seconds is optional+computed with a default of 0 here (the official \
         provider's null-then-0 is its bug #45646), so it is always present in outputs",
    ),
];

/// Runs the binary's `pulumi-schema` subcommand and parses its output.
fn projection(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_terraform-provider-aws"))
        .arg("pulumi-schema")
        .args(args)
        .output()
        .expect("run terraform-provider-aws pulumi-schema");
    assert!(
        output.status.success(),
        "pulumi-schema {args:?} exited with {:?}; stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "pulumi-schema {args:?} printed invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support/pulumi")
        .join(name)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name))
        .unwrap_or_else(|e| panic!("read {}: {e}", fixture_path(name).display()))
}

fn reference() -> Value {
    serde_json::from_str(&fixture("pulumi-aws-userPoolClient.schema.json"))
        .expect("reference schema is JSON")
}

/// Every error of `instance` against Pulumi's package metaschema.
fn metaschema_errors(instance: &Value) -> Vec<String> {
    let metaschema: Value =
        serde_json::from_str(&fixture("pulumi-metaschema.json")).expect("metaschema is JSON");
    let validator = jsonschema::validator_for(&metaschema).expect("metaschema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

fn keys(object: &Value) -> BTreeSet<String> {
    object
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn strings(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A property's type without its description, default or secret flag, with
/// `integer` read as `number`: the protocol carries only numbers.
fn shape(property: &Value) -> Value {
    match property {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for key in ["type", "$ref", "items", "additionalProperties"] {
                if let Some(value) = map.get(key) {
                    let value = match (key, value) {
                        ("type", Value::String(t)) if t == "integer" => json!("number"),
                        ("items" | "additionalProperties", inner) => shape(inner),
                        (_, other) => other.clone(),
                    };
                    out.insert(key.to_string(), value);
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn is_secret(property: &Value) -> bool {
    property.get("secret").and_then(Value::as_bool) == Some(true)
}

/// Compares two maps of properties by name, shape and secret flag.
fn compare_properties(what: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    let (our_names, their_names) = (keys(ours), keys(theirs));
    for missing in their_names.difference(&our_names) {
        problems.push(format!("{what}: missing {missing}"));
    }
    for extra in our_names.difference(&their_names) {
        problems.push(format!("{what}: extra {extra}"));
    }
    for name in our_names.intersection(&their_names) {
        let (o, t) = (&ours[name], &theirs[name]);
        if shape(o) != shape(t) {
            problems.push(format!(
                "{what}.{name}: type {} but pulumi-aws has {}",
                shape(o),
                shape(t)
            ));
        }
        if is_secret(o) != is_secret(t) {
            problems.push(format!(
                "{what}.{name}: secret {} but pulumi-aws has {}",
                is_secret(o),
                is_secret(t)
            ));
        }
    }
}

/// Compares two name lists; differences listed in [`KNOWN_DIFFERENCES`] under
/// `what` are expected (and must still be there).
fn compare_names(what: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    let (ours, theirs) = (strings(ours), strings(theirs));
    let expected: BTreeSet<String> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(place, _, _)| *place == what)
        .map(|(_, name, _)| name.to_string())
        .collect();
    let differing: BTreeSet<String> = ours.symmetric_difference(&theirs).cloned().collect();
    if differing != expected {
        problems.push(format!(
            "{what}: ours {ours:?}, pulumi-aws {theirs:?}; they differ in {differing:?}, \
             expected to differ only in {expected:?}"
        ));
    }
}

fn assert_no_problems(problems: &[String], context: &str) {
    assert!(
        problems.is_empty(),
        "{} difference(s) {context}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn projection_validates_against_the_pulumi_metaschema() {
    for args in [
        &[][..],
        &["--pulumi-aws-layout"][..],
        &["--provider-name", "cognito", "--version", "1.2.3"][..],
    ] {
        let errors = metaschema_errors(&projection(args));
        assert!(
            errors.is_empty(),
            "pulumi-schema {args:?} violates the metaschema:\n  {}",
            errors.join("\n  ")
        );
    }
    // Controls: the reference passes, and a broken schema fails.
    let errors = metaschema_errors(&reference());
    assert!(errors.is_empty(), "reference: {errors:?}");
    let mut broken = projection(&[]);
    broken["resources"][DYNAMIC_TOKEN]["properties"]["name"]["type"] = json!("str");
    broken["types"]["aws:index/Not A Token:Not A Token"] = json!({"type": "object"});
    let errors = metaschema_errors(&broken);
    assert!(
        errors.len() >= 2,
        "a bad type and a bad token must both fail: {errors:?}"
    );
}

#[test]
fn pulumi_aws_layout_matches_pulumi_aws_property_by_property() {
    let ours = projection(&["--pulumi-aws-layout"]);
    let theirs = reference();
    let (o, t) = (
        &ours["resources"][AWS_TOKEN],
        &theirs["resources"][AWS_TOKEN],
    );
    assert!(
        o.is_object(),
        "no {AWS_TOKEN} in {:?}",
        keys(&ours["resources"])
    );
    let mut problems = Vec::new();
    compare_properties(
        "properties",
        &o["properties"],
        &t["properties"],
        &mut problems,
    );
    compare_properties(
        "inputProperties",
        &o["inputProperties"],
        &t["inputProperties"],
        &mut problems,
    );
    compare_properties(
        "stateInputs",
        &o["stateInputs"]["properties"],
        &t["stateInputs"]["properties"],
        &mut problems,
    );
    compare_names(
        "requiredInputs",
        &o["requiredInputs"],
        &t["requiredInputs"],
        &mut problems,
    );
    compare_names(
        "resource required outputs",
        &o["required"],
        &t["required"],
        &mut problems,
    );

    for (token, their_type) in theirs["types"].as_object().expect("reference types") {
        let our_type = &ours["types"][token];
        if !our_type.is_object() {
            problems.push(format!("type {token} missing"));
            continue;
        }
        let short = token.rsplit(':').next().unwrap_or(token);
        compare_properties(
            short,
            &our_type["properties"],
            &their_type["properties"],
            &mut problems,
        );
        compare_names(
            &format!("{short} required"),
            &our_type["required"],
            &their_type["required"],
            &mut problems,
        );
        let required_outputs = |ty: &Value| match ty.pointer("/language/nodejs/requiredOutputs") {
            Some(list) => list.clone(),
            None => ty["required"].clone(),
        };
        compare_names(
            &format!("{short} nodejs requiredOutputs"),
            &required_outputs(our_type),
            &required_outputs(their_type),
            &mut problems,
        );
    }
    let extra_types: Vec<String> = keys(&ours["types"])
        .into_iter()
        .filter(|t| t.starts_with("aws:cognito/") && theirs["types"].get(t).is_none())
        .collect();
    if !extra_types.is_empty() {
        problems.push(format!("types pulumi-aws does not have: {extra_types:?}"));
    }
    // A listed difference that went away fails too (compare_names wants exactly the
    // listed ones), so the list cannot go stale.
    assert_no_problems(&problems, "from pulumi-aws's UserPoolClient");
}

#[test]
fn dynamic_layout_follows_the_bridge_token_rules() {
    let schema = projection(&[]);
    assert_eq!(schema["name"], "aws");
    assert_eq!(
        schema["version"], "0.0.0",
        "a local provider is version 0.0.0"
    );
    let resource = &schema["resources"][DYNAMIC_TOKEN];
    assert!(
        resource.is_object(),
        "resources: {:?}",
        keys(&schema["resources"])
    );
    let refs: BTreeSet<String> = [
        "analyticsConfiguration",
        "refreshTokenRotation",
        "tokenValidityUnits",
    ]
    .iter()
    .map(|p| {
        resource["properties"][p]["$ref"]
            .as_str()
            .unwrap_or("")
            .to_string()
    })
    .collect();
    assert_eq!(
        refs,
        BTreeSet::from([
            "#/types/aws:index/CognitoUserPoolClientAnalyticsConfiguration:CognitoUserPoolClientAnalyticsConfiguration".to_string(),
            "#/types/aws:index/CognitoUserPoolClientRefreshTokenRotation:CognitoUserPoolClientRefreshTokenRotation".to_string(),
            "#/types/aws:index/CognitoUserPoolClientTokenValidityUnits:CognitoUserPoolClientTokenValidityUnits".to_string(),
        ]),
        "max_items = 1 blocks are single objects of index types"
    );
    for reference in &refs {
        let token = reference.trim_start_matches("#/types/");
        assert!(schema["types"][token].is_object(), "{token} not declared");
    }

    // The same shapes as the pulumi-aws layout, only the tokens differ.
    let aws = projection(&["--pulumi-aws-layout"]);
    let rename = |text: String| {
        text.replace(
            "aws:index/CognitoUserPoolClient",
            "aws:cognito/UserPoolClient",
        )
        .replace(":CognitoUserPoolClient", ":UserPoolClient")
        .replace(
            "CognitoUserPoolClient resources",
            "UserPoolClient resources",
        )
    };
    let renamed: Value =
        serde_json::from_str(&rename(resource.to_string())).expect("renamed resource");
    assert_eq!(renamed, aws["resources"][AWS_TOKEN]);

    // `--provider-name` names the package, as the bridge's flag does.
    let named = projection(&["--provider-name", "cognito"]);
    assert_eq!(named["name"], "cognito");
    let resource = &named["resources"]["cognito:index/cognitoUserPoolClient:CognitoUserPoolClient"];
    assert_eq!(
        resource["properties"]["tokenValidityUnits"]["$ref"],
        "#/types/cognito:index/CognitoUserPoolClientTokenValidityUnits:CognitoUserPoolClientTokenValidityUnits"
    );
    assert_eq!(
        named["config"]["variables"]["endpoints"]["$ref"],
        "#/types/cognito:config/endpoints:endpoints"
    );
}

/// The bridge reads GetProviderSchema; the projection reads the framework's schemas.
/// Both must tell the same story, attribute by attribute.
#[tokio::test]
async fn projection_agrees_with_get_provider_schema() {
    let plugin = Plugin::start().await.expect("provider starts");
    let response = plugin.schema().await;
    let schema = projection(&[]);
    let mut problems = Vec::new();

    let resource = &response.resource_schemas[TF_TYPE];
    let block = resource.block.as_ref().expect("resource block");
    let projected = &schema["resources"][DYNAMIC_TOKEN];
    let mut required_inputs = BTreeSet::new();
    for attribute in &block.attributes {
        let ty: Value = serde_json::from_slice(&attribute.r#type).expect("type JSON");
        let name = camel(&attribute.name);
        if attribute.name == "id" {
            if projected["properties"].get("id").is_some() || !attribute.computed {
                problems.push("id: a computed id must be the resource id, not a property".into());
            }
            continue;
        }
        let property = &projected["properties"][&name];
        let expected_type = match ty.get(0).and_then(Value::as_str).or(ty.as_str()) {
            Some("string") => "string",
            Some("bool") => "boolean",
            Some("number") => "number",
            Some("list" | "set") => "array",
            Some("map") => "object",
            other => panic!("{}: unexpected type {other:?}", attribute.name),
        };
        if property["type"] != expected_type {
            problems.push(format!("{}: {ty} projected as {property}", attribute.name));
        }
        if is_secret(property) != attribute.sensitive {
            problems.push(format!("{}: secret != sensitive", attribute.name));
        }
        let is_input = projected["inputProperties"].get(&name).is_some();
        if is_input != (attribute.required || attribute.optional) {
            problems.push(format!("{}: input {is_input}", attribute.name));
        }
        if attribute.required && attribute.name != "name" {
            required_inputs.insert(name);
        }
    }
    for nested in &block.block_types {
        let name = camel(&nested.type_name);
        let property = &projected["properties"][&name];
        let list = matches!(
            NestingMode::try_from(nested.nesting),
            Ok(NestingMode::List | NestingMode::Set)
        );
        if list && nested.max_items == 1 && property.get("$ref").is_none() {
            problems.push(format!(
                "{}: max_items 1 must be a single object, got {property}",
                nested.type_name
            ));
        }
    }
    if strings(&projected["requiredInputs"]) != required_inputs {
        problems.push(format!(
            "requiredInputs {} but the required attributes (less the auto-named name) are {required_inputs:?}",
            projected["requiredInputs"]
        ));
    }
    let provider_block = response
        .provider
        .as_ref()
        .and_then(|p| p.block.as_ref())
        .expect("provider block");
    let variables = keys(&schema["config"]["variables"]);
    let expected: BTreeSet<String> = provider_block
        .attributes
        .iter()
        .map(|a| camel(&a.name))
        .chain(
            provider_block
                .block_types
                .iter()
                .map(|b| camel(&b.type_name)),
        )
        .collect();
    if variables != expected {
        problems.push(format!(
            "config variables {variables:?}, provider arguments {expected:?}"
        ));
    }
    assert_no_problems(&problems, "between the projection and GetProviderSchema");
}

/// The seed (pulumi-aws v6's registry page) lists 22 inputs and, as outputs, the
/// inputs plus `clientSecret` and the resource `id`. The projection has them all,
/// with the same Python types (integers as numbers), plus the two arguments AWS
/// added since (`region`, `refresh_token_rotation`).
#[test]
fn seed_inputs_and_outputs_are_all_there() {
    let seed = fixture("seed-userPoolClient.txt");
    let constructor = python_arguments(&seed, "def UserPoolClient(resource_name: str,", ")");
    let lookup = python_arguments(&seed, "def get(resource_name: str,", ") -> UserPoolClient");
    assert_eq!(constructor.len(), 22, "seed constructor: {constructor:?}");
    let outputs = seed_outputs(&seed);
    assert_eq!(
        outputs,
        BTreeSet::from(["client_secret".to_string(), "id".to_string()]),
        "seed Outputs section"
    );

    let schema = projection(&["--pulumi-aws-layout"]);
    let resource = &schema["resources"][AWS_TOKEN];
    let added = BTreeSet::from(["refreshTokenRotation".to_string(), "region".to_string()]);
    let mut problems = Vec::new();

    let seed_inputs: BTreeSet<String> = constructor.keys().map(|n| camel(n)).collect();
    let our_inputs = keys(&resource["inputProperties"]);
    let extra: BTreeSet<String> = our_inputs.difference(&seed_inputs).cloned().collect();
    let missing: BTreeSet<String> = seed_inputs.difference(&our_inputs).cloned().collect();
    if !missing.is_empty() || extra != added {
        problems.push(format!(
            "inputs: missing {missing:?}, extra {extra:?} (expected extra {added:?})"
        ));
    }
    for (name, python_type) in &constructor {
        let property = &resource["inputProperties"][camel(name)];
        if let Some(problem) = python_type_mismatch(python_type, property) {
            problems.push(format!("input {name}: {problem}"));
        }
    }

    // Outputs: every state argument of `get`, plus the outputs section's.
    let mut seed_outputs: BTreeSet<String> = lookup.keys().map(|n| camel(n)).collect();
    seed_outputs.extend(outputs.iter().map(|n| camel(n)));
    let mut our_outputs = keys(&resource["properties"]);
    if our_outputs.contains("id") {
        problems.push("id must be the resource id, not an output property".into());
    }
    our_outputs.insert("id".into());
    let extra: BTreeSet<String> = our_outputs.difference(&seed_outputs).cloned().collect();
    let missing: BTreeSet<String> = seed_outputs.difference(&our_outputs).cloned().collect();
    if !missing.is_empty() || extra != added {
        problems.push(format!(
            "outputs: missing {missing:?}, extra {extra:?} (expected extra {added:?})"
        ));
    }
    for (name, python_type) in &lookup {
        let property = &resource["properties"][camel(name)];
        if let Some(problem) = python_type_mismatch(python_type, property) {
            problems.push(format!("output {name}: {problem}"));
        }
    }
    if !is_secret(&resource["properties"]["clientSecret"]) {
        problems.push("clientSecret must be secret".into());
    }
    assert_no_problems(&problems, "from the seed's lists");
}

fn camel(name: &str) -> String {
    terraform_provider_aws::pulumi::naming::camel_case(name)
}

/// `name: Optional[T] = None` lines between `start` and `end`, without `opts`.
fn python_arguments(text: &str, start: &str, end: &str) -> BTreeMap<String, String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let first = lines
        .iter()
        .position(|l| *l == start)
        .unwrap_or_else(|| panic!("{start:?} not in the seed"));
    let mut arguments = BTreeMap::new();
    for line in &lines[first + 1..] {
        let (body, last) = match line.strip_suffix(end) {
            Some(body) => (body, true),
            None => (line.trim_end_matches(','), false),
        };
        let (name, rest) = body
            .split_once(": ")
            .unwrap_or_else(|| panic!("not an argument: {line:?}"));
        let ty = rest.trim_end_matches(" = None");
        if name != "opts" && name != "id" {
            arguments.insert(name.to_string(), ty.to_string());
        }
        if last {
            return arguments;
        }
    }
    panic!("{end:?} not found after {start:?}");
}

/// The Python entries of the Outputs section: `- id str`, or a name broken over two
/// lines as `- client_` / `secret str ...`.
fn seed_outputs(text: &str) -> BTreeSet<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "Outputs")
        .expect("Outputs section");
    let end = lines
        .iter()
        .position(|l| l.starts_with("Look up Existing"))
        .expect("end of Outputs");
    let mut names = BTreeSet::new();
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        if let Some(name) = line.strip_prefix("- ").and_then(|l| l.strip_suffix(" str")) {
            names.insert(name.to_string());
        } else if let Some(head) = line.strip_prefix("- ").filter(|l| l.ends_with('_')) {
            let tail = lines[i + 1].split(' ').collect::<Vec<_>>();
            if tail.get(1) == Some(&"str") {
                names.insert(format!("{head}{}", tail[0]));
            }
        }
    }
    names
}

/// Whether a projected property has the seed's Python type.
fn python_type_mismatch(python: &str, property: &Value) -> Option<String> {
    let inner = python
        .strip_prefix("Optional[")
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(python);
    let expected = match inner {
        "str" => json!({"type": "string"}),
        "bool" => json!({"type": "boolean"}),
        "int" | "float" => json!({"type": "number"}),
        "Sequence[str]" => json!({"type": "array", "items": {"type": "string"}}),
        args => {
            let ty = args.trim_end_matches("Args");
            json!({"$ref": format!("#/types/aws:cognito/{ty}:{ty}")})
        }
    };
    (shape(property) != expected).then(|| format!("{python} but projected {}", shape(property)))
}
