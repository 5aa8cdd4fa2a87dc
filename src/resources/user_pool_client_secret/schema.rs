//! The schema of `aws_cognito_user_pool_client_secret`: what names the client,
//! the custom value (the client's own write-only rules), the replacement
//! triggers, and what Cognito reports of the secret.

use crate::framework::planmodifier::{RequiresReplace, UseStateForUnknown};
use crate::framework::schema::{Attribute, Block, Mode, Schema};
use crate::framework::value::Type;
use crate::resources::regional::region_attribute;
use crate::resources::user_pool_client::schema::{
    custom_secret_attributes, CUSTOM_SECRET_NEEDS_ITS_VERSION, REPLACE_UNLESS_FIRST_RECORDED,
};

pub fn resource_schema() -> Schema {
    let computed = |name, description| {
        Attribute::new(name, Type::String, Mode::Computed, description)
            .plan_modifier(UseStateForUnknown)
    };
    let mut attributes = vec![
        Attribute::new("user_pool_id", Type::String, Mode::Required, "The id of the user pool of the client. Changing it replaces the secret.")
            .plan_modifier(RequiresReplace),
        Attribute::new("client_id", Type::String, Mode::Required, "The id of the app client the secret belongs to. Changing it replaces the secret.")
            .plan_modifier(RequiresReplace),
        Attribute::new("triggers", Type::Map(Box::new(Type::String)), Mode::Optional, "Arbitrary values whose change replaces the secret, e.g. a date from `time_rotating` for scheduled rotation. After an import, the configured values are recorded without a replacement.")
            .plan_modifier(REPLACE_UNLESS_FIRST_RECORDED),
        computed("secret_id", "Cognito's id of the secret (ClientSecretId)."),
        computed("create_date", "When Cognito created the secret (RFC 3339)."),
        computed("client_secret", "The secret's value when Cognito generated it; null for a value of your own (`client_secret_wo`) and after an import, since Cognito never lists values.")
            .sensitive(),
        computed("id", "`user_pool_id/client_id/secret_id`."),
        region_attribute("The AWS region of the user pool. Defaults to the provider's region. Changing it replaces the secret."),
    ];
    attributes.extend(custom_secret_attributes(
        "A secret of your own (write-only, Terraform 1.11 or later: never stored in the plan or state): 24 to 64 letters, digits, `_` or `+`. Left out, Cognito generates one. Needs `client_secret_wo_version`.",
        "The version of `client_secret_wo`: changing it replaces the secret, which is how a new custom value is sent.",
    ));
    attributes.sort_by_key(|a| a.name);
    Schema::new(
        0,
        Block {
            attributes,
            description: "Manages one secret of an Amazon Cognito app client, for rotation without replacing the client.",
            ..Block::default()
        }
        .validator(CUSTOM_SECRET_NEEDS_ITS_VERSION),
    )
}
