//! What an ephemeral resource author implements: a schema and one open. Terraform
//! (1.10 and later) opens an ephemeral resource for one run and keeps its result
//! out of every plan and state, so it can carry secrets to write-only attributes
//! and provider configurations. The framework does the protocol's rules around it
//! (`framework::server`).

use async_trait::async_trait;

use super::diag::Diagnostics;
use super::schema::Schema;
use super::value::Value;

/// One ephemeral resource type (an `ephemeral` block). To add one, implement this
/// trait (with `#[async_trait]`) and list it in its provider's
/// [`Provider::ephemeral_resources`](super::provider::Provider::ephemeral_resources).
///
/// Terraform calls `validate_config` (after the schema's validators), then `open`
/// with a wholly known configuration, once per run that needs the result. The
/// result must follow [`schema`](Self::schema), hold every argument as configured
/// and no unknown value; an open that fails answers `None` with an error in
/// `diagnostics`. Nothing is renewed or closed: the result is read once.
#[async_trait]
pub trait EphemeralResource: Send + Sync {
    /// The name used in configurations, e.g. `aws_cognito_user_pool_client`.
    fn type_name(&self) -> &'static str;

    /// The arguments (required or optional) and the attributes it opens (computed).
    fn schema(&self) -> &Schema;

    /// Checks across attributes; `config` may hold unknown values, which must be skipped.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// Reads what the configuration names, for this run only.
    async fn open(&self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value>;
}
