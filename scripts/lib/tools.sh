# Shared by the project's scripts: makes sure the tools the tests and the demo need
# are present, installing what a fresh machine lacks where a registry has it.

# The local Cognito backend: moto's server from PyPI, at the version we test with.
ensure_backend_python() {
  if ! command -v python3 >/dev/null 2>&1; then
    echo "error: python3 is required for the local Cognito backend (apt-get install python3 python3-pip)" >&2
    return 1
  fi
  if ! python3 -c 'import moto, werkzeug, boto3' >/dev/null 2>&1; then
    echo "==> installing the local Cognito backend (moto[server]) with pip"
    python3 -m pip install --quiet --disable-pip-version-check -r backend/requirements.txt
  fi
}

# The Terraform CLI: the one on PATH, or else Terraform built from its Go module by
# scripts/clients.sh (into its cache outside the repository) and put first on PATH.
ensure_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    echo "==> no terraform on PATH: building it from its Go module (scripts/clients.sh terraform)"
    eval "$("$(dirname "${BASH_SOURCE[0]}")/../clients.sh" --env terraform)"
  fi
}

# The first line of `CLI version` (Terraform or OpenTofu), without the warning a
# missing CLI configuration file gives.
client_version() {
  TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version | sed -n 1p
}

# Go builds the real clients (scripts/clients.sh) from their modules.
require_go() {
  if ! command -v go >/dev/null 2>&1; then
    cat >&2 <<'MSG'
error: the Go toolchain (go, 1.26 or newer) is not on PATH; scripts/clients.sh builds
Terraform, OpenTofu and Pulumi from their Go modules with it. Install it from
https://go.dev/doc/install (unpack go1.26.*.linux-amd64.tar.gz into /usr/local and put
/usr/local/go/bin on PATH), then run this command again.
MSG
    return 1
  fi
}
