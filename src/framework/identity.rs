//! Resource identity (protocol 6.9, Terraform 1.12+): the few values that name an
//! object for good, which Terraform stores beside its state and an `import` block
//! can give instead of an import id.
//!
//! A resource declares an [`IdentitySchema`] and builds the identity from its state
//! (never from a request's identity); the framework's rules (`framework::server`)
//! attach it to every answer about an existing object. Only clients that ask for the
//! identity schemas (Terraform and OpenTofu 1.12+) get identities at all.

use super::value::{Type, Value};

/// One identity attribute: a string, which an `import` block must give
/// (`required_for_import`) or may leave out.
#[derive(Clone, Debug)]
pub struct IdentityAttribute {
    pub name: &'static str,
    pub required_for_import: bool,
    pub description: &'static str,
}

impl IdentityAttribute {
    /// An attribute an `import` block must give.
    pub const fn required(name: &'static str, description: &'static str) -> Self {
        IdentityAttribute {
            name,
            required_for_import: true,
            description,
        }
    }

    /// An attribute an `import` block may leave out.
    pub const fn optional(name: &'static str, description: &'static str) -> Self {
        IdentityAttribute {
            name,
            required_for_import: false,
            description,
        }
    }
}

/// A resource type's identity: its attributes, all strings, and its version (an
/// upgrade would be needed to change them; version 0 has none).
#[derive(Clone, Debug)]
pub struct IdentitySchema {
    pub version: i64,
    pub attributes: Vec<IdentityAttribute>,
}

impl IdentitySchema {
    /// The identity's value type: an object of its attributes, all strings.
    pub fn ty(&self) -> Type {
        Type::Object(
            self.attributes
                .iter()
                .map(|a| (a.name.to_string(), Type::String))
                .collect(),
        )
    }

    /// The identity with `values` (name, value) set and every other attribute null.
    pub fn value(&self, values: &[(&str, Option<&str>)]) -> Value {
        let mut identity = Value::null_object(&self.ty());
        for (name, value) in values {
            if let Some(value) = value {
                identity.set_attr(name, Value::string(*value));
            }
        }
        identity
    }

    /// The attributes an `import` block must give that `identity` leaves null.
    pub fn missing_for_import(&self, identity: &Value) -> Vec<&'static str> {
        self.attributes
            .iter()
            .filter(|a| a.required_for_import && identity.attr(a.name).as_str().is_none())
            .map(|a| a.name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_is_an_object_of_strings_with_nulls_for_what_is_unset() {
        let schema = IdentitySchema {
            version: 0,
            attributes: vec![
                IdentityAttribute::required("id", "The id."),
                IdentityAttribute::optional("region", "The region."),
            ],
        };
        assert_eq!(
            schema.ty(),
            Type::object(&[("id", Type::String), ("region", Type::String)])
        );
        let identity = schema.value(&[("id", Some("x")), ("region", None)]);
        assert_eq!(identity.attr("id"), &Value::string("x"));
        assert_eq!(identity.attr("region"), &Value::Null);
        assert!(schema.missing_for_import(&identity).is_empty());
        assert_eq!(
            schema.missing_for_import(&schema.value(&[("region", Some("r"))])),
            ["id"]
        );
    }
}
