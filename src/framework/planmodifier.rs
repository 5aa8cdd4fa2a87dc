//! Plan modifiers: small per-attribute rules run after the framework's planning defaults.

use std::collections::BTreeMap;

use super::diag::Diagnostics;
use super::path::Path;
use super::value::Value;

/// What a modifier sees of one attribute while a change is planned.
pub struct AttributePlan<'a> {
    pub path: &'a Path,
    pub config: &'a Value,
    /// The attribute's value in prior state; `None` when the resource is being created.
    pub prior: Option<&'a Value>,
    /// What the provider supplies to planning (see [`ProviderValues`]).
    pub provider: &'a ProviderValues,
}

/// Values that come from the provider's configuration rather than the resource's,
/// named by key (e.g. `"region"`), for modifiers such as [`ProviderDefault`]. A
/// resource supplies them through
/// [`Resource::provider_values`](super::resource::Resource::provider_values); a key
/// that could not be found is absent, and its modifiers leave the plan alone.
#[derive(Clone, Debug, Default)]
pub struct ProviderValues(BTreeMap<&'static str, Value>);

impl ProviderValues {
    /// Records the provider's value for `key`.
    pub fn with(mut self, key: &'static str, value: Value) -> Self {
        self.0.insert(key, value);
        self
    }

    /// The provider's value for `key`, if it has one.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
}

/// What a modifier may change: the planned value and whether the change needs a replacement.
pub struct ModifierOutcome<'a> {
    pub planned: &'a mut Value,
    pub requires_replace: bool,
    pub diagnostics: &'a mut Diagnostics,
}

/// A planning rule for one attribute, attached with [`Attribute::plan_modifier`].
///
/// The framework calls `modify` while it plans a change, after defaults and after
/// computed attributes left out of the configuration were marked unknown, in the
/// order the modifiers were attached. A modifier may replace the planned value,
/// ask for a replacement (`requires_replace`), or add diagnostics; it must not
/// plan a value that contradicts a known configuration value, which Terraform
/// would refuse.
///
/// [`Attribute::plan_modifier`]: super::schema::Attribute::plan_modifier
pub trait PlanModifier: Send + Sync {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>);
}

/// Runs an attribute's modifiers in order on its planned value; whether one of them
/// asked for a replacement.
pub fn apply_modifiers<'m>(
    modifiers: impl IntoIterator<Item = &'m dyn PlanModifier>,
    attribute: &AttributePlan<'_>,
    planned: &mut Value,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut outcome = ModifierOutcome {
        planned,
        requires_replace: false,
        diagnostics,
    };
    for modifier in modifiers {
        modifier.modify(attribute, &mut outcome);
    }
    outcome.requires_replace
}

/// Plans one top-level attribute `a` through `modifiers`, for the modifiers' tests:
/// the planned value and whether a replacement was asked for.
#[cfg(test)]
pub fn plan_attribute(
    modifiers: &[&dyn PlanModifier],
    config: Value,
    prior: Option<Value>,
    planned: Value,
) -> (Value, bool) {
    plan_attribute_with(
        modifiers,
        &ProviderValues::default(),
        config,
        prior,
        planned,
    )
}

/// [`plan_attribute`] with values from the provider.
#[cfg(test)]
pub fn plan_attribute_with(
    modifiers: &[&dyn PlanModifier],
    provider: &ProviderValues,
    config: Value,
    prior: Option<Value>,
    planned: Value,
) -> (Value, bool) {
    let path = Path::root("a");
    let attribute = AttributePlan {
        path: &path,
        config: &config,
        prior: prior.as_ref(),
        provider,
    };
    let mut planned = planned;
    let replace = apply_modifiers(
        modifiers.iter().copied(),
        &attribute,
        &mut planned,
        &mut Diagnostics::default(),
    );
    (planned, replace)
}

/// Keeps the prior value of a computed attribute that the framework marked unknown,
/// so that stable values (ids, secrets, server defaults) do not show as "known after
/// apply" on every update.
pub struct UseStateForUnknown;

impl PlanModifier for UseStateForUnknown {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>) {
        let Some(prior) = attribute.prior else { return };
        if prior.is_null() || !outcome.planned.is_unknown() || attribute.config.is_unknown() {
            return;
        }
        *outcome.planned = prior.clone();
    }
}

/// Any change of the attribute on an existing resource means destroy and re-create.
pub struct RequiresReplace;

impl PlanModifier for RequiresReplace {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>) {
        if let Some(prior) = attribute.prior {
            if *outcome.planned != *prior {
                outcome.requires_replace = true;
            }
        }
    }
}

/// A change of the attribute on an existing resource means destroy and re-create
/// when the predicate says so: `replaces(planned, prior)`, e.g. when only some
/// changes cannot be made in place.
pub struct RequiresReplaceIf(pub fn(&Value, &Value) -> bool);

impl PlanModifier for RequiresReplaceIf {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>) {
        if let Some(prior) = attribute.prior {
            if (self.0)(outcome.planned, prior) {
                outcome.requires_replace = true;
            }
        }
    }
}

/// An attribute whose unset value is the provider's value for `key`, such as a
/// resource's `region`: a null configuration plans the provider's value. With
/// `replaces`, changing it on an existing object destroys and re-creates the
/// object, and a prior null (a state written before the attribute existed) counts
/// as the provider's value, so gaining the attribute moves nothing.
pub struct ProviderDefault {
    pub key: &'static str,
    pub replaces: bool,
}

impl PlanModifier for ProviderDefault {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>) {
        let Some(default) = attribute.provider.get(self.key) else {
            return;
        };
        if attribute.config.is_null() {
            *outcome.planned = default.clone();
        }
        let Some(prior) = attribute.prior.filter(|_| self.replaces) else {
            return;
        };
        let prior = if prior.is_null() { default } else { prior };
        if *outcome.planned != *prior {
            outcome.requires_replace = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        modifier: &dyn PlanModifier,
        config: Value,
        prior: Option<Value>,
        planned: Value,
    ) -> (Value, bool) {
        plan_attribute(&[modifier], config, prior, planned)
    }

    #[test]
    fn use_state_for_unknown_keeps_prior_only_on_update() {
        let (planned, _) = run(
            &UseStateForUnknown,
            Value::Null,
            Some(Value::string("s")),
            Value::Unknown,
        );
        assert_eq!(planned, Value::string("s"));
        let (planned, _) = run(&UseStateForUnknown, Value::Null, None, Value::Unknown);
        assert!(planned.is_unknown(), "create keeps unknown");
        let (planned, _) = run(
            &UseStateForUnknown,
            Value::Unknown,
            Some(Value::string("s")),
            Value::Unknown,
        );
        assert!(planned.is_unknown(), "unknown config keeps unknown");
        let (planned, _) = run(
            &UseStateForUnknown,
            Value::Null,
            Some(Value::Null),
            Value::Unknown,
        );
        assert!(planned.is_unknown(), "null prior keeps unknown");
    }

    #[test]
    fn requires_replace_only_when_value_changes_on_existing_resource() {
        let (_, replace) = run(
            &RequiresReplace,
            Value::string("b"),
            Some(Value::string("a")),
            Value::string("b"),
        );
        assert!(replace);
        let (_, replace) = run(
            &RequiresReplace,
            Value::string("a"),
            Some(Value::string("a")),
            Value::string("a"),
        );
        assert!(!replace);
        let (_, replace) = run(
            &RequiresReplace,
            Value::string("a"),
            None,
            Value::string("a"),
        );
        assert!(!replace, "create never replaces");
    }

    #[test]
    fn requires_replace_if_asks_its_predicate_on_existing_resources_only() {
        let grows = RequiresReplaceIf(|planned, prior| planned.as_i64() > prior.as_i64());
        let (_, replace) = run(&grows, Value::int(2), Some(Value::int(1)), Value::int(2));
        assert!(replace);
        let (_, replace) = run(&grows, Value::int(1), Some(Value::int(2)), Value::int(1));
        assert!(!replace);
        let (_, replace) = run(&grows, Value::int(2), None, Value::int(2));
        assert!(!replace, "create never replaces");
    }

    #[test]
    fn provider_default_fills_null_and_counts_a_null_prior_as_the_default() {
        let modifier = ProviderDefault {
            key: "region",
            replaces: true,
        };
        let provider = ProviderValues::default().with("region", Value::string("eu-west-1"));
        let plan = |config: Value, prior: Option<Value>| {
            let planned = config.clone();
            plan_attribute_with(&[&modifier], &provider, config, prior, planned)
        };
        assert_eq!(
            plan(Value::Null, None),
            (Value::string("eu-west-1"), false),
            "a create plans the provider's value"
        );
        assert_eq!(
            plan(Value::Null, Some(Value::Null)),
            (Value::string("eu-west-1"), false),
            "a state without the attribute is in the provider's region"
        );
        assert_eq!(
            plan(Value::string("us-east-1"), Some(Value::Null)),
            (Value::string("us-east-1"), true),
            "another value than the provider's replaces"
        );
        assert_eq!(
            plan(Value::Null, Some(Value::string("us-east-1"))),
            (Value::string("eu-west-1"), true),
            "dropping the value falls back to the provider's, elsewhere"
        );
        assert_eq!(
            plan(Value::Unknown, Some(Value::string("us-east-1"))),
            (Value::Unknown, true),
        );
        let unknown_provider = plan_attribute_with(
            &[&modifier],
            &ProviderValues::default(),
            Value::Null,
            Some(Value::string("us-east-1")),
            Value::Null,
        );
        assert_eq!(unknown_provider, (Value::Null, false), "no value, no rule");
    }
}
