//! The secrets of one app client (Add/List/DeleteUserPoolClientSecret), typed
//! calls on a [`Target`] paced, retried and logged by `CognitoClient::call`, as
//! the client operations are. A client has at most two active secrets; Cognito
//! returns a secret's value only when it generated the secret, and never lists
//! values.

use aws_sdk_cognitoidentityprovider::types::ClientSecretDescriptorType;
use tokio_util::sync::CancellationToken;

use super::{CallError, CognitoClient, Operation, Target};

/// The secret operations of one resource operation (see
/// [`CognitoClient::client_secrets`]).
pub struct ClientSecrets<'a> {
    cognito: &'a CognitoClient,
    /// The operation's stop signal, taken when it started.
    stop: CancellationToken,
}

impl<'a> ClientSecrets<'a> {
    pub(super) fn new(cognito: &'a CognitoClient, stop: CancellationToken) -> Self {
        ClientSecrets { cognito, stop }
    }

    /// Adds a secret to the client `id`: `custom`, or one Cognito generates
    /// (whose value is then in the answer). Not retried after an answer that
    /// leaves open whether the secret was added (see `retry::may_retry`).
    pub async fn add(
        &self,
        target: &Target,
        id: &str,
        custom: Option<&str>,
    ) -> Result<Option<ClientSecretDescriptorType>, CallError> {
        let added = self
            .cognito
            .call(Operation::AddSecret, target, Some(id), &self.stop, || {
                target
                    .client
                    .add_user_pool_client_secret()
                    .user_pool_id(&target.pool)
                    .client_id(id)
                    .set_client_secret(custom.map(str::to_owned))
                    .send()
            })
            .await?;
        Ok(added.client_secret_descriptor)
    }

    /// The client's secrets: ids and creation dates, never values, every page.
    pub async fn list(
        &self,
        target: &Target,
        id: &str,
    ) -> Result<Vec<ClientSecretDescriptorType>, CallError> {
        let mut secrets = Vec::new();
        let mut next_token: Option<String> = None;
        loop {
            let page = self
                .cognito
                .call(Operation::ListSecrets, target, Some(id), &self.stop, || {
                    target
                        .client
                        .list_user_pool_client_secrets()
                        .user_pool_id(&target.pool)
                        .client_id(id)
                        .set_next_token(next_token.clone())
                        .send()
                })
                .await?;
            secrets.extend(page.client_secrets.unwrap_or_default());
            next_token = page.next_token.filter(|t| !t.is_empty());
            if next_token.is_none() {
                return Ok(secrets);
            }
        }
    }

    /// Deletes the secret `secret_id` of the client `id`. Cognito refuses
    /// to delete a client's last secret.
    pub async fn delete(
        &self,
        target: &Target,
        id: &str,
        secret_id: &str,
    ) -> Result<(), CallError> {
        self.cognito
            .call(
                Operation::DeleteSecret,
                target,
                Some(id),
                &self.stop,
                || {
                    target
                        .client
                        .delete_user_pool_client_secret()
                        .user_pool_id(&target.pool)
                        .client_id(id)
                        .client_secret_id(secret_id)
                        .send()
                },
            )
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::aws::testing::{aws_error, capture, cognito_at, fake_cognito, POOL, SECRET};

    fn added(id: &str) -> (u16, String) {
        let descriptor = format!(
            r#"{{"ClientSecretDescriptor":{{"ClientSecretId":"{id}","ClientSecretValue":"{SECRET}","ClientSecretCreateDate":1767225600}}}}"#
        );
        (200, descriptor)
    }

    fn listed(ids: &[&str], next: Option<&str>) -> (u16, String) {
        let secrets: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"ClientSecretId":"{id}","ClientSecretCreateDate":1767225600}}"#))
            .collect();
        let next = next
            .map(|t| format!(r#","NextToken":"{t}""#))
            .unwrap_or_default();
        (
            200,
            format!(r#"{{"ClientSecrets":[{}]{next}}}"#, secrets.join(",")),
        )
    }

    #[tokio::test]
    async fn secrets_are_added_listed_over_pages_and_deleted_with_one_log_line_each() {
        let (captured, _guard) = capture();
        let url = fake_cognito(vec![
            added("c1--1"),
            listed(&["c1--0"], Some("page-2")),
            listed(&["c1--1"], None),
            (200, "{}".into()),
        ])
        .await;
        let cognito = cognito_at(url).await;
        let secrets = cognito.client_secrets();
        let target = cognito.target(None, POOL).await.unwrap();

        let secret = secrets.add(&target, "c1", None).await.unwrap().unwrap();
        assert_eq!(secret.client_secret_id(), Some("c1--1"));
        assert_eq!(secret.client_secret_value(), Some(SECRET));
        let listed = secrets.list(&target, "c1").await.unwrap();
        let ids: Vec<_> = listed
            .iter()
            .map(|s| s.client_secret_id().unwrap())
            .collect();
        assert_eq!(ids, ["c1--0", "c1--1"], "both pages");
        secrets.delete(&target, "c1", "c1--0").await.unwrap();

        let operations: Vec<String> = captured
            .calls()
            .iter()
            .map(|call| call["operation"].clone())
            .collect();
        assert_eq!(
            operations,
            [
                "AddUserPoolClientSecret",
                "ListUserPoolClientSecrets",
                "ListUserPoolClientSecrets",
                "DeleteUserPoolClientSecret"
            ]
        );
        for line in captured.0.lock().unwrap().iter() {
            assert!(
                line.fields.values().all(|value| !value.contains(SECRET)),
                "an event of {} logged the secret",
                line.target
            );
        }
    }

    /// A third secret is refused with LimitExceededException: a limit on secrets,
    /// not on requests, so it is answered at once instead of retried as a throttle;
    /// and an ambiguous failure of an add is not sent again.
    #[tokio::test]
    async fn a_refused_or_ambiguous_add_is_sent_once() {
        let (captured, _guard) = capture();
        let url = fake_cognito(vec![
            aws_error("LimitExceededException"),
            (
                500,
                r#"{"__type":"InternalErrorException","message":"oops"}"#.into(),
            ),
        ])
        .await;
        let cognito = cognito_at(url).await;
        let secrets = cognito.client_secrets();
        let target = cognito.target(None, POOL).await.unwrap();
        let error = secrets
            .add(&target, "c1", Some("custom"))
            .await
            .unwrap_err();
        assert!(
            error.to_string().starts_with("LimitExceededException"),
            "{error}"
        );
        secrets.add(&target, "c1", None).await.unwrap_err();
        let attempts: Vec<String> = captured
            .calls()
            .iter()
            .map(|call| call["attempts"].clone())
            .collect();
        assert_eq!(attempts, ["1", "1"]);
    }
}
