#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust unit, protocol and acceptance tests
# (the real Terraform and OpenTofu CLIs against the local Cognito backend), and the
# backend's own tests. The clients are built from their Go modules by
# scripts/clients.sh when its cache lacks them.
#
# The acceptance suite is one suite; ACCEPTANCE_CLI names the CLI it drives:
#   - the newest Terraform we test runs all of it;
#   - OpenTofu runs all of it but the scale tests, which measure the provider's own
#     pacing of Cognito calls, the same whichever client asks, and the query tests:
#     OpenTofu has no `query` command (its import by identity is tested);
#   - the oldest Terraform we test runs the smoke subset below.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/tools.sh

# Under the oldest Terraform: a client's lifecycle, import by block, the ephemeral
# resource (Terraform 1.10) feeding a write-only secret (1.11), rotation by the
# secret resource, and the data sources.
SMOKE_TESTS=(
  user_pool_client::basic_apply_then_no_diff
  user_pool_client::import_block_reproduces_state_then_no_diff
  user_pool_client::rename_updates_in_place
  user_pool_client::destroy_removes_client
  ephemeral::an_ephemeral_client_is_read_for_the_run_and_stored_nowhere
  custom_secret::a_clients_secret_moves_to_a_new_client_and_is_stored_nowhere
  client_secret::pattern_one_managed_secret_rotates_with_create_before_destroy
  data_sources::a_client_reads_back_every_attribute_the_resource_records
)

ensure_backend_python
echo "==> real clients (scripts/clients.sh)"
eval "$(scripts/clients.sh --env)"

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "==> local Cognito backend tests"
python3 -m unittest discover -s backend

echo "==> Rust tests (unit, protocol; acceptance under $(client_version "$COGNITO_RS_TERRAFORM"))"
ACCEPTANCE_CLI=$COGNITO_RS_TERRAFORM cargo test --locked

echo "==> acceptance tests under $(client_version "$COGNITO_RS_TOFU")"
ACCEPTANCE_CLI=$COGNITO_RS_TOFU cargo test --locked --test acceptance -- --skip scale:: --skip query::

echo "==> acceptance smoke tests under $(client_version "$COGNITO_RS_TERRAFORM_OLDEST")"
# A renamed test must not shrink the subset unnoticed.
listed=$(cargo test --locked --test acceptance -- --list --exact "${SMOKE_TESTS[@]}" | grep -c ': test$' || true)
if ((listed != ${#SMOKE_TESTS[@]})); then
  echo "error: ${#SMOKE_TESTS[@]} smoke tests are named in scripts/test.sh, $listed exist" >&2
  exit 1
fi
ACCEPTANCE_CLI=$COGNITO_RS_TERRAFORM_OLDEST cargo test --locked --test acceptance -- --exact "${SMOKE_TESTS[@]}"
