//! What a resource author implements: a schema and the five operations, plus two
//! optional hooks. The framework does the protocol's rules around them
//! (`framework::server`), so an implementation only talks to its cloud API.

use async_trait::async_trait;

use super::diag::Diagnostics;
use super::identity::IdentitySchema;
use super::list::Findings;
use super::plan::PlannedChange;
use super::planmodifier::ProviderValues;
use super::schema::Schema;
use super::value::Value;

/// The result of an operation that produces a state: the new object (`None` when
/// there is none, e.g. a vanished resource) and what went wrong or deserves a warning.
#[derive(Clone, Debug, Default)]
pub struct StateResponse {
    pub state: Option<Value>,
    pub diagnostics: Diagnostics,
    /// New private state (opaque bytes Terraform stores beside the state and hands
    /// back to the next read); `None` keeps what Terraform had.
    pub private: Option<Vec<u8>>,
}

impl StateResponse {
    /// An operation that succeeded with this object.
    pub fn with_state(state: Value) -> Self {
        StateResponse {
            state: Some(state),
            ..StateResponse::default()
        }
    }

    /// An operation that produced no object, only these findings (usually an error).
    pub fn from_diagnostics(diagnostics: Diagnostics) -> Self {
        StateResponse {
            diagnostics,
            ..StateResponse::default()
        }
    }
}

/// Whether a create or a delete is one half of a replacement, as far as the client
/// tells: Terraform and OpenTofu do (through [`REPLACEMENT`](super::server::REPLACEMENT)
/// in private state); Pulumi's bridge plans neither its deletes nor the new object of
/// a replacement with the old one's plan, so under Pulumi every create and delete is
/// [`Occasion::Alone`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occasion {
    /// An object created or destroyed for itself.
    Alone,
    /// The new object of a replacement, or the deletion of the old one. Which comes
    /// first (`create_before_destroy`, Pulumi's `deleteBeforeReplace`) is the
    /// client's choice, and not known here.
    Replacement,
}

/// What [`Resource::modify_plan`] plans from, besides the change planned so far.
pub struct PlanRequest<'a> {
    /// Prior state; `Value::Null` when the resource is being created.
    pub prior: &'a Value,
    /// The configuration; unset attributes are null and values not known until
    /// apply are unknown.
    pub config: &'a Value,
    /// For a create (null prior): whether it makes the new object of a replacement.
    pub occasion: Occasion,
}

/// One resource type. To add one, implement this trait (with `#[async_trait]`) and
/// list the resource in its provider's [`Provider::resources`](super::provider::Provider::resources).
///
/// The order of calls, per Terraform command:
/// 1. `validate_config`, after the schema's attribute validators (every plan, and
///    `terraform validate`).
/// 2. Plan: the framework asks `provider_values`, applies defaults, marks computed
///    attributes unknown when something changed and runs the attributes' plan
///    modifiers; then
///    `modify_plan` adjusts the result. Not called when the plan is a destroy.
/// 3. Apply: `create` when there is no prior state, `delete` when the planned
///    state is null, otherwise `update`.
/// 4. `read` on every refresh, and right after an `import`, which only returns a
///    stub (an id and what the import id told).
///
/// What the framework does with the answers: a state with an unknown value left in
/// it is an error; a `read`, `update` or `delete` that fails, or that Terraform stops
/// while it runs, keeps the prior state; a `create` is never abandoned on
/// Terraform's stop, so it must end on its own. All values follow
/// [`schema`](Self::schema); diagnostics collect every problem, not just the first.
#[async_trait]
pub trait Resource: Send + Sync {
    /// The name used in configurations, e.g. `aws_cognito_user_pool_client`.
    fn type_name(&self) -> &'static str;

    /// Attributes, their modes, validators and plan modifiers, and the state version.
    fn schema(&self) -> &Schema;

    /// Checks across attributes; `config` may hold unknown values, which must be skipped.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// What the plan modifiers may read of the provider (e.g. its region, for
    /// [`ProviderDefault`](super::planmodifier::ProviderDefault)); asked before
    /// every create or update plan. An error is reported and the plan goes on
    /// without those values.
    async fn provider_values(&self) -> Result<ProviderValues, Diagnostics> {
        Ok(ProviderValues::default())
    }

    /// Adjusts a plan after the framework's rules (defaults, unknowns, plan
    /// modifiers): planned values, replacement paths and diagnostics. See
    /// [`PlannedChange`] for what to change.
    async fn modify_plan(&self, _request: &PlanRequest<'_>, _change: &mut PlannedChange) {}

    /// Creates the object from the plan; every unknown must become known. An answer
    /// with an error and a state still stores the state (the object exists).
    async fn create(&self, planned: &Value, occasion: Occasion) -> StateResponse;

    /// Refreshes the object; `state: None` means it no longer exists.
    /// `private` is what the last import, apply or read left in private state.
    async fn read(&self, current: &Value, private: &[u8]) -> StateResponse;

    /// Changes the object from `prior` to the plan; every unknown must become known.
    /// An answer without a state keeps `prior`.
    async fn update(&self, prior: &Value, planned: &Value) -> StateResponse;

    /// Deletes the object; an error keeps it in state.
    async fn delete(&self, prior: &Value, occasion: Occasion) -> Diagnostics;

    /// Turns an import id into a stub state that `read` then fills.
    async fn import(&self, id: &str) -> StateResponse;

    /// The identity schema (Terraform and OpenTofu 1.12+), if the resource has one.
    fn identity_schema(&self) -> Option<&IdentitySchema> {
        None
    }

    /// The identity of the object `state` describes, built from the state alone
    /// (with what the provider knows, such as its account). Asked only of a resource
    /// with an identity schema, for an object that exists.
    async fn identity(&self, _state: &Value) -> Value {
        Value::Null
    }

    /// Turns an identity from an `import` block into a stub state that `read` then
    /// fills, as [`import`](Self::import) does an import id; the framework has checked
    /// that the identity gives every attribute required for import.
    async fn import_by_identity(&self, _identity: &Value) -> StateResponse {
        let mut diagnostics = Diagnostics::default();
        diagnostics.error(
            "Import by identity not supported",
            format!("{} has no identity; import it by its id.", self.type_name()),
        );
        StateResponse::from_diagnostics(diagnostics)
    }

    /// The configuration schema of the `list` block of this type (Terraform 1.14's
    /// `terraform query`), if objects of this type can be listed; only a resource with
    /// an identity can.
    fn list_schema(&self) -> Option<&Schema> {
        None
    }

    /// Finds the existing objects that the `list` block's `config` (known, valid)
    /// describes and hands each to `findings`, stopping when it wants no more; a
    /// failure is an error in the answer.
    async fn list(&self, _config: &Value, _findings: &Findings) -> Diagnostics {
        Diagnostics::default()
    }

    /// The configuration that gives the object `state` describes, for
    /// `terraform query -generate-config-out`: once the object is imported with it,
    /// a plan must change nothing. By default the state without what a configuration
    /// cannot or should not set ([`Block::config_from_state`](super::schema::Block::config_from_state)).
    fn generate_config(&self, state: &Value) -> Value {
        self.schema().block.config_from_state(state)
    }
}
