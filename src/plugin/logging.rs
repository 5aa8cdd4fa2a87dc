//! Logs as hclog JSON lines on stderr, the format go-plugin re-emits through
//! Terraform's logger. Terraform shows them only when `TF_LOG_PROVIDER` (or `TF_LOG`)
//! is set, so we log nothing otherwise.
//!
//! Only this crate's events pass below WARN: the AWS SDK's and HTTP stack's debug
//! output can carry request contents, and secrets must never reach a log.

use std::fmt::Write as _;
use std::io::Write as _;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

const OUR_TARGET: &str = "terraform_provider_aws";

/// The level Terraform asked for: `TF_LOG_PROVIDER` wins over `TF_LOG`; `JSON` means trace.
pub fn level_from_env(provider: Option<&str>, global: Option<&str>) -> Option<Level> {
    let setting = provider.filter(|s| !s.is_empty()).or(global)?;
    match setting.trim().to_ascii_uppercase().as_str() {
        "TRACE" | "JSON" => Some(Level::TRACE),
        "DEBUG" => Some(Level::DEBUG),
        "INFO" => Some(Level::INFO),
        "WARN" => Some(Level::WARN),
        "ERROR" => Some(Level::ERROR),
        _ => None,
    }
}

/// Installs the stderr logger (when a level is set) and a panic hook that always
/// writes an hclog `error` line, so a crash is visible at Terraform's error level.
pub fn init() {
    std::panic::set_hook(Box::new(|info| {
        let line = hclog_line("error", &format!("panic: {info}"), &[]);
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }));
    let provider = std::env::var("TF_LOG_PROVIDER").ok();
    let global = std::env::var("TF_LOG").ok();
    if let Some(level) = level_from_env(provider.as_deref(), global.as_deref()) {
        let _ = tracing_subscriber::registry()
            .with(HclogLayer { level })
            .try_init();
    }
}

struct HclogLayer {
    level: Level,
}

impl<S: Subscriber> Layer<S> for HclogLayer {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        passes(metadata.target(), *metadata.level(), self.level)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = FieldCollector::default();
        event.record(&mut fields);
        let level = event.metadata().level().as_str().to_ascii_lowercase();
        let line = hclog_line(&level, &fields.message, &fields.pairs);
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// Whether an event of `target` at `level` is logged when Terraform asked for
/// `asked`: this crate's at every level asked for, other crates' at WARN and above
/// only. Below WARN the AWS SDK traces whole HTTP response bodies, client secrets
/// included, when `LOG_SENSITIVE_BODIES=true` is set (aws-smithy-runtime), and
/// hyper and h2 trace the bytes they move.
pub(crate) fn passes(target: &str, level: Level, asked: Level) -> bool {
    let limit = if target.starts_with(OUR_TARGET) {
        asked
    } else {
        Level::WARN.min(asked)
    };
    level <= limit
}

#[derive(Default)]
struct FieldCollector {
    message: String,
    pairs: Vec<(String, String)>,
}

impl Visit for FieldCollector {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            self.pairs
                .push((field.name().to_string(), value.to_string()));
        }
    }
}

/// One JSON line: `@level`, `@message`, `@module`, `@timestamp` (exactly six
/// fractional digits, or go-plugin treats the line as unparsed text), then fields.
fn hclog_line(level: &str, message: &str, pairs: &[(String, String)]) -> String {
    let mut object = serde_json::Map::new();
    object.insert("@level".into(), level.into());
    object.insert("@message".into(), message.into());
    object.insert("@module".into(), "provider".into());
    object.insert(
        "@timestamp".into(),
        timestamp(std::time::SystemTime::now()).into(),
    );
    for (key, value) in pairs {
        object.insert(key.clone(), value.clone().into());
    }
    let mut line = serde_json::Value::Object(object).to_string();
    line.push('\n');
    line
}

/// RFC 3339 in UTC with microseconds, e.g. `2026-11-26T09:15:02.123456Z`.
fn timestamp(now: std::time::SystemTime) -> String {
    let since_epoch = now
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let time_of_day = seconds % 86_400;
    let mut text = String::with_capacity(27);
    let _ = write!(
        text,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        time_of_day / 3600,
        time_of_day / 60 % 60,
        time_of_day % 60,
        since_epoch.subsec_micros()
    );
    text
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_have_exactly_six_fractional_digits() {
        let t = UNIX_EPOCH + Duration::new(1_795_000_000, 1_000);
        assert_eq!(timestamp(t), "2026-11-18T11:06:40.000001Z");
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000000Z");
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn provider_setting_wins_and_json_means_trace() {
        assert_eq!(
            level_from_env(Some("json"), Some("error")),
            Some(Level::TRACE)
        );
        assert_eq!(level_from_env(None, Some("WARN")), Some(Level::WARN));
        assert_eq!(level_from_env(Some(""), Some("debug")), Some(Level::DEBUG));
        assert_eq!(level_from_env(None, None), None);
        assert_eq!(level_from_env(Some("off"), None), None);
    }

    #[test]
    fn only_our_events_pass_below_warn() {
        let sdk_body = "aws_smithy_runtime::client::orchestrator::http";
        for target in [
            sdk_body,
            "aws_sigv4::http_request::sign",
            "hyper::proto",
            "h2::codec",
        ] {
            assert!(!passes(target, Level::TRACE, Level::TRACE), "{target}");
            assert!(!passes(target, Level::DEBUG, Level::TRACE), "{target}");
            assert!(!passes(target, Level::INFO, Level::DEBUG), "{target}");
            assert!(passes(target, Level::WARN, Level::TRACE), "{target}");
            assert!(!passes(target, Level::WARN, Level::ERROR), "{target}");
        }
        let ours = "terraform_provider_aws::aws";
        assert!(passes(ours, Level::TRACE, Level::TRACE));
        assert!(passes(ours, Level::DEBUG, Level::DEBUG));
        assert!(!passes(ours, Level::DEBUG, Level::INFO));
        assert!(passes(ours, Level::ERROR, Level::ERROR));
    }

    #[test]
    fn lines_are_single_json_objects() {
        let line = hclog_line(
            "debug",
            "hello \"x\"\nthere",
            &[("rpc".into(), "Read".into())],
        );
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["@level"], "debug");
        assert_eq!(parsed["rpc"], "Read");
    }
}
