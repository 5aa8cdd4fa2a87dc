//! Keeps one RPC's failure inside that RPC: a panic in a handler becomes an error
//! diagnostic in an OK response instead of a dropped connection ("Plugin did not
//! respond"). A stop request is the framework's business (`framework::server`).

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;

use crate::framework::diag::Diagnostics;
use crate::proto::tfplugin6 as pb;

use super::convert::diagnostics_to_proto;

/// A response message that carries diagnostics.
pub trait DiagnosticsResponse: Default {
    fn diagnostics_mut(&mut self) -> &mut Vec<pb::Diagnostic>;
}

macro_rules! diagnostics_response {
    ($($message:ty),* $(,)?) => {
        $(impl DiagnosticsResponse for $message {
            fn diagnostics_mut(&mut self) -> &mut Vec<pb::Diagnostic> {
                &mut self.diagnostics
            }
        })*
    };
}

diagnostics_response!(
    pb::get_provider_schema::Response,
    pb::validate_provider_config::Response,
    pb::validate_resource_config::Response,
    pb::validate_data_resource_config::Response,
    pb::read_data_source::Response,
    pb::validate_ephemeral_resource_config::Response,
    pb::open_ephemeral_resource::Response,
    pb::upgrade_resource_state::Response,
    pb::configure_provider::Response,
    pb::read_resource::Response,
    pb::plan_resource_change::Response,
    pb::apply_resource_change::Response,
    pb::import_resource_state::Response,
    pb::get_resource_identity_schemas::Response,
    pb::upgrade_resource_identity::Response,
    pb::validate_list_resource_config::Response,
    pb::generate_resource_config::Response,
);

/// Runs a handler; a panic inside it becomes an error diagnostic and an error log line.
pub async fn catch_panics<R: DiagnosticsResponse>(
    rpc: &'static str,
    handler: impl Future<Output = R>,
) -> R {
    match AssertUnwindSafe(handler).catch_unwind().await {
        Ok(response) => response,
        Err(panic) => {
            let mut response = R::default();
            response
                .diagnostics_mut()
                .extend(diagnostics_to_proto(internal_error(rpc, &*panic)));
            response
        }
    }
}

/// The error diagnostic for a panic in the handler of `rpc`, which it logs.
pub fn internal_error(rpc: &str, panic: &(dyn Any + Send)) -> Diagnostics {
    let message = panic_message(panic);
    tracing::error!(rpc, panic = %message, "handler panicked");
    let mut diagnostics = Diagnostics::default();
    diagnostics.error(
        "Provider internal error",
        format!(
            "The provider hit a bug while handling {rpc}: {message}. The operation was \
             abandoned; the provider keeps running. Please report this with the \
             provider's debug log (TF_LOG_PROVIDER=debug)."
        ),
    );
    diagnostics
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_handler_yields_an_error_diagnostic() {
        let response: pb::read_resource::Response =
            catch_panics("ReadResource", async { panic!("boom") }).await;
        assert_eq!(response.diagnostics.len(), 1);
        assert!(response.diagnostics[0].detail.contains("boom"));
        assert_eq!(
            response.diagnostics[0].severity,
            pb::diagnostic::Severity::Error as i32
        );
    }
}
