//! Create, read, update and delete through the Cognito API, with the official
//! provider's error wording ("creating Cognito User Pool Client (NAME): ...").

use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use aws_sdk_cognitoidentityprovider::Client;
use tokio_util::sync::CancellationToken;

use crate::aws::{error_text, is_not_found, CallError, CognitoClient, Operation};
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::generate_secret;
use super::model::{state_from_client, with_client_config, ClientConfig, StateContext};

/// How long an update keeps retrying while another update of the same client runs
/// (2 minutes plus 30 s of grace, as the official provider).
const CONCURRENT_UPDATE_DEADLINE: Duration = Duration::from_secs(150);

/// The Cognito client for one resource's region, with the provider's pacing and
/// retry policy, for one operation.
#[derive(Clone)]
pub struct Connection<'a> {
    cognito: &'a CognitoClient,
    pub client: Client,
    pub region: String,
    /// The operation's stop signal, taken when it connected.
    stop: CancellationToken,
}

impl Connection<'_> {
    /// The same connection, deaf to the stop: for the lookup that settles whether a
    /// create made a client, which must run to its end even after Terraform asked
    /// the provider to stop, or the client could be left out of the state.
    pub fn unstoppable(&self) -> Self {
        Connection {
            stop: CancellationToken::new(),
            ..self.clone()
        }
    }

    /// Sends a request about `pool`, paced and retried (see [`CognitoClient::call`]).
    pub async fn call<T, E, R, F, Fut>(
        &self,
        operation: Operation,
        pool: &str,
        send: F,
    ) -> Result<T, CallError<E, R>>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        self.cognito
            .call(&self.region, operation, pool, &self.stop, send)
            .await
    }

    pub fn max_retries(&self) -> u32 {
        self.cognito.max_retries()
    }
}

/// Connects for the resource's region (the provider's when unset), or records an
/// error diagnostic saying what is missing.
pub async fn connect<'a>(
    cognito: &'a CognitoClient,
    region: &Value,
    diagnostics: &mut Diagnostics,
) -> Option<Connection<'a>> {
    let stop = cognito.stop_signal();
    let region = match region.as_str().filter(|r| !r.is_empty()) {
        Some(region) => Ok(region.to_string()),
        None => cognito.default_region().await,
    };
    let connected = match region {
        Ok(region) => cognito.get(Some(&region)).await.map(|client| Connection {
            cognito,
            client,
            region,
            stop,
        }),
        Err(unavailable) => Err(unavailable),
    };
    match connected {
        Ok(connection) => Some(connection),
        Err(unavailable) => {
            diagnostics.error(unavailable.summary(), unavailable.detail());
            None
        }
    }
}

pub fn failure(summary: String, detail: String) -> StateResponse {
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

/// The state for a create or update answer, where the plan says everything.
pub fn planned_answer(
    schema: &Schema,
    client: Option<UserPoolClientType>,
    planned: &Value,
    region: String,
    summary: String,
) -> StateResponse {
    let Some(client) = client else {
        return failure(summary, "AWS returned no client in its answer.".into());
    };
    let generate_secret = planned.attr("generate_secret").clone();
    answer_state(
        schema,
        Answer {
            client,
            wanted: planned,
            region,
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
    let Some(connection) = connect(cognito, current.attr("region"), &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let id = current.attr("id").as_str().unwrap_or_default();
    let pool = current.attr("user_pool_id").as_str().unwrap_or_default();
    let output = connection
        .call(Operation::Describe, pool, || {
            connection
                .client
                .describe_user_pool_client()
                .user_pool_id(pool)
                .client_id(id)
                .send()
        })
        .await;
    let region = connection.region;
    let summary = format!("reading Cognito User Pool Client ({id})");
    let just_imported = private == generate_secret::IMPORTED;
    match output.map(|o| o.user_pool_client) {
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
        Err(error) if is_not_found(&error) => gone(&error_text(&error)),
        Err(error) => failure(summary, error_text(&error)),
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

/// Sends the complete configuration (Cognito resets every field an update omits),
/// retrying while another update of the same client is in progress.
pub async fn update(
    cognito: &CognitoClient,
    schema: &Schema,
    prior: &Value,
    planned: &Value,
) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let Some(connection) = connect(cognito, planned.attr("region"), &mut diagnostics).await else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let id = prior.attr("id").as_str().unwrap_or_default();
    let config = ClientConfig::from_plan(planned, prior);
    let summary = format!("updating Cognito User Pool Client ({id})");
    let started = Instant::now();
    let mut waits = concurrent_update_waits();
    loop {
        let sent = connection
            .call(Operation::Update, config.user_pool_id(), || {
                with_client_config!(connection.client.update_user_pool_client(), &config)
                    .client_id(id)
                    .send()
            })
            .await;
        match sent {
            Ok(output) => {
                return planned_answer(
                    schema,
                    output.user_pool_client,
                    planned,
                    connection.region,
                    summary,
                )
            }
            Err(error) if error.code() == Some("ConcurrentModificationException") => {
                let wait = waits.next().unwrap_or(Duration::from_secs(10));
                if started.elapsed() + wait > CONCURRENT_UPDATE_DEADLINE {
                    return failure(summary, error_text(&error));
                }
                tracing::debug!(
                    client_id = id,
                    wait_ms = wait.as_millis() as u64,
                    "retrying update: concurrent modification"
                );
                tokio::time::sleep(wait).await;
            }
            Err(error) => return failure(summary, error_text(&error)),
        }
    }
}

/// 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s: doubling from 100 ms, floored at 500 ms and
/// capped at 10 s, as the official provider waits.
fn concurrent_update_waits() -> impl Iterator<Item = Duration> {
    std::iter::successors(Some(Duration::from_millis(500)), |wait| {
        Some((*wait * 2).min(Duration::from_secs(10)))
    })
}

/// Deletes the client; one that is already gone counts as deleted.
pub async fn delete(cognito: &CognitoClient, prior: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let Some(connection) = connect(cognito, prior.attr("region"), &mut diagnostics).await else {
        return diagnostics;
    };
    let id = prior.attr("id").as_str().unwrap_or_default();
    let pool = prior.attr("user_pool_id").as_str().unwrap_or_default();
    let output = connection
        .call(Operation::Delete, pool, || {
            connection
                .client
                .delete_user_pool_client()
                .user_pool_id(pool)
                .client_id(id)
                .send()
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_update_waits_follow_the_reference_backoff() {
        let waits: Vec<u64> = concurrent_update_waits()
            .take(8)
            .map(|d| d.as_millis() as u64)
            .collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    }
}
