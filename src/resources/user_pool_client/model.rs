//! Mapping between the resource's Terraform values and Cognito's API shapes, with
//! the official provider's conversion rules (spec §4.1): which nulls, zeros and
//! empty strings are sent, and what a missing field becomes in state.

use aws_sdk_cognitoidentityprovider::types::{
    AnalyticsConfigurationType, ExplicitAuthFlowsType, FeatureType, OAuthFlowType,
    PreventUserExistenceErrorTypes, RefreshTokenRotationType, TimeUnitsType,
    TokenValidityUnitsType, UserPoolClientType,
};

use crate::framework::schema::Schema;
use crate::framework::value::Value;

/// AWS's units when none are set: hours for access and ID tokens, days for refresh tokens.
pub const DEFAULT_UNITS: [&str; 3] = ["hours", "hours", "days"];

/// Everything a create or update sends, read from a planned state.
pub struct ClientConfig {
    pub user_pool_id: String,
    pub name: String,
    /// Only sent on create; `false` is the API's default and is left out.
    pub generate_secret: Option<bool>,
    pub access_token_validity: Option<i32>,
    pub id_token_validity: Option<i32>,
    pub refresh_token_validity: Option<i32>,
    pub auth_session_validity: Option<i32>,
    pub token_validity_units: Option<TokenValidityUnitsType>,
    pub read_attributes: Option<Vec<String>>,
    pub write_attributes: Option<Vec<String>>,
    pub explicit_auth_flows: Option<Vec<ExplicitAuthFlowsType>>,
    pub supported_identity_providers: Option<Vec<String>>,
    pub callback_urls: Option<Vec<String>>,
    pub logout_urls: Option<Vec<String>>,
    pub default_redirect_uri: Option<String>,
    pub allowed_oauth_flows: Option<Vec<OAuthFlowType>>,
    pub allowed_oauth_scopes: Option<Vec<String>>,
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    pub analytics_configuration: Option<AnalyticsConfigurationType>,
    pub prevent_user_existence_errors: Option<PreventUserExistenceErrorTypes>,
    pub enable_token_revocation: Option<bool>,
    pub enable_propagate_additional_user_context_data: Option<bool>,
    pub refresh_token_rotation: Option<RefreshTokenRotationType>,
}

/// Sets every field of a [`ClientConfig`] on a create or an update request: both
/// builders have the same setters, and one list of fields serves both.
macro_rules! with_client_config {
    ($builder:expr, $config:expr) => {{
        let c = $config;
        $builder
            .user_pool_id(c.user_pool_id.clone())
            .client_name(c.name.clone())
            .set_access_token_validity(c.access_token_validity)
            .set_id_token_validity(c.id_token_validity)
            .set_refresh_token_validity(c.refresh_token_validity)
            .set_auth_session_validity(c.auth_session_validity)
            .set_token_validity_units(c.token_validity_units.clone())
            .set_read_attributes(c.read_attributes.clone())
            .set_write_attributes(c.write_attributes.clone())
            .set_explicit_auth_flows(c.explicit_auth_flows.clone())
            .set_supported_identity_providers(c.supported_identity_providers.clone())
            .set_callback_urls(c.callback_urls.clone())
            .set_logout_urls(c.logout_urls.clone())
            .set_default_redirect_uri(c.default_redirect_uri.clone())
            .set_allowed_o_auth_flows(c.allowed_oauth_flows.clone())
            .set_allowed_o_auth_scopes(c.allowed_oauth_scopes.clone())
            .set_allowed_o_auth_flows_user_pool_client(c.allowed_oauth_flows_user_pool_client)
            .set_analytics_configuration(c.analytics_configuration.clone())
            .set_prevent_user_existence_errors(c.prevent_user_existence_errors.clone())
            .set_enable_token_revocation(c.enable_token_revocation)
            .set_enable_propagate_additional_user_context_data(
                c.enable_propagate_additional_user_context_data,
            )
            .set_refresh_token_rotation(c.refresh_token_rotation.clone())
    }};
}
pub(crate) use with_client_config;

impl ClientConfig {
    /// Reads a planned state. `prior` is the state before the change (null on
    /// create): a block removed from the configuration is reset explicitly.
    pub fn from_plan(planned: &Value, prior: &Value) -> Self {
        let a = |name| planned.attr(name);
        ClientConfig {
            user_pool_id: text(a("user_pool_id")).unwrap_or_default(),
            name: text(a("name")).unwrap_or_default(),
            generate_secret: true_only(a("generate_secret")),
            access_token_validity: non_zero(a("access_token_validity")),
            id_token_validity: non_zero(a("id_token_validity")),
            refresh_token_validity: non_zero(a("refresh_token_validity")),
            auth_session_validity: int(a("auth_session_validity")),
            token_validity_units: units(planned, prior),
            read_attributes: strings(a("read_attributes")),
            write_attributes: strings(a("write_attributes")),
            explicit_auth_flows: enums(a("explicit_auth_flows")),
            supported_identity_providers: strings(a("supported_identity_providers")),
            callback_urls: strings(a("callback_urls")),
            logout_urls: strings(a("logout_urls")),
            default_redirect_uri: non_empty(a("default_redirect_uri")),
            allowed_oauth_flows: enums(a("allowed_oauth_flows")),
            allowed_oauth_scopes: strings(a("allowed_oauth_scopes")),
            allowed_oauth_flows_user_pool_client: true_only(a(
                "allowed_oauth_flows_user_pool_client",
            )),
            analytics_configuration: single(planned, "analytics_configuration").map(analytics),
            prevent_user_existence_errors: non_empty(a("prevent_user_existence_errors"))
                .map(|v| PreventUserExistenceErrorTypes::from(v.as_str())),
            enable_token_revocation: a("enable_token_revocation").as_bool(),
            enable_propagate_additional_user_context_data: a(
                "enable_propagate_additional_user_context_data",
            )
            .as_bool(),
            refresh_token_rotation: rotation(planned, prior),
        }
    }
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// Legacy strings: `""` means "not set" and is not sent.
fn non_empty(value: &Value) -> Option<String> {
    text(value).filter(|v| !v.is_empty())
}

fn int(value: &Value) -> Option<i32> {
    value.as_i64().and_then(|n| i32::try_from(n).ok())
}

/// Legacy and plain integers: 0 means "not set" and is not sent.
fn non_zero(value: &Value) -> Option<i32> {
    int(value).filter(|&n| n != 0)
}

/// Plain booleans of the API: `false` is its default and is not sent.
fn true_only(value: &Value) -> Option<bool> {
    value.as_bool().filter(|&b| b)
}

/// A known set, even an empty one, is sent (as `[]`); null or unknown is not.
fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Set(items) | Value::List(items) => Some(items.iter().filter_map(text).collect()),
        _ => None,
    }
}

fn enums<T: for<'a> From<&'a str>>(value: &Value) -> Option<Vec<T>> {
    strings(value).map(|items| items.iter().map(|v| T::from(v.as_str())).collect())
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
        .set_user_data_shared(true_only(a("user_data_shared")))
        .build()
}

fn time_unit(value: &Value) -> Option<TimeUnitsType> {
    non_empty(value).map(|v| TimeUnitsType::from(v.as_str()))
}

/// The planned units; when the block was removed, AWS's defaults, sent explicitly
/// because Cognito keeps units an update leaves out.
fn units(planned: &Value, prior: &Value) -> Option<TokenValidityUnitsType> {
    let unit_names = ["access_token", "id_token", "refresh_token"];
    let values: [Option<TimeUnitsType>; 3] = match single(planned, "token_validity_units") {
        Some(element) => unit_names.map(|name| time_unit(element.attr(name))),
        None if single(prior, "token_validity_units").is_some() => {
            DEFAULT_UNITS.map(|unit| Some(TimeUnitsType::from(unit)))
        }
        None => return None,
    };
    let [access, id, refresh] = values;
    Some(
        TokenValidityUnitsType::builder()
            .set_access_token(access)
            .set_id_token(id)
            .set_refresh_token(refresh)
            .build(),
    )
}

/// The planned rotation; when the block was removed, rotation is disabled
/// explicitly, because leaving it out of an update keeps it as it was.
fn rotation(planned: &Value, prior: &Value) -> Option<RefreshTokenRotationType> {
    let (feature, grace) = match single(planned, "refresh_token_rotation") {
        Some(element) => (
            text(element.attr("feature")).unwrap_or_default(),
            int(element.attr("retry_grace_period_seconds")),
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
    /// Not returned by the API: what Terraform plans or has recorded.
    pub generate_secret: Value,
    pub region: String,
    /// Whether the configuration (or, on refresh, the prior state) has these blocks:
    /// AWS's default answer for a block nobody asked for stays out of state.
    pub wants_units: bool,
    pub wants_rotation: bool,
}

/// The state for a client as Cognito describes it.
pub fn state_from_client(
    schema: &Schema,
    client: &UserPoolClientType,
    context: &StateContext,
) -> Value {
    let mut state = schema.block.empty_value();
    let Value::Object(fields) = &mut state else {
        return state;
    };
    let mut set = |name: &str, value: Value| {
        fields.insert(name.to_string(), value);
    };
    set("id", string_or_empty(client.client_id()));
    set("name", string_or_empty(client.client_name()));
    set("user_pool_id", string_or_empty(client.user_pool_id()));
    set("client_secret", string_or_empty(client.client_secret()));
    set("generate_secret", context.generate_secret.clone());
    set("region", Value::string(&context.region));
    set(
        "access_token_validity",
        Value::int(client.access_token_validity().unwrap_or(0).into()),
    );
    set(
        "id_token_validity",
        Value::int(client.id_token_validity().unwrap_or(0).into()),
    );
    set(
        "refresh_token_validity",
        Value::int(client.refresh_token_validity().into()),
    );
    set(
        "auth_session_validity",
        optional_int(client.auth_session_validity()),
    );
    set("read_attributes", string_set(client.read_attributes()));
    set("write_attributes", string_set(client.write_attributes()));
    set(
        "explicit_auth_flows",
        enum_set(client.explicit_auth_flows()),
    );
    set(
        "supported_identity_providers",
        string_set(client.supported_identity_providers()),
    );
    set("callback_urls", string_set(client.callback_urls()));
    set("logout_urls", string_set(client.logout_urls()));
    set(
        "default_redirect_uri",
        string_or_empty(client.default_redirect_uri()),
    );
    set(
        "allowed_oauth_flows",
        enum_set(client.allowed_o_auth_flows()),
    );
    set(
        "allowed_oauth_scopes",
        string_set(client.allowed_o_auth_scopes()),
    );
    set(
        "allowed_oauth_flows_user_pool_client",
        optional_bool(client.allowed_o_auth_flows_user_pool_client()),
    );
    set(
        "prevent_user_existence_errors",
        string_or_empty(client.prevent_user_existence_errors().map(|v| v.as_str())),
    );
    set(
        "enable_token_revocation",
        optional_bool(client.enable_token_revocation()),
    );
    set(
        "enable_propagate_additional_user_context_data",
        optional_bool(client.enable_propagate_additional_user_context_data()),
    );
    set(
        "analytics_configuration",
        block(client.analytics_configuration().map(analytics_state)),
    );
    set(
        "token_validity_units",
        block(
            client
                .token_validity_units()
                .and_then(|u| units_state(u, context.wants_units)),
        ),
    );
    set(
        "refresh_token_rotation",
        block(
            client
                .refresh_token_rotation()
                .and_then(|r| rotation_state(r, context.wants_rotation)),
        ),
    );
    state
}

fn string_or_empty(value: Option<&str>) -> Value {
    Value::string(value.unwrap_or_default())
}

fn optional_string(value: Option<&str>) -> Value {
    value.map_or(Value::Null, Value::string)
}

fn optional_int(value: Option<i32>) -> Value {
    value.map_or(Value::Null, |n| Value::int(n.into()))
}

fn optional_bool(value: Option<bool>) -> Value {
    value.map_or(Value::Null, Value::Bool)
}

/// Legacy lists: a missing list is an empty set, never null.
fn string_set(items: &[String]) -> Value {
    let mut values: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        let value = Value::string(item);
        if !values.contains(&value) {
            values.push(value);
        }
    }
    Value::Set(values)
}

fn enum_set<T: AsRef<str>>(items: &[T]) -> Value {
    let items: Vec<String> = items.iter().map(|i| i.as_ref().to_string()).collect();
    string_set(&items)
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
    let unit =
        |u: Option<&TimeUnitsType>| u.map(|u| u.as_str().to_string()).filter(|u| !u.is_empty());
    let values = [
        unit(units.access_token()),
        unit(units.id_token()),
        unit(units.refresh_token()),
    ];
    if values.iter().all(Option::is_none) {
        return None;
    }
    let defaults = DEFAULT_UNITS.map(|u| Some(u.to_string()));
    if !wanted && values == defaults {
        return None;
    }
    let [access, id, refresh] = values;
    let value = |u: Option<String>| u.map_or(Value::Null, Value::String);
    Some(Value::object(&[
        ("access_token", value(access)),
        ("id_token", value(id)),
        ("refresh_token", value(refresh)),
    ]))
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
    use crate::resources::user_pool_client::schema::resource_schema;

    fn planned(fields: &[(&str, Value)]) -> Value {
        let mut value = resource_schema().block.empty_value();
        for (name, field) in fields {
            *value.attr_mut(name).unwrap() = field.clone();
        }
        value
    }

    fn set(items: &[&str]) -> Value {
        Value::Set(items.iter().map(|i| Value::string(*i)).collect())
    }

    fn context(wants_units: bool, wants_rotation: bool) -> StateContext {
        StateContext {
            generate_secret: Value::Null,
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
                ("generate_secret", Value::Bool(false)),
            ]),
            &Value::Null,
        );
        assert_eq!(config.access_token_validity, None);
        assert_eq!(config.refresh_token_validity, None);
        assert_eq!(config.default_redirect_uri, None);
        assert_eq!(config.prevent_user_existence_errors, None);
        assert_eq!(config.allowed_oauth_flows_user_pool_client, None);
        assert_eq!(config.generate_secret, None);
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
        assert_eq!(config.auth_session_validity, Some(3));
        assert_eq!(config.enable_token_revocation, Some(false));
        assert_eq!(
            config.callback_urls,
            Some(vec![]),
            "an empty set is sent as []"
        );
        assert_eq!(config.logout_urls, None, "unknown is not sent");
        assert_eq!(config.read_attributes, None, "null is not sent");
        assert_eq!(
            config.explicit_auth_flows,
            Some(vec![ExplicitAuthFlowsType::AllowUserSrpAuth])
        );
        assert_eq!(config.name, "ünï côde");
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
}
