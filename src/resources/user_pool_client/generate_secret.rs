//! `generate_secret` is never returned by the API. The official provider leaves it
//! null after an import, so a configuration with `generate_secret = true` replaces
//! a client that has a secret: new id, new secret. Here a refresh
//! records `true` for a client that has a secret, and a replacement happens only
//! when the configuration contradicts the client. Right after an import, a client
//! without a secret records `false`; otherwise such a client keeps a null value, as
//! the official provider writes it, so states move back unchanged.

use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;

use crate::framework::planmodifier::{
    AttributePlan, ModifierOutcome, PlanModifier, RequiresReplaceIf,
};
use crate::framework::value::Value;

/// The value a refresh records: what Terraform had; when it had nothing, `true`
/// for a client with a secret, and right after an import `false` for one without.
pub fn after_refresh(current: &Value, client: &UserPoolClientType, just_imported: bool) -> Value {
    let has_secret = client.client_secret().is_some_and(|s| !s.is_empty());
    match current {
        Value::Null if has_secret || just_imported => Value::Bool(has_secret),
        other => other.clone(),
    }
}

/// When the configuration leaves it unset, the planned value is the state's, even
/// null (null on create): the framework's unknown is never needed, since the
/// attribute only changes when the configuration says so.
pub struct KeepUnlessConfigured;

impl PlanModifier for KeepUnlessConfigured {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>) {
        if attribute.config.is_null() {
            *outcome.planned = attribute.prior.cloned().unwrap_or(Value::Null);
        }
    }
}

/// Replaces the client when the planned value asks for a secret the client lacks,
/// or for none where it has one. Null counts as `false`, as the API reads it.
pub const REPLACE_WHEN_CONTRADICTED: RequiresReplaceIf = RequiresReplaceIf(|planned, prior| {
    let wants_secret = |value: &Value| value.as_bool().unwrap_or(false);
    planned.is_unknown() || wants_secret(planned) != wants_secret(prior)
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::planmodifier::plan_attribute;

    fn plan(config: Value, prior: Option<Value>, planned: Value) -> (Value, bool) {
        plan_attribute(
            &[&KeepUnlessConfigured, &REPLACE_WHEN_CONTRADICTED],
            config,
            prior,
            planned,
        )
    }

    #[test]
    fn unset_stays_null_on_create_and_keeps_state_on_update() {
        assert_eq!(
            plan(Value::Null, None, Value::Unknown),
            (Value::Null, false)
        );
        assert_eq!(
            plan(Value::Null, Some(Value::Bool(true)), Value::Unknown),
            (Value::Bool(true), false)
        );
        assert_eq!(
            plan(Value::Null, Some(Value::Null), Value::Unknown),
            (Value::Null, false)
        );
    }

    #[test]
    fn only_a_contradiction_replaces() {
        assert!(
            !plan(
                Value::Bool(true),
                Some(Value::Bool(true)),
                Value::Bool(true)
            )
            .1
        );
        let (_, replace) = plan(Value::Bool(false), Some(Value::Null), Value::Bool(false));
        assert!(!replace, "null means no secret");
        assert!(plan(Value::Bool(true), Some(Value::Null), Value::Bool(true)).1);
        assert!(
            plan(
                Value::Bool(false),
                Some(Value::Bool(true)),
                Value::Bool(false)
            )
            .1
        );
        assert!(plan(Value::Unknown, Some(Value::Bool(true)), Value::Unknown).1);
    }

    #[test]
    fn a_refresh_records_an_existing_secret() {
        let with_secret = UserPoolClientType::builder()
            .client_secret("s3cr3t")
            .build();
        let without = UserPoolClientType::builder().client_secret("").build();
        assert_eq!(
            after_refresh(&Value::Null, &with_secret, false),
            Value::Bool(true)
        );
        assert_eq!(after_refresh(&Value::Null, &without, false), Value::Null);
        assert_eq!(
            after_refresh(&Value::Null, &without, true),
            Value::Bool(false)
        );
        assert_eq!(
            after_refresh(&Value::Bool(false), &with_secret, false),
            Value::Bool(false)
        );
    }
}
