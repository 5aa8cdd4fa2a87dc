//! Schema-driven codecs for Terraform values: msgpack, the encoding of every
//! `DynamicValue` on the wire, and JSON, the encoding of stored state that
//! `UpgradeResourceState` receives.
//!
//! Decoding is driven by the expected [`Type`], so recursion is bounded by the
//! schema rather than by the input, and a mismatch is reported with the path of
//! the offending attribute. Input comes from another process: the decoders
//! never panic, never trust a length prefix for allocation, and reject
//! truncated or trailing data.
//!
//! Numbers keep Terraform's own representation choice (see [`Number`]): an
//! integer that fits `i64`, else an `f64` that holds the value exactly, else
//! the decimal text. Decoding `3`, `3.0` and `"3"` therefore gives the same
//! number, and re-encoding reproduces what Terraform itself would send.

mod json;
mod msgpack;

pub use json::decode_json;
pub use msgpack::{decode_msgpack, encode_msgpack};

use std::collections::BTreeMap;
use std::fmt;

use super::path::{Path, Step};
use super::value::{Number, Type, Value};

/// Far deeper than any real schema; only a runaway type can reach it.
const MAX_DEPTH: usize = 64;

/// Why an encoded value could not be read as the expected type, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Where the problem is; empty for the value as a whole.
    pub path: Path,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// The path to the value being decoded. Kept as a stack so that the common,
/// successful case allocates no paths; an error copies it.
#[derive(Default)]
struct Trail(Vec<Step>);

impl Trail {
    fn error(&self, message: impl Into<String>) -> DecodeError {
        DecodeError {
            path: Path(self.0.clone()),
            message: message.into(),
        }
    }

    fn mismatch(&self, expected: &Type, found: &str) -> DecodeError {
        self.error(format!("expected {}, got {found}", type_name(expected)))
    }

    fn enter(&mut self, step: Step) -> Result<(), DecodeError> {
        if self.0.len() >= MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.0.push(step);
        Ok(())
    }

    fn leave(&mut self) {
        self.0.pop();
    }
}

fn type_name(ty: &Type) -> &'static str {
    match ty {
        Type::String => "string",
        Type::Number => "number",
        Type::Bool => "bool",
        Type::List(_) => "list",
        Type::Set(_) => "set",
        Type::Map(_) => "map",
        Type::Object(_) => "object",
    }
}

/// Drops repeated set elements, as Terraform collapses them. Quadratic, because
/// `Value` has equality but no hash or order; sets in schemas are small.
fn unique(elements: Vec<Value>) -> Vec<Value> {
    let mut kept: Vec<Value> = Vec::new();
    for element in elements {
        if !kept.contains(&element) {
            kept.push(element);
        }
    }
    kept
}

/// Gives every attribute the input left out a null value, so that an object
/// value always carries exactly its type's attributes.
fn fill_missing(fields: &mut BTreeMap<String, Value>, attributes: &BTreeMap<String, Type>) {
    for name in attributes.keys() {
        if !fields.contains_key(name) {
            fields.insert(name.clone(), Value::Null);
        }
    }
}

/// The number a float stands for; `None` for NaN, which Terraform cannot hold.
/// Integral floats become `Int` exactly when `Number` itself counts them as
/// integers, so that decoded numbers compare as their originals do.
fn number_from_f64(float: f64) -> Option<Number> {
    if float.is_nan() {
        return None;
    }
    let number = Number::Float(float);
    Some(number.as_i64().map_or(number, Number::Int))
}

/// The number a decimal text (an msgpack string or a JSON number) stands for,
/// in the most exact representation; `None` when the text is not a decimal.
/// Decimal text is respelled as Terraform spells it, because `Number`
/// compares decimals by their text and JSON parsing respells exponents.
fn number_from_text(text: &str) -> Option<Number> {
    let decimal = Scientific::parse(text)?;
    let number = match (decimal.to_i64(), decimal.to_exact_f64()) {
        (Some(int), _) => Number::Int(int),
        (None, Some(float)) => Number::Float(float),
        (None, None) => Number::Decimal(decimal.to_text()),
    };
    Some(number)
}

/// The largest exponent accepted. Go's `big.Float`, which holds Terraform's
/// numbers, overflows not far beyond it; the bound also keeps exponent
/// arithmetic here free of overflow.
const MAX_EXPONENT: i64 = 1_000_000_000;

/// Beyond this many zeros to pad, decimal text keeps an exponent.
const MAX_PADDING: i64 = 1024;

/// Significant digits of the longest exact decimal expansion of an `f64`.
const F64_MAX_DIGITS: usize = 767;

/// A decimal as `digits × 10^exponent`, with no leading or trailing zeros in
/// `digits` (empty for zero), so that equal values compare equal.
#[derive(Debug, PartialEq)]
struct Scientific {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl Scientific {
    /// Accepts `[+-]digits[.digits][e[+-]digits]`, with digits on at least one
    /// side of the point, as Go's `big.Float` parser does for base 10.
    fn parse(text: &str) -> Option<Scientific> {
        let (negative, unsigned) = split_sign(text);
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, parse_exponent(exponent)?),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if (whole.is_empty() && fraction.is_empty()) || !is_digits(whole) || !is_digits(fraction) {
            return None;
        }
        let all = format!("{whole}{fraction}");
        let significant = all.trim_start_matches('0');
        let digits = significant.trim_end_matches('0');
        let exponent = exponent - fraction.len() as i64 + (significant.len() - digits.len()) as i64;
        Some(Scientific {
            negative: negative && !digits.is_empty(),
            digits: digits.to_string(),
            exponent: if digits.is_empty() { 0 } else { exponent },
        })
    }

    fn sign(&self) -> &'static str {
        if self.negative {
            "-"
        } else {
            ""
        }
    }

    fn to_i64(&self) -> Option<i64> {
        if self.digits.is_empty() {
            return Some(0);
        }
        let zeros = usize::try_from(self.exponent).ok()?;
        if self.digits.len() + zeros > 19 {
            return None;
        }
        format!("{}{}{}", self.sign(), self.digits, "0".repeat(zeros))
            .parse()
            .ok()
    }

    /// Go's `big.Float.Text('f', -1)`, which Terraform sends for numbers
    /// neither `i64` nor `f64` holds: no needless zeros, and no exponent
    /// unless writing the number out would take over [`MAX_PADDING`] zeros.
    fn to_text(&self) -> String {
        let point = self.digits.len() as i64 + self.exponent;
        let unsigned = if self.exponent >= 0 && self.exponent <= MAX_PADDING {
            format!("{}{}", self.digits, "0".repeat(self.exponent as usize))
        } else if self.exponent < 0 && point > 0 {
            let (whole, fraction) = self.digits.split_at(point as usize);
            format!("{whole}.{fraction}")
        } else if self.exponent < 0 && -point <= MAX_PADDING {
            format!("0.{}{}", "0".repeat(-point as usize), self.digits)
        } else {
            format!("{}e{}", self.digits, self.exponent)
        };
        format!("{}{unsigned}", self.sign())
    }

    /// The `f64` equal to this decimal, if there is one: the float's exact
    /// expansion (Rust formats with a given precision exactly) must match.
    fn to_exact_f64(&self) -> Option<f64> {
        if self.digits.len() > F64_MAX_DIGITS {
            return None;
        }
        let text = format!("{}{}e{}", self.sign(), self.digits, self.exponent);
        let float: f64 = text.parse().ok()?;
        if !float.is_finite() {
            return None;
        }
        let expansion = format!("{float:.precision$e}", precision = F64_MAX_DIGITS);
        (Scientific::parse(&expansion)? == *self).then_some(float)
    }
}

/// Whether `text` starts with a minus, and the rest after any sign.
fn split_sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    }
}

fn is_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// An exponent's value; `None` when malformed or beyond [`MAX_EXPONENT`].
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = split_sign(text);
    if digits.is_empty() || !is_digits(digits) {
        return None;
    }
    let mut magnitude = 0i64;
    for digit in digits.bytes() {
        magnitude = magnitude * 10 + i64::from(digit - b'0');
        if magnitude > MAX_EXPONENT {
            return None;
        }
    }
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Number {
        number_from_text(text).unwrap_or_else(|| panic!("{text:?} should be a number"))
    }

    #[test]
    fn integers_become_int_whatever_their_spelling() {
        for text in ["3", "3.0", "+3", "0.3e1", "300e-2", "3.000"] {
            assert!(matches!(number(text), Number::Int(3)), "{text}");
        }
        assert!(matches!(number("-0"), Number::Int(0)));
        assert!(matches!(number("0e-1000000000"), Number::Int(0)));
        assert!(matches!(
            number("-9223372036854775808"),
            Number::Int(i64::MIN)
        ));
    }

    #[test]
    fn exact_binary_fractions_become_float() {
        assert!(matches!(number("2.5"), Number::Float(f) if f == 2.5));
        assert!(matches!(number("-0.125"), Number::Float(f) if f == -0.125));
        // 2^63 is just past i64 but exactly a float, as Terraform encodes it.
        assert!(matches!(number("9223372036854775808"), Number::Float(_)));
        assert!(matches!(number("5e-324"), Number::Decimal(_)));
        let smallest = format!("{:.767e}", f64::from_bits(1));
        assert!(matches!(number(&smallest), Number::Float(f) if f == f64::from_bits(1)));
    }

    #[test]
    fn inexact_values_are_spelled_as_terraform_does() {
        let cases = [
            ("0.1", "0.1".to_string()),
            ("+0.10", "0.1".to_string()),
            ("-12345678901234567890", "-12345678901234567890".to_string()),
            ("123.456e1", "1234.56".to_string()),
            ("1e400", format!("1{}", "0".repeat(400))),
            ("1E+400", format!("1{}", "0".repeat(400))),
            ("-1e-400", format!("-0.{}1", "0".repeat(399))),
            ("1.5e-2000", "15e-2001".to_string()),
            ("7e1000000000", "7e1000000000".to_string()),
        ];
        for (text, spelled) in cases {
            match number(text) {
                Number::Decimal(kept) => assert_eq!(kept, spelled, "{text}"),
                other => panic!("{text} became {other:?}"),
            }
        }
    }

    #[test]
    fn rejects_text_that_is_not_a_decimal() {
        for text in [
            "",
            "abc",
            "-",
            "+",
            ".",
            "1e",
            "e5",
            "--1",
            "+-1",
            "1.2.3",
            "1e5e5",
            "inf",
            "NaN",
            " 1",
            "1 ",
            "0x10",
            "1_000",
            "١",
            "1e1000000001",
            "1e-99999999999999999999",
        ] {
            assert!(number_from_text(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn floats_that_are_integers_become_int() {
        assert!(matches!(number_from_f64(3.0), Some(Number::Int(3))));
        assert!(matches!(number_from_f64(-0.0), Some(Number::Int(0))));
        assert!(matches!(number_from_f64(9.3e18), Some(Number::Float(_))));
        assert!(matches!(
            number_from_f64(f64::INFINITY),
            Some(Number::Float(_))
        ));
        assert!(number_from_f64(f64::NAN).is_none());
    }

    #[test]
    fn errors_display_their_path() {
        let mut trail = Trail::default();
        assert_eq!(trail.error("boom").to_string(), "boom");
        trail.enter(Step::Attribute("a".into())).unwrap();
        trail.enter(Step::Index(0)).unwrap();
        trail.enter(Step::Attribute("b".into())).unwrap();
        let error = trail.mismatch(&Type::String, "bool");
        assert_eq!(error.to_string(), "at a[0].b: expected string, got bool");
    }

    #[test]
    fn depth_is_limited() {
        let mut trail = Trail::default();
        for _ in 0..MAX_DEPTH {
            trail.enter(Step::Index(0)).unwrap();
        }
        assert!(trail.enter(Step::Index(0)).is_err());
        trail.leave();
        assert!(trail.enter(Step::Index(0)).is_ok());
    }

    #[test]
    fn unique_drops_equal_elements() {
        let kept = unique(vec![Value::int(1), Value::int(2), Value::int(1)]);
        assert_eq!(kept, vec![Value::int(1), Value::int(2)]);
    }
}
