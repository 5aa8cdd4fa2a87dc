//! Values for the resource's unit tests, built from its schema.

use crate::framework::value::Value;

use super::schema::resource_schema;

/// A configuration, plan or state of the resource: every attribute null and every
/// block empty, except `fields`.
pub fn object(fields: &[(&str, Value)]) -> Value {
    let mut value = resource_schema().block.empty_value();
    for (name, field) in fields {
        value.set_attr(name, field.clone());
    }
    value
}

/// A set of strings.
pub fn set(items: &[&str]) -> Value {
    Value::Set(items.iter().map(|i| Value::string(*i)).collect())
}
