//! Creating a client exactly once. A create that fails without a clear answer (a
//! server error, a timeout, a dropped connection) may or may not have created the
//! client; retrying blindly could leave two clients where the configuration has
//! one. So before trying again, the pool is searched for a client of that name
//! created since the first attempt: one found is adopted, none means it is safe to
//! send the create again.

use std::time::{Duration, SystemTime};

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

use crate::aws::{error_text, CognitoClient, Failure, Operation};
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::crud::{connect, failure, planned_answer, Connection};
use super::model::{with_client_config, ClientConfig};

/// Cognito's creation dates have whole seconds; a client created up to this long
/// before the first attempt started still counts as ours.
const CLOCK_SLACK: Duration = Duration::from_secs(2);

pub async fn create(cognito: &CognitoClient, schema: &Schema, planned: &Value) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let Some(connection) = connect(cognito, planned.attr("region"), &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let config = ClientConfig::from_plan(planned, &Value::Null);
    let summary = format!("creating Cognito User Pool Client ({})", config.name());
    let started = SystemTime::now() - CLOCK_SLACK;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let sent = connection
            .call(Operation::Create, config.user_pool_id(), || {
                with_client_config!(connection.client.create_user_pool_client(), &config)
                    .set_generate_secret(config.generate_secret)
                    .send()
            })
            .await;
        let error = match sent {
            Ok(output) => {
                return planned_answer(
                    schema,
                    output.user_pool_client,
                    planned,
                    connection.region,
                    summary,
                )
            }
            Err(error) => error,
        };
        let failure_kind = error.failure();
        if !matches!(failure_kind, Failure::ServerFault | Failure::Transport)
            || attempts > connection.max_retries()
        {
            return failure(summary, error_text(&error));
        }
        match created_since(&connection.unstoppable(), &config, started).await {
            Ok(Some(created)) => {
                tracing::debug!(
                    client_name = config.name(),
                    "create failed without an answer, but the client exists: adopting it"
                );
                return planned_answer(schema, Some(created), planned, connection.region, summary);
            }
            Ok(None) => tracing::debug!(
                client_name = config.name(),
                reason = ?failure_kind,
                error = %error_text(&error),
                "create failed without an answer and created nothing: sending it again"
            ),
            Err(problem) => {
                return failure(
                    summary,
                    format!(
                        "{}; whether the client was created is unknown: {problem}",
                        error_text(&error)
                    ),
                )
            }
        }
    }
}

/// The one client named like `config` that was created in the pool since `since`,
/// if any; an error when several were, or when the pool cannot be searched.
async fn created_since(
    connection: &Connection<'_>,
    config: &ClientConfig,
    since: SystemTime,
) -> Result<Option<UserPoolClientType>, String> {
    let mut found = Vec::new();
    for id in client_ids_named(connection, config.user_pool_id(), config.name()).await? {
        let described = connection
            .call(Operation::Describe, config.user_pool_id(), || {
                connection
                    .client
                    .describe_user_pool_client()
                    .user_pool_id(config.user_pool_id())
                    .client_id(&id)
                    .send()
            })
            .await
            .map_err(|error| error_text(&error))?;
        let Some(client) = described.user_pool_client else {
            continue;
        };
        let created = client
            .creation_date()
            .and_then(|d| SystemTime::try_from(*d).ok());
        if created.is_some_and(|created| created >= since) {
            found.push(client);
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        n => Err(format!(
            "{n} clients named {:?} were created in the meantime",
            config.name()
        )),
    }
}

/// The ids of every client of the pool with this name (ListUserPoolClients, page by page).
pub async fn client_ids_named(
    connection: &Connection<'_>,
    pool: &str,
    name: &str,
) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    let mut next_token: Option<String> = None;
    loop {
        let page = connection
            .call(Operation::List, pool, || {
                connection
                    .client
                    .list_user_pool_clients()
                    .user_pool_id(pool)
                    .max_results(60)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await
            .map_err(|error| error_text(&error))?;
        ids.extend(
            page.user_pool_clients()
                .iter()
                .filter(|c| c.client_name() == Some(name))
                .filter_map(|c| c.client_id().map(str::to_string)),
        );
        next_token = page.next_token.filter(|t| !t.is_empty());
        if next_token.is_none() {
            return Ok(ids);
        }
    }
}
