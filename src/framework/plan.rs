//! The protocol's planning rules, done once for every resource: defaults for unset
//! attributes, computed attributes marked unknown only when something changed (so
//! an unchanged object plans no diff), plan modifiers, and the sorted list of
//! attribute paths that force a replacement. Also the configuration's validators.

use super::diag::Diagnostics;
use super::path::Path;
use super::planmodifier::{apply_modifiers, AttributePlan, ProviderValues};
use super::schema::{Block, Nesting, Schema};
use super::value::Value;

/// A planned create or update, as [`Resource::modify_plan`](super::resource::Resource::modify_plan)
/// receives it after the framework's rules. A resource edits it in place: it sets
/// values in `planned` (an unknown stays unknown until apply, a known value must be
/// what apply will produce), pushes the paths whose change forces a replacement in
/// any order (the framework sorts and deduplicates them afterwards), and records
/// problems in `diagnostics`.
pub struct PlannedChange {
    /// The planned new state.
    pub planned: Value,
    /// Attributes whose change destroys and recreates the object.
    pub requires_replace: Vec<Path>,
    pub diagnostics: Diagnostics,
}

/// Plans a create (prior null) or an update of an existing object.
/// `proposed` is Terraform's proposed new state; `config` the configuration;
/// `provider` what the plan modifiers may read of the provider.
pub fn plan_change(
    schema: &Schema,
    prior: &Value,
    proposed: &Value,
    config: &Value,
    provider: &ProviderValues,
) -> PlannedChange {
    let mut planned = proposed.clone();
    // Terraform proposes the configuration's write-only values; a plan never
    // holds them, and they must not make an unchanged object look changed.
    schema.block.clear_write_only(&mut planned);
    apply_defaults(&schema.block, config, &mut planned);
    if planned != *prior {
        mark_computed_unknown(&schema.block, config, &mut planned);
    }
    let mut findings = Findings {
        provider,
        requires_replace: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    let prior = (!prior.is_null()).then_some(prior);
    run_modifiers(
        &schema.block,
        &Path::default(),
        config,
        prior,
        &mut planned,
        &mut findings,
    );
    let mut change = PlannedChange {
        planned,
        requires_replace: findings.requires_replace,
        diagnostics: findings.diagnostics,
    };
    change.normalise_replacements();
    change
}

impl PlannedChange {
    /// Sorts and deduplicates the replacement paths, as Terraform expects them.
    pub fn normalise_replacements(&mut self) {
        self.requires_replace.sort();
        self.requires_replace.dedup();
    }
}

/// What the plan modifiers read besides the attribute, and what they report
/// besides the planned values.
struct Findings<'p> {
    provider: &'p ProviderValues,
    requires_replace: Vec<Path>,
    diagnostics: Diagnostics,
}

/// The elements of a nested list block in `object`, or nothing.
fn list_elements<'a>(object: &'a Value, name: &str) -> &'a [Value] {
    object.attr(name).elements()
}

fn apply_defaults(block: &Block, config: &Value, planned: &mut Value) {
    for attribute in &block.attributes {
        let Some(default) = &attribute.default else {
            continue;
        };
        if config.attr(attribute.name).is_null() {
            if let Some(slot) = planned.attr_mut(attribute.name) {
                *slot = default.clone();
            }
        }
    }
    for_each_list_element(block, config, planned, apply_defaults);
}

fn mark_computed_unknown(block: &Block, config: &Value, planned: &mut Value) {
    for attribute in &block.attributes {
        let unset = config.attr(attribute.name).is_null();
        if attribute.mode.is_computed() && attribute.default.is_none() && unset {
            if let Some(slot) = planned.attr_mut(attribute.name) {
                *slot = Value::Unknown;
            }
        }
    }
    for_each_list_element(block, config, planned, mark_computed_unknown);
}

/// Runs `step` on each element of every nested list block, paired with the
/// configuration element at the same index. Set blocks are left as proposed:
/// their elements cannot be matched to configuration by position.
fn for_each_list_element(
    block: &Block,
    config: &Value,
    planned: &mut Value,
    step: fn(&Block, &Value, &mut Value),
) {
    for nested in block.blocks.iter().filter(|b| b.nesting == Nesting::List) {
        let config_elements = list_elements(config, nested.name);
        if let Some(Value::List(elements)) = planned.attr_mut(nested.name) {
            for (element, element_config) in elements.iter_mut().zip(config_elements) {
                step(&nested.block, element_config, element);
            }
        }
    }
}

fn run_modifiers(
    block: &Block,
    path: &Path,
    config: &Value,
    prior: Option<&Value>,
    planned: &mut Value,
    findings: &mut Findings<'_>,
) {
    for attribute in &block.attributes {
        if attribute.plan_modifiers.is_empty() {
            continue;
        }
        let attribute_path = path.attribute(attribute.name);
        let Some(slot) = planned.attr_mut(attribute.name) else {
            continue;
        };
        let view = AttributePlan {
            path: &attribute_path,
            config: config.attr(attribute.name),
            prior: prior.map(|p| p.attr(attribute.name)),
            provider: findings.provider,
        };
        let modifiers = attribute.plan_modifiers.iter().map(|m| m.as_ref());
        if apply_modifiers(modifiers, &view, slot, &mut findings.diagnostics) {
            findings.requires_replace.push(attribute_path);
        }
    }
    for nested in block.blocks.iter().filter(|b| b.nesting == Nesting::List) {
        let block_path = path.attribute(nested.name);
        let config_elements = list_elements(config, nested.name);
        let prior_elements = prior.map(|p| list_elements(p, nested.name));
        let Some(Value::List(elements)) = planned.attr_mut(nested.name) else {
            continue;
        };
        for (index, element) in elements.iter_mut().enumerate() {
            let element_config = config_elements.get(index).unwrap_or(&Value::Null);
            let element_prior = prior_elements.and_then(|p| p.get(index));
            run_modifiers(
                &nested.block,
                &block_path.index(index),
                element_config,
                element_prior,
                element,
                findings,
            );
        }
    }
}

/// Runs every attribute validator on known, non-null configuration values.
pub fn validate_config(block: &Block, path: &Path, config: &Value, diagnostics: &mut Diagnostics) {
    for attribute in &block.attributes {
        let value = config.attr(attribute.name);
        if value.is_null() || value.is_unknown() {
            continue;
        }
        let attribute_path = path.attribute(attribute.name);
        for validator in &attribute.validators {
            validator.validate(&attribute_path, value, diagnostics);
        }
    }
    for nested in &block.blocks {
        let block_path = path.attribute(nested.name);
        for (index, element) in config.attr(nested.name).elements().iter().enumerate() {
            validate_config(
                &nested.block,
                &block_path.index(index),
                element,
                diagnostics,
            );
        }
    }
    // After every attribute's own checks, as the resource-level checks ran before
    // they became block validators.
    if !config.is_null() && !config.is_unknown() {
        for validator in &block.validators {
            validator.validate(path, config, diagnostics);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::planmodifier::{RequiresReplace, UseStateForUnknown};
    use crate::framework::schema::{Attribute, Mode, NestedBlock};
    use crate::framework::value::Type;

    fn schema() -> Schema {
        Schema::new(
            0,
            Block {
                attributes: vec![
                    Attribute::new("name", Type::String, Mode::Required, "Name."),
                    Attribute::new("pool", Type::String, Mode::Required, "Pool.")
                        .plan_modifier(RequiresReplace),
                    Attribute::new("id", Type::String, Mode::Computed, "Id.")
                        .plan_modifier(UseStateForUnknown),
                    Attribute::new(
                        "updated",
                        Type::String,
                        Mode::Computed,
                        "Changes on every update.",
                    ),
                    Attribute::new("size", Type::Number, Mode::OptionalComputed, "Size.")
                        .default_value(Value::int(3)),
                ],
                blocks: vec![NestedBlock {
                    name: "units",
                    nesting: Nesting::List,
                    min_items: 0,
                    max_items: 1,
                    block: Block {
                        attributes: vec![Attribute::new(
                            "unit",
                            Type::String,
                            Mode::OptionalComputed,
                            "Unit.",
                        )
                        .default_value(Value::string("hours"))],
                        ..Block::default()
                    },
                }],
                description: "",
                ..Block::default()
            },
        )
    }

    fn state(name: &str, pool: &str) -> Value {
        Value::object(&[
            ("name", Value::string(name)),
            ("pool", Value::string(pool)),
            ("id", Value::string("c1")),
            ("updated", Value::string("t1")),
            ("size", Value::int(3)),
            ("units", Value::List(vec![])),
        ])
    }

    fn config(name: &str, pool: &str) -> Value {
        Value::object(&[
            ("name", Value::string(name)),
            ("pool", Value::string(pool)),
            ("id", Value::Null),
            ("updated", Value::Null),
            ("size", Value::Null),
            ("units", Value::List(vec![])),
        ])
    }

    /// Terraform's proposed new state: config values, prior values for computed nulls.
    fn proposed(prior: &Value, config: &Value) -> Value {
        let mut p = config.clone();
        for name in ["id", "updated", "size"] {
            *p.attr_mut(name).unwrap() = prior.attr(name).clone();
        }
        p
    }

    /// The plan of `cfg` over `prior`, from Terraform's proposal, without provider values.
    fn plan_from(prior: &Value, cfg: &Value) -> PlannedChange {
        plan_change(
            &schema(),
            prior,
            &proposed(prior, cfg),
            cfg,
            &ProviderValues::default(),
        )
    }

    #[test]
    fn create_marks_computed_unknown_and_fills_defaults() {
        let cfg = config("a", "p");
        let change = plan_from(&Value::Null, &cfg);
        assert!(change.planned.attr("id").is_unknown());
        assert!(change.planned.attr("updated").is_unknown());
        assert_eq!(change.planned.attr("size"), &Value::int(3));
        assert!(change.requires_replace.is_empty());
    }

    #[test]
    fn no_change_leaves_everything_known() {
        let prior = state("a", "p");
        let cfg = config("a", "p");
        let change = plan_from(&prior, &cfg);
        assert_eq!(change.planned, prior, "no perpetual diff");
    }

    #[test]
    fn update_keeps_stable_ids_and_marks_the_rest_unknown() {
        let prior = state("a", "p");
        let cfg = config("b", "p");
        let change = plan_from(&prior, &cfg);
        assert_eq!(change.planned.attr("id"), &Value::string("c1"));
        assert!(change.planned.attr("updated").is_unknown());
        assert!(change.requires_replace.is_empty());
    }

    #[test]
    fn replace_paths_are_reported_for_changed_immutable_attributes() {
        let prior = state("a", "p");
        let cfg = config("a", "q");
        let change = plan_from(&prior, &cfg);
        assert_eq!(change.requires_replace, vec![Path::root("pool")]);
    }

    #[test]
    fn defaults_apply_inside_list_blocks() {
        let mut cfg = config("a", "p");
        *cfg.attr_mut("units").unwrap() =
            Value::List(vec![Value::object(&[("unit", Value::Null)])]);
        let change = plan_from(&Value::Null, &cfg);
        assert_eq!(
            change.planned.attr("units").elements()[0].attr("unit"),
            &Value::string("hours")
        );
    }
}
