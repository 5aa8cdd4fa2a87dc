//! A Terraform provider (plugin protocol 6) for Amazon Cognito user pool clients.
//!
//! # Layout
//!
//! A request from Terraform passes down through the layers and its answer comes
//! back up; each layer uses only the layers below it:
//!
//! | layer | module | its one job |
//! |---|---|---|
//! | transport | [`plugin`] | go-plugin's handshake, AutoMTLS, the gRPC server, logs to Terraform |
//! | protocol | [`server`] (with [`proto`]) | decode each tfplugin6 request, call the framework, encode the answer |
//! | framework | [`framework`] | values and codecs, schemas, validators, plan modifiers, the planning rules and the protocol's rules on framework values; knows neither protobuf nor Cognito |
//! | provider | [`provider`] | the provider's configuration and the catalog of resources, data sources and ephemeral resources it serves |
//! | resources | [`resources`], [`data_sources`], [`ephemeral_resources`] | each resource's schema (one field-table row per argument) and its CRUD through the AWS layer; `resources::regional` holds what the regional ones share; each data source's schema (mostly its resource's, read-only) and its read; each ephemeral resource's schema and its open |
//! | AWS | [`aws`] | the typed Cognito client: region, credentials, pacing to the quotas, retries, error classification |
//!
//! [`stop`] carries StopProvider's signal from the server to the AWS layer;
//! [`pulumi`] projects the schema as Pulumi's Terraform bridge sees it.
//!
//! # Extending
//!
//! - A resource implements [`framework::resource::Resource`], a data source
//!   [`framework::datasource::DataSource`] and an ephemeral resource
//!   [`framework::ephemeral::EphemeralResource`]; each is listed in the provider's
//!   [`framework::provider::Catalog`].
//! - An attribute that maps to one API field is one row of the resource's field
//!   table (see [`framework::mapping`] and `docs/contributing/adding-an-attribute.md`);
//!   per-attribute checks are [`framework::validator::Validator`]s, checks across
//!   attributes are [`framework::validator::ConfigValidator`]s on the block, and
//!   plan-time adjustments are [`framework::planmodifier::PlanModifier`]s.

pub mod aws;
pub mod data_sources;
pub mod ephemeral_resources;
pub mod framework;
pub mod plugin;
pub mod proto;
pub mod provider;
pub mod pulumi;
pub mod resources;
pub mod server;
pub mod stop;
