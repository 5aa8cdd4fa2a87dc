//! A client's life under Pulumi: an update in place keeps the id, `pulumi refresh`
//! sees a change made outside Pulumi and the next `pulumi up` undoes it, a change
//! that cannot be made in place replaces the client, the functions read what the
//! resource made, and a value the provider refuses stops `pulumi preview` with a
//! message naming the property.

use super::{Stack, CLIENT};
use test_support::checks;

fn client_program(name: &str, extra: &str) -> String {
    format!(
        "variables:
  one:
    fn::invoke:
      function: cognito:getCognitoUserPoolClient
      arguments:
        userPoolId: ${{poolId}}
        clientId: ${{client.id}}
  all:
    fn::invoke:
      function: cognito:getCognitoUserPoolClients
      arguments:
        # The client's pool, not poolId: a function runs before the resources
        # unless its arguments depend on them.
        userPoolId: ${{client.userPoolId}}
resources:
  client:
    type: {CLIENT}
    properties:
      name: {name}
      userPoolId: ${{poolId}}
      generateSecret: true
{extra}outputs:
  clientId: ${{client.id}}
  readName: ${{one.name}}
  readSecret:
    fn::secret: ${{one.clientSecret}}
  listedNames: ${{all.clientNames}}
  listedIds: ${{all.clientIds}}
"
    )
}

#[test]
fn update_in_place_refresh_of_drift_and_replacement() {
    let mut stack = Stack::new();
    stack.program(&client_program("web", ""));
    stack.project.up();
    stack.project.assert_no_changes();
    let id = stack.output("clientId");

    // An in-place update: the same client, with the new values.
    stack.program(&client_program(
        "web-renamed",
        "      idTokenValidity: 2\n      callbackUrls:\n        - https://example.com/callback\n",
    ));
    let updated = stack.project.up();
    assert!(
        checks::contains_text(&updated.stdout, "1 updated"),
        "{}",
        stack.project.transcript()
    );
    assert_eq!(
        stack.output("clientId"),
        id,
        "an update keeps the client's id"
    );
    let client = stack
        .backend
        .describe_client(&stack.pool, &id)
        .expect("the client");
    assert_eq!(client.client_name(), Some("web-renamed"));
    assert_eq!(client.id_token_validity(), Some(2));
    assert_eq!(client.callback_urls(), ["https://example.com/callback"]);
    stack.project.assert_no_changes();

    // Drift: renamed outside Pulumi. Refresh records it; up puts the name back.
    stack
        .backend
        .rename_client(&stack.pool, &id, "renamed-by-hand");
    stack.project.refresh();
    assert_eq!(
        stack.project.resource_outputs("client")["name"],
        "renamed-by-hand",
        "refresh records the name Cognito has"
    );
    let preview = stack.project.preview();
    assert!(
        checks::contains_text(&preview.stdout, "1 to update"),
        "{}",
        stack.project.transcript()
    );
    stack.project.up();
    let client = stack
        .backend
        .describe_client(&stack.pool, &id)
        .expect("the client");
    assert_eq!(client.client_name(), Some("web-renamed"));
    assert_eq!(client.id_token_validity(), Some(2), "the rest is kept");
    stack.project.assert_no_changes();

    // generateSecret cannot change in place: the client is replaced, create first.
    stack.program(&client_program("web-renamed", "").replace(
        "      generateSecret: true\n",
        "      generateSecret: false\n",
    ));
    let replaced = stack.project.up();
    assert!(
        checks::contains_text(&replaced.stdout, "1 replaced"),
        "{}",
        stack.project.transcript()
    );
    let new_id = stack.output("clientId");
    assert_ne!(new_id, id, "a replacement is a new client");
    assert!(stack.backend.describe_client(&stack.pool, &id).is_none());
    let client = stack
        .backend
        .describe_client(&stack.pool, &new_id)
        .expect("the new client");
    assert!(client.client_secret().is_none(), "without a secret");
    stack.project.assert_no_changes();
    stack.project.destroy();
    assert!(stack
        .backend
        .describe_client(&stack.pool, &new_id)
        .is_none());
}

#[test]
fn both_functions_read_what_the_resource_made() {
    let mut stack = Stack::new();
    let other = stack
        .backend
        .create_client(&stack.pool, "made-elsewhere", |r| r);
    stack.program(&client_program("web", ""));
    stack.project.up();
    let id = stack.output("clientId");
    let secret = stack
        .backend
        .describe_client(&stack.pool, &id)
        .and_then(|c| c.client_secret().map(str::to_owned))
        .expect("a generated secret");
    stack.project.forbid(&secret);
    assert_eq!(stack.output("readName"), "web");
    let outputs = stack.project.outputs();
    let mut names: Vec<&str> = outputs["listedNames"]
        .as_array()
        .expect("a list of names")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["made-elsewhere", "web"]);
    let ids = outputs["listedIds"].as_array().expect("a list of ids");
    assert!(ids.contains(&id.as_str().into()), "{ids:?}");
    assert!(
        ids.contains(&other.client_id().unwrap_or_default().into()),
        "{ids:?}"
    );
    // The bridge does not mark a function's result secret: `fn::secret` does.
    assert_eq!(outputs["readSecret"], "[secret]", "{outputs}");
    assert_eq!(stack.project.outputs_in_clear()["readSecret"], secret);
    stack.project.destroy();
}

#[test]
fn a_value_the_provider_refuses_stops_preview_naming_the_property() {
    let mut stack = Stack::new();
    stack.program(&format!(
        "resources:
  client:
    type: {CLIENT}
    properties:
      userPoolId: ${{poolId}}
      idTokenValidity: 2000
"
    ));
    let preview = stack.project.preview();
    assert!(!preview.status.success(), "{}", stack.project.transcript());
    let text = preview.combined();
    for expected in [
        "Attribute id_token_validity must have a duration between 5m0s and 24h0m0s, got: 2000h0m0s",
        "client.idTokenValidity",
    ] {
        assert!(
            checks::contains_text(&text, expected),
            "{expected:?} missing:\n{text}"
        );
    }
    let up = stack.project.run(&["up", "--yes", "--non-interactive"]);
    assert!(!up.status.success(), "{}", stack.project.transcript());
    assert!(
        stack.backend.list_clients(&stack.pool).is_empty(),
        "nothing is created"
    );
}
