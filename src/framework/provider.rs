//! What a provider implements: its configuration schema, how it is configured, and
//! the resources, data sources and ephemeral resources it serves.

use super::datasource::DataSource;
use super::diag::Diagnostics;
use super::ephemeral::EphemeralResource;
use super::resource::Resource;
use super::schema::Schema;
use super::value::Value;

/// The provider as a whole. Terraform starts one process per command and calls, in
/// order: [`schema`](Self::schema) (with every resource's schema), then
/// [`validate_config`](Self::validate_config) after the schema's validators, then
/// [`configure`](Self::configure), then the resource and data source operations,
/// each through [`resources`](Self::resources) or
/// [`data_sources`](Self::data_sources); [`stop`](Self::stop) may come at any time.
pub trait Provider: Send + Sync {
    /// The `provider` block's attributes.
    fn schema(&self) -> &Schema;

    /// Checks the provider configuration; it may hold unknown values.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// Stores the configuration. Must not touch the network: Terraform configures
    /// every provider process, even ones that only validate.
    fn configure(&self, config: &Value, terraform_version: &str, diagnostics: &mut Diagnostics);

    /// Every resource type served; a type name not among them is an error.
    fn resources(&self) -> &[Box<dyn Resource>];

    /// Every data source type served; a type name not among them is an error.
    fn data_sources(&self) -> &[Box<dyn DataSource>] {
        &[]
    }

    /// Every ephemeral resource type served; a type name not among them is an error.
    fn ephemeral_resources(&self) -> &[Box<dyn EphemeralResource>] {
        &[]
    }

    /// Terraform asked the provider to stop (StopProvider, e.g. after Ctrl-C): end
    /// pending waits promptly. The server cancels its in-flight reads, updates,
    /// deletes and imports itself; a create is left to end on its own, so that one
    /// already sent can report what it made.
    fn stop(&self) {}
}
