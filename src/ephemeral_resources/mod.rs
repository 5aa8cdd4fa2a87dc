//! The ephemeral resources this provider serves: values for one Terraform run,
//! never written to a plan or a state.

pub mod user_pool_client;
