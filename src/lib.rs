//! A Terraform provider (plugin protocol 6) for Amazon Cognito user pool clients.

pub mod aws;
pub mod framework;
pub mod plugin;
pub mod proto;
pub mod provider;
pub mod pulumi;
pub mod resources;
pub mod server;
pub mod stop;
