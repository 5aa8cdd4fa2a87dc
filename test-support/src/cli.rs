//! The Terraform-protocol command line the acceptance suite drives: Terraform or
//! OpenTofu, at some version. One suite serves them all; the CLI is a parameter of
//! the harness, chosen for a whole test run by `ACCEPTANCE_CLI` (a path, or a name
//! on `PATH`; `terraform` when unset). `scripts/test.sh` runs the suite under the
//! Terraform and OpenTofu that `scripts/clients.sh` builds, and under the oldest
//! Terraform we test.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The variable that names the CLI under test.
pub const VARIABLE: &str = "ACCEPTANCE_CLI";

/// Which program it is: they differ in their default registry host and their name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Terraform,
    OpenTofu,
}

/// A release version, `major.minor.patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// One CLI: what to run and what it is.
#[derive(Clone, Debug)]
pub struct Cli {
    program: PathBuf,
    kind: Kind,
    version: Version,
}

impl Cli {
    /// The CLI of this test run, asked once for what it is (`VERSION version`); a
    /// missing or unrecognised program fails the test with what to install.
    pub fn under_test() -> &'static Cli {
        static CLI: OnceLock<Result<Cli, String>> = OnceLock::new();
        let program = std::env::var_os(VARIABLE).map_or_else(|| "terraform".into(), PathBuf::from);
        CLI.get_or_init(|| Cli::identify(&program))
            .as_ref()
            .unwrap_or_else(|problem| panic!("{problem}"))
    }

    /// Runs `PROGRAM version` and reads its first line, `Terraform vX.Y.Z` or
    /// `OpenTofu vX.Y.Z`.
    pub fn identify(program: &Path) -> Result<Cli, String> {
        let output = Command::new(program)
            .arg("version")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("CHECKPOINT_DISABLE", "1")
            // An empty CLI configuration: no warning about a missing one.
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .map_err(|e| {
                format!(
                    "cannot run `{} version` ({e}): the acceptance tests need the Terraform \
                     or OpenTofu CLI. `scripts/clients.sh` builds both; `eval \
                     \"$(scripts/clients.sh --env)\"` puts them on PATH, and {VARIABLE} \
                     names the one to test (default: terraform)",
                    program.display()
                )
            })?;
        let text = String::from_utf8_lossy(&output.stdout);
        let first = text.lines().next().unwrap_or_default();
        parse_version_line(first)
            .map(|(kind, version)| Cli {
                program: program.to_owned(),
                kind,
                version,
            })
            .ok_or_else(|| {
                format!(
                    "`{} version` printed {first:?}, not `Terraform vX.Y.Z` or `OpenTofu vX.Y.Z`",
                    program.display()
                )
            })
    }

    /// The program to run.
    pub fn program(&self) -> &Path {
        &self.program
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// The command's name, as a user types it (`terraform`, `tofu`), for messages.
    pub fn command_name(&self) -> &'static str {
        match self.kind {
            Kind::Terraform => "terraform",
            Kind::OpenTofu => "tofu",
        }
    }

    /// The host a source address without one (`cognito-rs/aws`) belongs to: where
    /// `dev_overrides`, filesystem mirrors and the lock file look for it.
    pub fn registry_host(&self) -> &'static str {
        match self.kind {
            Kind::Terraform => "registry.terraform.io",
            Kind::OpenTofu => "registry.opentofu.org",
        }
    }

    /// `HOST/NAMESPACE/TYPE` for a short source address `NAMESPACE/TYPE`.
    pub fn full_source(&self, short: &str) -> String {
        format!("{}/{short}", self.registry_host())
    }
}

impl fmt::Display for Cli {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.kind {
            Kind::Terraform => "Terraform",
            Kind::OpenTofu => "OpenTofu",
        };
        write!(f, "{name} {} ({})", self.version, self.program.display())
    }
}

fn parse_version_line(line: &str) -> Option<(Kind, Version)> {
    let (name, version) = line.trim().split_once(" v")?;
    let kind = match name {
        "Terraform" => Kind::Terraform,
        "OpenTofu" => Kind::OpenTofu,
        _ => return None,
    };
    let release = version.split(['-', '+']).next()?;
    let mut numbers = release.split('.').map(|n| n.parse::<u32>().ok());
    let version = Version(numbers.next()??, numbers.next()??, numbers.next()??);
    numbers.next().is_none().then_some((kind, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_lines_of_both_programs_are_read() {
        assert_eq!(
            parse_version_line("Terraform v1.14.9"),
            Some((Kind::Terraform, Version(1, 14, 9)))
        );
        assert_eq!(
            parse_version_line("OpenTofu v1.12.6"),
            Some((Kind::OpenTofu, Version(1, 12, 6)))
        );
        assert_eq!(
            parse_version_line("Terraform v1.15.0-rc1"),
            Some((Kind::Terraform, Version(1, 15, 0)))
        );
        assert_eq!(parse_version_line("Terraform v1.14"), None);
        assert_eq!(parse_version_line("Pulumi v3.276.0"), None);
        assert_eq!(parse_version_line(""), None);
        assert!(Version(1, 11, 4) < Version(1, 14, 0));
    }
}
