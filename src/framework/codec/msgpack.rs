//! msgpack, the encoding of every `DynamicValue` Terraform sends and expects
//! (see the plugin protocol's object wire format).

use std::collections::BTreeMap;

use rmp::encode::{self, ByteBuf, RmpWrite};
use rmp::Marker;

use super::{fill_missing, number_from_f64, number_from_text, unique, DecodeError, Trail};
use crate::framework::path::Step;
use crate::framework::value::{Number, Type, Value};

/// go-cty's plain unknown: a fixext1 of type 0 with one zero byte. Terraform
/// rejects longer payloads unless the type is 12 (refined).
const UNKNOWN: [u8; 3] = [0xd4, 0x00, 0x00];

/// Reads a value of type `ty`. Empty input is null, as Terraform reads an
/// absent `DynamicValue`; any ext is unknown, refinements being ignored.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, DecodeError> {
    if bytes.is_empty() {
        return Ok(Value::Null);
    }
    let mut decoder = Decoder {
        input: bytes,
        trail: Trail::default(),
    };
    let value = decoder.value(ty)?;
    match decoder.input.len() {
        0 => Ok(value),
        extra => Err(decoder
            .trail
            .error(format!("{extra} bytes after the value"))),
    }
}

struct Decoder<'a> {
    /// What is left to read.
    input: &'a [u8],
    trail: Trail,
}

impl<'a> Decoder<'a> {
    fn value(&mut self, ty: &Type) -> Result<Value, DecodeError> {
        let marker = Marker::from_u8(self.byte()?);
        if marker == Marker::Null {
            return Ok(Value::Null);
        }
        if let Some(payload) = self.ext_len(marker)? {
            self.take(payload.saturating_add(1))?; // the ext type byte, then the payload
            return Ok(Value::Unknown);
        }
        match ty {
            Type::String => self.string(marker, ty).map(Value::String),
            Type::Number => self.number(marker).map(Value::Number),
            Type::Bool => match marker {
                Marker::True => Ok(Value::Bool(true)),
                Marker::False => Ok(Value::Bool(false)),
                _ => Err(self.mismatch(ty, marker)),
            },
            Type::List(element) => self.elements(marker, ty, element).map(Value::List),
            Type::Set(element) => self
                .elements(marker, ty, element)
                .map(|elements| Value::Set(unique(elements))),
            Type::Map(element) => self.map(marker, ty, element).map(Value::Map),
            Type::Object(attributes) => self.object(marker, ty, attributes).map(Value::Object),
        }
    }

    /// A value inside a collection or object, with its step on the trail.
    fn nested(&mut self, step: Step, ty: &Type) -> Result<Value, DecodeError> {
        self.trail.enter(step)?;
        let value = self.value(ty)?;
        self.trail.leave();
        Ok(value)
    }

    fn string(&mut self, marker: Marker, ty: &Type) -> Result<String, DecodeError> {
        let Some(len) = self.str_len(marker)? else {
            return Err(self.mismatch(ty, marker));
        };
        let bytes = self.take(len)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(_) => Err(self.trail.error("string is not valid UTF-8")),
        }
    }

    fn number(&mut self, marker: Marker) -> Result<Number, DecodeError> {
        let int = |int: i64| Ok(Number::Int(int));
        match marker {
            Marker::FixPos(n) => int(n.into()),
            Marker::FixNeg(n) => int(n.into()),
            Marker::U8 => int(self.byte()?.into()),
            Marker::U16 => int(u16::from_be_bytes(self.chunk()?).into()),
            Marker::U32 => int(u32::from_be_bytes(self.chunk()?).into()),
            Marker::U64 => {
                let uint = u64::from_be_bytes(self.chunk()?);
                self.uint(uint)
            }
            Marker::I8 => int(i8::from_be_bytes(self.chunk()?).into()),
            Marker::I16 => int(i16::from_be_bytes(self.chunk()?).into()),
            Marker::I32 => int(i32::from_be_bytes(self.chunk()?).into()),
            Marker::I64 => int(i64::from_be_bytes(self.chunk()?)),
            Marker::F32 => {
                let float = f32::from_be_bytes(self.chunk()?);
                self.float(float.into())
            }
            Marker::F64 => {
                let float = f64::from_be_bytes(self.chunk()?);
                self.float(float)
            }
            _ => self.number_string(marker),
        }
    }

    fn uint(&self, uint: u64) -> Result<Number, DecodeError> {
        match i64::try_from(uint) {
            Ok(int) => Ok(Number::Int(int)),
            Err(_) => self.number_text(&uint.to_string()),
        }
    }

    fn float(&self, float: f64) -> Result<Number, DecodeError> {
        number_from_f64(float).ok_or_else(|| self.trail.error("NaN is not a number"))
    }

    /// Terraform sends a number as its decimal text when neither `i64` nor
    /// `f64` holds it exactly (e.g. "0.1").
    fn number_string(&mut self, marker: Marker) -> Result<Number, DecodeError> {
        let text = self.string(marker, &Type::Number)?;
        self.number_text(&text)
    }

    fn number_text(&self, text: &str) -> Result<Number, DecodeError> {
        number_from_text(text).ok_or_else(|| self.trail.error(format!("{text:?} is not a number")))
    }

    fn elements(
        &mut self,
        marker: Marker,
        ty: &Type,
        element: &Type,
    ) -> Result<Vec<Value>, DecodeError> {
        let len = match marker {
            Marker::FixArray(len) => u32::from(len),
            Marker::Array16 => u32::from(u16::from_be_bytes(self.chunk()?)),
            Marker::Array32 => u32::from_be_bytes(self.chunk()?),
            _ => return Err(self.mismatch(ty, marker)),
        };
        // No capacity from `len`: the input may claim far more than it holds.
        let mut elements = Vec::new();
        for index in 0..len {
            elements.push(self.nested(Step::Index(index.into()), element)?);
        }
        Ok(elements)
    }

    fn map(
        &mut self,
        marker: Marker,
        ty: &Type,
        element: &Type,
    ) -> Result<BTreeMap<String, Value>, DecodeError> {
        let len = self.map_len(marker, ty)?;
        let mut entries = BTreeMap::new();
        for _ in 0..len {
            let key = self.key()?;
            let value = self.nested(Step::Key(key.clone()), element)?;
            entries.insert(key, value);
        }
        Ok(entries)
    }

    /// Unlike JSON state, an msgpack object with an attribute the schema lacks
    /// is an error, as in Terraform; missing attributes are tolerated as null.
    fn object(
        &mut self,
        marker: Marker,
        ty: &Type,
        attributes: &BTreeMap<String, Type>,
    ) -> Result<BTreeMap<String, Value>, DecodeError> {
        let len = self.map_len(marker, ty)?;
        let mut fields = BTreeMap::new();
        for _ in 0..len {
            let name = self.key()?;
            let Some(attribute) = attributes.get(&name) else {
                return Err(self.trail.error(format!("unsupported attribute {name:?}")));
            };
            let value = self.nested(Step::Attribute(name.clone()), attribute)?;
            fields.insert(name, value);
        }
        fill_missing(&mut fields, attributes);
        Ok(fields)
    }

    fn map_len(&mut self, marker: Marker, ty: &Type) -> Result<u32, DecodeError> {
        match marker {
            Marker::FixMap(len) => Ok(u32::from(len)),
            Marker::Map16 => Ok(u32::from(u16::from_be_bytes(self.chunk()?))),
            Marker::Map32 => Ok(u32::from_be_bytes(self.chunk()?)),
            _ => Err(self.mismatch(ty, marker)),
        }
    }

    fn key(&mut self) -> Result<String, DecodeError> {
        let marker = Marker::from_u8(self.byte()?);
        self.string(marker, &Type::String)
    }

    /// The length of a string, or `None` when `marker` starts something else.
    fn str_len(&mut self, marker: Marker) -> Result<Option<usize>, DecodeError> {
        Ok(Some(match marker {
            Marker::FixStr(len) => usize::from(len),
            Marker::Str8 => usize::from(self.byte()?),
            Marker::Str16 => usize::from(u16::from_be_bytes(self.chunk()?)),
            Marker::Str32 => self.len32()?,
            _ => return Ok(None),
        }))
    }

    /// The payload length of an ext, or `None` when `marker` starts something else.
    fn ext_len(&mut self, marker: Marker) -> Result<Option<usize>, DecodeError> {
        Ok(Some(match marker {
            Marker::FixExt1 => 1,
            Marker::FixExt2 => 2,
            Marker::FixExt4 => 4,
            Marker::FixExt8 => 8,
            Marker::FixExt16 => 16,
            Marker::Ext8 => usize::from(self.byte()?),
            Marker::Ext16 => usize::from(u16::from_be_bytes(self.chunk()?)),
            Marker::Ext32 => self.len32()?,
            _ => return Ok(None),
        }))
    }

    fn len32(&mut self) -> Result<usize, DecodeError> {
        let len = u32::from_be_bytes(self.chunk()?);
        // Beyond the address space means beyond the input too.
        Ok(usize::try_from(len).unwrap_or(usize::MAX))
    }

    fn mismatch(&self, ty: &Type, marker: Marker) -> DecodeError {
        self.trail.mismatch(ty, describe(marker))
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let [byte] = self.chunk()?;
        Ok(byte)
    }

    fn chunk<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let Some((chunk, rest)) = self.input.split_first_chunk::<N>() else {
            return Err(self.truncated());
        };
        self.input = rest;
        Ok(*chunk)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        let Some((taken, rest)) = self.input.split_at_checked(len) else {
            return Err(self.truncated());
        };
        self.input = rest;
        Ok(taken)
    }

    fn truncated(&self) -> DecodeError {
        self.trail.error("unexpected end of input")
    }
}

/// What a marker starts, for error messages.
fn describe(marker: Marker) -> &'static str {
    match marker {
        Marker::Null => "nil",
        Marker::True | Marker::False => "bool",
        Marker::FixPos(_) | Marker::FixNeg(_) => "integer",
        Marker::U8 | Marker::U16 | Marker::U32 | Marker::U64 => "integer",
        Marker::I8 | Marker::I16 | Marker::I32 | Marker::I64 => "integer",
        Marker::F32 | Marker::F64 => "float",
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => "string",
        Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => "binary",
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => "array",
        Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => "map",
        Marker::FixExt1 | Marker::FixExt2 | Marker::FixExt4 | Marker::FixExt8 => "ext",
        Marker::FixExt16 | Marker::Ext8 | Marker::Ext16 | Marker::Ext32 => "ext",
        Marker::Reserved => "the reserved byte 0xc1",
    }
}

/// Writes `value` as Terraform expects a value of type `ty`. Every object
/// attribute is written, null ones as nil, because Terraform rejects objects
/// with missing attributes. A value that does not fit its type (a bug in the
/// caller) is written as nil rather than aborting the whole response.
pub fn encode_msgpack(value: &Value, ty: &Type) -> Vec<u8> {
    let mut out = ByteBuf::new();
    write_value(&mut out, value, ty);
    out.into_vec()
}

// `ByteBuf` writes cannot fail (their error type is `Infallible`), which is
// what lets the `let Ok(_) = ...` statements below be irrefutable.

fn write_value(out: &mut ByteBuf, value: &Value, ty: &Type) {
    match (value, ty) {
        (Value::Unknown, _) => {
            let Ok(()) = out.write_bytes(&UNKNOWN);
        }
        (Value::Bool(b), Type::Bool) => {
            let Ok(()) = encode::write_bool(out, *b);
        }
        (Value::String(text), Type::String) => write_str(out, text),
        (Value::Number(number), Type::Number) => write_number(out, number),
        (Value::List(elements), Type::List(element))
        | (Value::Set(elements), Type::Set(element)) => write_elements(out, elements, element),
        (Value::Map(entries), Type::Map(element)) => write_map(out, entries, element),
        (Value::Object(fields), Type::Object(attributes)) => write_object(out, fields, attributes),
        _ => {
            // A provider value that does not fit its schema type is a provider bug:
            // debug builds and tests stop on it; Terraform then sees a null.
            // The value itself is not printed: it may hold a secret.
            debug_assert!(value.is_null(), "a {} does not fit {ty:?}", value.kind());
            write_nil(out)
        }
    }
}

fn write_nil(out: &mut ByteBuf) {
    let Ok(()) = encode::write_nil(out);
}

fn write_str(out: &mut ByteBuf, text: &str) {
    match u32::try_from(text.len()) {
        Ok(_) => {
            let Ok(()) = encode::write_str(out, text);
        }
        Err(_) => write_nil(out),
    }
}

fn write_number(out: &mut ByteBuf, number: &Number) {
    match number {
        Number::Int(int) => {
            let Ok(_) = encode::write_sint(out, *int);
        }
        Number::Float(float) if float.is_nan() => write_nil(out),
        Number::Float(float) => {
            let Ok(()) = encode::write_f64(out, *float);
        }
        Number::Decimal(text) => write_str(out, text),
    }
}

fn write_elements(out: &mut ByteBuf, elements: &[Value], element: &Type) {
    let Ok(len) = u32::try_from(elements.len()) else {
        return write_nil(out);
    };
    let Ok(_) = encode::write_array_len(out, len);
    for value in elements {
        write_value(out, value, element);
    }
}

fn write_map(out: &mut ByteBuf, entries: &BTreeMap<String, Value>, element: &Type) {
    let Ok(len) = u32::try_from(entries.len()) else {
        return write_nil(out);
    };
    let Ok(_) = encode::write_map_len(out, len);
    for (key, value) in entries {
        write_str(out, key);
        write_value(out, value, element);
    }
}

fn write_object(
    out: &mut ByteBuf,
    fields: &BTreeMap<String, Value>,
    attributes: &BTreeMap<String, Type>,
) {
    let Ok(len) = u32::try_from(attributes.len()) else {
        return write_nil(out);
    };
    debug_assert!(
        fields.keys().all(|name| attributes.contains_key(name)),
        "attributes {:?} are not in the schema {:?}",
        fields
            .keys()
            .filter(|n| !attributes.contains_key(*n))
            .collect::<Vec<_>>(),
        attributes.keys()
    );
    let Ok(_) = encode::write_map_len(out, len);
    for (name, ty) in attributes {
        write_str(out, name);
        write_value(out, fields.get(name).unwrap_or(&Value::Null), ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::path::Path;
    use serde::Serialize;

    fn item_type() -> Type {
        Type::object(&[
            ("id", Type::String),
            ("weight", Type::Number),
            ("flags", Type::object(&[("on", Type::Bool)])),
        ])
    }

    fn resource_type() -> Type {
        Type::object(&[
            ("name", Type::String),
            ("count", Type::Number),
            ("enabled", Type::Bool),
            ("tags", Type::set(Type::String)),
            ("labels", Type::Map(Box::new(Type::String))),
            ("ratios", Type::list(Type::Number)),
            ("items", Type::list(item_type())),
        ])
    }

    fn item(id: &str, weight: Value, on: Value) -> Value {
        Value::object(&[
            ("id", Value::string(id)),
            ("weight", weight),
            ("flags", Value::object(&[("on", on)])),
        ])
    }

    fn resource() -> Value {
        Value::object(&[
            ("name", Value::string("client")),
            ("count", Value::int(-42)),
            ("enabled", Value::Bool(true)),
            (
                "tags",
                Value::Set(vec![Value::string("b"), Value::string("a")]),
            ),
            (
                "labels",
                Value::Map(
                    [("env", Value::string("prod")), ("team", Value::Unknown)]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                ),
            ),
            (
                "ratios",
                Value::List(vec![
                    Value::Number(Number::Float(2.5)),
                    Value::Number(Number::Decimal("0.1".into())),
                    Value::Number(Number::Int(i64::MIN)),
                    Value::Null,
                ]),
            ),
            (
                "items",
                Value::List(vec![
                    item("first", Value::int(1), Value::Bool(false)),
                    item("second", Value::Unknown, Value::Null),
                    Value::object(&[
                        ("id", Value::Unknown),
                        ("weight", Value::Null),
                        ("flags", Value::Null),
                    ]),
                ]),
            ),
        ])
    }

    fn decode(bytes: &[u8], ty: &Type) -> Value {
        decode_msgpack(bytes, ty).unwrap_or_else(|e| panic!("decoding {bytes:02x?}: {e}"))
    }

    fn error(bytes: &[u8], ty: &Type) -> DecodeError {
        match decode_msgpack(bytes, ty) {
            Ok(value) => panic!("decoding {bytes:02x?} gave {value:?}"),
            Err(error) => error,
        }
    }

    /// Independent msgpack written with `rmp` directly, not by `encode_msgpack`.
    fn written(write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut bytes = Vec::new();
        write(&mut bytes);
        bytes
    }

    fn number(bytes: &[u8]) -> Number {
        match decode(bytes, &Type::Number) {
            Value::Number(number) => number,
            other => panic!("{bytes:02x?} decoded as {other:?}"),
        }
    }

    #[test]
    fn round_trips_nested_objects_collections_and_unknowns() {
        let ty = resource_type();
        let value = resource();
        assert_eq!(decode(&encode_msgpack(&value, &ty), &ty), value);
    }

    #[test]
    fn round_trips_every_type_at_the_root() {
        let cases = [
            (Type::String, Value::string("héllo")),
            (Type::String, Value::string("x".repeat(70_000))),
            (Type::Number, Value::int(i64::MAX)),
            (Type::Number, Value::Number(Number::Float(-1.5e300))),
            (Type::Number, Value::Number(Number::Float(f64::INFINITY))),
            (Type::Number, Value::Number(Number::Decimal("-0.3".into()))),
            (Type::Bool, Value::Bool(false)),
            (Type::list(Type::Bool), Value::List(vec![])),
            (
                Type::set(Type::Number),
                Value::Set(vec![Value::int(1), Value::int(2)]),
            ),
            (Type::Map(Box::new(Type::Bool)), Value::Map(BTreeMap::new())),
            (Type::list(item_type()), Value::List(vec![Value::Null; 20])),
            (Type::object(&[]), Value::object(&[])),
            (resource_type(), Value::Null),
            (resource_type(), Value::Unknown),
        ];
        for (ty, value) in cases {
            assert_eq!(decode(&encode_msgpack(&value, &ty), &ty), value, "{ty:?}");
        }
    }

    #[test]
    fn unknown_encodes_as_fixext1_of_type_zero() {
        assert_eq!(encode_msgpack(&Value::Unknown, &Type::String), [0xd4, 0, 0]);
        assert_eq!(
            encode_msgpack(&Value::Unknown, &resource_type()),
            [0xd4, 0, 0]
        );
        let list = Value::List(vec![Value::Unknown]);
        assert_eq!(
            encode_msgpack(&list, &Type::list(Type::Bool)),
            [0x91, 0xd4, 0, 0]
        );
    }

    #[test]
    fn null_encodes_as_nil() {
        assert_eq!(encode_msgpack(&Value::Null, &resource_type()), [0xc0]);
        assert_eq!(decode(&[0xc0], &resource_type()), Value::Null);
    }

    /// A refined unknown as go-cty writes it: ext 12 holding a map with int
    /// keys (1: not null, 2: string prefix).
    fn refined_unknown() -> Vec<u8> {
        let payload = written(|b| {
            encode::write_map_len(b, 2).unwrap();
            encode::write_sint(b, 1).unwrap();
            encode::write_bool(b, false).unwrap();
            encode::write_sint(b, 2).unwrap();
            encode::write_str(b, "arn:aws:").unwrap();
        });
        written(|b| {
            encode::write_ext_meta(b, payload.len() as u32, 12).unwrap();
            b.extend_from_slice(&payload);
        })
    }

    #[test]
    fn any_ext_decodes_as_unknown() {
        let mut cases: Vec<Vec<u8>> = vec![
            vec![0xd4, 0x00, 0x00],
            vec![0xd4, 0x05, 0x00],
            vec![0xd4, 0xff, 0x07],
            vec![0xd5, 0x05, 1, 2],
            vec![0xd6, 0x00, 1, 2, 3, 4],
            vec![0xc7, 0x00, 0x05],
            vec![0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2],
            vec![0xc8, 0x00, 0x03, 0x0c, 0x81, 0x01, 0xc2],
            vec![0xc9, 0x00, 0x00, 0x00, 0x03, 0x0c, 0x81, 0x01, 0xc2],
            refined_unknown(),
        ];
        cases.push([&[0xd7, 0x0c][..], &[0; 8]].concat());
        cases.push([&[0xd8, 0x05][..], &[0xc0; 16]].concat());
        for bytes in cases {
            for ty in [
                Type::String,
                Type::Number,
                Type::list(Type::Bool),
                resource_type(),
            ] {
                assert_eq!(decode(&bytes, &ty), Value::Unknown, "{bytes:02x?}");
            }
        }
    }

    #[test]
    fn refined_unknown_inside_an_object_is_unknown() {
        let ty = Type::object(&[("arn", Type::String), ("name", Type::String)]);
        let bytes = written(|b| {
            encode::write_map_len(b, 2).unwrap();
            encode::write_str(b, "arn").unwrap();
            b.extend_from_slice(&refined_unknown());
            encode::write_str(b, "name").unwrap();
            encode::write_str(b, "x").unwrap();
        });
        let expected = Value::object(&[("arn", Value::Unknown), ("name", Value::string("x"))]);
        assert_eq!(decode(&bytes, &ty), expected);
    }

    #[test]
    fn three_as_int_float_or_string_is_the_integer_three() {
        let encodings: Vec<Vec<u8>> = vec![
            vec![0x03],
            vec![0xcc, 3],
            vec![0xcd, 0, 3],
            vec![0xce, 0, 0, 0, 3],
            vec![0xcf, 0, 0, 0, 0, 0, 0, 0, 3],
            vec![0xd0, 3],
            vec![0xd1, 0, 3],
            vec![0xd2, 0, 0, 0, 3],
            vec![0xd3, 0, 0, 0, 0, 0, 0, 0, 3],
            written(|b| encode::write_f32(b, 3.0).unwrap()),
            written(|b| encode::write_f64(b, 3.0).unwrap()),
            written(|b| encode::write_str(b, "3").unwrap()),
            written(|b| encode::write_str(b, "3.0").unwrap()),
        ];
        for bytes in encodings {
            assert_eq!(number(&bytes).as_i64(), Some(3), "{bytes:02x?}");
        }
    }

    #[test]
    fn decimal_strings_stay_exact() {
        let bytes = written(|b| encode::write_str(b, "0.1").unwrap());
        let decoded = number(&bytes);
        assert!(matches!(&decoded, Number::Decimal(text) if text == "0.1"));
        assert_eq!(decoded, Number::Decimal("0.1".into()));
        assert_eq!(
            encode_msgpack(&Value::Number(decoded), &Type::Number),
            bytes
        );
    }

    #[test]
    fn numbers_beyond_i64_are_exact() {
        let max = written(|b| encode::write_u64(b, u64::MAX).unwrap());
        assert_eq!(number(&max), Number::Decimal("18446744073709551615".into()));
        let two_pow_63 = written(|b| encode::write_u64(b, 1 << 63).unwrap());
        assert_eq!(
            number(&two_pow_63),
            Number::Float(9_223_372_036_854_775_808.0)
        );
        for text in ["-12345678901234567890", "1e400"] {
            let bytes = written(|b| encode::write_str(b, text).unwrap());
            assert!(matches!(number(&bytes), Number::Decimal(_)), "{text}");
            assert_eq!(number(&bytes).as_i64(), None);
        }
        let negative = written(|b| {
            encode::write_sint(b, i64::MIN).unwrap();
        });
        assert_eq!(number(&negative), Number::Int(i64::MIN));
    }

    #[test]
    fn integers_use_the_smallest_encoding() {
        let encode = |int| encode_msgpack(&Value::int(int), &Type::Number);
        assert_eq!(encode(1), [0x01]);
        assert_eq!(encode(-1), [0xff]);
        assert_eq!(encode(300), [0xcd, 0x01, 0x2c]);
        assert_eq!(encode(-200), [0xd1, 0xff, 0x38]);
        let float = encode_msgpack(&Value::Number(Number::Float(0.5)), &Type::Number);
        assert_eq!(float, written(|b| encode::write_f64(b, 0.5).unwrap()));
    }

    #[test]
    fn strings_that_are_not_numbers_are_rejected() {
        let bytes = written(|b| encode::write_str(b, "abc").unwrap());
        assert_eq!(
            error(&bytes, &Type::Number).message,
            r#""abc" is not a number"#
        );
        let nan = written(|b| encode::write_f64(b, f64::NAN).unwrap());
        assert!(error(&nan, &Type::Number).message.contains("NaN"));
    }

    #[test]
    fn objects_are_written_with_every_attribute() {
        let partial = Value::object(&[
            ("name", Value::string("only")),
            ("items", Value::List(vec![Value::object(&[])])),
        ]);
        let bytes = encode_msgpack(&partial, &resource_type());
        // Read back without the schema, so that nothing fills in what is missing.
        let raw: serde_json::Value = rmp_serde::from_slice(&bytes).unwrap();
        let expected = serde_json::json!({
            "name": "only", "count": null, "enabled": null, "tags": null, "labels": null,
            "ratios": null, "items": [{"id": null, "weight": null, "flags": null}],
        });
        assert_eq!(raw, expected);
    }

    #[test]
    fn missing_attributes_decode_as_null() {
        let ty = Type::object(&[("a", Type::String), ("b", Type::Bool)]);
        let bytes = written(|b| {
            encode::write_map_len(b, 1).unwrap();
            encode::write_str(b, "b").unwrap();
            encode::write_bool(b, true).unwrap();
        });
        let expected = Value::object(&[("a", Value::Null), ("b", Value::Bool(true))]);
        assert_eq!(decode(&bytes, &ty), expected);
    }

    #[test]
    fn unsupported_attributes_are_an_error_naming_them() {
        let ty = Type::list(Type::object(&[("a", Type::String)]));
        let bytes = written(|b| {
            encode::write_array_len(b, 1).unwrap();
            encode::write_map_len(b, 1).unwrap();
            encode::write_str(b, "bogus").unwrap();
            encode::write_nil(b).unwrap();
        });
        assert_eq!(
            error(&bytes, &ty).to_string(),
            r#"at [0]: unsupported attribute "bogus""#
        );
    }

    #[test]
    fn mismatches_are_reported_with_their_path() {
        let ty = Type::object(&[("a", Type::list(Type::object(&[("b", Type::String)])))]);
        let bytes = written(|b| {
            encode::write_map_len(b, 1).unwrap();
            encode::write_str(b, "a").unwrap();
            encode::write_array_len(b, 1).unwrap();
            encode::write_map_len(b, 1).unwrap();
            encode::write_str(b, "b").unwrap();
            encode::write_bool(b, true).unwrap();
        });
        let found = error(&bytes, &ty);
        assert_eq!(found.to_string(), "at a[0].b: expected string, got bool");
        let path = Path::root("a").index(0).attribute("b");
        assert_eq!(found.path, path);
    }

    #[test]
    fn map_and_set_errors_name_the_key_and_index() {
        let map = Type::Map(Box::new(Type::Number));
        let bytes = written(|b| {
            encode::write_map_len(b, 1).unwrap();
            encode::write_str(b, "k").unwrap();
            encode::write_str(b, "x").unwrap();
        });
        let found = error(&bytes, &map);
        assert_eq!(found.path, Path(vec![Step::Key("k".into())]));
        assert_eq!(found.to_string(), r#"at ["k"]: "x" is not a number"#);
        let set = Type::set(Type::String);
        let found = error(&[0x92, 0xa1, b'a', 0x01], &set);
        assert_eq!(found.to_string(), "at [1]: expected string, got integer");
    }

    #[test]
    fn map_keys_must_be_strings() {
        let map = Type::Map(Box::new(Type::Bool));
        assert_eq!(
            error(&[0x81, 0x01, 0xc3], &map).message,
            "expected string, got integer"
        );
        assert!(error(&[0x81, 0x01, 0xc3], &resource_type())
            .message
            .contains("integer"));
    }

    #[test]
    fn sets_drop_duplicate_elements() {
        let bytes = [0x93, 0xa1, b'a', 0xa1, b'b', 0xa1, b'a'];
        let decoded = decode(&bytes, &Type::set(Type::String));
        assert_eq!(decoded.elements(), [Value::string("a"), Value::string("b")]);
        let numbers = [0x92, 0x03, 0xa1, b'3'];
        assert_eq!(
            decode(&numbers, &Type::set(Type::Number)).elements().len(),
            1
        );
    }

    #[test]
    fn malformed_input_is_an_error() {
        let cases: [(&[u8], Type, &str); 5] = [
            (
                &[0xa2, 0xff, 0xfe],
                Type::String,
                "string is not valid UTF-8",
            ),
            (&[0xc0, 0xc0], Type::String, "1 bytes after the value"),
            (
                &[0xc1],
                Type::Bool,
                "expected bool, got the reserved byte 0xc1",
            ),
            (
                &[0xc4, 0x01, b'a'],
                Type::String,
                "expected string, got binary",
            ),
            (
                &[0x91, 0xc3],
                Type::Map(Box::new(Type::Bool)),
                "expected map, got array",
            ),
        ];
        for (bytes, ty, message) in cases {
            assert_eq!(error(bytes, &ty).message, message, "{bytes:02x?}");
        }
    }

    #[test]
    fn empty_input_is_null() {
        assert_eq!(decode(&[], &resource_type()), Value::Null);
    }

    #[test]
    fn huge_claimed_lengths_fail_without_allocating() {
        let cases: [(&[u8], Type); 6] = [
            (
                &[0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0],
                Type::list(Type::String),
            ),
            (&[0xdd, 0xff, 0xff, 0xff, 0xff], Type::set(resource_type())),
            (
                &[0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, b'a'],
                Type::Map(Box::new(Type::Bool)),
            ),
            (&[0xdf, 0xff, 0xff, 0xff, 0xff], resource_type()),
            (&[0xdb, 0xff, 0xff, 0xff, 0xff, b'a'], Type::String),
            (&[0xc9, 0xff, 0xff, 0xff, 0xff, 0x00], Type::String),
        ];
        for (bytes, ty) in cases {
            assert_eq!(
                error(bytes, &ty).message,
                "unexpected end of input",
                "{bytes:02x?}"
            );
        }
    }

    #[test]
    fn every_truncation_of_a_valid_encoding_fails() {
        let ty = resource_type();
        let bytes = encode_msgpack(&resource(), &ty);
        for len in 1..bytes.len() {
            assert!(
                decode_msgpack(&bytes[..len], &ty).is_err(),
                "prefix of {len} bytes"
            );
        }
    }

    #[test]
    fn deep_nesting_fails_without_overflowing_the_stack() {
        let mut deep = vec![0x91; 10_000];
        deep.push(0xc0);
        let nested = Type::list(Type::list(Type::String));
        assert_eq!(error(&deep, &nested).message, "expected string, got array");
        let absurd_type = (0..100).fold(Type::Bool, |ty, _| Type::list(ty));
        assert_eq!(
            error(&deep, &absurd_type).message,
            "nested deeper than 64 levels"
        );
    }

    #[test]
    fn nan_encodes_as_nil() {
        let nan = Value::Number(Number::Float(f64::NAN));
        assert_eq!(encode_msgpack(&nan, &Type::Number), [0xc0]);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "does not fit")]
    fn a_value_that_does_not_fit_its_type_stops_debug_builds() {
        let list_as_set = Value::List(vec![Value::string("a")]);
        encode_msgpack(&list_as_set, &Type::set(Type::String));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "are not in the schema")]
    fn an_attribute_the_schema_lacks_stops_debug_builds() {
        let ty = Type::object(&[("b", Type::String)]);
        let value = Value::object(&[("misspelt", Value::Null), ("b", Value::string("kept"))]);
        encode_msgpack(&value, &ty);
    }

    #[derive(Serialize)]
    struct Resource {
        name: String,
        count: i64,
        big: u64,
        ratio: f64,
        enabled: bool,
        tags: Vec<String>,
        labels: BTreeMap<String, String>,
        items: Vec<Item>,
        missing: Option<String>,
    }

    #[derive(Serialize)]
    struct Item {
        id: String,
        weight: f32,
    }

    #[test]
    fn decodes_what_rmp_serde_writes() {
        let resource = Resource {
            name: "client".into(),
            count: -7,
            big: u64::MAX,
            ratio: 0.25,
            enabled: true,
            tags: vec!["x".into(), "y".into(), "x".into()],
            labels: BTreeMap::from([("env".into(), "dev".into())]),
            items: vec![Item {
                id: "i".into(),
                weight: 1.0,
            }],
            missing: None,
        };
        let ty = Type::object(&[
            ("name", Type::String),
            ("count", Type::Number),
            ("big", Type::Number),
            ("ratio", Type::Number),
            ("enabled", Type::Bool),
            ("tags", Type::set(Type::String)),
            ("labels", Type::Map(Box::new(Type::String))),
            (
                "items",
                Type::list(Type::object(&[
                    ("id", Type::String),
                    ("weight", Type::Number),
                ])),
            ),
            ("missing", Type::String),
        ]);
        let decoded = decode(&rmp_serde::to_vec_named(&resource).unwrap(), &ty);
        let expected = Value::object(&[
            ("name", Value::string("client")),
            ("count", Value::int(-7)),
            ("big", Value::Number(Number::Decimal(u64::MAX.to_string()))),
            ("ratio", Value::Number(Number::Float(0.25))),
            ("enabled", Value::Bool(true)),
            (
                "tags",
                Value::Set(vec![Value::string("y"), Value::string("x")]),
            ),
            (
                "labels",
                Value::Map(BTreeMap::from([("env".into(), Value::string("dev"))])),
            ),
            (
                "items",
                Value::List(vec![Value::object(&[
                    ("id", Value::string("i")),
                    ("weight", Value::int(1)),
                ])]),
            ),
            ("missing", Value::Null),
        ]);
        assert_eq!(decoded, expected);
    }

    #[test]
    fn decodes_what_rmp_serde_writes_for_json_documents() {
        let document = serde_json::json!({"a": [{"b": "x"}, {"b": null}], "c": {"k": true}});
        let ty = Type::object(&[
            ("a", Type::list(Type::object(&[("b", Type::String)]))),
            ("c", Type::Map(Box::new(Type::Bool))),
        ]);
        let decoded = decode(&rmp_serde::to_vec_named(&document).unwrap(), &ty);
        let expected = Value::object(&[
            (
                "a",
                Value::List(vec![
                    Value::object(&[("b", Value::string("x"))]),
                    Value::object(&[("b", Value::Null)]),
                ]),
            ),
            (
                "c",
                Value::Map(BTreeMap::from([("k".into(), Value::Bool(true))])),
            ),
        ]);
        assert_eq!(decoded, expected);
    }
}
