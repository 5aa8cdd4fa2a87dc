//! The token lifetimes: one table of each lifetime's attribute, its unit in
//! `token_validity_units`, AWS's default unit and AWS's bounds, read by the
//! schema (the units block), the mapping (units sent and read back), the bounds
//! check and the planning that keeps a lifetime across a unit change.

use aws_sdk_cognitoidentityprovider::types::builders::TokenValidityUnitsTypeBuilder;
use aws_sdk_cognitoidentityprovider::types::{TimeUnitsType, TokenValidityUnitsType};

use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::validator::ConfigValidator;
use crate::framework::value::Value;

const SECOND: i64 = 1_000_000_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// A token lifetime attribute, its unit in `token_validity_units`, and AWS's bounds.
pub struct TokenLifetime {
    pub attribute: &'static str,
    /// The attribute of `token_validity_units` that holds the lifetime's unit.
    pub unit: &'static str,
    /// AWS's unit when none is set.
    pub default_unit: &'static str,
    pub unit_description: &'static str,
    /// Access and ID token lifetimes of 0 mean "AWS's default" (they are not sent,
    /// and AWS answers with no value); the refresh token's 0 would become 30 days.
    zero_means_default: bool,
    min: i64,
    max: i64,
    /// The unit in AWS's answer.
    pub reported_unit: fn(&TokenValidityUnitsType) -> Option<&TimeUnitsType>,
    /// Sets the unit on a request.
    pub send_unit:
        fn(TokenValidityUnitsTypeBuilder, Option<TimeUnitsType>) -> TokenValidityUnitsTypeBuilder,
}

pub const TOKEN_LIFETIMES: [TokenLifetime; 3] = [
    TokenLifetime {
        attribute: "access_token_validity",
        unit: "access_token",
        default_unit: "hours",
        unit_description:
            "Unit of `access_token_validity`: `seconds`, `minutes`, `hours` (default) or `days`.",
        zero_means_default: true,
        min: 5 * MINUTE,
        max: 24 * HOUR,
        reported_unit: TokenValidityUnitsType::access_token,
        send_unit: TokenValidityUnitsTypeBuilder::set_access_token,
    },
    TokenLifetime {
        attribute: "id_token_validity",
        unit: "id_token",
        default_unit: "hours",
        unit_description:
            "Unit of `id_token_validity`: `seconds`, `minutes`, `hours` (default) or `days`.",
        zero_means_default: true,
        min: 5 * MINUTE,
        max: 24 * HOUR,
        reported_unit: TokenValidityUnitsType::id_token,
        send_unit: TokenValidityUnitsTypeBuilder::set_id_token,
    },
    TokenLifetime {
        attribute: "refresh_token_validity",
        unit: "refresh_token",
        default_unit: "days",
        unit_description:
            "Unit of `refresh_token_validity`: `seconds`, `minutes`, `hours` or `days` (default).",
        zero_means_default: false,
        min: 60 * MINUTE,
        max: 315_360_000 * SECOND,
        reported_unit: TokenValidityUnitsType::refresh_token,
        send_unit: TokenValidityUnitsTypeBuilder::set_refresh_token,
    },
];

/// The length of one unit in nanoseconds.
pub fn unit_nanos(unit: &str) -> Option<i64> {
    match unit {
        "seconds" => Some(SECOND),
        "minutes" => Some(MINUTE),
        "hours" => Some(HOUR),
        "days" => Some(24 * HOUR),
        _ => None,
    }
}

impl TokenLifetime {
    /// The unit in force for this token in `object` (a configuration or a plan):
    /// the block's value, or AWS's default when the block or the value is absent.
    /// The official provider counts an unset unit inside a present block as no
    /// unit at all (a duration of 0 s); here it is the default, as AWS applies it.
    pub fn unit_in<'a>(&self, object: &'a Value) -> Option<&'a str> {
        let block = object.attr("token_validity_units");
        if block.is_unknown() {
            return None;
        }
        match block.elements().first() {
            None => Some(self.default_unit),
            Some(Value::Unknown) => None,
            Some(units) => match units.attr(self.unit) {
                Value::Unknown => None,
                Value::String(unit) if !unit.is_empty() => Some(unit),
                _ => Some(self.default_unit),
            },
        }
    }
}

/// Each lifetime within AWS's bounds, in its unit; declared on the resource's
/// root block. Values not known yet are skipped.
pub struct TokenLifetimeBounds;

impl ConfigValidator for TokenLifetimeBounds {
    fn validate(&self, _: &Path, config: &Value, diagnostics: &mut Diagnostics) {
        for lifetime in &TOKEN_LIFETIMES {
            check(lifetime, config, diagnostics);
        }
    }
}

fn check(lifetime: &TokenLifetime, config: &Value, diagnostics: &mut Diagnostics) {
    let Some(value) = config.attr(lifetime.attribute).as_i64() else {
        return;
    };
    if value == 0 && lifetime.zero_means_default {
        return;
    }
    let Some(unit) = lifetime.unit_in(config) else {
        return;
    };
    let Some(unit_length) = unit_nanos(unit) else {
        return;
    };
    // Durations wrap like Go's time.Duration, as the official provider computes them.
    let duration = value.wrapping_mul(unit_length);
    if duration < lifetime.min || duration > lifetime.max {
        diagnostics.attribute_error(
            Path::root(lifetime.attribute),
            "Invalid Attribute Value",
            format!(
                "Attribute {} must have a duration between {} and {}, got: {}",
                lifetime.attribute,
                go_duration(lifetime.min),
                go_duration(lifetime.max),
                go_duration(duration)
            ),
        );
    }
}

/// Go's `time.Duration.String()`, e.g. `5m0s`, `24h0m0s`, `1h0m5s`, `1.5ms`, `0s`.
pub fn go_duration(nanos: i64) -> String {
    if nanos == 0 {
        return "0s".to_string();
    }
    let sign = if nanos < 0 { "-" } else { "" };
    let magnitude = nanos.unsigned_abs();
    if magnitude < SECOND as u64 {
        let (unit, scale) = match magnitude {
            0..=999 => ("ns", 1),
            1_000..=999_999 => ("µs", 1_000),
            _ => ("ms", 1_000_000),
        };
        return format!("{sign}{}{unit}", decimal(magnitude, scale));
    }
    let seconds = magnitude / SECOND as u64;
    let (hours, minutes) = (seconds / 3600, seconds / 60 % 60);
    let mut text = sign.to_string();
    if hours > 0 {
        text.push_str(&format!("{hours}h"));
    }
    if seconds >= 60 {
        text.push_str(&format!("{minutes}m"));
    }
    text.push_str(&decimal(magnitude % (60 * SECOND as u64), SECOND as u64));
    text.push('s');
    text
}

/// `value / scale` with the fraction's trailing zeros removed.
fn decimal(value: u64, scale: u64) -> String {
    let whole = value / scale;
    let fraction = value % scale;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = scale.ilog10() as usize;
    let fraction = format!("{fraction:0digits$}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::user_pool_client::testing::object as config;

    fn units(access: Value, id: Value, refresh: Value) -> Value {
        Value::List(vec![Value::object(&[
            ("access_token", access),
            ("id_token", id),
            ("refresh_token", refresh),
        ])])
    }

    fn details(config: &Value) -> Vec<String> {
        let mut diagnostics = Diagnostics::default();
        TokenLifetimeBounds.validate(&Path::default(), config, &mut diagnostics);
        diagnostics.0.into_iter().map(|d| d.detail).collect()
    }

    #[test]
    fn go_durations_print_like_go() {
        assert_eq!(go_duration(5 * MINUTE), "5m0s");
        assert_eq!(go_duration(24 * HOUR), "24h0m0s");
        assert_eq!(go_duration(HOUR + 5 * SECOND), "1h0m5s");
        assert_eq!(go_duration(315_360_000 * SECOND), "87600h0m0s");
        assert_eq!(go_duration(59 * MINUTE), "59m0s");
        assert_eq!(go_duration(4 * SECOND), "4s");
        assert_eq!(go_duration(1_500_000), "1.5ms");
        assert_eq!(go_duration(-90 * SECOND), "-1m30s");
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(i64::MIN), "-2562047h47m16.854775808s");
    }

    #[test]
    fn lifetimes_are_checked_in_their_units() {
        assert!(details(&config(&[("access_token_validity", Value::int(24))])).is_empty());
        assert_eq!(
            details(&config(&[("access_token_validity", Value::int(25))])),
            vec!["Attribute access_token_validity must have a duration between 5m0s and 24h0m0s, got: 25h0m0s"]
        );
        let minutes = units(Value::string("minutes"), Value::Null, Value::Null);
        assert_eq!(
            details(&config(&[("access_token_validity", Value::int(4)), ("token_validity_units", minutes.clone())])),
            vec!["Attribute access_token_validity must have a duration between 5m0s and 24h0m0s, got: 4m0s"]
        );
        assert!(details(&config(&[
            ("access_token_validity", Value::int(60)),
            ("token_validity_units", minutes.clone())
        ]))
        .is_empty());
        assert_eq!(
            details(&config(&[("refresh_token_validity", Value::int(3651))])),
            vec!["Attribute refresh_token_validity must have a duration between 1h0m0s and 87600h0m0s, got: 87624h0m0s"]
        );
    }

    #[test]
    fn zero_access_and_id_lifetimes_mean_the_default_but_a_zero_refresh_lifetime_is_refused() {
        assert!(details(&config(&[
            ("access_token_validity", Value::int(0)),
            ("id_token_validity", Value::int(0))
        ]))
        .is_empty());
        assert_eq!(
            details(&config(&[("refresh_token_validity", Value::int(0))])),
            vec!["Attribute refresh_token_validity must have a duration between 1h0m0s and 87600h0m0s, got: 0s"]
        );
    }

    #[test]
    fn an_unset_unit_in_a_present_block_is_the_default_not_zero() {
        let block = units(Value::string("days"), Value::Null, Value::Null);
        assert!(details(&config(&[
            ("id_token_validity", Value::int(1)),
            ("token_validity_units", block)
        ]))
        .is_empty());
    }

    #[test]
    fn unknown_blocks_and_elements_are_skipped() {
        let unknown_element = Value::List(vec![Value::Unknown]);
        assert!(details(&config(&[
            ("access_token_validity", Value::int(60)),
            ("token_validity_units", unknown_element.clone())
        ]))
        .is_empty());
        assert!(details(&config(&[
            ("access_token_validity", Value::int(60)),
            ("token_validity_units", Value::Unknown)
        ]))
        .is_empty());
        assert!(details(&config(&[("analytics_configuration", unknown_element)])).is_empty());
    }

    #[test]
    fn unknown_values_and_huge_numbers_do_not_break_the_check() {
        let unknown_unit = units(Value::Unknown, Value::Null, Value::Null);
        assert!(details(&config(&[
            ("access_token_validity", Value::int(999)),
            ("token_validity_units", unknown_unit)
        ]))
        .is_empty());
        assert!(details(&config(&[("access_token_validity", Value::Unknown)])).is_empty());
        assert_eq!(
            details(&config(&[("refresh_token_validity", Value::int(i64::MAX))])).len(),
            1
        );
    }
}
