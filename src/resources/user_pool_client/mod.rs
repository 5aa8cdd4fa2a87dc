//! `aws_cognito_user_pool_client`: an app client of a Cognito user pool.
//!
//! The schema (attribute names, types, modes) matches the official AWS provider's
//! resource, so that states and configurations move between the two unchanged.

mod create;
pub(crate) mod crud;
mod generate_secret;
pub(crate) mod import;
mod lifetimes;
mod list;
mod model;
pub(crate) mod planning;
pub(crate) mod rules;
pub(crate) mod schema;
#[cfg(test)]
pub(crate) mod testing;

pub use model::{state_from_client, StateContext};
pub use schema::resource_schema;

use std::sync::Arc;

use async_trait::async_trait;

use crate::aws::CognitoClient;
use crate::framework::diag::Diagnostics;
use crate::framework::identity::IdentitySchema;
use crate::framework::list::Findings;
use crate::framework::plan::PlannedChange;
use crate::framework::planmodifier::ProviderValues;
use crate::framework::resource::{Occasion, PlanRequest, Resource, StateResponse};
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::{identity, regional};

pub const TYPE_NAME: &str = "aws_cognito_user_pool_client";

/// What differs between the resources built on this module's schema, mapping,
/// planning and CRUD: `aws_cognito_user_pool_client` creates its client, and
/// `aws_cognito_managed_user_pool_client` adopts one that another service created.
pub struct ClientKind {
    pub type_name: &'static str,
    /// The resource as error summaries name it, e.g. "Cognito User Pool Client".
    pub noun: &'static str,
    /// Whether the resource creates its client. It then has `generate_secret`, and
    /// what the plan of a create leaves unknown becomes AWS's defaults. A resource
    /// that adopts a client has no `generate_secret`, and what it leaves unknown
    /// keeps the adopted client's values.
    pub creates: bool,
    /// Attributes that AWS does not report: a state takes them from the plan, and a
    /// refresh from the prior state.
    pub kept: &'static [&'static str],
}

/// `aws_cognito_user_pool_client`.
pub const CLIENT: ClientKind = ClientKind {
    type_name: TYPE_NAME,
    noun: "Cognito User Pool Client",
    creates: true,
    kept: &["generate_secret", "client_secret_wo_version"],
};

/// What a [`Lifecycle`] works with: the AWS client and the resource's schema.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub cognito: &'a CognitoClient,
    pub schema: &'a Schema,
}

/// How a client resource plans, comes into being, changes and goes; the rest (its
/// region, refresh and import) is the same for every [`ClientKind`].
#[async_trait]
pub trait Lifecycle: Default + Send + Sync {
    const KIND: ClientKind;

    fn schema() -> Schema;

    fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange);

    async fn create(&self, on: Context<'_>, planned: &Value) -> StateResponse;

    async fn update(&self, on: Context<'_>, prior: &Value, planned: &Value) -> StateResponse;

    async fn delete(&self, on: Context<'_>, prior: &Value) -> Diagnostics;

    /// Completes the state that the read right after an import gives, with what
    /// AWS does not hold; by default nothing.
    fn after_import(&self, _state: &mut Value) {}
}

/// A resource built on this module, with the [`Lifecycle`] `L`.
pub struct ClientResource<L> {
    schema: Schema,
    identity: IdentitySchema,
    list: Schema,
    cognito: Arc<CognitoClient>,
    lifecycle: L,
}

impl<L: Lifecycle> ClientResource<L> {
    pub fn new(cognito: Arc<CognitoClient>) -> Self {
        ClientResource {
            schema: L::schema(),
            identity: identity::client_identity(),
            list: list::list_schema(),
            cognito,
            lifecycle: L::default(),
        }
    }

    fn on(&self) -> Context<'_> {
        Context {
            cognito: &self.cognito,
            schema: &self.schema,
        }
    }
}

#[async_trait]
impl<L: Lifecycle> Resource for ClientResource<L> {
    fn type_name(&self) -> &'static str {
        L::KIND.type_name
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn provider_values(&self) -> Result<ProviderValues, Diagnostics> {
        regional::provider_values(&self.cognito).await
    }

    async fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange) {
        self.lifecycle.modify_plan(request, change);
    }

    async fn create(&self, planned: &Value, _: Occasion) -> StateResponse {
        self.lifecycle.create(self.on(), planned).await
    }

    async fn read(&self, current: &Value, private: &[u8]) -> StateResponse {
        let mut read = crud::read(&self.cognito, &self.schema, &L::KIND, current, private).await;
        if private == import::IMPORTED {
            if let Some(state) = read.state.as_mut() {
                self.lifecycle.after_import(state);
            }
        }
        read
    }

    async fn update(&self, prior: &Value, planned: &Value) -> StateResponse {
        self.lifecycle.update(self.on(), prior, planned).await
    }

    async fn delete(&self, prior: &Value, _: Occasion) -> Diagnostics {
        self.lifecycle.delete(self.on(), prior).await
    }

    async fn import(&self, id: &str) -> StateResponse {
        import::import(&self.cognito, &self.schema, &L::KIND, id).await
    }

    fn identity_schema(&self) -> Option<&IdentitySchema> {
        Some(&self.identity)
    }

    async fn identity(&self, state: &Value) -> Value {
        let ids = [("user_pool_id", "user_pool_id"), ("client_id", "id")];
        identity::identity_from_state(&self.identity, &self.cognito, state, &ids).await
    }

    /// The same stub as an import of `user_pool_id/client_id@region`, without making
    /// and parsing that id (an identity's values may hold `/` or `@`).
    async fn import_by_identity(&self, identity: &Value) -> StateResponse {
        let diagnostics = identity::check_importable(&self.cognito, identity).await;
        if diagnostics.has_errors() {
            return StateResponse::from_diagnostics(diagnostics);
        }
        let named = import::ImportId {
            user_pool_id: identity::required(identity, "user_pool_id"),
            client: import::ClientRef::Id(identity::required(identity, "client_id")),
            region: identity::region(identity),
        };
        import::import_named(&self.cognito, &self.schema, &L::KIND, named).await
    }

    fn list_schema(&self) -> Option<&Schema> {
        Some(&self.list)
    }

    async fn list(&self, config: &Value, findings: &Findings) -> Diagnostics {
        list::list(&self.cognito, &self.schema, config, findings).await
    }
}

/// `aws_cognito_user_pool_client`: creates the client, deletes it on destroy.
pub type UserPoolClient = ClientResource<Created>;

#[derive(Default)]
pub struct Created;

#[async_trait]
impl Lifecycle for Created {
    const KIND: ClientKind = CLIENT;

    fn schema() -> Schema {
        schema::resource_schema()
    }

    fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange) {
        planning::modify_plan(&CLIENT, request, change);
    }

    async fn create(&self, on: Context<'_>, planned: &Value) -> StateResponse {
        create::create(on.cognito, on.schema, planned).await
    }

    async fn update(&self, on: Context<'_>, prior: &Value, planned: &Value) -> StateResponse {
        crud::update(on.cognito, on.schema, &CLIENT, prior, planned).await
    }

    async fn delete(&self, on: Context<'_>, prior: &Value) -> Diagnostics {
        crud::delete(on.cognito, prior).await
    }
}
