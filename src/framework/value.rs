//! Terraform values: every value is null, unknown, or known, and carries its type's shape.

use std::collections::BTreeMap;
use std::fmt;

/// The type system of Terraform values as this provider uses it (no tuples, no dynamic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(BTreeMap<String, Type>),
}

impl Type {
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    pub fn object(attributes: &[(&str, Type)]) -> Type {
        Type::Object(
            attributes
                .iter()
                .map(|(name, ty)| (name.to_string(), ty.clone()))
                .collect(),
        )
    }

    /// Terraform's type JSON, as sent in `Schema.Attribute.type`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Type::String => json!("string"),
            Type::Number => json!("number"),
            Type::Bool => json!("bool"),
            Type::List(e) => json!(["list", e.to_json()]),
            Type::Set(e) => json!(["set", e.to_json()]),
            Type::Map(e) => json!(["map", e.to_json()]),
            Type::Object(attrs) => {
                let fields: serde_json::Map<String, serde_json::Value> = attrs
                    .iter()
                    .map(|(name, ty)| (name.clone(), ty.to_json()))
                    .collect();
                json!(["object", fields])
            }
        }
    }
}

/// A Terraform number. Integers that fit `i64` stay exact; other values are
/// `f64` when exactly representable, otherwise the decimal text Terraform sent.
#[derive(Clone, Debug)]
pub enum Number {
    Int(i64),
    Float(f64),
    /// A decimal that neither `i64` nor `f64` holds exactly (e.g. `0.1` or `1e400`).
    Decimal(String),
}

impl Number {
    /// The value as an `i64` if it is integral and in range (`3.0` counts as 3).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(*i),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(*f as i64),
            Number::Float(_) => None,
            Number::Decimal(text) => text.parse::<i64>().ok(),
        }
    }

    /// A canonical form used for equality: integral values compare as integers.
    fn canonical(&self) -> CanonicalNumber<'_> {
        match self.as_i64() {
            Some(i) => CanonicalNumber::Int(i),
            None => match self {
                Number::Float(f) => CanonicalNumber::Float(f.to_bits()),
                Number::Decimal(text) => CanonicalNumber::Text(text),
                Number::Int(_) => unreachable!("integers always have an i64 form"),
            },
        }
    }
}

#[derive(PartialEq)]
enum CanonicalNumber<'a> {
    Int(i64),
    Float(u64),
    Text(&'a str),
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
            Number::Decimal(text) => f.write_str(text),
        }
    }
}

/// A value of some [`Type`]. Collections and objects hold values, which may
/// themselves be null or unknown. Sets are kept as vectors without duplicates;
/// their equality ignores order.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Unknown,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Object(BTreeMap<String, Value>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) | (Value::Unknown, Value::Unknown) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Set(a), Value::Set(b)) => a.len() == b.len() && a.iter().all(|x| b.contains(x)),
            (Value::Map(a), Value::Map(b)) | (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    pub fn string(text: impl Into<String>) -> Value {
        Value::String(text.into())
    }

    pub fn int(i: i64) -> Value {
        Value::Number(Number::Int(i))
    }

    pub fn object(fields: &[(&str, Value)]) -> Value {
        Value::Object(
            fields
                .iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect(),
        )
    }

    /// The value's kind, for messages that must not show the value (it may be a secret).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown => "unknown value",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Object(_) => "object",
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when neither this value nor anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(items) | Value::Set(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(fields) | Value::Object(fields) => {
                fields.values().all(Value::is_wholly_known)
            }
            _ => true,
        }
    }

    /// An attribute of an object value; null for a null (or unknown) object.
    ///
    /// Objects decoded or built from a schema hold every attribute, so a name the
    /// object lacks is a misspelt or undeclared attribute: debug builds and tests
    /// panic on it instead of reading a silent null.
    pub fn attr(&self, name: &str) -> &Value {
        const NULL: Value = Value::Null;
        match self {
            Value::Object(fields) => fields.get(name).unwrap_or_else(|| {
                debug_assert!(false, "no attribute {name:?} in {:?}", fields.keys());
                &NULL
            }),
            _ => &NULL,
        }
    }

    /// Mutable access to an object's attribute; `None` when this is not an object.
    /// A name the object lacks panics in debug builds, as in [`Value::attr`].
    pub fn attr_mut(&mut self, name: &str) -> Option<&mut Value> {
        match self {
            Value::Object(fields) => {
                debug_assert!(
                    fields.contains_key(name),
                    "no attribute {name:?} in {:?}",
                    fields.keys()
                );
                fields.get_mut(name)
            }
            _ => None,
        }
    }

    /// Sets an attribute of an object built from a schema (see [`Block::empty_value`]
    /// in `schema`); a name the object lacks panics in debug builds, since the
    /// encoder, which walks the schema, would drop it.
    ///
    /// [`Block::empty_value`]: super::schema::Block::empty_value
    pub fn set_attr(&mut self, name: &str, value: Value) {
        if let Some(slot) = self.attr_mut(name) {
            *slot = value;
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The elements of a list or set (empty for anything else).
    pub fn elements(&self) -> &[Value] {
        match self {
            Value::List(items) | Value::Set(items) => items,
            _ => &[],
        }
    }

    /// The null object of `ty`'s shape: an object with every attribute null.
    pub fn null_object(ty: &Type) -> Value {
        match ty {
            Type::Object(attrs) => Value::Object(
                attrs
                    .keys()
                    .map(|name| (name.clone(), Value::Null))
                    .collect(),
            ),
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_numbers_compare_equal_across_representations() {
        assert_eq!(Number::Int(3), Number::Float(3.0));
        assert_eq!(Number::Int(3), Number::Decimal("3".into()));
        assert_ne!(Number::Int(3), Number::Float(3.5));
        assert_eq!(Number::Float(3.5).as_i64(), None);
    }

    #[test]
    fn set_equality_ignores_order() {
        let a = Value::Set(vec![Value::string("a"), Value::string("b")]);
        let b = Value::Set(vec![Value::string("b"), Value::string("a")]);
        assert_eq!(a, b);
        assert_ne!(a, Value::List(vec![Value::string("b"), Value::string("a")]));
    }

    #[test]
    fn wholly_known_looks_inside_collections() {
        let v = Value::Object(BTreeMap::from([(
            "x".to_string(),
            Value::List(vec![Value::Unknown]),
        )]));
        assert!(!v.is_wholly_known());
        assert!(Value::Null.is_wholly_known());
    }

    #[test]
    fn type_json_matches_terraform_syntax() {
        assert_eq!(
            Type::set(Type::String).to_json().to_string(),
            r#"["set","string"]"#
        );
        let obj = Type::Object(BTreeMap::from([("a".to_string(), Type::Bool)]));
        assert_eq!(obj.to_json().to_string(), r#"["object",{"a":"bool"}]"#);
    }

    #[test]
    fn attributes_of_null_objects_read_as_null() {
        assert!(Value::Null.attr("anything").is_null());
        assert!(Value::Unknown.attr("anything").is_null());
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "no attribute \"nmae\"")]
    fn reading_an_undeclared_attribute_stops_debug_builds() {
        Value::object(&[("name", Value::Null)]).attr("nmae");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "no attribute \"nmae\"")]
    fn setting_an_undeclared_attribute_stops_debug_builds() {
        Value::object(&[("name", Value::Null)]).set_attr("nmae", Value::Bool(true));
    }
}
