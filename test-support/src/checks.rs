//! Checks applied to the output of every Terraform command, and the redaction
//! that keeps secrets out of assertion messages.

use std::collections::BTreeSet;

/// Texts that must never appear in Terraform's output: each one means the provider
/// broke the protocol (Terraform's consistency checks on plans and applies) or crashed.
const FORBIDDEN: &[&str] = &[
    // "Provider produced invalid plan", "... inconsistent result after apply",
    // "... inconsistent final plan" and the rarer variants share this prefix.
    "Provider produced",
    "Plugin did not respond",
    "panic",
];

/// What replaces a secret value in every message a test may print.
const REDACTED: &str = "<redacted client_secret>";

/// Collapses Terraform's line wrapping and diagnostic box drawing so that a
/// message can be searched for regardless of where Terraform broke its lines.
pub fn normalize(text: &str) -> String {
    text.replace(['│', '╷', '╵'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `haystack` contains `needle`, ignoring line wrapping.
pub fn contains_text(haystack: &str, needle: &str) -> bool {
    normalize(haystack).contains(&normalize(needle))
}

/// Replaces every known secret in `text`, so that failure messages never leak one.
pub fn redact(text: &str, secrets: &BTreeSet<String>) -> String {
    secrets
        .iter()
        .fold(text.to_owned(), |acc, secret| acc.replace(secret, REDACTED))
}

/// Returns a description of every problem found in `output`: forbidden texts, and
/// any of `secrets` printed in clear. An empty list means the output is clean.
pub fn problems(output: &str, secrets: &BTreeSet<String>) -> Vec<String> {
    let normalized = normalize(output);
    let forbidden = FORBIDDEN
        .iter()
        .filter(|text| normalized.contains(*text))
        .map(|text| format!("output contains {text:?}"));
    let leaked = secrets
        .iter()
        .filter(|secret| output.contains(secret.as_str()))
        .map(|_| "output contains a client_secret value in clear".to_owned());
    forbidden.chain(leaked).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_diagnostics_are_found() {
        let output = "│ Error: Parsing Resource ID\n│ \n│ wrong format of import ID (nonsense),\n│ use: 'user-pool-id/client-id'\n╵";
        assert!(contains_text(
            output,
            "wrong format of import ID (nonsense), use: 'user-pool-id/client-id'"
        ));
    }

    #[test]
    fn secrets_are_reported_and_redacted() {
        let secrets = BTreeSet::from(["s3cr3t".to_owned()]);
        assert_eq!(problems("ok", &secrets), Vec::<String>::new());
        assert_eq!(problems("x s3cr3t y", &secrets).len(), 1);
        assert_eq!(
            redact("x s3cr3t y", &secrets),
            "x <redacted client_secret> y"
        );
    }

    #[test]
    fn protocol_errors_are_reported() {
        let output = "Error: Provider produced inconsistent result after apply";
        assert_eq!(problems(output, &BTreeSet::new()).len(), 1);
    }
}
