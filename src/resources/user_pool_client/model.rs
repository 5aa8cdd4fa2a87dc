//! Mapping between the resource's Terraform values and Cognito's API shapes.

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

use crate::framework::schema::Schema;
use crate::framework::value::Value;

/// The arguments a create or update sends, read from a planned state.
pub struct ClientArguments {
    pub user_pool_id: String,
    pub name: String,
    /// Only sent on create; `false` is the API's default, so it is left out.
    pub generate_secret: Option<bool>,
}

impl ClientArguments {
    pub fn from_plan(planned: &Value) -> Self {
        let text = |name| planned.attr(name).as_str().unwrap_or_default().to_string();
        ClientArguments {
            user_pool_id: text("user_pool_id"),
            name: text("name"),
            generate_secret: planned
                .attr("generate_secret")
                .as_bool()
                .filter(|&generate| generate),
        }
    }
}

/// The state for a client as Cognito describes it. The API does not return
/// `generate_secret`: a known value from Terraform is kept, and a missing one
/// (after an import) is read off the client: whether it has a secret.
pub fn state_from_client(
    schema: &Schema,
    client: &UserPoolClientType,
    generate_secret: &Value,
) -> Value {
    let text = |value: Option<&str>| Value::string(value.unwrap_or_default());
    let has_secret = client
        .client_secret()
        .is_some_and(|secret| !secret.is_empty());
    let generate_secret = match generate_secret {
        Value::Bool(_) => generate_secret.clone(),
        _ => Value::Bool(has_secret),
    };
    let mut state = Value::null_object(schema.ty());
    if let Value::Object(fields) = &mut state {
        fields.insert("id".into(), text(client.client_id()));
        fields.insert("name".into(), text(client.client_name()));
        fields.insert("user_pool_id".into(), text(client.user_pool_id()));
        fields.insert("client_secret".into(), text(client.client_secret()));
        fields.insert("generate_secret".into(), generate_secret);
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::user_pool_client::schema::resource_schema;

    #[test]
    fn a_client_without_secret_has_an_empty_secret_and_keeps_generate_secret() {
        let schema = resource_schema();
        let client = UserPoolClientType::builder()
            .client_id("c1")
            .client_name("app")
            .user_pool_id("us-east-1_x")
            .build();
        let state = state_from_client(&schema, &client, &Value::Bool(false));
        assert_eq!(state.attr("client_secret"), &Value::string(""));
        assert_eq!(state.attr("generate_secret"), &Value::Bool(false));
        assert_eq!(state.attr("id"), &Value::string("c1"));
        assert!(state.is_wholly_known());
    }

    #[test]
    fn an_imported_client_reports_whether_it_has_a_secret() {
        let schema = resource_schema();
        let with_secret = UserPoolClientType::builder()
            .client_secret("s3cr3t")
            .build();
        let without = UserPoolClientType::builder().build();
        let state = state_from_client(&schema, &with_secret, &Value::Null);
        assert_eq!(state.attr("generate_secret"), &Value::Bool(true));
        let state = state_from_client(&schema, &without, &Value::Null);
        assert_eq!(state.attr("generate_secret"), &Value::Bool(false));
    }

    #[test]
    fn false_generate_secret_is_not_sent() {
        let schema = resource_schema();
        let mut planned = Value::null_object(schema.ty());
        *planned.attr_mut("generate_secret").unwrap() = Value::Bool(false);
        assert_eq!(ClientArguments::from_plan(&planned).generate_secret, None);
        *planned.attr_mut("generate_secret").unwrap() = Value::Bool(true);
        assert_eq!(
            ClientArguments::from_plan(&planned).generate_secret,
            Some(true)
        );
    }
}
