//! A resource and a provider that do what a test tells them and record what they
//! were asked, so the protocol's rules can be checked in process without AWS.

use std::sync::Mutex;

use async_trait::async_trait;

use crate::framework::datasource::DataSource;
use crate::framework::diag::Diagnostics;
use crate::framework::ephemeral::EphemeralResource;
use crate::framework::identity::{IdentityAttribute, IdentitySchema};
use crate::framework::list::{Findings, Found};
use crate::framework::path::Path;
use crate::framework::plan::PlannedChange;
use crate::framework::planmodifier::{ProviderDefault, ProviderValues};
use crate::framework::provider::{Catalog, Provider};
use crate::framework::resource::{Occasion, PlanRequest, Resource, StateResponse};
use crate::framework::schema::{Attribute, Block, Mode, Schema};
use crate::framework::validator::{LengthUnit, StringLength};
use crate::framework::value::{Type, Value};

pub const TYPE_NAME: &str = "fake_thing";

/// How an operation of [`FakeResource`] ends.
#[derive(Clone, Default)]
pub enum Outcome {
    /// Answers this.
    Answer(StateResponse),
    /// Never finishes, as an AWS call Terraform stops.
    Hang,
    /// Panics (an operation the test says must not be reached).
    #[default]
    Unexpected,
}

impl Outcome {
    async fn run(&self, operation: &str) -> StateResponse {
        match self {
            Outcome::Answer(answer) => answer.clone(),
            Outcome::Hang => std::future::pending().await,
            Outcome::Unexpected => panic!("{operation} was not expected"),
        }
    }
}

/// A resource with a required `name` (1 to 8 characters), a computed `id`, an
/// optional `zone` that defaults to the provider's and replaces on change, and a
/// write-only `token`.
pub struct FakeResource {
    schema: Schema,
    /// What `provider_values` answers.
    pub provider: Result<ProviderValues, Diagnostics>,
    pub create: Outcome,
    pub read: Outcome,
    pub update: Outcome,
    pub delete: Outcome,
    pub import: Outcome,
    /// What `modify_plan` adds: replacement paths, in this order.
    pub replace: Vec<Path>,
    /// The identity schema (`name` required for import, `zone` optional), if any.
    pub identity: Option<IdentitySchema>,
    /// The `list` block's schema (an optional `prefix`), if the type can be listed.
    pub list_schema: Option<Schema>,
    /// What `list` finds, in order, and the diagnostics it ends with.
    pub listed: Vec<StateResponse>,
    pub list_ends_with: Diagnostics,
    /// The operations called, in order, with `modify_plan` among them.
    pub calls: Mutex<Vec<&'static str>>,
    /// The planned values `create` and `update` were given.
    pub planned_seen: Mutex<Vec<Value>>,
    /// The occasion `modify_plan`, `create` and `delete` were given, in order.
    pub occasions: Mutex<Vec<(&'static str, Occasion)>>,
}

impl FakeResource {
    pub fn new() -> Self {
        let name =
            Attribute::new("name", Type::String, Mode::Required, "Name.").validator(StringLength {
                min: 1,
                max: 8,
                unit: LengthUnit::Characters,
            });
        let id = Attribute::new("id", Type::String, Mode::Computed, "Id.");
        let zone = Attribute::new("zone", Type::String, Mode::OptionalComputed, "Zone.")
            .plan_modifier(ProviderDefault {
                key: "zone",
                replaces: true,
            });
        let token = Attribute::new("token", Type::String, Mode::Optional, "Token.").write_only();
        let block = Block {
            attributes: vec![name, id, zone, token],
            ..Block::default()
        };
        FakeResource {
            schema: Schema::new(1, block),
            provider: Ok(ProviderValues::default()),
            create: Outcome::default(),
            read: Outcome::default(),
            update: Outcome::default(),
            delete: Outcome::default(),
            import: Outcome::default(),
            replace: Vec::new(),
            identity: None,
            list_schema: None,
            listed: Vec::new(),
            list_ends_with: Diagnostics::default(),
            calls: Mutex::default(),
            planned_seen: Mutex::default(),
            occasions: Mutex::default(),
        }
    }

    /// A state of this resource.
    pub fn state(name: &str, id: Value) -> Value {
        Value::object(&[
            ("name", Value::string(name)),
            ("id", id),
            ("zone", Value::Null),
            ("token", Value::Null),
        ])
    }

    /// The resource with an identity and a list.
    pub fn listable() -> Self {
        let prefix = Attribute::new("prefix", Type::String, Mode::Optional, "Prefix.").validator(
            StringLength {
                min: 1,
                max: 3,
                unit: LengthUnit::Characters,
            },
        );
        FakeResource {
            identity: Some(IdentitySchema {
                version: 0,
                attributes: vec![
                    IdentityAttribute::required("name", "Name."),
                    IdentityAttribute::optional("zone", "Zone."),
                ],
            }),
            list_schema: Some(Schema::new(
                0,
                Block {
                    attributes: vec![prefix],
                    ..Block::default()
                },
            )),
            ..FakeResource::new()
        }
    }

    pub fn calls(&self) -> Vec<&'static str> {
        self.calls.lock().unwrap().clone()
    }

    fn called(&self, operation: &'static str) {
        self.calls.lock().unwrap().push(operation);
    }

    fn saw(&self, operation: &'static str, occasion: Occasion) {
        self.occasions.lock().unwrap().push((operation, occasion));
    }

    pub fn occasions(&self) -> Vec<(&'static str, Occasion)> {
        self.occasions.lock().unwrap().clone()
    }
}

#[async_trait]
impl Resource for FakeResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate_config(&self, _config: &Value, diagnostics: &mut Diagnostics) {
        diagnostics.warning("Own check", "The resource's own check ran.");
    }

    async fn provider_values(&self) -> Result<ProviderValues, Diagnostics> {
        self.called("provider_values");
        self.provider.clone()
    }

    async fn modify_plan(&self, request: &PlanRequest<'_>, change: &mut PlannedChange) {
        self.called("modify_plan");
        self.saw("modify_plan", request.occasion);
        change.requires_replace.extend(self.replace.iter().cloned());
    }

    async fn create(&self, planned: &Value, occasion: Occasion) -> StateResponse {
        self.called("create");
        self.saw("create", occasion);
        self.planned_seen.lock().unwrap().push(planned.clone());
        self.create.run("create").await
    }

    async fn read(&self, _current: &Value, _private: &[u8]) -> StateResponse {
        self.called("read");
        self.read.run("read").await
    }

    async fn update(&self, _prior: &Value, planned: &Value) -> StateResponse {
        self.called("update");
        self.planned_seen.lock().unwrap().push(planned.clone());
        self.update.run("update").await
    }

    async fn delete(&self, _prior: &Value, occasion: Occasion) -> Diagnostics {
        self.called("delete");
        self.saw("delete", occasion);
        self.delete.run("delete").await.diagnostics
    }

    async fn import(&self, _id: &str) -> StateResponse {
        self.called("import");
        self.import.run("import").await
    }

    fn identity_schema(&self) -> Option<&IdentitySchema> {
        self.identity.as_ref()
    }

    async fn identity(&self, state: &Value) -> Value {
        let schema = self
            .identity
            .as_ref()
            .expect("asked only with an identity schema");
        schema.value(&[
            ("name", state.attr("name").as_str()),
            ("zone", state.attr("zone").as_str()),
        ])
    }

    async fn import_by_identity(&self, _identity: &Value) -> StateResponse {
        self.called("import_by_identity");
        self.import.run("import").await
    }

    fn list_schema(&self) -> Option<&Schema> {
        self.list_schema.as_ref()
    }

    async fn list(&self, _config: &Value, findings: &Findings) -> Diagnostics {
        for imported in &self.listed {
            self.called("found");
            let display_name = imported
                .state
                .as_ref()
                .and_then(|s| s.attr("name").as_str());
            let found = Found {
                display_name: display_name.unwrap_or_default().to_string(),
                imported: imported.clone(),
            };
            if !findings.found(found).await {
                self.called("no more wanted");
                break;
            }
        }
        self.list_ends_with.clone()
    }
}

/// A data source that reads a [`FakeResource`] by its `name`; also an ephemeral
/// resource that opens it the same way.
pub struct FakeDataSource {
    schema: Schema,
    pub read: Outcome,
}

impl FakeDataSource {
    pub fn new() -> Self {
        FakeDataSource {
            schema: FakeResource::new().schema.read_only(
                &[("name", Mode::Required, "Name.")],
                &[],
                Vec::new(),
            ),
            read: Outcome::default(),
        }
    }
}

#[async_trait]
impl DataSource for FakeDataSource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate_config(&self, _config: &Value, diagnostics: &mut Diagnostics) {
        diagnostics.warning("Own check", "The data source's own check ran.");
    }

    async fn read(&self, _config: &Value, diagnostics: &mut Diagnostics) -> Option<Value> {
        let read = self.read.run("read").await;
        diagnostics.extend(read.diagnostics);
        read.state
    }
}

#[async_trait]
impl EphemeralResource for FakeDataSource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate_config(&self, config: &Value, diagnostics: &mut Diagnostics) {
        DataSource::validate_config(self, config, diagnostics);
    }

    async fn open(&self, config: &Value, diagnostics: &mut Diagnostics) -> Option<Value> {
        DataSource::read(self, config, diagnostics).await
    }
}

/// A provider that serves one [`FakeResource`], one [`FakeDataSource`] and the
/// same as an ephemeral resource.
pub struct FakeProvider {
    schema: Schema,
    catalog: Catalog,
}

impl FakeProvider {
    pub fn new(resource: FakeResource) -> Self {
        FakeProvider {
            schema: Schema::new(0, Block::default()),
            catalog: Catalog {
                resources: vec![Box::new(resource)],
                data_sources: vec![Box::new(FakeDataSource::new())],
                ephemeral_resources: vec![Box::new(FakeDataSource::new())],
            },
        }
    }
}

impl Provider for FakeProvider {
    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn configure(&self, _config: &Value, _terraform_version: &str, _diagnostics: &mut Diagnostics) {
    }

    fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
