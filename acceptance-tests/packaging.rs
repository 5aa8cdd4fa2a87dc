//! What a user meets before the first plan: the examples of the registry pages,
//! and the provider installed by `terraform init` from a release package instead of
//! development overrides.
//!
//! - Every example under `examples/` is formatted (`terraform fmt -check`) and valid
//!   (`terraform validate`, with development overrides: no init). The registry shows
//!   `examples/resources/<type>/*`, `examples/data-sources/<type>/*` and
//!   `examples/ephemeral-resources/<type>/*` together with
//!   `examples/provider/provider.tf`, so they are validated together. The examples
//!   that need `hashicorp/aws` (`examples.rs`'s `FORMAT_ONLY`) are only formatted.
//! - `examples/provider/provider.tf` with each `examples/resources/<type>/`
//!   applies, plans no change, imports with the command of `import.sh` and with
//!   `import-block.tf` (their example id replaced by the real one), and destroys;
//!   every resource type the provider serves has such a directory.
//!   (`acceptance-tests/examples.rs` applies the scenario directories.)
//! - `scripts/package.sh` builds the release binary once and packages it as the
//!   registry does; then
//!   - `terraform init` installs it offline from a filesystem mirror (packed layout,
//!     no dev_overrides), the lock file records the version and the `h1:` hash of the
//!     package, and the installed provider applies and destroys an example;
//!   - `terraform init` installs it through the provider registry protocol, served
//!     on 127.0.0.1 with a throwaway GPG key, and the lock file records the `zh:`
//!     hash from the signed SHA256SUMS file. Terraform records `zh:` hashes only from
//!     a signed SHA256SUMS (registry), never from a filesystem mirror, so this is
//!     the install that checks SHA256SUMS, its signature and the manifest's protocol.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value};

use crate::examples::FORMAT_ONLY;
use test_support::blocking::Backend;
use test_support::plugin::Plugin;
use test_support::{hcl_string, Workspace};

const NAMESPACE_TYPE: &str = test_support::terraform::PROVIDER_SOURCE;
const NAME: &str = "terraform-provider-aws";
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The resource type of the examples that the release-package tests install.
const CLIENT: &str = "aws_cognito_user_pool_client";
const MANAGED: &str = "aws_cognito_managed_user_pool_client";
/// The client resource types: each has its registry examples, applied here.
const RESOURCE_TYPES: [&str; 2] = [CLIENT, MANAGED];
/// The other resource types, whose registry examples are applied where their
/// set-up lives.
const APPLIED_ELSEWHERE: [(&str, &str); 1] = [(
    "aws_cognito_user_pool_client_secret",
    "acceptance-tests/client_secret.rs (it needs a client with a secret)",
)];
/// The id the import examples use; the tests put a real one in its place.
const EXAMPLE_IMPORT_ID: &str = "us-west-2_abc123/1example23456789";

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn provider_example() -> PathBuf {
    repo_path("examples/provider/provider.tf")
}

fn resource_example_dir(type_name: &str) -> PathBuf {
    repo_path(&format!("examples/resources/{type_name}"))
}

/// The address of the resource in a type's `resource.tf`.
fn example_address(type_name: &str) -> String {
    format!("{type_name}.example")
}

/// The `region = "..."` of `examples/provider/provider.tf`: the user pool has to be
/// created there for the examples to apply.
fn example_region() -> String {
    let text = read(&provider_example());
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("region"))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .map(|value| value.trim().trim_matches('"').to_owned())
        .next()
        .expect("examples/provider/provider.tf sets region = \"...\"")
}

/// The names of the entries of `dir`, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.expect("a directory entry");
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Copies `source` into the workspace under its own file name, replacing
/// [`EXAMPLE_IMPORT_ID`] with `import_id` when given.
fn copy_example(ws: &Workspace, source: &Path, import_id: Option<&str>) {
    let mut text = read(source);
    if let Some(id) = import_id {
        assert!(
            text.contains(EXAMPLE_IMPORT_ID),
            "{} no longer uses the example id {EXAMPLE_IMPORT_ID}; update this test",
            source.display()
        );
        text = text.replace(EXAMPLE_IMPORT_ID, id);
    }
    let name = source.file_name().expect("a file name").to_string_lossy();
    ws.write_file(&name, &text);
}

/// The provider and resource examples, with the pool id as a variable value.
fn write_resource_example(ws: &Workspace, type_name: &str, pool: &str) {
    copy_example(ws, &provider_example(), None);
    copy_example(
        ws,
        &resource_example_dir(type_name).join("resource.tf"),
        None,
    );
    ws.write_file(
        "terraform.tfvars",
        &format!("user_pool_id = {}\n", hcl_string(pool)),
    );
}

fn client_id(ws: &mut Workspace, type_name: &str) -> String {
    let address = example_address(type_name);
    let values = ws
        .state_resource(&address)
        .unwrap_or_else(|| panic!("{address} is not in state:\n{}", ws.transcript()));
    values["id"].as_str().expect("a client id").to_owned()
}

// ---------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------

/// Every directory under `examples/` that holds `.tf` files.
fn example_dirs(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    if entries
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "tf"))
    {
        found.push(dir.to_owned());
    }
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_dir() && !hidden {
            example_dirs(&path, found);
        }
    }
}

#[test]
fn examples_are_formatted_and_valid() {
    let backend = Backend::start();
    let examples = repo_path("examples");
    let mut ws = Workspace::new(&backend);
    let examples_arg = examples.to_string_lossy().into_owned();
    let output = ws.run(&[
        "fmt",
        "-check",
        "-recursive",
        "-diff",
        "-no-color",
        &examples_arg,
    ]);
    assert!(
        output.status.success(),
        "examples/ is not formatted (run `terraform fmt -recursive examples`):\n{}",
        output.combined()
    );

    let mut dirs = Vec::new();
    example_dirs(&examples, &mut dirs);
    // The registry shows these snippets under examples/provider/provider.tf.
    let snippets = ["resources", "data-sources", "ephemeral-resources"].map(|d| examples.join(d));
    let required = RESOURCE_TYPES.map(resource_example_dir);
    for required in required.into_iter().chain([examples.join("provider")]) {
        assert!(
            dirs.contains(&required),
            "{} is missing",
            required.display()
        );
    }
    // Those that need hashicorp/aws cannot be validated here (see FORMAT_ONLY).
    let format_only = FORMAT_ONLY.map(|name| examples.join(name));
    for dir in dirs.iter().filter(|dir| !format_only.contains(dir)) {
        let snippet = snippets.iter().any(|snippets| dir.starts_with(snippets));
        // One import block per resource: the id and the identity form of a type's
        // import are validated apart.
        let variants: &[Option<&str>] = match dir.join(IMPORT_BY_IDENTITY).is_file() {
            true => &[Some(IMPORT_BY_IDENTITY), Some("import-block.tf")],
            false => &[None],
        };
        for left_out in variants {
            let ws = example_workspace(&backend, dir, snippet, *left_out);
            expect_valid(ws, dir, &["validate", "-no-color"]);
        }
    }
    // List blocks (`.tfquery.hcl`) are Terraform 1.14's; older CLIs ignore them.
    if ws.cli().version() >= test_support::cli::Version(1, 14, 0) {
        let lists = fs::read_dir(examples.join("list-resources")).expect("examples/list-resources");
        for dir in lists.map(|entry| entry.expect("a directory entry").path()) {
            let ws = example_workspace(&backend, &dir, true, None);
            expect_valid(ws, &dir, &["validate", "-query", "-no-color"]);
        }
    }
}

/// The registry example of an import by identity, beside the one by id.
const IMPORT_BY_IDENTITY: &str = "import-by-identity.tf";

/// A workspace with the files of the example `dir` but `left_out`, and the
/// provider's example configuration when the example is a registry snippet.
fn example_workspace(
    backend: &Backend,
    dir: &Path,
    snippet: bool,
    left_out: Option<&str>,
) -> Workspace {
    let ws = Workspace::new(backend);
    ws.copy_files_from(dir);
    if let Some(name) = left_out {
        fs::remove_file(ws.dir().join(name)).expect("remove the file left out");
    }
    if snippet {
        copy_example(&ws, &provider_example(), None);
    }
    ws
}

/// Runs `args` (a validation) in `ws`, which must succeed.
fn expect_valid(mut ws: Workspace, dir: &Path, args: &[&str]) {
    let output = ws.run(args);
    assert!(
        output.status.success(),
        "{} is not valid:\n{}",
        dir.display(),
        output.combined()
    );
}

/// What stands in for the service that creates the client a managed resource
/// adopts: a client whose name the example's `name_pattern` matches.
fn create_the_other_services_client(backend: &Backend, region: &str, pool: &str) -> String {
    let created = backend.block_on(
        backend
            .sdk(region)
            .create_user_pool_client()
            .user_pool_id(pool)
            .client_name("AmazonOpenSearchService-example-a1b2c3")
            .callback_urls("https://search.example.com/_dashboards/app/home")
            .allowed_o_auth_flows_user_pool_client(true)
            .allowed_o_auth_flows("code".into())
            .allowed_o_auth_scopes("openid")
            .supported_identity_providers("COGNITO")
            .send(),
    );
    let client = created
        .expect("create the OpenSearch stand-in's client")
        .user_pool_client
        .expect("a client in the answer");
    client.client_id.expect("a client id")
}

/// The resource types the provider serves, from its own GetProviderSchema.
fn served_resource_types(backend: &Backend) -> Vec<String> {
    let schema = backend.block_on(async {
        let plugin = Plugin::start().await.expect("the provider starts");
        plugin.schema().await
    });
    schema.resource_schemas.into_keys().collect()
}

#[test]
fn resource_examples_apply_import_and_destroy() {
    let backend = Backend::start();
    let found = file_names(&repo_path("examples/resources"));
    let mut served = served_resource_types(&backend);
    served.sort();
    assert_eq!(
        found, served,
        "examples/resources/ has one directory per resource type the provider serves"
    );
    let elsewhere = APPLIED_ELSEWHERE.map(|(type_name, _)| type_name.to_owned());
    let mut known = RESOURCE_TYPES.map(str::to_owned).to_vec();
    known.extend(elsewhere);
    known.sort();
    assert_eq!(
        served, known,
        "a new resource type needs its set-up and checks in this test"
    );
    for type_name in RESOURCE_TYPES {
        resource_example_applies_imports_and_destroys(&backend, type_name);
    }
}

/// `examples/resources/<type_name>/` with the provider example: apply, no change,
/// both imports, destroy. The managed client's adopted client is made first, and
/// stays after destroy; after `terraform import` its selector is recorded by one
/// in-place update.
fn resource_example_applies_imports_and_destroys(backend: &Backend, type_name: &str) {
    let region = example_region();
    let pool = backend.create_user_pool_in(&region, &format!("example-{type_name}"));
    let adopts = type_name == MANAGED;
    let adopted = adopts.then(|| create_the_other_services_client(backend, &region, &pool));
    let address = example_address(type_name);
    let dir = resource_example_dir(type_name);

    let mut ws = Workspace::new(backend);
    write_resource_example(&ws, type_name, &pool);
    ws.apply();
    let id = client_id(&mut ws, type_name);
    assert!(
        backend.describe_client_in(&region, &pool, &id).is_some(),
        "the example's client {pool}/{id} does not exist in {region}"
    );
    if let Some(adopted) = &adopted {
        assert_eq!(&id, adopted, "{type_name} adopted another client");
    }
    ws.assert_no_changes();
    let import_id = format!("{pool}/{id}");

    // import.sh: the command as written, with the real id.
    let script = read(&dir.join("import.sh"));
    let command = script
        .lines()
        .find(|line| line.starts_with("terraform import "))
        .expect("import.sh has a `terraform import ADDRESS ID` line");
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(
        words[2..],
        [address.as_str(), EXAMPLE_IMPORT_ID],
        "{type_name}/import.sh: {command}"
    );
    let mut imported = Workspace::new(backend);
    write_resource_example(&imported, type_name, &pool);
    imported.run_ok(&["import", "-input=false", "-no-color", &address, &import_id]);
    assert_eq!(client_id(&mut imported, type_name), id);
    if adopts {
        assert_eq!(
            imported.plan().actions(&address),
            ["update"],
            "{}",
            imported.transcript()
        );
        imported.apply();
    }
    imported.assert_no_changes();

    // import-block.tf: applied with the resource example.
    let mut with_block = Workspace::new(backend);
    write_resource_example(&with_block, type_name, &pool);
    copy_example(&with_block, &dir.join("import-block.tf"), Some(&import_id));
    let output = with_block.apply();
    assert!(
        output.stdout.contains("1 imported"),
        "{type_name}: the import block imported nothing:\n{}",
        with_block.transcript()
    );
    assert_eq!(client_id(&mut with_block, type_name), id);
    with_block.assert_no_changes();

    ws.destroy();
    let remains = backend.describe_client_in(&region, &pool, &id).is_some();
    assert_eq!(
        remains,
        adopts,
        "{type_name}: after destroy the client {}",
        if remains { "still exists" } else { "is gone" }
    );
}

// ---------------------------------------------------------------------------
// The release package
// ---------------------------------------------------------------------------

/// What `scripts/package.sh` produced, once per test run.
struct Package {
    /// `--out`: the zip, SHA256SUMS, its signature and the manifest.
    out: PathBuf,
    /// `--mirror`: the packed filesystem mirror.
    mirror: PathBuf,
    /// `linux_amd64` and the like.
    platform: String,
    zip_name: String,
    /// The release binary that went into the zip.
    binary: PathBuf,
    /// The throwaway key that signed SHA256SUMS.
    gpg_key_id: String,
    gpg_public_key: String,
}

impl Package {
    fn file(&self, name: &str) -> Vec<u8> {
        let path = self.out.join(name);
        fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    fn sums_name(&self) -> String {
        format!("{NAME}_{VERSION}_SHA256SUMS")
    }

    /// The SHA256SUMS line for `file`: its hex SHA-256.
    fn listed_sha256(&self, file: &str) -> String {
        let sums = String::from_utf8(self.file(&self.sums_name())).expect("SHA256SUMS is text");
        sums.lines()
            .filter_map(|line| line.split_once("  "))
            .find(|(_, name)| *name == file)
            .map(|(hash, _)| hash.to_owned())
            .unwrap_or_else(|| panic!("SHA256SUMS does not list {file}:\n{sums}"))
    }
}

/// Runs `scripts/package.sh` once for all the tests of this file (it builds the
/// release binary: a no-op when target/release is up to date).
fn package() -> &'static Package {
    static PACKAGE: OnceLock<Package> = OnceLock::new();
    PACKAGE.get_or_init(build_package)
}

fn build_package() -> Package {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("packaging");
    if root.exists() {
        fs::remove_dir_all(&root).expect("remove the previous packaging output");
    }
    let (out, mirror) = (root.join("dist"), root.join("mirror"));
    let key = Gpg::new();
    let output = Command::new(repo_path("scripts/package.sh"))
        .args(["--out".as_ref(), out.as_os_str()])
        .args(["--mirror".as_ref(), mirror.as_os_str()])
        .args(["--sign", &key.id])
        .env("GNUPGHOME", key.home.path())
        .output()
        .expect("run scripts/package.sh");
    assert!(
        output.status.success(),
        "scripts/package.sh failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let prefix = format!("{NAME}_{VERSION}_");
    let zip_name = file_names(&out)
        .into_iter()
        .find(|name| name.starts_with(&prefix) && name.ends_with(".zip"))
        .unwrap_or_else(|| panic!("no {prefix}<os>_<arch>.zip in {}", out.display()));
    let platform = zip_name[prefix.len()..zip_name.len() - ".zip".len()].to_owned();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_path("target"));
    let exe = if platform.starts_with("windows_") {
        ".exe"
    } else {
        ""
    };
    Package {
        out,
        mirror,
        platform,
        zip_name,
        binary: target_dir.join("release").join(format!("{NAME}{exe}")),
        gpg_public_key: key.export_public(),
        gpg_key_id: key.id.clone(),
    }
}

/// A GPG home with one fresh signing key; its agent is stopped on drop.
struct Gpg {
    home: tempfile::TempDir,
    id: String,
}

impl Gpg {
    fn new() -> Gpg {
        let home = tempfile::Builder::new()
            .prefix("tf-gpg-")
            .tempdir()
            .expect("create a GNUPGHOME");
        let mut gpg = Gpg {
            home,
            id: String::new(),
        };
        gpg.run(&[
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            "terraform-provider-aws tests <tests@example.invalid>",
            "rsa2048",
            "sign",
            "never",
        ]);
        let listing = String::from_utf8(gpg.run(&["--list-keys", "--with-colons"]))
            .expect("gpg lists keys as text");
        gpg.id = listing
            .lines()
            .find(|line| line.starts_with("pub:"))
            .and_then(|line| line.split(':').nth(4))
            .expect("gpg lists the new key")
            .to_owned();
        gpg
    }

    fn run(&self, args: &[&str]) -> Vec<u8> {
        let output = Command::new("gpg")
            .args(args)
            .env("GNUPGHOME", self.home.path())
            .output()
            .unwrap_or_else(|e| panic!("cannot run gpg ({e}): install gnupg"));
        assert!(
            output.status.success(),
            "gpg {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }

    fn export_public(&self) -> String {
        String::from_utf8(self.run(&["--armor", "--export", &self.id])).expect("armored text")
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .args(["--kill", "gpg-agent"])
            .env("GNUPGHOME", self.home.path())
            .output();
    }
}

/// SHA-256, from the crypto provider the crate already links (rustls on aws-lc-rs),
/// so that the tests need no extra dependency.
fn sha256(data: &[u8]) -> Vec<u8> {
    use rustls::crypto::hash::HashAlgorithm;
    let suite = rustls::crypto::aws_lc_rs::cipher_suite::TLS13_AES_128_GCM_SHA256;
    let hash = suite.tls13().expect("a TLS 1.3 suite").common.hash_provider;
    assert_eq!(hash.algorithm(), HashAlgorithm::SHA256);
    hash.hash(data).as_ref().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Terraform's `h1:` package hash (Go's `dirhash.Hash1`) of an unpacked provider
/// directory: SHA-256 over the sorted `"<sha256 hex>  <relative path>\n"` lines.
fn h1_hash(dir: &Path) -> String {
    fn walk(dir: &Path, prefix: &str, files: &mut Vec<(String, PathBuf)>) {
        for entry in fs::read_dir(dir).expect("read the provider directory") {
            let path = entry.expect("an entry").path();
            let name = format!("{prefix}{}", path.file_name().unwrap().to_string_lossy());
            if path.is_dir() {
                walk(&path, &format!("{name}/"), files);
            } else {
                files.push((name, path));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, "", &mut files);
    files.sort();
    let summary: String = files
        .iter()
        .map(|(name, path)| format!("{}  {name}\n", hex(&sha256(&fs::read(path).unwrap()))))
        .collect();
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(sha256(summary.as_bytes()))
    )
}

/// The version and hashes `.terraform.lock.hcl` records for our provider.
struct Lock {
    version: String,
    hashes: Vec<String>,
}

fn read_lock(ws: &Workspace) -> Lock {
    let text = read(&ws.dir().join(".terraform.lock.hcl"));
    let header = format!("provider {} {{", hcl_string(&ws.provider_source()));
    let block: Vec<&str> = text
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| line.trim() != "}")
        .collect();
    assert!(!block.is_empty(), "no {header} in the lock file:\n{text}");
    let quoted = |line: &str| line.split('"').nth(1).map(str::to_owned);
    let version = block
        .iter()
        .find(|line| line.trim_start().starts_with("version"))
        .and_then(|line| quoted(line))
        .unwrap_or_else(|| panic!("no version in the lock file:\n{text}"));
    let hashes = block
        .iter()
        .filter(|line| line.trim_start().starts_with('"'))
        .filter_map(|line| quoted(line))
        .collect();
    Lock { version, hashes }
}

/// Where `terraform init` unpacked the provider.
fn installed_dir(ws: &Workspace, package: &Package) -> PathBuf {
    ws.dir()
        .join(".terraform/providers")
        .join(ws.provider_source())
        .join(VERSION)
        .join(&package.platform)
}

/// Points the workspace's Terraform at `config` instead of the harness's
/// dev_overrides. The harness names its CLI configuration `cli.tfrc`, next to the
/// working directory, in `TF_CLI_CONFIG_FILE`.
fn replace_cli_config(ws: &Workspace, config: &str) {
    let path = ws
        .dir()
        .parent()
        .expect("the workspace has a root")
        .join("cli.tfrc");
    assert!(
        path.is_file(),
        "the harness's CLI configuration is no longer at {}; update replace_cli_config",
        path.display()
    );
    fs::write(&path, config).expect("write the CLI configuration");
}

/// `terraform init` must have installed our zip's binary, unchanged, and recorded
/// the version and the package's `h1:` hash.
fn check_installed(ws: &Workspace, package: &Package) -> Lock {
    let dir = installed_dir(ws, package);
    let installed = dir.join(format!(
        "{NAME}_v{VERSION}{}",
        if package.platform.starts_with("windows_") {
            ".exe"
        } else {
            ""
        }
    ));
    let built = fs::read(&package.binary).expect("read the release binary");
    assert!(
        fs::read(&installed).ok().as_deref() == Some(&built[..]),
        "{} is not the release binary {}",
        installed.display(),
        package.binary.display()
    );
    let lock = read_lock(ws);
    assert_eq!(lock.version, VERSION, "the lock file's version");
    let h1 = h1_hash(&dir);
    assert!(
        lock.hashes.contains(&h1),
        "the lock file does not record the package's {h1}: {:?}",
        lock.hashes
    );
    lock
}

#[test]
fn filesystem_mirror_installs_offline() {
    let package = package();
    // SHA256SUMS is right about the zip.
    let zip_sha = hex(&sha256(&package.file(&package.zip_name)));
    assert_eq!(package.listed_sha256(&package.zip_name), zip_sha);
    let backend = Backend::start();
    let region = example_region();
    let pool = backend.create_user_pool_in(&region, "mirror");
    let mut ws = Workspace::new(&backend);
    let source = ws.provider_source();
    let mirrored = package.mirror.join(&source).join(&package.zip_name);
    assert!(mirrored.is_file(), "{} is missing", mirrored.display());
    replace_cli_config(
        &ws,
        &format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {}\n    include = [{source}]\n  }}\n  direct {{\n    exclude = [{source}]\n  }}\n}}\n",
            hcl_string(&package.mirror.to_string_lossy()),
            source = hcl_string(&source),
        ),
    );
    write_resource_example(&ws, CLIENT, &pool);
    let output = ws.run_ok(&["init", "-input=false", "-no-color"]);
    assert!(
        output
            .stdout
            .contains(&format!("Installed {NAMESPACE_TYPE} v{VERSION}")),
        "init did not install {NAMESPACE_TYPE} v{VERSION}:\n{}",
        output.combined()
    );
    assert!(
        !output.combined().contains("development overrides"),
        "dev_overrides are still in effect:\n{}",
        output.combined()
    );
    check_installed(&ws, package);

    ws.apply();
    let id = client_id(&mut ws, CLIENT);
    assert!(backend.describe_client_in(&region, &pool, &id).is_some());
    ws.assert_no_changes();
    ws.destroy();
    assert!(backend.describe_client_in(&region, &pool, &id).is_none());
}

#[test]
fn registry_protocol_records_the_signed_checksums() {
    let package = package();
    let manifest: Value =
        serde_json::from_slice(&package.file(&format!("{NAME}_{VERSION}_manifest.json")))
            .expect("the manifest is JSON");
    let protocols = manifest["metadata"]["protocol_versions"].clone();
    let (os, arch) = package
        .platform
        .split_once('_')
        .expect("platform is os_arch");
    let sums = package.sums_name();
    let signature = format!("{sums}.sig");
    let registry = Registry::start(|base| {
        let download = json!({
            "protocols": protocols,
            "os": os,
            "arch": arch,
            "filename": package.zip_name,
            "download_url": format!("{base}/files/{}", package.zip_name),
            "shasums_url": format!("{base}/files/{sums}"),
            "shasums_signature_url": format!("{base}/files/{signature}"),
            "shasum": package.listed_sha256(&package.zip_name),
            "signing_keys": {"gpg_public_keys": [{
                "key_id": package.gpg_key_id,
                "ascii_armor": package.gpg_public_key,
            }]},
        });
        let versions = json!({"versions": [{
            "version": VERSION,
            "protocols": protocols,
            "platforms": [{"os": os, "arch": arch}],
        }]});
        let api = format!("/v1/providers/{NAMESPACE_TYPE}");
        HashMap::from([
            (format!("{api}/versions"), versions.to_string().into_bytes()),
            (
                format!("{api}/{VERSION}/download/{os}/{arch}"),
                download.to_string().into_bytes(),
            ),
            (
                format!("/files/{}", package.zip_name),
                package.file(&package.zip_name),
            ),
            (format!("/files/{sums}"), package.file(&sums)),
            (format!("/files/{signature}"), package.file(&signature)),
        ])
    });

    let backend = Backend::start();
    let mut ws = Workspace::new(&backend);
    // `host` replaces the registry's service discovery: the provider API of the
    // CLI's registry (registry.terraform.io, registry.opentofu.org) is the local
    // server, so nothing leaves the machine.
    replace_cli_config(
        &ws,
        &format!(
            "host {} {{\n  services = {{\n    \"providers.v1\" = {}\n  }}\n}}\n\nprovider_installation {{\n  direct {{\n    include = [{}]\n  }}\n}}\n",
            hcl_string(ws.cli().registry_host()),
            hcl_string(&format!("{}/v1/providers/", registry.base())),
            hcl_string(&ws.provider_source()),
        ),
    );
    copy_example(&ws, &provider_example(), None);
    let output = ws.run_ok(&["init", "-input=false", "-no-color"]);
    assert!(
        output
            .stdout
            // Terraform says "self-signed", OpenTofu "signed": both checked the key.
            .contains(&format!("signed, key ID {})", package.gpg_key_id)),
        "init did not check the signature of SHA256SUMS:\n{}",
        output.combined()
    );
    let lock = check_installed(&ws, package);
    let zh = format!("zh:{}", package.listed_sha256(&package.zip_name));
    assert!(
        lock.hashes.contains(&zh),
        "the lock file does not record {zh} from SHA256SUMS: {:?}",
        lock.hashes
    );
    ws.run_ok(&["validate", "-no-color"]);
}

/// A provider registry (the provider registry protocol's two endpoints plus the
/// files they point to), served from memory on 127.0.0.1 until dropped.
struct Registry {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Registry {
    /// `files(base_url)` gives the content of every path.
    fn start(files: impl FnOnce(&str) -> HashMap<String, Vec<u8>>) -> Registry {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("a local address").port();
        let files = files(&format!("http://127.0.0.1:{port}"));
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let _ = respond(stream, &files);
                }
            }
        });
        Registry {
            port,
            stop,
            thread: Some(thread),
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one HTTP/1.1 request (GET or HEAD) and closes the connection.
fn respond(stream: TcpStream, files: &HashMap<String, Vec<u8>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = path.split('?').next().unwrap_or_default();
    let (status, body) = match files.get(path) {
        Some(body) => ("200 OK", body.as_slice()),
        None => ("404 Not Found", &b"not found"[..]),
    };
    let content_type = if path.starts_with("/v1/") {
        "application/json"
    } else {
        "application/octet-stream"
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}
