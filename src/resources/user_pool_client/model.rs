//! Mapping between the resource's Terraform values and Cognito's API shapes, with
//! the official provider's conversion rules: which nulls, zeros and
//! empty strings are sent, and what a missing field becomes in state.

use aws_sdk_cognitoidentityprovider::types::{
    AnalyticsConfigurationType, FeatureType, RefreshTokenRotationType, TimeUnitsType,
    TokenValidityUnitsType, UserPoolClientType,
};

use crate::framework::mapping::{Int, NonEmpty, Rule, TrueOnly};
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::lifetimes::TOKEN_LIFETIMES;
use super::schema::{flatten_into, ClientArguments};

/// Everything a create or update sends, read from a planned state: the field
/// table's arguments and the hand-mapped rest.
pub struct ClientConfig {
    pub arguments: ClientArguments,
    pub token_validity_units: Option<TokenValidityUnitsType>,
    pub analytics_configuration: Option<AnalyticsConfigurationType>,
    pub refresh_token_rotation: Option<RefreshTokenRotationType>,
}

/// Sets every field of a [`ClientConfig`] on a create or an update request: both
/// builders have the same setters, and one list of fields serves both.
macro_rules! with_client_config {
    ($builder:expr, $config:expr) => {{
        let c = $config;
        $crate::resources::user_pool_client::schema::fill_client_request!($builder, &c.arguments)
            .set_token_validity_units(c.token_validity_units.clone())
            .set_analytics_configuration(c.analytics_configuration.clone())
            .set_refresh_token_rotation(c.refresh_token_rotation.clone())
    }};
}
pub(crate) use with_client_config;

impl ClientConfig {
    /// Reads a planned state. `prior` is the state before the change (null on
    /// create): a block removed from the configuration is reset explicitly.
    pub fn from_plan(planned: &Value, prior: &Value) -> Self {
        ClientConfig {
            arguments: ClientArguments::from_plan(planned),
            token_validity_units: units(planned, prior),
            analytics_configuration: single(planned, "analytics_configuration").map(analytics),
            refresh_token_rotation: rotation(planned, prior),
        }
    }

    /// The user pool the client belongs to.
    pub fn user_pool_id(&self) -> &str {
        self.arguments.user_pool_id.as_deref().unwrap_or_default()
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        self.arguments.name.as_deref().unwrap_or_default()
    }
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// The element of a list block of at most one element.
fn single<'a>(object: &'a Value, block: &str) -> Option<&'a Value> {
    object.attr(block).elements().first()
}

/// With an `application_arn`, AWS chooses the role itself: a `role_arn` in the plan
/// is only AWS's earlier report of it, and is not sent.
fn analytics(element: &Value) -> AnalyticsConfigurationType {
    let a = |name| element.attr(name);
    let application_arn = text(a("application_arn"));
    let role_arn = text(a("role_arn")).filter(|_| application_arn.is_none());
    AnalyticsConfigurationType::builder()
        .set_application_arn(application_arn)
        .set_application_id(text(a("application_id")))
        .set_external_id(text(a("external_id")))
        .set_role_arn(role_arn)
        .set_user_data_shared(TrueOnly::expand(a("user_data_shared")))
        .build()
}

fn time_unit(value: &Value) -> Option<TimeUnitsType> {
    NonEmpty::<TimeUnitsType>::expand(value)
}

/// The planned units; when the block was removed, AWS's defaults, sent explicitly
/// because Cognito keeps units an update leaves out.
fn units(planned: &Value, prior: &Value) -> Option<TokenValidityUnitsType> {
    let element = match single(planned, "token_validity_units") {
        Some(element) => Some(element),
        None if single(prior, "token_validity_units").is_some() => None,
        None => return None,
    };
    let units =
        TOKEN_LIFETIMES
            .iter()
            .fold(TokenValidityUnitsType::builder(), |builder, lifetime| {
                let unit = match element {
                    Some(element) => time_unit(element.attr(lifetime.unit)),
                    None => Some(TimeUnitsType::from(lifetime.default_unit)),
                };
                (lifetime.send_unit)(builder, unit)
            });
    Some(units.build())
}

/// The planned rotation; when the block was removed, rotation is disabled
/// explicitly, because leaving it out of an update keeps it as it was.
fn rotation(planned: &Value, prior: &Value) -> Option<RefreshTokenRotationType> {
    let (feature, grace) = match single(planned, "refresh_token_rotation") {
        Some(element) => (
            text(element.attr("feature")).unwrap_or_default(),
            Int::expand(element.attr("retry_grace_period_seconds")),
        ),
        None if single(prior, "refresh_token_rotation").is_some() => ("DISABLED".to_string(), None),
        None => return None,
    };
    RefreshTokenRotationType::builder()
        .feature(FeatureType::from(feature.as_str()))
        .set_retry_grace_period_seconds(grace)
        .build()
        .ok()
}

/// What a state is built from besides the API's answer.
pub struct StateContext {
    /// The attributes the API does not return, with what Terraform plans or has
    /// recorded for them (e.g. `generate_secret`).
    pub kept: Vec<(&'static str, Value)>,
    pub region: String,
    /// Whether the configuration (or, on refresh, the prior state) has these blocks:
    /// AWS's default answer for a block nobody asked for stays out of state.
    pub wants_units: bool,
    pub wants_rotation: bool,
}

impl StateContext {
    /// Whether the client was created with a secret of the user's own
    /// (`client_secret_wo`, whose version the state keeps).
    fn has_custom_secret(&self) -> bool {
        self.kept
            .iter()
            .any(|(name, value)| *name == "client_secret_wo_version" && !value.is_null())
    }
}

/// The state for a client as Cognito describes it.
pub fn state_from_client(
    schema: &Schema,
    client: &UserPoolClientType,
    context: &StateContext,
) -> Value {
    let mut state = schema.block.empty_value();
    flatten_into(client, &mut state);
    for (name, value) in &context.kept {
        state.set_attr(name, value.clone());
    }
    if context.has_custom_secret() {
        // The user's own secret is theirs: never recorded, whatever AWS answers.
        state.set_attr("client_secret", Value::Null);
    }
    state.set_attr("region", Value::string(&context.region));
    state.set_attr(
        "analytics_configuration",
        block(client.analytics_configuration().map(analytics_state)),
    );
    state.set_attr(
        "token_validity_units",
        block(
            client
                .token_validity_units()
                .and_then(|u| units_state(u, context.wants_units)),
        ),
    );
    state.set_attr(
        "refresh_token_rotation",
        block(
            client
                .refresh_token_rotation()
                .and_then(|r| rotation_state(r, context.wants_rotation)),
        ),
    );
    state
}

fn optional_string(value: Option<&str>) -> Value {
    value.map_or(Value::Null, Value::string)
}

/// A list block of at most one element: absent is an empty list, never null.
fn block(element: Option<Value>) -> Value {
    Value::List(element.into_iter().collect())
}

fn analytics_state(analytics: &AnalyticsConfigurationType) -> Value {
    Value::object(&[
        (
            "application_arn",
            optional_string(analytics.application_arn()),
        ),
        (
            "application_id",
            optional_string(analytics.application_id()),
        ),
        ("external_id", optional_string(analytics.external_id())),
        ("role_arn", optional_string(analytics.role_arn())),
        (
            "user_data_shared",
            Value::Bool(analytics.user_data_shared()),
        ),
    ])
}

/// Units as AWS reports them; AWS's defaults stay out of state when nobody asked
/// for the block (official provider issue 30903), and so does an empty answer.
fn units_state(units: &TokenValidityUnitsType, wanted: bool) -> Option<Value> {
    let values: Vec<Option<&str>> = TOKEN_LIFETIMES
        .iter()
        .map(|lifetime| {
            (lifetime.reported_unit)(units)
                .map(TimeUnitsType::as_str)
                .filter(|u| !u.is_empty())
        })
        .collect();
    if values.iter().all(Option::is_none) {
        return None;
    }
    let defaults = TOKEN_LIFETIMES.iter().map(|l| Some(l.default_unit));
    if !wanted && values.iter().copied().eq(defaults) {
        return None;
    }
    Some(Value::Object(
        TOKEN_LIFETIMES
            .iter()
            .zip(values)
            .map(|(lifetime, unit)| {
                (
                    lifetime.unit.to_string(),
                    unit.map_or(Value::Null, Value::string),
                )
            })
            .collect(),
    ))
}

/// Rotation as AWS reports it. AWS answers "DISABLED, 0 s" for a client that never
/// asked for rotation; that stays out of state unless the block is wanted
/// (official provider issue 43531). A missing grace period is 0, as AWS stores it.
fn rotation_state(rotation: &RefreshTokenRotationType, wanted: bool) -> Option<Value> {
    let grace = rotation.retry_grace_period_seconds().unwrap_or(0);
    let disabled = *rotation.feature() == FeatureType::Disabled && grace == 0;
    if !wanted && disabled {
        return None;
    }
    Some(Value::object(&[
        ("feature", Value::string(rotation.feature().as_str())),
        ("retry_grace_period_seconds", Value::int(grace.into())),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::user_pool_client::schema::{echo, resource_schema, samples};
    use crate::resources::user_pool_client::testing::{object as planned, set};
    use aws_sdk_cognitoidentityprovider::types::ExplicitAuthFlowsType;

    fn context(wants_units: bool, wants_rotation: bool) -> StateContext {
        StateContext {
            kept: vec![("generate_secret", Value::Null)],
            region: "us-east-1".into(),
            wants_units,
            wants_rotation,
        }
    }

    #[test]
    fn zeros_empty_strings_and_false_plain_booleans_are_not_sent() {
        let config = ClientConfig::from_plan(
            &planned(&[
                ("access_token_validity", Value::int(0)),
                ("refresh_token_validity", Value::int(0)),
                ("default_redirect_uri", Value::string("")),
                ("prevent_user_existence_errors", Value::string("")),
                ("allowed_oauth_flows_user_pool_client", Value::Bool(false)),
            ]),
            &Value::Null,
        );
        assert_eq!(config.arguments.access_token_validity, None);
        assert_eq!(config.arguments.refresh_token_validity, None);
        assert_eq!(config.arguments.default_redirect_uri, None);
        assert_eq!(config.arguments.prevent_user_existence_errors, None);
        assert_eq!(config.arguments.allowed_oauth_flows_user_pool_client, None);
    }

    #[test]
    fn known_values_pointer_booleans_and_empty_sets_are_sent() {
        let config = ClientConfig::from_plan(
            &planned(&[
                ("auth_session_validity", Value::int(3)),
                ("enable_token_revocation", Value::Bool(false)),
                ("callback_urls", set(&[])),
                ("logout_urls", Value::Unknown),
                ("explicit_auth_flows", set(&["ALLOW_USER_SRP_AUTH"])),
                ("name", Value::string("ünï côde")),
            ]),
            &Value::Null,
        );
        assert_eq!(config.arguments.auth_session_validity, Some(3));
        assert_eq!(config.arguments.enable_token_revocation, Some(false));
        assert_eq!(
            config.arguments.callback_urls,
            Some(vec![]),
            "an empty set is sent as []"
        );
        assert_eq!(config.arguments.logout_urls, None, "unknown is not sent");
        assert_eq!(config.arguments.read_attributes, None, "null is not sent");
        assert_eq!(
            config.arguments.explicit_auth_flows,
            Some(vec![ExplicitAuthFlowsType::AllowUserSrpAuth])
        );
        assert_eq!(config.name(), "ünï côde");
    }

    #[test]
    fn removed_blocks_are_reset_explicitly() {
        let with_blocks = planned(&[
            (
                "token_validity_units",
                Value::List(vec![Value::object(&[
                    ("access_token", Value::string("minutes")),
                    ("id_token", Value::string("hours")),
                    ("refresh_token", Value::string("days")),
                ])]),
            ),
            (
                "refresh_token_rotation",
                Value::List(vec![Value::object(&[
                    ("feature", Value::string("ENABLED")),
                    ("retry_grace_period_seconds", Value::int(10)),
                ])]),
            ),
        ]);
        let config = ClientConfig::from_plan(&with_blocks, &Value::Null);
        assert_eq!(
            config.token_validity_units.unwrap().access_token(),
            Some(&TimeUnitsType::Minutes)
        );
        assert_eq!(
            config
                .refresh_token_rotation
                .unwrap()
                .retry_grace_period_seconds(),
            Some(10)
        );
        let removed = ClientConfig::from_plan(&planned(&[]), &with_blocks);
        let units = removed.token_validity_units.unwrap();
        assert_eq!(units.access_token(), Some(&TimeUnitsType::Hours));
        assert_eq!(units.refresh_token(), Some(&TimeUnitsType::Days));
        assert_eq!(
            removed.refresh_token_rotation.unwrap().feature(),
            &FeatureType::Disabled
        );
        let never = ClientConfig::from_plan(&planned(&[]), &planned(&[]));
        assert!(never.token_validity_units.is_none() && never.refresh_token_rotation.is_none());
    }

    #[test]
    fn missing_fields_become_the_reference_state_values() {
        let schema = resource_schema();
        let client = UserPoolClientType::builder()
            .client_id("c1")
            .client_name("app")
            .user_pool_id("us-east-1_x")
            .refresh_token_validity(30)
            .build();
        let state = state_from_client(&schema, &client, &context(false, false));
        assert_eq!(state.attr("access_token_validity"), &Value::int(0));
        assert_eq!(state.attr("refresh_token_validity"), &Value::int(30));
        assert_eq!(state.attr("auth_session_validity"), &Value::Null);
        assert_eq!(state.attr("callback_urls"), &set(&[]));
        assert_eq!(state.attr("default_redirect_uri"), &Value::string(""));
        assert_eq!(
            state.attr("prevent_user_existence_errors"),
            &Value::string("")
        );
        assert_eq!(state.attr("client_secret"), &Value::string(""));
        assert_eq!(
            state.attr("generate_secret"),
            &Value::Null,
            "null, as the official provider writes it"
        );
        assert_eq!(state.attr("analytics_configuration"), &Value::List(vec![]));
        assert_eq!(state.attr("region"), &Value::string("us-east-1"));
        assert!(state.is_wholly_known());
    }

    #[test]
    fn reordered_lists_become_the_same_set() {
        let schema = resource_schema();
        let client = UserPoolClientType::builder()
            .callback_urls("https://b")
            .callback_urls("https://a")
            .build();
        let state = state_from_client(&schema, &client, &context(false, false));
        assert_eq!(
            state.attr("callback_urls"),
            &set(&["https://a", "https://b"])
        );
    }

    #[test]
    fn default_units_and_disabled_rotation_stay_out_unless_wanted() {
        let schema = resource_schema();
        let units = TokenValidityUnitsType::builder()
            .access_token(TimeUnitsType::Hours)
            .id_token(TimeUnitsType::Hours)
            .refresh_token(TimeUnitsType::Days)
            .build();
        let rotation = RefreshTokenRotationType::builder()
            .feature(FeatureType::Disabled)
            .build()
            .unwrap();
        let client = UserPoolClientType::builder()
            .token_validity_units(units)
            .refresh_token_rotation(rotation)
            .build();
        let unwanted = state_from_client(&schema, &client, &context(false, false));
        assert_eq!(unwanted.attr("token_validity_units"), &Value::List(vec![]));
        assert_eq!(
            unwanted.attr("refresh_token_rotation"),
            &Value::List(vec![])
        );
        let wanted = state_from_client(&schema, &client, &context(true, true));
        let rotation = &wanted.attr("refresh_token_rotation").elements()[0];
        assert_eq!(rotation.attr("retry_grace_period_seconds"), &Value::int(0));
        assert_eq!(
            wanted.attr("token_validity_units").elements()[0].attr("refresh_token"),
            &Value::string("days")
        );
    }

    #[test]
    fn analytics_keeps_absent_fields_null() {
        let schema = resource_schema();
        let analytics = AnalyticsConfigurationType::builder()
            .application_arn("arn:aws:mobiletargeting:us-east-1:123456789012:apps/x")
            .build();
        let client = UserPoolClientType::builder()
            .analytics_configuration(analytics)
            .build();
        let state = state_from_client(&schema, &client, &context(false, false));
        let element = &state.attr("analytics_configuration").elements()[0];
        assert!(element.attr("application_id").is_null() && element.attr("external_id").is_null());
        assert_eq!(element.attr("user_data_shared"), &Value::Bool(false));
    }

    /// Samples of the attributes and blocks mapped by hand, outside the field table.
    fn hand_mapped_samples() -> Vec<(&'static str, Value)> {
        vec![
            ("generate_secret", Value::Bool(true)),
            // Write-only: sent on create from the configuration, never in a state.
            ("client_secret_wo", Value::Null),
            // Kept from the plan; a set one is tested with its rule below.
            ("client_secret_wo_version", Value::Null),
            ("region", Value::string("eu-west-1")),
            (
                "token_validity_units",
                Value::List(vec![Value::object(&[
                    ("access_token", Value::string("minutes")),
                    ("id_token", Value::string("seconds")),
                    ("refresh_token", Value::string("hours")),
                ])]),
            ),
            (
                "refresh_token_rotation",
                Value::List(vec![Value::object(&[
                    ("feature", Value::string("ENABLED")),
                    ("retry_grace_period_seconds", Value::int(10)),
                ])]),
            ),
            (
                "analytics_configuration",
                Value::List(vec![Value::object(&[
                    ("application_arn", Value::Null),
                    ("application_id", Value::string("app")),
                    ("external_id", Value::string("ext")),
                    (
                        "role_arn",
                        Value::string("arn:aws:iam::123456789012:role/r"),
                    ),
                    ("user_data_shared", Value::Bool(true)),
                ])]),
            ),
        ]
    }

    #[test]
    fn every_attribute_and_block_survives_expand_then_flatten() {
        let schema = resource_schema();
        let samples: Vec<(&str, Value)> =
            samples().into_iter().chain(hand_mapped_samples()).collect();
        let names = schema
            .block
            .attributes
            .iter()
            .map(|a| a.name)
            .chain(schema.block.blocks.iter().map(|b| b.name));
        for name in names {
            assert!(
                samples.iter().any(|(sampled, _)| *sampled == name),
                "{name} is mapped neither by the field table nor by hand: add it to one"
            );
        }
        let planned = planned(&samples);
        let config = ClientConfig::from_plan(&planned, &Value::Null);
        let answer = echo(&config.arguments)
            .set_token_validity_units(config.token_validity_units.clone())
            .set_analytics_configuration(config.analytics_configuration.clone())
            .set_refresh_token_rotation(config.refresh_token_rotation.clone())
            .build();
        let context = StateContext {
            kept: vec![
                ("generate_secret", planned.attr("generate_secret").clone()),
                ("client_secret_wo_version", Value::Null),
            ],
            region: "eu-west-1".into(),
            wants_units: true,
            wants_rotation: true,
        };
        let state = state_from_client(&schema, &answer, &context);
        for (name, sample) in &samples {
            assert_eq!(
                state.attr(name),
                sample,
                "{name} changed on its way through"
            );
        }
    }

    #[test]
    fn a_custom_secret_is_never_recorded_whatever_aws_answers() {
        let schema = resource_schema();
        let answer = UserPoolClientType::builder()
            .client_id("c1")
            .client_secret("an-echo-of-the-custom-secret")
            .build();
        let context = StateContext {
            kept: vec![
                ("generate_secret", Value::Null),
                ("client_secret_wo_version", Value::int(1)),
            ],
            region: "eu-west-1".into(),
            wants_units: false,
            wants_rotation: false,
        };
        let state = state_from_client(&schema, &answer, &context);
        assert_eq!(state.attr("client_secret"), &Value::Null);
        assert_eq!(state.attr("client_secret_wo_version"), &Value::int(1));
        assert_eq!(state.attr("client_secret_wo"), &Value::Null);
    }
}
