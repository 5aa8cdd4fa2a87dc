//! A Terraform workspace: a temp directory with its own CLI configuration that
//! points the CLI under test (Terraform or OpenTofu, see [`crate::cli`]) at the
//! freshly built provider (`dev_overrides` under the CLI's registry host, so no
//! `init`), and an isolated environment aimed at one test's backend.
//!
//! Every command's combined output is checked (see `checks`) and kept, redacted,
//! for assertion messages; so is Terraform's log file when one is set
//! ([`Workspace::log_to_file`]).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::blocking::Backend;
use crate::cli::Cli;
use crate::command::{self, Invocation};
use crate::{checks, hcl_string, provider_binary};

/// The provider's source address as configurations write it; `dev_overrides` names
/// it under the CLI's registry host.
pub const PROVIDER_SOURCE: &str = "cognito-rs/aws";

/// The commands as automation runs them: no prompt, no colour.
const PLAN: &[&str] = &["plan", "-detailed-exitcode", "-input=false", "-no-color"];
const APPLY: &[&str] = &["apply", "-auto-approve", "-input=false", "-no-color"];
const DESTROY: &[&str] = &["destroy", "-auto-approve", "-input=false", "-no-color"];

pub use crate::command::Output;

/// One test's Terraform working directory and environment.
pub struct Workspace {
    cli: &'static Cli,
    root: tempfile::TempDir,
    env: Vec<(String, String)>,
    /// Every client secret seen in this workspace's state, and every value the test
    /// [`Workspace::forbid`]s; none may ever be printed or logged.
    secrets: BTreeSet<String>,
    /// Terraform's log file (`TF_LOG_PATH`), once [`Workspace::log_to_file`] set one.
    log: Option<PathBuf>,
    /// Redacted transcript of every command run so far.
    transcript: String,
    commands_run: usize,
}

impl Workspace {
    /// Creates an empty workspace whose CLI (the one under test) talks to `backend`.
    pub fn new(backend: &Backend) -> Workspace {
        let cli = Cli::under_test();
        let root = tempfile::Builder::new()
            .prefix("tf-acc-")
            .tempdir()
            .expect("create a workspace temp dir");
        for dir in ["work", "home", "logs"] {
            fs::create_dir(root.path().join(dir)).expect("create a workspace subdirectory");
        }
        let cli_config = root.path().join("cli.tfrc");
        fs::write(&cli_config, cli_config_text(cli, &provider_dir()))
            .expect("write the CLI config");
        let env = environment(root.path(), &cli_config, &backend.url());
        Workspace {
            cli,
            root,
            env,
            secrets: BTreeSet::new(),
            log: None,
            transcript: String::new(),
            commands_run: 0,
        }
    }

    /// The CLI this workspace runs (Terraform or OpenTofu, and its version).
    pub fn cli(&self) -> &'static Cli {
        self.cli
    }

    /// The provider's source address under the CLI's registry host, as `init`
    /// records it in `.terraform/providers` and the lock file.
    pub fn provider_source(&self) -> String {
        self.cli.full_source(PROVIDER_SOURCE)
    }

    /// The environment every Terraform command of this workspace runs with (and
    /// that a provider process started out of band needs, e.g. for reattaching).
    pub fn environment(&self) -> &[(String, String)] {
        &self.env
    }

    /// Adds `name=value` to the environment of the following commands.
    pub fn set_env(&mut self, name: &str, value: &str) {
        self.env.retain(|(k, _)| k != name);
        self.env.push((name.to_owned(), value.to_owned()));
    }

    /// Adds `secret` to what no command's output or log may hold (and what messages
    /// redact), beside the client secrets learned from state: for values that are
    /// never in state, such as a write-only `client_secret_wo` the test chose or a
    /// secret an ephemeral resource reads.
    pub fn forbid(&mut self, secret: &str) {
        assert!(!secret.is_empty(), "an empty secret would match everything");
        self.secrets.insert(secret.to_owned());
    }

    /// Sends Terraform's log at `level` (`TF_LOG`: trace, debug, info, warn or
    /// error), the provider's lines included, to a file of this workspace instead
    /// of stderr. From the next command on, every command's check reads the whole
    /// file for secrets as it reads the output. Returns the file's path.
    pub fn log_to_file(&mut self, level: &str) -> PathBuf {
        let path = self.root.path().join("logs").join("terraform.log");
        self.set_env("TF_LOG", level);
        self.set_env("TF_LOG_PATH", &path.to_string_lossy());
        self.log = Some(path.clone());
        path
    }

    /// The log file of [`Workspace::log_to_file`] as written so far, redacted (empty
    /// when there is none yet).
    pub fn log(&self) -> String {
        self.redact(&self.raw_log())
    }

    fn raw_log(&self) -> String {
        self.log
            .as_ref()
            .and_then(|path| fs::read_to_string(path).ok())
            .unwrap_or_default()
    }

    /// The directory Terraform runs in (holds main.tf and the state).
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("work")
    }

    /// Replaces the configuration with `config` (as main.tf).
    pub fn write_config(&self, config: &str) {
        fs::write(self.dir().join("main.tf"), config).expect("write main.tf");
    }

    /// Writes (or replaces) a file in the working directory.
    pub fn write_file(&self, name: &str, contents: &str) {
        fs::write(self.dir().join(name), contents).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }

    /// Copies every regular file of `source` (not directories, not state) into the
    /// working directory, e.g. an example's `.tf` files.
    pub fn copy_files_from(&self, source: &Path) {
        let entries =
            fs::read_dir(source).unwrap_or_else(|e| panic!("read {}: {e}", source.display()));
        for entry in entries {
            let entry = entry.expect("read a directory entry");
            let name = entry.file_name();
            let skipped = name.to_string_lossy().starts_with("terraform.tfstate");
            if entry.file_type().is_ok_and(|t| t.is_file()) && !skipped {
                fs::copy(entry.path(), self.dir().join(&name))
                    .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
            }
        }
    }

    /// `terraform plan -detailed-exitcode` plus `extra` arguments: the exit code
    /// (0 or 2; an error fails the test) and the output.
    pub fn plan_with(&mut self, extra: &[&str]) -> (i32, Output) {
        let output = self.run(&[PLAN, extra].concat());
        let code = self.plan_exit_code(&output);
        (code, output)
    }

    /// `terraform apply -auto-approve`; must succeed.
    pub fn apply(&mut self) -> Output {
        self.apply_with(&[])
    }

    /// `terraform apply -auto-approve` plus `extra` arguments; must succeed.
    pub fn apply_with(&mut self, extra: &[&str]) -> Output {
        self.run_ok(&[APPLY, extra].concat())
    }

    /// `terraform destroy -auto-approve`; must succeed.
    pub fn destroy(&mut self) -> Output {
        self.destroy_with(&[])
    }

    /// `terraform destroy -auto-approve` plus `extra` arguments; must succeed.
    pub fn destroy_with(&mut self, extra: &[&str]) -> Output {
        self.run_ok(&[DESTROY, extra].concat())
    }

    /// `terraform import ADDR ID`; must succeed.
    pub fn import(&mut self, address: &str, id: &str) -> Output {
        self.run_ok(&["import", "-input=false", "-no-color", address, id])
    }

    /// `terraform import ADDR ID`, which must fail; returns the combined output.
    pub fn import_expect_failure(&mut self, address: &str, id: &str) -> String {
        self.run_expect_failure(&["import", "-input=false", "-no-color", address, id])
    }

    /// `terraform state show ADDR` (human-readable, as a user would see it).
    pub fn state_show(&mut self, address: &str) -> String {
        self.run_ok(&["state", "show", "-no-color", address]).stdout
    }

    /// `terraform plan -detailed-exitcode`: 0 = no changes, 2 = changes. Any other
    /// exit code (an error) fails the test.
    pub fn plan_detailed_exitcode(&mut self) -> i32 {
        self.plan_with(&[]).0
    }

    /// Fails the test, showing the plan, unless the configuration plans no change.
    pub fn assert_no_changes(&mut self) {
        let (code, output) = self.plan_with(&[]);
        assert_eq!(
            code,
            0,
            "expected no changes, but the plan has some:\n{}",
            self.redact(&output.combined())
        );
    }

    /// Plans into a file and returns its exit code and its JSON form
    /// (`terraform show -json PLANFILE`).
    pub fn plan(&mut self) -> Plan {
        let (exit_code, _) = self.plan_with(&["-out=tfplan"]);
        let json = self.show_json_of(&["show", "-json", "-no-color", "tfplan"]);
        Plan { exit_code, json }
    }

    /// The state as `terraform show -json` reports it.
    ///
    /// The JSON carries sensitive values in clear by design, so its stdout is not
    /// checked for secrets; it is never printed either.
    pub fn show_json(&mut self) -> Value {
        self.show_json_of(&["show", "-json", "-no-color"])
    }

    /// The attribute values of the resource at `address` in the state, if present.
    pub fn state_resource(&mut self, address: &str) -> Option<Map<String, Value>> {
        let state = self.show_json();
        find_resource(&state["values"]["root_module"], address)
            .and_then(|resource| resource["values"].as_object().cloned())
    }

    /// The identity of the resource at `address` in the state (Terraform and
    /// OpenTofu 1.12+), if it has one.
    pub fn state_identity(&mut self, address: &str) -> Option<Map<String, Value>> {
        let state = self.show_json();
        find_resource(&state["values"]["root_module"], address)
            .and_then(|resource| resource["identity"].as_object().cloned())
    }

    /// Runs a command that must fail and returns its combined output (redacted).
    pub fn run_expect_failure(&mut self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            !output.status.success(),
            "`{}` was expected to fail but succeeded:\n{}",
            output.command,
            self.redact(&output.combined())
        );
        self.redact(&output.combined())
    }

    /// Everything run so far in this workspace, redacted, for assertion messages.
    pub fn transcript(&self) -> &str {
        &self.transcript
    }

    /// Runs `terraform ARGS`, which must succeed.
    pub fn run_ok(&mut self, args: &[&str]) -> Output {
        let output = self.run(args);
        output.assert_succeeded(|text| self.redact(text));
        output
    }

    fn show_json_of(&mut self, args: &[&str]) -> Value {
        let output = self.run_with(args, false);
        assert!(
            output.status.success(),
            "`{}` failed:\n{}",
            output.command,
            self.redact(&output.stderr)
        );
        serde_json::from_str(&output.stdout)
            .unwrap_or_else(|e| panic!("`{}` printed invalid JSON: {e}", output.command))
    }

    fn plan_exit_code(&self, output: &Output) -> i32 {
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 2)),
            "`{}` failed ({}):\n{}",
            output.command,
            output.status,
            self.redact(&output.combined())
        );
        code.unwrap_or_default()
    }

    /// Runs `terraform ARGS` and applies the output checks to stdout and stderr;
    /// the caller judges the exit status.
    pub fn run(&mut self, args: &[&str]) -> Output {
        self.run_with(args, true)
    }

    /// Runs `terraform ARGS` with a deadline, then learns the secrets now in state
    /// and checks the output and the log file, if any. `stdout_is_printable =
    /// false` is for machine-readable dumps that carry sensitive values by design
    /// (`show -json`): their stdout is neither secret-checked nor kept in the
    /// transcript.
    fn run_with(&mut self, args: &[&str], stdout_is_printable: bool) -> Output {
        self.commands_run += 1;
        let output = self.execute(args);
        self.learn_secrets();
        let checked = if stdout_is_printable {
            output.combined()
        } else {
            output.stderr.clone()
        };
        let mut problems = checks::problems(&checked, &self.secrets);
        if let Some(path) = &self.log {
            let name = path.display().to_string();
            problems.extend(checks::log_problems(&name, &self.raw_log(), &self.secrets));
        }
        let kept = if stdout_is_printable {
            self.redact(&checked)
        } else {
            format!(
                "<{} bytes of JSON not shown>\n{}",
                output.stdout.len(),
                self.redact(&checked)
            )
        };
        self.transcript.push_str(&format!(
            "$ {} ({})\n{kept}\n",
            output.command, output.status
        ));
        assert!(
            problems.is_empty(),
            "`{}`: {}\n{kept}",
            output.command,
            problems.join("; ")
        );
        output
    }

    /// Runs the CLI with `args` in the working directory (see [`command::run`]).
    fn execute(&self, args: &[&str]) -> Output {
        let logs = self.root.path().join("logs");
        let invocation = Invocation {
            program: self.cli.program(),
            command: format!("{} {}", self.cli.command_name(), args.join(" ")),
            args,
            dir: &self.dir(),
            env: &self.env,
            logs: &logs.join(format!("{:03}", self.commands_run)),
        };
        command::run(&invocation).unwrap_or_else(|printed| {
            panic!(
                "`{}` did not finish within {:?}:\n{}",
                invocation.command,
                command::TIMEOUT,
                self.redact(&printed)
            )
        })
    }

    /// Records every non-empty `client_secret` in the state file and its backup,
    /// read directly so that learning them does not itself run Terraform.
    fn learn_secrets(&mut self) {
        for file in ["terraform.tfstate", "terraform.tfstate.backup"] {
            let Ok(text) = fs::read_to_string(self.dir().join(file)) else {
                continue;
            };
            let Ok(state) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            self.secrets.extend(secrets_in_state(&state));
        }
    }

    /// `text` with every client secret seen in this workspace replaced.
    pub fn redact(&self, text: &str) -> String {
        checks::redact(text, &self.secrets)
    }
}

/// A saved plan, in the JSON form of `terraform show -json PLANFILE`.
pub struct Plan {
    pub exit_code: i32,
    pub json: Value,
}

impl Plan {
    /// The planned actions for `address` (e.g. `["update"]`, `["delete", "create"]`);
    /// empty when the plan does not mention the resource.
    pub fn actions(&self, address: &str) -> Vec<String> {
        self.change(address)
            .and_then(|change| change["actions"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|action| action.as_str().map(str::to_owned))
            .collect()
    }

    /// The `change` object (`actions`, `before`, `after`, ...) for `address`.
    pub fn change(&self, address: &str) -> Option<&Value> {
        self.json["resource_changes"]
            .as_array()?
            .iter()
            .find(|change| change["address"] == address)
            .map(|change| &change["change"])
    }
}

/// Finds a resource by address in a `show -json` module, searching child modules.
fn find_resource<'a>(module: &'a Value, address: &str) -> Option<&'a Value> {
    let here = module["resources"]
        .as_array()
        .and_then(|resources| resources.iter().find(|r| r["address"] == address));
    here.or_else(|| {
        module["child_modules"]
            .as_array()?
            .iter()
            .find_map(|child| find_resource(child, address))
    })
}

/// Every non-empty `client_secret` attribute in a raw state file.
fn secrets_in_state(state: &Value) -> Vec<String> {
    let resources = state["resources"].as_array().into_iter().flatten();
    let instances = resources.flat_map(|r| r["instances"].as_array().into_iter().flatten());
    instances
        .filter_map(|instance| instance["attributes"]["client_secret"].as_str())
        .filter(|secret| !secret.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The directory `dev_overrides` names: Terraform runs the `terraform-provider-aws`
/// in it.
fn provider_dir() -> PathBuf {
    provider_binary()
        .parent()
        .expect("the provider binary has a parent directory")
        .to_owned()
}

/// A CLI configuration that makes `cli` use the provider binary in `dir` for our
/// source address, and the normal installation for everything else.
fn cli_config_text(cli: &Cli, dir: &Path) -> String {
    format!(
        "provider_installation {{\n  dev_overrides {{\n    {} = {}\n  }}\n  direct {{}}\n}}\n",
        hcl_string(&cli.full_source(PROVIDER_SOURCE)),
        hcl_string(&dir.to_string_lossy())
    )
}

/// The complete environment of every Terraform command in a workspace.
fn environment(root: &Path, cli_config: &Path, backend_url: &str) -> Vec<(String, String)> {
    let mut env = crate::client_env::aimed_at(root, backend_url);
    let fixed = [
        (
            "TF_CLI_CONFIG_FILE",
            cli_config.to_string_lossy().into_owned(),
        ),
        ("TF_IN_AUTOMATION", "1".to_owned()),
        ("CHECKPOINT_DISABLE", "1".to_owned()),
        ("TF_INPUT", "0".to_owned()),
    ];
    env.extend(fixed.into_iter().map(|(k, v)| (k.to_owned(), v)));
    env
}
