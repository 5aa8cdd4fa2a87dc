//! Schemas: what a resource's or the provider's configuration looks like, with the
//! behaviour attached to each attribute (defaults, plan modifiers, validators).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::planmodifier::PlanModifier;
use super::validator::{ConfigValidator, Validator, WholeNumber};
use super::value::{Type, Value};

/// Whether the user sets an attribute, the provider does, or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Required,
    Optional,
    Computed,
    /// Set by the user, or chosen by the provider when the user leaves it out.
    OptionalComputed,
}

impl Mode {
    pub fn is_computed(self) -> bool {
        matches!(self, Mode::Computed | Mode::OptionalComputed)
    }

    pub fn is_configurable(self) -> bool {
        !matches!(self, Mode::Computed)
    }
}

/// One attribute of a block: its name, type, who sets it ([`Mode`]), and the
/// rules the framework applies to it. Build it with [`Attribute::new`] (or
/// [`Attribute::integer`]) and chain the rest:
///
/// ```text
/// Attribute::new("name", Type::String, Mode::Required, "The client's name.")
///     .validator(StringLength { min: 1, max: 128, unit: LengthUnit::Bytes })
///     .plan_modifier(RequiresReplace)
/// ```
///
/// Validators run on known, non-null configuration values; plan modifiers run in
/// order after the framework's defaults and its marking of computed values as
/// unknown. A resource whose attributes map to API fields declares them in a
/// field table (see [`crate::framework::mapping`]) instead of one by one.
#[derive(Clone)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: Type,
    pub mode: Mode,
    pub sensitive: bool,
    pub description: &'static str,
    /// Planned when the configuration leaves the attribute null.
    pub default: Option<Value>,
    pub plan_modifiers: Vec<Arc<dyn PlanModifier>>,
    pub validators: Vec<Arc<dyn Validator>>,
}

impl Attribute {
    pub fn new(name: &'static str, ty: Type, mode: Mode, description: &'static str) -> Self {
        Attribute {
            name,
            ty,
            mode,
            sensitive: false,
            description,
            default: None,
            plan_modifiers: Vec::new(),
            validators: Vec::new(),
        }
    }

    /// An integer attribute: a Terraform number that must be whole.
    pub fn integer(name: &'static str, mode: Mode, description: &'static str) -> Self {
        Attribute::new(name, Type::Number, mode, description).validator(WholeNumber)
    }

    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    pub fn default_value(mut self, value: Value) -> Self {
        self.default = Some(value);
        self
    }

    pub fn plan_modifier(mut self, modifier: impl PlanModifier + 'static) -> Self {
        self.plan_modifiers.push(Arc::new(modifier));
        self
    }

    pub fn validator(mut self, validator: impl Validator + 'static) -> Self {
        self.validators.push(Arc::new(validator));
        self
    }
}

/// How a nested block's elements are collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    List,
    Set,
}

#[derive(Clone)]
pub struct NestedBlock {
    pub name: &'static str,
    pub nesting: Nesting,
    pub block: Block,
    pub min_items: u32,
    /// 0 means unbounded.
    pub max_items: u32,
}

impl NestedBlock {
    /// Adds a check across the attributes of each of this block's elements.
    pub fn validator(mut self, validator: impl ConfigValidator + 'static) -> Self {
        self.block = self.block.validator(validator);
        self
    }
}

/// A block: attributes, nested blocks, and checks across its attributes. The root
/// block of a [`Schema`] is the resource's whole object.
#[derive(Clone, Default)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    pub description: &'static str,
    /// Checks across this block's attributes, run on each of its elements in a
    /// configuration (see [`ConfigValidator`]).
    pub validators: Vec<Arc<dyn ConfigValidator>>,
}

impl Block {
    /// The object type of this block's values, as Terraform derives it.
    pub fn ty(&self) -> Type {
        let mut fields: BTreeMap<String, Type> = self
            .attributes
            .iter()
            .map(|a| (a.name.to_string(), a.ty.clone()))
            .collect();
        for nested in &self.blocks {
            let element = nested.block.ty();
            let collection = match nested.nesting {
                Nesting::List => Type::list(element),
                Nesting::Set => Type::set(element),
            };
            fields.insert(nested.name.to_string(), collection);
        }
        Type::Object(fields)
    }

    /// A value with every attribute null and every nested block empty: the shape
    /// of a state before anything is known (nested blocks are never null).
    pub fn empty_value(&self) -> Value {
        let mut fields: BTreeMap<String, Value> = self
            .attributes
            .iter()
            .map(|a| (a.name.to_string(), Value::Null))
            .collect();
        for nested in &self.blocks {
            let empty = match nested.nesting {
                Nesting::List => Value::List(Vec::new()),
                Nesting::Set => Value::Set(Vec::new()),
            };
            fields.insert(nested.name.to_string(), empty);
        }
        Value::Object(fields)
    }

    /// Adds a check across this block's attributes.
    pub fn validator(mut self, validator: impl ConfigValidator + 'static) -> Self {
        self.validators.push(Arc::new(validator));
        self
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// A resource's schema: its top-level block and the version of its state format.
#[derive(Clone)]
pub struct Schema {
    pub version: i64,
    pub block: Block,
    ty: Type,
}

impl Schema {
    pub fn new(version: i64, block: Block) -> Self {
        let ty = block.ty();
        Schema { version, block, ty }
    }

    /// The object type of the whole resource (computed once).
    pub fn ty(&self) -> &Type {
        &self.ty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_type_includes_nested_blocks_as_collections() {
        let block = Block {
            attributes: vec![Attribute::new("a", Type::String, Mode::Required, "A.")],
            blocks: vec![NestedBlock {
                name: "b",
                nesting: Nesting::List,
                block: Block {
                    attributes: vec![Attribute::new("c", Type::Bool, Mode::Optional, "C.")],
                    ..Block::default()
                },
                min_items: 0,
                max_items: 1,
            }],
            description: "",
            ..Block::default()
        };
        assert_eq!(
            block.ty().to_json().to_string(),
            r#"["object",{"a":"string","b":["list",["object",{"c":"bool"}]]}]"#
        );
    }
}
