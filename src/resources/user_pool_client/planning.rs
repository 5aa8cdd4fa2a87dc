//! The resource's own planning, after the framework's rules: lifetimes kept equal
//! when their unit changes, and AWS's cross-field rules. Both need the whole plan.

use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::plan::PlannedChange;
use crate::framework::resource::PlanRequest;
use crate::framework::value::Value;

use super::lifetimes::{go_duration, unit_nanos, TOKEN_LIFETIMES};
use super::rules::{self, Planned};
use super::ClientKind;

pub(crate) fn modify_plan(
    kind: &ClientKind,
    request: &PlanRequest<'_>,
    change: &mut PlannedChange,
) {
    if !request.prior.is_null() {
        keep_lifetimes_across_unit_changes(
            request.prior,
            |lifetime| request.config.attr(lifetime).is_null(),
            &mut change.planned,
            &mut change.diagnostics,
        );
    }
    let planned = Planned {
        planned: &change.planned,
        creating: kind.creates && request.prior.is_null(),
        kind,
    };
    rules::check(&planned, &mut change.diagnostics);
}

/// A lifetime left out of the configuration keeps its value from state. When its
/// unit changes (for example the `token_validity_units` block is removed and the
/// unit goes back to AWS's default), the number is converted so that the lifetime
/// stays the same, instead of sending e.g. 60 minutes as 60 hours (official
/// provider issue 32504). A lifetime that the new unit cannot express exactly is
/// an error that asks for an explicit value.
///
/// `prior` holds the lifetimes and units in force, `unset(attribute)` tells
/// whether the configuration leaves a lifetime out, and `planned` gets the
/// converted values: the state and the configuration when planning an update, the
/// adopted client and the plan when adopting one.
pub(crate) fn keep_lifetimes_across_unit_changes(
    prior: &Value,
    unset: impl Fn(&str) -> bool,
    planned: &mut Value,
    diagnostics: &mut Diagnostics,
) {
    for lifetime in &TOKEN_LIFETIMES {
        if !unset(lifetime.attribute) {
            continue;
        }
        let Some(value) = prior.attr(lifetime.attribute).as_i64().filter(|v| *v != 0) else {
            continue;
        };
        let (Some(old_unit), Some(new_unit)) = (lifetime.unit_in(prior), lifetime.unit_in(planned))
        else {
            continue;
        };
        let (Some(old_length), Some(new_length)) = (unit_nanos(old_unit), unit_nanos(new_unit))
        else {
            continue;
        };
        if old_length == new_length {
            continue;
        }
        let duration = value.saturating_mul(old_length);
        if duration % new_length == 0 {
            if let Some(slot) = planned.attr_mut(lifetime.attribute) {
                *slot = Value::int(duration / new_length);
            }
        } else {
            diagnostics.attribute_error(
                Path::root(lifetime.attribute),
                "Token lifetime needs an explicit value",
                format!(
                    "The unit of {} changes from {old_unit} to {new_unit}, and its current lifetime \
                     ({}) is not a whole number of {new_unit}. Set {} explicitly in the new unit.",
                    lifetime.attribute,
                    go_duration(duration),
                    lifetime.attribute
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::user_pool_client::testing::object;

    fn minutes() -> Value {
        Value::List(vec![Value::object(&[
            ("access_token", Value::string("minutes")),
            ("id_token", Value::string("minutes")),
            ("refresh_token", Value::string("days")),
        ])])
    }

    fn rescale(prior: &Value, planned: &Value) -> (Value, Diagnostics) {
        let config = object(&[]);
        let mut planned = planned.clone();
        let mut diagnostics = Diagnostics::default();
        let unset = |lifetime: &str| config.attr(lifetime).is_null();
        keep_lifetimes_across_unit_changes(prior, unset, &mut planned, &mut diagnostics);
        (planned, diagnostics)
    }

    #[test]
    fn removing_units_converts_sticky_lifetimes() {
        let prior = object(&[
            ("access_token_validity", Value::int(60)),
            ("token_validity_units", minutes()),
        ]);
        let planned = object(&[("access_token_validity", Value::int(60))]);
        let (planned, diagnostics) = rescale(&prior, &planned);
        assert!(diagnostics.is_empty());
        assert_eq!(
            planned.attr("access_token_validity"),
            &Value::int(1),
            "60 minutes is 1 hour"
        );
    }

    #[test]
    fn an_inexact_conversion_asks_for_an_explicit_value() {
        let prior = object(&[
            ("id_token_validity", Value::int(90)),
            ("token_validity_units", minutes()),
        ]);
        let planned = object(&[("id_token_validity", Value::int(90))]);
        let (_, diagnostics) = rescale(&prior, &planned);
        assert_eq!(diagnostics.0.len(), 1);
        assert_eq!(diagnostics.0[0].path, Some(Path::root("id_token_validity")));
        assert!(diagnostics.0[0].detail.contains("1h30m0s"));
    }

    #[test]
    fn unchanged_units_and_unset_lifetimes_are_left_alone() {
        let prior = object(&[
            ("access_token_validity", Value::int(60)),
            ("token_validity_units", minutes()),
        ]);
        let planned = object(&[
            ("access_token_validity", Value::int(60)),
            ("token_validity_units", minutes()),
        ]);
        assert_eq!(rescale(&prior, &planned).0, planned);
        let prior = object(&[
            ("access_token_validity", Value::int(0)),
            ("token_validity_units", minutes()),
        ]);
        let planned = object(&[("access_token_validity", Value::int(0))]);
        assert_eq!(rescale(&prior, &planned).0, planned);
    }
}
