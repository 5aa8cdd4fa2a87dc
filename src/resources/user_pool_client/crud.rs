//! Read, update and delete through the Cognito API, with the official provider's
//! error wording ("updating Cognito User Pool Client (ID): ..."). Read and update
//! serve every [`ClientKind`]; the summaries name the kind's resource.

use aws_sdk_cognitoidentityprovider::operation::update_user_pool_client::UpdateUserPoolClientInput;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

use crate::aws::{CognitoClient, Target};
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::model::{state_from_client, with_client_config, ClientConfig, StateContext};
use super::ClientKind;
use super::{generate_secret, import};
use crate::resources::regional::target;

pub(crate) fn failure(summary: String, detail: String) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    diagnostics.error(summary, detail);
    StateResponse::from_diagnostics(diagnostics)
}

fn has_block(object: &Value, name: &str) -> bool {
    !object.attr(name).elements().is_empty()
}

/// The state for the client as the API describes it. `wanted` is the plan, or on
/// refresh the prior state: blocks count as wanted when it has them, and the
/// attributes the API does not report (`kind.kept`) come from it.
pub(crate) fn answer_state(
    schema: &Schema,
    kind: &ClientKind,
    client: &UserPoolClientType,
    wanted: &Value,
    region: &str,
) -> Value {
    let context = StateContext {
        kept: kind
            .kept
            .iter()
            .map(|name| (*name, wanted.attr(name).clone()))
            .collect(),
        region: region.to_string(),
        wants_units: has_block(wanted, "token_validity_units"),
        wants_rotation: has_block(wanted, "refresh_token_rotation"),
    };
    state_from_client(schema, client, &context)
}

/// The state for a create or update answer, where the plan says everything, or
/// the error diagnostic under `summary`.
pub(crate) fn planned_answer(
    schema: &Schema,
    kind: &ClientKind,
    answer: Result<Option<UserPoolClientType>, impl std::fmt::Display>,
    planned: &Value,
    target: &Target,
    summary: String,
) -> StateResponse {
    match answer {
        Ok(Some(client)) => StateResponse::with_state(answer_state(
            schema,
            kind,
            &client,
            planned,
            target.region(),
        )),
        Ok(None) => failure(summary, "AWS returned no client in its answer.".into()),
        Err(error) => failure(summary, error.to_string()),
    }
}

/// Refreshes the state. The read right after an import of a client that the
/// resource created clears the import's private marker and records
/// `generate_secret` as the client has it.
pub(crate) async fn read(
    cognito: &CognitoClient,
    schema: &Schema,
    kind: &ClientKind,
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
    let summary = format!("reading {} ({id})", kind.noun);
    let just_imported = private == import::IMPORTED;
    match output {
        Ok(Some(client)) => {
            let mut state = answer_state(schema, kind, &client, current, target.region());
            if kind.creates {
                let generate_secret = generate_secret::after_refresh(
                    current.attr("generate_secret"),
                    &client,
                    just_imported,
                );
                state.set_attr("generate_secret", generate_secret);
            }
            let mut refreshed = StateResponse::with_state(state);
            refreshed.private = just_imported.then(Vec::new);
            refreshed
        }
        Err(error) if !error.is_not_found() => failure(summary, error.to_string()),
        _ if just_imported => not_there_to_import(kind, id, pool, target.region()),
        missing => gone(&missing.err().map_or_else(
            || "AWS returned no client in its answer.".to_owned(),
            |error| error.to_string(),
        )),
    }
}

/// The client an import named does not exist: an error, as Terraform gives it for an
/// empty read after an import, but naming the client, the pool and the region.
fn not_there_to_import(kind: &ClientKind, id: &str, pool: &str, region: &str) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    diagnostics.error(
        "Cannot import non-existent remote object",
        format!(
            "No {} {id} exists in user pool {pool} in {region}. Only an existing client can be \
             imported: check the import id (user_pool_id/client_id) or identity, and the region.",
            kind.noun
        ),
    );
    StateResponse::from_diagnostics(diagnostics)
}

/// The client (or its whole pool) was deleted outside Terraform: drop it from state
/// with a warning, so that the next plan creates it again.
pub(crate) fn gone(reason: &str) -> StateResponse {
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
pub(crate) async fn update(
    cognito: &CognitoClient,
    schema: &Schema,
    kind: &ClientKind,
    prior: &Value,
    planned: &Value,
) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let region = planned.attr("region").as_str();
    let pool = planned.attr("user_pool_id").as_str().unwrap_or_default();
    let Some(target) = target(cognito, region, pool, &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let id = prior.attr("id").as_str().unwrap_or_default();
    send_update(cognito, schema, kind, &target, id, prior, planned).await
}

/// One UpdateUserPoolClient of client `id` from `prior` to `planned`, which it
/// sends whole; the state for the answer.
pub(crate) async fn send_update(
    cognito: &CognitoClient,
    schema: &Schema,
    kind: &ClientKind,
    target: &Target,
    id: &str,
    prior: &Value,
    planned: &Value,
) -> StateResponse {
    let config = ClientConfig::from_plan(planned, prior);
    let summary = format!("updating {} ({id})", kind.noun);
    let request = with_client_config!(UpdateUserPoolClientInput::builder(), &config);
    let updated = cognito
        .user_pool_clients()
        .update(target, id, request)
        .await;
    planned_answer(schema, kind, updated, planned, target, summary)
}

/// Deletes the client; one that is already gone counts as deleted.
pub(crate) async fn delete(cognito: &CognitoClient, prior: &Value) -> Diagnostics {
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
