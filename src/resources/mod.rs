//! The resources this provider serves, and what the regional ones share.

pub mod regional;
pub mod user_pool_client;
