//! The framework layer: values, codecs, schemas, paths, diagnostics and planning,
//! shared by every resource. Knows nothing of protobuf or of Cognito.

pub mod codec;
pub mod datasource;
pub mod diag;
pub mod ephemeral;
pub mod identity;
pub mod list;
pub mod mapping;
pub mod path;
pub mod plan;
pub mod planmodifier;
pub mod provider;
pub mod resource;
pub mod schema;
pub mod server;
pub mod validator;
pub mod value;
