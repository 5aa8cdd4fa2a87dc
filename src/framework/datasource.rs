//! What a data source author implements: a schema and one read. The framework does
//! the protocol's rules around it (`framework::server`).

use async_trait::async_trait;

use super::diag::Diagnostics;
use super::schema::Schema;
use super::value::Value;

/// One data source type (a `data` block). To add one, implement this trait (with
/// `#[async_trait]`) and list it in its provider's
/// [`Provider::data_sources`](super::provider::Provider::data_sources).
///
/// Terraform calls `validate_config` (after the schema's validators) on every
/// plan, then `read` with a wholly known configuration: while a value of the
/// configuration is unknown, Terraform waits and reads during apply. The state
/// `read` answers must follow [`schema`](Self::schema), hold every argument as
/// configured and no unknown value; a read that fails answers `None` with an
/// error in `diagnostics`. A data source's schema for what a resource manages is
/// [`Schema::read_only`] of the resource's.
#[async_trait]
pub trait DataSource: Send + Sync {
    /// The name used in configurations, e.g. `aws_cognito_user_pool_client`.
    fn type_name(&self) -> &'static str;

    /// The arguments (required or optional) and the attributes it reads (computed).
    fn schema(&self) -> &Schema;

    /// Checks across attributes; `config` may hold unknown values, which must be skipped.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// Reads the object the configuration names.
    async fn read(&self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value>;
}
