#!/usr/bin/env bash
# Start-up benchmark of the release provider binary (benches/startup.rs).
#
# Prints a markdown table on stdout, ready to paste into BENCHMARKS.md; progress
# goes to stderr. Environment:
#   BENCH_RUNS                 measured runs per subject (default 20)
#   BENCH_REFERENCE_PROVIDER   optional path to a Go protocol-5 provider binary
#                              (e.g. HashiCorp's terraform-provider-aws_v5.*_x5)
#                              to measure in the same loop, for comparison
# Extra arguments are passed to `cargo bench`.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

# The figures must describe the binary users get from `cargo build --release`.
# `cargo bench` alone would build the provider again with the bench profile; running
# the bench with `--profile release` reuses exactly the artifacts built here.
cargo build --release --bin terraform-provider-aws >&2
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
export TF_PROVIDER_BINARY="$target_dir/release/terraform-provider-aws"

exec cargo bench --profile release --bench startup "$@"
