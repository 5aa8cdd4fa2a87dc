#!/usr/bin/env bash
# End-to-end demo: build the provider, start the local Cognito backend, create a
# client with examples/quickstart, import the same client into a fresh state and
# show that it plans no change, then destroy it.
#
# Needs: cargo, python3 (the backend's dependencies are installed if missing) and
# the terraform CLI. Runs without input (CI=true is fine) and leaves no process
# or temporary directory behind.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

region=us-east-1
address=aws_cognito_user_pool_client.app
work_dir=""
backend_pid=""

step() {
  printf '\n==> %s\n' "$*"
}

fail() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Stops the backend (SIGTERM, then SIGKILL after 5 s) and removes the temp dirs.
cleanup() {
  local status=$?
  if [[ -n $backend_pid ]] && kill -0 "$backend_pid" 2>/dev/null; then
    kill -TERM "$backend_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$backend_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
  fi
  if [[ -n $work_dir ]]; then
    rm -rf "$work_dir"
  fi
  exit "$status"
}
trap cleanup EXIT

step "Building the provider (cargo build --release)"
cargo build --release --bin terraform-provider-aws
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
provider_dir=$(cd "$target_dir/release" && pwd)
[[ -x $provider_dir/terraform-provider-aws ]] || fail "no provider binary in $provider_dir"

step "Checking tools"
source scripts/lib/tools.sh
ensure_backend_python
ensure_terraform

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/cognito-demo.XXXXXX")

step "Starting the local Cognito backend"
# A coprocess: its stdin stays open as long as this script runs, and the backend
# exits on EOF, so it cannot outlive the script even if the script is killed.
coproc BACKEND { exec python3 backend/cognito_backend.py serve --port 0 2>"$work_dir/backend.log"; }
backend_pid=$BACKEND_PID
ready_line=""
if ! read -r -t 30 ready_line <&"${BACKEND[0]}" || [[ $ready_line != READY\ * ]]; then
  cat "$work_dir/backend.log" >&2 || true
  fail "the backend did not print READY within 30 s (got: '${ready_line}')"
fi
port=${ready_line#READY }
endpoint="http://127.0.0.1:$port"
python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)' \
  "$endpoint/_backend/health" || fail "the backend's health check failed"
echo "backend listening at $endpoint (pid $backend_pid)"

step "Creating a user pool in the local backend"
pool_id=$(python3 backend/cognito_backend.py create-pool --endpoint "$endpoint" --region "$region" --name demo-pool)
echo "user pool: $pool_id"

# Terraform uses the freshly built binary (dev_overrides: no terraform init) and
# reaches the local backend through the AWS SDK's usual environment variables.
cat >"$work_dir/terraform.rc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/cognito-rs/aws" = "$provider_dir"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE=$work_dir/terraform.rc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_INPUT=0
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=$region
export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=$endpoint
# The backend answers STS too: the account id of resource identities (Terraform 1.12+).
export AWS_ENDPOINT_URL_STS=$endpoint
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
[[ -t 1 ]] || export TF_CLI_ARGS=-no-color
terraform version

first=$work_dir/first
second=$work_dir/second
mkdir "$first" "$second"
cp examples/quickstart/*.tf "$first/"
cp examples/quickstart/*.tf "$second/"

step "terraform apply (examples/quickstart)"
terraform -chdir="$first" apply -auto-approve -input=false -var "user_pool_id=$pool_id"
client_id=$(terraform -chdir="$first" output -raw client_id)

step "terraform state show $address (the secret stays hidden)"
terraform -chdir="$first" state show "$address"

step "Importing the same client into a fresh state ($pool_id/$client_id)"
terraform -chdir="$second" import -input=false -var "user_pool_id=$pool_id" \
  "$address" "$pool_id/$client_id"
terraform -chdir="$second" state show "$address"

step "terraform plan -detailed-exitcode on the imported state (expect 0: no changes)"
plan_status=0
terraform -chdir="$second" plan -detailed-exitcode -input=false \
  -var "user_pool_id=$pool_id" || plan_status=$?
[[ $plan_status -eq 0 ]] ||
  fail "the imported state plans changes or failed (exit code $plan_status)"
echo "no changes after import"

step "terraform destroy"
terraform -chdir="$first" destroy -auto-approve -input=false -var "user_pool_id=$pool_id"

step "Done: the demo passed; stopping the backend and removing $work_dir"
