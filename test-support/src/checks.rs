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

/// How many offending lines of a log [`log_problems`] quotes (redacted).
const QUOTED_LOG_LINES: usize = 3;

/// Longest quote of one log line in a message, in characters.
const QUOTED_LOG_LINE_LENGTH: usize = 400;

/// The problem with a log file (`TF_LOG_PATH`), if any: the lines that hold any of
/// `secrets` in clear, by number and redacted, so that the message never leaks
/// one. `None` means the log is clean.
///
/// Only secrets are looked for: a log may well say "panic" or quote a protocol
/// error in passing, so [`FORBIDDEN`] is for the output alone.
pub fn log_problems(name: &str, log: &str, secrets: &BTreeSet<String>) -> Option<String> {
    let leaking: Vec<(usize, &str)> = log
        .lines()
        .enumerate()
        .filter(|(_, line)| secrets.iter().any(|secret| line.contains(secret.as_str())))
        .map(|(index, line)| (index + 1, line))
        .collect();
    if leaking.is_empty() {
        return None;
    }
    let quoted: Vec<String> = leaking
        .iter()
        .take(QUOTED_LOG_LINES)
        .map(|(number, line)| format!("  line {number}: {}", quote(&redact(line, secrets))))
        .collect();
    Some(format!(
        "the log {name} contains a client_secret value in clear on {} line(s):\n{}",
        leaking.len(),
        quoted.join("\n")
    ))
}

/// At most [`QUOTED_LOG_LINE_LENGTH`] characters of a redacted line, around its
/// first redaction (a log line can be kilobytes long), with `...` where cut.
fn quote(redacted: &str) -> String {
    let chars: Vec<char> = redacted.chars().collect();
    let at = redacted
        .find(REDACTED)
        .map_or(0, |byte| redacted[..byte].chars().count());
    let start = at.saturating_sub(QUOTED_LOG_LINE_LENGTH / 2);
    let end = (start + QUOTED_LOG_LINE_LENGTH).min(chars.len());
    let mut quote: String = chars[start..end].iter().collect();
    if start > 0 {
        quote.insert_str(0, "...");
    }
    if end < chars.len() {
        quote.push_str("...");
    }
    quote
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
    fn secrets_in_a_log_are_reported_by_line_and_redacted() {
        let secrets = BTreeSet::from(["s3cr3t".to_owned()]);
        assert_eq!(log_problems("t.log", "a\nb s3cr\n", &secrets), None);
        let problem = log_problems("t.log", "a\nb s3cr3t c\nd\ns3cr3t\n", &secrets).unwrap();
        assert!(problem.contains("contains a client_secret value in clear on 2 line(s)"));
        assert!(problem.contains("line 2: b <redacted client_secret> c"));
        assert!(problem.contains("line 4: <redacted client_secret>"));
        assert!(!problem.contains("s3cr3t"), "{problem}");
        let long = format!("{}s3cr3t{}", "a".repeat(1000), "b".repeat(1000));
        let problem = log_problems("t.log", &long, &secrets).unwrap();
        let quoted = problem.lines().nth(1).unwrap();
        assert!(quoted.starts_with("  line 1: ...a") && quoted.ends_with("b..."));
        assert!(quoted.contains("a<redacted client_secret>b"), "{problem}");
        assert!(problem.len() < QUOTED_LOG_LINE_LENGTH + 200, "{problem}");
    }

    #[test]
    fn protocol_errors_are_reported() {
        let output = "Error: Provider produced inconsistent result after apply";
        assert_eq!(problems(output, &BTreeSet::new()).len(), 1);
    }
}
