#!/usr/bin/env bash
# Builds the real clients the acceptance suite drives, each from its Go module by name
# through the Go module proxy, into a versioned cache outside the repository, and
# reuses what is already there:
#
#   terraform          the newest Terraform we test (identity, query)
#   terraform-oldest   the oldest Terraform we test; a `terraform` on PATH of that
#                      version is used instead of a build
#   tofu               OpenTofu
#   pulumi             Pulumi's CLI and its YAML language host, in one directory (the
#                      CLI looks for its language hosts next to itself)
#   bridge             Pulumi's Terraform bridge plugin, pulumi-resource-terraform-provider
#
#   scripts/clients.sh [TOOL...]          build what the cache lacks (default: every
#                                         tool); print where each is
#   scripts/clients.sh --env [TOOL...]    the same, then print `export` lines (stdout)
#                                         that put the built tools first on PATH and
#                                         name each in a COGNITO_RS_* variable:
#                                         eval "$(scripts/clients.sh --env)"
#   scripts/clients.sh --check [TOOL...]  only ask the proxy for the pinned versions
#
# Environment: COGNITO_RS_CLIENTS_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/cognito-rs-clients),
# and Go's own GOMODCACHE, GOCACHE and GOPROXY. Progress goes to stderr.
#
# Nothing built here is committed, and none of these projects' source is copied: each
# build happens in a throwaway wrapper module that requires the tool's module at its
# pinned version. docs/guides/real-clients.md records what the proxy serves, build
# times and sizes, and why our Terraform has no remote state backends.
set -euo pipefail

# --- The pinned versions: the one place they are named. ---------------------------
TERRAFORM_VERSION=1.14.9
TERRAFORM_OLDEST_VERSION=1.11.4
TOFU_VERSION=1.12.6
PULUMI_VERSION=3.276.0
PULUMI_YAML_VERSION=1.25.0
BRIDGE_VERSION=3.120.0

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo_root/scripts/lib/tools.sh"

cache=${COGNITO_RS_CLIENTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cognito-rs-clients}
terraform_dir=$cache/terraform-v$TERRAFORM_VERSION
terraform_oldest_dir=$cache/terraform-v$TERRAFORM_OLDEST_VERSION
tofu_dir=$cache/tofu-v$TOFU_VERSION
pulumi_dir=$cache/pulumi-v$PULUMI_VERSION-yaml-v$PULUMI_YAML_VERSION
bridge_dir=$cache/pulumi-terraform-bridge-v$BRIDGE_VERSION

# Reproducible, static builds with the machine's Go, whatever the caller's settings.
export GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0

say() { printf '%s\n' "$*" >&2; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; }

# The module versions TOOL's build needs, as MODULE@VERSION.
tool_modules() {
  case $1 in
    terraform) echo "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" ;;
    terraform-oldest) echo "github.com/hashicorp/terraform@v$TERRAFORM_OLDEST_VERSION" ;;
    tofu) echo "github.com/opentofu/opentofu@v$TOFU_VERSION" ;;
    pulumi)
      echo "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION"
      echo "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
      echo "github.com/pulumi/pulumi-yaml@v$PULUMI_YAML_VERSION"
      ;;
    bridge) echo "github.com/pulumi/pulumi-terraform-bridge/v3@v$BRIDGE_VERSION" ;;
  esac
}

# Asks the proxy for each module version TOOLS need; stops naming every one it refuses.
check_proxy() {
  local refused=() module answer
  while read -r module; do
    if ! answer=$(go list -m -json "$module" 2>&1); then
      refused+=("$module: $(grep -m1 'server response' <<<"$answer" | sed 's/^[[:space:]]*//')")
    fi
  done < <(for tool in "$@"; do tool_modules "$tool"; done)
  if ((${#refused[@]})); then
    say "error: the Go module proxy ($(go env GOPROXY)) does not serve:"
    printf '  %s\n' "${refused[@]}" >&2
    say "Pin versions it serves at the top of scripts/clients.sh (go list -m -versions MODULE lists them)."
    return 1
  fi
}

# Prints the first `terraform` on PATH that is the oldest version we test.
oldest_terraform_on_path() {
  local found
  for found in $(type -ap terraform); do
    if TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$found" version 2>/dev/null |
      sed -n 1p | grep -qx "Terraform v$TERRAFORM_OLDEST_VERSION"; then
      echo "$found"
      return 0
    fi
  done
  return 1
}

# The directory a module version was downloaded to (its files, read-only).
module_dir() {
  go mod download -json "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'
}

# Starts a wrapper module in a new temporary directory (printed) that requires
# MODULE@VERSION and re-declares that module's own version replacements: a replace acts
# only in the main module, which is why `go install MODULE@VERSION` refuses these.
# Replacements by local path are left to the caller.
new_wrapper() {
  local module=$1 version=$2 wrapper go_mod
  wrapper=$(mktemp -d "${TMPDIR:-/tmp}/cognito-rs-client-build.XXXXXX")
  go_mod=$(go mod download -json "$module@$version" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["GoMod"])')
  (
    cd "$wrapper"
    go mod init cognito-rs-clients/wrapper >/dev/null 2>&1
    go mod edit -require="$module@$version"
    go mod edit -json "$go_mod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    old, new = r["Old"], r["New"]
    if new.get("Version"):
        source = old["Path"] + ("@" + old["Version"] if old.get("Version") else "")
        print("-replace=%s=%s@%s" % (source, new["Path"], new["Version"]))
' | xargs -r go mod edit
  )
  echo "$wrapper"
}

# Runs `go build` in WRAPPER for TOOL VERSION into OUTPUT, showing the elapsed time
# every 30 s, and moves the binary into place only once it is complete.
go_build() {
  local wrapper=$1 tool=$2 version=$3 output=$4
  shift 4
  local started=$SECONDS build status=0
  say "==> building $tool $version"
  (cd "$wrapper" && exec go build -trimpath -o "$output.partial" "$@") &
  build=$!
  # An interrupted build leaves neither a process nor a wrapper behind.
  trap 'kill "$build" 2>/dev/null; wait "$build"; rm -rf "$wrapper" "$output.partial"; exit 130' INT TERM
  while ! timeout 30 tail --pid="$build" -f /dev/null; do
    say "    $tool $version: $(elapsed_since "$started")"
  done
  wait "$build" || status=$?
  trap - INT TERM
  if ((status != 0)); then
    say "error: building $tool $version failed (exit $status); the wrapper module is kept in $wrapper"
    return "$status"
  fi
  mv "$output.partial" "$output"
  rm -rf "$wrapper"
  say "    $tool $version built in $(elapsed_since "$started") ($(du -h "$output" | cut -f1))"
}

elapsed_since() {
  local s=$((SECONDS - $1))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# Terraform VERSION into DIR. Its go.mod replaces nine remote state backends and
# internal/legacy with nested modules by local path, which the proxy does not serve
# at the release's commit; each is replaced here by a small module of ours under the
# same path whose backend refuses to be configured, and internal/legacy by an empty
# one. Terraform's own source is unchanged; the binary keeps the local backend and
# the built-in http and inmem ones, all our tests use.
build_terraform() {
  local version=$1 dir=$2 wrapper source_dir stub name
  [[ -x $dir/terraform ]] && return 0
  wrapper=$(new_wrapper github.com/hashicorp/terraform "v$version")
  source_dir=$(module_dir "github.com/hashicorp/terraform@v$version")
  while read -r stub; do
    mkdir -p "$wrapper/stubs/$stub"
    name=${stub##*/}
    printf 'module github.com/hashicorp/terraform/%s\n\ngo 1.24\n\nrequire github.com/hashicorp/terraform v%s\n' \
      "$stub" "$version" >"$wrapper/stubs/$stub/go.mod"
    if [[ $stub == internal/backend/remote-state/* ]]; then
      absent_backend_source "$name" >"$wrapper/stubs/$stub/absent.go"
    fi
    (cd "$wrapper" && go mod edit -replace="github.com/hashicorp/terraform/$stub=./stubs/$stub")
  done < <(go mod edit -json "$source_dir/go.mod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    if r["New"]["Path"].startswith("./"):
        print(r["Old"]["Path"].removeprefix("github.com/hashicorp/terraform/"))
')
  mkdir -p "$dir"
  go_build "$wrapper" terraform "v$version" "$dir/terraform" \
    -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
    github.com/hashicorp/terraform
}

# The Go source of a state backend named NAME that this build leaves out: it parses
# no arguments and refuses, by name, to be configured.
absent_backend_source() {
  cat <<GO
// Package $1 stands in for Terraform's "$1" state backend, which this test build of
// Terraform leaves out (see scripts/clients.sh).
package $1

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

type absent struct{ backend.Backend }

// New returns a backend that refuses every configuration.
func New() backend.Backend { return absent{} }

func (absent) ConfigSchema() *configschema.Block { return &configschema.Block{} }

func (absent) PrepareConfig(config cty.Value) (cty.Value, tfdiags.Diagnostics) {
	var diags tfdiags.Diagnostics
	return config, diags.Append(tfdiags.Sourceless(tfdiags.Error,
		"Backend \"$1\" not built",
		"This Terraform was built for tests without remote state backends; use the local backend."))
}
GO
}

build_tofu() {
  [[ -x $tofu_dir/tofu ]] && return 0
  local wrapper
  wrapper=$(new_wrapper github.com/opentofu/opentofu "v$TOFU_VERSION")
  mkdir -p "$tofu_dir"
  go_build "$wrapper" tofu "v$TOFU_VERSION" "$tofu_dir/tofu" \
    -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
    github.com/opentofu/opentofu/cmd/tofu
}

# The CLI and its YAML language host, in one directory: with ambient plugins ignored,
# Pulumi finds a language host only next to its own executable.
build_pulumi() {
  local wrapper
  mkdir -p "$pulumi_dir"
  if [[ ! -x $pulumi_dir/pulumi ]]; then
    wrapper=$(new_wrapper github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_VERSION")
    (cd "$wrapper" && go mod edit -require="github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION")
    go_build "$wrapper" pulumi "v$PULUMI_VERSION" "$pulumi_dir/pulumi" \
      -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  fi
  if [[ ! -x $pulumi_dir/pulumi-language-yaml ]]; then
    wrapper=$(new_wrapper github.com/pulumi/pulumi-yaml "v$PULUMI_YAML_VERSION")
    go_build "$wrapper" pulumi-language-yaml "v$PULUMI_YAML_VERSION" "$pulumi_dir/pulumi-language-yaml" \
      -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$PULUMI_YAML_VERSION" \
      github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  fi
}

# The bridge's "dynamic" provider: the plugin `pulumi package add terraform-provider`
# runs. Its version is built in, and must equal the one it is installed under.
build_bridge() {
  [[ -x $bridge_dir/pulumi-resource-terraform-provider ]] && return 0
  local wrapper
  wrapper=$(new_wrapper github.com/pulumi/pulumi-terraform-bridge/v3 "v$BRIDGE_VERSION")
  mkdir -p "$bridge_dir"
  go_build "$wrapper" pulumi-resource-terraform-provider "v$BRIDGE_VERSION" \
    "$bridge_dir/pulumi-resource-terraform-provider" \
    -ldflags "-s -w -X google.golang.org/protobuf/reflect/protoregistry.conflictPolicy=ignore -X github.com/pulumi/pulumi-terraform-bridge/v3/dynamic/version.version=$BRIDGE_VERSION" \
    github.com/pulumi/pulumi-terraform-bridge/v3/dynamic
}

# Every tool this script knows, in build order.
ALL_TOOLS=(terraform terraform-oldest tofu pulumi bridge)

# Where TOOL's executable is, or will be once built.
tool_path() {
  case $1 in
    terraform) echo "$terraform_dir/terraform" ;;
    terraform-oldest) oldest_terraform_on_path || echo "$terraform_oldest_dir/terraform" ;;
    tofu) echo "$tofu_dir/tofu" ;;
    pulumi) echo "$pulumi_dir/pulumi" ;;
    bridge) echo "$bridge_dir/pulumi-resource-terraform-provider" ;;
    *)
      say "error: unknown tool '$1' (known: ${ALL_TOOLS[*]})"
      return 2
      ;;
  esac
}

is_built() {
  [[ -x $(tool_path "$1") ]] && [[ $1 != pulumi || -x $pulumi_dir/pulumi-language-yaml ]]
}

build_tool() {
  case $1 in
    terraform) build_terraform "$TERRAFORM_VERSION" "$terraform_dir" ;;
    terraform-oldest) build_terraform "$TERRAFORM_OLDEST_VERSION" "$terraform_oldest_dir" ;;
    tofu) build_tofu ;;
    pulumi) build_pulumi ;;
    bridge) build_bridge ;;
  esac
}

# Builds each of TOOLS that is not built yet, one build at a time across processes.
build_tools() {
  local missing=() tool
  for tool in "$@"; do
    tool_path "$tool" >/dev/null
    is_built "$tool" || missing+=("$tool")
  done
  ((${#missing[@]})) || return 0
  require_go
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  say "==> asking the Go module proxy for the pinned versions"
  check_proxy "${missing[@]}"
  for tool in "${missing[@]}"; do
    build_tool "$tool"
  done
  exec 9>&-
}

# The `export` lines for TOOLS: the built Terraform, OpenTofu and Pulumi first on
# PATH (the oldest Terraform is only named), and a COGNITO_RS_* variable for each.
print_env() {
  local tool path_dirs=""
  for tool in "$@"; do
    case $tool in
      terraform)
        path_dirs+="$terraform_dir:"
        echo "export COGNITO_RS_TERRAFORM=\"$(tool_path terraform)\""
        ;;
      terraform-oldest) echo "export COGNITO_RS_TERRAFORM_OLDEST=\"$(tool_path terraform-oldest)\"" ;;
      tofu)
        path_dirs+="$tofu_dir:"
        echo "export COGNITO_RS_TOFU=\"$(tool_path tofu)\""
        ;;
      pulumi)
        path_dirs+="$pulumi_dir:"
        echo "export COGNITO_RS_PULUMI=\"$(tool_path pulumi)\""
        ;;
      bridge)
        path_dirs+="$bridge_dir:"
        echo "export COGNITO_RS_BRIDGE=\"$(tool_path bridge)\""
        echo "export COGNITO_RS_BRIDGE_VERSION=\"$BRIDGE_VERSION\""
        ;;
    esac
  done
  echo "export PATH=\"$path_dirs\$PATH\""
}

mode=build
case "${1:-}" in
  --env | --check) mode=${1#--} && shift ;;
  -h | --help) usage && exit 0 ;;
  -*) usage && exit 2 ;;
esac
(($#)) || set -- "${ALL_TOOLS[@]}"

case $mode in
  build)
    build_tools "$@"
    for tool in "$@"; do
      say "$(printf '%-17s %s' "$tool" "$(tool_path "$tool")")"
    done
    ;;
  env)
    build_tools "$@"
    print_env "$@"
    ;;
  check)
    require_go
    check_proxy "$@"
    say "the proxy serves every pinned version of: $*"
    ;;
esac
