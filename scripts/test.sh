#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust unit, protocol and acceptance tests
# (real Terraform CLI against the local Cognito backend), and the backend's own tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh

ensure_backend_python
require_terraform

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "==> local Cognito backend tests"
python3 -m unittest discover -s backend
echo "==> Rust tests (unit, protocol, acceptance)"
cargo test --locked
