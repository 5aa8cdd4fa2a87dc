//! The app clients of user pools (Describe/Create/Update/Delete/ListUserPoolClients),
//! each a typed call on a [`Target`], paced, retried and logged by
//! `CognitoClient::call`.
//!
//! A create happens exactly once. One that fails without a clear answer (a server
//! error, a timeout, a dropped connection) may or may not have created the client;
//! retrying blindly could leave two clients where the configuration has one. So
//! before trying again, the pool is searched for a client of that name created since
//! the first attempt: one found is adopted, none means it is safe to send the create
//! again.

use std::time::{Duration, SystemTime};

use aws_sdk_cognitoidentityprovider::operation::{
    create_user_pool_client::builders::CreateUserPoolClientInputBuilder,
    update_user_pool_client::builders::UpdateUserPoolClientInputBuilder,
};
use aws_sdk_cognitoidentityprovider::types::{UserPoolClientDescription, UserPoolClientType};
use tokio_util::sync::CancellationToken;

use super::{CallError, CognitoClient, CreateError, Failure, Operation, Target};

/// Cognito's creation dates have whole seconds; a client created up to this long
/// before the first attempt started still counts as ours.
const CLOCK_SLACK: Duration = Duration::from_secs(2);

/// The largest page ListUserPoolClients returns.
const PAGE_SIZE: i32 = 60;

/// The app-client operations of one resource operation (see
/// [`CognitoClient::user_pool_clients`]).
pub struct UserPoolClients<'a> {
    cognito: &'a CognitoClient,
    /// The operation's stop signal, taken when it started.
    stop: CancellationToken,
}

impl<'a> UserPoolClients<'a> {
    pub(super) fn new(cognito: &'a CognitoClient, stop: CancellationToken) -> Self {
        UserPoolClients { cognito, stop }
    }

    /// The client `id`; `None` when AWS answers without one.
    pub async fn describe(
        &self,
        target: &Target,
        id: &str,
    ) -> Result<Option<UserPoolClientType>, CallError> {
        let described = self
            .cognito
            .call(Operation::Describe, target, Some(id), &self.stop, || {
                target
                    .client
                    .describe_user_pool_client()
                    .user_pool_id(&target.pool)
                    .client_id(id)
                    .send()
            })
            .await?;
        Ok(described.user_pool_client)
    }

    /// Creates the client `request` describes in the target's pool, exactly once
    /// (see the module's documentation); `None` when AWS answers without it.
    pub async fn create(
        &self,
        target: &Target,
        request: CreateUserPoolClientInputBuilder,
    ) -> Result<Option<UserPoolClientType>, CreateError> {
        let request = request.user_pool_id(&target.pool);
        let name = request.get_client_name().clone().unwrap_or_default();
        let started = SystemTime::now() - CLOCK_SLACK;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let sent = self
                .cognito
                .call(Operation::Create, target, None, &self.stop, || {
                    request.clone().send_with(&target.client)
                })
                .await;
            let error = match sent {
                Ok(output) => return Ok(output.user_pool_client),
                Err(error) => error,
            };
            let failure = error.failure();
            if !matches!(failure, Failure::ServerFault | Failure::Transport)
                || attempts > self.cognito.max_retries()
            {
                return Err(error.into());
            }
            let mut found = match self
                .unstoppable()
                .created_since(target, &name, started)
                .await
            {
                Ok(found) => found,
                Err(lookup) => return Err(CreateError::LookupFailed { error, lookup }),
            };
            match found.len() {
                0 => tracing::debug!(
                    client_name = name,
                    reason = ?failure,
                    %error,
                    "create failed without an answer and created nothing: sending it again"
                ),
                1 => {
                    tracing::debug!(
                        client_name = name,
                        "create failed without an answer, but the client exists: adopting it"
                    );
                    return Ok(found.pop());
                }
                count => return Err(CreateError::SeveralCreated { error, count, name }),
            }
        }
    }

    /// Sends the client's complete configuration `request` (Cognito resets every field
    /// an update omits), waiting while another update of the same client is in
    /// progress; `None` when AWS answers without the client.
    pub async fn update(
        &self,
        target: &Target,
        id: &str,
        request: UpdateUserPoolClientInputBuilder,
    ) -> Result<Option<UserPoolClientType>, CallError> {
        let request = request.user_pool_id(&target.pool).client_id(id);
        let updated = self
            .cognito
            .call(Operation::Update, target, Some(id), &self.stop, || {
                request.clone().send_with(&target.client)
            })
            .await?;
        Ok(updated.user_pool_client)
    }

    /// Deletes the client `id`.
    pub async fn delete(&self, target: &Target, id: &str) -> Result<(), CallError> {
        self.cognito
            .call(Operation::Delete, target, Some(id), &self.stop, || {
                target
                    .client
                    .delete_user_pool_client()
                    .user_pool_id(&target.pool)
                    .client_id(id)
                    .send()
            })
            .await?;
        Ok(())
    }

    /// Every client of the target's pool (ListUserPoolClients, page by page).
    pub async fn list(&self, target: &Target) -> Result<Vec<UserPoolClientDescription>, CallError> {
        let mut clients = Vec::new();
        let mut next_token: Option<String> = None;
        loop {
            let (page, next) = self.page(target, next_token).await?;
            clients.extend(page);
            next_token = next;
            if next_token.is_none() {
                return Ok(clients);
            }
        }
    }

    /// One page of the target's clients (the first with `next_token: None`), and
    /// the token of the next page, if there is one.
    pub async fn page(
        &self,
        target: &Target,
        next_token: Option<String>,
    ) -> Result<(Vec<UserPoolClientDescription>, Option<String>), CallError> {
        let page = self
            .cognito
            .call(Operation::List, target, None, &self.stop, || {
                target
                    .client
                    .list_user_pool_clients()
                    .user_pool_id(&target.pool)
                    .max_results(PAGE_SIZE)
                    .set_next_token(next_token.clone())
                    .send()
            })
            .await?;
        let next = page.next_token.filter(|t| !t.is_empty());
        Ok((page.user_pool_clients.unwrap_or_default(), next))
    }

    /// The ids of every client of the target's pool called `name`.
    pub async fn ids_named(&self, target: &Target, name: &str) -> Result<Vec<String>, CallError> {
        let clients = self.list(target).await?;
        Ok(clients
            .into_iter()
            .filter(|c| c.client_name() == Some(name))
            .filter_map(|c| c.client_id)
            .collect())
    }

    /// The same operations, deaf to the stop: for the lookup that settles whether a
    /// create made a client, which must run to its end even after Terraform asked
    /// the provider to stop, or the client could be left out of the state.
    fn unstoppable(&self) -> Self {
        UserPoolClients::new(self.cognito, CancellationToken::new())
    }

    /// The clients called `name` that were created in the target's pool since `since`.
    async fn created_since(
        &self,
        target: &Target,
        name: &str,
        since: SystemTime,
    ) -> Result<Vec<UserPoolClientType>, CallError> {
        let mut found = Vec::new();
        for id in self.ids_named(target, name).await? {
            let Some(client) = self.describe(target, &id).await? else {
                continue;
            };
            let created = client
                .creation_date()
                .and_then(|d| SystemTime::try_from(*d).ok());
            if created.is_some_and(|created| created >= since) {
                found.push(client);
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::testing::{
        aws_error, capture, client_answer, cognito_at, fake_cognito, POOL, SECRET,
    };

    #[tokio::test]
    async fn every_call_logs_one_line_with_its_figures_and_never_the_secret() {
        let (captured, _guard) = capture();
        let url = fake_cognito(vec![
            aws_error("TooManyRequestsException"),
            client_answer("c1"),
            aws_error("ResourceNotFoundException"),
        ])
        .await;
        let cognito = cognito_at(url).await;
        let clients = cognito.user_pool_clients();
        let target = cognito.target(None, POOL).await.unwrap();
        assert_eq!(target.region(), "us-east-1", "the provider's region");

        let client = clients.describe(&target, "c1").await.unwrap().unwrap();
        assert_eq!(
            client.client_secret(),
            Some(SECRET),
            "the answer had the secret"
        );
        let error = clients.describe(&target, "gone").await.unwrap_err();
        assert!(error.is_not_found());
        assert_eq!(
            error.to_string(),
            "ResourceNotFoundException: ResourceNotFoundException here"
        );

        let calls = captured.calls();
        assert_eq!(calls.len(), 2, "one line per call: {calls:?}");
        for (call, (id, attempts, outcome)) in calls.iter().zip([
            ("c1", "2", "ok"),
            ("gone", "1", "ResourceNotFoundException"),
        ]) {
            assert_eq!(call["operation"], "DescribeUserPoolClient");
            assert_eq!(call["region"], "us-east-1");
            assert_eq!(call["pool_id"], POOL);
            assert_eq!(call["client_id"], id);
            assert_eq!(call["attempts"], attempts);
            assert_eq!(call["outcome"], outcome);
            let duration: u64 = call["duration_ms"].parse().unwrap();
            let pacing: u64 = call["pacing_wait_ms"].parse().unwrap();
            assert!(pacing <= duration, "{call:?}");
        }
        // Five Describes per second and pool: the second call waited for its turn.
        let pacing: u64 = calls[1]["pacing_wait_ms"].parse().unwrap();
        assert!(pacing >= 100, "{:?}", calls[1]);

        let lines = captured.0.lock().unwrap();
        assert!(!lines.is_empty());
        for line in lines.iter().filter(|line| line.reaches_terraform()) {
            assert!(
                line.fields.values().all(|value| !value.contains(SECRET)),
                "an event of {} logged the client secret",
                line.target
            );
        }
    }

    #[tokio::test]
    async fn an_update_waits_out_a_concurrent_one_within_its_call() {
        let (captured, _guard) = capture();
        let url = fake_cognito(vec![
            aws_error("ConcurrentModificationException"),
            client_answer("c1"),
            aws_error("ConcurrentModificationException"),
        ])
        .await;
        let cognito = cognito_at(url).await;
        let clients = cognito.user_pool_clients();
        let target = cognito.target(Some("us-east-1"), POOL).await.unwrap();

        let request = UpdateUserPoolClientInputBuilder::default().client_name("app");
        let updated = clients.update(&target, "c1", request).await.unwrap();
        assert_eq!(updated.and_then(|c| c.client_id), Some("c1".into()));
        // Other operations do not wait: a concurrent modification is their answer.
        let error = clients.describe(&target, "c1").await.unwrap_err();
        assert_eq!(error.failure(), Failure::ConcurrentModification);

        let calls = captured.calls();
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert_eq!(calls[0]["operation"], "UpdateUserPoolClient");
        assert_eq!(calls[0]["attempts"], "2");
        assert_eq!(calls[0]["outcome"], "ok");
        let duration: u64 = calls[0]["duration_ms"].parse().unwrap();
        assert!(duration >= 500, "the first wait is 0.5 s: {:?}", calls[0]);
        assert_eq!(calls[1]["attempts"], "1");
        assert_eq!(calls[1]["outcome"], "ConcurrentModificationException");
    }
}
