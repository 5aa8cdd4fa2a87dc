//! What the provider's integration tests, acceptance tests and benches share, in one
//! place (as terraform-plugin-framework keeps its test doubles in one internal package):
//!
//! - [`backend`]: the local Cognito backend (`backend/cognito_backend.py`), one process
//!   per test, with async AWS SDK helpers; [`blocking`] is the same for synchronous tests.
//! - [`plugin`]: the provider launched exactly as go-plugin (and so Terraform) launches
//!   it, with gRPC clients and an independent msgpack codec for `DynamicValue`s.
//! - [`bridge`]: the calls Pulumi's Terraform bridge makes, with its own `ProposedNew`.
//! - [`terraform`]: a Terraform workspace that runs the real CLI ([`cli`]: Terraform
//!   or OpenTofu) against the built provider, checking every command's output
//!   ([`checks`], [`diagnostics`]).
//! - [`fixture`] and [`hcl`]: the configurations and the per-test fixture of the
//!   acceptance tests; [`reattach`]: the provider started with `--debug`.
//! - [`bench`]: what every benchmark reports.
//!
//! The codec in [`plugin::msgpack`] and [`bridge::proposed_new`] never call the
//! provider's own code: they are the oracles its codec and planning are checked against.

pub mod backend;
pub mod bench;
pub mod blocking;
pub mod bridge;
pub mod checks;
pub mod cli;
pub mod client_env;
pub mod command;
pub mod diagnostics;
pub mod fixture;
pub mod hcl;
pub mod plugin;
pub mod process;
pub mod pulumi;
pub mod reattach;
pub mod terraform;
pub mod unreachable;

use std::path::{Path, PathBuf};

pub use terraform::Workspace;

/// The name of the provider's executable.
const PROVIDER_EXECUTABLE: &str = "terraform-provider-aws";

/// The provider's repository (this crate's parent directory).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-support lives inside the provider's repository")
}

/// The provider binary under test: `TF_PROVIDER_BINARY` when set (`scripts/bench.sh`
/// points it at the release build, so that the benchmarks measure exactly what
/// `cargo build --release` gives users), else Cargo's build of it.
///
/// Cargo builds a package's binaries before its integration tests and benches, into the
/// directory above the `deps/` one it runs them from; it names the binary only to the
/// main crate's targets (`CARGO_BIN_EXE_*`), so this crate finds it there.
pub fn provider_binary() -> PathBuf {
    if let Some(binary) = std::env::var_os("TF_PROVIDER_BINARY") {
        return PathBuf::from(binary);
    }
    let running = std::env::current_exe().expect("the path of the running test");
    let mut dir = running.parent().expect("the test binary's directory");
    if dir.ends_with("deps") {
        dir = dir.parent().expect("the target profile directory");
    }
    let binary = dir.join(format!(
        "{PROVIDER_EXECUTABLE}{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(
        binary.is_file(),
        "no provider binary at {}: run the tests and benches of the provider's own \
         package (Cargo builds its binary first), or set TF_PROVIDER_BINARY",
        binary.display()
    );
    binary
}

/// Quotes `value` as an HCL string literal.
///
/// A JSON string literal is also a valid HCL string literal, and serde_json gets
/// the escaping right. It does not escape HCL templates (`${`, `%{`), which no
/// path, name or id a test writes contains.
pub fn hcl_string(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}
