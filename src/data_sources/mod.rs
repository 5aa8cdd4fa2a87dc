//! The data sources this provider serves: read-only views of Cognito app clients,
//! for clients that another configuration, team or service manages.

pub mod user_pool_client;
pub mod user_pool_clients;
