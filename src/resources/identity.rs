//! The identities of this provider's resources (Terraform and OpenTofu 1.12+), each
//! attribute declared once and shared by the three resources, in the official AWS
//! provider's convention for regional resources: the ids that name the object,
//! required for import, then `account_id` and `region`, optional.

use crate::aws::CognitoClient;
use crate::framework::diag::Diagnostics;
use crate::framework::identity::{IdentityAttribute, IdentitySchema};
use crate::framework::path::Path;
use crate::framework::value::Value;

use super::regional::check_region_name;

const USER_POOL_ID: IdentityAttribute = IdentityAttribute::required(
    "user_pool_id",
    "ID of the user pool the app client belongs to.",
);
const CLIENT_ID: IdentityAttribute =
    IdentityAttribute::required("client_id", "ID of the app client.");
const SECRET_ID: IdentityAttribute = IdentityAttribute::required(
    "secret_id",
    "ID of the client secret (`CLIENT_ID--MILLISECONDS`).",
);
const ACCOUNT_ID: IdentityAttribute =
    IdentityAttribute::optional("account_id", "AWS Account where this resource is managed.");
const REGION: IdentityAttribute =
    IdentityAttribute::optional("region", "Region where this resource is managed.");

/// The identity of an app client (`aws_cognito_user_pool_client`,
/// `aws_cognito_managed_user_pool_client`).
pub fn client_identity() -> IdentitySchema {
    IdentitySchema {
        version: 0,
        attributes: vec![USER_POOL_ID, CLIENT_ID, ACCOUNT_ID, REGION],
    }
}

/// The identity of a client secret (`aws_cognito_user_pool_client_secret`).
pub fn secret_identity() -> IdentitySchema {
    IdentitySchema {
        version: 0,
        attributes: vec![USER_POOL_ID, CLIENT_ID, SECRET_ID, ACCOUNT_ID, REGION],
    }
}

/// The identity of the object whose ids are `ids` (identity attribute, state
/// attribute) in `state`: those ids, the state's `region` (the provider's when the
/// state has none yet, as an import's stub may), and the account of the provider's
/// credentials (null when it cannot be had).
pub async fn identity_from_state(
    schema: &IdentitySchema,
    cognito: &CognitoClient,
    state: &Value,
    ids: &[(&str, &str)],
) -> Value {
    let account = cognito.account_id().await;
    let mut values: Vec<(&str, Option<&str>)> = ids
        .iter()
        .map(|(identity, attribute)| (*identity, state.attr(attribute).as_str()))
        .collect();
    values.push((ACCOUNT_ID.name, account.as_deref()));
    let region = match state.attr(REGION.name).as_str() {
        Some(region) => Some(region.to_string()),
        None => cognito.default_region().await.ok(),
    };
    values.push((REGION.name, region.as_deref()));
    schema.value(&values)
}

/// What is wrong with an identity to import: an account other than the provider's,
/// a region name that is not one.
pub async fn check_importable(cognito: &CognitoClient, identity: &Value) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    check_account(cognito, identity, &mut diagnostics).await;
    if let Some(region) = region(identity) {
        check_region_name(cognito, region, &Path::root(REGION.name), &mut diagnostics);
    }
    diagnostics
}

/// Refuses an identity to import whose `account_id` is not the provider's, as the
/// official provider does; one without `account_id`, or a provider whose account
/// cannot be had, passes.
async fn check_account(cognito: &CognitoClient, identity: &Value, diagnostics: &mut Diagnostics) {
    let Some(wanted) = identity.attr(ACCOUNT_ID.name).as_str() else {
        return;
    };
    match cognito.account_id().await {
        Some(account) if account != wanted => diagnostics.attribute_error(
            Path::root(ACCOUNT_ID.name),
            "Invalid Resource Import ID Value",
            format!(
                "Provider configured with Account ID \"{account}\" cannot be used to import resources \
                 from account \"{wanted}\". Use a provider configured for that account."
            ),
        ),
        _ => {}
    }
}

/// An identity attribute's value (its import requires it, so the framework has
/// checked that it is there).
pub fn required<'a>(identity: &'a Value, name: &str) -> &'a str {
    identity.attr(name).as_str().unwrap_or_default()
}

/// The identity's `region`, if it gives one.
pub fn region(identity: &Value) -> Option<&str> {
    identity.attr(REGION.name).as_str()
}
