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

# The Terraform CLI cannot be fetched from a package registry here; say how to get it.
require_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    cat >&2 <<'MSG'
error: the Terraform CLI (terraform, 1.5 or newer; we test with 1.11) is not on PATH.
Install it from https://developer.hashicorp.com/terraform/install (a single binary:
unzip it into /usr/local/bin), or from HashiCorp's apt repository with
`apt-get install terraform`, then run this command again.
MSG
    return 1
  fi
}
