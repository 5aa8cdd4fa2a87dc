//! Adopting clients made outside Pulumi: with the `import` resource option in the
//! program, and with `pulumi import`, whose generated definition then plans no change.

use super::{Stack, CLIENT, CLIENT_TOKEN};
use test_support::checks;

#[test]
fn the_import_option_adopts_a_client_without_changing_it() {
    let mut stack = Stack::new();
    let existing = stack
        .backend
        .create_client(&stack.pool, "made-by-hand", |r| {
            r.generate_secret(true)
                .callback_urls("https://example.com/callback")
        });
    let id = existing.client_id().expect("a client id").to_owned();
    stack
        .project
        .forbid(existing.client_secret().expect("a secret"));
    // `import` takes a literal id: an interpolation is not allowed there.
    stack.program(&format!(
        "resources:
  adopted:
    type: {CLIENT}
    properties:
      name: made-by-hand
      userPoolId: ${{poolId}}
      generateSecret: true
      callbackUrls:
        - https://example.com/callback
    options:
      import: {pool}/{id}
outputs:
  clientId: ${{adopted.id}}
",
        pool = stack.pool
    ));
    let up = stack.project.up();
    assert!(
        checks::contains_text(&up.stdout, "1 imported"),
        "{}",
        stack.project.transcript()
    );
    assert_eq!(stack.output("clientId"), id);
    stack.project.assert_no_changes();
    let after = stack
        .backend
        .describe_client(&stack.pool, &id)
        .expect("the client");
    assert_eq!(
        after.client_secret(),
        existing.client_secret(),
        "the same secret"
    );

    // A wrong id is an error naming it, and adopts nothing.
    stack.program(&format!(
        "resources:
  missing:
    type: {CLIENT}
    properties:
      name: missing
      userPoolId: ${{poolId}}
    options:
      import: {pool}/nosuchclient0000000000000
",
        pool = stack.pool
    ));
    let failed = stack.project.run(&["up", "--yes", "--non-interactive"]);
    assert!(!failed.status.success(), "{}", stack.project.transcript());
    assert!(
        checks::contains_text(
            &failed.combined(),
            "Cannot import non-existent remote object"
        ) && checks::contains_text(&failed.combined(), "nosuchclient0000000000000"),
        "{}",
        stack.project.transcript()
    );
}

#[test]
fn pulumi_import_generates_a_definition_that_plans_no_change() {
    let mut stack = Stack::new();
    let existing = stack
        .backend
        .create_client(&stack.pool, "console-made", |r| {
            r.generate_secret(true)
                .callback_urls("https://example.com/callback")
                .allowed_o_auth_flows_user_pool_client(true)
                .allowed_o_auth_flows(aws_sdk_cognitoidentityprovider::types::OAuthFlowType::Code)
                .allowed_o_auth_scopes("openid")
                .supported_identity_providers("COGNITO")
                .id_token_validity(2)
        });
    let id = existing.client_id().expect("a client id").to_owned();
    stack
        .project
        .forbid(existing.client_secret().expect("a secret"));
    stack.program("");
    let generated = stack
        .project
        .import(CLIENT_TOKEN, "adopted", &format!("{}/{id}", stack.pool));
    assert!(
        generated.contains(&format!("type: {CLIENT}")) && generated.contains("console-made"),
        "generated definition:\n{generated}"
    );
    assert!(
        !generated.contains(existing.client_secret().unwrap_or_default()),
        "the generated definition holds the secret"
    );
    // The definition as generated, under `resources:`, plans no change.
    stack.program(&generated);
    stack.project.assert_no_changes();
    let client = stack
        .backend
        .describe_client(&stack.pool, &id)
        .expect("the client");
    assert_eq!(client.client_name(), Some("console-made"));

    // Generated definitions are protected; a user unprotects before destroying.
    stack
        .project
        .run_ok(&["state", "unprotect", "--all", "--yes"]);
    stack.project.destroy();
    assert!(stack.backend.describe_client(&stack.pool, &id).is_none());
}
