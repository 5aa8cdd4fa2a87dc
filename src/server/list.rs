//! ListResource's answer, a stream: the list runs on a task of its own, which
//! ends when the list does, at Terraform's `limit`, or when Terraform closes the
//! stream (the stream's receiving end is then dropped, and the next event sent
//! fails); a panic in it becomes a last event with the error.

use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;

use futures::{FutureExt as _, Stream};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;
use tonic::Status;

use crate::framework::diag::Diagnostics;
use crate::framework::provider::Provider;
use crate::framework::resource::Resource;
use crate::framework::server as core;
use crate::framework::server::list::ListEvent;
use crate::proto::tfplugin6 as pb;

use super::convert::{decode_dynamic, diagnostics_to_proto, encode_dynamic, identity_to_proto};
use super::guard::internal_error;

pub type EventStream = Pin<Box<dyn Stream<Item = Result<pb::list_resource::Event, Status>> + Send>>;

/// Starts the list `request` asks for and answers its events as they come.
pub fn list_resource(
    provider: Arc<dyn Provider>,
    request: pb::list_resource::Request,
    stop: CancellationToken,
) -> EventStream {
    let (answers, answered) = mpsc::channel(1);
    tokio::spawn(async move {
        let listing = list(provider.as_ref(), &request, &stop, &answers);
        if let Err(panic) = AssertUnwindSafe(listing).catch_unwind().await {
            let event = event_to_proto(
                None,
                ListEvent::failed(internal_error("ListResource", &*panic)),
            );
            // A closed stream has nobody left to tell.
            let _ = answers.send(Ok(event)).await;
        }
    });
    Box::pin(ReceiverStream::new(answered))
}

/// Finds the type, decodes the configuration and runs the framework's list,
/// encoding each event for `answers`.
async fn list(
    provider: &dyn Provider,
    request: &pb::list_resource::Request,
    stop: &CancellationToken,
    answers: &mpsc::Sender<Result<pb::list_resource::Event, Status>>,
) {
    let mut diagnostics = Diagnostics::default();
    let resource = core::find_resource(provider, &request.type_name, &mut diagnostics);
    let config = resource.and_then(|resource| {
        let schema = core::list::list_schema(resource, &mut diagnostics)?;
        decode_dynamic(
            request.config.as_ref(),
            schema.ty(),
            "list configuration",
            &mut diagnostics,
        )
    });
    let (Some(resource), Some(config)) = (resource, config) else {
        let _ = answers
            .send(Ok(event_to_proto(None, ListEvent::failed(diagnostics))))
            .await;
        return;
    };
    let (events, mut listed) = mpsc::channel(1);
    let listing = async move {
        core::list::list(
            resource,
            &config,
            request.include_resource_object,
            request.limit,
            stop,
            &events,
        )
        .await;
    };
    let forwarding = async move {
        while let Some(event) = listed.recv().await {
            if answers
                .send(Ok(event_to_proto(Some(resource), event)))
                .await
                .is_err()
            {
                return;
            }
        }
    };
    tokio::join!(listing, forwarding);
}

/// One event, with the identity and object encoded for `resource`'s schemas.
fn event_to_proto(resource: Option<&dyn Resource>, event: ListEvent) -> pb::list_resource::Event {
    let identity_schema = resource.and_then(|r| r.identity_schema());
    pb::list_resource::Event {
        identity: event
            .identity
            .zip(identity_schema)
            .map(|(identity, schema)| identity_to_proto(&identity, schema)),
        display_name: event.display_name,
        resource_object: event
            .object
            .zip(resource)
            .map(|(object, resource)| encode_dynamic(&object, resource.schema().ty())),
        diagnostic: diagnostics_to_proto(event.diagnostics),
    }
}
