//! Create: adopt the one client of the pool whose name the selector matches, then
//! bring it to the configuration with at most one UpdateUserPoolClient.
//!
//! Cognito resets every field an update omits, so the update carries the complete
//! configuration: each argument the plan leaves unknown (left out of the
//! configuration, or not known until apply) takes the adopted client's current
//! value, and one that the configuration sets takes the configured value. The
//! blocks follow the configuration, as the official provider's do: a block left
//! out means none (rotation disabled, analytics removed, AWS's default units, with
//! the lifetimes that the configuration leaves out converted so that they stay the
//! same). When the result is the client as it is, nothing is sent.

use crate::aws::CognitoClient;
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;
use crate::resources::regional::target;
use crate::resources::user_pool_client::crud::{self, failure};
use crate::resources::user_pool_client::planning::keep_lifetimes_across_unit_changes;
use crate::resources::user_pool_client::rules::{self, Planned};

use super::selector::{the_one_match, Selector};
use super::MANAGED;

pub async fn adopt(cognito: &CognitoClient, schema: &Schema, planned: &Value) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let pool = planned.attr("user_pool_id").as_str().unwrap_or_default();
    let region = planned.attr("region").as_str();
    let Some(target) = target(cognito, region, pool, &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let summary = format!("reading {} ({pool})", MANAGED.noun);
    let Some(selector) = Selector::of(planned) else {
        let detail = "Neither name_pattern nor name_prefix is known: set one of them.";
        return failure(summary, detail.into());
    };
    let clients = cognito.user_pool_clients();
    let listed = match clients.list(&target).await {
        Ok(listed) => listed,
        Err(error) => return failure(summary, error.to_string()),
    };
    let id = match the_one_match(&listed, &selector, pool) {
        Ok(id) => id,
        Err(detail) => return failure(summary, detail),
    };
    let client = match clients.describe(&target, &id).await {
        Ok(Some(client)) => client,
        Ok(None) => return failure(summary, "AWS returned no client in its answer.".into()),
        Err(error) => return failure(summary, error.to_string()),
    };
    let current = crud::answer_state(schema, &MANAGED, &client, planned, target.region());
    match adoption(planned, &current) {
        Err(diagnostics) => StateResponse::from_diagnostics(diagnostics),
        Ok(None) => StateResponse::with_state(current),
        Ok(Some(merged)) => {
            crud::send_update(cognito, schema, &MANAGED, &target, &id, &current, &merged).await
        }
    }
}

/// What the adopted client (its state `current`) must become for the plan: `None`
/// when it already is what the plan says, else the complete configuration to send;
/// or the errors that AWS would answer such an update with.
fn adoption(planned: &Value, current: &Value) -> Result<Option<Value>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut merged = merge(planned, current);
    let unset = |lifetime: &str| planned.attr(lifetime).is_unknown();
    keep_lifetimes_across_unit_changes(current, unset, &mut merged, &mut diagnostics);
    if merged == *current && !diagnostics.has_errors() {
        return Ok(None);
    }
    let plan = Planned {
        planned: &merged,
        creating: false,
        kind: &MANAGED,
    };
    rules::check(&plan, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Some(merged))
}

/// `planned` with each unknown value replaced by `current`'s at the same place,
/// also inside a block element that both have.
fn merge(planned: &Value, current: &Value) -> Value {
    match (planned, current) {
        (Value::Unknown, _) => current.clone(),
        (Value::Object(planned), Value::Object(current)) => Value::Object(
            planned
                .iter()
                .map(|(name, value)| {
                    let merged = current
                        .get(name)
                        .map_or_else(|| value.clone(), |c| merge(value, c));
                    (name.clone(), merged)
                })
                .collect(),
        ),
        (Value::List(planned), Value::List(current)) if planned.len() == current.len() => {
            Value::List(
                planned
                    .iter()
                    .zip(current)
                    .map(|(p, c)| merge(p, c))
                    .collect(),
            )
        }
        _ => planned.clone(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cognitoidentityprovider::types::{
        FeatureType, RefreshTokenRotationType, TimeUnitsType, TokenValidityUnitsType,
        UserPoolClientType,
    };

    use super::*;
    use crate::resources::managed_user_pool_client::schema::resource_schema;
    use crate::resources::user_pool_client::testing::set;

    /// A create's plan: what the configuration sets, every other argument unknown
    /// (the framework marks what a create leaves out), no blocks.
    fn plan(fields: &[(&str, Value)]) -> Value {
        let schema = resource_schema();
        let mut planned = schema.block.empty_value();
        for attribute in &schema.block.attributes {
            if attribute.mode.is_computed() {
                planned.set_attr(attribute.name, Value::Unknown);
            }
        }
        planned.set_attr("user_pool_id", Value::string("us-east-1_pool"));
        planned.set_attr("region", Value::string("us-east-1"));
        planned.set_attr("name_prefix", Value::string("AmazonOpenSearch"));
        for (name, value) in fields {
            planned.set_attr(name, value.clone());
        }
        planned
    }

    /// A client as another service created it.
    fn opensearch_client() -> UserPoolClientType {
        UserPoolClientType::builder()
            .client_id("c1")
            .client_name("AmazonOpenSearchService-logs")
            .user_pool_id("us-east-1_pool")
            .client_secret("")
            .refresh_token_validity(30)
            .callback_urls("https://logs.example.com/_dashboards/app/home")
            .allowed_o_auth_flows_user_pool_client(true)
            .allowed_o_auth_flows("code".into())
            .allowed_o_auth_scopes("openid")
            .supported_identity_providers("COGNITO")
            .enable_token_revocation(true)
            .build()
    }

    fn current(client: &UserPoolClientType, planned: &Value) -> Value {
        crud::answer_state(&resource_schema(), &MANAGED, client, planned, "us-east-1")
    }

    #[test]
    fn nothing_is_sent_when_the_plan_leaves_everything_to_the_client() {
        let planned = plan(&[]);
        let current = current(&opensearch_client(), &planned);
        assert_eq!(adoption(&planned, &current), Ok(None));
        assert_eq!(
            current.attr("name_prefix"),
            &Value::string("AmazonOpenSearch")
        );
        assert_eq!(
            current.attr("name"),
            &Value::string("AmazonOpenSearchService-logs")
        );
    }

    #[test]
    fn nothing_is_sent_when_the_configuration_matches_the_client() {
        let planned = plan(&[
            (
                "callback_urls",
                set(&["https://logs.example.com/_dashboards/app/home"]),
            ),
            ("allowed_oauth_scopes", set(&["openid"])),
            ("refresh_token_validity", Value::int(30)),
            ("enable_token_revocation", Value::Bool(true)),
        ]);
        let current = current(&opensearch_client(), &planned);
        assert_eq!(adoption(&planned, &current), Ok(None));
    }

    #[test]
    fn unset_arguments_keep_the_clients_values_in_the_one_update() {
        let planned = plan(&[
            ("allowed_oauth_scopes", set(&["openid", "email"])),
            ("logout_urls", set(&["https://logs.example.com/signed-out"])),
        ]);
        let current = current(&opensearch_client(), &planned);
        let merged = adoption(&planned, &current).unwrap().expect("an update");
        assert_eq!(
            merged.attr("allowed_oauth_scopes"),
            &set(&["openid", "email"])
        );
        assert_eq!(
            merged.attr("logout_urls"),
            &set(&["https://logs.example.com/signed-out"])
        );
        for kept in [
            "callback_urls",
            "allowed_oauth_flows",
            "allowed_oauth_flows_user_pool_client",
            "supported_identity_providers",
            "refresh_token_validity",
            "enable_token_revocation",
            "name",
            "id",
            "client_secret",
        ] {
            assert_eq!(merged.attr(kept), current.attr(kept), "{kept}");
        }
        assert!(merged.is_wholly_known());
    }

    /// A client whose access tokens last `minutes`, with rotation on.
    fn client_with_units(minutes: i32) -> UserPoolClientType {
        UserPoolClientType::builder()
            .client_id("c1")
            .client_name("AmazonOpenSearchService-logs")
            .refresh_token_validity(30)
            .access_token_validity(minutes)
            .token_validity_units(
                TokenValidityUnitsType::builder()
                    .access_token(TimeUnitsType::Minutes)
                    .id_token(TimeUnitsType::Hours)
                    .refresh_token(TimeUnitsType::Days)
                    .build(),
            )
            .refresh_token_rotation(
                RefreshTokenRotationType::builder()
                    .feature(FeatureType::Enabled)
                    .build()
                    .unwrap(),
            )
            .build()
    }

    #[test]
    fn blocks_follow_the_configuration_and_lifetimes_keep_their_length() {
        let planned = plan(&[]);
        let current = current(&client_with_units(120), &planned);
        assert_eq!(current.attr("token_validity_units").elements().len(), 1);
        assert_eq!(current.attr("refresh_token_rotation").elements().len(), 1);
        let merged = adoption(&planned, &current).unwrap().expect("an update");
        assert_eq!(
            merged.attr("access_token_validity"),
            &Value::int(2),
            "120 minutes"
        );
        assert_eq!(merged.attr("token_validity_units"), &Value::List(vec![]));
        assert_eq!(merged.attr("refresh_token_rotation"), &Value::List(vec![]));

        let current = super::tests::current(&client_with_units(90), &planned);
        let errors = adoption(&planned, &current).unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        assert!(errors.0[0].detail.contains("1h30m0s"), "{errors:?}");
    }

    #[test]
    fn an_update_that_aws_would_refuse_fails_before_it_is_sent() {
        let client = UserPoolClientType::builder()
            .client_id("c1")
            .client_name("AmazonOpenSearchService-logs")
            .refresh_token_validity(30)
            .build();
        let planned = plan(&[
            ("allowed_oauth_flows_user_pool_client", Value::Bool(true)),
            ("allowed_oauth_flows", set(&["code"])),
        ]);
        let current = current(&client, &planned);
        let errors = adoption(&planned, &current).unwrap_err();
        let summaries: Vec<&str> = errors.0.iter().map(|d| d.summary.as_str()).collect();
        assert_eq!(summaries, ["Missing callback URLs"]);
    }

    #[test]
    fn merge_fills_unknowns_inside_block_elements_present_in_both() {
        let planned = Value::object(&[
            ("a", Value::Unknown),
            ("b", Value::int(1)),
            (
                "block",
                Value::List(vec![Value::object(&[
                    ("x", Value::Unknown),
                    ("y", Value::Bool(true)),
                ])]),
            ),
            ("gone", Value::List(vec![])),
        ]);
        let current = Value::object(&[
            ("a", Value::string("kept")),
            ("b", Value::int(2)),
            (
                "block",
                Value::List(vec![Value::object(&[
                    ("x", Value::int(3)),
                    ("y", Value::Bool(false)),
                ])]),
            ),
            ("gone", Value::List(vec![Value::object(&[])])),
        ]);
        assert_eq!(
            merge(&planned, &current),
            Value::object(&[
                ("a", Value::string("kept")),
                ("b", Value::int(1)),
                (
                    "block",
                    Value::List(vec![Value::object(&[
                        ("x", Value::int(3)),
                        ("y", Value::Bool(true))
                    ])]),
                ),
                ("gone", Value::List(vec![])),
            ])
        );
    }
}
