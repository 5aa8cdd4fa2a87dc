//! The protocol's rules for a provider's resources, data sources and ephemeral
//! resources, on framework values: what each of Terraform's RPCs for them does
//! around the [`Resource`], [`DataSource`] and [`EphemeralResource`] hooks, with no
//! protobuf in sight.
//!
//! `crate::server` decodes a request, finds the resource with [`find_resource`]
//! (or the data source or ephemeral resource, a [`Reader`], with [`find_data_source`]
//! or [`find_ephemeral_resource`]), calls the function here named after the RPC
//! (a reader's RPCs share theirs), and encodes what it returns.
//! Every function adds its findings to the `diagnostics` it is given, after those
//! the caller already recorded (e.g. decoding errors), and returns what the answer
//! carries besides them.
//!
//! Private state (opaque bytes Terraform stores beside a state): a plan hands the
//! prior private on unchanged, and an apply stores the planned private, whatever
//! the outcome; only a read and an import set new private state. The one exception
//! is a replacement: its plans answer [`REPLACEMENT`], which tells the resource
//! that a create or a delete is half of one ([`Occasion`]) and is never stored.
//!
//! Stop: Terraform's StopProvider cancels the `stop` token given to [`read`],
//! [`apply`], [`import`] and [`read_object`]. A read, update, delete or import still
//! running is then abandoned with an "Operation cancelled" error; a create is not
//! (see [`apply`]).

pub mod list;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod identity_and_list_tests;
#[cfg(test)]
mod tests;

use std::future::Future;

use tokio_util::sync::CancellationToken;

use super::codec::{self, DecodeError};
use super::datasource::DataSource;
use super::diag::Diagnostics;
use super::ephemeral::EphemeralResource;
use super::path::Path;
use super::plan::{plan_change, validate_config};
use super::planmodifier::ProviderValues;
use super::provider::Provider;
use super::resource::{Occasion, PlanRequest, Resource, StateResponse};
use super::schema::Schema;
use super::value::Value;

/// The provider's resource named `type_name`, or an error diagnostic.
pub fn find_resource<'p>(
    provider: &'p dyn Provider,
    type_name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'p dyn Resource> {
    let found = provider
        .catalog()
        .resources
        .iter()
        .find(|r| r.type_name() == type_name);
    found_or_unknown(
        found.map(|r| r.as_ref()),
        "resource",
        type_name,
        diagnostics,
    )
}

/// The provider's data source named `type_name`, or an error diagnostic.
pub fn find_data_source<'p>(
    provider: &'p dyn Provider,
    type_name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Reader<'p>> {
    let found = provider
        .catalog()
        .data_sources
        .iter()
        .find(|d| d.type_name() == type_name);
    let found = found.map(|d| Reader::DataSource(d.as_ref()));
    found_or_unknown(found, "data source", type_name, diagnostics)
}

/// The provider's ephemeral resource named `type_name`, or an error diagnostic.
pub fn find_ephemeral_resource<'p>(
    provider: &'p dyn Provider,
    type_name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Reader<'p>> {
    let found = provider
        .catalog()
        .ephemeral_resources
        .iter()
        .find(|e| e.type_name() == type_name);
    let found = found.map(|e| Reader::Ephemeral(e.as_ref()));
    found_or_unknown(found, "ephemeral resource", type_name, diagnostics)
}

/// `found`, or an error saying the provider serves no `kind` called `type_name`.
fn found_or_unknown<T>(
    found: Option<T>,
    kind: &str,
    type_name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    if found.is_none() {
        diagnostics.error(
            format!("Unknown {kind} type"),
            format!("This provider does not serve the {kind} type \"{type_name}\"."),
        );
    }
    found
}

/// Records that the `what` Terraform sent could not be decoded: the sender's bug,
/// or corrupted data, never the user's.
pub fn report_decode_error(error: DecodeError, what: &str, diagnostics: &mut Diagnostics) {
    diagnostics.error(
        format!("Invalid {what}"),
        format!(
            "The provider could not decode the {what} it received: {error}. This is a bug in the \
             program that sent the request (Terraform, OpenTofu or the Pulumi bridge), or the data \
             was corrupted."
        ),
    );
}

/// ValidateProviderConfig: the schema's validators, then the provider's own checks.
pub fn validate_provider_config(
    provider: &dyn Provider,
    config: &Value,
    diagnostics: &mut Diagnostics,
) {
    validate_config(
        &provider.schema().block,
        &Path::default(),
        config,
        diagnostics,
    );
    provider.validate_config(config, diagnostics);
}

/// ValidateResourceConfig: the schema's validators, then the resource's own checks.
/// A client that cannot send write-only values (Terraform before 1.11, or one that
/// says so in its capabilities) gets an error for each one the configuration sets,
/// rather than a value silently lost.
pub fn validate_resource_config(
    resource: &dyn Resource,
    config: &Value,
    write_only_allowed: bool,
    diagnostics: &mut Diagnostics,
) {
    let block = &resource.schema().block;
    validate_config(block, &Path::default(), config, diagnostics);
    if !write_only_allowed {
        for name in block.write_only_set(config) {
            diagnostics.attribute_error(
                Path::root(name),
                "Write-only attribute not supported",
                format!(
                    "{name} is write-only: its value is sent to the provider but never stored, \
                     which needs Terraform 1.11 or later (or a client that supports write-only \
                     attributes). Upgrade Terraform, or remove {name} from the configuration."
                ),
            );
        }
    }
    resource.validate_config(config, diagnostics);
}

/// A data source or an ephemeral resource: each reads a wholly known configuration
/// into an object that no state keeps, so the protocol's rules for the two are one.
#[derive(Clone, Copy)]
pub enum Reader<'p> {
    DataSource(&'p dyn DataSource),
    Ephemeral(&'p dyn EphemeralResource),
}

impl<'p> Reader<'p> {
    pub fn schema(self) -> &'p Schema {
        match self {
            Reader::DataSource(d) => d.schema(),
            Reader::Ephemeral(e) => e.schema(),
        }
    }

    /// `(kind, type name, the RPC that reads it)`, for diagnostics.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Reader::DataSource(d) => ("data source", d.type_name(), "ReadDataSource"),
            Reader::Ephemeral(e) => ("ephemeral resource", e.type_name(), "OpenEphemeralResource"),
        }
    }

    fn validate_own(self, config: &Value, diagnostics: &mut Diagnostics) {
        match self {
            Reader::DataSource(d) => d.validate_config(config, diagnostics),
            Reader::Ephemeral(e) => e.validate_config(config, diagnostics),
        }
    }

    async fn read_own(self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value> {
        match self {
            Reader::DataSource(d) => d.read(config, diagnostics).await,
            Reader::Ephemeral(e) => e.open(config, diagnostics).await,
        }
    }
}

/// ValidateDataResourceConfig and ValidateEphemeralResourceConfig: the schema's
/// validators, then the reader's own checks.
pub fn validate_reader_config(reader: Reader<'_>, config: &Value, diagnostics: &mut Diagnostics) {
    validate_config(
        &reader.schema().block,
        &Path::default(),
        config,
        diagnostics,
    );
    reader.validate_own(config, diagnostics);
}

/// ReadDataSource and OpenEphemeralResource: the reader's read of `config` (see
/// [`settle_object`]). An ephemeral resource's private state stays empty: there is
/// nothing to renew or close.
pub async fn read_object(
    reader: Reader<'_>,
    config: &Value,
    stop: &CancellationToken,
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    let names = reader.names();
    if !wholly_known_config(names, config, diagnostics) {
        return None;
    }
    let mut findings = Diagnostics::default();
    let read = reader.read_own(config, &mut findings);
    let object = until_stopped(stop, read, diagnostics).await;
    settle_object(names, object, findings, diagnostics)
}

/// Whether `config` is wholly known, as a read needs it; otherwise an error. Terraform
/// waits for unknown values before it reads; another client sending them would
/// otherwise have them read as empty strings.
fn wholly_known_config(
    (kind, type_name, _): (&str, &str, &str),
    config: &Value,
    diagnostics: &mut Diagnostics,
) -> bool {
    if config.is_wholly_known() {
        return true;
    }
    diagnostics.error(
        "Configuration not known yet",
        format!(
            "The {kind} \"{type_name}\" can only be read once every argument is known, and \
             some are not known until apply. Terraform waits for them on its own; with another \
             client, pass known values (for example by applying what they depend on first)."
        ),
    );
    false
}

/// What a read that produces an object and no stored state (a data source's read,
/// an ephemeral resource's open) answers, for `(kind, type name, rpc)`: `object`
/// (`None` when it was stopped) unless it failed or left unknown values; one that
/// answers no object and no error is a provider bug, reported as such.
fn settle_object(
    (kind, type_name, rpc): (&str, &str, &str),
    object: Option<Option<Value>>,
    findings: Diagnostics,
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    diagnostics.extend(findings);
    let object = object?.filter(|_| !diagnostics.has_errors());
    if object.is_none() && !diagnostics.has_errors() {
        diagnostics.error(
            "Provider produced no object",
            format!(
                "The {kind} \"{type_name}\" answered nothing and no error. This is a bug in \
                 the provider."
            ),
        );
    }
    wholly_known(object?, rpc, diagnostics)
}

/// A state as Terraform stored it, before any upgrade.
pub struct StoredState<'a> {
    /// The schema version of the provider that wrote it.
    pub version: i64,
    /// The state as JSON; empty when there is none or it is in flatmap form.
    pub json: &'a [u8],
    /// Whether Terraform sent it in the flatmap form of Terraform 0.11 and older.
    pub flatmap: bool,
}

/// UpgradeResourceState: reads a stored state with the current schema. Unknown keys
/// are dropped and missing ones become null, which is the whole upgrade while
/// schema version 0 is the only one. A state from a newer schema version, or in
/// flatmap form, is refused; no state at all is a null one. `None` when refused.
pub fn upgrade_state(
    resource: &dyn Resource,
    stored: &StoredState<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    let schema = resource.schema();
    if stored.version > schema.version {
        diagnostics.error(
            "Resource state from a newer provider",
            format!(
                "The state of this {} was written with schema version {}, but this provider only knows \
                 versions up to {}. Use the provider version that wrote the state.",
                resource.type_name(),
                stored.version,
                schema.version
            ),
        );
        return None;
    }
    if stored.json.is_empty() {
        if stored.flatmap {
            diagnostics.error(
                "Unsupported state format",
                "The state was written by Terraform 0.11 or older (flatmap format). Upgrade it with \
                 Terraform 0.12 first.",
            );
            return None;
        }
        return Some(Value::Null);
    }
    let mut state = codec::decode_json(stored.json, schema.ty())
        .map_err(|error| report_decode_error(error, "stored state", diagnostics))
        .ok()?;
    schema.block.clear_write_only(&mut state);
    Some(state)
}

/// The planned private state of a replacement. Terraform plans a replacement
/// twice, the second time as a create (null prior) that it hands the first plan's
/// private state, and gives the apply of each half the planned private state: so
/// the second plan, the create and the delete all see this marker, and learn that
/// they are halves of a replacement. An apply stores empty private state in its
/// place, so that no later plan of the object mistakes itself for a replacement.
pub const REPLACEMENT: &[u8] = br#"{"framework":"replacement"}"#;

/// What a plan answers besides its diagnostics.
#[derive(Debug, PartialEq)]
pub struct Planned {
    /// The planned state; null for a destroy.
    pub state: Value,
    /// The attributes whose change forces a replacement: sorted, without duplicates.
    pub requires_replace: Vec<Path>,
    /// The planned private state: the prior one, or [`REPLACEMENT`].
    pub private: Vec<u8>,
}

/// PlanResourceChange. A null `proposed` state is a destroy, planned as null. The
/// resource's `provider_values` and `modify_plan` are not called on a destroy
/// (terraform-plugin-framework calls the latter with a null plan): looking up the
/// provider's region can fail and so block a destroy. Otherwise: the provider's
/// values, the framework's rules ([`plan_change`]), then `modify_plan`, then the
/// replacement paths are sorted and deduplicated again. A plan that replaces the
/// object, and the create plan of a replacement's new object, answer
/// [`REPLACEMENT`] as planned private state.
pub async fn plan(
    resource: &dyn Resource,
    prior: &Value,
    proposed: &Value,
    config: &Value,
    prior_private: Vec<u8>,
    diagnostics: &mut Diagnostics,
) -> Planned {
    if proposed.is_null() {
        return Planned {
            state: Value::Null,
            requires_replace: Vec::new(),
            private: prior_private,
        };
    }
    let provider = resource
        .provider_values()
        .await
        .unwrap_or_else(|unavailable| {
            diagnostics.extend(unavailable);
            ProviderValues::default()
        });
    let mut change = plan_change(resource.schema(), prior, proposed, config, &provider);
    let occasion = occasion_of(&prior_private);
    let request = PlanRequest {
        prior,
        config,
        occasion,
    };
    resource.modify_plan(&request, &mut change).await;
    resource
        .schema()
        .block
        .clear_write_only(&mut change.planned);
    change.normalise_replacements();
    diagnostics.extend(std::mem::take(&mut change.diagnostics));
    let replaces = !prior.is_null() && !change.requires_replace.is_empty();
    let creates_a_replacement = prior.is_null() && occasion == Occasion::Replacement;
    Planned {
        state: change.planned,
        requires_replace: change.requires_replace,
        private: if replaces || creates_a_replacement {
            REPLACEMENT.to_vec()
        } else {
            prior_private
        },
    }
}

/// What a read or an apply answers besides its diagnostics.
#[derive(Debug, PartialEq)]
pub struct NewState {
    /// The new state; `Some(Value::Null)` when there is no object, `None` when the
    /// answer carries no state because the provider left unknown values in it.
    pub state: Option<Value>,
    /// The private state Terraform stores with it.
    pub private: Vec<u8>,
}

/// ReadResource: refreshes `current` through the resource, unless it is null (no
/// object to read). A read that fails or is stopped keeps the current state and
/// private state, which Terraform keeps anyway; a read that finds the object gone
/// answers null. A read's `private: None` keeps the private state.
pub async fn read(
    resource: &dyn Resource,
    current: Value,
    private: Vec<u8>,
    stop: &CancellationToken,
    diagnostics: &mut Diagnostics,
) -> NewState {
    let mut state = current;
    let mut new_private = None;
    if !state.is_null() {
        let read = until_stopped(stop, resource.read(&state, &private), diagnostics).await;
        if let Some(read) = read {
            if !read.diagnostics.has_errors() {
                new_private = read.private;
                state = read.state.unwrap_or(Value::Null);
            }
            diagnostics.extend(read.diagnostics);
        }
    }
    NewState {
        state: answered(resource, state, "ReadResource", diagnostics),
        private: new_private.unwrap_or(private),
    }
}

/// ApplyResourceChange. A null `planned` state deletes the object: a delete that
/// fails or is stopped keeps the prior state, since the object is still there.
/// A null `prior` creates; otherwise it updates. An update (failed, stopped or
/// answering no object) keeps the prior state unless it answers a new one; a
/// create without an object answers null. A create is never abandoned on stop:
/// one already sent may have made the object, which must then reach the state or
/// the next apply would make a second; the provider's stop ends its waits instead.
/// The private state is `planned_private` (empty in place of [`REPLACEMENT`], which
/// tells `create` and `delete` their [`Occasion`]); what `create` or `update` put
/// in [`StateResponse::private`] is not used. `create` and `update` see the plan
/// with the write-only values of `config` in it; no state keeps them.
pub async fn apply(
    resource: &dyn Resource,
    prior: Value,
    planned: Value,
    config: &Value,
    planned_private: Vec<u8>,
    stop: &CancellationToken,
    diagnostics: &mut Diagnostics,
) -> NewState {
    let occasion = occasion_of(&planned_private);
    let state = if planned.is_null() {
        let deleted = until_stopped(stop, resource.delete(&prior, occasion), diagnostics).await;
        let failed = deleted.as_ref().is_none_or(Diagnostics::has_errors);
        diagnostics.extend(deleted.unwrap_or_default());
        Some(if failed { prior } else { Value::Null })
    } else {
        let mut planned = planned;
        resource
            .schema()
            .block
            .copy_write_only(config, &mut planned);
        let outcome = if prior.is_null() {
            resource.create(&planned, occasion).await
        } else {
            until_stopped(stop, resource.update(&prior, &planned), diagnostics)
                .await
                .unwrap_or_default()
        };
        let StateResponse {
            state,
            diagnostics: operation_diagnostics,
            ..
        } = outcome;
        diagnostics.extend(operation_diagnostics);
        let state = state.or_else(|| (!prior.is_null()).then_some(prior));
        answered(
            resource,
            state.unwrap_or(Value::Null),
            "ApplyResourceChange",
            diagnostics,
        )
    };
    NewState {
        state,
        private: match occasion {
            Occasion::Alone => planned_private,
            Occasion::Replacement => Vec::new(),
        },
    }
}

/// What a plan's or an apply's private state tells of its occasion.
fn occasion_of(private: &[u8]) -> Occasion {
    if private == REPLACEMENT {
        Occasion::Replacement
    } else {
        Occasion::Alone
    }
}

/// An imported object: its stub state, which a read then fills, and its private state.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub state: Value,
    /// Empty unless the import set one; the read after the import receives it.
    pub private: Vec<u8>,
}

/// ImportResourceState: the resource's stub for `id`, unless the import reported an
/// error, was stopped or found nothing.
pub async fn import(
    resource: &dyn Resource,
    id: &str,
    stop: &CancellationToken,
    diagnostics: &mut Diagnostics,
) -> Option<Imported> {
    let imported = until_stopped(stop, resource.import(id), diagnostics).await?;
    settle_import(resource, imported, diagnostics)
}

/// What an import answers: the stub without write-only values, unless it failed.
fn settle_import(
    resource: &dyn Resource,
    imported: StateResponse,
    diagnostics: &mut Diagnostics,
) -> Option<Imported> {
    diagnostics.extend(imported.diagnostics);
    let mut state = imported.state.filter(|_| !diagnostics.has_errors())?;
    resource.schema().block.clear_write_only(&mut state);
    Some(Imported {
        state,
        private: imported.private.unwrap_or_default(),
    })
}

/// ImportResourceState by identity (`import { identity = {...} }`): the identity
/// must give every attribute its schema requires for import; then the resource's
/// stub, as for an id.
pub async fn import_by_identity(
    resource: &dyn Resource,
    identity: &Value,
    stop: &CancellationToken,
    diagnostics: &mut Diagnostics,
) -> Option<Imported> {
    let Some(schema) = resource.identity_schema() else {
        diagnostics.error(
            "Import by identity not supported",
            format!(
                "{} has no identity; import it by its id.",
                resource.type_name()
            ),
        );
        return None;
    };
    let missing = schema.missing_for_import(identity);
    if !missing.is_empty() {
        diagnostics.error(
            "Invalid import identity",
            format!(
                "The identity of a {} to import needs {}.",
                resource.type_name(),
                missing.join(", ")
            ),
        );
        return None;
    }
    let imported = until_stopped(stop, resource.import_by_identity(identity), diagnostics).await?;
    settle_import(resource, imported, diagnostics)
}

/// The identity to answer with `state`: the resource's, built from the state, for an
/// object that exists; none for no object or a resource without identity. Terraform
/// checks that it is wholly known and never compares it with an earlier one; the
/// resource builds it from the state alone so that it does not change either.
pub async fn identity_of(resource: &dyn Resource, state: &Value) -> Option<Value> {
    resource.identity_schema()?;
    if state.is_null() {
        return None;
    }
    Some(resource.identity(state).await)
}

/// The planned identity: the prior object's for an update, a no-op or a destroy;
/// none for a create, and for a replacement, whose new object gets its own.
pub async fn planned_identity(
    resource: &dyn Resource,
    prior: &Value,
    planned: &Planned,
) -> Option<Value> {
    if !planned.requires_replace.is_empty() {
        return None;
    }
    identity_of(resource, prior).await
}

/// UpgradeResourceIdentity: Terraform asks only for a stored identity of an older
/// version than the schema's, which version 0 never has; version 0 is decoded as it
/// is, any other refused.
pub fn upgrade_identity(
    resource: &dyn Resource,
    version: i64,
    json: &[u8],
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    let Some(schema) = resource.identity_schema() else {
        diagnostics.error(
            "No identity",
            format!("{} has no identity to upgrade.", resource.type_name()),
        );
        return None;
    };
    if version != schema.version {
        diagnostics.error(
            "Resource identity from an unknown version",
            format!(
                "The identity of this {} was stored with identity version {version}; this provider \
                 knows only version {}. Use the provider version that stored it.",
                resource.type_name(),
                schema.version
            ),
        );
        return None;
    }
    match codec::decode_json(json, &schema.ty()) {
        Ok(identity) => Some(identity),
        Err(error) => {
            diagnostics.error("Invalid stored identity", error.to_string());
            None
        }
    }
}

/// MoveResourceState: refused, since no resource here can take another's state; an
/// import makes the same object known instead.
pub fn move_state(source_type: &str, target_type: &str, diagnostics: &mut Diagnostics) {
    diagnostics.error(
        "Move not supported",
        format!(
            "This provider cannot move state from \"{source_type}\" into \"{target_type}\". \
             Remove the moved block and import the object instead.",
        ),
    );
}

/// A resource's state as Terraform receives it: without write-only values, and
/// wholly known (see [`wholly_known`]).
fn answered(
    resource: &dyn Resource,
    mut state: Value,
    rpc: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    resource.schema().block.clear_write_only(&mut state);
    wholly_known(state, rpc, diagnostics)
}

/// A state handed to Terraform must hold no unknown value: such a state is an error
/// and is not answered at all (`None`).
fn wholly_known(state: Value, rpc: &str, diagnostics: &mut Diagnostics) -> Option<Value> {
    if state.is_wholly_known() {
        return Some(state);
    }
    diagnostics.error(
        "Provider produced an incomplete state",
        format!("{rpc} left unknown values in the resource state. This is a bug in the provider."),
    );
    None
}

/// Runs a cloud operation until it finishes or Terraform asks the provider to stop.
/// `None` means it was cancelled; the error diagnostic is already recorded.
async fn until_stopped<T>(
    stop: &CancellationToken,
    operation: impl Future<Output = T>,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    tokio::select! {
        biased;
        () = stop.cancelled() => {
            diagnostics.error(
                "Operation cancelled",
                "Terraform asked the provider to stop (for example after Ctrl-C), so the request \
                 to AWS was abandoned. Run the command again to finish the change.",
            );
            None
        }
        result = operation => Some(result),
    }
}
