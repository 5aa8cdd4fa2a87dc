//! Attribute validators. The framework calls them only for known, non-null values,
//! so a validator never fires on a value that is not decided yet.

use super::diag::Diagnostics;
use super::path::Path;
use super::value::Value;
use std::sync::Arc;

/// A check of one attribute's value, attached with [`Attribute::validator`]. The
/// framework calls it with the attribute's path on known, non-null configuration
/// values only; report problems with `diagnostics.attribute_error(path, …)` so
/// Terraform points at the attribute.
///
/// [`Attribute::validator`]: super::schema::Attribute::validator
pub trait Validator: Send + Sync {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics);
}

/// How a string's length is counted: AWS counts bytes for some fields, characters for others.
#[derive(Clone, Copy, Debug)]
pub enum LengthUnit {
    Bytes,
    Characters,
}

/// An `http://` or `https://` URL with a host, such as a service endpoint: anything
/// else is refused at plan time instead of failing every request.
pub struct EndpointUrl;

impl Validator for EndpointUrl {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(text) = value.as_str() else { return };
        let host = ["http://", "https://"]
            .iter()
            .find_map(|scheme| text.strip_prefix(scheme))
            .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
        if !host.is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace)) {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid endpoint URL",
                format!(
                    "{path} must be an http:// or https:// URL with a host, such as \
                     \"https://cognito-idp.us-east-1.amazonaws.com\" or \"http://127.0.0.1:4566\", \
                     got: {text:?}"
                ),
            );
        }
    }
}

/// A string whose length lies in `min..=max`.
pub struct StringLength {
    pub min: usize,
    pub max: usize,
    pub unit: LengthUnit,
}

impl Validator for StringLength {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(text) = value.as_str() else { return };
        let length = match self.unit {
            LengthUnit::Bytes => text.len(),
            LengthUnit::Characters => text.chars().count(),
        };
        if length < self.min || length > self.max {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value Length",
                format!(
                    "Attribute {path} string length must be between {} and {}, got: {length}",
                    self.min, self.max
                ),
            );
        }
    }
}

/// A string made only of characters of an allowed class. The error counts the
/// other characters and never shows the value, so it serves secrets too.
pub struct OnlyCharacters {
    pub allowed: fn(char) -> bool,
    /// Ends the sentence "value must ...", e.g. "consist of letters, digits, _ and +".
    pub requirement: &'static str,
}

impl Validator for OnlyCharacters {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(text) = value.as_str() else { return };
        let others = text.chars().filter(|c| !(self.allowed)(*c)).count();
        if others > 0 {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value Match",
                format!(
                    "Attribute {path} value must {}; it has {others} other character(s).",
                    self.requirement
                ),
            );
        }
    }
}

/// A string with at least one character of an allowed class (AWS's unanchored
/// patterns such as `[\w\s+=,.@-]+` accept any string that contains one). The
/// empty string is left to the length validators.
pub struct ContainsAllowedCharacter {
    pub allowed: fn(char) -> bool,
    /// Ends the sentence "value must ...", e.g. "contain a letter, number or one of +=,.@-".
    pub requirement: &'static str,
}

impl Validator for ContainsAllowedCharacter {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(text) = value.as_str().filter(|t| !t.is_empty()) else {
            return;
        };
        if !text.chars().any(self.allowed) {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value Match",
                format!("Attribute {path} {}, got: {text}", self.requirement),
            );
        }
    }
}

/// A string that is one of a fixed list (AWS enums; case-sensitive).
pub struct OneOf(pub &'static [&'static str]);

/// As [`OneOf`], for attributes that the official provider types as string enums;
/// its error summary differs ("Invalid String Enum Value").
pub struct StringEnum(pub &'static [&'static str]);

impl Validator for StringEnum {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        one_of(
            self.0,
            "Invalid String Enum Value",
            path,
            value,
            diagnostics,
        );
    }
}

impl Validator for OneOf {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        one_of(
            self.0,
            "Invalid Attribute Value Match",
            path,
            value,
            diagnostics,
        );
    }
}

fn one_of(
    allowed: &[&str],
    summary: &str,
    path: &Path,
    value: &Value,
    diagnostics: &mut Diagnostics,
) {
    let Some(text) = value.as_str() else { return };
    if !allowed.contains(&text) {
        let allowed: Vec<String> = allowed.iter().map(|v| format!("{v:?}")).collect();
        diagnostics.attribute_error(
            path.clone(),
            summary,
            format!(
                "Attribute {path} value must be one of: [{}], got: {text:?}",
                allowed.join(" ")
            ),
        );
    }
}

/// Runs a validator on non-empty strings only, for attributes where `""` means
/// "clear this value".
pub struct UnlessEmpty<V>(pub V);

impl<V: Validator> Validator for UnlessEmpty<V> {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        if value.as_str() != Some("") {
            self.0.validate(path, value, diagnostics);
        }
    }
}

/// A set with at most `0` elements.
pub struct SetSizeAtMost(pub usize);

impl Validator for SetSizeAtMost {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let count = value.elements().len();
        if count > self.0 {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value",
                format!(
                    "Attribute {path} set must contain at most {} elements, got: {count}",
                    self.0
                ),
            );
        }
    }
}

/// Runs validators on every known element of a set of strings. Messages name the
/// element (`callback_urls[Value("x")]`); the diagnostic points at the set, since
/// Terraform's paths cannot address a set element.
pub struct EachElement(pub Vec<Arc<dyn Validator>>);

impl EachElement {
    pub fn new(validators: Vec<Arc<dyn Validator>>) -> Self {
        EachElement(validators)
    }
}

impl Validator for EachElement {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        for element in value.elements() {
            let Some(text) = element.as_str() else {
                continue;
            };
            let element_path = path.set_element(text);
            for validator in &self.0 {
                validator.validate(&element_path, element, diagnostics);
            }
        }
    }
}

/// A whole number in `min..=max`.
pub struct IntBetween {
    pub min: i64,
    pub max: i64,
}

impl Validator for IntBetween {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(number) = value.as_i64() else { return };
        if number < self.min || number > self.max {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value",
                format!(
                    "Attribute {path} value must be between {} and {}, got: {number}",
                    self.min, self.max
                ),
            );
        }
    }
}

/// A number without a fractional part: integer attributes travel as Terraform
/// numbers, so `3` and `3.0` are fine and `3.5` is refused here, not by AWS.
pub struct WholeNumber;

impl Validator for WholeNumber {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        if let Value::Number(number) = value {
            if number.as_i64().is_none() {
                diagnostics.attribute_error(
                    path.clone(),
                    "Invalid Attribute Value",
                    format!("Attribute {path} must be a whole number, got: {number}"),
                );
            }
        }
    }
}

/// An Amazon Resource Name: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
pub struct Arn;

impl Validator for Arn {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(text) = value.as_str() else { return };
        if !text.starts_with("arn:") || text.matches(':').count() < 5 {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid ARN Value",
                format!(
                    "Attribute {path} must be an ARN \
                     (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE), got: {text}"
                ),
            );
        }
    }
}

/// A check across the attributes of one block, declared on the block
/// ([`Block::validators`](super::schema::Block)). The framework runs it on every
/// element of the block in a configuration (the root block's on the whole
/// configuration), with the element's path, so that attribute names in it are
/// relative to that element, as TPF's `path.MatchRelative()` makes them.
///
/// Implement it for a rule that reads several attributes; skip values that are
/// not known yet, as the framework does for attribute validators.
pub trait ConfigValidator: Send + Sync {
    fn validate(&self, path: &Path, object: &Value, diagnostics: &mut Diagnostics);
}

/// Exactly one of these sibling attributes must be set (not null). Skipped while
/// any of them is unknown. Reported at the first one when none is set, and at
/// each one after the first when several are.
pub struct ExactlyOneOf(pub &'static [&'static str]);

impl ConfigValidator for ExactlyOneOf {
    fn validate(&self, path: &Path, object: &Value, diagnostics: &mut Diagnostics) {
        let values: Vec<&Value> = self.0.iter().map(|name| object.attr(name)).collect();
        if values.iter().any(|v| v.is_unknown()) {
            return;
        }
        let set: Vec<&str> = self
            .0
            .iter()
            .zip(&values)
            .filter(|(_, v)| !v.is_null())
            .map(|(name, _)| *name)
            .collect();
        let reported = match set.len() {
            1 => return,
            0 => vec![self.0[0]],
            _ => set[1..].to_vec(),
        };
        let names: Vec<String> = self
            .0
            .iter()
            .map(|n| path.attribute(n).to_string())
            .collect();
        for name in reported {
            diagnostics.attribute_error(
                path.attribute(name),
                "Invalid Attribute Combination",
                format!(
                    "Exactly one of these attributes must be configured: [{}]",
                    names.join(",")
                ),
            );
        }
    }
}

/// When `attribute` is set, none of `conflicting` may be. Skipped while
/// `attribute` is unknown; an unknown conflicting value counts as set. `unless`
/// exempts conflicting values that are harmless (e.g. what the API itself
/// reports for them).
pub struct ConflictsWith {
    pub attribute: &'static str,
    pub conflicting: &'static [&'static str],
    pub unless: Option<fn(&Value) -> bool>,
}

impl ConfigValidator for ConflictsWith {
    fn validate(&self, path: &Path, object: &Value, diagnostics: &mut Diagnostics) {
        let anchor = object.attr(self.attribute);
        if anchor.is_null() || anchor.is_unknown() {
            return;
        }
        for other in self.conflicting {
            let value = object.attr(other);
            if value.is_null() || self.unless.is_some_and(|exempt| exempt(value)) {
                continue;
            }
            diagnostics.attribute_error(
                path.attribute(other),
                "Invalid Attribute Combination",
                format!(
                    "Attribute \"{}\" cannot be specified when \"{}\" is specified",
                    path.attribute(other),
                    path.attribute(self.attribute)
                ),
            );
        }
    }
}

/// When `attribute` is set, every one of `required` must be too. Skipped while
/// `attribute` is unknown; an unknown required value counts as set.
pub struct AlsoRequires {
    pub attribute: &'static str,
    pub required: &'static [&'static str],
}

impl ConfigValidator for AlsoRequires {
    fn validate(&self, path: &Path, object: &Value, diagnostics: &mut Diagnostics) {
        let anchor = object.attr(self.attribute);
        if anchor.is_null() || anchor.is_unknown() {
            return;
        }
        for other in self.required {
            if object.attr(other).is_null() {
                diagnostics.attribute_error(
                    path.attribute(other),
                    "Invalid Attribute Combination",
                    format!(
                        "Attribute \"{}\" must be specified when \"{}\" is specified",
                        path.attribute(other),
                        path.attribute(self.attribute)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(validator: &dyn Validator, value: Value) -> Vec<String> {
        let mut diagnostics = Diagnostics::default();
        validator.validate(&Path::root("name"), &value, &mut diagnostics);
        diagnostics.0.into_iter().map(|d| d.detail).collect()
    }

    #[test]
    fn only_characters_counts_the_others_without_showing_the_value() {
        let word_or_plus = OnlyCharacters {
            allowed: |c| c.is_alphanumeric() || c == '_' || c == '+',
            requirement: "consist of letters, digits, _ and +",
        };
        assert!(errors(&word_or_plus, Value::string("abc_+9")).is_empty());
        let found = errors(&word_or_plus, Value::string("s3cr-t/x"));
        assert_eq!(
            found,
            ["Attribute name value must consist of letters, digits, _ and +; it has 2 other character(s)."]
        );
        assert!(!found[0].contains("s3cr"), "the value is never shown");
    }

    #[test]
    fn endpoint_urls_need_a_scheme_and_a_host() {
        for good in [
            "http://127.0.0.1:4566",
            "https://cognito-idp.eu-west-1.amazonaws.com/",
        ] {
            assert!(
                errors(&EndpointUrl, Value::string(good)).is_empty(),
                "{good}"
            );
        }
        for bad in [
            "127.0.0.1:4566",
            "https://",
            "ftp://host",
            "http:// host",
            "not a url",
        ] {
            let found = errors(&EndpointUrl, Value::string(bad));
            assert_eq!(found.len(), 1, "{bad}");
            assert!(
                found[0].contains("must be an http:// or https:// URL"),
                "{}",
                found[0]
            );
        }
    }

    #[test]
    fn length_counts_bytes_or_characters() {
        let bytes = StringLength {
            min: 1,
            max: 3,
            unit: LengthUnit::Bytes,
        };
        let chars = StringLength {
            min: 1,
            max: 3,
            unit: LengthUnit::Characters,
        };
        assert_eq!(
            errors(&bytes, Value::string("äö")),
            vec!["Attribute name string length must be between 1 and 3, got: 4"]
        );
        assert!(errors(&chars, Value::string("äö")).is_empty());
        assert_eq!(errors(&chars, Value::string("")).len(), 1);
    }

    #[test]
    fn contains_allowed_character_is_unanchored() {
        let v = ContainsAllowedCharacter {
            allowed: |c| c.is_ascii_alphanumeric(),
            requirement: "must contain a letter",
        };
        assert!(errors(&v, Value::string("!!a!!")).is_empty());
        assert_eq!(
            errors(&v, Value::string("!!")),
            vec!["Attribute name must contain a letter, got: !!"]
        );
    }

    #[test]
    fn one_of_names_the_allowed_values() {
        let v = OneOf(&["code", "implicit"]);
        assert!(errors(&v, Value::string("code")).is_empty());
        assert_eq!(
            errors(&v, Value::string("Code")),
            vec![r#"Attribute name value must be one of: ["code" "implicit"], got: "Code""#]
        );
    }

    #[test]
    fn set_elements_are_named_in_messages() {
        let v = EachElement::new(vec![Arc::new(OneOf(&["a"]))]);
        let set = Value::Set(vec![Value::string("a"), Value::string("b"), Value::Unknown]);
        assert_eq!(
            errors(&v, set),
            vec![r#"Attribute name[Value("b")] value must be one of: ["a"], got: "b""#]
        );
    }

    #[test]
    fn set_size_int_range_whole_numbers_and_arns() {
        let three = Value::Set(vec![
            Value::string("a"),
            Value::string("b"),
            Value::string("c"),
        ]);
        assert_eq!(
            errors(&SetSizeAtMost(2), three),
            vec!["Attribute name set must contain at most 2 elements, got: 3"]
        );
        assert_eq!(
            errors(&IntBetween { min: 3, max: 15 }, Value::int(16)),
            vec!["Attribute name value must be between 3 and 15, got: 16"]
        );
        assert!(errors(&IntBetween { min: 3, max: 15 }, Value::int(15)).is_empty());
        let half = Value::Number(crate::framework::value::Number::Float(1.5));
        assert_eq!(errors(&WholeNumber, half).len(), 1);
        let three = Value::Number(crate::framework::value::Number::Float(3.0));
        assert!(errors(&WholeNumber, three).is_empty());
        assert!(errors(&Arn, Value::string("arn:aws:iam::123456789012:role/x")).is_empty());
        assert_eq!(errors(&Arn, Value::string("arn:aws:iam")).len(), 1);
    }

    fn paths(validator: &dyn ConfigValidator, fields: &[(&str, Value)]) -> Vec<String> {
        let mut diagnostics = Diagnostics::default();
        let element = Path::root("block").index(0);
        validator.validate(&element, &Value::object(fields), &mut diagnostics);
        diagnostics
            .0
            .into_iter()
            .map(|d| d.path.unwrap().to_string())
            .collect()
    }

    #[test]
    fn exactly_one_of_reports_relative_to_the_element() {
        let rule = ExactlyOneOf(&["a", "b", "c"]);
        let (set, null) = (Value::string("x"), Value::Null);
        assert!(paths(
            &rule,
            &[("a", null.clone()), ("b", set.clone()), ("c", null.clone())]
        )
        .is_empty());
        assert_eq!(
            paths(
                &rule,
                &[
                    ("a", null.clone()),
                    ("b", null.clone()),
                    ("c", null.clone())
                ]
            ),
            ["block[0].a"]
        );
        assert_eq!(
            paths(
                &rule,
                &[("a", set.clone()), ("b", set.clone()), ("c", set.clone())]
            ),
            ["block[0].b", "block[0].c"]
        );
        assert!(paths(
            &rule,
            &[("a", Value::Unknown), ("b", null.clone()), ("c", null)]
        )
        .is_empty());
    }

    #[test]
    fn conflicts_and_requirements_apply_only_when_the_anchor_is_set() {
        let conflicts = ConflictsWith {
            attribute: "a",
            conflicting: &["b"],
            unless: Some(|v| v.as_str() == Some("harmless")),
        };
        let requires = AlsoRequires {
            attribute: "a",
            required: &["b"],
        };
        let set = ("a", Value::string("x"));
        assert_eq!(
            paths(&conflicts, &[set.clone(), ("b", Value::Unknown)]),
            ["block[0].b"]
        );
        assert!(paths(&conflicts, &[set.clone(), ("b", Value::string("harmless"))]).is_empty());
        assert!(paths(
            &conflicts,
            &[("a", Value::Unknown), ("b", Value::string("y"))]
        )
        .is_empty());
        assert_eq!(
            paths(&requires, &[set.clone(), ("b", Value::Null)]),
            ["block[0].b"]
        );
        assert!(paths(&requires, &[set, ("b", Value::Unknown)]).is_empty());
        assert!(paths(&requires, &[("a", Value::Null), ("b", Value::Null)]).is_empty());
    }
}
