//! `aws_cognito_user_pool_client_secret`: one secret of an app client, managed
//! beside the client so that a secret can be rotated without replacing the client
//! (its id stays, and so do the applications that use it). Cognito keeps at most
//! two active secrets per client and refuses to delete the last one; with
//! `create_before_destroy`, a rotation adds the new secret before it deletes the
//! old, so that at every step one is valid.
//!
//! Every change replaces the secret (Cognito cannot change one): the ids, a new
//! `client_secret_wo_version`, or any change of `triggers`.

mod list;
mod schema;

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types::ClientSecretDescriptorType;

use crate::aws::{CognitoClient, Target};
use crate::framework::diag::Diagnostics;
use crate::framework::identity::IdentitySchema;
use crate::framework::list::Findings;
use crate::framework::path::Path;
use crate::framework::plan::PlannedChange;
use crate::framework::planmodifier::ProviderValues;
use crate::framework::resource::{Occasion, PlanRequest, Resource, StateResponse};
use crate::framework::schema::Schema;
use crate::framework::value::Value;
use crate::resources::identity;
use crate::resources::regional::{self, target};
use crate::resources::user_pool_client::crud::gone;

pub const TYPE_NAME: &str = "aws_cognito_user_pool_client_secret";

/// Cognito's limit of active secrets per client.
const MOST_SECRETS: usize = 2;

pub struct UserPoolClientSecret {
    schema: Schema,
    identity: IdentitySchema,
    list: Schema,
    cognito: Arc<CognitoClient>,
}

impl UserPoolClientSecret {
    pub fn new(cognito: Arc<CognitoClient>) -> Self {
        UserPoolClientSecret {
            schema: schema::resource_schema(),
            identity: identity::secret_identity(),
            list: list::list_schema(),
            cognito,
        }
    }

    /// Where requests for the secret's client go, or `None` with an error.
    async fn target(&self, object: &Value, diagnostics: &mut Diagnostics) -> Option<Target> {
        let pool = object.attr("user_pool_id").as_str().unwrap_or_default();
        target(
            &self.cognito,
            object.attr("region").as_str(),
            pool,
            diagnostics,
        )
        .await
    }

    /// The secrets the client of `object` has now; `None` while the ids are unknown
    /// or the client does not exist yet (created in the same apply: it has room), or
    /// with an error when they cannot be listed.
    async fn secrets_of(
        &self,
        object: &Value,
        diagnostics: &mut Diagnostics,
    ) -> Option<Vec<ClientSecretDescriptorType>> {
        let client_id = object.attr("client_id").as_str()?;
        if !object.attr("user_pool_id").is_wholly_known() {
            return None;
        }
        let target = self.target(object, diagnostics).await?;
        match self.cognito.client_secrets().list(&target, client_id).await {
            Ok(secrets) => Some(secrets),
            Err(error) if error.is_not_found() => None,
            Err(error) => {
                diagnostics.error(
                    format!("listing the secrets of client {client_id}"),
                    error.to_string(),
                );
                None
            }
        }
    }

    /// Refuses a new secret for a client that has the most Cognito allows, naming
    /// them: a secret of its own is refused at plan time, the new secret of a
    /// replacement at apply, before anything is sent (see [`Occasion`]).
    async fn check_room_for_a_secret(&self, planned: &Value, diagnostics: &mut Diagnostics) {
        let Some(secrets) = self.secrets_of(planned, diagnostics).await else {
            return;
        };
        if secrets.len() >= MOST_SECRETS {
            let client_id = planned.attr("client_id").as_str().unwrap_or_default();
            diagnostics.attribute_error(
                Path::root("client_id"),
                "Too many client secrets",
                format!(
                    "Client {client_id} already has {}, the most Cognito allows, so a new one \
                     would be refused; nothing was changed. Remove one first: destroy the \
                     aws_cognito_user_pool_client_secret that holds it, or import it into \
                     one and destroy that. A rotation with create_before_destroy needs the \
                     client to hold only the secret it replaces; one without deletes the old \
                     secret first.",
                    listed(&secrets)
                ),
            );
        }
    }

    /// What will happen to a replacement of the secret `prior`, said at plan time,
    /// when it depends on the order Terraform takes, which the provider cannot see:
    /// at two secrets only a destroy-first replacement has room, and at one (the
    /// secret being replaced) only a create-first one may delete it afterwards.
    async fn warn_about_the_replacement(&self, prior: &Value, diagnostics: &mut Diagnostics) {
        let Some(secrets) = self.secrets_of(prior, diagnostics).await else {
            return;
        };
        let client_id = prior.attr("client_id").as_str().unwrap_or_default();
        let secret_id = prior.attr("secret_id").as_str().unwrap_or_default();
        let only_this_one =
            matches!(secrets.as_slice(), [only] if only.client_secret_id() == Some(secret_id));
        let detail = if secrets.len() >= MOST_SECRETS {
            format!(
                "Client {client_id} has {}, the most Cognito allows. Replacing secret \
                 {secret_id} works when the old secret is deleted first (no \
                 create_before_destroy; Pulumi: deleteBeforeReplace under Terraform or \
                 OpenTofu only). With create_before_destroy the new secret would be a third: \
                 the apply refuses it before sending anything, and nothing changes.",
                listed(&secrets)
            )
        } else if only_this_one {
            format!(
                "Secret {secret_id} is the only secret of client {client_id}, and Cognito \
                 refuses to delete a client's last secret. Replacing it works with \
                 create_before_destroy (the new secret is added first). Without it, the \
                 apply stops at the deletion and nothing changes."
            )
        } else {
            return;
        };
        diagnostics.warning(
            "Client secret rotation depends on the replacement order",
            detail,
        );
    }
}

/// The secrets as a message lists them: `N secrets (ID created DATE, ...)`.
fn listed(secrets: &[ClientSecretDescriptorType]) -> String {
    let described: Vec<String> = secrets.iter().map(describe_secret).collect();
    format!("{} secrets ({})", secrets.len(), described.join(", "))
}

/// A secret as a message names it: its id and when it was created.
fn describe_secret(secret: &ClientSecretDescriptorType) -> String {
    format!(
        "{} created {}",
        secret.client_secret_id().unwrap_or_default(),
        created(secret).as_str().unwrap_or("at an unknown time")
    )
}

/// A secret's creation date as the state records it (RFC 3339), or null.
fn created(secret: &ClientSecretDescriptorType) -> Value {
    secret
        .client_secret_create_date()
        .and_then(|date| date.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
        .map_or(Value::Null, Value::string)
}

/// The import id and `id`: `user_pool_id/client_id/secret_id`.
fn secret_address(pool: &str, client_id: &str, secret_id: &str) -> String {
    format!("{pool}/{client_id}/{secret_id}")
}

impl UserPoolClientSecret {
    /// What an import of the secret `secret_id` of `client_id` gives: a stub state
    /// with its ids, and its region when the import says it.
    fn stub(
        &self,
        pool: &str,
        client_id: &str,
        secret_id: &str,
        region: Option<&str>,
    ) -> StateResponse {
        let mut state = self.schema.block.empty_value();
        state.set_attr(
            "id",
            Value::string(secret_address(pool, client_id, secret_id)),
        );
        state.set_attr("user_pool_id", Value::string(pool));
        state.set_attr("client_id", Value::string(client_id));
        state.set_attr("secret_id", Value::string(secret_id));
        if let Some(region) = region {
            state.set_attr("region", Value::string(region));
        }
        StateResponse::with_state(state)
    }
}

#[async_trait]
impl Resource for UserPoolClientSecret {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn provider_values(&self) -> Result<ProviderValues, Diagnostics> {
        regional::provider_values(&self.cognito).await
    }

    /// A new secret of its own is checked for room now; the new secret of a
    /// replacement only at apply (whether the old one goes first is not known yet),
    /// and the replacement's first plan warns when its success depends on that.
    async fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange) {
        let diagnostics = &mut change.diagnostics;
        if request.prior.is_null() {
            if request.occasion == Occasion::Alone {
                self.check_room_for_a_secret(&change.planned, diagnostics)
                    .await;
            }
        } else if !change.requires_replace.is_empty() {
            self.warn_about_the_replacement(request.prior, diagnostics)
                .await;
        }
    }

    async fn create(&self, planned: &Value, occasion: Occasion) -> StateResponse {
        let mut diagnostics = Diagnostics::default();
        if occasion == Occasion::Replacement {
            self.check_room_for_a_secret(planned, &mut diagnostics)
                .await;
            if diagnostics.has_errors() {
                return StateResponse::from_diagnostics(diagnostics);
            }
        }
        let Some(target) = self.target(planned, &mut diagnostics).await else {
            return StateResponse::from_diagnostics(diagnostics);
        };
        let client_id = planned.attr("client_id").as_str().unwrap_or_default();
        let custom = planned.attr("client_secret_wo").as_str();
        let summary = format!("adding a secret to Cognito User Pool Client ({client_id})");
        let added = self
            .cognito
            .client_secrets()
            .add(&target, client_id, custom)
            .await;
        let secret = match added {
            Ok(Some(secret)) => secret,
            Ok(None) => {
                diagnostics.error(summary, "AWS returned no secret in its answer.");
                return StateResponse::from_diagnostics(diagnostics);
            }
            Err(error) => {
                diagnostics.error(summary, error.to_string());
                return StateResponse::from_diagnostics(diagnostics);
            }
        };
        let mut state = planned.clone();
        let secret_id = secret.client_secret_id().unwrap_or_default();
        state.set_attr(
            "id",
            Value::string(secret_address(target.pool(), client_id, secret_id)),
        );
        state.set_attr("secret_id", Value::string(secret_id));
        state.set_attr("create_date", created(&secret));
        state.set_attr("region", Value::string(target.region()));
        // Only a secret Cognito generated comes back; a custom one is the user's.
        let value = secret.client_secret_value().filter(|_| custom.is_none());
        state.set_attr("client_secret", value.map_or(Value::Null, Value::string));
        StateResponse::with_state(state)
    }

    async fn read(&self, current: &Value, _private: &[u8]) -> StateResponse {
        let mut diagnostics = Diagnostics::default();
        let Some(target) = self.target(current, &mut diagnostics).await else {
            return StateResponse::from_diagnostics(diagnostics);
        };
        let client_id = current.attr("client_id").as_str().unwrap_or_default();
        let secret_id = current.attr("secret_id").as_str().unwrap_or_default();
        let listed = self.cognito.client_secrets().list(&target, client_id).await;
        let secrets = match listed {
            Ok(secrets) => secrets,
            Err(error) if error.is_not_found() => return gone(&error.to_string()),
            Err(error) => {
                diagnostics.error(
                    format!("reading Cognito User Pool Client Secret ({secret_id})"),
                    error.to_string(),
                );
                return StateResponse::from_diagnostics(diagnostics);
            }
        };
        let Some(secret) = secrets
            .iter()
            .find(|s| s.client_secret_id() == Some(secret_id))
        else {
            return gone(&format!(
                "client {client_id} of user pool {} has no secret {secret_id}",
                target.pool()
            ));
        };
        let mut state = current.clone();
        state.set_attr("create_date", created(secret));
        state.set_attr("region", Value::string(target.region()));
        state.set_attr(
            "id",
            Value::string(secret_address(target.pool(), client_id, secret_id)),
        );
        StateResponse::with_state(state)
    }

    /// Nothing to send: every change of an argument replaces the secret, except
    /// what an import could not know (see `REPLACE_UNLESS_FIRST_RECORDED`), which is
    /// only recorded. What Cognito reports stays as the prior state has it.
    async fn update(&self, prior: &Value, planned: &Value) -> StateResponse {
        let mut state = planned.clone();
        for attribute in &self.schema.block.attributes {
            if state.attr(attribute.name).is_unknown() {
                state.set_attr(attribute.name, prior.attr(attribute.name).clone());
            }
        }
        StateResponse::with_state(state)
    }

    /// Cognito refuses to delete a client's last secret. As the old half of a
    /// replacement, that is an error and the secret stays in the state (deleting first
    /// cannot work; nothing has changed). Destroyed for itself (`terraform destroy`,
    /// removed from the configuration, or any delete under Pulumi, which cannot tell),
    /// the secret leaves the state with a warning: it goes with its client, which a
    /// destroy deletes next, and stays valid until then.
    async fn delete(&self, prior: &Value, occasion: Occasion) -> Diagnostics {
        let mut diagnostics = Diagnostics::default();
        let Some(target) = self.target(prior, &mut diagnostics).await else {
            return diagnostics;
        };
        let client_id = prior.attr("client_id").as_str().unwrap_or_default();
        let secret_id = prior.attr("secret_id").as_str().unwrap_or_default();
        let secrets = self.cognito.client_secrets();
        let Err(error) = secrets.delete(&target, client_id, secret_id).await else {
            return diagnostics;
        };
        if error.is_not_found() {
            // Deleted already (or the client is gone): nothing is left to delete.
            return diagnostics;
        }
        let summary = format!("deleting Cognito User Pool Client Secret ({secret_id})");
        // Cognito refuses to delete a client's last secret; say so plainly.
        let remaining = secrets.list(&target, client_id).await;
        let last = remaining.is_ok_and(|listed| {
            listed.len() == 1 && listed[0].client_secret_id() == Some(secret_id)
        });
        match (last, occasion) {
            (true, Occasion::Replacement) => diagnostics.error(
                summary,
                format!(
                    "It is the last secret of client {client_id}, and Cognito keeps at least \
                     one for a client that has secrets, so a replacement cannot delete it \
                     first. Give the resource create_before_destroy (the new secret is then \
                     added before the old one goes). Nothing has changed; the secret stays \
                     in the state. AWS said: {error}"
                ),
            ),
            (true, Occasion::Alone) => diagnostics.warning(
                summary,
                format!(
                    "It is the last secret of client {client_id}, and Cognito keeps at least \
                     one for a client that has secrets: it leaves the state but stays with \
                     the client, valid, until the client is deleted (as a destroy of both \
                     does next) or another secret is added and this one deleted."
                ),
            ),
            (false, _) => diagnostics.error(summary, error.to_string()),
        }
        diagnostics
    }

    async fn import(&self, id: &str) -> StateResponse {
        let mut diagnostics = Diagnostics::default();
        let parts: Vec<&str> = id.split('/').collect();
        let [pool, client_id, secret_id] = parts.as_slice() else {
            diagnostics.error(
                "Parsing Resource ID",
                format!(
                    "wrong format of import ID ({id}), use: \
                     'user-pool-id/client-id/client-secret-id'"
                ),
            );
            return StateResponse::from_diagnostics(diagnostics);
        };
        if [pool, client_id, secret_id]
            .iter()
            .any(|part| part.is_empty())
        {
            diagnostics.error(
                "Parsing Resource ID",
                format!("wrong format of import ID ({id}): a part is empty"),
            );
            return StateResponse::from_diagnostics(diagnostics);
        }
        self.stub(pool, client_id, secret_id, None)
    }

    fn identity_schema(&self) -> Option<&IdentitySchema> {
        Some(&self.identity)
    }

    async fn identity(&self, state: &Value) -> Value {
        let ids = [
            ("user_pool_id", "user_pool_id"),
            ("client_id", "client_id"),
            ("secret_id", "secret_id"),
        ];
        identity::identity_from_state(&self.identity, &self.cognito, state, &ids).await
    }

    /// The same stub as an import of `user_pool_id/client_id/secret_id`, in the
    /// identity's region when it gives one.
    async fn import_by_identity(&self, identity: &Value) -> StateResponse {
        let diagnostics = identity::check_importable(&self.cognito, identity).await;
        if diagnostics.has_errors() {
            return StateResponse::from_diagnostics(diagnostics);
        }
        self.stub(
            identity::required(identity, "user_pool_id"),
            identity::required(identity, "client_id"),
            identity::required(identity, "secret_id"),
            identity::region(identity),
        )
    }

    fn list_schema(&self) -> Option<&Schema> {
        Some(&self.list)
    }

    async fn list(&self, config: &Value, findings: &Findings) -> Diagnostics {
        list::list(self, config, findings).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn import_ids_have_three_parts() {
        let resource = UserPoolClientSecret::new(Arc::new(CognitoClient::default()));
        let imported = resource.import("us-east-1_p/c1/c1--17").await;
        let state = imported.state.expect("a stub");
        assert_eq!(state.attr("secret_id"), &Value::string("c1--17"));
        assert_eq!(state.attr("client_id"), &Value::string("c1"));
        for wrong in ["us-east-1_p/c1", "a/b/c/d", "a//c"] {
            let imported = resource.import(wrong).await;
            assert!(imported.state.is_none(), "{wrong}");
            assert_eq!(imported.diagnostics.0[0].summary, "Parsing Resource ID");
        }
    }

    #[test]
    fn secret_ids_and_dates_are_named_in_messages() {
        let secret = ClientSecretDescriptorType::builder()
            .client_secret_id("c1--1767225600000")
            .client_secret_create_date(aws_smithy_types::DateTime::from_secs(1_767_225_600))
            .build();
        assert_eq!(
            describe_secret(&secret),
            "c1--1767225600000 created 2026-01-01T00:00:00Z"
        );
        assert_eq!(secret_address("p", "c", "s"), "p/c/s");
    }
}
