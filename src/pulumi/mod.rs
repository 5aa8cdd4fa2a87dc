//! The Pulumi package schema that Pulumi's Terraform bridge generates from this
//! provider's schema, computed here so that Pulumi users (and our tests) can see the
//! SDK's shape without the Pulumi CLI.
//!
//! `pulumi package add terraform-provider /path/to/terraform-provider-aws` runs the
//! bridge's dynamic provider, which reads `GetProviderSchema` and applies the rules
//! of `pkg/tfgen`:
//!
//! - tokens: every resource goes into module `index`, named after its Terraform type
//!   without the provider prefix (`aws:index/cognitoUserPoolClient:CognitoUserPoolClient`);
//!   every data source becomes a function with a `get` prefix
//!   (`aws:index/getCognitoUserPoolClient:getCognitoUserPoolClient`); nested types are
//!   `<pkg>:index/<Member><Property>:<same>`. [`Layout::PulumiAws`] instead puts each
//!   resource and function in the module of its service, as pulumi-aws does
//!   (`aws:cognito/userPoolClient:UserPoolClient`, `aws:cognito/getUserPoolClient:getUserPoolClient`);
//! - names: `snake_case` becomes `camelCase`; list and set properties get a plural
//!   name unless they hold at most one item or the plural clashes with a sibling;
//! - a computed-only string `id` becomes the resource id (not a property); any other
//!   `id` is renamed `<resource>Id`;
//! - a list or set block with `max_items = 1` becomes a single object;
//! - Terraform numbers are always Pulumi `number` (the protocol has no integers);
//! - sensitive and write-only attributes are `secret`;
//! - a top-level string input `name` of a resource is auto-named, so it is never a
//!   required input;
//! - a function's `inputs` are the data source's arguments (required or optional) and
//!   its `outputs` every attribute, arguments included; `id` stays an ordinary output;
//! - an attribute of object type (a data source's read-only copy of a block) becomes a
//!   named type whose fields are all required; one that only a function returns also
//!   says, for the Node.js SDK, that it has no required inputs.
//!
//! The projection is built from the framework's [`Schema`](crate::framework::schema::Schema)s of every resource and
//! data source the provider serves, which are what `GetProviderSchema` serves, so it
//! follows the provider's schema automatically.

pub mod naming;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use crate::framework::provider::Provider;
use crate::framework::schema::{Attribute, Block, Mode, NestedBlock, Nesting};
use crate::framework::value::Type;

use naming::{camel_case, lower_first, pascal_case, pluralize, singularize, upper_first};

/// Where resources and their nested types go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// What `pulumi package add terraform-provider` generates: module `index`.
    Dynamic,
    /// pulumi-aws's layout: the first word after the provider prefix is the module
    /// (`aws_cognito_user_pool_client` → `aws:cognito/userPoolClient:UserPoolClient`).
    PulumiAws,
}

/// What the bridge is told besides the schema.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Pulumi package name: the binary's name after `terraform-provider-`, or the
    /// bridge's `--provider-name`.
    pub package: String,
    /// The package version; the bridge uses `0.0.0` for a provider given by path.
    pub version: String,
    pub layout: Layout,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            package: "aws".to_string(),
            version: "0.0.0".to_string(),
            layout: Layout::Dynamic,
        }
    }
}

pub const USAGE: &str = "Usage: terraform-provider-aws pulumi-schema [--pulumi-aws-layout] [--provider-name NAME] [--version VERSION]

Prints the Pulumi package schema that Pulumi's Terraform bridge generates for this
provider (`pulumi package add terraform-provider /path/to/terraform-provider-aws`):
every resource, and every data source as a function (getCognitoUserPoolClient).
  --pulumi-aws-layout   put resources and functions in per-service modules as
                        pulumi-aws does (aws:cognito/userPoolClient:UserPoolClient,
                        aws:cognito/getUserPoolClient:getUserPoolClient) instead of
                        the bridge's module `index` (aws:index/cognitoUserPoolClient:...)
  --provider-name NAME  the package name (the bridge's --provider-name); defaults to
                        the binary's name after `terraform-provider-`
  --version VERSION     the package version (default 0.0.0, as for a local path)";

/// Reads the subcommand's arguments; `default_package` is used without `--provider-name`.
pub fn parse_args(
    args: impl IntoIterator<Item = String>,
    default_package: &str,
) -> Result<Options, String> {
    let mut options = Options {
        package: default_package.to_string(),
        ..Options::default()
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .filter(|v| !v.starts_with("--"))
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--pulumi-aws-layout" => options.layout = Layout::PulumiAws,
            "--provider-name" => options.package = value("--provider-name")?,
            "--version" => options.version = value("--version")?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let valid_name = options
        .package
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && options
            .package
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(format!(
            "invalid package name {:?}: use letters, digits, '-' and '_', starting with a letter",
            options.package
        ));
    }
    Ok(options)
}

/// The package name the bridge derives from a provider binary's file name:
/// `terraform-provider-aws_v1.2.3` → `aws`.
pub fn package_name_from_binary(file_name: &str) -> Option<String> {
    let rest = file_name.strip_prefix("terraform-provider-")?;
    let name = rest.split(['_', '.']).next().unwrap_or_default();
    (!name.is_empty()).then(|| name.to_string())
}

/// The Pulumi package schema of `provider`: every resource and data source it serves.
pub fn package_schema(provider: &dyn Provider, options: &Options) -> Json {
    let mut generator = Generator::new(&options.package);
    // The bridge infers the prefix from the resources alone (`inferResourcePrefix`).
    let type_names: Vec<&str> = provider
        .catalog()
        .resources
        .iter()
        .map(|r| r.type_name())
        .collect();
    let prefix = resource_prefix(&type_names);

    let mut resources = Map::new();
    for resource in &provider.catalog().resources {
        let naming = Naming::resource(resource.type_name(), &prefix, options.layout);
        let spec = generator.resource(&naming, &resource.schema().block);
        resources.insert(naming.token(&options.package), spec);
    }
    let mut functions = Map::new();
    for data_source in &provider.catalog().data_sources {
        let naming = Naming::function(data_source.type_name(), &prefix, options.layout);
        let spec = generator.function(&naming, &data_source.schema().block);
        functions.insert(naming.token(&options.package), spec);
    }

    let provider_block = &provider.schema().block;
    let config = generator.config(provider_block);
    let provider_spec = generator.provider(provider_block);

    let mut package = Map::new();
    package.insert("name".into(), json!(options.package));
    package.insert("version".into(), json!(options.version));
    if !provider_block.description.is_empty() {
        package.insert("description".into(), json!(provider_block.description));
    }
    package.insert("meta".into(), json!({"moduleFormat": "(.*)(?:/[^/]*)"}));
    package.insert("config".into(), config);
    package.insert("provider".into(), provider_spec);
    package.insert("resources".into(), Json::Object(resources));
    if !functions.is_empty() {
        package.insert("functions".into(), Json::Object(functions));
    }
    package.insert("types".into(), Json::Object(generator.types));
    Json::Object(package)
}

/// The text every resource type name shares before its first `_` (the bridge's
/// `inferResourcePrefix`), e.g. `aws`; empty when they do not share one.
fn resource_prefix(type_names: &[&str]) -> String {
    let mut prefixes = type_names
        .iter()
        .map(|name| name.split_once('_').map_or("", |(first, _)| first));
    let Some(first) = prefixes.next() else {
        return String::new();
    };
    if prefixes.all(|p| p == first) {
        first.to_string()
    } else {
        String::new()
    }
}

/// A resource's or function's Pulumi module and name.
struct Naming {
    module: String,
    /// `CognitoUserPoolClient` (or `UserPoolClient` per service) for a resource,
    /// `getCognitoUserPoolClient` (`getUserPoolClient`) for a function.
    name: String,
}

impl Naming {
    fn resource(type_name: &str, prefix: &str, layout: Layout) -> Self {
        let bare = type_name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('_'))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(type_name);
        match (layout, bare.split_once('_')) {
            (Layout::PulumiAws, Some((service, rest))) if !rest.is_empty() => Naming {
                module: service.to_string(),
                name: pascal_case(rest),
            },
            _ => Naming {
                module: "index".to_string(),
                name: pascal_case(bare),
            },
        }
    }

    /// A data source: named as a resource of its type would be, with `get` before
    /// (the bridge's `knownDataSource`).
    fn function(type_name: &str, prefix: &str, layout: Layout) -> Self {
        let Naming { module, name } = Naming::resource(type_name, prefix, layout);
        Naming {
            module,
            name: format!("get{name}"),
        }
    }

    /// `pkg:module/lowerFirst(name):name` (the bridge's `MakeStandard`).
    fn token(&self, package: &str) -> String {
        format!(
            "{package}:{}/{}:{}",
            self.module,
            lower_first(&self.name),
            self.name
        )
    }
}

/// One Pulumi property made from a Terraform attribute or block.
struct Property {
    tf_name: &'static str,
    name: String,
    spec: Json,
    /// Set by the user (not computed-only), so among the inputs.
    input: bool,
    required_input: bool,
    /// Always present in outputs: required or computed.
    required_output: bool,
}

/// How nested object types are named at one level of properties.
#[derive(Clone, Copy)]
enum TypeNaming<'a> {
    /// `<prefix><Property>`, singular for arrays (resources, functions, provider,
    /// nested types).
    Prefixed(&'a str),
    /// The variable's own name (top-level configuration variables).
    ConfigVariable,
}

/// Where one level of properties is projected.
#[derive(Clone, Copy)]
struct Scope<'a> {
    /// The module nested types are declared in.
    module: &'a str,
    naming: TypeNaming<'a>,
    /// A function's properties, whose computed-only ones are outputs and nothing else.
    function: bool,
}

impl<'a> Scope<'a> {
    fn new(module: &'a str, naming: TypeNaming<'a>) -> Self {
        Scope {
            module,
            naming,
            function: false,
        }
    }
}

struct Generator {
    package: String,
    /// Object types by token.
    types: Map<String, Json>,
}

impl Generator {
    fn new(package: &str) -> Self {
        Generator {
            package: package.to_string(),
            types: Map::new(),
        }
    }

    fn resource(&mut self, naming: &Naming, block: &Block) -> Json {
        let scope = Scope::new(&naming.module, TypeNaming::Prefixed(&naming.name));
        let mut properties = self.properties(block, scope);
        // A computed string `id` is the resource id; any other `id` is renamed.
        if let Some(id) = block.attribute("id") {
            if id.mode == Mode::Computed && id.ty == Type::String {
                properties.retain(|p| p.tf_name != "id");
            } else if let Some(property) = properties.iter_mut().find(|p| p.tf_name == "id") {
                property.name = format!("{}Id", lower_first(&naming.name));
            }
        }
        // Auto-naming fills a top-level string `name` the user leaves out.
        for property in &mut properties {
            let is_string = block
                .attribute(property.tf_name)
                .is_some_and(|a| a.ty == Type::String);
            if property.tf_name == "name" && property.input && is_string {
                property.required_input = false;
            }
        }

        let mut spec = Map::new();
        if !block.description.is_empty() {
            spec.insert("description".into(), json!(block.description));
        }
        spec.insert("properties".into(), property_map(properties.iter()));
        insert_names(
            &mut spec,
            "required",
            properties.iter().filter(|p| p.required_output),
        );
        let inputs = || properties.iter().filter(|p| p.input);
        spec.insert("inputProperties".into(), property_map(inputs()));
        insert_names(
            &mut spec,
            "requiredInputs",
            inputs().filter(|p| p.required_input),
        );
        spec.insert(
            "stateInputs".into(),
            json!({
                "description": format!(
                    "Input properties used for looking up and filtering {} resources.",
                    naming.name
                ),
                "properties": property_map(properties.iter()),
                "type": "object",
            }),
        );
        Json::Object(spec)
    }

    /// A data source as a function: its arguments in, every attribute out (tfgen's
    /// `gatherDataSource` and `genDatasourceFunc`). Unlike a resource's, `id` stays a
    /// property and `name` is not auto-named.
    fn function(&mut self, naming: &Naming, block: &Block) -> Json {
        let scope = Scope {
            function: true,
            ..Scope::new(&naming.module, TypeNaming::Prefixed(&naming.name))
        };
        let properties = self.properties(block, scope);
        let object = |description: String, members: Vec<&Property>, required: Vec<&Property>| {
            let mut spec = Map::new();
            spec.insert("description".into(), json!(description));
            spec.insert("properties".into(), property_map(members.into_iter()));
            spec.insert("type".into(), json!("object"));
            insert_names(&mut spec, "required", required.into_iter());
            Json::Object(spec)
        };
        let mut spec = Map::new();
        if !block.description.is_empty() {
            spec.insert("description".into(), json!(block.description));
        }
        let inputs: Vec<&Property> = properties.iter().filter(|p| p.input).collect();
        if !inputs.is_empty() {
            let required = inputs
                .iter()
                .copied()
                .filter(|p| p.required_input)
                .collect();
            let description = format!("A collection of arguments for invoking {}.", naming.name);
            spec.insert("inputs".into(), object(description, inputs, required));
        }
        let required = properties.iter().filter(|p| p.required_output).collect();
        let description = format!("A collection of values returned by {}.", naming.name);
        spec.insert(
            "outputs".into(),
            object(description, properties.iter().collect(), required),
        );
        Json::Object(spec)
    }

    /// The provider resource: its inputs, mirrored as outputs.
    fn provider(&mut self, block: &Block) -> Json {
        let properties =
            self.properties(block, Scope::new("index", TypeNaming::Prefixed("Provider")));
        let inputs = || properties.iter().filter(|p| p.input);
        let mut spec = Map::new();
        if !block.description.is_empty() {
            spec.insert("description".into(), json!(block.description));
        }
        spec.insert("properties".into(), property_map(inputs()));
        insert_names(&mut spec, "required", inputs().filter(|p| p.required_input));
        spec.insert("inputProperties".into(), property_map(inputs()));
        insert_names(
            &mut spec,
            "requiredInputs",
            inputs().filter(|p| p.required_input),
        );
        Json::Object(spec)
    }

    /// The package's configuration variables (`pulumi config set aws:region ...`).
    fn config(&mut self, block: &Block) -> Json {
        let properties = self.properties(block, Scope::new("config", TypeNaming::ConfigVariable));
        let inputs = || properties.iter().filter(|p| p.input);
        let mut spec = Map::new();
        spec.insert("variables".into(), property_map(inputs()));
        insert_names(&mut spec, "required", inputs().filter(|p| p.required_input));
        Json::Object(spec)
    }

    /// The properties of a block's attributes and nested blocks, in schema order.
    fn properties(&mut self, block: &Block, scope: Scope<'_>) -> Vec<Property> {
        let siblings: Vec<&str> = block
            .attributes
            .iter()
            .map(|a| a.name)
            .chain(block.blocks.iter().map(|b| b.name))
            .collect();
        let mut properties = Vec::new();
        for attribute in &block.attributes {
            let plural = is_array(&attribute.ty);
            let name = property_name(attribute.name, plural, &siblings);
            properties.push(self.attribute(attribute, name, scope));
        }
        for nested in &block.blocks {
            let name = property_name(nested.name, !flattened(nested), &siblings);
            properties.push(self.block(nested, name, scope));
        }
        properties
    }

    fn attribute(&mut self, attribute: &Attribute, name: String, scope: Scope<'_>) -> Property {
        let type_name = nested_type_name(scope.naming, &name, is_array(&attribute.ty));
        // Only a function's results hold its computed attributes: their types are
        // output types alone.
        let output_only = scope.function && !attribute.mode.is_configurable();
        let mut spec = self.type_spec(&attribute.ty, scope.module, &type_name, output_only);
        describe(&mut spec, attribute.description);
        // The bridge makes write-only values secret inputs, sensitive or not.
        if attribute.sensitive || attribute.write_only {
            spec["secret"] = json!(true);
        }
        Property {
            tf_name: attribute.name,
            name,
            spec,
            input: attribute.mode.is_configurable(),
            required_input: attribute.mode == Mode::Required,
            required_output: attribute.mode != Mode::Optional,
        }
    }

    /// A nested block, projected with the rules of a resource's blocks also in a
    /// function (this provider's data sources have none: their copies of the
    /// resource's blocks are attributes of object type).
    fn block(&mut self, nested: &NestedBlock, name: String, scope: Scope<'_>) -> Property {
        let flat = flattened(nested);
        let type_name = nested_type_name(scope.naming, &name, !flat);
        let token = self.object_type(&nested.block, scope.module, &type_name);
        let reference = json!({"$ref": format!("#/types/{token}")});
        let mut spec = if flat {
            reference
        } else {
            json!({"type": "array", "items": reference})
        };
        describe(&mut spec, nested.block.description);
        let required = nested.min_items > 0;
        Property {
            tf_name: nested.name,
            name,
            spec,
            input: true,
            required_input: required,
            required_output: required,
        }
    }

    /// Declares the object type of a block and returns its token.
    fn object_type(&mut self, block: &Block, module: &str, type_name: &str) -> String {
        let properties =
            self.properties(block, Scope::new(module, TypeNaming::Prefixed(type_name)));
        let mut spec = Map::new();
        if !block.description.is_empty() {
            spec.insert("description".into(), json!(block.description));
        }
        spec.insert("properties".into(), property_map(properties.iter()));
        spec.insert("type".into(), json!("object"));
        let required: Vec<&str> = sorted_names(properties.iter().filter(|p| p.required_input));
        let required_outputs: Vec<&str> =
            sorted_names(properties.iter().filter(|p| p.required_output));
        if !required.is_empty() {
            spec.insert("required".into(), json!(required));
        }
        // tfgen records output-only requirements for the Node.js SDK's output types.
        if required_outputs != required {
            spec.insert(
                "language".into(),
                json!({"nodejs": {"requiredOutputs": required_outputs}}),
            );
        }
        self.declare(module, type_name, Json::Object(spec))
    }

    /// Declares a type unless one of that name is already declared: the first
    /// declaration wins, as tfgen keeps one type per name.
    fn declare(&mut self, module: &str, type_name: &str, spec: Json) -> String {
        let token = format!("{}:{module}/{type_name}:{type_name}", self.package);
        self.types.entry(token.clone()).or_insert(spec);
        token
    }

    /// The Pulumi type of a Terraform type; objects become named types.
    /// `output_only`: the type is only ever returned (by a function).
    fn type_spec(&mut self, ty: &Type, module: &str, type_name: &str, output_only: bool) -> Json {
        match ty {
            Type::String => json!({"type": "string"}),
            Type::Bool => json!({"type": "boolean"}),
            // The protocol cannot tell integers from other numbers.
            Type::Number => json!({"type": "number"}),
            Type::List(element) | Type::Set(element) => json!({
                "type": "array",
                "items": self.type_spec(element, module, type_name, output_only),
            }),
            Type::Map(element) => json!({
                "type": "object",
                "additionalProperties": self.type_spec(element, module, type_name, output_only),
            }),
            Type::Object(fields) => {
                let token = self.object_of_fields(fields, module, type_name, output_only);
                json!({"$ref": format!("#/types/{token}")})
            }
        }
    }

    /// Declares the type of an object type's fields and returns its token. The
    /// protocol's object fields are neither optional nor computed, so the bridge
    /// makes every one required; a type only outputs use has, for the Node.js SDK,
    /// no required inputs (tfgen's `genObjectType`).
    fn object_of_fields(
        &mut self,
        fields: &BTreeMap<String, Type>,
        module: &str,
        type_name: &str,
        output_only: bool,
    ) -> String {
        let siblings: Vec<&str> = fields.keys().map(String::as_str).collect();
        let mut properties = Map::new();
        for (field, field_type) in fields {
            let array = is_array(field_type);
            let name = property_name(field, array, &siblings);
            let inner = nested_type_name(TypeNaming::Prefixed(type_name), &name, array);
            let spec = self.type_spec(field_type, module, &inner, output_only);
            properties.insert(name, spec);
        }
        let required: Vec<&String> = properties.keys().collect();
        let mut spec = json!({"properties": properties, "type": "object"});
        if !required.is_empty() {
            spec["required"] = json!(required);
            if output_only {
                spec["language"] = json!({"nodejs": {"requiredInputs": []}});
            }
        }
        self.declare(module, type_name, spec)
    }
}

/// Lists and sets, which the bridge makes arrays with plural names.
fn is_array(ty: &Type) -> bool {
    matches!(ty, Type::List(_) | Type::Set(_))
}

/// The Pulumi name of a Terraform name among `siblings`: camelCase, plural for an
/// array unless the plural is already a sibling's name.
fn property_name(tf_name: &str, plural: bool, siblings: &[&str]) -> String {
    let candidate = pluralize(tf_name);
    if plural && candidate != tf_name && !siblings.contains(&candidate.as_str()) {
        camel_case(&candidate)
    } else {
        camel_case(tf_name)
    }
}

/// A list or set block of at most one element: the bridge flattens it to an object.
fn flattened(nested: &NestedBlock) -> bool {
    matches!(nested.nesting, Nesting::List | Nesting::Set) && nested.max_items == 1
}

/// The name of a nested type for the property `name`; array elements are named in
/// the singular (`corsRules` → `BucketCorsRule`).
fn nested_type_name(naming: TypeNaming<'_>, name: &str, array: bool) -> String {
    match naming {
        TypeNaming::ConfigVariable => name.to_string(),
        TypeNaming::Prefixed(prefix) => {
            let element = if array {
                singularize(name)
            } else {
                name.to_string()
            };
            format!("{prefix}{}", upper_first(&element))
        }
    }
}

fn describe(spec: &mut Json, description: &str) {
    if !description.is_empty() {
        spec["description"] = json!(description);
    }
}

fn property_map<'a>(properties: impl Iterator<Item = &'a Property>) -> Json {
    Json::Object(
        properties
            .map(|p| (p.name.clone(), p.spec.clone()))
            .collect(),
    )
}

fn sorted_names<'a>(properties: impl Iterator<Item = &'a Property>) -> Vec<&'a str> {
    let mut names: Vec<&str> = properties.map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names
}

/// Inserts `key: [names...]` unless there are none.
fn insert_names<'a>(
    spec: &mut Map<String, Json>,
    key: &str,
    properties: impl Iterator<Item = &'a Property>,
) {
    let names = sorted_names(properties);
    if !names.is_empty() {
        spec.insert(key.into(), json!(names));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::AwsProvider;

    fn schema(layout: Layout) -> Json {
        package_schema(
            &AwsProvider::default(),
            &Options {
                layout,
                ..Options::default()
            },
        )
    }

    #[test]
    fn dynamic_tokens_put_everything_in_index() {
        let schema = schema(Layout::Dynamic);
        let resource =
            &schema["resources"]["aws:index/cognitoUserPoolClient:CognitoUserPoolClient"];
        assert!(resource.is_object(), "{schema:#}");
        assert_eq!(
            resource["properties"]["tokenValidityUnits"]["$ref"],
            "#/types/aws:index/CognitoUserPoolClientTokenValidityUnits:CognitoUserPoolClientTokenValidityUnits"
        );
        assert!(schema["types"]["aws:index/ProviderEndpoints:ProviderEndpoints"].is_object());
        let function =
            &schema["functions"]["aws:index/getCognitoUserPoolClient:getCognitoUserPoolClient"];
        assert_eq!(
            function["outputs"]["properties"]["analyticsConfigurations"]["items"]["$ref"],
            "#/types/aws:index/getCognitoUserPoolClientAnalyticsConfiguration:getCognitoUserPoolClientAnalyticsConfiguration"
        );
        assert_eq!(
            schema["config"]["variables"]["endpoints"]["$ref"],
            "#/types/aws:config/endpoints:endpoints"
        );
    }

    #[test]
    fn pulumi_aws_layout_uses_the_service_module() {
        let schema = schema(Layout::PulumiAws);
        let resource = &schema["resources"]["aws:cognito/userPoolClient:UserPoolClient"];
        assert_eq!(resource["requiredInputs"], json!(["userPoolId"]));
        for function in ["getUserPoolClient", "getUserPoolClients"] {
            let token = format!("aws:cognito/{function}:{function}");
            assert!(schema["functions"][&token].is_object(), "no {token}");
        }
        assert!(resource["properties"].get("id").is_none());
        assert_eq!(
            resource["properties"]["clientSecret"]["secret"],
            json!(true)
        );
        assert_eq!(
            resource["properties"]["accessTokenValidity"]["type"],
            "number"
        );
        assert!(resource["inputProperties"].get("clientSecret").is_none());
    }

    #[test]
    fn blocks_without_a_single_item_limit_stay_arrays_with_plural_names() {
        let block = Block {
            attributes: vec![
                Attribute::new("id", Type::String, Mode::Optional, "An id."),
                Attribute::new("name", Type::String, Mode::Required, "A name."),
                Attribute::new(
                    "rules",
                    Type::Number,
                    Mode::Optional,
                    "Clashes with the block's plural.",
                ),
            ],
            blocks: vec![
                NestedBlock {
                    name: "cors_rule",
                    nesting: Nesting::List,
                    min_items: 1,
                    max_items: 0,
                    block: Block {
                        attributes: vec![Attribute::new(
                            "max_age",
                            Type::Number,
                            Mode::Required,
                            "",
                        )],
                        ..Block::default()
                    },
                },
                NestedBlock {
                    name: "rule",
                    nesting: Nesting::Set,
                    min_items: 0,
                    max_items: 0,
                    block: Block::default(),
                },
            ],
            description: "",
            ..Block::default()
        };
        let mut generator = Generator::new("b2");
        let naming = Naming::resource("b2_bucket", "b2", Layout::Dynamic);
        let spec = generator.resource(&naming, &block);
        assert_eq!(spec["properties"]["bucketId"]["type"], "string", "{spec:#}");
        assert_eq!(
            spec["properties"]["corsRules"]["items"]["$ref"],
            "#/types/b2:index/BucketCorsRule:BucketCorsRule"
        );
        assert_eq!(
            spec["requiredInputs"],
            json!(["corsRules"]),
            "name is auto-named"
        );
        assert_eq!(
            spec["properties"]["rule"]["type"], "array",
            "a plural that clashes with a sibling is not used"
        );
        assert_eq!(spec["properties"]["rules"]["type"], "number");
        assert!(generator
            .types
            .contains_key("b2:index/BucketCorsRule:BucketCorsRule"));
    }

    #[test]
    fn data_sources_become_functions_with_arguments_in_and_every_attribute_out() {
        let element = |fields: &[(&str, Type)]| Type::list(Type::object(fields));
        let block = Block {
            attributes: vec![
                Attribute::new("id", Type::String, Mode::Computed, "An id."),
                Attribute::new("name", Type::String, Mode::Required, "A name."),
                Attribute::new(
                    "filter",
                    element(&[("key", Type::String)]),
                    Mode::Optional,
                    "An argument of object type.",
                ),
                Attribute::new(
                    "cors_rule",
                    element(&[
                        ("max_age", Type::Number),
                        ("allowed_origin", Type::set(Type::String)),
                    ]),
                    Mode::Computed,
                    "A read-only copy of a block.",
                ),
            ],
            description: "",
            ..Block::default()
        };
        let mut generator = Generator::new("b2");
        let naming = Naming::function("b2_bucket", "b2", Layout::Dynamic);
        assert_eq!(naming.token("b2"), "b2:index/getBucket:getBucket");
        let spec = generator.function(&naming, &block);
        let names = |object: &Json| -> Vec<String> {
            object.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(names(&spec["inputs"]["properties"]), ["filters", "name"]);
        assert_eq!(
            spec["inputs"]["required"],
            json!(["name"]),
            "a function's name is not auto-named"
        );
        assert_eq!(
            names(&spec["outputs"]["properties"]),
            ["corsRules", "filters", "id", "name"],
            "every attribute is an output, the id included"
        );
        assert_eq!(
            spec["outputs"]["required"],
            json!(["corsRules", "id", "name"])
        );
        assert_eq!(
            spec["outputs"]["properties"]["corsRules"]["items"]["$ref"],
            "#/types/b2:index/getBucketCorsRule:getBucketCorsRule"
        );
        let returned = &generator.types["b2:index/getBucketCorsRule:getBucketCorsRule"];
        assert_eq!(
            returned["required"],
            json!(["allowedOrigins", "maxAge"]),
            "{returned:#}"
        );
        assert_eq!(
            returned["language"],
            json!({"nodejs": {"requiredInputs": []}}),
            "a type only results use has no required inputs"
        );
        let taken = &generator.types["b2:index/getBucketFilter:getBucketFilter"];
        assert_eq!(taken["required"], json!(["key"]));
        assert!(
            taken.get("language").is_none(),
            "an argument's type is an input type too: {taken:#}"
        );
    }

    #[test]
    fn package_names_come_from_the_binary() {
        assert_eq!(
            package_name_from_binary("terraform-provider-aws").as_deref(),
            Some("aws")
        );
        assert_eq!(
            package_name_from_binary("terraform-provider-cognito_v1.2.3").as_deref(),
            Some("cognito")
        );
        assert_eq!(
            package_name_from_binary("terraform-provider-aws.exe").as_deref(),
            Some("aws")
        );
        assert_eq!(package_name_from_binary("aws"), None);
    }

    #[test]
    fn arguments() {
        let args = |list: &[&str]| parse_args(list.iter().map(|s| s.to_string()), "aws");
        let options = args(&["--pulumi-aws-layout", "--provider-name", "cognito"]).unwrap();
        assert_eq!(
            (options.layout, options.package.as_str()),
            (Layout::PulumiAws, "cognito")
        );
        assert!(args(&["--provider-name"]).is_err());
        assert!(args(&["--provider-name", "1abc"]).is_err());
        assert!(args(&["--frobnicate"]).is_err());
    }
}
