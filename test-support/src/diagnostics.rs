//! Terraform's diagnostics (`Error: ...` / `Warning: ...` blocks) parsed out of a
//! command's human-readable output, so that a test can check which resource a
//! message belongs to when one plan reports many.

use crate::checks::normalize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One diagnostic: its severity, its summary line, and its whole text (summary,
/// `with ADDRESS,` line, source snippet and detail) with line wrapping undone.
#[derive(Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub text: String,
}

impl Diagnostic {
    /// The resource address of the `with ADDRESS,` line, if any.
    pub fn address(&self) -> Option<&str> {
        let start = self.text.find(" with ")? + " with ".len();
        let rest = &self.text[start..];
        let end = rest.find(',')?;
        Some(&rest[..end])
    }

    /// True when the text contains `needle`, ignoring line wrapping.
    pub fn mentions(&self, needle: &str) -> bool {
        self.text.contains(&normalize(needle))
    }
}

/// Every diagnostic in `output`, in order. A diagnostic runs from its
/// `Error:`/`Warning:` line to the next one or to its closing `╵`.
pub fn parse(output: &str) -> Vec<Diagnostic> {
    let mut found: Vec<(Severity, String, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in output.lines() {
        let raw = line.trim_start();
        if raw.starts_with('╵') {
            open = false;
            continue;
        }
        let content = raw.trim_start_matches(['│', '╷']).trim();
        let header = [
            ("Error: ", Severity::Error),
            ("Warning: ", Severity::Warning),
        ]
        .into_iter()
        .find_map(|(prefix, severity)| {
            content
                .strip_prefix(prefix)
                .map(|summary| (severity, summary.trim().to_owned()))
        });
        match header {
            Some((severity, summary)) => {
                found.push((severity, summary, vec![content.to_owned()]));
                open = true;
            }
            None if open => {
                if let Some((_, _, lines)) = found.last_mut() {
                    lines.push(content.to_owned());
                }
            }
            None => {}
        }
    }
    found
        .into_iter()
        .map(|(severity, summary, lines)| Diagnostic {
            severity,
            summary,
            text: format!(" {} ", normalize(&lines.join("\n"))),
        })
        .collect()
}

/// The error diagnostics that belong to `address`.
pub fn errors_for<'a>(diagnostics: &'a [Diagnostic], address: &str) -> Vec<&'a Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.address() == Some(address))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxed_and_plain_diagnostics_are_split_by_resource() {
        let output = "Plan: 1 to add\n╷\n│ Error: Invalid Attribute Value\n│ \n│   with aws_cognito_user_pool_client.a,\n│   on main.tf line 3, in resource \"aws_cognito_user_pool_client\" \"a\":\n│    3:   auth_session_validity = 2\n│ \n│ Attribute auth_session_validity value must be between 3 and\n│ 15, got: 2\n╵\nsomething else\nWarning: Deprecated\n\n  with aws_cognito_user_pool_client.b,\n\nold\n";
        let found = parse(output);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].summary, "Invalid Attribute Value");
        assert_eq!(found[0].address(), Some("aws_cognito_user_pool_client.a"));
        assert!(found[0].mentions("value must be between 3 and 15, got: 2"));
        assert!(found[0].mentions("3: auth_session_validity = 2"));
        assert!(!found[0].mentions("something else"));
        assert_eq!(found[1].severity, Severity::Warning);
        assert_eq!(found[1].address(), Some("aws_cognito_user_pool_client.b"));
        assert_eq!(
            errors_for(&found, "aws_cognito_user_pool_client.a").len(),
            1
        );
    }
}
