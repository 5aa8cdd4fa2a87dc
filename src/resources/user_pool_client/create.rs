//! Creating a client. The AWS layer makes sure it happens exactly once, even when a
//! create fails without a clear answer (see `aws::UserPoolClients::create`).

use aws_sdk_cognitoidentityprovider::operation::create_user_pool_client::CreateUserPoolClientInput;

use crate::aws::CognitoClient;
use crate::framework::diag::Diagnostics;
use crate::framework::mapping::{Rule, TrueOnly};
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::crud::planned_answer;
use super::model::{with_client_config, ClientConfig};
use super::CLIENT;
use crate::resources::regional::target;

pub async fn create(cognito: &CognitoClient, schema: &Schema, planned: &Value) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let clients = cognito.user_pool_clients();
    let config = ClientConfig::from_plan(planned, &Value::Null);
    let region = planned.attr("region").as_str();
    let Some(target) = target(cognito, region, config.user_pool_id(), &mut diagnostics).await
    else {
        return StateResponse::from_diagnostics(diagnostics);
    };
    let summary = format!("creating {} ({})", CLIENT.noun, config.name());
    // Only sent on create; `false` is the API's default and is left out.
    let generate_secret = TrueOnly::expand(planned.attr("generate_secret"));
    // A custom secret, write-only: the framework put the configuration's value in
    // the plan for this call only.
    let custom_secret = planned.attr("client_secret_wo").as_str().map(str::to_owned);
    let request = with_client_config!(CreateUserPoolClientInput::builder(), &config)
        .set_generate_secret(generate_secret)
        .set_client_secret(custom_secret);
    let created = clients.create(&target, request).await;
    planned_answer(schema, &CLIENT, created, planned, &target, summary)
}
