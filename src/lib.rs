//! A Terraform provider (plugin protocol 6) for Amazon Cognito user pool clients.

pub mod framework;
pub mod proto;
