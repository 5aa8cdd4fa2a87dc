//! What a provider implements: its configuration schema, how it is configured, and
//! the resources, data sources and ephemeral resources it serves.

use super::datasource::DataSource;
use super::diag::Diagnostics;
use super::ephemeral::EphemeralResource;
use super::resource::Resource;
use super::schema::Schema;
use super::value::Value;

/// What a provider serves, by kind; a type name not listed is an error. Built once,
/// when the provider is made, and returned by [`Provider::catalog`].
#[derive(Default)]
pub struct Catalog {
    pub resources: Vec<Box<dyn Resource>>,
    pub data_sources: Vec<Box<dyn DataSource>>,
    pub ephemeral_resources: Vec<Box<dyn EphemeralResource>>,
}

/// The provider as a whole. Terraform starts one process per command and calls, in
/// order: [`schema`](Self::schema) (with every resource's schema), then
/// [`validate_config`](Self::validate_config) after the schema's validators, then
/// [`configure`](Self::configure), then the resource and data source operations,
/// each on a type of its [`catalog`](Self::catalog); [`stop`](Self::stop) may come
/// at any time.
pub trait Provider: Send + Sync {
    /// The `provider` block's attributes.
    fn schema(&self) -> &Schema;

    /// Checks the provider configuration; it may hold unknown values.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// Stores the configuration. Must not touch the network: Terraform configures
    /// every provider process, even ones that only validate.
    fn configure(&self, config: &Value, terraform_version: &str, diagnostics: &mut Diagnostics);

    /// Every resource, data source and ephemeral resource type served, the one list
    /// the server looks types up in.
    fn catalog(&self) -> &Catalog;

    /// Terraform asked the provider to stop (StopProvider, e.g. after Ctrl-C): end
    /// pending waits promptly. The server cancels its in-flight reads, updates,
    /// deletes and imports itself; a create is left to end on its own, so that one
    /// already sent can report what it made.
    fn stop(&self) {}
}
