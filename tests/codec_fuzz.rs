//! Property tests for the codecs: no input bytes make a decoder panic, and
//! every value that fits its type survives an msgpack round trip.

use proptest::collection::{btree_set, vec};
use proptest::prelude::*;
use terraform_provider_aws::framework::codec::{decode_json, decode_msgpack, encode_msgpack};
use terraform_provider_aws::framework::value::{Number, Type, Value};

fn item_type() -> Type {
    Type::object(&[
        ("id", Type::String),
        ("weight", Type::Number),
        ("enabled", Type::Bool),
    ])
}

fn resource_type() -> Type {
    Type::object(&[
        ("name", Type::String),
        ("count", Type::Number),
        ("enabled", Type::Bool),
        ("scopes", Type::set(Type::String)),
        ("items", Type::list(item_type())),
    ])
}

/// A value that may also be null or unknown, as any Terraform value may.
fn maybe(known: impl Strategy<Value = Value>) -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => Just(Value::Unknown),
        6 => known,
    ]
}

fn string() -> impl Strategy<Value = Value> {
    ".{0,12}".prop_map(Value::String)
}

fn boolean() -> impl Strategy<Value = Value> {
    any::<bool>().prop_map(Value::Bool)
}

/// Decimals are drawn ending in 1 after the point, so no `f64` holds them
/// exactly and they decode as decimals again; the text is Terraform's spelling.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Number::Int),
        any::<f64>()
            .prop_filter("Terraform has no NaN", |f| !f.is_nan())
            .prop_map(Number::Float),
        "-?(0|[1-9][0-9]{0,20})\\.[0-9]{0,30}1".prop_map(Number::Decimal),
    ]
    .prop_map(Value::Number)
}

fn item() -> impl Strategy<Value = Value> {
    (maybe(string()), maybe(number()), maybe(boolean())).prop_map(|(id, weight, enabled)| {
        Value::object(&[("id", id), ("weight", weight), ("enabled", enabled)])
    })
}

fn resource() -> impl Strategy<Value = Value> {
    let scopes = btree_set(".{0,8}", 0..5)
        .prop_map(|scopes| Value::Set(scopes.into_iter().map(Value::String).collect()));
    let items = vec(maybe(item()), 0..4).prop_map(Value::List);
    (
        maybe(string()),
        maybe(number()),
        maybe(boolean()),
        maybe(scopes),
        maybe(items),
    )
        .prop_map(|(name, count, enabled, scopes, items)| {
            Value::object(&[
                ("name", name),
                ("count", count),
                ("enabled", enabled),
                ("scopes", scopes),
                ("items", items),
            ])
        })
}

/// Byte edits to apply to a valid encoding: overwrite, insert or remove at a
/// position taken modulo the length.
#[derive(Clone, Debug)]
enum Edit {
    Overwrite(usize, u8),
    Insert(usize, u8),
    Remove(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Overwrite(at, byte)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Insert(at, byte)),
        any::<usize>().prop_map(Edit::Remove),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Overwrite(at, byte) if !bytes.is_empty() => bytes[at % len] = byte,
            Edit::Insert(at, byte) => bytes.insert(at % (bytes.len() + 1), byte),
            Edit::Remove(at) if !bytes.is_empty() => {
                bytes.remove(at % len);
            }
            _ => {}
        }
    }
    bytes
}

/// A stored state in JSON, as `UpgradeResourceState` receives it.
const STATE_JSON: &str = r#"{"name": "client", "count": 0.1, "enabled": true,
    "scopes": ["email", "openid"], "removed": [1, {"x": null}],
    "items": [{"id": "a", "weight": 12345678901234567890, "enabled": false}, null]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn msgpack_decoding_arbitrary_bytes_never_panics(bytes in vec(any::<u8>(), 0..256)) {
        let _ = decode_msgpack(&bytes, &resource_type());
        let _ = decode_msgpack(&bytes, &Type::list(item_type()));
    }

    #[test]
    fn msgpack_decoding_mutated_encodings_never_panics(
        value in resource(),
        edits in vec(edit(), 1..6),
    ) {
        let ty = resource_type();
        let _ = decode_msgpack(&apply(encode_msgpack(&value, &ty), &edits), &ty);
    }

    #[test]
    fn msgpack_round_trips_values_of_the_type(value in resource()) {
        let ty = resource_type();
        let decoded = decode_msgpack(&encode_msgpack(&value, &ty), &ty);
        prop_assert_eq!(decoded, Ok(value));
    }

    #[test]
    fn json_decoding_arbitrary_bytes_never_panics(bytes in vec(any::<u8>(), 0..256)) {
        let _ = decode_json(&bytes, &resource_type());
    }

    #[test]
    fn json_decoding_json_like_text_never_panics(text in r#"[\[\]{}",:0-9a-z.eE+ -]{0,64}"#) {
        let _ = decode_json(text.as_bytes(), &resource_type());
    }

    #[test]
    fn json_decoding_mutated_state_never_panics(edits in vec(edit(), 1..6)) {
        let _ = decode_json(&apply(STATE_JSON.as_bytes().to_vec(), &edits), &resource_type());
    }
}

#[test]
fn the_json_state_used_for_mutation_is_valid() {
    let state = decode_json(STATE_JSON.as_bytes(), &resource_type()).unwrap();
    assert_eq!(
        state.attr("count"),
        &Value::Number(Number::Decimal("0.1".into()))
    );
    assert_eq!(state.attr("items").elements().len(), 2);
}
