//! What a provider implements: its configuration schema, how it is configured, and
//! the resources it serves.

use super::diag::Diagnostics;
use super::resource::Resource;
use super::schema::Schema;
use super::value::Value;

pub trait Provider: Send + Sync {
    fn schema(&self) -> &Schema;

    /// Checks the provider configuration; it may hold unknown values.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// Stores the configuration. Must not touch the network: Terraform configures
    /// every provider process, even ones that only validate.
    fn configure(&self, config: &Value, terraform_version: &str, diagnostics: &mut Diagnostics);

    fn resources(&self) -> &[Box<dyn Resource>];

    /// Terraform asked the provider to stop (StopProvider, e.g. after Ctrl-C): end
    /// pending waits promptly. The server cancels its in-flight reads, updates,
    /// deletes and imports itself; a create is left to end on its own, so that one
    /// already sent can report what it made.
    fn stop(&self) {}
}
