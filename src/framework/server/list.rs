//! The protocol's rules for list resources (ValidateListResourceConfig,
//! ListResource) and for the configuration Terraform writes for what they find
//! (GenerateResourceConfig), around [`Resource::list`].
//!
//! Terraform reads at most `limit` events and then closes the stream; the framework
//! stops there too, so that the list asks AWS for no more than it needs. Each event
//! carries the object's identity; with `include_resource` it also carries the whole
//! object, read as the read after an import reads it (so that configuration
//! generated from it plans no change once imported), without its sensitive values:
//! `terraform query -json` prints listed objects verbatim.

use futures::StreamExt as _;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;

use super::{read, until_stopped};
use crate::framework::diag::Diagnostics;
use crate::framework::list::{Findings, Found};
use crate::framework::path::Path;
use crate::framework::plan::validate_config;
use crate::framework::resource::Resource;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

/// How many found objects are read at once when whole objects are wanted: their
/// reads overlap, so that a slow answer does not hold the others back; the pacing
/// of AWS calls keeps them within the quotas.
const READS_AT_ONCE: usize = 5;

/// One event of a ListResource stream: an object found (its identity, its name
/// and, when asked, the object), or only diagnostics (an error ends the list).
#[derive(Debug, Default)]
pub struct ListEvent {
    pub identity: Option<Value>,
    pub display_name: String,
    pub object: Option<Value>,
    pub diagnostics: Diagnostics,
}

impl ListEvent {
    pub fn failed(diagnostics: Diagnostics) -> Self {
        ListEvent {
            diagnostics,
            ..ListEvent::default()
        }
    }
}

/// The `list` block's configuration schema of `resource`, or an error: Terraform
/// asks only for the list resources announced, so another is a client's bug.
pub fn list_schema<'r>(
    resource: &'r dyn Resource,
    diagnostics: &mut Diagnostics,
) -> Option<&'r Schema> {
    let schema = resource.list_schema();
    if schema.is_none() {
        diagnostics.error(
            "Unknown list resource type",
            format!(
                "This provider does not serve the list resource type \"{}\"; its resources can be \
                 imported one by one.",
                resource.type_name()
            ),
        );
    }
    schema
}

/// ValidateListResourceConfig (and the start of every ListResource): the list
/// schema's validators; `config` may hold unknown values, which are skipped.
pub fn validate_list_config(
    resource: &dyn Resource,
    config: &Value,
    diagnostics: &mut Diagnostics,
) {
    if let Some(schema) = list_schema(resource, diagnostics) {
        validate_config(&schema.block, &Path::default(), config, diagnostics);
    }
}

/// ListResource: validates `config`, then sends to `events` an event per object
/// [`Resource::list`] finds, at most `limit` of them, the whole object only when
/// `include_object`. Ends when the list does, at the limit, when `events` is
/// closed (Terraform stopped reading) or on `stop`; a failure is a last event with
/// the error.
pub async fn list(
    resource: &dyn Resource,
    config: &Value,
    include_object: bool,
    limit: i64,
    stop: &CancellationToken,
    events: &mpsc::Sender<ListEvent>,
) {
    let mut diagnostics = Diagnostics::default();
    validate_list_config(resource, config, &mut diagnostics);
    if !config.is_wholly_known() {
        diagnostics.error(
            "Unknown list configuration",
            "The list block's config holds values not known yet; a list needs them all. Set them \
             to known values.",
        );
    }
    let wanted = usize::try_from(limit).unwrap_or(0);
    if diagnostics.has_errors() || wanted == 0 {
        send_diagnostics(events, diagnostics).await;
        return;
    }
    let (found, findings) = mpsc::channel(READS_AT_ONCE);
    let finding = async {
        let findings = Findings::new(found);
        resource.list(config, &findings).await
    };
    let answering = async {
        // Never more reads than results wanted: a limit of 2 reads 2 objects.
        let mut answers = ReceiverStream::new(findings)
            .take(wanted)
            .map(|found| event_for(resource, found, include_object, stop))
            .buffered(READS_AT_ONCE);
        let mut sent = 0;
        while let Some(event) = answers.next().await {
            let Some(event) = event else { continue };
            if events.send(event).await.is_err() {
                return false;
            }
            sent += 1;
            if sent == wanted {
                return false;
            }
        }
        true
    };
    let listed = until_stopped(
        stop,
        async { tokio::join!(finding, answering) },
        &mut diagnostics,
    )
    .await;
    match listed {
        Some((found, more_wanted)) => {
            if more_wanted {
                diagnostics.extend(found);
                send_diagnostics(events, diagnostics).await;
            }
        }
        None => send_diagnostics(events, diagnostics).await,
    }
}

/// The event for one object found; `None` for one gone since it was listed.
async fn event_for(
    resource: &dyn Resource,
    found: Found,
    include_object: bool,
    stop: &CancellationToken,
) -> Option<ListEvent> {
    let Found {
        display_name,
        imported,
    } = found;
    let mut diagnostics = imported.diagnostics;
    let Some(stub) = imported.state.filter(|_| !diagnostics.has_errors()) else {
        return Some(ListEvent::failed(diagnostics));
    };
    let mut object = None;
    if include_object {
        let private = imported.private.unwrap_or_default();
        let read = read(resource, stub.clone(), private, stop, &mut diagnostics).await;
        if diagnostics.has_errors() {
            return Some(ListEvent::failed(diagnostics));
        }
        let mut state = read.state.filter(|state| !state.is_null())?;
        resource.schema().block.clear_secrets(&mut state);
        object = Some(state);
    }
    let identity = resource.identity(object.as_ref().unwrap_or(&stub)).await;
    Some(ListEvent {
        identity: Some(identity),
        display_name,
        object,
        diagnostics,
    })
}

/// Sends `diagnostics` as an event of their own, if there are any.
async fn send_diagnostics(events: &mpsc::Sender<ListEvent>, diagnostics: Diagnostics) {
    if !diagnostics.is_empty() {
        // A closed stream has nobody left to tell.
        let _ = events.send(ListEvent::failed(diagnostics)).await;
    }
}

/// GenerateResourceConfig: the configuration of the object `state` describes
/// ([`Resource::generate_config`]); Terraform writes it out with the import block
/// of the object, and it plans no change once imported.
pub fn generate_config(
    resource: &dyn Resource,
    state: &Value,
    diagnostics: &mut Diagnostics,
) -> Option<Value> {
    if state.is_null() || !state.is_wholly_known() {
        diagnostics.error(
            "No object to generate configuration for",
            format!(
                "Configuration for a {} is generated from the object Terraform found, and none was \
                 given. List it with include_resource = true.",
                resource.type_name()
            ),
        );
        return None;
    }
    Some(resource.generate_config(state))
}
