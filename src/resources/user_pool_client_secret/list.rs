//! The list resource of the secret type (`list "aws_cognito_user_pool_client_secret"`):
//! the secrets of one app client (at most two), so that adopting a client's secret
//! takes no hand-copied id.

use crate::framework::diag::Diagnostics;
use crate::framework::list::{Findings, Found};
use crate::framework::schema::{Attribute, Mode, Schema};
use crate::framework::value::{Type, Value};
use crate::resources::listing::{self, report_list_error};
use crate::resources::regional::read_target;

use super::{describe_secret, UserPoolClientSecret};

/// The `list` block's configuration.
pub fn list_schema() -> Schema {
    listing::list_schema(
        "Finds the secrets of an app client of an Amazon Cognito user pool, for `terraform query`.",
        vec![Attribute::new(
            "client_id",
            Type::String,
            Mode::Required,
            "The id of the app client whose secrets are listed.",
        )],
    )
}

/// Hands every secret of the client `config` names to `findings`, as an import of
/// it would give it; named by its id and creation date.
pub async fn list(
    resource: &UserPoolClientSecret,
    config: &Value,
    findings: &Findings,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let Some(target) = read_target(&resource.cognito, config, &mut diagnostics).await else {
        return diagnostics;
    };
    let client_id = config.attr("client_id").as_str().unwrap_or_default();
    let secrets = match resource
        .cognito
        .client_secrets()
        .list(&target, client_id)
        .await
    {
        Ok(secrets) => secrets,
        Err(error) => {
            let what = format!("Cognito User Pool Client Secrets ({client_id})");
            report_list_error(&what, &target, error, &mut diagnostics);
            return diagnostics;
        }
    };
    for secret in &secrets {
        let Some(secret_id) = secret.client_secret_id() else {
            continue;
        };
        let found = Found {
            display_name: describe_secret(secret),
            imported: resource.stub(target.pool(), client_id, secret_id, Some(target.region())),
        };
        if !findings.found(found).await {
            break;
        }
    }
    diagnostics
}
