//! Test harness: a per-test Cognito backend process, a per-test Terraform
//! workspace, and the checks applied to every Terraform command's output.

pub mod backend;
pub mod checks;
pub mod diagnostics;
pub mod fixture;
pub mod http;
pub mod reattach;
pub mod terraform;

pub use backend::Backend;
pub use terraform::Workspace;

/// Quotes `value` as an HCL string literal.
///
/// A JSON string literal is also a valid HCL string literal, and serde_json gets
/// the escaping right. It does not escape HCL templates (`${`, `%{`), which no
/// path, name or id a test writes contains.
pub fn hcl_string(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}
