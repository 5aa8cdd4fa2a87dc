//! The resources this provider serves, and what the regional ones share.

pub mod identity;
pub mod listing;
pub mod managed_user_pool_client;
pub mod regional;
pub mod user_pool_client;
pub mod user_pool_client_secret;
