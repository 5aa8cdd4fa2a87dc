//! Create, read, update and delete through the Cognito API, with the official
//! provider's error wording ("creating Cognito User Pool Client (NAME): ...").

use aws_sdk_cognitoidentityprovider::operation::update_user_pool_client::UpdateUserPoolClientInput;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

use crate::aws::{CognitoClient, Target};
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::generate_secret;
use super::model::{state_from_client, with_client_config, ClientConfig, StateContext};
use crate::resources::regional::target;

fn failure(summary: String, detail: String) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    diagnostics.error(summary, detail);
    StateResponse::from_diagnostics(diagnostics)
}

fn has_block(object: &Value, name: &str) -> bool {
    !object.attr(name).elements().is_empty()
}

/// What an API answer is turned into state with.
struct Answer<'a> {
    client: UserPoolClientType,
    /// The plan, or on refresh the prior state: blocks count as wanted when it has them.
    wanted: &'a Value,
    region: String,
    generate_secret: Value,
}

fn answer_state(schema: &Schema, answer: Answer<'_>) -> StateResponse {
    let Answer {
        client,
        wanted,
        region,
        generate_secret,
    } = answer;
    let context = StateContext {
        generate_secret,
        region,
        wants_units: has_block(wanted, "token_validity_units"),
        wants_rotation: has_block(wanted, "refresh_token_rotation"),
    };
    StateResponse::with_state(state_from_client(schema, &client, &context))
}

/// The state for a create or update answer, where the plan says everything, or
/// the error diagnostic under `summary`.
pub fn planned_answer(
    schema: &Schema,
    answer: Result<Option<UserPoolClientType>, impl std::fmt::Display>,
    planned: &Value,
    target: &Target,
    summary: String,
) -> StateResponse {
    let client = match answer {
        Ok(Some(client)) => client,
        Ok(None) => return failure(summary, "AWS returned no client in its answer.".into()),
        Err(error) => return failure(summary, error.to_string()),
    };
    let generate_secret = planned.attr("generate_secret").clone();
    answer_state(
        schema,
        Answer {
            client,
            wanted: planned,
            region: target.region().to_string(),
            generate_secret,
        },
    )
}

/// Refreshes the state. The read right after an import clears the import's private
/// marker and records `generate_secret` as the client has it.
pub async fn read(
    cognito: &CognitoClient,
    schema: &Schema,
    current: &Value,
    private: &[u8],
) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let clients = cognito.user_pool_clients();
    let id = current.attr("id").as_str().unwrap_or_default();
    let pool = current.attr("user_pool_id").as_str().unwrap_or_default();
    let Some(target) = target(
        cognito,
        current.attr("region").as_str(),
        pool,
        &mut diagnostics,
    )
    .await
    else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let output = clients.describe(&target, id).await;
    let region = target.region().to_string();
    let summary = format!("reading Cognito User Pool Client ({id})");
    let just_imported = private == generate_secret::IMPORTED;
    match output {
        Ok(None) => gone("AWS returned no client in its answer."),
        Ok(Some(client)) => {
            let generate_secret = generate_secret::after_refresh(
                current.attr("generate_secret"),
                &client,
                just_imported,
            );
            let mut refreshed = answer_state(
                schema,
                Answer {
                    client,
                    wanted: current,
                    region,
                    generate_secret,
                },
            );
            refreshed.private = just_imported.then(Vec::new);
            refreshed
        }
        Err(error) if error.is_not_found() => gone(&error.to_string()),
        Err(error) => failure(summary, error.to_string()),
    }
}

/// The client (or its whole pool) was deleted outside Terraform: drop it from state
/// with a warning, so that the next plan creates it again.
fn gone(reason: &str) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    diagnostics.warning(
        "AWS resource not found during refresh",
        format!(
            "Automatically removing from Terraform State instead of returning the error, which may \
             trigger resource recreation. Original error: {reason}"
        ),
    );
    StateResponse::from_diagnostics(diagnostics)
}

/// Sends the complete configuration (Cognito resets every field an update omits).
pub async fn update(
    cognito: &CognitoClient,
    schema: &Schema,
    prior: &Value,
    planned: &Value,
) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let clients = cognito.user_pool_clients();
    let config = ClientConfig::from_plan(planned, prior);
    let region = planned.attr("region").as_str();
    let Some(target) = target(cognito, region, config.user_pool_id(), &mut diagnostics).await
    else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let id = prior.attr("id").as_str().unwrap_or_default();
    let summary = format!("updating Cognito User Pool Client ({id})");
    let request = with_client_config!(UpdateUserPoolClientInput::builder(), &config);
    let updated = clients.update(&target, id, request).await;
    planned_answer(schema, updated, planned, &target, summary)
}

/// Deletes the client; one that is already gone counts as deleted.
pub async fn delete(cognito: &CognitoClient, prior: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let clients = cognito.user_pool_clients();
    let id = prior.attr("id").as_str().unwrap_or_default();
    let pool = prior.attr("user_pool_id").as_str().unwrap_or_default();
    let Some(target) = target(
        cognito,
        prior.attr("region").as_str(),
        pool,
        &mut diagnostics,
    )
    .await
    else {
        return diagnostics;
    };
    match clients.delete(&target, id).await {
        Ok(()) => {}
        Err(error) if error.is_not_found() => {
            tracing::debug!(client_id = id, "client already deleted")
        }
        Err(error) => diagnostics.error(
            format!("deleting Cognito User Pool Client ({id})"),
            error.to_string(),
        ),
    }
    diagnostics
}
