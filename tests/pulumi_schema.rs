//! The Pulumi package schema projection (`terraform-provider-aws pulumi-schema`):
//! what Pulumi's Terraform bridge generates from this provider's schema.
//!
//! Checked against pulumi-aws's `aws:cognito/userPoolClient:UserPoolClient`
//! (reconstructed from its SDKs) and its functions `getUserPoolClient` and
//! `getUserPoolClients` ([`pulumi_aws_functions`]), the seed's input and output lists,
//! Pulumi's package metaschema, and the provider's own `GetProviderSchema` answer (the
//! bridge's only input) for every resource and data source it serves. Reference files
//! live in `tests/support/pulumi/` (see its README).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use terraform_provider_aws::proto::tfplugin6::schema::nested_block::NestingMode;
use terraform_provider_aws::proto::tfplugin6::schema::{Attribute, Block};
use test_support::plugin::Plugin;

const AWS_TOKEN: &str = "aws:cognito/userPoolClient:UserPoolClient";
const DYNAMIC_TOKEN: &str = "aws:index/cognitoUserPoolClient:CognitoUserPoolClient";
const AWS_GET_CLIENT: &str = "aws:cognito/getUserPoolClient:getUserPoolClient";
const AWS_GET_CLIENTS: &str = "aws:cognito/getUserPoolClients:getUserPoolClients";
const DYNAMIC_GET_CLIENT: &str = "aws:index/getCognitoUserPoolClient:getCognitoUserPoolClient";
const DYNAMIC_GET_CLIENTS: &str = "aws:index/getCognitoUserPoolClients:getCognitoUserPoolClients";

/// Differences from pulumi-aws that this provider makes on purpose. Each entry:
/// (where, property, why). Anything else that differs fails the comparison, and so
/// does a listed difference that went away.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "UserPoolClient required outputs",
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
    (
        "ManagedUserPoolClientRefreshTokenRotation nodejs requiredOutputs",
        "retryGracePeriodSeconds",
        "the managed client shares the client's blocks, this default included",
    ),
    (
        "UserPoolClient properties",
        "clientSecretWo",
        "client_secret_wo (a custom secret at creation, write-only) is this provider's: \
         pulumi-aws has no write-only custom secret",
    ),
    (
        "UserPoolClient properties",
        "clientSecretWoVersion",
        "client_secret_wo_version goes with client_secret_wo",
    ),
    (
        "UserPoolClient inputProperties",
        "clientSecretWo",
        "see UserPoolClient properties",
    ),
    (
        "UserPoolClient inputProperties",
        "clientSecretWoVersion",
        "see UserPoolClient properties",
    ),
    (
        "UserPoolClient stateInputs",
        "clientSecretWo",
        "see UserPoolClient properties",
    ),
    (
        "UserPoolClient stateInputs",
        "clientSecretWoVersion",
        "see UserPoolClient properties",
    ),
    (
        "getUserPoolClient outputs",
        "authSessionValidity",
        "the data source reads every attribute of the resource, auth_session_validity \
         included; the official data source, and so pulumi-aws's function, lacks it",
    ),
    (
        "getUserPoolClient outputs required",
        "authSessionValidity",
        "computed like every other attribute the data source reads (see above)",
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

/// pulumi-aws 7.x's `getUserPoolClient` and `getUserPoolClients`, as a small package
/// document. Like the resource's reference it is **reconstructed**, from:
/// - `getUserPoolClient`: pulumi/pulumi-aws `sdk/python/pulumi_aws/cognito/get_user_pool_client.py`
///   at commit 192e8c03f14cf5f7600fc3767d9ad18fa3cd421b (v7: it has `region`): the
///   arguments `client_id`, `user_pool_id` (plain `str` in the `_output` form, so
///   required) and `region` (`Optional`); 26 results, none `Optional`, so all required;
///   `int` for the three lifetimes and `retry_grace_period_seconds`; the element types
///   `GetUserPoolClient{AnalyticsConfiguration,RefreshTokenRotation,TokenValidityUnit}Result`
///   with every field required (the v7 SDK's `outputs.py`);
/// - `getUserPoolClients`: `@pulumi/aws` 7.x `cognito/getUserPoolClients.d.ts`
///   (`region?`, `userPoolId`; results `clientIds`, `clientNames`, `id`, `region`,
///   `userPoolId`, none optional), and pulumi/pulumi-aws
///   `sdk/nodejs/cognito/getUserPoolClients.ts` at 106505a355cd30f0957916a2dceeb5caa8b71c91
///   (v6, the same less `region`);
/// - the schema's own shapes (`array` results, element types named
///   `getUserPoolClient<Singular>`, `language.nodejs.requiredInputs: []` on them, the
///   description texts) from pulumi/pulumi-schema-explode
///   `examples/aws/cognito/{functions,types}/getUserPoolClient*.yaml` at
///   5c0378b2cf2ac2a86badcf2481be6f5a9c79df93 (a v5-era explode of pulumi-aws's schema).
///
/// `clientSecret` is marked secret because the upstream data source marks
/// `client_secret` sensitive and tfgen's `genProperty` turns every sensitive
/// property into a secret one, function results included; the v5-era explode does
/// not show the flag, so this one is inferred, not read.
fn pulumi_aws_functions() -> Value {
    let string = || json!({"type": "string"});
    let strings = || json!({"type": "array", "items": {"type": "string"}});
    let integer = || json!({"type": "integer"});
    let boolean = || json!({"type": "boolean"});
    let elements = |name: &str| json!({"type": "array", "items": {"$ref": format!("#/types/aws:cognito/{name}:{name}")}});
    let result_type = |properties: Value| {
        let required: Vec<String> = keys(&properties).into_iter().collect();
        json!({
            "properties": properties,
            "type": "object",
            "required": required,
            "language": {"nodejs": {"requiredInputs": []}},
        })
    };
    let outputs = |function: &str, properties: Value| {
        let required: Vec<String> = keys(&properties).into_iter().collect();
        json!({
            "description": format!("A collection of values returned by {function}."),
            "properties": properties,
            "type": "object",
            "required": required,
        })
    };
    let inputs = |function: &str, properties: Value, required: &[&str]| {
        json!({
            "description": format!("A collection of arguments for invoking {function}."),
            "properties": properties,
            "type": "object",
            "required": required,
        })
    };
    json!({
        "name": "aws",
        "version": "7.0.0",
        "description": "pulumi-aws's getUserPoolClient and getUserPoolClients, reconstructed \
                        from its SDKs (see tests/pulumi_schema.rs)",
        "functions": {
            AWS_GET_CLIENT: {
                "inputs": inputs("getUserPoolClient", json!({
                    "clientId": string(),
                    "region": string(),
                    "userPoolId": string(),
                }), &["clientId", "userPoolId"]),
                "outputs": outputs("getUserPoolClient", json!({
                    "accessTokenValidity": integer(),
                    "allowedOauthFlows": strings(),
                    "allowedOauthFlowsUserPoolClient": boolean(),
                    "allowedOauthScopes": strings(),
                    "analyticsConfigurations": elements("getUserPoolClientAnalyticsConfiguration"),
                    "callbackUrls": strings(),
                    "clientId": string(),
                    "clientSecret": {"type": "string", "secret": true},
                    "defaultRedirectUri": string(),
                    "enablePropagateAdditionalUserContextData": boolean(),
                    "enableTokenRevocation": boolean(),
                    "explicitAuthFlows": strings(),
                    "generateSecret": boolean(),
                    "id": string(),
                    "idTokenValidity": integer(),
                    "logoutUrls": strings(),
                    "name": string(),
                    "preventUserExistenceErrors": string(),
                    "readAttributes": strings(),
                    "refreshTokenRotations": elements("getUserPoolClientRefreshTokenRotation"),
                    "refreshTokenValidity": integer(),
                    "region": string(),
                    "supportedIdentityProviders": strings(),
                    "tokenValidityUnits": elements("getUserPoolClientTokenValidityUnit"),
                    "userPoolId": string(),
                    "writeAttributes": strings(),
                })),
            },
            AWS_GET_CLIENTS: {
                "inputs": inputs("getUserPoolClients", json!({
                    "region": string(),
                    "userPoolId": string(),
                }), &["userPoolId"]),
                "outputs": outputs("getUserPoolClients", json!({
                    "clientIds": strings(),
                    "clientNames": strings(),
                    "id": string(),
                    "region": string(),
                    "userPoolId": string(),
                })),
            },
        },
        "types": {
            "aws:cognito/getUserPoolClientAnalyticsConfiguration:getUserPoolClientAnalyticsConfiguration":
                result_type(json!({
                    "applicationArn": string(),
                    "applicationId": string(),
                    "externalId": string(),
                    "roleArn": string(),
                    "userDataShared": boolean(),
                })),
            "aws:cognito/getUserPoolClientRefreshTokenRotation:getUserPoolClientRefreshTokenRotation":
                result_type(json!({
                    "feature": string(),
                    "retryGracePeriodSeconds": integer(),
                })),
            "aws:cognito/getUserPoolClientTokenValidityUnit:getUserPoolClientTokenValidityUnit":
                result_type(json!({
                    "accessToken": string(),
                    "idToken": string(),
                    "refreshToken": string(),
                })),
        },
    })
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

/// Compares two sets of names; differences listed in [`KNOWN_DIFFERENCES`] under
/// `what` are expected (and must still be there).
fn compare_sets(
    what: &str,
    ours: &BTreeSet<String>,
    theirs: &BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let expected: BTreeSet<String> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(place, _, _)| *place == what)
        .map(|(_, name, _)| name.to_string())
        .collect();
    let differing: BTreeSet<String> = ours.symmetric_difference(theirs).cloned().collect();
    if differing != expected {
        problems.push(format!(
            "{what}: ours {ours:?}, pulumi-aws {theirs:?}; they differ in {differing:?}, \
             expected to differ only in {expected:?}"
        ));
    }
}

/// Compares two maps of properties by name (see [`compare_sets`]), shape and secret flag.
fn compare_properties(what: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    let (our_names, their_names) = (keys(ours), keys(theirs));
    compare_sets(what, &our_names, &their_names, problems);
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

/// Compares two name lists (see [`compare_sets`]).
fn compare_names(what: &str, ours: &Value, theirs: &Value, problems: &mut Vec<String>) {
    compare_sets(what, &strings(ours), &strings(theirs), problems);
}

/// The tokens of the types `value` refers to, and those they refer to in turn.
fn referenced_types(value: &Value, package: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.as_str()) {
                    ("$ref", Some(reference)) => {
                        let token = reference.trim_start_matches("#/types/").to_string();
                        if found.insert(token.clone()) {
                            referenced_types(&package["types"][&token], package, found);
                        }
                    }
                    _ => referenced_types(inner, package, found),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                referenced_types(item, package, found);
            }
        }
        _ => {}
    }
}

/// Compares the object types the members `ours` and `theirs` use, reached from them:
/// the same tokens, and each type's properties, `required` and Node.js requirements.
fn compare_member_types(
    (ours, our_package): (&Value, &Value),
    (theirs, their_package): (&Value, &Value),
    problems: &mut Vec<String>,
) {
    let (mut our_types, mut their_types) = (BTreeSet::new(), BTreeSet::new());
    referenced_types(ours, our_package, &mut our_types);
    referenced_types(theirs, their_package, &mut their_types);
    if our_types != their_types {
        problems.push(format!(
            "types: ours {our_types:?}, pulumi-aws {their_types:?}"
        ));
    }
    for token in our_types.intersection(&their_types) {
        let (our_type, their_type) = (&our_package["types"][token], &their_package["types"][token]);
        let short = token.rsplit(':').next().unwrap_or(token);
        compare_properties(
            short,
            &our_type["properties"],
            &their_type["properties"],
            problems,
        );
        compare_names(
            &format!("{short} required"),
            &our_type["required"],
            &their_type["required"],
            problems,
        );
        for list in ["requiredInputs", "requiredOutputs"] {
            let nodejs = |ty: &Value| match ty.pointer(&format!("/language/nodejs/{list}")) {
                Some(names) => names.clone(),
                None => ty["required"].clone(),
            };
            compare_names(
                &format!("{short} nodejs {list}"),
                &nodejs(our_type),
                &nodejs(their_type),
                problems,
            );
        }
    }
}

/// Our and pulumi-aws's member `token` of `kind` (`resources`, `functions`), and its
/// short name (`UserPoolClient`).
fn members<'a>(
    ours: &'a Value,
    theirs: &'a Value,
    kind: &str,
    token: &'a str,
) -> (&'a Value, &'a Value, &'a str) {
    let ours_member = &ours[kind][token];
    assert!(
        ours_member.is_object(),
        "no {token} in {:?}",
        keys(&ours[kind])
    );
    let short = token.rsplit(':').next().unwrap_or(token);
    (ours_member, &theirs[kind][token], short)
}

/// The problems of our resource `token` against pulumi-aws's.
fn resource_problems(ours: &Value, theirs: &Value, token: &str) -> Vec<String> {
    let (o, t, short) = members(ours, theirs, "resources", token);
    let mut problems = Vec::new();
    for (what, ours_map, theirs_map) in [
        ("properties", &o["properties"], &t["properties"]),
        (
            "inputProperties",
            &o["inputProperties"],
            &t["inputProperties"],
        ),
        (
            "stateInputs",
            &o["stateInputs"]["properties"],
            &t["stateInputs"]["properties"],
        ),
    ] {
        compare_properties(
            &format!("{short} {what}"),
            ours_map,
            theirs_map,
            &mut problems,
        );
    }
    for (what, list) in [
        ("requiredInputs", "requiredInputs"),
        ("required outputs", "required"),
    ] {
        compare_names(
            &format!("{short} {what}"),
            &o[list],
            &t[list],
            &mut problems,
        );
    }
    compare_member_types((o, ours), (t, theirs), &mut problems);
    problems
}

/// The problems of our function `token` against pulumi-aws's.
fn function_problems(ours: &Value, theirs: &Value, token: &str) -> Vec<String> {
    let (o, t, short) = members(ours, theirs, "functions", token);
    let mut problems = Vec::new();
    for side in ["inputs", "outputs"] {
        let what = format!("{short} {side}");
        compare_properties(
            &what,
            &o[side]["properties"],
            &t[side]["properties"],
            &mut problems,
        );
        compare_names(
            &format!("{what} required"),
            &o[side]["required"],
            &t[side]["required"],
            &mut problems,
        );
    }
    compare_member_types((o, ours), (t, theirs), &mut problems);
    problems
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
        let schema = projection(args);
        assert!(
            !keys(&schema["functions"]).is_empty(),
            "pulumi-schema {args:?} projects no function"
        );
        let errors = metaschema_errors(&schema);
        assert!(
            errors.is_empty(),
            "pulumi-schema {args:?} violates the metaschema:\n  {}",
            errors.join("\n  ")
        );
    }
    // Controls: the references pass, and a broken schema fails.
    for (name, document) in [
        ("resource reference", reference()),
        ("function reference", pulumi_aws_functions()),
    ] {
        let errors = metaschema_errors(&document);
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let mut broken = projection(&[]);
    broken["resources"][DYNAMIC_TOKEN]["properties"]["name"]["type"] = json!("str");
    broken["types"]["aws:index/Not A Token:Not A Token"] = json!({"type": "object"});
    // (Inputs: the metaschema lets `outputs` be any type spec, so it checks less there.)
    broken["functions"][DYNAMIC_GET_CLIENT]["inputs"]["properties"]["clientId"]["type"] =
        json!("str");
    broken["functions"]["aws:index/not a function"] = json!({});
    let errors = metaschema_errors(&broken);
    assert!(
        errors.len() >= 4,
        "a bad type, a bad type token, a bad function input and a bad function token must \
         all fail: {errors:?}"
    );
}

#[test]
fn pulumi_aws_layout_matches_pulumi_aws_property_by_property() {
    let problems = resource_problems(
        &projection(&["--pulumi-aws-layout"]),
        &reference(),
        AWS_TOKEN,
    );
    // A listed difference that went away fails too (compare_sets wants exactly the
    // listed ones), so the list cannot go stale.
    assert_no_problems(&problems, "from pulumi-aws's UserPoolClient");
}

#[test]
fn pulumi_aws_layout_functions_match_pulumi_aws_property_by_property() {
    let ours = projection(&["--pulumi-aws-layout"]);
    let theirs = pulumi_aws_functions();
    for token in [AWS_GET_CLIENT, AWS_GET_CLIENTS] {
        assert_no_problems(
            &function_problems(&ours, &theirs, token),
            &format!("from pulumi-aws's {token}"),
        );
    }
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

    // Data sources are functions named `get<Resource name>`, in module `index` too;
    // the element types of their arrays are named in the singular.
    let function = &schema["functions"][DYNAMIC_GET_CLIENT];
    assert!(
        function.is_object() && schema["functions"][DYNAMIC_GET_CLIENTS].is_object(),
        "functions: {:?}",
        keys(&schema["functions"])
    );
    let units = "aws:index/getCognitoUserPoolClientTokenValidityUnit:getCognitoUserPoolClientTokenValidityUnit";
    assert_eq!(
        function["outputs"]["properties"]["tokenValidityUnits"]["items"]["$ref"],
        format!("#/types/{units}")
    );
    assert!(schema["types"][units].is_object(), "{units} not declared");

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
        .replace(
            "aws:index/getCognitoUserPoolClient",
            "aws:cognito/getUserPoolClient",
        )
        .replace("getCognitoUserPoolClient", "getUserPoolClient")
    };
    let renamed = |member: &Value| -> Value {
        serde_json::from_str(&rename(member.to_string())).expect("renamed member")
    };
    assert_eq!(renamed(resource), aws["resources"][AWS_TOKEN]);
    for (dynamic, aws_token) in [
        (DYNAMIC_GET_CLIENT, AWS_GET_CLIENT),
        (DYNAMIC_GET_CLIENTS, AWS_GET_CLIENTS),
    ] {
        assert_eq!(
            renamed(&schema["functions"][dynamic]),
            aws["functions"][aws_token]
        );
    }

    // `--provider-name` names the package, as the bridge's flag does.
    let named = projection(&["--provider-name", "cognito"]);
    assert_eq!(named["name"], "cognito");
    let resource = &named["resources"]["cognito:index/cognitoUserPoolClient:CognitoUserPoolClient"];
    assert_eq!(
        resource["properties"]["tokenValidityUnits"]["$ref"],
        "#/types/cognito:index/CognitoUserPoolClientTokenValidityUnits:CognitoUserPoolClientTokenValidityUnits"
    );
    let function =
        &named["functions"]["cognito:index/getCognitoUserPoolClient:getCognitoUserPoolClient"];
    assert_eq!(
        function["outputs"]["properties"]["tokenValidityUnits"]["items"]["$ref"],
        "#/types/cognito:index/getCognitoUserPoolClientTokenValidityUnit:getCognitoUserPoolClientTokenValidityUnit"
    );
    assert_eq!(
        named["config"]["variables"]["endpoints"]["$ref"],
        "#/types/cognito:config/endpoints:endpoints"
    );
}

/// The dynamic-layout token of a resource (`prefix` "") or function (`prefix` "get").
fn dynamic_token(type_name: &str, prefix: &str) -> String {
    let name = format!(
        "{prefix}{}",
        terraform_provider_aws::pulumi::naming::pascal_case(
            type_name.strip_prefix("aws_").unwrap_or(type_name)
        )
    );
    format!(
        "aws:index/{}:{name}",
        terraform_provider_aws::pulumi::naming::lower_first(&name)
    )
}

/// The Pulumi name of an attribute: camelCase, plural for a list or set.
fn property_name(attribute: &Attribute) -> String {
    let ty: Value = serde_json::from_slice(&attribute.r#type).expect("type JSON");
    let array = matches!(ty.get(0).and_then(Value::as_str), Some("list" | "set"));
    if array {
        camel(&terraform_provider_aws::pulumi::naming::pluralize(
            &attribute.name,
        ))
    } else {
        camel(&attribute.name)
    }
}

/// Whether `property` has the Pulumi type of the attribute's wire type (an object
/// element as a declared type with every field required) and its sensitivity.
fn attribute_problems(attribute: &Attribute, property: &Value, schema: &Value) -> Vec<String> {
    let ty: Value = serde_json::from_slice(&attribute.r#type).expect("type JSON");
    let mut problems = Vec::new();
    let pulumi_type = |ty: &Value| match ty.get(0).and_then(Value::as_str).or(ty.as_str()) {
        Some("string") => "string",
        Some("bool") => "boolean",
        Some("number") => "number",
        Some("list" | "set") => "array",
        Some("map") => "object",
        Some("object") => "$ref",
        other => panic!("{}: unexpected type {other:?}", attribute.name),
    };
    if property["type"] != pulumi_type(&ty) {
        problems.push(format!("{}: {ty} projected as {property}", attribute.name));
    }
    if let (Some("list" | "set"), Some("object")) = (
        ty.get(0).and_then(Value::as_str),
        ty.pointer("/1/0").and_then(Value::as_str),
    ) {
        let reference = property["items"]["$ref"].as_str().unwrap_or_default();
        let declared = &schema["types"][reference.trim_start_matches("#/types/")];
        let fields: BTreeSet<String> = keys(&ty[1][1]).iter().map(|f| camel(f)).collect();
        if keys(&declared["properties"]) != fields || strings(&declared["required"]) != fields {
            problems.push(format!(
                "{}: elements {reference} declared as {declared}, fields {fields:?} all required",
                attribute.name
            ));
        }
    }
    if is_secret(property) != attribute.sensitive {
        problems.push(format!("{}: secret != sensitive", attribute.name));
    }
    problems
}

/// A resource in the projection against its `GetProviderSchema` block.
fn resource_agreement(name: &str, block: &Block, projected: &Value, schema: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut required_inputs = BTreeSet::new();
    for attribute in &block.attributes {
        let name = property_name(attribute);
        if attribute.name == "id" {
            if projected["properties"].get("id").is_some() || !attribute.computed {
                problems.push("id: a computed id must be the resource id, not a property".into());
            }
            continue;
        }
        problems.extend(attribute_problems(
            attribute,
            &projected["properties"][&name],
            schema,
        ));
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
    problems
        .into_iter()
        .map(|p| format!("{name}: {p}"))
        .collect()
}

/// A function in the projection against its data source's `GetProviderSchema` block:
/// the arguments in, every attribute out, each required as the bridge makes it.
fn function_agreement(name: &str, block: &Block, projected: &Value, schema: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let (inputs, outputs) = (&projected["inputs"], &projected["outputs"]);
    let (mut expected_inputs, mut required_inputs, mut required_outputs) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for attribute in &block.attributes {
        let property = property_name(attribute);
        problems.extend(attribute_problems(
            attribute,
            &outputs["properties"][&property],
            schema,
        ));
        if attribute.required || attribute.optional {
            let input = &inputs["properties"][&property];
            if shape(input) != shape(&outputs["properties"][&property]) {
                problems.push(format!("{}: input {input}", attribute.name));
            }
            expected_inputs.insert(property.clone());
        }
        if attribute.required {
            required_inputs.insert(property.clone());
        }
        // tfgen: an output is optional only when optional and not computed.
        if !attribute.optional || attribute.computed {
            required_outputs.insert(property);
        }
    }
    let expected_outputs: BTreeSet<String> = block.attributes.iter().map(property_name).collect();
    for (what, ours, expected) in [
        ("inputs", keys(&inputs["properties"]), expected_inputs),
        (
            "inputs required",
            strings(&inputs["required"]),
            required_inputs,
        ),
        ("outputs", keys(&outputs["properties"]), expected_outputs),
        (
            "outputs required",
            strings(&outputs["required"]),
            required_outputs,
        ),
    ] {
        if ours != expected {
            problems.push(format!("{what} {ours:?}, expected {expected:?}"));
        }
    }
    if !block.block_types.is_empty() {
        problems.push("a data source block is not covered by this check yet".into());
    }
    problems
        .into_iter()
        .map(|p| format!("{name}: {p}"))
        .collect()
}

/// The bridge reads GetProviderSchema; the projection reads the framework's schemas.
/// Both must tell the same story for every resource and data source, attribute by
/// attribute.
#[tokio::test]
async fn projection_agrees_with_get_provider_schema() {
    let plugin = Plugin::start().await.expect("provider starts");
    let response = plugin.schema().await;
    let schema = projection(&[]);
    let mut problems = Vec::new();

    for (what, served, prefix, projected) in [
        (
            "resources",
            &response.resource_schemas,
            "",
            &schema["resources"],
        ),
        (
            "functions",
            &response.data_source_schemas,
            "get",
            &schema["functions"],
        ),
    ] {
        let expected: BTreeSet<String> = served.keys().map(|t| dynamic_token(t, prefix)).collect();
        if keys(projected) != expected {
            problems.push(format!(
                "{what} {:?}, but the provider serves {expected:?}",
                keys(projected)
            ));
        }
        for (type_name, served_schema) in served {
            let block = served_schema.block.as_ref().expect("schema block");
            let member = &projected[dynamic_token(type_name, prefix)];
            problems.extend(if prefix.is_empty() {
                resource_agreement(type_name, block, member, &schema)
            } else {
                function_agreement(type_name, block, member, &schema)
            });
        }
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
    // Newer than the seed: the rotation block, region, and the custom secret.
    let added: BTreeSet<String> = [
        "refreshTokenRotation",
        "region",
        "clientSecretWo",
        "clientSecretWoVersion",
    ]
    .map(String::from)
    .into();
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

const AWS_MANAGED_TOKEN: &str = "aws:cognito/managedUserPoolClient:ManagedUserPoolClient";

/// pulumi-aws 7's `aws:cognito/managedUserPoolClient:ManagedUserPoolClient` with its
/// three types, as a small package document derived from the `UserPoolClient`
/// reference by the differences its SDKs show: pulumi/pulumi-aws
/// `sdk/nodejs/cognito/managedUserPoolClient.ts` at
/// 10b9d3f5b4ba4096c23d41c543c4623fabb327fd (v6: `name` and `clientSecret` are
/// `/*out*/`, `clientSecret` an additional secret output, `namePattern` and
/// `namePrefix` optional inputs that may be absent in outputs, no `generateSecret`,
/// `userPoolId` the only required input) and the v7 Python SDK's
/// `ManagedUserPoolClientArgs` (`region` and `refresh_token_rotation` added, the
/// lifetimes `int`), the blocks single objects of `ManagedUserPoolClient<Block>` types
/// shaped like the client's.
fn pulumi_aws_managed_client() -> Value {
    let client = reference();
    let rename = |value: &Value| -> Value {
        serde_json::from_str(
            &value
                .to_string()
                .replace(
                    "aws:cognito/UserPoolClient",
                    "aws:cognito/ManagedUserPoolClient",
                )
                .replace(":UserPoolClient", ":ManagedUserPoolClient"),
        )
        .expect("renamed reference")
    };
    let mut managed = rename(&client["resources"][AWS_TOKEN]);
    let string = json!({"type": "string"});
    for map in ["properties", "inputProperties"] {
        let properties = managed[map].as_object_mut().expect("properties");
        properties.remove("generateSecret");
        properties.insert("namePattern".into(), string.clone());
        properties.insert("namePrefix".into(), string.clone());
    }
    managed["inputProperties"]
        .as_object_mut()
        .expect("inputs")
        .remove("name");
    managed["stateInputs"]["properties"] = managed["properties"].clone();
    managed["stateInputs"]["description"] = json!(
        "Input properties used for looking up and filtering ManagedUserPoolClient resources."
    );
    let required: Vec<String> = strings(&managed["required"])
        .into_iter()
        .filter(|name| name != "generateSecret")
        .chain(["name".to_string()])
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    managed["required"] = json!(required);
    json!({
        "name": "aws",
        "version": "7.0.0",
        "description": "pulumi-aws's ManagedUserPoolClient, derived from its UserPoolClient \
                        reference (see tests/pulumi_schema.rs)",
        "resources": {AWS_MANAGED_TOKEN: managed},
        "types": rename(&client["types"]),
    })
}

#[test]
fn managed_client_matches_pulumi_aws_property_by_property() {
    let theirs = pulumi_aws_managed_client();
    let errors = metaschema_errors(&theirs);
    assert!(errors.is_empty(), "managed client reference: {errors:?}");
    let problems = resource_problems(
        &projection(&["--pulumi-aws-layout"]),
        &theirs,
        AWS_MANAGED_TOKEN,
    );
    assert_no_problems(&problems, "from pulumi-aws's ManagedUserPoolClient");
}

const SECRET_TYPE: &str = "aws_cognito_user_pool_client_secret";
const DYNAMIC_SECRET_TOKEN: &str =
    "aws:index/cognitoUserPoolClientSecret:CognitoUserPoolClientSecret";
const AWS_SECRET_TOKEN: &str = "aws:cognito/userPoolClientSecret:UserPoolClientSecret";

/// `aws_cognito_user_pool_client_secret` has no pulumi-aws counterpart to compare
/// with, and [`projection_agrees_with_get_provider_schema`] checks it against
/// `GetProviderSchema` only attribute by attribute; this pins what a program sees:
/// the token in module `index` (or `cognito` in pulumi-aws's layout), the inputs,
/// the outputs beyond them, the secrets and the required inputs.
#[test]
fn client_secret_resource_projection() {
    assert_eq!(dynamic_token(SECRET_TYPE, ""), DYNAMIC_SECRET_TOKEN);
    let names =
        |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| s.to_string()).collect() };
    let inputs = names(&[
        "clientId",
        "clientSecretWo",
        "clientSecretWoVersion",
        "region",
        "triggers",
        "userPoolId",
    ]);
    let mut outputs = inputs.clone();
    outputs.extend(names(&["clientSecret", "createDate", "secretId"]));
    let mut projected = Vec::new();
    for (args, token) in [
        (&[][..], DYNAMIC_SECRET_TOKEN),
        (&["--pulumi-aws-layout"][..], AWS_SECRET_TOKEN),
    ] {
        let schema = projection(args);
        let resource = &schema["resources"][token];
        assert!(
            resource.is_object(),
            "pulumi-schema {args:?}: no {token} in {:?}",
            keys(&schema["resources"])
        );
        let mut problems = Vec::new();
        let (properties, input_properties) =
            (&resource["properties"], &resource["inputProperties"]);
        for (what, ours, expected) in [
            ("inputProperties", keys(input_properties), &inputs),
            ("properties", keys(properties), &outputs),
            (
                "stateInputs",
                keys(&resource["stateInputs"]["properties"]),
                &outputs,
            ),
            (
                "requiredInputs",
                strings(&resource["requiredInputs"]),
                &names(&["clientId", "userPoolId"]),
            ),
        ] {
            if &ours != expected {
                problems.push(format!("{what} {ours:?}, expected {expected:?}"));
            }
        }
        for (what, map, secrets) in [
            (
                "properties",
                properties,
                names(&["clientSecret", "clientSecretWo"]),
            ),
            (
                "inputProperties",
                input_properties,
                names(&["clientSecretWo"]),
            ),
        ] {
            let secret: BTreeSet<String> = keys(map)
                .into_iter()
                .filter(|p| is_secret(&map[p]))
                .collect();
            if secret != secrets {
                problems.push(format!("{what}: secret {secret:?}, expected {secrets:?}"));
            }
        }
        for (property, expected) in [
            (
                "triggers",
                json!({"type": "object", "additionalProperties": {"type": "string"}}),
            ),
            ("clientSecretWoVersion", json!({"type": "number"})),
            ("createDate", json!({"type": "string"})),
        ] {
            if shape(&properties[property]) != expected {
                problems.push(format!("{property}: {}", shape(&properties[property])));
            }
        }
        let short = token.rsplit(':').next().unwrap_or(token);
        let mut resource = resource.clone();
        let description = resource["stateInputs"]["description"].take();
        if description
            != format!("Input properties used for looking up and filtering {short} resources.")
        {
            problems.push(format!("stateInputs description {description}"));
        }
        assert_no_problems(&problems, &format!("in {token}"));
        projected.push(resource);
    }
    assert_eq!(
        projected[0], projected[1],
        "the two layouts differ in more than the token and the resource name"
    );
}
