//! `aws_cognito_user_pool_client`: an app client of a Cognito user pool.
//!
//! The schema (attribute names, types, modes) matches the official AWS provider's
//! resource, so that states and configurations move between the two unchanged.

mod create;
mod crud;
mod generate_secret;
mod import;
mod lifetimes;
mod model;
mod planning;
mod rules;
mod schema;
#[cfg(test)]
mod testing;

pub use model::{state_from_client, StateContext};
pub use schema::resource_schema;

use std::sync::Arc;

use async_trait::async_trait;

use crate::aws::CognitoClient;
use crate::framework::diag::Diagnostics;
use crate::framework::plan::PlannedChange;
use crate::framework::planmodifier::ProviderValues;
use crate::framework::resource::{PlanRequest, Resource, StateResponse};
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::regional;

pub const TYPE_NAME: &str = "aws_cognito_user_pool_client";

pub struct UserPoolClient {
    schema: Schema,
    cognito: Arc<CognitoClient>,
}

impl UserPoolClient {
    pub fn new(cognito: Arc<CognitoClient>) -> Self {
        UserPoolClient {
            schema: schema::resource_schema(),
            cognito,
        }
    }
}

#[async_trait]
impl Resource for UserPoolClient {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn provider_values(&self) -> Result<ProviderValues, Diagnostics> {
        regional::provider_values(&self.cognito).await
    }

    async fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange) {
        planning::modify_plan(request, change);
    }

    async fn create(&self, planned: &Value) -> StateResponse {
        create::create(&self.cognito, &self.schema, planned).await
    }

    async fn read(&self, current: &Value, private: &[u8]) -> StateResponse {
        crud::read(&self.cognito, &self.schema, current, private).await
    }

    async fn update(&self, prior: &Value, planned: &Value) -> StateResponse {
        crud::update(&self.cognito, &self.schema, prior, planned).await
    }

    async fn delete(&self, prior: &Value) -> Diagnostics {
        crud::delete(&self.cognito, prior).await
    }

    async fn import(&self, id: &str) -> StateResponse {
        import::import(&self.cognito, &self.schema, id).await
    }
}
