//! JSON, the encoding of stored state: `UpgradeResourceState` receives a
//! resource's attributes as written by whichever provider version saved them.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::{number_from_text, unique, DecodeError, Trail};
use crate::framework::path::Step;
use crate::framework::value::{Type, Value};

/// Reads a value of type `ty`. Object keys the type lacks are ignored and
/// missing ones become null, because Terraform only strips removed attributes
/// from stored state when the schema version is unchanged. JSON has no unknowns.
pub fn decode_json(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    // serde_json stops at 128 levels of nesting, so parsing cannot overflow the stack.
    let json: Json = serde_json::from_slice(bytes)
        .map_err(|error| Trail::default().error(format!("invalid JSON: {error}")))?;
    Converter::default().value(&json, ty)
}

/// Walks parsed JSON along a type, remembering where it is for errors.
#[derive(Default)]
struct Converter {
    trail: Trail,
}

impl Converter {
    fn value(&mut self, json: &Json, ty: &Type) -> Result<Value, DecodeError> {
        match (json, ty) {
            (Json::Null, _) => Ok(Value::Null),
            (Json::Bool(b), Type::Bool) => Ok(Value::Bool(*b)),
            (Json::String(text), Type::String) => Ok(Value::String(text.clone())),
            // `arbitrary_precision` keeps the number's text, so nothing is rounded.
            (Json::Number(number), Type::Number) => self.number(number.as_str()),
            // Terraform (go-cty) also reads a number from a string, as in msgpack.
            (Json::String(text), Type::Number) => self.number(text),
            (Json::Array(items), Type::List(element)) => {
                self.elements(items, element).map(Value::List)
            }
            (Json::Array(items), Type::Set(element)) => self
                .elements(items, element)
                .map(|elements| Value::Set(unique(elements))),
            (Json::Object(entries), Type::Map(element)) => {
                self.map(entries, element).map(Value::Map)
            }
            (Json::Object(entries), Type::Object(attributes)) => {
                self.object(entries, attributes).map(Value::Object)
            }
            _ => Err(self.trail.mismatch(ty, describe(json))),
        }
    }

    /// A value inside a collection or object, with its step on the trail.
    fn nested(&mut self, step: Step, json: &Json, ty: &Type) -> Result<Value, DecodeError> {
        self.trail.enter(step)?;
        let value = self.value(json, ty)?;
        self.trail.leave();
        Ok(value)
    }

    fn number(&self, text: &str) -> Result<Value, DecodeError> {
        match number_from_text(text) {
            Some(number) => Ok(Value::Number(number)),
            None => Err(self.trail.error(format!("{text:?} is not a number"))),
        }
    }

    fn elements(&mut self, items: &[Json], element: &Type) -> Result<Vec<Value>, DecodeError> {
        (0..)
            .zip(items)
            .map(|(index, item)| self.nested(Step::Index(index), item, element))
            .collect()
    }

    fn map(
        &mut self,
        entries: &serde_json::Map<String, Json>,
        element: &Type,
    ) -> Result<BTreeMap<String, Value>, DecodeError> {
        let mut values = BTreeMap::new();
        for (key, item) in entries {
            let value = self.nested(Step::Key(key.clone()), item, element)?;
            values.insert(key.clone(), value);
        }
        Ok(values)
    }

    fn object(
        &mut self,
        entries: &serde_json::Map<String, Json>,
        attributes: &BTreeMap<String, Type>,
    ) -> Result<BTreeMap<String, Value>, DecodeError> {
        let mut fields = BTreeMap::new();
        for (name, ty) in attributes {
            let value = match entries.get(name) {
                Some(item) => self.nested(Step::Attribute(name.clone()), item, ty)?,
                None => Value::Null,
            };
            fields.insert(name.clone(), value);
        }
        Ok(fields)
    }
}

/// What a JSON value is, for error messages.
fn describe(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::codec::{decode_msgpack, encode_msgpack};
    use crate::framework::path::Path;
    use crate::framework::value::Number;

    fn decode(text: &str, ty: &Type) -> Value {
        decode_json(text.as_bytes(), ty).unwrap_or_else(|e| panic!("decoding {text}: {e}"))
    }

    fn error(text: &str, ty: &Type) -> DecodeError {
        match decode_json(text.as_bytes(), ty) {
            Ok(value) => panic!("decoding {text} gave {value:?}"),
            Err(error) => error,
        }
    }

    fn number(text: &str) -> Number {
        match decode(text, &Type::Number) {
            Value::Number(number) => number,
            other => panic!("{text} decoded as {other:?}"),
        }
    }

    fn state_type() -> Type {
        Type::object(&[
            ("name", Type::String),
            ("enabled", Type::Bool),
            ("scopes", Type::set(Type::String)),
            ("tags", Type::Map(Box::new(Type::String))),
            (
                "units",
                Type::list(Type::object(&[
                    ("id_token", Type::String),
                    ("ttl", Type::Number),
                ])),
            ),
        ])
    }

    #[test]
    fn decodes_every_type() {
        let text = r#"{
            "name": "client", "enabled": false, "scopes": ["email", "openid", "email"],
            "tags": {"env": "prod"}, "units": [{"id_token": "hours", "ttl": 60}, null]
        }"#;
        let expected = Value::object(&[
            ("name", Value::string("client")),
            ("enabled", Value::Bool(false)),
            (
                "scopes",
                Value::Set(vec![Value::string("openid"), Value::string("email")]),
            ),
            (
                "tags",
                Value::Map(BTreeMap::from([("env".into(), Value::string("prod"))])),
            ),
            (
                "units",
                Value::List(vec![
                    Value::object(&[
                        ("id_token", Value::string("hours")),
                        ("ttl", Value::int(60)),
                    ]),
                    Value::Null,
                ]),
            ),
        ]);
        let decoded = decode(text, &state_type());
        assert_eq!(decoded, expected);
        assert_eq!(decoded.attr("scopes").elements().len(), 2);
    }

    #[test]
    fn numbers_are_read_exactly() {
        assert!(matches!(number("3"), Number::Int(3)));
        assert_eq!(number("3.0").as_i64(), Some(3));
        assert_eq!(number(r#""3""#).as_i64(), Some(3));
        assert!(matches!(number("2.5"), Number::Float(f) if f == 2.5));
        assert!(matches!(number("0.1"), Number::Decimal(text) if text == "0.1"));
        assert_eq!(
            number("12345678901234567890"),
            Number::Decimal("12345678901234567890".into())
        );
        assert_eq!(
            number("-1e40"),
            Number::Decimal(format!("-1{}", "0".repeat(40)))
        );
        assert_eq!(
            error(r#""abc""#, &Type::Number).message,
            r#""abc" is not a number"#
        );
    }

    #[test]
    fn unknown_keys_are_ignored_and_missing_keys_are_null() {
        let text = r#"{"name": "n", "removed_attribute": {"deep": [1, 2]}, "id": 7}"#;
        let decoded = decode(text, &state_type());
        let expected = Value::object(&[
            ("name", Value::string("n")),
            ("enabled", Value::Null),
            ("scopes", Value::Null),
            ("tags", Value::Null),
            ("units", Value::Null),
        ]);
        assert_eq!(decoded, expected);
        let Value::Object(fields) = decoded else {
            panic!("not an object")
        };
        assert_eq!(fields.len(), 5);
    }

    #[test]
    fn mismatches_are_reported_with_their_path() {
        let text = r#"{"units": [{"id_token": true}]}"#;
        let found = error(text, &state_type());
        assert_eq!(
            found.to_string(),
            "at units[0].id_token: expected string, got bool"
        );
        assert_eq!(
            found.path,
            Path::root("units").index(0).attribute("id_token")
        );
        let found = error(r#"{"tags": {"k": 1}}"#, &state_type());
        assert_eq!(
            found.to_string(),
            r#"at tags["k"]: expected string, got number"#
        );
        assert_eq!(
            error("[]", &state_type()).to_string(),
            "expected object, got array"
        );
    }

    #[test]
    fn malformed_or_deep_json_is_an_error() {
        for text in ["", "{", r#"{"name": "a"} x"#, "nul", "[1,]"] {
            assert!(
                error(text, &state_type())
                    .message
                    .starts_with("invalid JSON"),
                "{text}"
            );
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(error(&deep, &Type::list(Type::String))
            .message
            .starts_with("invalid JSON"));
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let absurd_type = (0..100).fold(Type::Bool, |ty, _| Type::list(ty));
        assert_eq!(
            error(&deep, &absurd_type).message,
            "nested deeper than 64 levels"
        );
    }

    #[test]
    fn null_is_null_at_any_level() {
        assert_eq!(decode("null", &state_type()), Value::Null);
        let list = decode("[null]", &Type::list(Type::Number));
        assert_eq!(list, Value::List(vec![Value::Null]));
    }

    #[test]
    fn state_read_from_json_re_encodes_as_msgpack() {
        let text = r#"{"name": "n", "units": [{"ttl": 0.1}], "scopes": [], "extra": 1}"#;
        let ty = state_type();
        let value = decode(text, &ty);
        assert_eq!(decode_msgpack(&encode_msgpack(&value, &ty), &ty), Ok(value));
    }
}
