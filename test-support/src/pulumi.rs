//! A Pulumi project as a new user makes one with `docs/guides/pulumi.md`, run with the
//! real Pulumi CLI, its YAML language host and its Terraform bridge (built by
//! `scripts/clients.sh`) against one test's backend.
//!
//! Everything is private to the project: `PULUMI_HOME` (plugins, logs), a file state
//! backend, the program's directory, and the provider binary copied to
//! `providers/cognito/terraform-provider-cognito`, the name the guide recommends. The
//! bridge is installed with `pulumi plugin install ... --file`, and the provider added
//! with `pulumi package add terraform-provider <absolute path>`.
//!
//! Every command is checked as Terraform's are ([`checks`]): no secret of the stack in
//! its output or in Pulumi's logs, no crash. And every process it started is gone
//! within [`LINGER_LIMIT`] of its end: they are found by a marker in their
//! environment, which each inherits (the CLI, the language host, the bridge, the
//! providers the bridge starts), and checked by process id.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::blocking::Backend;
use crate::command::{self, Invocation, Output};
use crate::{checks, process, provider_binary};

/// The package name the guide recommends: the binary is `terraform-provider-<name>`.
pub const PACKAGE: &str = "cognito";

/// The stack every project uses.
const STACK: &str = "dev";

/// How long a process a command started may outlive the command: the provider ends
/// within about 1.5 s of the bridge that launched it.
pub const LINGER_LIMIT: Duration = Duration::from_secs(10);

/// The variable whose value marks every process of one project's commands.
const MARKER: &str = "COGNITO_RS_PULUMI_TEST";

/// The stack's passphrase (the file backend's secrets provider).
const PASSPHRASE: &str = "correct horse battery staple";

/// The programs `scripts/clients.sh --env` names.
struct Tools {
    pulumi: PathBuf,
    bridge: PathBuf,
    bridge_version: String,
}

fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Result<Tools, String>> = OnceLock::new();
    let found = TOOLS.get_or_init(|| {
        let var = |name: &str| {
            std::env::var(name).map_err(|_| {
                format!(
                    "{name} is not set: the Pulumi tests run the Pulumi CLI, its YAML host and \
                     its Terraform bridge that `scripts/clients.sh` builds; run them with \
                     `eval \"$(scripts/clients.sh --env)\"` first (scripts/test.sh does)"
                )
            })
        };
        Ok(Tools {
            pulumi: var("COGNITO_RS_PULUMI")?.into(),
            bridge: var("COGNITO_RS_BRIDGE")?.into(),
            bridge_version: var("COGNITO_RS_BRIDGE_VERSION")?,
        })
    });
    found.as_ref().unwrap_or_else(|problem| panic!("{problem}"))
}

/// What the processes of one command did after it ended.
#[derive(Clone, Copy, Debug, Default)]
pub struct Leftovers {
    /// Processes of the command still running when it ended.
    pub running_at_end: usize,
    /// How long the last of them took to end after the command.
    pub longest_linger: Duration,
}

/// One Pulumi project and stack.
pub struct Project {
    root: tempfile::TempDir,
    env: Vec<(String, String)>,
    marker: String,
    /// Every client secret seen in the stack, and every value [`Project::forbid`]s.
    secrets: BTreeSet<String>,
    transcript: String,
    commands_run: usize,
    /// Over every command so far.
    leftovers: Leftovers,
}

impl Project {
    /// An empty YAML project with stack `dev`, the bridge installed and the provider
    /// added as the guide says, aimed at `backend`.
    pub fn new(backend: &Backend) -> Project {
        let tools = tools();
        let root = tempfile::Builder::new()
            .prefix("pulumi-acc-")
            .tempdir()
            .expect("create a project temp dir");
        for dir in ["home", "pulumi-home", "state", "program", "logs"] {
            fs::create_dir(root.path().join(dir)).expect("create a project subdirectory");
        }
        let marker = unique_marker();
        let mut env = crate::client_env::aimed_at(root.path(), &backend.url());
        prepend_to_path(&mut env, tools.pulumi.parent().expect("pulumi's directory"));
        let path = |name: &str| root.path().join(name).to_string_lossy().into_owned();
        let settings = [
            ("PULUMI_HOME", path("pulumi-home")),
            ("PULUMI_BACKEND_URL", format!("file://{}", path("state"))),
            ("PULUMI_CONFIG_PASSPHRASE", PASSPHRASE.to_owned()),
            ("PULUMI_SKIP_UPDATE_CHECK", "true".to_owned()),
            ("PULUMI_DISABLE_REGISTRY_RESOLVE", "true".to_owned()),
            (
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
                "true".to_owned(),
            ),
            ("PULUMI_IGNORE_AMBIENT_PLUGINS", "true".to_owned()),
            (MARKER, marker.clone()),
        ];
        env.extend(settings.into_iter().map(|(k, v)| (k.to_owned(), v)));
        let mut project = Project {
            root,
            env,
            marker,
            secrets: BTreeSet::new(),
            transcript: String::new(),
            commands_run: 0,
            leftovers: Leftovers::default(),
        };
        project.set_up();
        project
    }

    /// The guide's steps: the bridge into the plugin cache, the program's directory, a
    /// stack, and `pulumi package add`, which writes the package declaration and then
    /// fails to link it (the YAML host has no Link): the guide says that this is
    /// expected and harmless, so it is checked here as the guide describes it.
    fn set_up(&mut self) {
        let tools = tools();
        let binary = self.provider_path();
        fs::create_dir_all(binary.parent().expect("the provider's directory"))
            .expect("create the provider's directory");
        fs::copy(provider_binary(), &binary).expect("copy the provider binary");
        let bridge = tools.bridge.to_string_lossy().into_owned();
        self.run_ok(&[
            "plugin",
            "install",
            "resource",
            "terraform-provider",
            &tools.bridge_version,
            "--file",
            &bridge,
        ]);
        self.write_program("");
        self.run_ok(&["stack", "init", STACK]);
        let added = self.run(&[
            "package",
            "add",
            "terraform-provider",
            &binary.to_string_lossy(),
        ]);
        let declaration = self
            .dir()
            .join(format!("sdks/{PACKAGE}/{PACKAGE}-0.0.0.yaml"));
        assert!(
            declaration.is_file(),
            "`pulumi package add` wrote no {}:\n{}",
            declaration.display(),
            self.transcript
        );
        assert!(
            added.status.success()
                || checks::contains_text(
                    &added.stderr,
                    "linking package: method Link not implemented"
                ),
            "`pulumi package add` failed otherwise than the guide says:\n{}",
            self.transcript
        );
    }

    /// Where the guide's provider binary is: `.../cognito/terraform-provider-cognito`.
    pub fn provider_path(&self) -> PathBuf {
        self.root
            .path()
            .join("providers")
            .join(PACKAGE)
            .join(format!("terraform-provider-{PACKAGE}"))
    }

    /// The program's directory.
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("program")
    }

    /// Writes `Pulumi.yaml`: the project's name and runtime, then `body` (top-level
    /// `config:`, `variables:`, `resources:` and `outputs:` sections).
    pub fn write_program(&self, body: &str) {
        let text = format!("name: cognito-acceptance\nruntime: yaml\n{body}");
        fs::write(self.dir().join("Pulumi.yaml"), text).expect("write Pulumi.yaml");
    }

    /// `pulumi config set KEY VALUE`.
    pub fn config_set(&mut self, key: &str, value: &str) {
        self.run_ok(&["config", "set", key, value]);
    }

    /// Adds `secret` to what no output or log may hold, beside the stack's secrets.
    pub fn forbid(&mut self, secret: &str) {
        assert!(!secret.is_empty(), "an empty secret would match everything");
        self.secrets.insert(secret.to_owned());
    }

    /// `pulumi up --yes`; must succeed.
    pub fn up(&mut self) -> Output {
        self.run_ok(&["up", "--yes", "--non-interactive"])
    }

    /// `pulumi preview`; returns its output whatever its exit status.
    pub fn preview(&mut self) -> Output {
        self.run(&["preview", "--non-interactive"])
    }

    /// Fails unless `pulumi preview --expect-no-changes` succeeds.
    pub fn assert_no_changes(&mut self) {
        self.run_ok(&["preview", "--expect-no-changes", "--non-interactive"]);
    }

    /// `pulumi refresh --yes`; must succeed.
    pub fn refresh(&mut self) -> Output {
        self.run_ok(&["refresh", "--yes", "--non-interactive"])
    }

    /// `pulumi destroy --yes`; must succeed.
    pub fn destroy(&mut self) -> Output {
        self.run_ok(&["destroy", "--yes", "--non-interactive"])
    }

    /// `pulumi import TYPE NAME ID --yes`, writing the generated definition to a file;
    /// returns that definition.
    pub fn import(&mut self, type_token: &str, name: &str, id: &str) -> String {
        let generated = self
            .root
            .path()
            .join("logs")
            .join(format!("import-{name}.yaml"));
        let out = generated.to_string_lossy().into_owned();
        self.run_ok(&[
            "import",
            type_token,
            name,
            id,
            "--yes",
            "--non-interactive",
            "--out",
            &out,
        ]);
        fs::read_to_string(&generated).expect("read the generated definition")
    }

    /// `pulumi stack export`: the checkpoint, with secrets as ciphertext (checked: no
    /// secret in clear).
    pub fn stack_export(&mut self) -> Value {
        let output = self.run_ok(&["stack", "export"]);
        serde_json::from_str(&output.stdout).expect("stack export is JSON")
    }

    /// The stack's outputs (`pulumi stack output --json`): secrets show as `[secret]`.
    pub fn outputs(&mut self) -> Value {
        let output = self.run_ok(&["stack", "output", "--json"]);
        serde_json::from_str(&output.stdout).expect("stack output is JSON")
    }

    /// The stack's outputs in clear (`pulumi stack output --json --show-secrets`),
    /// neither checked nor kept in the transcript: it prints secrets by design.
    pub fn outputs_in_clear(&mut self) -> Value {
        let output = self.execute(&["stack", "output", "--json", "--show-secrets"]);
        assert!(output.status.success(), "`{}` failed", output.command);
        serde_json::from_str(&output.stdout).expect("stack output is JSON")
    }

    /// The state of the resource named `name` (its outputs, secrets as ciphertext).
    pub fn resource_outputs(&mut self, name: &str) -> Value {
        let export = self.stack_export();
        resources(&export)
            .into_iter()
            .find(|r| {
                r["urn"]
                    .as_str()
                    .is_some_and(|urn| urn.ends_with(&format!("::{name}")))
            })
            .map(|r| r["outputs"].clone())
            .unwrap_or_else(|| panic!("no resource {name} in the stack:\n{}", self.transcript))
    }

    /// Everything run so far, redacted, for assertion messages.
    pub fn transcript(&self) -> &str {
        &self.transcript
    }

    /// What the processes of the commands so far did after their command ended.
    pub fn leftovers(&self) -> Leftovers {
        self.leftovers
    }

    /// Runs `pulumi ARGS`, which must succeed.
    pub fn run_ok(&mut self, args: &[&str]) -> Output {
        let output = self.run(args);
        output.assert_succeeded(|text| self.redact(text));
        output
    }

    /// Runs `pulumi ARGS` and checks it: its output and Pulumi's logs hold no secret
    /// and no crash, and no process it started outlives it by more than
    /// [`LINGER_LIMIT`]. The caller judges the exit status.
    pub fn run(&mut self, args: &[&str]) -> Output {
        let output = self.execute(args);
        self.wait_for_leftovers();
        self.learn_secrets();
        let mut problems = checks::problems(&output.combined(), &self.secrets);
        problems.extend(self.log_problems());
        let kept = self.redact(&output.combined());
        self.transcript.push_str(&format!(
            "$ {} ({}, {:?})\n{kept}\n",
            output.command, output.status, output.elapsed
        ));
        assert!(
            problems.is_empty(),
            "`{}`: {}\n{kept}",
            output.command,
            problems.join("; ")
        );
        output
    }

    fn execute(&mut self, args: &[&str]) -> Output {
        self.commands_run += 1;
        let logs = self
            .root
            .path()
            .join("logs")
            .join(format!("{:03}", self.commands_run));
        let invocation = Invocation {
            program: &tools().pulumi,
            command: format!("pulumi {}", args.join(" ")),
            args,
            dir: &self.dir(),
            env: &self.env,
            logs: &logs,
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

    /// Waits until every process of this project's commands has ended, at most
    /// [`LINGER_LIMIT`]; fails naming those that have not.
    fn wait_for_leftovers(&mut self) {
        let running = process::with_environment(MARKER, &self.marker);
        let started = Instant::now();
        let mut stuck = Vec::new();
        for pid in &running {
            let left = LINGER_LIMIT.saturating_sub(started.elapsed());
            if process::wait_for_exit(*pid, left).is_none() {
                stuck.push(format!("{pid} ({})", process::executable(*pid)));
            }
        }
        let leftovers = Leftovers {
            running_at_end: running.len(),
            longest_linger: started.elapsed(),
        };
        for pid in &running {
            process::kill(*pid);
        }
        assert!(
            stuck.is_empty(),
            "processes still running {LINGER_LIMIT:?} after the command ended: {}\n{}",
            stuck.join(", "),
            self.transcript
        );
        self.leftovers.running_at_end += leftovers.running_at_end;
        self.leftovers.longest_linger = self.leftovers.longest_linger.max(leftovers.longest_linger);
    }

    /// Learns the stack's client secrets from its checkpoint, decrypted
    /// (`pulumi stack export --show-secrets`, not kept).
    fn learn_secrets(&mut self) {
        if !self.root.path().join("state/.pulumi").exists() {
            return;
        }
        let output = self.execute(&["stack", "export", "--show-secrets"]);
        let Ok(export) = serde_json::from_str::<Value>(&output.stdout) else {
            return;
        };
        collect_secrets(&export, &mut self.secrets);
    }

    /// Every secret in Pulumi's log files.
    fn log_problems(&self) -> Vec<String> {
        let logs = self.root.path().join("pulumi-home/logs");
        let Ok(entries) = fs::read_dir(&logs) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let text = fs::read_to_string(entry.path()).ok()?;
                checks::log_problems(&entry.path().display().to_string(), &text, &self.secrets)
            })
            .collect()
    }

    /// `text` with every known secret replaced.
    pub fn redact(&self, text: &str) -> String {
        checks::redact(text, &self.secrets)
    }
}

/// What the processes of this project's commands did after them, for the test's
/// output (`cargo test -- --nocapture` shows it).
impl Drop for Project {
    fn drop(&mut self) {
        eprintln!(
            "pulumi: {} commands; {} of their processes were still running when their command \
             ended, the last of them gone {:?} after it",
            self.commands_run, self.leftovers.running_at_end, self.leftovers.longest_linger
        );
    }
}

/// The resources of a `pulumi stack export` document.
pub fn resources(export: &Value) -> Vec<&Value> {
    export["deployment"]["resources"]
        .as_array()
        .map(|r| r.iter().collect())
        .unwrap_or_default()
}

/// Every non-empty string under a `clientSecret` key (or a write-only
/// `clientSecretWo`) anywhere in `value`.
fn collect_secrets(value: &Value, secrets: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("clientSecret" | "clientSecretWo", Value::String(s)) if !s.is_empty() => {
                        secrets.insert(s.clone());
                    }
                    _ => collect_secrets(value, secrets),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_secrets(v, secrets)),
        _ => {}
    }
}

fn prepend_to_path(env: &mut [(String, String)], dir: &Path) {
    if let Some((_, path)) = env.iter_mut().find(|(k, _)| k == "PATH") {
        *path = format!("{}:{path}", dir.display());
    }
}

/// A marker no other test's processes carry.
fn unique_marker() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
