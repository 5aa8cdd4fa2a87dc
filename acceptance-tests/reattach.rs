//! `terraform-provider-aws --debug`: Terraform reattaches to a provider process a
//! developer started (e.g. under a debugger) through `TF_REATTACH_PROVIDERS`.

use test_support::fixture::{client, Fixture};
use test_support::hcl_string;
use test_support::reattach::DebugProvider;

/// Apply, a no-op plan and destroy are all served by the one process started with
/// `--debug`, which outlives them.
#[test]
fn terraform_reattaches_to_a_provider_started_with_debug() {
    let mut f = Fixture::new();
    let mut provider = DebugProvider::start(&f.ws);
    f.ws.set_env("TF_REATTACH_PROVIDERS", provider.reattach());
    // A provider Terraform launched itself would get this unreachable endpoint and
    // fail; the reattached one keeps the backend's from its own environment.
    f.ws.set_env(
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
        "http://127.0.0.1:1",
    );
    f.write(&client(
        "test",
        &format!(
            "  name         = \"reattached\"\n  user_pool_id = {}",
            hcl_string(&f.pool)
        ),
    ));

    f.ws.apply();
    let clients = f.backend.list_clients(&f.pool);
    assert_eq!(clients.len(), 1, "clients after apply");
    assert_eq!(clients[0].client_name.as_deref(), Some("reattached"));
    f.ws.assert_no_changes();
    f.ws.destroy();
    assert!(
        f.backend.list_clients(&f.pool).is_empty(),
        "clients after destroy"
    );
    assert!(
        provider.is_running(),
        "Terraform must leave a reattached provider running (pid {})",
        provider.pid()
    );
}
