//! The four examples of pulumi-aws's `aws.cognito.UserPoolClient` page, the project's
//! seed, in YAML as the page writes them, with this provider's token for the client
//! and the pool, the Pinpoint application and the role from stack configuration. Each
//! is applied, previews no change, is checked in Cognito, and destroyed.

use aws_sdk_cognitoidentityprovider::types::{
    ExplicitAuthFlowsType, OAuthFlowType, UserPoolClientType,
};

use super::{assert_ciphertext, Stack, CLIENT};

/// Applies `program`, checks that a second preview plans nothing, hands the client of
/// output `clientId` to `check`, and destroys the stack: the client is then gone.
fn apply_preview_check_destroy(
    mut stack: Stack,
    program: &str,
    check: impl FnOnce(&mut Stack, &UserPoolClientType),
) {
    stack.program(program);
    stack.project.up();
    stack.project.assert_no_changes();
    let id = stack.output("clientId");
    let client = stack
        .backend
        .describe_client(&stack.pool, &id)
        .unwrap_or_else(|| {
            panic!(
                "client {id} is not in Cognito:\n{}",
                stack.project.transcript()
            )
        });
    check(&mut stack, &client);
    stack.project.destroy();
    assert!(
        stack.backend.describe_client(&stack.pool, &id).is_none(),
        "client {id} is still in Cognito after pulumi destroy"
    );
}

#[test]
fn a_basic_user_pool_client() {
    let program = format!(
        "resources:
  client:
    type: {CLIENT}
    properties:
      userPoolId: ${{poolId}}
outputs:
  clientId: ${{client.id}}
"
    );
    apply_preview_check_destroy(Stack::new(), &program, |_, client| {
        let name = client.client_name().unwrap_or_default();
        // The bridge auto-names `name`: `<resource name>-<7 hex digits>`.
        let suffix = name.strip_prefix("client-").unwrap_or_default();
        assert!(
            suffix.len() == 7 && suffix.bytes().all(|b| b.is_ascii_hexdigit()),
            "auto-name {name:?}"
        );
        assert!(client.client_secret().is_none(), "no secret was asked for");
    });
}

#[test]
fn a_client_with_no_srp_authentication_and_a_generated_secret() {
    let program = format!(
        "resources:
  client:
    type: {CLIENT}
    properties:
      userPoolId: ${{poolId}}
      generateSecret: true
      explicitAuthFlows:
        - ADMIN_NO_SRP_AUTH
outputs:
  clientId: ${{client.id}}
  clientSecret: ${{client.clientSecret}}
"
    );
    apply_preview_check_destroy(Stack::new(), &program, |stack, client| {
        assert_eq!(
            client.explicit_auth_flows(),
            [ExplicitAuthFlowsType::AdminNoSrpAuth]
        );
        let secret = client.client_secret().expect("a generated secret");
        stack.project.forbid(secret);
        let outputs = stack.project.resource_outputs("client");
        assert_ciphertext(&outputs["clientSecret"], "the client's clientSecret");
        let export = stack.project.stack_export();
        assert_ciphertext(
            &export["deployment"]["resources"]
                .as_array()
                .and_then(|r| r.iter().find(|r| r["type"] == "pulumi:pulumi:Stack"))
                .map(|stack| stack["outputs"]["clientSecret"].clone())
                .unwrap_or_default(),
            "the stack output clientSecret",
        );
        assert_eq!(
            stack.project.outputs_in_clear()["clientSecret"],
            secret,
            "the secret output decrypts to the client's secret"
        );
    });
}

#[test]
fn a_client_with_pinpoint_analytics() {
    let mut stack = Stack::new();
    let application = "0123456789abcdef0123456789abcdef";
    let role = "arn:aws:iam::123456789012:role/cognito-pinpoint-analytics";
    stack.project.config_set("applicationId", application);
    stack.project.config_set("roleArn", role);
    let program = format!(
        "  applicationId:
    type: string
  roleArn:
    type: string
resources:
  testUserPoolClient:
    type: {CLIENT}
    properties:
      userPoolId: ${{poolId}}
      analyticsConfiguration:
        applicationId: ${{applicationId}}
        externalId: some_id
        roleArn: ${{roleArn}}
        userDataShared: true
outputs:
  clientId: ${{testUserPoolClient.id}}
"
    );
    apply_preview_check_destroy(stack, &program, |_, client| {
        let analytics = client
            .analytics_configuration()
            .expect("an analytics configuration");
        assert_eq!(analytics.application_id(), Some(application));
        assert_eq!(analytics.external_id(), Some("some_id"));
        assert_eq!(analytics.role_arn(), Some(role));
        assert!(analytics.user_data_shared());
    });
}

#[test]
fn a_client_using_cognito_as_the_identity_provider() {
    let program = format!(
        "resources:
  userpoolClient:
    type: {CLIENT}
    properties:
      userPoolId: ${{poolId}}
      callbackUrls:
        - https://example.com
      allowedOauthFlowsUserPoolClient: true
      allowedOauthFlows:
        - code
        - implicit
      allowedOauthScopes:
        - email
        - openid
      supportedIdentityProviders:
        - COGNITO
outputs:
  clientId: ${{userpoolClient.id}}
"
    );
    apply_preview_check_destroy(Stack::new(), &program, |_, client| {
        assert_eq!(client.callback_urls(), ["https://example.com"]);
        assert_eq!(client.allowed_o_auth_flows_user_pool_client(), Some(true));
        let mut flows = client.allowed_o_auth_flows().to_vec();
        flows.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        assert_eq!(flows, [OAuthFlowType::Code, OAuthFlowType::Implicit]);
        let mut scopes = client.allowed_o_auth_scopes().to_vec();
        scopes.sort();
        assert_eq!(scopes, ["email", "openid"]);
        assert_eq!(client.supported_identity_providers(), ["COGNITO"]);
    });
}
