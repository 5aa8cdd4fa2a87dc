#!/usr/bin/env bash
# The benchmarks, with figures for BENCHMARKS.md:
#
#   scripts/bench.sh [startup|codec|scale|clients|failures|query|all] (default: all)
#
#   startup  exec -> handshake, mTLS connect, first GetProviderSchema, memory, size
#            (benches/startup.rs)
#   codec    msgpack and JSON codec throughput on a full state (benches/codec.rs)
#   scale    apply, refresh-plan and destroy of N clients with the real Terraform CLI
#            against the local Cognito backend, next to Terraform's floor
#            (terraform_data) and the backend's (a load generator); calls per
#            command, CPU time per process and the provider's peak memory
#            (benches/scale.rs; about 30 minutes with the defaults)
#   clients  terraform apply and pulumi up of the same 100 clients, in the same
#            rounds: wall time, the provider's CPU time and peak memory under each
#            (benches/clients.rs; Terraform and Pulumi from scripts/clients.sh)
#   failures how long a failing apply takes per class of failure (a name that does
#            not resolve, TLS to a plaintext port, refused, no answer, dropped,
#            HTTP 500s), against the README's budgets (benches/failures.rs)
#   query    terraform query -generate-config-out over 200 clients under the
#            backend's quotas (both modes), against the quota floor, then a plan of
#            the generated configuration (benches/query.rs; Terraform 1.14 from
#            scripts/clients.sh; about 10 minutes)
#
# Prints markdown on stdout, ready to paste into BENCHMARKS.md; progress goes to
# stderr. Environment:
#   BENCH_RUNS                 measured runs per subject (startup and codec: 20;
#                              scale: 5 rounds)
#   BENCH_SIZES                scale: comma-separated client counts (1,100,1000)
#   BENCH_CLIENTS              clients: how many clients (100); query: (200)
#   BENCH_REFERENCE_PROVIDER   startup: optional path to a Go protocol-5 provider
#                              binary (e.g. HashiCorp's terraform-provider-aws_v5.*_x5)
#                              to measure in the same loop, for comparison
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
source scripts/lib/tools.sh

which=${1:-all}
case "$which" in
  startup | codec | scale | clients | failures | query) benches=("$which") ;;
  all) benches=(startup codec scale clients failures query) ;;
  *)
    echo "usage: scripts/bench.sh [startup|codec|scale|clients|failures|query|all]" >&2
    exit 2
    ;;
esac

if [[ " ${benches[*]} " == *" scale "* || " ${benches[*]} " == *" failures "* ]]; then
  ensure_backend_python
  ensure_terraform
fi
if [[ " ${benches[*]} " == *" query "* ]]; then
  ensure_backend_python
  # terraform query is Terraform 1.14's: the built one, first on PATH.
  eval "$(scripts/clients.sh --env terraform)"
fi
if [[ " ${benches[*]} " == *" clients "* ]]; then
  ensure_backend_python
  # The built Terraform and Pulumi (CLI, YAML host, bridge), first on PATH.
  eval "$(scripts/clients.sh --env terraform pulumi bridge)"
fi

# The figures must describe the binary users get from `cargo build --release`. The
# benches build the provider again (with their dev-dependencies' features), so the
# user's build is kept aside under the name Terraform looks for, and every bench
# runs it through TF_PROVIDER_BINARY.
cargo build --release --locked --bin terraform-provider-aws >&2
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
mkdir -p "$target_dir/bench-provider"
cp "$target_dir/release/terraform-provider-aws" "$target_dir/bench-provider/terraform-provider-aws"
export TF_PROVIDER_BINARY="$target_dir/bench-provider/terraform-provider-aws"

for bench in "${benches[@]}"; do
  echo "==> benches/$bench.rs" >&2
  cargo bench --locked --profile release --bench "$bench"
  echo
done
