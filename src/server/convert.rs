//! Conversions between protobuf messages and framework types. Only this module and
//! the RPC service know protobuf.

use crate::framework::codec;
use crate::framework::diag::{Diagnostic, Diagnostics, Severity};
use crate::framework::identity::IdentitySchema;
use crate::framework::path::{Path, Step};
use crate::framework::schema::{Attribute, Block, Mode, Nesting, Schema};
use crate::framework::server::report_decode_error;
use crate::framework::value::{Type, Value};
use crate::proto::tfplugin6 as pb;

/// Decodes a DynamicValue; an absent or empty one is null, as Terraform reads it.
pub fn decode_dynamic(
    value: Option<&pb::DynamicValue>,
    ty: &Type,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    let Some(value) = value else {
        return Some(Value::Null);
    };
    let decoded = if !value.msgpack.is_empty() || value.json.is_empty() {
        codec::decode_msgpack(&value.msgpack, ty)
    } else {
        codec::decode_json(&value.json, ty)
    };
    decoded
        .map_err(|error| report_decode_error(error, what, diagnostics))
        .ok()
}

pub fn encode_dynamic(value: &Value, ty: &Type) -> pb::DynamicValue {
    pb::DynamicValue {
        msgpack: codec::encode_msgpack(value, ty),
        json: Vec::new(),
    }
}

pub fn diagnostics_to_proto(diagnostics: Diagnostics) -> Vec<pb::Diagnostic> {
    diagnostics.0.into_iter().map(diagnostic_to_proto).collect()
}

fn diagnostic_to_proto(diagnostic: Diagnostic) -> pb::Diagnostic {
    let severity = match diagnostic.severity {
        Severity::Error => pb::diagnostic::Severity::Error,
        Severity::Warning => pb::diagnostic::Severity::Warning,
    };
    pb::Diagnostic {
        severity: severity as i32,
        summary: diagnostic.summary,
        detail: diagnostic.detail,
        attribute: diagnostic.path.as_ref().map(path_to_proto),
    }
}

/// Converts a path for Terraform; a path into a set stops at the set itself.
pub fn path_to_proto(path: &Path) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    let steps = path
        .0
        .iter()
        .map_while(|step| {
            let selector = match step {
                Step::Attribute(name) => Selector::AttributeName(name.clone()),
                Step::Index(index) => Selector::ElementKeyInt(*index),
                Step::Key(key) => Selector::ElementKeyString(key.clone()),
                Step::SetElement(_) => return None,
            };
            Some(pb::attribute_path::Step {
                selector: Some(selector),
            })
        })
        .collect();
    pb::AttributePath { steps }
}

/// An identity, for the identity fields of the answers.
pub fn identity_to_proto(identity: &Value, schema: &IdentitySchema) -> pb::ResourceIdentityData {
    pb::ResourceIdentityData {
        identity_data: Some(encode_dynamic(identity, &schema.ty())),
    }
}

/// The identity schema as Terraform reads it: every attribute a string, required
/// or optional for import.
pub fn identity_schema_to_proto(schema: &IdentitySchema) -> pb::ResourceIdentitySchema {
    pb::ResourceIdentitySchema {
        version: schema.version,
        identity_attributes: schema
            .attributes
            .iter()
            .map(|a| pb::resource_identity_schema::IdentityAttribute {
                name: a.name.to_string(),
                r#type: br#""string""#.to_vec(),
                required_for_import: a.required_for_import,
                optional_for_import: !a.required_for_import,
                description: a.description.to_string(),
            })
            .collect(),
    }
}

pub fn schema_to_proto(schema: &Schema) -> pb::Schema {
    pb::Schema {
        version: schema.version,
        block: Some(block_to_proto(&schema.block)),
    }
}

fn block_to_proto(block: &Block) -> pb::schema::Block {
    pb::schema::Block {
        version: 0,
        attributes: block.attributes.iter().map(attribute_to_proto).collect(),
        block_types: block
            .blocks
            .iter()
            .map(|nested| pb::schema::NestedBlock {
                type_name: nested.name.to_string(),
                block: Some(block_to_proto(&nested.block)),
                nesting: match nested.nesting {
                    Nesting::List => pb::schema::nested_block::NestingMode::List,
                    Nesting::Set => pb::schema::nested_block::NestingMode::Set,
                } as i32,
                min_items: i64::from(nested.min_items),
                max_items: i64::from(nested.max_items),
            })
            .collect(),
        description: block.description.to_string(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: false,
    }
}

fn attribute_to_proto(attribute: &Attribute) -> pb::schema::Attribute {
    pb::schema::Attribute {
        name: attribute.name.to_string(),
        r#type: attribute.ty.to_json().to_string().into_bytes(),
        description: attribute.description.to_string(),
        required: attribute.mode == Mode::Required,
        optional: matches!(attribute.mode, Mode::Optional | Mode::OptionalComputed),
        computed: attribute.mode.is_computed(),
        sensitive: attribute.sensitive,
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: false,
        write_only: attribute.write_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_and_empty_dynamic_values_are_null() {
        let mut diagnostics = Diagnostics::default();
        let ty = Type::String;
        assert_eq!(
            decode_dynamic(None, &ty, "state", &mut diagnostics),
            Some(Value::Null)
        );
        let empty = pb::DynamicValue::default();
        assert_eq!(
            decode_dynamic(Some(&empty), &ty, "state", &mut diagnostics),
            Some(Value::Null)
        );
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn undecodable_values_become_error_diagnostics() {
        let mut diagnostics = Diagnostics::default();
        let bad = pb::DynamicValue {
            msgpack: vec![0xc1],
            json: vec![],
        };
        assert_eq!(
            decode_dynamic(Some(&bad), &Type::String, "configuration", &mut diagnostics),
            None
        );
        assert!(diagnostics.has_errors());
        assert_eq!(diagnostics.0[0].summary, "Invalid configuration");
    }

    #[test]
    fn paths_into_sets_stop_at_the_set() {
        let proto = path_to_proto(&Path::root("callback_urls").set_element("x"));
        assert_eq!(proto.steps.len(), 1);
    }

    #[test]
    fn paths_convert_step_by_step() {
        use pb::attribute_path::step::Selector;
        let proto = path_to_proto(&Path::root("units").index(0).attribute("id_token"));
        let selectors: Vec<_> = proto
            .steps
            .into_iter()
            .map(|s| s.selector.unwrap())
            .collect();
        assert_eq!(
            selectors,
            vec![
                Selector::AttributeName("units".into()),
                Selector::ElementKeyInt(0),
                Selector::AttributeName("id_token".into())
            ]
        );
    }
}
