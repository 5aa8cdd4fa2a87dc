//! `data "aws_cognito_user_pool_clients"`: the ids and names of every app client of
//! a pool, in ListUserPoolClients order, all pages.

use std::sync::Arc;

use async_trait::async_trait;

use crate::aws::CognitoClient;
use crate::framework::datasource::DataSource;
use crate::framework::diag::Diagnostics;
use crate::framework::schema::{Attribute, Block, Mode, Schema};
use crate::framework::value::{Type, Value};
use crate::resources::regional::{read_target, reader_region_attribute};

pub const TYPE_NAME: &str = "aws_cognito_user_pool_clients";

pub struct UserPoolClientsData {
    schema: Schema,
    cognito: Arc<CognitoClient>,
}

impl UserPoolClientsData {
    pub fn new(cognito: Arc<CognitoClient>) -> Self {
        UserPoolClientsData {
            schema: data_source_schema(),
            cognito,
        }
    }
}

fn data_source_schema() -> Schema {
    let strings = || Type::list(Type::String);
    Schema::new(
        0,
        Block {
            attributes: vec![
                Attribute::new(
                    "client_ids",
                    strings(),
                    Mode::Computed,
                    "The ids of the pool's app clients, in the order Cognito lists them.",
                ),
                Attribute::new(
                    "client_names",
                    strings(),
                    Mode::Computed,
                    "The names of the pool's app clients: element i is the name of client_ids[i].",
                ),
                Attribute::new(
                    "id",
                    Type::String,
                    Mode::Computed,
                    "The id of the user pool.",
                ),
                reader_region_attribute(
                    "The AWS region of the user pool. Defaults to the provider's region.",
                ),
                Attribute::new(
                    "user_pool_id",
                    Type::String,
                    Mode::Required,
                    "The id of the user pool whose clients are listed.",
                ),
            ],
            description: "Lists the app clients of an Amazon Cognito user pool.",
            ..Block::default()
        },
    )
}

#[async_trait]
impl DataSource for UserPoolClientsData {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value> {
        let pool = config.attr("user_pool_id").as_str().unwrap_or_default();
        let target = read_target(&self.cognito, config, diagnostics).await?;
        let clients = match self.cognito.user_pool_clients().list(&target).await {
            Ok(clients) => clients,
            Err(error) => {
                let detail = if error.is_not_found() {
                    format!(
                        "No user pool {pool:?} was found in {} ({error}). Check user_pool_id, and \
                         that the pool is in this region (set region, or the provider's region, \
                         to the pool's).",
                        target.region()
                    )
                } else {
                    error.to_string()
                };
                diagnostics.error(
                    format!("reading Cognito User Pool Clients ({pool})"),
                    detail,
                );
                return None;
            }
        };
        let (ids, names): (Vec<Value>, Vec<Value>) = clients
            .iter()
            .map(|client| {
                let text = |value: Option<&str>| Value::string(value.unwrap_or_default());
                (text(client.client_id()), text(client.client_name()))
            })
            .unzip();
        let mut state = self.schema.block.empty_value();
        state.set_attr("client_ids", Value::List(ids));
        state.set_attr("client_names", Value::List(names));
        state.set_attr("id", Value::string(pool));
        state.set_attr("region", Value::string(target.region()));
        state.set_attr("user_pool_id", Value::string(pool));
        Some(state)
    }
}
