//! The resource's attributes, with their validators and plan modifiers: the official
//! provider's schema (sets, not lists; three list blocks of at most one element),
//! except where this project deliberately goes further (see the comments).

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::types::{
    ExplicitAuthFlowsType, OAuthFlowType, PreventUserExistenceErrorTypes, UserPoolClientType,
};

use crate::framework::mapping::{
    field_table, Bool, Int, NonEmpty, NonZero, StringSet, Text, TrueOnly,
};
use crate::framework::planmodifier::{RequiresReplace, RequiresReplaceIf, UseStateForUnknown};

use super::generate_secret::{KeepUnlessConfigured, REPLACE_WHEN_CONTRADICTED};
use super::lifetimes::{TokenLifetimeBounds, TOKEN_LIFETIMES};
use crate::framework::schema::{Attribute, Block, Mode, NestedBlock, Nesting, Schema};
use crate::framework::validator::{
    AlsoRequires, Arn, ConflictsWith, ContainsAllowedCharacter, EachElement, ExactlyOneOf,
    IntBetween, LengthUnit, OneOf, OnlyCharacters, SetSizeAtMost, StringEnum, StringLength,
    UnlessEmpty, Validator,
};
use crate::framework::value::{Type, Value};
use crate::resources::regional::region_attribute;

/// Version 0, as the official provider's, so states move between the two.
pub(crate) const SCHEMA_VERSION: i64 = 0;

pub const OAUTH_FLOWS: &[&str] = &["code", "implicit", "client_credentials"];
pub const EXPLICIT_AUTH_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];
/// The empty string stands for "not set", as in the official provider's enum types.
const PREVENT_USER_EXISTENCE_ERRORS: &[&str] = &["LEGACY", "ENABLED", ""];
/// Unlike the official provider's enum types, no empty string: an empty unit or
/// feature is not sent, and AWS's answer then contradicts the plan.
const TIME_UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];
const ROTATION_FEATURES: &[&str] = &["ENABLED", "DISABLED"];

field_table! {
    request ClientArguments, answer UserPoolClientType,
    built by aws_sdk_cognitoidentityprovider::types::builders::UserPoolClientTypeBuilder,
    fill with fill_client_request;
    sent {
        name: Text => client_name / set_client_name = client_name("The name of the app client: 1 to 128 bytes containing letters, numbers, spaces, tabs or `+=,.@-`. Changing it updates the client in place.");
        user_pool_id: Text => user_pool_id / set_user_pool_id = required("The id of the user pool the client belongs to. Changing it replaces the client.")
            .plan_modifier(RequiresReplace);
        allowed_oauth_flows: StringSet<OAuthFlowType> => allowed_o_auth_flows / set_allowed_o_auth_flows = string_set("The OAuth 2.0 flows the client may use: `code`, `implicit` and/or `client_credentials`. `client_credentials` cannot be combined with the other two, and the flows need `allowed_oauth_flows_user_pool_client = true`.")
            .validator(SetSizeAtMost(3))
            .validator(EachElement::new(vec![Arc::new(OneOf(OAUTH_FLOWS))]));
        allowed_oauth_flows_user_pool_client: TrueOnly => allowed_o_auth_flows_user_pool_client / set_allowed_o_auth_flows_user_pool_client = optional_computed(Type::Bool, "Whether the client may use the OAuth 2.0 features of the user pool (flows, scopes, callback and logout URLs).");
        allowed_oauth_scopes: StringSet => allowed_o_auth_scopes / set_allowed_o_auth_scopes = string_set("The OAuth scopes the client may request: `phone`, `email`, `openid`, `profile`, `aws.cognito.signin.user.admin`, or scopes of the pool's resource servers. At most 50.")
            .validator(SetSizeAtMost(50));
        callback_urls: StringSet => callback_urls / set_callback_urls = string_set("The allowed redirect (callback) URLs after sign-in. At most 100, each 1 to 1024 characters, absolute, without a fragment, and HTTPS unless the host is localhost (custom schemes such as `myapp://` are allowed).")
            .validator(SetSizeAtMost(100))
            .validator(url_elements());
        // An empty string is accepted here (the official provider refuses it): it is
        // the only way to clear a default redirect URI, since a removed argument
        // keeps its value.
        default_redirect_uri: NonEmpty => default_redirect_uri / set_default_redirect_uri = optional_computed(Type::String, "The default redirect URI; it must be one of `callback_urls`. An empty string clears it.")
            .validator(UnlessEmpty(StringLength { min: 1, max: 1024, unit: LengthUnit::Characters }))
            .validator(printable_text());
        enable_propagate_additional_user_context_data: Bool => enable_propagate_additional_user_context_data / set_enable_propagate_additional_user_context_data = optional_computed(Type::Bool, "Whether Cognito's advanced security features receive the user's device and session context. Needs a client secret.");
        enable_token_revocation: Bool => enable_token_revocation / set_enable_token_revocation = optional_computed(Type::Bool, "Whether refresh tokens issued to the client can be revoked. AWS enables it by default.");
        explicit_auth_flows: StringSet<ExplicitAuthFlowsType> => explicit_auth_flows / set_explicit_auth_flows = string_set("The authentication flows the client may use, e.g. `ALLOW_USER_SRP_AUTH` and `ALLOW_REFRESH_TOKEN_AUTH`. The legacy values (`ADMIN_NO_SRP_AUTH`, `CUSTOM_AUTH_FLOW_ONLY`, `USER_PASSWORD_AUTH`) cannot be mixed with `ALLOW_*` values.")
            .validator(EachElement::new(vec![Arc::new(OneOf(EXPLICIT_AUTH_FLOWS))]));
        logout_urls: StringSet => logout_urls / set_logout_urls = string_set("The allowed sign-out redirect URLs. At most 100, with the same rules as `callback_urls`.")
            .validator(SetSizeAtMost(100))
            .validator(url_elements());
        prevent_user_existence_errors: NonEmpty<PreventUserExistenceErrorTypes> => prevent_user_existence_errors / set_prevent_user_existence_errors = optional_computed(Type::String, "`ENABLED` hides whether a user exists in authentication errors; `LEGACY` does not. An empty string leaves AWS's default (legacy behaviour).")
            .validator(StringEnum(PREVENT_USER_EXISTENCE_ERRORS));
        read_attributes: StringSet => read_attributes / set_read_attributes = string_set("The user attributes the client may read.");
        supported_identity_providers: StringSet => supported_identity_providers / set_supported_identity_providers = string_set("The identity providers the client may use, e.g. `COGNITO` or the names of the pool's SAML, OIDC or social providers. Each 1 to 32 characters.")
            .validator(EachElement::new(vec![
                Arc::new(StringLength { min: 1, max: 32, unit: LengthUnit::Characters }),
                Arc::new(printable_text()),
            ]));
        write_attributes: StringSet => write_attributes / set_write_attributes = string_set("The user attributes the client may write.");
        access_token_validity: NonZero => access_token_validity / set_access_token_validity = integer("How long access tokens are valid, in `token_validity_units.access_token` (hours by default): 5 minutes to 1 day. 0 means AWS's default (1 hour).");
        id_token_validity: NonZero => id_token_validity / set_id_token_validity = integer("How long ID tokens are valid, in `token_validity_units.id_token` (hours by default): 5 minutes to 1 day. 0 means AWS's default (1 hour).");
        refresh_token_validity: NonZero => refresh_token_validity / set_refresh_token_validity = integer("How long refresh tokens are valid, in `token_validity_units.refresh_token` (days by default): 60 minutes to 10 years. AWS's default is 30 days.");
        auth_session_validity: Int => auth_session_validity / set_auth_session_validity = integer("How long, in minutes, the session token of an authentication flow stays valid: 3 to 15. AWS's default is 3.")
            .validator(IntBetween { min: 3, max: 15 });
    }
    reported {
        id: Text => client_id / set_client_id = computed("The id of the app client, assigned by Cognito.");
        client_secret: Text => client_secret / set_client_secret = computed("The client secret, or an empty string when the client has none.")
            .sensitive();
    }
}

pub fn resource_schema() -> Schema {
    let mut attributes = attributes();
    // Optional+computed, unlike the official provider's optional-only attribute,
    // so that a refresh can record an imported client's secret (see generate_secret.rs).
    attributes.push(
        Attribute::new("generate_secret", Type::Bool, Mode::OptionalComputed, "Whether Cognito generates a client secret when it creates the client. Changing it replaces the client. After an import it is `true` for a client that has a secret, so a matching configuration plans no change.")
            .plan_modifier(KeepUnlessConfigured)
            .plan_modifier(REPLACE_WHEN_CONTRADICTED),
    );
    attributes.extend(custom_secret_attributes(
        "A client secret of your own, sent when the client is created and never stored in the plan or state (write-only, Terraform 1.11 or later): 24 to 64 letters, digits, `_` or `+`. Needs `client_secret_wo_version`; conflicts with `generate_secret = true`.",
        "The version of `client_secret_wo`: changing it replaces the client, which is how a new custom secret is sent.",
    ));
    Schema::new(
        SCHEMA_VERSION,
        client_block(
            attributes,
            "Manages an app client of an Amazon Cognito user pool.",
        )
        .validator(CUSTOM_SECRET_NEEDS_ITS_VERSION)
        .validator(ConflictsWith {
            attribute: "client_secret_wo_version",
            conflicting: &["generate_secret"],
            unless: Some(|generate| generate.as_bool() == Some(false)),
        }),
    )
}

/// A change replaces, except a value recorded where the state has none: an import
/// cannot know it, so the configuration's is recorded by an in-place update that
/// sends nothing.
pub(crate) const REPLACE_UNLESS_FIRST_RECORDED: RequiresReplaceIf =
    RequiresReplaceIf(|planned, prior| !prior.is_null() && planned != prior);

/// A custom secret is sent only with its version, whose change sends a new one.
pub(crate) const CUSTOM_SECRET_NEEDS_ITS_VERSION: AlsoRequires = AlsoRequires {
    attribute: "client_secret_wo",
    required: &["client_secret_wo_version"],
};

/// A secret of the user's own, which Cognito takes only when it creates the
/// secret's holder: the write-only value (AWS's rules for it, checked without ever
/// showing it), and the version whose change replaces the holder to send a new
/// one. Neither the value nor AWS's echo of it is ever stored.
pub(crate) fn custom_secret_attributes(
    value_description: &'static str,
    version_description: &'static str,
) -> [Attribute; 2] {
    [
        Attribute::new(
            "client_secret_wo",
            Type::String,
            Mode::Optional,
            value_description,
        )
        .write_only()
        .sensitive()
        .validator(StringLength {
            min: 24,
            max: 64,
            unit: LengthUnit::Characters,
        })
        .validator(OnlyCharacters {
            allowed: |c| c.is_alphanumeric() || c == '_' || c == '+',
            requirement: "consist of letters, digits, _ and +",
        }),
        Attribute::integer(
            "client_secret_wo_version",
            Mode::Optional,
            version_description,
        )
        .plan_modifier(REPLACE_UNLESS_FIRST_RECORDED),
    ]
}

/// The root block of a resource built on the field table: `attributes` (the
/// table's, as the resource adjusts them), `region`, the three blocks and the
/// token lifetime bounds.
pub(crate) fn client_block(mut attributes: Vec<Attribute>, description: &'static str) -> Block {
    attributes.push(region_attribute("The AWS region of the user pool. Defaults to the provider's region. Changing it replaces the client."));
    attributes.sort_by_key(|a| a.name);
    Block {
        attributes,
        blocks: vec![
            analytics_configuration(),
            refresh_token_rotation(),
            token_validity_units(),
        ],
        description,
        ..Block::default()
    }
    .validator(TokenLifetimeBounds)
}

/// AWS's rules for a client name (and so for anything a client name must match):
/// 1 to 128 bytes, with at least one character of `[\w\s+=,.@-]`.
pub(crate) fn with_client_name_rules(attribute: Attribute) -> Attribute {
    attribute
        .validator(StringLength {
            min: 1,
            max: 128,
            unit: LengthUnit::Bytes,
        })
        .validator(ContainsAllowedCharacter {
            allowed: is_client_name_character,
            requirement: "can include any letter, number, space, tab, or one of \"+=,.@-\"",
        })
}

fn client_name(name: &'static str, description: &'static str) -> Attribute {
    with_client_name_rules(required(name, description))
}

fn required(name: &'static str, description: &'static str) -> Attribute {
    Attribute::new(name, Type::String, Mode::Required, description)
}

/// Set by Cognito; kept from state while planning, as it only changes on replacement.
fn computed(name: &'static str, description: &'static str) -> Attribute {
    Attribute::new(name, Type::String, Mode::Computed, description)
        .plan_modifier(UseStateForUnknown)
}

/// Optional+computed with UseStateForUnknown, as every argument of the official
/// resource: an argument removed from the configuration keeps its current value.
fn optional_computed(name: &'static str, ty: Type, description: &'static str) -> Attribute {
    Attribute::new(name, ty, Mode::OptionalComputed, description).plan_modifier(UseStateForUnknown)
}

fn string_set(name: &'static str, description: &'static str) -> Attribute {
    optional_computed(name, Type::set(Type::String), description)
}

fn integer(name: &'static str, description: &'static str) -> Attribute {
    Attribute::integer(name, Mode::OptionalComputed, description).plan_modifier(UseStateForUnknown)
}

fn url_elements() -> EachElement {
    EachElement::new(vec![
        Arc::new(StringLength {
            min: 1,
            max: 1024,
            unit: LengthUnit::Characters,
        }),
        Arc::new(printable_text()) as Arc<dyn Validator>,
    ])
}

/// AWS's `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, unanchored: at least one visible character.
fn printable_text() -> ContainsAllowedCharacter {
    ContainsAllowedCharacter {
        allowed: |c| !c.is_whitespace() && !c.is_control(),
        requirement:
            "must contain at least one letter, mark, symbol, number or punctuation character",
    }
}

/// The character class of AWS's client-name pattern `[\w\s+=,.@-]+` (ASCII `\w` and `\s`).
fn is_client_name_character(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
        || "+=,.@-".contains(c)
}

fn single_block(
    name: &'static str,
    description: &'static str,
    attributes: Vec<Attribute>,
) -> NestedBlock {
    NestedBlock {
        name,
        nesting: Nesting::List,
        min_items: 0,
        max_items: 1,
        block: Block {
            attributes,
            description,
            ..Block::default()
        },
    }
}

fn analytics_configuration() -> NestedBlock {
    single_block(
        "analytics_configuration",
        "Amazon Pinpoint analytics for the client. Give either `application_arn`, or `application_id` with `external_id` and `role_arn`.",
        vec![
            Attribute::new("application_arn", Type::String, Mode::Optional, "The ARN of the Pinpoint project. Cognito then uses its service-linked role; `external_id` and `role_arn` must not be set.")
                .validator(Arn),
            Attribute::new("application_id", Type::String, Mode::Optional, "The id of the Pinpoint project; needs `external_id` and `role_arn`."),
            Attribute::new("external_id", Type::String, Mode::Optional, "The external id of the role Cognito assumes to publish to Pinpoint."),
            Attribute::new("role_arn", Type::String, Mode::OptionalComputed, "The ARN of the IAM role Cognito assumes to publish to Pinpoint. With `application_arn`, AWS fills in Cognito's service-linked role.")
                .validator(Arn),
            Attribute::new("user_data_shared", Type::Bool, Mode::OptionalComputed, "Whether user data (attributes and endpoint) is shared with Pinpoint."),
        ],
    )
    .validator(ExactlyOneOf(&["application_arn", "application_id"]))
    .validator(ConflictsWith {
        attribute: "application_arn",
        conflicting: &["external_id", "role_arn"],
        // AWS reports Cognito's service-linked role as `role_arn` of an
        // `application_arn` configuration; a configuration written from that report
        // (e.g. by -generate-config-out) names it, and must stay valid.
        unless: Some(is_service_linked_role),
    })
    .validator(AlsoRequires {
        attribute: "application_id",
        required: &["external_id", "role_arn"],
    })
}

/// Cognito's service-linked role, which AWS uses with an `application_arn`.
pub fn is_service_linked_role(role: &Value) -> bool {
    role.as_str().is_some_and(|arn| {
        arn.starts_with("arn:")
            && arn.ends_with(":role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp")
    })
}

fn refresh_token_rotation() -> NestedBlock {
    single_block(
        "refresh_token_rotation",
        "Refresh token rotation: with `feature = \"ENABLED\"`, each refresh returns a new refresh token. Removing the block disables rotation.",
        vec![
            Attribute::new("feature", Type::String, Mode::Required, "`ENABLED` or `DISABLED`.")
                .validator(StringEnum(ROTATION_FEATURES)),
            // Optional+computed with a default of 0 (what AWS stores when it is not
            // sent), unlike the official provider, whose null here becomes 0 after apply.
            Attribute::integer("retry_grace_period_seconds", Mode::OptionalComputed, "How long, in seconds (0 to 60), the previous refresh token stays usable after a rotation. Defaults to 0.")
                .default_value(Value::int(0))
                .validator(IntBetween { min: 0, max: 60 }),
        ],
    )
}

fn token_validity_units() -> NestedBlock {
    single_block(
        "token_validity_units",
        "The time units of `access_token_validity`, `id_token_validity` and `refresh_token_validity`.",
        TOKEN_LIFETIMES
            .iter()
            .map(|lifetime| {
                Attribute::new(lifetime.unit, Type::String, Mode::OptionalComputed, lifetime.unit_description)
                    .default_value(Value::string(lifetime.default_unit))
                    .validator(StringEnum(TIME_UNITS))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::diag::Diagnostics;
    use crate::framework::path::Path;
    use crate::framework::plan::validate_config;
    use crate::resources::user_pool_client::testing::object;

    fn errors_for(name: &str, value: Value) -> Vec<String> {
        let schema = resource_schema();
        let mut config = schema.block.empty_value();
        *config.attr_mut(name).unwrap() = value;
        let mut diagnostics = Diagnostics::default();
        validate_config(&schema.block, &Path::default(), &config, &mut diagnostics);
        diagnostics.0.into_iter().map(|d| d.detail).collect()
    }

    fn name_errors(name: &str) -> Vec<String> {
        errors_for("name", Value::string(name))
    }

    fn strings(values: &[&str]) -> Value {
        Value::Set(values.iter().map(|v| Value::string(*v)).collect())
    }

    #[test]
    fn client_names_follow_aws_rules() {
        assert!(name_errors("my-app client_1").is_empty());
        assert!(
            name_errors("ünïcode with one ascii letter a").is_empty(),
            "the pattern is unanchored"
        );
        assert_eq!(
            name_errors(""),
            vec!["Attribute name string length must be between 1 and 128, got: 0"]
        );
        assert_eq!(name_errors(&"a".repeat(129)).len(), 1);
        assert_eq!(
            name_errors(&format!("{}a", "é".repeat(64))),
            vec!["Attribute name string length must be between 1 and 128, got: 129"]
        );
        assert_eq!(name_errors("ééé").len(), 1, "no allowed character at all");
    }

    #[test]
    fn urls_count_characters_up_to_1024() {
        let long_ascii = format!("https://example.com/{}", "a".repeat(1024 - 20));
        assert_eq!(long_ascii.chars().count(), 1024);
        assert!(errors_for("callback_urls", strings(&[&long_ascii])).is_empty());
        let too_long = format!("{long_ascii}a");
        assert_eq!(
            errors_for("callback_urls", strings(&[&too_long])),
            vec![format!(
                "Attribute callback_urls[Value({too_long:?})] string length must be between 1 and 1024, got: 1025"
            )]
        );
        let non_ascii = format!("https://exämple.com/{}", "ü".repeat(1024 - 20));
        assert_eq!(non_ascii.chars().count(), 1024);
        assert!(errors_for("logout_urls", strings(&[&non_ascii])).is_empty());
    }

    #[test]
    fn enumerations_and_limits() {
        assert!(errors_for("allowed_oauth_flows", strings(&["code", "implicit"])).is_empty());
        assert_eq!(
            errors_for("allowed_oauth_flows", strings(&["CODE"])).len(),
            1
        );
        assert_eq!(
            errors_for("explicit_auth_flows", strings(&["ALLOW_USER_AUTH", "NOPE"])).len(),
            1
        );
        let scopes: Vec<String> = (0..51).map(|i| format!("s/{i}")).collect();
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        assert_eq!(
            errors_for("allowed_oauth_scopes", strings(&scopes)),
            vec!["Attribute allowed_oauth_scopes set must contain at most 50 elements, got: 51"]
        );
        assert!(errors_for("prevent_user_existence_errors", Value::string("")).is_empty());
        assert_eq!(
            errors_for("prevent_user_existence_errors", Value::string("on")).len(),
            1
        );
        assert_eq!(errors_for("auth_session_validity", Value::int(2)).len(), 1);
        assert_eq!(
            errors_for("supported_identity_providers", strings(&[&"x".repeat(33)])).len(),
            1
        );
        assert_eq!(
            errors_for("default_redirect_uri", Value::string("")).len(),
            0
        );
    }

    #[test]
    fn schema_has_the_reference_shape() {
        let schema = resource_schema();
        assert_eq!(schema.version, 0);
        let secret = schema.block.attribute("client_secret").unwrap();
        assert!(secret.sensitive && secret.mode == Mode::Computed);
        assert_eq!(schema.block.attributes.len(), 25);
        let names: Vec<&str> = schema.block.blocks.iter().map(|b| b.name).collect();
        assert_eq!(
            names,
            [
                "analytics_configuration",
                "refresh_token_rotation",
                "token_validity_units"
            ]
        );
        assert!(schema
            .block
            .blocks
            .iter()
            .all(|b| b.max_items == 1 && b.nesting == Nesting::List));
    }

    fn details(config: &Value) -> Vec<String> {
        let schema = resource_schema();
        let mut diagnostics = Diagnostics::default();
        validate_config(&schema.block, &Path::default(), config, &mut diagnostics);
        diagnostics.0.into_iter().map(|d| d.detail).collect()
    }

    #[test]
    fn unknown_analytics_elements_are_skipped() {
        let unknown_element = Value::List(vec![Value::Unknown]);
        assert!(details(&object(&[("analytics_configuration", unknown_element)])).is_empty());
    }

    fn analytics(fields: &[(&str, Value)]) -> Value {
        let mut element = Value::object(&[
            ("application_arn", Value::Null),
            ("application_id", Value::Null),
            ("external_id", Value::Null),
            ("role_arn", Value::Null),
            ("user_data_shared", Value::Null),
        ]);
        for (name, value) in fields {
            element.set_attr(name, value.clone());
        }
        object(&[("analytics_configuration", Value::List(vec![element]))])
    }

    #[test]
    fn analytics_needs_exactly_one_application_reference() {
        let arn = (
            "application_arn",
            Value::string("arn:aws:mobiletargeting:us-east-1:1:apps/a"),
        );
        let id = ("application_id", Value::string("a"));
        let external = ("external_id", Value::string("e"));
        let role = ("role_arn", Value::string("arn:aws:iam::1:role/r"));
        assert!(details(&analytics(std::slice::from_ref(&arn))).is_empty());
        assert!(details(&analytics(&[id.clone(), external.clone(), role.clone()])).is_empty());
        assert_eq!(
            details(&analytics(&[])),
            vec!["Exactly one of these attributes must be configured: [analytics_configuration[0].application_arn,analytics_configuration[0].application_id]"]
        );
        assert_eq!(
            details(&analytics(&[
                arn.clone(),
                id.clone(),
                external.clone(),
                role.clone()
            ]))
            .len(),
            3
        );
        assert_eq!(
            details(&analytics(std::slice::from_ref(&id))),
            vec![
                "Attribute \"analytics_configuration[0].external_id\" must be specified when \"analytics_configuration[0].application_id\" is specified",
                "Attribute \"analytics_configuration[0].role_arn\" must be specified when \"analytics_configuration[0].application_id\" is specified",
            ]
        );
        let service_linked = (
            "role_arn",
            Value::string("arn:aws:iam::123456789012:role/aws-service-role/cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp"),
        );
        assert!(
            details(&analytics(&[arn.clone(), service_linked])).is_empty(),
            "what AWS reports is valid"
        );
        assert_eq!(
            details(&analytics(&[arn, role])),
            vec!["Attribute \"analytics_configuration[0].role_arn\" cannot be specified when \"analytics_configuration[0].application_arn\" is specified"]
        );
    }
}
