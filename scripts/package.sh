#!/usr/bin/env bash
# Packages the provider for this machine the way a registry release does (the
# same file names as .goreleaser.yml produces), so that Terraform and OpenTofu can
# install it with `init` from a filesystem mirror, without the registry:
#
#   terraform-provider-aws_<version>_<os>_<arch>.zip   holds terraform-provider-aws_v<version>
#   terraform-provider-aws_<version>_SHA256SUMS         SHA-256 of the zip and the manifest
#   terraform-provider-aws_<version>_SHA256SUMS.sig     with --sign: detached GPG signature
#   terraform-provider-aws_<version>_manifest.json      terraform-registry-manifest.json
#
# Usage:
#   scripts/package.sh [--out DIR] [--mirror DIR] [--sign GPG_KEY_ID]
#   scripts/package.sh --print-version
#
#   --out DIR        where the files go (default: target/package)
#   --mirror DIR     also copy the zip into DIR in the "packed" filesystem mirror
#                    layout, under each CLI's default registry host:
#                    DIR/registry.terraform.io/cognito-rs/aws/<zip> (Terraform) and
#                    DIR/registry.opentofu.org/cognito-rs/aws/<zip> (OpenTofu)
#   --sign KEY       sign the SHA256SUMS file with this GPG key (gpg --detach-sign)
#   --print-version  print the version (from Cargo.toml) and exit
#
# The version is read from Cargo.toml here and only here; the binary's --version
# prints the same (env!("CARGO_PKG_VERSION")), and .goreleaser.yml checks that a
# release tag agrees with this script's --print-version.
#
# Needs cargo and python3 (for a reproducible zip: fixed timestamps, so the same
# binary always gives the same zip and the same checksum).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

readonly name=terraform-provider-aws
# `cognito-rs/aws` means this under Terraform and under OpenTofu respectively.
readonly source_addresses=(registry.terraform.io/cognito-rs/aws registry.opentofu.org/cognito-rs/aws)

fail() {
  printf 'package.sh: %s\n' "$*" >&2
  exit 1
}

# The [package] version of Cargo.toml.
cargo_version() {
  local version
  version=$(awk -F'"' '
    /^\[/ { section = $0 }
    section == "[package]" && /^version[[:space:]]*=/ { print $2; exit }
  ' Cargo.toml)
  [[ -n $version ]] || fail "no version in the [package] section of Cargo.toml"
  printf '%s\n' "$version"
}

# Terraform's <os>_<arch> (Go's GOOS/GOARCH) for a Rust target triple.
terraform_platform() {
  local triple=$1 arch os
  case $triple in
    x86_64-*) arch=amd64 ;;
    aarch64-* | arm64-*) arch=arm64 ;;
    i686-* | i586-*) arch=386 ;;
    arm-* | armv7-*) arch=arm ;;
    *) fail "unsupported architecture in $triple" ;;
  esac
  case $triple in
    *-linux-*) os=linux ;;
    *-apple-darwin) os=darwin ;;
    *-windows-*) os=windows ;;
    *-freebsd) os=freebsd ;;
    *) fail "unsupported operating system in $triple" ;;
  esac
  printf '%s_%s\n' "$os" "$arch"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$@"
  else
    shasum -a 256 "$@"
  fi
}

out_dir=""
mirror_dir=""
sign_key=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out_dir=${2:?--out needs a directory}; shift 2 ;;
    --mirror) mirror_dir=${2:?--mirror needs a directory}; shift 2 ;;
    --sign) sign_key=${2:?--sign needs a GPG key id}; shift 2 ;;
    --print-version) cargo_version; exit 0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument $1 (see --help)" ;;
  esac
done

version=$(cargo_version)
host=$(rustc -vV | awk '/^host:/ { print $2 }')
[[ -n $host ]] || fail "cannot read the host triple from rustc -vV"
platform=$(terraform_platform "$host")
ext=""
[[ $platform == windows_* ]] && ext=.exe
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
out_dir=${out_dir:-$target_dir/package}

echo "==> cargo build --release ($name $version for $platform)" >&2
cargo build --release --locked --bin "$name" >&2
binary=$target_dir/release/$name$ext
[[ -x $binary ]] || fail "no binary at $binary"

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
zip_name=${name}_${version}_${platform}.zip
sums_name=${name}_${version}_SHA256SUMS
manifest_name=${name}_${version}_manifest.json
rm -f "$out_dir/$zip_name" "$out_dir/$sums_name" "$out_dir/$sums_name.sig" "$out_dir/$manifest_name"

# The registry's layout: the binary alone at the zip's root, named with the version.
python3 - "$binary" "${name}_v${version}${ext}" "$out_dir/$zip_name" <<'PY'
import sys, zipfile
source, entry_name, archive = sys.argv[1:]
entry = zipfile.ZipInfo(entry_name, date_time=(1980, 1, 1, 0, 0, 0))
entry.external_attr = (0o100755 & 0xFFFF) << 16  # regular file, rwxr-xr-x
entry.create_system = 3  # unix, so that the mode is honoured
entry.compress_type = zipfile.ZIP_DEFLATED
with open(source, "rb") as f, zipfile.ZipFile(archive, "w") as z:
    z.writestr(entry, f.read())
PY
cp terraform-registry-manifest.json "$out_dir/$manifest_name"
(cd "$out_dir" && sha256 "$manifest_name" "$zip_name" | LC_ALL=C sort -k 2 >"$sums_name")

if [[ -n $sign_key ]]; then
  gpg --batch --yes --local-user "$sign_key" --output "$out_dir/$sums_name.sig" \
    --detach-sign "$out_dir/$sums_name"
fi

if [[ -n $mirror_dir ]]; then
  for source_address in "${source_addresses[@]}"; do
    mkdir -p "$mirror_dir/$source_address"
    cp "$out_dir/$zip_name" "$mirror_dir/$source_address/$zip_name"
    echo "mirror: $(cd "$mirror_dir" && pwd)/$source_address/$zip_name" >&2
  done
fi

echo "packaged $name $version for $platform in $out_dir:" >&2
(cd "$out_dir" && ls -1 "$zip_name" "$sums_name" "$manifest_name" 2>/dev/null) >&2
[[ -z $sign_key ]] || echo "$sums_name.sig" >&2
