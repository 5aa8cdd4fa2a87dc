//! The rest of the family under Pulumi: the managed client, adopted and left in
//! Cognito on destroy; the client-secret resource, rotated by `triggers`.

use super::{Stack, CLIENT, MANAGED, SECRET};
use test_support::checks;

#[test]
fn the_managed_client_is_adopted_updated_and_left_on_destroy() {
    let mut stack = Stack::new();
    let existing =
        stack
            .backend
            .create_client(&stack.pool, "AmazonOpenSearchService-domain", |r| r);
    let id = existing.client_id().expect("a client id").to_owned();
    stack.program(&format!(
        "resources:
  opensearch:
    type: {MANAGED}
    properties:
      userPoolId: ${{poolId}}
      namePrefix: AmazonOpenSearchService
      callbackUrls:
        - https://search.example.com/_dashboards/app/home
outputs:
  clientId: ${{opensearch.id}}
  name: ${{opensearch.name}}
"
    ));
    stack.project.up();
    assert_eq!(
        stack.output("clientId"),
        id,
        "the existing client is adopted"
    );
    assert_eq!(stack.output("name"), "AmazonOpenSearchService-domain");
    let client = stack
        .backend
        .describe_client(&stack.pool, &id)
        .expect("the client");
    assert_eq!(
        client.callback_urls(),
        ["https://search.example.com/_dashboards/app/home"]
    );
    stack.project.assert_no_changes();
    let destroyed = stack.project.destroy();
    assert!(
        stack.backend.describe_client(&stack.pool, &id).is_some(),
        "the managed client stays in Cognito:\n{}",
        stack.project.transcript()
    );
    assert!(
        checks::contains_text(
            &destroyed.combined(),
            "CognitoManagedUserPoolClient opensearch deleted"
        ),
        "{}",
        stack.project.transcript()
    );
}

/// A client with a generated secret (its own), and the managed secret `managed`;
/// with `original`, the client's own secret adopted by the `import` option.
fn secret_program(rotation: &str, original: Option<&str>) -> String {
    let original = original.map_or(String::new(), |import| {
        format!(
            "  original:
    type: {SECRET}
    properties:
      userPoolId: ${{poolId}}
      clientId: ${{client.id}}
    options:
      import: {import}
"
        )
    });
    format!(
        "resources:
  client:
    type: {CLIENT}
    properties:
      name: api
      userPoolId: ${{poolId}}
      generateSecret: true
  managed:
    type: {SECRET}
    properties:
      userPoolId: ${{poolId}}
      clientId: ${{client.id}}
      triggers:
        rotation: \"{rotation}\"
{original}outputs:
  clientId: ${{client.id}}
  secretId: ${{managed.secretId}}
"
    )
}

/// The rotation guide's first pattern under Pulumi: the client's own secret is
/// adopted with the `import` option and removed, so that the one managed secret can
/// rotate by `triggers`. Pulumi replaces create-first: each rotation adds the new
/// secret, then deletes the old one; the client keeps one secret, never more than
/// two, and is never replaced.
#[test]
fn the_secret_resource_rotates_by_triggers_without_replacing_the_client() {
    let mut stack = Stack::new();
    let only_client = secret_program("1", None);
    let only_client = &only_client[..only_client.find("  managed:").expect("a managed secret")];
    stack.program(&format!(
        "{only_client}outputs:\n  clientId: ${{client.id}}\n"
    ));
    stack.project.up();
    let client = stack.output("clientId");
    let own = stack.backend.client_secret_ids(&stack.pool, &client);
    assert_eq!(own.len(), 1, "the client's own secret");

    let import = format!("{}/{client}/{}", stack.pool, own[0]);
    stack.program(&secret_program("1", Some(&import)));
    let up = stack.project.up();
    assert!(
        checks::contains_text(&up.stdout, "1 imported"),
        "{}",
        stack.project.transcript()
    );
    let managed = stack.output("secretId");
    assert_eq!(
        stack.secret_ids(&client).len(),
        2,
        "the client's own secret and the managed one"
    );
    super::assert_ciphertext(
        &stack.project.resource_outputs("managed")["clientSecret"],
        "the managed secret",
    );
    stack.project.assert_no_changes();

    stack.program(&secret_program("1", None));
    stack.project.up();
    assert_eq!(
        stack.secret_ids(&client),
        [managed],
        "the adopted original is deleted"
    );

    for rotation in ["2", "3"] {
        let before = stack.output("secretId");
        stack.program(&secret_program(rotation, None));
        let up = stack.project.up();
        assert!(
            checks::contains_text(&up.stdout, "1 replaced"),
            "{}",
            stack.project.transcript()
        );
        assert_eq!(stack.output("clientId"), client, "the client is kept");
        let after = stack.output("secretId");
        assert_ne!(after, before, "a new secret");
        assert_eq!(
            stack.secret_ids(&client),
            [after],
            "the old secret is deleted"
        );
        stack.project.assert_no_changes();
    }

    // deleteBeforeReplace on the client's only secret: Pulumi's delete does not say
    // it is half of a replacement, so the old secret, the client's last, leaves the
    // stack but stays valid in Cognito beside the new one, as the guide warns.
    let old = stack.output("secretId");
    stack.program(&secret_program("4", None).replace(
        "        rotation: \"4\"\n",
        "        rotation: \"4\"\n    options:\n      deleteBeforeReplace: true\n",
    ));
    stack.project.up();
    let new = stack.output("secretId");
    let mut expected = vec![old, new];
    expected.sort();
    let mut kept = stack.secret_ids(&client);
    kept.sort();
    assert_eq!(kept, expected, "the old secret is kept beside the new one");

    stack.project.destroy();
    assert!(stack
        .backend
        .describe_client(&stack.pool, &client)
        .is_none());
}

/// Issue 22 under Pulumi: at two secrets (the client's own and a managed one), a
/// rotation by `triggers` needs a third in Pulumi's create-first order; with
/// `deleteBeforeReplace` the bridge still plans the new secret before the old one
/// goes, with nothing that tells it is a replacement. Either way the user sees the
/// clear refusal, and Cognito and the stack keep the same secrets.
#[test]
fn at_two_secrets_a_rotation_is_refused_clearly_and_changes_nothing() {
    let mut stack = Stack::new();
    stack.program(&secret_program("1", None));
    stack.project.up();
    let client = stack.output("clientId");
    let managed = stack.output("secretId");
    let before = stack.secret_ids(&client);
    assert_eq!(
        before.len(),
        2,
        "the client's own secret and the managed one"
    );

    for delete_first in [false, true] {
        let mut program = secret_program("2", None);
        if delete_first {
            program = program.replace(
                "        rotation: \"2\"\n",
                "        rotation: \"2\"\n    options:\n      deleteBeforeReplace: true\n",
            );
        }
        stack.program(&program);
        let refused = stack.project.run(&["up", "--yes", "--non-interactive"]);
        assert!(!refused.status.success(), "{}", stack.project.transcript());
        assert!(
            checks::contains_text(&refused.combined(), "Too many client secrets"),
            "{}",
            stack.project.transcript()
        );
        assert_eq!(stack.secret_ids(&client), before, "Cognito is unchanged");
        assert_eq!(stack.output("secretId"), managed, "so is the stack");
    }
    stack.program(&secret_program("1", None));
    stack.project.assert_no_changes();
    stack.project.destroy();
}
