//! The tfplugin6 RPC service: decodes each request into framework values, calls the
//! protocol's rules in `framework::server`, and encodes the answer. No rule of the
//! protocol lives here, only its wire format.

mod convert;
mod guard;
mod list;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::framework::diag::Diagnostics;
use crate::framework::provider::Provider;
use crate::framework::resource::Resource;
use crate::framework::server as core;
use crate::framework::value::Value;
use crate::proto::tfplugin6 as pb;
use crate::proto::tfplugin6::provider_server::Provider as ProviderRpc;
use crate::stop::StopSignal;

use convert::{
    decode_dynamic, diagnostics_to_proto, encode_dynamic, identity_schema_to_proto,
    identity_to_proto, path_to_proto, schema_to_proto,
};
use guard::{catch_panics, DiagnosticsResponse};

/// Runs one resource or data source RPC: finds the type with `$find`
/// (`core::find_resource` or `core::find_data_source`), then `$handler` decodes the request,
/// calls the framework's core and encodes its answer (`None` when the input cannot
/// be decoded). `$unanswered` is the answer, built only then, when the type is
/// unknown or the handler answers `None`; the diagnostics recorded on the way are added to whichever answer
/// it is, and a panic becomes one. A macro, not a function taking an async closure:
/// tonic needs the handler's future to be `Send`, which the compiler cannot prove
/// for a closure borrowing the diagnostics (its lifetimes are higher-ranked).
macro_rules! with_type {
    ($service:expr, $find:path, $rpc:literal, $type_name:expr, $unanswered:expr,
     |$resource:ident, $diagnostics:ident| $handler:block) => {
        ok(catch_panics($rpc, async {
            let mut diagnostics = Diagnostics::default();
            let provider = $service.provider.as_ref();
            let answer = match $find(provider, $type_name, &mut diagnostics) {
                Some($resource) => {
                    let $diagnostics = &mut diagnostics;
                    async { $handler }.await
                }
                None => None,
            };
            let mut response = answer.unwrap_or_else(|| $unanswered);
            response
                .diagnostics_mut()
                .extend(diagnostics_to_proto(diagnostics));
            response
        })
        .await)
    };
}

pub struct ProviderService {
    provider: Arc<dyn Provider>,
    /// StopProvider abandons the reads, updates, deletes and imports in flight; the
    /// server keeps serving.
    stop: StopSignal,
    /// Whether the client knows resource identities: it asked for the identity
    /// schemas, or configured the provider as Terraform 1.12 or later (OpenTofu 1.12
    /// says 1.13). Terraform asks for schemas in one provider process and caches
    /// them, so the process that imports or plans may never be asked; older clients
    /// and Pulumi's bridge ("1.0.0+pulumi-terraform-bridge") neither ask nor say such
    /// a version. Only then are identities built: building one asks AWS (STS) for
    /// the account, a call nobody else needs.
    identities: AtomicBool,
}

impl ProviderService {
    pub fn new(provider: Arc<dyn Provider>) -> Self {
        ProviderService {
            provider,
            stop: StopSignal::default(),
            identities: AtomicBool::new(false),
        }
    }

    /// `identity`, encoded, when the client knows identities (see
    /// [`identities`](Self::identities)); otherwise it is not even built, since
    /// building one may ask AWS for the account.
    async fn answer_identity(
        &self,
        resource: &dyn Resource,
        identity: impl Future<Output = Option<Value>>,
    ) -> Option<pb::ResourceIdentityData> {
        if !self.identities.load(Ordering::Relaxed) {
            return None;
        }
        let identity = identity.await?;
        Some(identity_to_proto(&identity, resource.identity_schema()?))
    }

    fn capabilities() -> pb::ServerCapabilities {
        pb::ServerCapabilities {
            plan_destroy: true,
            get_provider_schema_optional: true,
            move_resource_state: false,
            generate_resource_config: true,
        }
    }
}

/// The first Terraform version with resource identities.
const FIRST_WITH_IDENTITIES: (u64, u64) = (1, 12);

/// Whether a client that calls itself Terraform `version` (`1.14.9`, `1.13.0` for
/// OpenTofu 1.12, `1.0.0+pulumi-terraform-bridge`) knows resource identities.
fn knows_identities(version: &str) -> bool {
    let release = version.split(['+', '-']).next().unwrap_or_default();
    let mut numbers = release.split('.').map(|n| n.parse::<u64>().ok());
    match (numbers.next().flatten(), numbers.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= FIRST_WITH_IDENTITIES,
        _ => false,
    }
}

fn ok<T>(message: T) -> Result<Response<T>, Status> {
    Ok(Response::new(message))
}

/// Decodes a data source's or ephemeral resource's configuration and validates it;
/// `None` when it cannot be decoded.
fn validate_reader(
    reader: core::Reader<'_>,
    config: Option<&pb::DynamicValue>,
    diagnostics: &mut Diagnostics,
) -> Option<()> {
    let config = decode_dynamic(config, reader.schema().ty(), "configuration", diagnostics)?;
    core::validate_reader_config(reader, &config, diagnostics);
    Some(())
}

/// Decodes a data source's or ephemeral resource's configuration and reads it: the
/// encoded object, if one was read; `None` when the configuration cannot be decoded.
async fn read_reader(
    reader: core::Reader<'_>,
    config: Option<&pb::DynamicValue>,
    stop: &CancellationToken,
    diagnostics: &mut Diagnostics,
) -> Option<Option<pb::DynamicValue>> {
    let ty = reader.schema().ty();
    let config = decode_dynamic(config, ty, "configuration", diagnostics)?;
    let object = core::read_object(reader, &config, stop, diagnostics).await;
    Some(object.map(|object| encode_dynamic(&object, ty)))
}

#[tonic::async_trait]
impl ProviderRpc for ProviderService {
    async fn get_metadata(
        &self,
        _: Request<pb::get_metadata::Request>,
    ) -> Result<Response<pb::get_metadata::Response>, Status> {
        let catalog = self.provider.catalog();
        ok(pb::get_metadata::Response {
            server_capabilities: Some(Self::capabilities()),
            diagnostics: Vec::new(),
            data_sources: catalog
                .data_sources
                .iter()
                .map(|d| pb::get_metadata::DataSourceMetadata {
                    type_name: d.type_name().to_string(),
                })
                .collect(),
            resources: catalog
                .resources
                .iter()
                .map(|r| pb::get_metadata::ResourceMetadata {
                    type_name: r.type_name().to_string(),
                })
                .collect(),
            ephemeral_resources: catalog
                .ephemeral_resources
                .iter()
                .map(|e| pb::get_metadata::EphemeralMetadata {
                    type_name: e.type_name().to_string(),
                })
                .collect(),
            list_resources: catalog
                .resources
                .iter()
                .filter(|r| r.list_schema().is_some())
                .map(|r| pb::get_metadata::ListResourceMetadata {
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
            let catalog = self.provider.catalog();
            pb::get_provider_schema::Response {
                provider: Some(schema_to_proto(self.provider.schema())),
                resource_schemas: catalog
                    .resources
                    .iter()
                    .map(|r| (r.type_name().to_string(), schema_to_proto(r.schema())))
                    .collect(),
                data_source_schemas: catalog
                    .data_sources
                    .iter()
                    .map(|d| (d.type_name().to_string(), schema_to_proto(d.schema())))
                    .collect(),
                ephemeral_resource_schemas: catalog
                    .ephemeral_resources
                    .iter()
                    .map(|e| (e.type_name().to_string(), schema_to_proto(e.schema())))
                    .collect(),
                list_resource_schemas: catalog
                    .resources
                    .iter()
                    .filter_map(|r| {
                        Some((r.type_name().to_string(), schema_to_proto(r.list_schema()?)))
                    })
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
            let provider = self.provider.as_ref();
            let ty = provider.schema().ty();
            let what = "provider configuration";
            if let Some(config) =
                decode_dynamic(request.config.as_ref(), ty, what, &mut diagnostics)
            {
                core::validate_provider_config(provider, &config, &mut diagnostics);
            }
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
        with_type!(
            self,
            core::find_resource,
            "ValidateResourceConfig",
            &request.type_name,
            Default::default(),
            |resource, diagnostics| {
                let ty = resource.schema().ty();
                let config =
                    decode_dynamic(request.config.as_ref(), ty, "configuration", diagnostics)?;
                let write_only_allowed = request
                    .client_capabilities
                    .as_ref()
                    .is_some_and(|c| c.write_only_attributes_allowed);
                core::validate_resource_config(resource, &config, write_only_allowed, diagnostics);
                Some(pb::validate_resource_config::Response::default())
            }
        )
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<pb::validate_data_resource_config::Request>,
    ) -> Result<Response<pb::validate_data_resource_config::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_data_source,
            "ValidateDataResourceConfig",
            &request.type_name,
            Default::default(),
            |reader, diagnostics| {
                validate_reader(reader, request.config.as_ref(), diagnostics)?;
                Some(pb::validate_data_resource_config::Response::default())
            }
        )
    }

    async fn read_data_source(
        &self,
        request: Request<pb::read_data_source::Request>,
    ) -> Result<Response<pb::read_data_source::Response>, Status> {
        let request = request.into_inner();
        let stop = self.stop.token();
        with_type!(
            self,
            core::find_data_source,
            "ReadDataSource",
            &request.type_name,
            Default::default(),
            |reader, diagnostics| {
                let state =
                    read_reader(reader, request.config.as_ref(), &stop, diagnostics).await?;
                Some(pb::read_data_source::Response {
                    state,
                    ..Default::default()
                })
            }
        )
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Result<Response<pb::validate_ephemeral_resource_config::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_ephemeral_resource,
            "ValidateEphemeralResourceConfig",
            &request.type_name,
            Default::default(),
            |reader, diagnostics| {
                validate_reader(reader, request.config.as_ref(), diagnostics)?;
                Some(pb::validate_ephemeral_resource_config::Response::default())
            }
        )
    }

    async fn open_ephemeral_resource(
        &self,
        request: Request<pb::open_ephemeral_resource::Request>,
    ) -> Result<Response<pb::open_ephemeral_resource::Response>, Status> {
        let request = request.into_inner();
        let stop = self.stop.token();
        with_type!(
            self,
            core::find_ephemeral_resource,
            "OpenEphemeralResource",
            &request.type_name,
            Default::default(),
            |reader, diagnostics| {
                let result =
                    read_reader(reader, request.config.as_ref(), &stop, diagnostics).await?;
                Some(pb::open_ephemeral_resource::Response {
                    result,
                    ..Default::default()
                })
            }
        )
    }

    /// Nothing was kept open, so there is nothing to release.
    async fn close_ephemeral_resource(
        &self,
        _: Request<pb::close_ephemeral_resource::Request>,
    ) -> Result<Response<pb::close_ephemeral_resource::Response>, Status> {
        ok(pb::close_ephemeral_resource::Response::default())
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<pb::upgrade_resource_state::Request>,
    ) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_resource,
            "UpgradeResourceState",
            &request.type_name,
            Default::default(),
            |resource, diagnostics| {
                let raw = request.raw_state.as_ref();
                let stored = core::StoredState {
                    version: request.version,
                    json: raw.map(|r| r.json.as_slice()).unwrap_or_default(),
                    flatmap: raw.is_some_and(|r| !r.flatmap.is_empty()),
                };
                let upgraded = core::upgrade_state(resource, &stored, diagnostics)?;
                Some(pb::upgrade_resource_state::Response {
                    upgraded_state: Some(encode_dynamic(&upgraded, resource.schema().ty())),
                    ..Default::default()
                })
            }
        )
    }

    async fn get_resource_identity_schemas(
        &self,
        _: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        self.identities.store(true, Ordering::Relaxed);
        ok(catch_panics("GetResourceIdentitySchemas", async {
            pb::get_resource_identity_schemas::Response {
                identity_schemas: self
                    .provider
                    .catalog()
                    .resources
                    .iter()
                    .filter_map(|r| {
                        let schema = r.identity_schema()?;
                        Some((r.type_name().to_string(), identity_schema_to_proto(schema)))
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .await)
    }

    async fn upgrade_resource_identity(
        &self,
        request: Request<pb::upgrade_resource_identity::Request>,
    ) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_resource,
            "UpgradeResourceIdentity",
            &request.type_name,
            Default::default(),
            |resource, diagnostics| {
                let json = request.raw_identity.as_ref().map(|r| r.json.as_slice());
                let upgraded = core::upgrade_identity(
                    resource,
                    request.version,
                    json.unwrap_or_default(),
                    diagnostics,
                )?;
                Some(pb::upgrade_resource_identity::Response {
                    upgraded_identity: Some(identity_to_proto(
                        &upgraded,
                        resource.identity_schema()?,
                    )),
                    ..Default::default()
                })
            }
        )
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
            if knows_identities(&request.terraform_version) {
                self.identities.store(true, Ordering::Relaxed);
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
        let stop = self.stop.token();
        with_type!(
            self,
            core::find_resource,
            "ReadResource",
            &request.type_name,
            pb::read_resource::Response {
                private: request.private.clone(),
                ..Default::default()
            },
            |resource, diagnostics| {
                let ty = resource.schema().ty();
                let current = request.current_state.as_ref();
                let current = decode_dynamic(current, ty, "prior state", diagnostics)?;
                let private = request.private.clone();
                let read = core::read(resource, current, private, &stop, diagnostics).await;
                let new_identity = match &read.state {
                    Some(state) => {
                        self.answer_identity(resource, core::identity_of(resource, state))
                            .await
                    }
                    None => None,
                };
                Some(pb::read_resource::Response {
                    new_state: read.state.map(|state| encode_dynamic(&state, ty)),
                    private: read.private,
                    new_identity,
                    ..Default::default()
                })
            }
        )
    }

    async fn plan_resource_change(
        &self,
        request: Request<pb::plan_resource_change::Request>,
    ) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_resource,
            "PlanResourceChange",
            &request.type_name,
            pb::plan_resource_change::Response {
                planned_private: request.prior_private.clone(),
                ..Default::default()
            },
            |resource, diagnostics| {
                let ty = resource.schema().ty();
                let prior =
                    decode_dynamic(request.prior_state.as_ref(), ty, "prior state", diagnostics);
                let proposed = request.proposed_new_state.as_ref();
                let proposed = decode_dynamic(proposed, ty, "proposed new state", diagnostics);
                let config =
                    decode_dynamic(request.config.as_ref(), ty, "configuration", diagnostics);
                let (Some(prior), Some(proposed), Some(config)) = (prior, proposed, config) else {
                    return None;
                };
                let private = request.prior_private.clone();
                let planned =
                    core::plan(resource, &prior, &proposed, &config, private, diagnostics).await;
                let planned_identity = self
                    .answer_identity(resource, core::planned_identity(resource, &prior, &planned))
                    .await;
                Some(pb::plan_resource_change::Response {
                    planned_state: Some(encode_dynamic(&planned.state, ty)),
                    requires_replace: planned.requires_replace.iter().map(path_to_proto).collect(),
                    planned_private: planned.private,
                    planned_identity,
                    ..Default::default()
                })
            }
        )
    }

    async fn apply_resource_change(
        &self,
        request: Request<pb::apply_resource_change::Request>,
    ) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let request = request.into_inner();
        let stop = self.stop.token();
        with_type!(
            self,
            core::find_resource,
            "ApplyResourceChange",
            &request.type_name,
            pb::apply_resource_change::Response {
                private: request.planned_private.clone(),
                ..Default::default()
            },
            |resource, diagnostics| {
                let ty = resource.schema().ty();
                let prior =
                    decode_dynamic(request.prior_state.as_ref(), ty, "prior state", diagnostics)?;
                let planned = request.planned_state.as_ref();
                let planned = decode_dynamic(planned, ty, "planned state", diagnostics)?;
                let config =
                    decode_dynamic(request.config.as_ref(), ty, "configuration", diagnostics)?;
                let private = request.planned_private.clone();
                let applied = core::apply(
                    resource,
                    prior,
                    planned,
                    &config,
                    private,
                    &stop,
                    diagnostics,
                )
                .await;
                let new_identity = match &applied.state {
                    Some(state) => {
                        self.answer_identity(resource, core::identity_of(resource, state))
                            .await
                    }
                    None => None,
                };
                Some(pb::apply_resource_change::Response {
                    new_state: applied.state.map(|state| encode_dynamic(&state, ty)),
                    private: applied.private,
                    new_identity,
                    ..Default::default()
                })
            }
        )
    }

    async fn import_resource_state(
        &self,
        request: Request<pb::import_resource_state::Request>,
    ) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let request = request.into_inner();
        let stop = self.stop.token();
        with_type!(
            self,
            core::find_resource,
            "ImportResourceState",
            &request.type_name,
            Default::default(),
            |resource, diagnostics| {
                let by_identity = match (&request.identity, resource.identity_schema()) {
                    (Some(identity), Some(schema)) => Some(decode_dynamic(
                        identity.identity_data.as_ref(),
                        &schema.ty(),
                        "import identity",
                        diagnostics,
                    )?),
                    _ => None,
                };
                let imported = match &by_identity {
                    Some(identity) => {
                        core::import_by_identity(resource, identity, &stop, diagnostics).await
                    }
                    None => core::import(resource, &request.id, &stop, diagnostics).await,
                };
                let mut imported_resources = Vec::new();
                if let Some(imported) = imported {
                    imported_resources.push(pb::import_resource_state::ImportedResource {
                        type_name: request.type_name.clone(),
                        state: Some(encode_dynamic(&imported.state, resource.schema().ty())),
                        identity: self
                            .answer_identity(resource, core::identity_of(resource, &imported.state))
                            .await,
                        private: imported.private,
                    });
                }
                Some(pb::import_resource_state::Response {
                    imported_resources,
                    ..Default::default()
                })
            }
        )
    }

    async fn move_resource_state(
        &self,
        request: Request<pb::move_resource_state::Request>,
    ) -> Result<Response<pb::move_resource_state::Response>, Status> {
        let request = request.into_inner();
        let mut diagnostics = Diagnostics::default();
        core::move_state(
            &request.source_type_name,
            &request.target_type_name,
            &mut diagnostics,
        );
        ok(pb::move_resource_state::Response {
            diagnostics: diagnostics_to_proto(diagnostics),
            ..Default::default()
        })
    }

    type ListResourceStream = list::EventStream;

    async fn list_resource(
        &self,
        request: Request<pb::list_resource::Request>,
    ) -> Result<Response<Self::ListResourceStream>, Status> {
        let stream = list::list_resource(
            self.provider.clone(),
            request.into_inner(),
            self.stop.token(),
        );
        Ok(Response::new(stream))
    }

    async fn validate_list_resource_config(
        &self,
        request: Request<pb::validate_list_resource_config::Request>,
    ) -> Result<Response<pb::validate_list_resource_config::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_resource,
            "ValidateListResourceConfig",
            &request.type_name,
            Default::default(),
            |resource, diagnostics| {
                let schema = core::list::list_schema(resource, diagnostics)?;
                let config = decode_dynamic(
                    request.config.as_ref(),
                    schema.ty(),
                    "list configuration",
                    diagnostics,
                )?;
                core::list::validate_list_config(resource, &config, diagnostics);
                Some(pb::validate_list_resource_config::Response::default())
            }
        )
    }

    async fn generate_resource_config(
        &self,
        request: Request<pb::generate_resource_config::Request>,
    ) -> Result<Response<pb::generate_resource_config::Response>, Status> {
        let request = request.into_inner();
        with_type!(
            self,
            core::find_resource,
            "GenerateResourceConfig",
            &request.type_name,
            Default::default(),
            |resource, diagnostics| {
                let ty = resource.schema().ty();
                let state = decode_dynamic(request.state.as_ref(), ty, "state", diagnostics)?;
                let config = core::list::generate_config(resource, &state, diagnostics)?;
                Some(pb::generate_resource_config::Response {
                    config: Some(encode_dynamic(&config, ty)),
                    ..Default::default()
                })
            }
        )
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

#[cfg(test)]
mod tests {
    use super::knows_identities;

    #[test]
    fn identities_go_to_clients_that_say_terraform_1_12_or_later() {
        for version in ["1.12.0", "1.14.9", "1.13.0", "2.0.0-beta1"] {
            assert!(knows_identities(version), "{version}");
        }
        for version in [
            "1.11.4",
            "1.0.0+pulumi-terraform-bridge",
            "pulumi-terraform-bridge",
            "",
        ] {
            assert!(!knows_identities(version), "{version}");
        }
    }
}
