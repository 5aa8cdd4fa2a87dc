//! `ephemeral "aws_cognito_user_pool_client"`: an app client's secret (with its id
//! and name) for one run, e.g. to hand it to a write-only argument or to another
//! provider's configuration, without it landing in the plan or the state. One
//! DescribeUserPoolClient per open, as the data source of the same name reads it.

use std::sync::Arc;

use async_trait::async_trait;

use crate::aws::CognitoClient;
use crate::data_sources::user_pool_client::describe_configured;
use crate::framework::diag::Diagnostics;
use crate::framework::ephemeral::EphemeralResource;
use crate::framework::schema::{Attribute, Block, Mode, Schema};
use crate::framework::value::{Type, Value};
use crate::resources::regional::reader_region_attribute;

pub const TYPE_NAME: &str = "aws_cognito_user_pool_client";

pub struct UserPoolClientEphemeral {
    schema: Schema,
    cognito: Arc<CognitoClient>,
}

impl UserPoolClientEphemeral {
    pub fn new(cognito: Arc<CognitoClient>) -> Self {
        UserPoolClientEphemeral {
            schema: ephemeral_schema(),
            cognito,
        }
    }
}

fn ephemeral_schema() -> Schema {
    let string = |name, mode, description| Attribute::new(name, Type::String, mode, description);
    Schema::new(
        0,
        Block {
            attributes: vec![
                string("client_id", Mode::Required, "The id of the app client."),
                string("client_secret", Mode::Computed, "The client's secret, or an empty string when it has none. Cognito describes a client with several secrets by its first.").sensitive(),
                string("name", Mode::Computed, "The name of the app client."),
                reader_region_attribute("The AWS region of the user pool. Defaults to the provider's region."),
                string("user_pool_id", Mode::Required, "The id of the user pool the client belongs to."),
            ],
            description: "Opens an app client of an Amazon Cognito user pool for one run: its secret, never stored in a plan or state.",
            ..Block::default()
        },
    )
}

#[async_trait]
impl EphemeralResource for UserPoolClientEphemeral {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn open(&self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value> {
        let (client, target) = describe_configured(&self.cognito, config, diagnostics).await?;
        let mut result = config.clone();
        result.set_attr(
            "client_secret",
            Value::string(client.client_secret().unwrap_or_default()),
        );
        result.set_attr(
            "name",
            Value::string(client.client_name().unwrap_or_default()),
        );
        result.set_attr("region", Value::string(target.region()));
        Some(result)
    }
}
