//! Create, read, update and delete through the Cognito API, with the official
//! provider's error wording ("creating Cognito User Pool Client (NAME): ...").

use aws_sdk_cognitoidentityprovider::Client;

use crate::aws::{error_text, is_not_found, CognitoClient};
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::model::{state_from_client, ClientArguments};

/// The configured client, or an error diagnostic saying what is missing.
async fn client<'a>(
    cognito: &'a CognitoClient,
    diagnostics: &mut Diagnostics,
) -> Option<&'a Client> {
    match cognito.get().await {
        Ok(client) => Some(client),
        Err(message) => {
            diagnostics.error("AWS configuration incomplete", message);
            None
        }
    }
}

fn failure(summary: String, detail: String) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    diagnostics.error(summary, detail);
    StateResponse::from_diagnostics(diagnostics)
}

pub async fn create(cognito: &CognitoClient, schema: &Schema, planned: &Value) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let Some(client) = client(cognito, &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let arguments = ClientArguments::from_plan(planned);
    let summary = || format!("creating Cognito User Pool Client ({})", arguments.name);
    let output = client
        .create_user_pool_client()
        .user_pool_id(&arguments.user_pool_id)
        .client_name(&arguments.name)
        .set_generate_secret(arguments.generate_secret)
        .send()
        .await;
    match output.map(|o| o.user_pool_client) {
        Ok(Some(created)) => StateResponse::with_state(state_from_client(
            schema,
            &created,
            planned.attr("generate_secret"),
        )),
        Ok(None) => failure(summary(), "AWS returned no client in its answer.".into()),
        Err(error) => failure(summary(), error_text(&error)),
    }
}

pub async fn read(cognito: &CognitoClient, schema: &Schema, current: &Value) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let Some(client) = client(cognito, &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let id = current.attr("id").as_str().unwrap_or_default();
    let output = client
        .describe_user_pool_client()
        .user_pool_id(current.attr("user_pool_id").as_str().unwrap_or_default())
        .client_id(id)
        .send()
        .await;
    match output.map(|o| o.user_pool_client) {
        Ok(Some(found)) => StateResponse::with_state(state_from_client(
            schema,
            &found,
            current.attr("generate_secret"),
        )),
        Ok(None) => gone("AWS returned no client in its answer."),
        Err(error) if is_not_found(&error) => gone(&error_text(&error)),
        Err(error) => failure(
            format!("reading Cognito User Pool Client ({id})"),
            error_text(&error),
        ),
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
    StateResponse {
        state: None,
        diagnostics,
    }
}

/// Sends the complete configuration: Cognito resets every field an update omits.
pub async fn update(
    cognito: &CognitoClient,
    schema: &Schema,
    prior: &Value,
    planned: &Value,
) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let Some(client) = client(cognito, &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let id = prior.attr("id").as_str().unwrap_or_default();
    let arguments = ClientArguments::from_plan(planned);
    let output = client
        .update_user_pool_client()
        .user_pool_id(&arguments.user_pool_id)
        .client_id(id)
        .client_name(&arguments.name)
        .send()
        .await;
    let summary = || format!("updating Cognito User Pool Client ({id})");
    match output.map(|o| o.user_pool_client) {
        Ok(Some(updated)) => StateResponse::with_state(state_from_client(
            schema,
            &updated,
            planned.attr("generate_secret"),
        )),
        Ok(None) => failure(summary(), "AWS returned no client in its answer.".into()),
        Err(error) => failure(summary(), error_text(&error)),
    }
}

/// Deletes the client; one that is already gone counts as deleted.
pub async fn delete(cognito: &CognitoClient, prior: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let Some(client) = client(cognito, &mut diagnostics).await else {
        return diagnostics;
    };
    let id = prior.attr("id").as_str().unwrap_or_default();
    let output = client
        .delete_user_pool_client()
        .user_pool_id(prior.attr("user_pool_id").as_str().unwrap_or_default())
        .client_id(id)
        .send()
        .await;
    match output {
        Ok(_) => {}
        Err(error) if is_not_found(&error) => {
            tracing::debug!(client_id = id, "client already deleted")
        }
        Err(error) => diagnostics.error(
            format!("deleting Cognito User Pool Client ({id})"),
            error_text(&error),
        ),
    }
    diagnostics
}
