//! The resources this provider serves.

pub mod user_pool_client;
