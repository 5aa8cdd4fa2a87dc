//! What a resource author implements: a schema and the four operations, plus
//! optional hooks. The framework does the protocol's rules around them.

use async_trait::async_trait;

use super::diag::Diagnostics;
use super::plan::PlannedChange;
use super::schema::Schema;
use super::value::Value;

/// The result of an operation that produces a state: the new object (`None` when
/// there is none, e.g. a vanished resource) and what went wrong or deserves a warning.
#[derive(Debug, Default)]
pub struct StateResponse {
    pub state: Option<Value>,
    pub diagnostics: Diagnostics,
    /// New private state (opaque bytes Terraform stores beside the state and hands
    /// back to the next read); `None` keeps what Terraform had.
    pub private: Option<Vec<u8>>,
}

impl StateResponse {
    pub fn with_state(state: Value) -> Self {
        StateResponse {
            state: Some(state),
            ..StateResponse::default()
        }
    }

    pub fn from_diagnostics(diagnostics: Diagnostics) -> Self {
        StateResponse {
            diagnostics,
            ..StateResponse::default()
        }
    }
}

pub struct PlanRequest<'a> {
    /// Prior state; `Value::Null` when the resource is being created.
    pub prior: &'a Value,
    pub config: &'a Value,
}

#[async_trait]
pub trait Resource: Send + Sync {
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> &Schema;

    /// Checks across attributes; `config` may hold unknown values, which must be skipped.
    fn validate_config(&self, _config: &Value, _diagnostics: &mut Diagnostics) {}

    /// Adjusts a plan after the framework's rules (defaults, unknowns, plan
    /// modifiers): planned values, replacement paths and diagnostics.
    async fn modify_plan(&self, _request: &PlanRequest<'_>, _change: &mut PlannedChange) {}

    /// Creates the object from the plan; every unknown must become known.
    async fn create(&self, planned: &Value) -> StateResponse;

    /// Refreshes the object; `state: None` means it no longer exists.
    /// `private` is what the last import, apply or read left in private state.
    async fn read(&self, current: &Value, private: &[u8]) -> StateResponse;

    async fn update(&self, prior: &Value, planned: &Value) -> StateResponse;

    async fn delete(&self, prior: &Value) -> Diagnostics;

    /// Turns an import id into a stub state that `read` then fills.
    async fn import(&self, id: &str) -> StateResponse;
}
