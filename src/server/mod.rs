//! The tfplugin6 RPC service: decodes requests, applies the protocol's rules through
//! the framework, calls the provider's resources, and encodes the answers.

mod convert;
mod guard;

use std::sync::Arc;

use tonic::{Request, Response, Status};

use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::plan::{plan_change, validate_config};
use crate::framework::provider::Provider;
use crate::framework::resource::{PlanRequest, Resource, StateResponse};
use crate::framework::schema::Schema;
use crate::framework::value::Value;
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::stop::StopSignal;

use convert::{
    decode_dynamic, diagnostics_to_proto, encode_dynamic, encode_state, path_to_proto,
    schema_to_proto,
};
use guard::{catch_panics, until_stopped};

pub struct ProviderService {
    provider: Arc<dyn Provider>,
    /// StopProvider abandons the reads, updates, deletes and imports in flight; the
    /// server keeps serving.
    stop: StopSignal,
}

impl ProviderService {
    pub fn new(provider: Arc<dyn Provider>) -> Self {
        ProviderService {
            provider,
            stop: StopSignal::default(),
        }
    }

    fn resource(&self, type_name: &str, diagnostics: &mut Diagnostics) -> Option<&dyn Resource> {
        let found = self
            .provider
            .resources()
            .iter()
            .find(|r| r.type_name() == type_name);
        if found.is_none() {
            diagnostics.error(
                "Unknown resource type",
                format!("This provider does not serve the resource type \"{type_name}\"."),
            );
        }
        found.map(|r| r.as_ref())
    }

    fn capabilities() -> pb::ServerCapabilities {
        pb::ServerCapabilities {
            plan_destroy: true,
            get_provider_schema_optional: true,
            move_resource_state: false,
        }
    }
}

fn ok<T>(message: T) -> Result<Response<T>, Status> {
    Ok(Response::new(message))
}

/// Checks that a state handed to Terraform holds no unknown value.
fn require_wholly_known(state: &Option<Value>, rpc: &str, diagnostics: &mut Diagnostics) -> bool {
    let known = state.as_ref().is_none_or(Value::is_wholly_known);
    if !known {
        diagnostics.error(
            "Provider produced an incomplete state",
            format!(
                "{rpc} left unknown values in the resource state. This is a bug in the provider."
            ),
        );
    }
    known
}

#[tonic::async_trait]
impl ProviderRpc for ProviderService {
    async fn get_metadata(
        &self,
        _: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        ok(pb::get_metadata::Response {
            server_capabilities: Some(Self::capabilities()),
            diagnostics: Vec::new(),
            resources: self
                .provider
                .resources()
                .iter()
                .map(|r| pb::get_metadata::ResourceMetadata {
                    type_name: r.type_name().to_string(),
                })
                .collect(),
        })
    }

    async fn get_provider_schema(
        &self,
        _: Request<pb::get_provider_schema::Request>,
    ) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        ok(catch_panics("GetProviderSchema", async {
            pb::get_provider_schema::Response {
                provider: Some(schema_to_proto(self.provider.schema())),
                resource_schemas: self
                    .provider
                    .resources()
                    .iter()
                    .map(|r| (r.type_name().to_string(), schema_to_proto(r.schema())))
                    .collect(),
                server_capabilities: Some(Self::capabilities()),
                ..Default::default()
            }
        })
        .await)
    }

    async fn validate_provider_config(
        &self,
        request: Request<pb::validate_provider_config::Request>,
    ) -> Result<Response<pb::validate_provider_config::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("ValidateProviderConfig", async {
            let mut diagnostics = Diagnostics::default();
            validate_configuration(
                self.provider.schema(),
                request.config.as_ref(),
                "provider configuration",
                |config, diagnostics| self.provider.validate_config(config, diagnostics),
                &mut diagnostics,
            );
            pb::validate_provider_config::Response {
                diagnostics: diagnostics_to_proto(diagnostics),
            }
        })
        .await)
    }

    async fn validate_resource_config(
        &self,
        request: Request<pb::validate_resource_config::Request>,
    ) -> Result<Response<pb::validate_resource_config::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("ValidateResourceConfig", async {
            let mut diagnostics = Diagnostics::default();
            if let Some(resource) = self.resource(&request.type_name, &mut diagnostics) {
                validate_configuration(
                    resource.schema(),
                    request.config.as_ref(),
                    "configuration",
                    |config, diagnostics| resource.validate_config(config, diagnostics),
                    &mut diagnostics,
                );
            }
            pb::validate_resource_config::Response {
                diagnostics: diagnostics_to_proto(diagnostics),
            }
        })
        .await)
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("UpgradeResourceState", async {
            let mut diagnostics = Diagnostics::default();
            let mut upgraded = None;
            if let Some(resource) = self.resource(&request.type_name, &mut diagnostics) {
                upgraded = upgrade_state(resource, &request, &mut diagnostics);
            }
            pb::upgrade_resource_state::Response {
                upgraded_state: upgraded,
                diagnostics: diagnostics_to_proto(diagnostics),
            }
        })
        .await)
    }

    async fn get_resource_identity_schemas(
        &self,
        _: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        ok(pb::get_resource_identity_schemas::Response::default())
    }

    async fn configure_provider(
        &self,
        request: Request<pb::configure_provider::Request>,
    ) -> Result<Response<pb::configure_provider::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("ConfigureProvider", async {
            let mut diagnostics = Diagnostics::default();
            let schema = self.provider.schema();
            if let Some(config) = decode_dynamic(
                request.config.as_ref(),
                schema.ty(),
                "provider configuration",
                &mut diagnostics,
            ) {
                self.provider
                    .configure(&config, &request.terraform_version, &mut diagnostics);
            }
            pb::configure_provider::Response {
                diagnostics: diagnostics_to_proto(diagnostics),
            }
        })
        .await)
    }

    async fn read_resource(
        &self,
        request: Request<pb::read_resource::Request>,
    ) -> Result<Response<pb::read_resource::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("ReadResource", async {
            let mut diagnostics = Diagnostics::default();
            let mut new_state = None;
            let mut private = request.private.clone();
            if let Some(resource) = self.resource(&request.type_name, &mut diagnostics) {
                (new_state, private) = self.read(resource, &request, &mut diagnostics).await;
            }
            pb::read_resource::Response {
                new_state,
                diagnostics: diagnostics_to_proto(diagnostics),
                private,
            }
        })
        .await)
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("PlanResourceChange", async {
            let mut diagnostics = Diagnostics::default();
            let mut response = pb::plan_resource_change::Response {
                planned_private: request.prior_private.clone(),
                ..Default::default()
            };
            if let Some(resource) = self.resource(&request.type_name, &mut diagnostics) {
                plan_resource(resource, &request, &mut response, &mut diagnostics).await;
            }
            response.diagnostics = diagnostics_to_proto(diagnostics);
            response
        })
        .await)
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("ApplyResourceChange", async {
            let mut diagnostics = Diagnostics::default();
            let mut new_state = None;
            if let Some(resource) = self.resource(&request.type_name, &mut diagnostics) {
                new_state = self.apply(resource, &request, &mut diagnostics).await;
            }
            pb::apply_resource_change::Response {
                new_state,
                private: request.planned_private,
                diagnostics: diagnostics_to_proto(diagnostics),
                legacy_type_system: false,
            }
        })
        .await)
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let request = request.into_inner();
        ok(catch_panics("ImportResourceState", async {
            let stop = self.stop.token();
            let mut diagnostics = Diagnostics::default();
            let mut imported_resources = Vec::new();
            if let Some(resource) = self.resource(&request.type_name, &mut diagnostics) {
                if let Some(imported) =
                    until_stopped(&stop, resource.import(&request.id), &mut diagnostics).await
                {
                    diagnostics.extend(imported.diagnostics);
                    if let Some(state) = imported.state.filter(|_| !diagnostics.has_errors()) {
                        imported_resources.push(pb::import_resource_state::ImportedResource {
                            type_name: request.type_name.clone(),
                            state: Some(encode_dynamic(&state, resource.schema().ty())),
                            private: imported.private.unwrap_or_default(),
                        });
                    }
                }
            }
            pb::import_resource_state::Response {
                imported_resources,
                diagnostics: diagnostics_to_proto(diagnostics),
            }
        })
        .await)
    }

    async fn move_resource_state(
        &self,
        request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        let request = request.into_inner();
        let mut diagnostics = Diagnostics::default();
        diagnostics.error(
            "Move not supported",
            format!(
                "This provider cannot move state from \"{}\" into \"{}\". Remove the moved block and \
                 import the object instead.",
                request.source_type_name, request.target_type_name
            ),
        );
        ok(pb::move_resource_state::Response {
            diagnostics: diagnostics_to_proto(diagnostics),
            ..Default::default()
        })
    }

    async fn get_functions(
        &self,
        _: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        ok(pb::get_functions::Response::default())
    }

    async fn stop_provider(
        &self,
        _: Request<pb::stop_provider::Request>,
    ) -> Result<Response<pb::stop_provider::Response>, Status> {
        tracing::info!("stop requested: cancelling in-flight operations");
        // The server's own cancellation first, so that what it abandons reports
        // "Operation cancelled" rather than the provider's reason for not sending.
        self.stop.stop();
        self.provider.stop();
        ok(pb::stop_provider::Response {
            error: String::new(),
        })
    }
}

/// Decodes a configuration, then runs the schema's validators and the owner's own checks.
fn validate_configuration(
    schema: &Schema,
    config: Option<&pb::DynamicValue>,
    what: &str,
    own_checks: impl FnOnce(&Value, &mut Diagnostics),
    diagnostics: &mut Diagnostics,
) {
    if let Some(config) = decode_dynamic(config, schema.ty(), what, diagnostics) {
        validate_config(&schema.block, &Path::default(), &config, diagnostics);
        own_checks(&config, diagnostics);
    }
}

/// Decodes stored JSON state with the current schema: unknown keys are dropped,
/// missing ones become null (state schema version 0 is the only one so far).
fn upgrade_state(
    resource: &dyn Resource,
    request: &pb::upgrade_resource_state::Request,
    diagnostics: &mut Diagnostics,
) -> Option<pb::DynamicValue> {
    let schema = resource.schema();
    if request.version > schema.version {
        diagnostics.error(
            "Resource state from a newer provider",
            format!(
                "The state of this {} was written with schema version {}, but this provider only knows \
                 versions up to {}. Use the provider version that wrote the state.",
                request.type_name, request.version, schema.version
            ),
        );
        return None;
    }
    let raw = request.raw_state.as_ref();
    let json = raw.map(|r| r.json.as_slice()).unwrap_or_default();
    if json.is_empty() {
        if raw.is_some_and(|r| !r.flatmap.is_empty()) {
            diagnostics.error(
                "Unsupported state format",
                "The state was written by Terraform 0.11 or older (flatmap format). Upgrade it with \
                 Terraform 0.12 first.",
            );
            return None;
        }
        return Some(encode_dynamic(&Value::Null, schema.ty()));
    }
    match crate::framework::codec::decode_json(json, schema.ty()) {
        Ok(state) => Some(encode_dynamic(&state, schema.ty())),
        Err(error) => {
            convert::report_decode_error(error, "stored state", diagnostics);
            None
        }
    }
}

async fn plan_resource(
    resource: &dyn Resource,
    request: &pb::plan_resource_change::Request,
    response: &mut pb::plan_resource_change::Response,
    diagnostics: &mut Diagnostics,
) {
    let ty = resource.schema().ty();
    let prior = decode_dynamic(request.prior_state.as_ref(), ty, "prior state", diagnostics);
    let proposed = decode_dynamic(
        request.proposed_new_state.as_ref(),
        ty,
        "proposed new state",
        diagnostics,
    );
    let config = decode_dynamic(request.config.as_ref(), ty, "configuration", diagnostics);
    let (Some(prior), Some(proposed), Some(config)) = (prior, proposed, config) else {
        return;
    };
    if proposed.is_null() {
        // Destroy: the plan must be null.
        response.planned_state = Some(encode_dynamic(&Value::Null, ty));
        return;
    }
    let mut change = plan_change(resource.schema(), &prior, &proposed, &config);
    let plan_request = PlanRequest {
        prior: &prior,
        config: &config,
    };
    resource.modify_plan(&plan_request, &mut change).await;
    change.normalise_replacements();
    diagnostics.extend(std::mem::take(&mut change.diagnostics));
    response.planned_state = Some(encode_dynamic(&change.planned, ty));
    response.requires_replace = change.requires_replace.iter().map(path_to_proto).collect();
}

impl ProviderService {
    /// Refreshes one object: its new state (null when it is gone) and private state.
    /// On failure the current state is answered, which Terraform keeps anyway.
    async fn read(
        &self,
        resource: &dyn Resource,
        request: &pb::read_resource::Request,
        diagnostics: &mut Diagnostics,
    ) -> (Option<pb::DynamicValue>, Vec<u8>) {
        let stop = self.stop.token();
        let ty = resource.schema().ty();
        let mut private = request.private.clone();
        let Some(current) = decode_dynamic(
            request.current_state.as_ref(),
            ty,
            "prior state",
            diagnostics,
        ) else {
            return (None, private);
        };
        let mut state = Some(current.clone());
        if !current.is_null() {
            let read = until_stopped(
                &stop,
                resource.read(&current, &request.private),
                diagnostics,
            )
            .await;
            if let Some(read) = read {
                if !read.diagnostics.has_errors() {
                    state = read.state;
                    private = read.private.unwrap_or(private);
                }
                diagnostics.extend(read.diagnostics);
            }
        }
        if !require_wholly_known(&state, "ReadResource", diagnostics) {
            return (None, private);
        }
        (Some(encode_state(state.as_ref(), ty)), private)
    }

    async fn apply(
        &self,
        resource: &dyn Resource,
        request: &pb::apply_resource_change::Request,
        diagnostics: &mut Diagnostics,
    ) -> Option<pb::DynamicValue> {
        let stop = self.stop.token();
        let ty = resource.schema().ty();
        let prior = decode_dynamic(request.prior_state.as_ref(), ty, "prior state", diagnostics)?;
        let planned = decode_dynamic(
            request.planned_state.as_ref(),
            ty,
            "planned state",
            diagnostics,
        )?;
        if planned.is_null() {
            let deleted = until_stopped(&stop, resource.delete(&prior), diagnostics).await;
            let failed = deleted.as_ref().is_none_or(Diagnostics::has_errors);
            diagnostics.extend(deleted.unwrap_or_default());
            // A failed delete leaves the object in place, and in state.
            let state = if failed { prior } else { Value::Null };
            return Some(encode_dynamic(&state, ty));
        }
        let outcome = if prior.is_null() {
            // Not abandoned on StopProvider: a create already sent may have made the
            // client, which must then reach the state, or the next apply would make
            // a second one. The provider's stop ends the create's waits instead.
            resource.create(&planned).await
        } else {
            until_stopped(&stop, resource.update(&prior, &planned), diagnostics)
                .await
                .unwrap_or_default()
        };
        let StateResponse {
            state,
            diagnostics: operation_diagnostics,
            ..
        } = outcome;
        diagnostics.extend(operation_diagnostics);
        // Without a new object, an update keeps the prior one; a create has none.
        let state = state.or_else(|| (!prior.is_null()).then_some(prior));
        if !require_wholly_known(&state, "ApplyResourceChange", diagnostics) {
            return None;
        }
        Some(encode_state(state.as_ref(), ty))
    }
}
