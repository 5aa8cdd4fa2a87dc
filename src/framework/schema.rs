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
    /// Only in the configuration, never in a plan or a state (protocol 6.8,
    /// Terraform 1.11): the framework hands it to `create` and `update` from the
    /// configuration and keeps it out of every value it answers.
    pub write_only: bool,
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
            write_only: false,
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

    /// Makes the attribute write-only (see [`Attribute::write_only`](Self#structfield.write_only));
    /// a change of it cannot be planned, so a companion version attribute usually
    /// carries the replacement.
    pub fn write_only(mut self) -> Self {
        self.write_only = true;
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

    /// Sets every write-only attribute of `value` (in this block and its list
    /// blocks' elements) to `source`'s value at the same place: null, or what the
    /// configuration says.
    pub fn copy_write_only(&self, source: &Value, value: &mut Value) {
        for attribute in self.attributes.iter().filter(|a| a.write_only) {
            let from = match source {
                Value::Object(_) => source.attr(attribute.name).clone(),
                _ => Value::Null,
            };
            value.set_attr(attribute.name, from);
        }
        for nested in self.blocks.iter().filter(|b| b.nesting == Nesting::List) {
            let sources = match source {
                Value::Object(_) => source.attr(nested.name).elements().to_vec(),
                _ => Vec::new(),
            };
            if let Some(Value::List(elements)) = value.attr_mut(nested.name) {
                for (index, element) in elements.iter_mut().enumerate() {
                    let from = sources.get(index).unwrap_or(&Value::Null);
                    nested.block.copy_write_only(from, element);
                }
            }
        }
    }

    /// Sets every write-only attribute of `value` to null.
    pub fn clear_write_only(&self, value: &mut Value) {
        if !value.is_null() {
            self.copy_write_only(&Value::Null, value);
        }
    }

    /// Sets to null every attribute of `value` (in this block and its nested blocks'
    /// elements) that `clear` picks.
    pub fn clear_attributes(&self, value: &mut Value, clear: &impl Fn(&Attribute) -> bool) {
        if !matches!(value, Value::Object(_)) {
            return;
        }
        for attribute in self.attributes.iter().filter(|a| clear(a)) {
            value.set_attr(attribute.name, Value::Null);
        }
        for nested in &self.blocks {
            if let Some(Value::List(elements) | Value::Set(elements)) = value.attr_mut(nested.name)
            {
                for element in elements.iter_mut() {
                    nested.block.clear_attributes(element, clear);
                }
            }
        }
    }

    /// Sets every sensitive or write-only attribute of `value` to null: for an object
    /// shown where Terraform does not mask (`terraform query -json` prints listed
    /// objects verbatim).
    pub fn clear_secrets(&self, value: &mut Value) {
        self.clear_attributes(value, &|a| a.sensitive || a.write_only);
    }

    /// The configuration that gives the object `state` describes (for
    /// `terraform query -generate-config-out`): the state without what a
    /// configuration cannot set (computed-only attributes) or should not hold
    /// (sensitive and write-only ones); every other value as it is, so that the
    /// configuration plans no change.
    pub fn config_from_state(&self, state: &Value) -> Value {
        let mut config = state.clone();
        self.clear_attributes(&mut config, &|a| {
            a.mode == Mode::Computed || a.sensitive || a.write_only
        });
        config
    }

    /// The top-level write-only attributes that `config` sets.
    pub fn write_only_set<'b>(&'b self, config: &'b Value) -> impl Iterator<Item = &'b str> {
        self.attributes
            .iter()
            .filter(|a| a.write_only && !config.attr(a.name).is_null())
            .map(|a| a.name)
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

    /// The schema of a data source that reads what a resource with this schema
    /// manages, with `extra` attributes added (or put in place of the resource's
    /// attribute of the same name): every attribute computed, without
    /// defaults, validators or plan modifiers, and every nested block a computed
    /// attribute of its value type, since a block cannot be computed (the official
    /// provider's SDK does the same, so the shapes match). The `arguments`
    /// (name, mode, description) keep their validators and take the given mode and
    /// description instead. Other descriptions and sensitivity are kept; write-only
    /// attributes, which nothing can read, and the `omitted` ones (what only the
    /// resource records) are left out; the version is 0, as a data source has no
    /// stored state.
    pub fn read_only(
        &self,
        arguments: &[(&str, Mode, &'static str)],
        omitted: &[&str],
        extra: Vec<Attribute>,
    ) -> Schema {
        let argument = |name: &str| {
            arguments
                .iter()
                .find(|(argument, ..)| *argument == name)
                .map(|(_, mode, description)| (*mode, *description))
        };
        let mut attributes: Vec<Attribute> = self
            .block
            .attributes
            .iter()
            .filter(|attribute| !attribute.write_only && !omitted.contains(&attribute.name))
            .map(|attribute| match argument(attribute.name) {
                Some((mode, description)) => Attribute {
                    mode,
                    description,
                    default: None,
                    plan_modifiers: Vec::new(),
                    ..attribute.clone()
                },
                None => Attribute {
                    sensitive: attribute.sensitive,
                    ..Attribute::new(
                        attribute.name,
                        attribute.ty.clone(),
                        Mode::Computed,
                        attribute.description,
                    )
                },
            })
            .collect();
        attributes.extend(self.block.blocks.iter().map(|nested| {
            let element = nested.block.ty();
            let ty = match nested.nesting {
                Nesting::List => Type::list(element),
                Nesting::Set => Type::set(element),
            };
            Attribute::new(nested.name, ty, Mode::Computed, nested.block.description)
        }));
        attributes.retain(|a| !extra.iter().any(|e| e.name == a.name));
        attributes.extend(extra);
        attributes.sort_by_key(|a| a.name);
        debug_assert!(
            arguments
                .iter()
                .all(|(name, ..)| attributes.iter().any(|a| a.name == *name)),
            "an argument of a read-only schema is not an attribute of the resource"
        );
        Schema::new(
            0,
            Block {
                attributes,
                description: self.block.description,
                ..Block::default()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block with a secret at the top and in each element of a nested set.
    fn with_secrets() -> Block {
        let attributes = || {
            vec![
                Attribute::new("kept", Type::String, Mode::Optional, "Kept."),
                Attribute::new("chosen", Type::String, Mode::OptionalComputed, "Chosen."),
                Attribute::new("id", Type::String, Mode::Computed, "Id."),
                Attribute::new("secret", Type::String, Mode::Computed, "Secret.").sensitive(),
                Attribute::new("password", Type::String, Mode::Optional, "Password.").sensitive(),
                Attribute::new("token", Type::String, Mode::Optional, "Token.").write_only(),
            ]
        };
        Block {
            attributes: attributes(),
            blocks: vec![NestedBlock {
                name: "inner",
                nesting: Nesting::Set,
                block: Block {
                    attributes: attributes(),
                    ..Block::default()
                },
                min_items: 0,
                max_items: 0,
            }],
            ..Block::default()
        }
    }

    fn filled() -> Value {
        let fields = [
            ("kept", Value::string("k")),
            ("chosen", Value::string("c")),
            ("id", Value::string("i")),
            ("secret", Value::string("s")),
            ("password", Value::string("p")),
            ("token", Value::string("t")),
        ];
        let inner = ("inner", Value::Set(vec![Value::object(&fields)]));
        Value::object(&[fields.as_slice(), &[inner]].concat())
    }

    /// The names of the attributes of `value` (and its first inner element) that are
    /// not null.
    fn set_names(value: &Value) -> (Vec<&str>, Vec<&str>) {
        let names = |v: &Value| -> Vec<&str> {
            ["kept", "chosen", "id", "secret", "password", "token"]
                .into_iter()
                .filter(|n| !v.attr(n).is_null())
                .collect()
        };
        (names(value), names(&value.attr("inner").elements()[0]))
    }

    #[test]
    fn secrets_are_cleared_at_every_level_and_nothing_else() {
        let mut value = filled();
        with_secrets().clear_secrets(&mut value);
        let expected = vec!["kept", "chosen", "id"];
        assert_eq!(set_names(&value), (expected.clone(), expected));
    }

    #[test]
    fn a_configuration_from_a_state_keeps_only_what_a_configuration_may_set() {
        let config = with_secrets().config_from_state(&filled());
        let expected = vec!["kept", "chosen"];
        assert_eq!(set_names(&config), (expected.clone(), expected));
    }

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

    #[test]
    fn a_read_only_schema_computes_everything_but_its_arguments() {
        let resource = Schema::new(
            3,
            Block {
                attributes: vec![
                    Attribute::new("pool", Type::String, Mode::Required, "Pool.")
                        .plan_modifier(crate::framework::planmodifier::RequiresReplace),
                    Attribute::new("secret", Type::String, Mode::Computed, "Secret.").sensitive(),
                    Attribute::new("size", Type::Number, Mode::Optional, "Size.")
                        .default_value(Value::int(1))
                        .validator(WholeNumber),
                ],
                blocks: vec![NestedBlock {
                    name: "units",
                    nesting: Nesting::List,
                    block: Block {
                        attributes: vec![Attribute::new("u", Type::String, Mode::Optional, "U.")],
                        description: "Units.",
                        ..Block::default()
                    },
                    min_items: 0,
                    max_items: 1,
                }],
                ..Block::default()
            },
        );
        let extra = vec![
            Attribute::new("thing_id", Type::String, Mode::Required, "Thing."),
            Attribute::new(
                "secret",
                Type::String,
                Mode::Computed,
                "The thing's secret.",
            ),
        ];
        let read_only = resource.read_only(&[("pool", Mode::Required, "The pool.")], &[], extra);
        let block = &read_only.block;
        assert_eq!(read_only.version, 0);
        assert!(block.blocks.is_empty());
        let names: Vec<_> = block.attributes.iter().map(|a| a.name).collect();
        assert_eq!(names, ["pool", "secret", "size", "thing_id", "units"]);
        let pool = block.attribute("pool").unwrap();
        assert_eq!((pool.mode, pool.description), (Mode::Required, "The pool."));
        assert!(pool.plan_modifiers.is_empty());
        let size = block.attribute("size").unwrap();
        assert_eq!(size.mode, Mode::Computed);
        assert!(size.default.is_none() && size.validators.is_empty());
        let secret = block.attribute("secret").unwrap();
        assert_eq!(
            secret.description, "The thing's secret.",
            "replaced by extra"
        );
        assert!(!secret.sensitive);
        let read_only = resource.read_only(&[], &["size"], Vec::new());
        assert!(read_only.block.attribute("size").is_none(), "omitted");
        assert!(read_only.block.attribute("secret").unwrap().sensitive);
        assert_eq!(
            read_only.block.attribute("pool").unwrap().mode,
            Mode::Computed
        );
        let units = block.attribute("units").unwrap();
        assert_eq!((units.mode, units.description), (Mode::Computed, "Units."));
        assert_eq!(
            units.ty.to_json().to_string(),
            r#"["list",["object",{"u":"string"}]]"#
        );
    }

    #[test]
    fn write_only_values_come_from_the_configuration_and_are_cleared() {
        let block = Block {
            attributes: vec![
                Attribute::new("name", Type::String, Mode::Required, "Name."),
                Attribute::new("token", Type::String, Mode::Optional, "Token.").write_only(),
            ],
            ..Block::default()
        };
        let config = Value::object(&[("name", Value::string("a")), ("token", Value::string("t"))]);
        let mut planned = Value::object(&[("name", Value::string("a")), ("token", Value::Null)]);
        block.copy_write_only(&config, &mut planned);
        assert_eq!(planned, config);
        assert_eq!(block.write_only_set(&config).collect::<Vec<_>>(), ["token"]);
        block.clear_write_only(&mut planned);
        assert_eq!(planned.attr("token"), &Value::Null);
        assert_eq!(planned.attr("name"), &Value::string("a"));
        let mut null = Value::Null;
        block.clear_write_only(&mut null);
        assert_eq!(null, Value::Null, "no object, nothing to clear");
    }
}
