//! Pulumi acceptance tests: the real Pulumi CLI, its YAML language host and its
//! Terraform bridge (built by `scripts/clients.sh`) drive the freshly built provider
//! against the local Cognito backend, the way `docs/guides/pulumi.md` tells a new user
//! to: programs in YAML written into empty directories, a file state backend and a
//! private `PULUMI_HOME`, the bridge installed with `pulumi plugin install ... --file`,
//! and the provider added with `pulumi package add terraform-provider <path>` under the
//! package name `cognito` (`test_support::pulumi`).
//!
//! Every command is checked for secrets in its output and in Pulumi's logs, and for
//! processes it left running (by process id): the bridge never shuts down the
//! providers it starts, so each must end on its own once the bridge is gone.
//!
//! The user pool, and the Pinpoint application and role of the analytics example,
//! come from stack configuration: pulumi-aws cannot run here.

mod adoption;
mod family;
mod lifecycle;
mod seed_examples;

use test_support::blocking::Backend;
use test_support::pulumi::Project;

/// The YAML type tokens of the package `cognito`.
const CLIENT: &str = "cognito:CognitoUserPoolClient";
const MANAGED: &str = "cognito:CognitoManagedUserPoolClient";
const SECRET: &str = "cognito:CognitoUserPoolClientSecret";

/// The full token of the client resource, as `pulumi import` takes it.
const CLIENT_TOKEN: &str = "cognito:index/cognitoUserPoolClient:CognitoUserPoolClient";

/// A backend with a user pool, and a project whose stack config `poolId` names it.
struct Stack {
    backend: Backend,
    pool: String,
    project: Project,
}

impl Stack {
    fn new() -> Stack {
        let backend = Backend::start();
        let pool = backend.create_user_pool("pulumi");
        let mut project = Project::new(&backend);
        project.config_set("poolId", &pool);
        Stack {
            backend,
            pool,
            project,
        }
    }

    /// Writes the program: the `config:` section declaring `poolId`, then `body`
    /// (which may go on declaring config keys, indented, before its other sections).
    fn program(&self, body: &str) {
        self.project
            .write_program(&format!("config:\n  poolId:\n    type: string\n{body}"));
    }

    /// The ids of a client's secrets in Cognito.
    fn secret_ids(&self, client: &str) -> Vec<String> {
        self.backend.client_secret_ids(&self.pool, client)
    }

    /// A string stack output.
    fn output(&mut self, name: &str) -> String {
        let outputs = self.project.outputs();
        outputs[name]
            .as_str()
            .unwrap_or_else(|| panic!("output {name} is not a string: {outputs}"))
            .to_owned()
    }
}

/// `value` in the checkpoint is a Pulumi secret: ciphertext, not the value.
fn assert_ciphertext(value: &serde_json::Value, what: &str) {
    assert!(
        value["ciphertext"].is_string()
            && value["4dabf18193072939515e22adb298388d"] == "1b47061264138c4ac30d75fd1eb44270",
        "{what} is not a secret in the checkpoint: {value}"
    );
}
