//! Diagnostics: errors and warnings that accumulate, so a user sees all of them at once.

use super::path::Path;

/// An error stops the command; a warning is shown and the command goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, as Terraform shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short title, e.g. "Invalid Attribute Value Length".
    pub summary: String,
    /// What is wrong and how to fix it, in full sentences.
    pub detail: String,
    /// Where the problem is; `None` attaches it to the whole resource or provider block.
    pub path: Option<Path>,
}

/// The findings of one request, in the order they were made. The framework hands
/// a `&mut Diagnostics` to every hook, and operations answer theirs in
/// [`StateResponse`](super::resource::StateResponse): record each problem with
/// [`error`](Self::error), [`attribute_error`](Self::attribute_error) or
/// [`warning`](Self::warning) and carry on checking where that makes sense, so the
/// user sees every problem at once; [`has_errors`](Self::has_errors) then tells
/// whether to go on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// An error about the whole resource or provider block.
    pub fn error(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Severity::Error, summary, detail, None);
    }

    /// A warning about the whole resource or provider block.
    pub fn warning(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Severity::Warning, summary, detail, None);
    }

    /// An error Terraform shows at the attribute `path` in the configuration.
    pub fn attribute_error(
        &mut self,
        path: Path,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.push(Severity::Error, summary, detail, Some(path));
    }

    fn push(
        &mut self,
        severity: Severity,
        summary: impl Into<String>,
        detail: impl Into<String>,
        path: Option<Path>,
    ) {
        self.0.push(Diagnostic {
            severity,
            summary: summary.into(),
            detail: detail.into(),
            path,
        });
    }

    /// Appends another request's findings, e.g. an operation's.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether any finding is an error (warnings do not count).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether nothing was found, not even a warning.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}
