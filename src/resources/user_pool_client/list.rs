//! The list resource of the client types (`list "aws_cognito_user_pool_client"` and
//! `list "aws_cognito_managed_user_pool_client"`): every app client of a pool,
//! page by page, as an import of it would give it, optionally only those whose name
//! begins with `name_prefix`.

use crate::aws::CognitoClient;
use crate::framework::diag::Diagnostics;
use crate::framework::list::{Findings, Found};
use crate::framework::schema::{Attribute, Mode, Schema};
use crate::framework::value::{Type, Value};
use crate::resources::listing::{self, report_list_error};
use crate::resources::regional::read_target;

use super::import;

/// The `list` block's configuration.
pub fn list_schema() -> Schema {
    listing::list_schema(
        "Finds the app clients of an Amazon Cognito user pool, for `terraform query`.",
        vec![Attribute::new(
            "name_prefix",
            Type::String,
            Mode::Optional,
            "Only the app clients whose name begins with this.",
        )],
    )
}

/// Hands every client of the pool `config` names to `findings`, until it wants no
/// more; asks for the next page of clients only when this one is used up.
pub async fn list(
    cognito: &CognitoClient,
    schema: &Schema,
    config: &Value,
    findings: &Findings,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let Some(target) = read_target(cognito, config, &mut diagnostics).await else {
        return diagnostics;
    };
    let pool = config.attr("user_pool_id").as_str().unwrap_or_default();
    let prefix = config.attr("name_prefix").as_str().unwrap_or_default();
    let clients = cognito.user_pool_clients();
    let mut next_token = None;
    loop {
        let (page, next) = match clients.page(&target, next_token).await {
            Ok(page) => page,
            Err(error) => {
                let what = format!("Cognito User Pool Clients ({pool})");
                report_list_error(&what, &target, error, &mut diagnostics);
                return diagnostics;
            }
        };
        for client in &page {
            let (Some(id), name) = (client.client_id(), client.client_name().unwrap_or_default())
            else {
                continue;
            };
            if !name.starts_with(prefix) {
                continue;
            }
            let found = Found {
                display_name: name.to_string(),
                imported: import::stub(schema, pool, id, target.region()),
            };
            if !findings.found(found).await {
                return diagnostics;
            }
        }
        match next {
            Some(_) => next_token = next,
            None => return diagnostics,
        }
    }
}
