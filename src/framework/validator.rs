//! Attribute validators. The framework calls them only for known, non-null values,
//! so a validator never fires on a value that is not decided yet.

use super::diag::Diagnostics;
use super::path::Path;
use super::value::Value;

pub trait Validator: Send + Sync {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics);
}

/// How a string's length is counted: AWS counts bytes for some fields, characters for others.
#[derive(Clone, Copy, Debug)]
pub enum LengthUnit {
    Bytes,
    Characters,
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

/// A string with at least one character of an allowed class (AWS's unanchored
/// patterns such as `[\w\s+=,.@-]+` accept any string that contains one).
pub struct ContainsAllowedCharacter {
    pub allowed: fn(char) -> bool,
    /// Ends the sentence "value must ...", e.g. "contain a letter, number or one of +=,.@-".
    pub requirement: &'static str,
}

impl Validator for ContainsAllowedCharacter {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(text) = value.as_str() else { return };
        if !text.chars().any(self.allowed) {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value Match",
                format!("Attribute {path} {}, got: {text}", self.requirement),
            );
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
}
