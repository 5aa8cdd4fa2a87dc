//! `aws_cognito_managed_user_pool_client`: an app client that another AWS service
//! created (e.g. OpenSearch, for Cognito authentication of a domain), adopted
//! instead of created, and left in place on destroy.
//!
//! It is the client resource ([`ClientResource`] with another [`Lifecycle`]) with
//! these differences, and shares all the rest (field table, validators, blocks,
//! planning, mapping, read, update, and import with the same ids:
//! `user_pool_id/client_id`, `user_pool_id/client_id@region`,
//! `user_pool_id/name:CLIENT_NAME`):
//! - `name` is computed: the adopted client's; `name_pattern` (a regular
//!   expression) or `name_prefix` picks the client, and `generate_secret` does not
//!   exist (only a create can give a client a secret);
//! - create adopts the one client of the pool whose name matches, then sends at
//!   most one update with the configured arguments (see `adopt.rs`);
//! - destroy sends nothing to AWS and says so in a warning.

mod adopt;
mod schema;
mod selector;

use async_trait::async_trait;

use crate::framework::diag::Diagnostics;
use crate::framework::plan::PlannedChange;
use crate::framework::resource::{PlanRequest, StateResponse};
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::user_pool_client::{crud, planning, ClientKind, ClientResource, Context, Lifecycle};

pub const TYPE_NAME: &str = "aws_cognito_managed_user_pool_client";

/// The attributes that pick the client to adopt; AWS knows nothing of them.
const SELECTORS: &[&str] = &["name_pattern", "name_prefix"];

pub const MANAGED: ClientKind = ClientKind {
    type_name: TYPE_NAME,
    noun: "Cognito Managed User Pool Client",
    creates: false,
    kept: SELECTORS,
};

/// `aws_cognito_managed_user_pool_client`: adopts the client, leaves it on destroy.
pub type ManagedUserPoolClient = ClientResource<Adopted>;

#[derive(Default)]
pub struct Adopted;

/// `object` without the selectors: what AWS holds of it.
fn without_selectors(object: &Value) -> Value {
    let mut object = object.clone();
    for name in SELECTORS {
        object.set_attr(name, Value::Null);
    }
    object
}

/// The regular expression that matches `name` and nothing else, with only the
/// characters that need it escaped, so that it reads as the name does.
fn exactly(name: &str) -> String {
    let mut pattern = String::from("^");
    for c in name.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('$');
    pattern
}

#[async_trait]
impl Lifecycle for Adopted {
    const KIND: ClientKind = MANAGED;

    fn schema() -> Schema {
        schema::resource_schema()
    }

    fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange) {
        planning::modify_plan(&MANAGED, request, change);
        selector::replace_unless_still_matching(request, change);
    }

    async fn create(&self, on: Context<'_>, planned: &Value) -> StateResponse {
        adopt::adopt(on.cognito, on.schema, planned).await
    }

    /// An imported client gets the `name_pattern` that matches its name alone, so
    /// that the state says how to find it, and configuration generated from it
    /// (`terraform query -generate-config-out`) is valid and plans no change.
    fn after_import(&self, state: &mut Value) {
        let selected = SELECTORS.iter().any(|name| !state.attr(name).is_null());
        if let (false, Some(name)) = (selected, state.attr("name").as_str()) {
            state.set_attr("name_pattern", Value::string(exactly(name)));
        }
    }

    /// An update that only records a selector (after an import) changes nothing in
    /// AWS, and sends nothing.
    async fn update(&self, on: Context<'_>, prior: &Value, planned: &Value) -> StateResponse {
        if without_selectors(prior) == without_selectors(planned) {
            return StateResponse::with_state(planned.clone());
        }
        crud::update(on.cognito, on.schema, &MANAGED, prior, planned).await
    }

    /// The client belongs to the service that created it: it stays, and only
    /// Terraform's state forgets it.
    async fn delete(&self, _: Context<'_>, prior: &Value) -> Diagnostics {
        let text = |name| prior.attr(name).as_str().unwrap_or_default();
        let mut diagnostics = Diagnostics::default();
        diagnostics.warning(
            "Cognito Managed User Pool Client left in place",
            format!(
                "The app client {} ({:?}) of user pool {} was removed from the Terraform state \
                 only; it still exists in AWS. It belongs to the service that created it, which \
                 deletes it when it no longer needs it.",
                text("id"),
                text("name"),
                text("user_pool_id"),
            ),
        );
        diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imported_clients_pattern_matches_its_name_and_nothing_else() {
        for name in [
            "AmazonOpenSearchService-logs",
            "a.b+c*(d)[e]{f}|g^h$i\\j?",
            "é ü",
        ] {
            let pattern = exactly(name);
            let regex = regex::Regex::new(&pattern).unwrap();
            assert!(regex.is_match(name), "{pattern} matches {name}");
            assert!(!regex.is_match(&format!("{name}x")), "{pattern}");
            assert!(!regex.is_match(&format!("x{name}")), "{pattern}");
        }
        assert_eq!(
            exactly("AmazonOpenSearchService-logs"),
            "^AmazonOpenSearchService-logs$"
        );
        let mut state = resource_schema_for_test();
        state.set_attr("name", Value::string("app.1"));
        Adopted.after_import(&mut state);
        assert_eq!(state.attr("name_pattern"), &Value::string(r"^app\.1$"));
        state.set_attr("name_pattern", Value::Null);
        state.set_attr("name_prefix", Value::string("app"));
        Adopted.after_import(&mut state);
        assert_eq!(
            state.attr("name_pattern"),
            &Value::Null,
            "a selector already given stays"
        );
    }

    fn resource_schema_for_test() -> Value {
        schema::resource_schema().block.empty_value()
    }
}
