//! Command line: serve as Terraform's plugin (default), `--debug` for reattach mode,
//! `--version`, and `pulumi-schema` to print the Pulumi package schema the Terraform
//! bridge generates from this provider.

use std::process::ExitCode;
use std::sync::Arc;

use terraform_provider_aws::plugin::{self, handshake, logging};
use terraform_provider_aws::provider::{AwsProvider, SOURCE_ADDRESSES};
use terraform_provider_aws::pulumi;

const USAGE: &str = "Usage: terraform-provider-aws [--debug | --version | pulumi-schema ...]

Started by Terraform, OpenTofu or the Pulumi bridge, it serves the plugin protocol.
  --debug        serve on a unix socket and print a TF_REATTACH_PROVIDERS line
  --version      print the version
  pulumi-schema  print the Pulumi package schema (pulumi-schema --help for options)";

fn main() -> ExitCode {
    let argument = std::env::args().nth(1);
    match argument.as_deref() {
        None => run(false),
        Some("--debug") => run(true),
        Some("--version") => {
            println!("terraform-provider-aws {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("pulumi-schema") => pulumi_schema(std::env::args().skip(2).collect()),
        Some(other) => {
            eprintln!("unknown argument {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(debug: bool) -> ExitCode {
    let cookie = std::env::var(handshake::MAGIC_COOKIE_KEY).ok();
    if !debug && !handshake::launched_by_terraform(cookie.as_deref()) {
        eprintln!("{}", handshake::NOT_LAUNCHED_BY_TERRAFORM);
        return ExitCode::FAILURE;
    }
    logging::init();
    let versions = std::env::var("PLUGIN_PROTOCOL_VERSIONS").ok();
    if !handshake::client_offers_our_protocol(versions.as_deref()) {
        tracing::warn!(
            offered = versions.as_deref().unwrap_or(""),
            "client does not offer protocol 6"
        );
    }
    // One thread: the provider waits on Terraform and AWS far more than it computes,
    // and a second worker only adds the wake-ups and context switches of handing
    // tasks between threads (measured in BENCHMARKS.md).
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let provider = Arc::new(AwsProvider::default());
    let served = runtime.block_on(async {
        if debug {
            plugin::serve_debug(provider, &SOURCE_ADDRESSES).await
        } else {
            plugin::serve_managed(provider).await
        }
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "provider server failed");
            eprintln!("terraform-provider-aws: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the Pulumi package schema; no network, no plugin handshake.
fn pulumi_schema(args: Vec<String>) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", pulumi::USAGE);
        return ExitCode::SUCCESS;
    }
    let binary = std::env::args().next().unwrap_or_default();
    let file_name = std::path::Path::new(&binary)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let default_package =
        pulumi::package_name_from_binary(&file_name).unwrap_or_else(|| "aws".into());
    let options = match pulumi::parse_args(args, &default_package) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n\n{}", pulumi::USAGE);
            return ExitCode::from(2);
        }
    };
    let schema = pulumi::package_schema(&AwsProvider::default(), &options);
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot print the schema: {error}");
            ExitCode::FAILURE
        }
    }
}
