//! Helpers shared by this crate's integration tests.
//!
//! `plugin` launches the provider binary the way go-plugin (and so Terraform) does and
//! gives back gRPC clients; it is a single self-contained file so that the start-up
//! benchmark can include it with `#[path]` instead of keeping a copy.

pub mod plugin;
