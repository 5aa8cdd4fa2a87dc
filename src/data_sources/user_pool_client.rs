//! `data "aws_cognito_user_pool_client"`: one app client, read by pool and client
//! id, with every attribute of the resource of the same name (as the resource
//! would record it), so that one configuration can use a client another manages.

use std::sync::Arc;

use async_trait::async_trait;

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

use crate::aws::{CognitoClient, Target};
use crate::framework::datasource::DataSource;
use crate::framework::diag::Diagnostics;
use crate::framework::schema::{Attribute, Mode, Schema};
use crate::framework::value::{Type, Value};
use crate::resources::regional::read_target;
use crate::resources::user_pool_client::{resource_schema, state_from_client, StateContext};

pub const TYPE_NAME: &str = "aws_cognito_user_pool_client";

pub struct UserPoolClientData {
    schema: Schema,
    /// The resource's schema, which the state is first built in.
    resource_schema: Schema,
    cognito: Arc<CognitoClient>,
}

impl UserPoolClientData {
    pub fn new(cognito: Arc<CognitoClient>) -> Self {
        let resource_schema = resource_schema();
        UserPoolClientData {
            schema: data_source_schema(&resource_schema),
            resource_schema,
            cognito,
        }
    }
}

fn data_source_schema(resource: &Schema) -> Schema {
    let mut schema = resource.read_only(
        &[
            (
                "user_pool_id",
                Mode::Required,
                "The id of the user pool the client belongs to.",
            ),
            (
                "region",
                Mode::OptionalComputed,
                "The AWS region of the user pool. Defaults to the provider's region.",
            ),
        ],
        // What only the resource records: the version of a custom secret it sent.
        &["client_secret_wo_version"],
        vec![
            Attribute::new(
                "client_id",
                Type::String,
                Mode::Required,
                "The id of the app client to read.",
            ),
            Attribute::new(
                "generate_secret",
                Type::Bool,
                Mode::Computed,
                "Whether the client has a client secret.",
            ),
        ],
    );
    schema.block.description = "Reads an app client of an Amazon Cognito user pool.";
    schema
}

#[async_trait]
impl DataSource for UserPoolClientData {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn read(&self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value> {
        let (client, target) = describe_configured(&self.cognito, config, diagnostics).await?;
        let client_id = config.attr("client_id").as_str().unwrap_or_default();
        let has_secret = client.client_secret().is_some_and(|s| !s.is_empty());
        let context = StateContext {
            kept: vec![("generate_secret", Value::Bool(has_secret))],
            region: target.region().to_string(),
            // AWS's units are shown even when they are its defaults, as the official
            // data source does; a rotation that is off stays out, as on the resource.
            wants_units: true,
            wants_rotation: false,
        };
        let resource_state = state_from_client(&self.resource_schema, &client, &context);
        let mut state = self.schema.block.empty_value();
        if let Value::Object(fields) = resource_state {
            // What only the resource records (write-only values, a custom
            // secret's version) is not read.
            let read = fields
                .into_iter()
                .filter(|(name, _)| self.schema.block.attribute(name).is_some());
            for (name, value) in read {
                state.set_attr(&name, value);
            }
        }
        state.set_attr("client_id", Value::string(client_id));
        Some(state)
    }
}

/// The client that `config` names (`client_id`, `user_pool_id`, `region`), with
/// where it was read, or an error that names both ids and says what to check: one
/// DescribeUserPoolClient, for every read-only view of a client.
pub async fn describe_configured(
    cognito: &CognitoClient,
    config: &Value,
    diagnostics: &mut Diagnostics,
) -> Option<(UserPoolClientType, Target)> {
    let client_id = config.attr("client_id").as_str().unwrap_or_default();
    let pool = config.attr("user_pool_id").as_str().unwrap_or_default();
    let target = read_target(cognito, config, diagnostics).await?;
    let summary = format!("reading Cognito User Pool Client ({client_id})");
    let described = cognito
        .user_pool_clients()
        .describe(&target, client_id)
        .await;
    let client = match described {
        Ok(Some(client)) => client,
        Ok(None) => {
            diagnostics.error(summary, "AWS returned no client in its answer.");
            return None;
        }
        Err(error) if error.is_not_found() => {
            diagnostics.error(
                summary,
                format!(
                    "No app client {client_id:?} was found in user pool {pool:?} in {} \
                     ({error}). Check client_id and user_pool_id, and that the pool is in \
                     this region (set region, or the provider's region, to the pool's).",
                    target.region()
                ),
            );
            return None;
        }
        Err(error) => {
            diagnostics.error(summary, error.to_string());
            return None;
        }
    };
    Some((client, target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_readable_resource_attribute_is_read_and_only_the_ids_and_region_are_arguments() {
        let resource = resource_schema();
        let schema = data_source_schema(&resource);
        let block = &schema.block;
        let readable = resource
            .block
            .attributes
            .iter()
            .filter(|a| !a.write_only && a.name != "client_secret_wo_version");
        for attribute in readable {
            assert!(
                block.attribute(attribute.name).is_some(),
                "{} missing",
                attribute.name
            );
        }
        for nested in &resource.block.blocks {
            let read = block
                .attribute(nested.name)
                .expect("a block becomes an attribute");
            assert_eq!(read.ty, Type::list(nested.block.ty()));
        }
        let arguments: Vec<_> = block
            .attributes
            .iter()
            .filter(|a| a.mode.is_configurable())
            .map(|a| (a.name, a.mode))
            .collect();
        assert_eq!(
            arguments,
            [
                ("client_id", Mode::Required),
                ("region", Mode::OptionalComputed),
                ("user_pool_id", Mode::Required),
            ]
        );
        assert!(block.attribute("client_secret").unwrap().sensitive);
        assert!(block.blocks.is_empty());
        assert!(
            block.attribute("client_secret_wo").is_none(),
            "write-only: unreadable"
        );
        assert!(block.attribute("client_secret_wo_version").is_none());
    }
}
