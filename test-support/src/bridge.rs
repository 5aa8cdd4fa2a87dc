//! Pulumi's Terraform bridge as the provider sees it: the tfplugin6 calls of
//! `pkg/pf/tfbridge` for each Pulumi step, with the bridge's exact inputs.
//!
//! - The process is launched as go-plugin does for the bridge ([`crate::plugin`]):
//!   magic cookie, `PLUGIN_PROTOCOL_VERSIONS=5,6`, a P-521 client certificate, mTLS.
//! - `GetProviderSchema` once per process (twice, as the logs show), then
//!   `ValidateProviderConfig` and `ConfigureProvider` with
//!   `TerraformVersion = "1.0.0+pulumi-terraform-bridge"` and
//!   `write_only_attributes_allowed`.
//! - Pulumi keeps a resource's outputs, where every number is a float64, plus
//!   `__meta` (private state, schema version). Each diff, update and refresh starts
//!   with `UpgradeResourceState` at the stored version, fed JSON rebuilt from those
//!   outputs (numbers as floats, sets as arrays).
//! - Create: `PlanResourceChange(prior = null, ProposedNew(null, config))`, then
//!   `ApplyResourceChange(prior = null, planned, config, planned_private)`.
//! - Import and `.get(id)`: `ImportResourceState`, exactly one resource, then
//!   `ReadResource(imported state, imported private)`, with no upgrade.
//! - Delete: `ApplyResourceChange(prior, planned = null, config = null)`, no
//!   private state, no plan, no upgrade.
//! - Invoke (a function, i.e. a data source): `ValidateDataResourceConfig(type,
//!   config)`, then `ReadDataSource(type, config)` with neither client capabilities
//!   nor provider meta (`pkg/pf/tfbridge/provider_invoke.go`). Every diagnostic whose
//!   path is one attribute becomes a property's check failure, whatever its severity,
//!   and fails the invoke; any other error diagnostic fails it too.
//!
//! Every helper that drives a step panics, with the provider's diagnostics and
//! stderr, when the provider answers with a gRPC error or an ERROR diagnostic.

use std::collections::BTreeSet;

use serde_json::{json, Map, Number, Value};
use terraform_provider_aws::proto::tfplugin6::{
    self as tf, attribute_path::step::Selector, diagnostic::Severity,
    provider_client::ProviderClient, schema::nested_block::NestingMode, Diagnostic, DynamicValue,
};
use tonic::transport::Channel;

use crate::backend::{ACCESS_KEY, REGION, SECRET_KEY};
use crate::plugin::{msgpack, Options, Plugin};

pub use crate::plugin::msgpack::UNKNOWN;

/// What the bridge sends as `TerraformVersion` since pulumi-terraform-bridge#3514.
pub const TERRAFORM_VERSION: &str = "1.0.0+pulumi-terraform-bridge";
/// What it sent before; a provider must parse the version leniently.
pub const LEGACY_TERRAFORM_VERSION: &str = "pulumi-terraform-bridge";
/// The resource type the resource steps drive unless [`Bridge::start_for`] says otherwise.
pub const RESOURCE: &str = "aws_cognito_user_pool_client";

/// The bridge's client capabilities: write-only attributes yes, deferral never.
pub fn capabilities() -> Option<tf::ClientCapabilities> {
    Some(tf::ClientCapabilities {
        deferral_allowed: false,
        write_only_attributes_allowed: true,
    })
}

/// What Pulumi stores for a resource between operations.
#[derive(Clone, Debug)]
pub struct Stored {
    /// The Terraform state as Pulumi outputs: every number a float64.
    pub outputs: Value,
    /// `__meta.private_state`.
    pub private: Vec<u8>,
    /// `__meta.schema_version`.
    pub schema_version: i64,
}

impl Stored {
    /// The Pulumi resource id: `state.id`.
    pub fn id(&self) -> &str {
        self.outputs["id"].as_str().unwrap_or_default()
    }

    pub fn get(&self, attribute: &str) -> &Value {
        &self.outputs[attribute]
    }
}

/// A PlanResourceChange as the bridge sent it and the provider answered it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub prior: Value,
    pub config: Value,
    pub planned: Value,
    pub requires_replace: Vec<String>,
    pub planned_private: Vec<u8>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Plan {
    /// The top-level attributes whose planned value differs from the prior one
    /// (sets compared without regard to order), as the bridge's detailed diff.
    pub fn changed_attributes(&self) -> BTreeSet<String> {
        let keys: BTreeSet<&String> = object_keys(&self.prior)
            .chain(object_keys(&self.planned))
            .collect();
        keys.into_iter()
            .filter(|k| !same(&self.prior[k.as_str()], &self.planned[k.as_str()]))
            .cloned()
            .collect()
    }

    /// The bridge's replace keys: `requires_replace` paths whose value really
    /// changed (`checkRequiresReplace`).
    pub fn replace_keys(&self) -> BTreeSet<String> {
        self.requires_replace
            .iter()
            .filter(|path| !same(at_path(&self.prior, path), at_path(&self.planned, path)))
            .cloned()
            .collect()
    }

    /// No change at all: what `pulumi preview` shows as unchanged.
    pub fn is_no_op(&self) -> bool {
        self.changed_attributes().is_empty() && self.replace_keys().is_empty()
    }

    pub fn has_errors(&self) -> bool {
        has_errors(&self.diagnostics)
    }
}

/// What a refresh (Read with state) gave back.
#[derive(Debug)]
pub struct Refreshed {
    /// `None`: the provider says the object is gone.
    pub state: Option<Stored>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why the bridge fails an Invoke (`processInvokeDiagnostics`).
#[derive(Debug)]
pub struct InvokeFailure {
    /// `ValidateDataResourceConfig` or `ReadDataSource`.
    pub step: &'static str,
    /// The check failures Pulumi shows against a property: every diagnostic whose
    /// path is one attribute, of any severity.
    pub check_failures: Vec<CheckFailure>,
    /// The other error diagnostics.
    pub errors: Vec<Diagnostic>,
}

/// A property-level failure of an Invoke: the attribute (the bridge names it by its
/// Pulumi name) and `summary: detail`.
#[derive(Debug)]
pub struct CheckFailure {
    pub attribute: String,
    pub reason: String,
}

impl InvokeFailure {
    /// Every diagnostic's `summary: detail`, check failures first.
    pub fn reasons(&self) -> Vec<String> {
        self.check_failures
            .iter()
            .map(|f| format!("{}: {}", f.attribute, f.reason))
            .chain(
                self.errors
                    .iter()
                    .map(|d| format!("{}: {}", d.summary, d.detail)),
            )
            .collect()
    }
}

pub struct Bridge {
    plugin: Plugin,
    pub schema: tf::get_provider_schema::Response,
    /// The resource type the resource steps (check, create, diff, ...) drive.
    resource: &'static str,
}

impl Bridge {
    /// Launches the provider as the bridge's loader does and reads its schema; the
    /// resource steps drive [`RESOURCE`].
    pub async fn start() -> Bridge {
        Bridge::start_for(RESOURCE).await
    }

    /// [`Bridge::start`], with the resource steps driving `resource`.
    pub async fn start_for(resource: &'static str) -> Bridge {
        let plugin = Plugin::start_with(Options::default().protocol_versions("5,6"))
            .await
            .expect("the provider starts under go-plugin with AutoMTLS");
        let mut schemas = Vec::new();
        for _ in 0..2 {
            let response = plugin.schema().await;
            assert!(
                !has_errors(&response.diagnostics),
                "GetProviderSchema: {:?}",
                response.diagnostics
            );
            schemas.push(response);
        }
        assert_eq!(
            schemas[0], schemas[1],
            "GetProviderSchema must answer the same twice in one process"
        );
        let schema = schemas.pop().expect("a schema");
        assert!(
            schema.resource_schemas.contains_key(resource),
            "{resource} is not served"
        );
        Bridge {
            plugin,
            schema,
            resource,
        }
    }

    pub fn provider(&self) -> ProviderClient<Channel> {
        self.plugin.provider()
    }

    pub fn stderr(&self) -> String {
        self.plugin.stderr()
    }

    pub fn plugin(&mut self) -> &mut Plugin {
        &mut self.plugin
    }

    pub fn resource_schema(&self) -> &tf::Schema {
        &self.schema.resource_schemas[self.resource]
    }

    pub fn resource_block(&self) -> &tf::schema::Block {
        self.resource_schema()
            .block
            .as_ref()
            .expect("resource schema block")
    }

    /// The block of the data source `type_name`; panics when it is not served.
    pub fn data_source_block(&self, type_name: &str) -> &tf::schema::Block {
        self.schema
            .data_source_schemas
            .get(type_name)
            .and_then(|schema| schema.block.as_ref())
            .unwrap_or_else(|| panic!("the data source {type_name} is not served"))
    }

    pub fn provider_block(&self) -> &tf::schema::Block {
        self.schema
            .provider
            .as_ref()
            .and_then(|p| p.block.as_ref())
            .expect("provider schema block")
    }

    // -----------------------------------------------------------------------
    // Provider configuration
    // -----------------------------------------------------------------------

    /// The provider configuration object as the bridge encodes it (see
    /// [`provider_config`]).
    pub fn provider_config(&self, endpoint: &Value) -> Value {
        provider_config(self.provider_block(), endpoint)
    }

    /// CheckConfig then Configure, as for `pulumi up`; panics on any error.
    pub async fn configure(&self, endpoint: &str) {
        let config = self.provider_config(&json!(endpoint));
        let validation = self.validate_provider_config(&config).await;
        self.expect_no_errors("ValidateProviderConfig", &validation);
        let configured = self.configure_provider(&config, TERRAFORM_VERSION).await;
        self.expect_no_errors("ConfigureProvider", &configured);
    }

    pub async fn validate_provider_config(&self, config: &Value) -> Vec<Diagnostic> {
        self.provider()
            .validate_provider_config(tf::validate_provider_config::Request {
                config: Some(msgpack::dynamic(config)),
            })
            .await
            .unwrap_or_else(|s| self.fail("ValidateProviderConfig", s))
            .into_inner()
            .diagnostics
    }

    pub async fn configure_provider(&self, config: &Value, version: &str) -> Vec<Diagnostic> {
        self.provider()
            .configure_provider(tf::configure_provider::Request {
                terraform_version: version.to_string(),
                config: Some(msgpack::dynamic(config)),
                client_capabilities: capabilities(),
            })
            .await
            .unwrap_or_else(|s| self.fail("ConfigureProvider", s))
            .into_inner()
            .diagnostics
    }

    // -----------------------------------------------------------------------
    // Resource steps
    // -----------------------------------------------------------------------

    /// A resource configuration as the bridge encodes Pulumi inputs: every attribute
    /// present (null when unset); a `max_items = 1` block given as a single object
    /// becomes a list of that object, a null one an empty list, and an unknown one a
    /// list of one unknown object (`pkg/convert/flattened.go`).
    pub fn config(&self, inputs: Value) -> Value {
        let block = self.resource_block();
        let mut config = empty_value(block);
        for (name, value) in inputs.as_object().expect("inputs are an object") {
            let is_block = block.block_types.iter().any(|b| &b.type_name == name);
            let is_attribute = block.attributes.iter().any(|a| &a.name == name);
            assert!(is_block || is_attribute, "{} has no {name}", self.resource);
            config[name] = match (is_block, value) {
                (true, Value::Null) => json!([]),
                (true, Value::Object(_)) => json!([value]),
                (true, Value::String(s)) if s == UNKNOWN => json!([UNKNOWN]),
                (_, other) => other.clone(),
            };
        }
        config
    }

    /// Check: ValidateResourceConfig, after the bridge's auto-naming.
    pub async fn check(&self, config: &Value) -> Vec<Diagnostic> {
        self.provider()
            .validate_resource_config(tf::validate_resource_config::Request {
                type_name: self.resource.into(),
                config: Some(msgpack::dynamic(config)),
                client_capabilities: capabilities(),
            })
            .await
            .unwrap_or_else(|s| self.fail("ValidateResourceConfig", s))
            .into_inner()
            .diagnostics
    }

    /// Check that must pass.
    pub async fn check_ok(&self, config: &Value) {
        let diagnostics = self.check(config).await;
        self.expect_no_errors("ValidateResourceConfig", &diagnostics);
    }

    /// Create during preview: the plan only. Diagnostics are returned, not checked.
    pub async fn preview_create(&self, config: &Value) -> Plan {
        self.plan(&Value::Null, Vec::new(), config).await
    }

    /// Create during `pulumi up`: Check, plan, apply.
    pub async fn create(&self, config: &Value) -> Stored {
        self.check_ok(config).await;
        let plan = self.preview_create(config).await;
        self.expect_no_errors("PlanResourceChange (create)", &plan.diagnostics);
        self.apply(&plan, "ApplyResourceChange (create)").await
    }

    /// UpgradeResourceState at the stored version, fed JSON rebuilt from outputs.
    pub async fn upgrade(&self, stored: &Stored) -> Value {
        let raw = serde_json::to_vec(&stored.outputs).expect("outputs to JSON");
        let response = self
            .provider()
            .upgrade_resource_state(tf::upgrade_resource_state::Request {
                type_name: self.resource.into(),
                version: stored.schema_version,
                raw_state: Some(tf::RawState {
                    json: raw,
                    flatmap: Default::default(),
                }),
            })
            .await
            .unwrap_or_else(|s| self.fail("UpgradeResourceState", s))
            .into_inner();
        self.expect_no_errors("UpgradeResourceState", &response.diagnostics);
        let upgraded = decode(response.upgraded_state.as_ref());
        assert!(
            !upgraded.is_null(),
            "UpgradeResourceState returned a null state for {}",
            stored.outputs
        );
        self.expect_wholly_known("UpgradeResourceState", &upgraded);
        upgraded
    }

    /// Diff: upgrade, then plan against the configuration.
    pub async fn diff(&self, stored: &Stored, config: &Value) -> Plan {
        let prior = self.upgrade(stored).await;
        self.plan(&prior, stored.private.clone(), config).await
    }

    /// Update: diff, then apply the plan.
    pub async fn update(&self, stored: &Stored, config: &Value) -> Stored {
        self.check_ok(config).await;
        let plan = self.diff(stored, config).await;
        self.expect_no_errors("PlanResourceChange (update)", &plan.diagnostics);
        self.apply(&plan, "ApplyResourceChange (update)").await
    }

    /// Refresh: upgrade, then ReadResource with the stored private state.
    pub async fn refresh(&self, stored: &Stored) -> Refreshed {
        let current = self.upgrade(stored).await;
        self.read(&current, stored.private.clone(), "ReadResource (refresh)")
            .await
    }

    /// Import (the `import` resource option) and `.get(id)`: ImportResourceState,
    /// exactly one resource, then ReadResource with its private state. `Err` when
    /// the bridge would fail the step; `Ok(None)` when the object does not exist.
    pub async fn import(&self, id: &str) -> Result<Option<Stored>, String> {
        let response = self
            .provider()
            .import_resource_state(tf::import_resource_state::Request {
                type_name: self.resource.into(),
                id: id.to_string(),
                client_capabilities: capabilities(),
                // The bridge forwards no identity (pulumi-terraform-bridge#3106).
                identity: None,
            })
            .await
            .unwrap_or_else(|s| self.fail("ImportResourceState", s))
            .into_inner();
        if has_errors(&response.diagnostics) {
            return Err(format!(
                "ImportResourceState {id}: {}",
                describe(&response.diagnostics)
            ));
        }
        let [imported] = response.imported_resources.as_slice() else {
            return Err(format!(
                "ImportResourceState {id}: {} resources imported, the bridge needs exactly one",
                response.imported_resources.len()
            ));
        };
        assert_eq!(imported.type_name, self.resource, "imported type");
        let state = decode(imported.state.as_ref());
        if state.is_null() {
            return Ok(None);
        }
        let what = "ReadResource (import)";
        let response = self
            .read_response(&state, imported.private.clone(), what)
            .await;
        if has_errors(&response.diagnostics) {
            return Err(format!("{what} {id}: {}", describe(&response.diagnostics)));
        }
        Ok(self.refreshed(what, response).state)
    }

    /// Delete: ApplyResourceChange with a null plan and config and no private state.
    /// Returns the diagnostics; the bridge ignores the new state, but it must be null.
    pub async fn delete(&self, stored: &Stored) -> Vec<Diagnostic> {
        let response = self
            .provider()
            .apply_resource_change(tf::apply_resource_change::Request {
                type_name: self.resource.into(),
                prior_state: Some(msgpack::dynamic(&to_wire(&stored.outputs))),
                planned_state: Some(msgpack::dynamic(&Value::Null)),
                config: Some(msgpack::dynamic(&Value::Null)),
                planned_private: Vec::new(),
                provider_meta: None,
                planned_identity: None,
            })
            .await
            .unwrap_or_else(|s| self.fail("ApplyResourceChange (delete)", s))
            .into_inner();
        if !has_errors(&response.diagnostics) {
            let new_state = decode(response.new_state.as_ref());
            assert!(
                new_state.is_null(),
                "delete answered a non-null new_state: {new_state}"
            );
        }
        response.diagnostics
    }

    /// Delete that must succeed.
    pub async fn delete_ok(&self, stored: &Stored) {
        let diagnostics = self.delete(stored).await;
        self.expect_no_errors("ApplyResourceChange (delete)", &diagnostics);
    }

    async fn plan(&self, prior: &Value, prior_private: Vec<u8>, config: &Value) -> Plan {
        let proposed = proposed_new(self.resource_block(), prior, config);
        let response = self
            .provider()
            .plan_resource_change(tf::plan_resource_change::Request {
                type_name: self.resource.into(),
                prior_state: Some(msgpack::dynamic(prior)),
                proposed_new_state: Some(msgpack::dynamic(&proposed)),
                config: Some(msgpack::dynamic(config)),
                prior_private,
                provider_meta: None,
                client_capabilities: capabilities(),
                prior_identity: None,
            })
            .await
            .unwrap_or_else(|s| self.fail("PlanResourceChange", s))
            .into_inner();
        let planned = decode(response.planned_state.as_ref());
        if !has_errors(&response.diagnostics) {
            assert!(
                !planned.is_null(),
                "PlanResourceChange planned null for config {config}; stderr:\n{}",
                self.stderr()
            );
        }
        Plan {
            prior: prior.clone(),
            config: config.clone(),
            planned,
            requires_replace: response.requires_replace.iter().map(path_text).collect(),
            planned_private: response.planned_private,
            diagnostics: response.diagnostics,
        }
    }

    async fn apply(&self, plan: &Plan, what: &str) -> Stored {
        let response = self
            .provider()
            .apply_resource_change(tf::apply_resource_change::Request {
                type_name: self.resource.into(),
                prior_state: Some(msgpack::dynamic(&plan.prior)),
                planned_state: Some(msgpack::dynamic(&plan.planned)),
                config: Some(msgpack::dynamic(&plan.config)),
                planned_private: plan.planned_private.clone(),
                provider_meta: None,
                planned_identity: None,
            })
            .await
            .unwrap_or_else(|s| self.fail(what, s))
            .into_inner();
        self.expect_no_errors(what, &response.diagnostics);
        let state = decode(response.new_state.as_ref());
        self.expect_applied(what, &state);
        self.store(state, response.private)
    }

    async fn read(&self, current: &Value, private: Vec<u8>, what: &str) -> Refreshed {
        let response = self.read_response(current, private, what).await;
        self.expect_no_errors(what, &response.diagnostics);
        self.refreshed(what, response)
    }

    async fn read_response(
        &self,
        current: &Value,
        private: Vec<u8>,
        what: &str,
    ) -> tf::read_resource::Response {
        self.provider()
            .read_resource(tf::read_resource::Request {
                type_name: self.resource.into(),
                current_state: Some(msgpack::dynamic(current)),
                private,
                provider_meta: None,
                client_capabilities: capabilities(),
                current_identity: None,
            })
            .await
            .unwrap_or_else(|s| self.fail(what, s))
            .into_inner()
    }

    /// A read's answer as the bridge keeps it: no state when the object is gone.
    fn refreshed(&self, what: &str, response: tf::read_resource::Response) -> Refreshed {
        let state = decode(response.new_state.as_ref());
        if state.is_null() {
            return Refreshed {
                state: None,
                diagnostics: response.diagnostics,
            };
        }
        self.expect_applied(what, &state);
        Refreshed {
            state: Some(self.store(state, response.private)),
            diagnostics: response.diagnostics,
        }
    }

    fn store(&self, state: Value, private: Vec<u8>) -> Stored {
        Stored {
            outputs: to_outputs(&state),
            private,
            schema_version: self.resource_schema().version,
        }
    }

    // -----------------------------------------------------------------------
    // Functions (data sources)
    // -----------------------------------------------------------------------

    /// A data source configuration as the bridge encodes a function's arguments:
    /// every attribute present, null when not given (computed ones included).
    pub fn data_source_config(&self, type_name: &str, args: &Value) -> Value {
        let block = self.data_source_block(type_name);
        let mut config = empty_value(block);
        for (name, value) in args.as_object().expect("arguments are an object") {
            assert!(
                block.attributes.iter().any(|a| &a.name == name),
                "{type_name} has no argument {name}"
            );
            config[name] = value.clone();
        }
        config
    }

    /// ValidateDataResourceConfig as the bridge sends it: the type and the
    /// configuration, nothing else.
    pub async fn validate_data_source(&self, type_name: &str, config: &Value) -> Vec<Diagnostic> {
        self.provider()
            .validate_data_resource_config(tf::validate_data_resource_config::Request {
                type_name: type_name.into(),
                config: Some(msgpack::dynamic(config)),
            })
            .await
            .unwrap_or_else(|s| self.fail("ValidateDataResourceConfig", s))
            .into_inner()
            .diagnostics
    }

    /// Invoke: ValidateDataResourceConfig, then (when it did not fail)
    /// ReadDataSource, with the bridge's requests. `Ok` holds the function's
    /// outputs as Pulumi gets them (every number a float64), checked to be an object
    /// with every attribute and no unknown value.
    pub async fn invoke(&self, type_name: &str, args: &Value) -> Result<Value, InvokeFailure> {
        let config = self.data_source_config(type_name, args);
        let validation = self.validate_data_source(type_name, &config).await;
        invoke_failure("ValidateDataResourceConfig", validation)?;
        let read = self
            .provider()
            .read_data_source(tf::read_data_source::Request {
                type_name: type_name.into(),
                config: Some(msgpack::dynamic(&config)),
                provider_meta: None,
                client_capabilities: None,
            })
            .await
            .unwrap_or_else(|s| self.fail("ReadDataSource", s))
            .into_inner();
        invoke_failure("ReadDataSource", read.diagnostics)?;
        let state = decode(read.state.as_ref());
        let what = format!("ReadDataSource ({type_name})");
        assert!(state.is_object(), "{what}: state is not an object: {state}");
        self.expect_wholly_known(&what, &state);
        for attribute in &self.data_source_block(type_name).attributes {
            assert!(
                state.get(&attribute.name).is_some(),
                "{what}: attribute {} missing from the state",
                attribute.name
            );
        }
        Ok(to_outputs(&state))
    }

    // -----------------------------------------------------------------------
    // Checks
    // -----------------------------------------------------------------------

    /// A state the bridge can keep: wholly known, every attribute present, and a
    /// non-empty `id` (the bridge panics on an unknown id after apply).
    pub fn expect_applied(&self, what: &str, state: &Value) {
        assert!(state.is_object(), "{what}: state is not an object: {state}");
        self.expect_wholly_known(what, state);
        let id = state["id"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "{what}: empty or missing id in {state}");
        let block = self.resource_block();
        for name in block
            .attributes
            .iter()
            .map(|a| &a.name)
            .chain(block.block_types.iter().map(|b| &b.type_name))
        {
            assert!(
                state.get(name).is_some(),
                "{what}: attribute {name} missing from the state {state}"
            );
        }
    }

    pub fn expect_wholly_known(&self, what: &str, value: &Value) {
        let unknown = unknown_paths(value, String::new());
        assert!(
            unknown.is_empty(),
            "{what}: unknown values at {unknown:?} in {value}"
        );
    }

    pub fn expect_no_errors(&self, what: &str, diagnostics: &[Diagnostic]) {
        assert!(
            !has_errors(diagnostics),
            "{what}: {}\nprovider stderr:\n{}",
            describe(diagnostics),
            self.stderr()
        );
        let invalid: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                d.severity != Severity::Error as i32 && d.severity != Severity::Warning as i32
            })
            .collect();
        assert!(
            invalid.is_empty(),
            "{what}: INVALID severity in {invalid:?}"
        );
    }

    fn fail(&self, what: &str, status: tonic::Status) -> ! {
        panic!(
            "{what}: gRPC error {status:?}\nprovider stderr:\n{}",
            self.stderr()
        )
    }
}

/// A provider configuration object for the test backend at `endpoint`, as Terraform
/// and the bridge encode one: every attribute present (null when unset), `endpoints`
/// as a list of one object.
pub fn provider_config(provider_block: &tf::schema::Block, endpoint: &Value) -> Value {
    let mut config = empty_value(provider_block);
    config["region"] = json!(REGION);
    config["access_key"] = json!(ACCESS_KEY);
    config["secret_key"] = json!(SECRET_KEY);
    let endpoints_block = provider_block
        .block_types
        .iter()
        .find(|b| b.type_name == "endpoints")
        .expect("the provider has an endpoints block");
    let mut endpoints = empty_value(endpoints_block.block.as_ref().expect("endpoints block"));
    endpoints["cognitoidp"] = endpoint.clone();
    config["endpoints"] = json!([endpoints]);
    config
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error as i32)
}

/// The bridge's verdict on an Invoke step's diagnostics: property check failures
/// (a one-attribute path, any severity) and other errors fail it; other warnings are
/// only logged.
pub fn invoke_failure(
    step: &'static str,
    diagnostics: Vec<Diagnostic>,
) -> Result<(), InvokeFailure> {
    let mut failure = InvokeFailure {
        step,
        check_failures: Vec::new(),
        errors: Vec::new(),
    };
    for diagnostic in diagnostics {
        let steps = diagnostic
            .attribute
            .as_ref()
            .map(|path| path.steps.as_slice());
        if let Some(
            [tf::attribute_path::Step {
                selector: Some(Selector::AttributeName(attribute)),
            }],
        ) = steps
        {
            failure.check_failures.push(CheckFailure {
                attribute: attribute.clone(),
                reason: format!("{}: {}", diagnostic.summary, diagnostic.detail),
            });
        } else if diagnostic.severity == Severity::Error as i32 {
            failure.errors.push(diagnostic);
        }
    }
    if failure.check_failures.is_empty() && failure.errors.is_empty() {
        Ok(())
    } else {
        Err(failure)
    }
}

/// `summary: detail (at path)` for each diagnostic.
pub fn describe(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return "no diagnostics".into();
    }
    diagnostics
        .iter()
        .map(|d| {
            let path = d.attribute.as_ref().map(path_text).unwrap_or_default();
            format!("[{}] {}: {} (at {path:?})", d.severity, d.summary, d.detail)
        })
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// `a.0.b` for an attribute path.
pub fn path_text(path: &tf::AttributePath) -> String {
    path.steps
        .iter()
        .filter_map(|step| step.selector.as_ref())
        .map(|selector| match selector {
            Selector::AttributeName(name) => name.clone(),
            Selector::ElementKeyString(key) => key.clone(),
            Selector::ElementKeyInt(index) => index.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn at_path<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .fold(value, |v, step| match step.parse::<usize>() {
            Ok(index) if v.is_array() => &v[index],
            _ => &v[step],
        })
}

/// A DynamicValue as JSON (msgpack, or the JSON form a provider may answer with).
pub fn decode(value: Option<&DynamicValue>) -> Value {
    let Some(value) = value else {
        return Value::Null;
    };
    if value.msgpack.is_empty() && !value.json.is_empty() {
        return serde_json::from_slice(&value.json).expect("DynamicValue JSON");
    }
    msgpack::decode(&value.msgpack).expect("DynamicValue msgpack")
}

pub fn is_unknown(value: &Value) -> bool {
    value.as_str() == Some(UNKNOWN)
}

/// Paths of the unknown values inside `value`.
pub fn unknown_paths(value: &Value, path: String) -> Vec<String> {
    let join = |key: &dyn std::fmt::Display| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        v if is_unknown(v) => vec![if path.is_empty() {
            "<root>".into()
        } else {
            path
        }],
        Value::Array(items) => items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| unknown_paths(item, join(&i)))
            .collect(),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, item)| unknown_paths(item, join(k)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Equality of Terraform values as JSON: numbers by value, arrays without regard
/// to order (this resource's lists are blocks of at most one element, the rest sets),
/// a missing object key as null.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(xs), Value::Array(ys)) => {
            let mut unmatched: Vec<&Value> = ys.iter().collect();
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|x| match unmatched.iter().position(|y| same(x, y)) {
                        Some(i) => {
                            unmatched.swap_remove(i);
                            true
                        }
                        None => false,
                    })
        }
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).all(|k| {
            same(
                x.get(k).unwrap_or(&Value::Null),
                y.get(k).unwrap_or(&Value::Null),
            )
        }),
        _ => a == b,
    }
}

fn object_keys(value: &Value) -> impl Iterator<Item = &String> {
    value.as_object().into_iter().flat_map(|m| m.keys())
}

/// A state as Pulumi outputs: every number a float64 (`60` is kept as `60.0`).
pub fn to_outputs(state: &Value) -> Value {
    map_numbers(state, &|n| {
        Number::from_f64(n.as_f64().expect("a finite number")).expect("a finite number")
    })
}

/// Outputs back on the wire as the bridge encodes them (through cty): whole numbers
/// as integers.
pub fn to_wire(outputs: &Value) -> Value {
    map_numbers(outputs, &|n| {
        let f = n.as_f64().expect("a finite number");
        if f.fract() == 0.0 && f.abs() < 9.0e15 {
            Number::from(f as i64)
        } else {
            n.clone()
        }
    })
}

fn map_numbers(value: &Value, f: &dyn Fn(&Number) -> Number) -> Value {
    match value {
        Value::Number(n) => Value::Number(f(n)),
        Value::Array(items) => Value::Array(items.iter().map(|v| map_numbers(v, f)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), map_numbers(v, f)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A block's empty value (Terraform's `EmptyValue`): attributes null, list and set
/// blocks empty, map blocks empty, single blocks null, group blocks empty objects.
pub fn empty_value(block: &tf::schema::Block) -> Value {
    let mut object = Map::new();
    for attribute in &block.attributes {
        object.insert(attribute.name.clone(), Value::Null);
    }
    for nested in &block.block_types {
        let empty = match NestingMode::try_from(nested.nesting) {
            Ok(NestingMode::List | NestingMode::Set) => json!([]),
            Ok(NestingMode::Map) => json!({}),
            Ok(NestingMode::Group) => empty_value(nested.block.as_ref().expect("nested block")),
            _ => Value::Null,
        };
        object.insert(nested.type_name.clone(), empty);
    }
    Value::Object(object)
}

/// Terraform's `objchange.ProposedNew(schema, prior, config)`, which the bridge
/// reimplements: configuration values, except that computed attributes the
/// configuration leaves null keep their prior value; nested list blocks are matched
/// by index, and an unknown block is proposed as given.
pub fn proposed_new(block: &tf::schema::Block, prior: &Value, config: &Value) -> Value {
    if config.is_null() && prior.is_null() {
        return Value::Null;
    }
    let prior = if prior.is_null() {
        empty_value(block)
    } else {
        prior.clone()
    };
    proposed_object(block, &prior, config)
}

fn proposed_object(block: &tf::schema::Block, prior: &Value, config: &Value) -> Value {
    if config.is_null() || is_unknown(config) {
        return prior.clone();
    }
    let mut object = Map::new();
    for attribute in &block.attributes {
        let prior_value = prior.get(&attribute.name).unwrap_or(&Value::Null);
        let config_value = config.get(&attribute.name).unwrap_or(&Value::Null);
        let value = if attribute.computed && config_value.is_null() {
            prior_value
        } else {
            config_value
        };
        object.insert(attribute.name.clone(), value.clone());
    }
    for nested in &block.block_types {
        let prior_value = prior.get(&nested.type_name).unwrap_or(&Value::Null);
        let config_value = config.get(&nested.type_name).unwrap_or(&Value::Null);
        object.insert(
            nested.type_name.clone(),
            proposed_nested(nested, prior_value, config_value),
        );
    }
    Value::Object(object)
}

fn proposed_nested(nested: &tf::schema::NestedBlock, prior: &Value, config: &Value) -> Value {
    if is_unknown(config) {
        return config.clone();
    }
    let block = nested.block.as_ref().expect("nested block");
    match NestingMode::try_from(nested.nesting) {
        Ok(NestingMode::Single) if config.is_null() => Value::Null,
        Ok(NestingMode::Single | NestingMode::Group) => {
            let prior = if prior.is_null() {
                empty_value(block)
            } else {
                prior.clone()
            };
            proposed_object(block, &prior, config)
        }
        Ok(NestingMode::List) => match config {
            Value::Array(elements) => Value::Array(
                elements
                    .iter()
                    .enumerate()
                    .map(|(index, element)| match prior.get(index) {
                        Some(prior_element) if !is_unknown(prior) => {
                            proposed_object(block, prior_element, element)
                        }
                        _ => element.clone(),
                    })
                    .collect(),
            ),
            other => other.clone(),
        },
        // Set and map blocks: the configuration as given (this resource has none).
        _ => config.clone(),
    }
}

/// A name as the bridge's auto-naming makes it: `<urn name>-<7 hex digits>`.
pub fn auto_name(urn_name: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let mixed = nanos
        .wrapping_mul(2_654_435_761)
        .wrapping_add(COUNTER.fetch_add(1, Ordering::Relaxed).wrapping_mul(40_503))
        ^ std::process::id();
    format!("{urn_name}-{:07x}", mixed & 0x0fff_ffff)
}
