//! Self-tests of the harness's output checks against real Terraform runs: a check
//! that never fires would let every other test pass while leaking secrets.

use test_support::blocking::Backend;
use test_support::{hcl_string, Workspace};

/// An output that deliberately prints the client secret in clear.
fn leaking_config(pool: &str) -> String {
    format!(
        r#"terraform {{
  required_providers {{
    aws = {{ source = "cognito-rs/aws" }}
  }}
}}

provider "aws" {{}}

resource "aws_cognito_user_pool_client" "test" {{
  name            = "leaky"
  user_pool_id    = {}
  generate_secret = true
}}

output "leaked" {{
  value = nonsensitive(aws_cognito_user_pool_client.test.client_secret)
}}
"#,
        hcl_string(pool)
    )
}

#[test]
#[should_panic(expected = "output contains a client_secret value in clear")]
fn printed_secret_fails_the_command() {
    let backend = Backend::start();
    let pool = backend.create_user_pool("harness");
    let mut ws = Workspace::new(&backend);
    ws.write_config(&leaking_config(&pool));
    ws.apply();
}

/// The backend's process ends with the test that started it, so that no test
/// leaves a server behind (`Drop` closes its stdin, then kills and reaps it).
#[test]
fn dropping_the_backend_leaves_no_process_behind() {
    let backend = Backend::start();
    let process = std::path::PathBuf::from(format!("/proc/{}", backend.pid()));
    assert!(
        process.exists(),
        "{} while the backend runs",
        process.display()
    );
    drop(backend);
    assert!(
        !process.exists(),
        "{} still exists after the backend was dropped",
        process.display()
    );
}
