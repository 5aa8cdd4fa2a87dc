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
//!   nested types are `<pkg>:index/<Resource><Property>:<same>`. [`Layout::PulumiAws`]
//!   instead puts each resource in the module of its service, as pulumi-aws does
//!   (`aws:cognito/userPoolClient:UserPoolClient`);
//! - names: `snake_case` becomes `camelCase`; list and set properties get a plural
//!   name unless they hold at most one item or the plural clashes with a sibling;
//! - a computed-only string `id` becomes the resource id (not a property); any other
//!   `id` is renamed `<resource>Id`;
//! - a list or set block with `max_items = 1` becomes a single object;
//! - Terraform numbers are always Pulumi `number` (the protocol has no integers);
//! - sensitive attributes are `secret`;
//! - a top-level string input `name` is auto-named, so it is never a required input.
//!
//! The projection is built from the framework's [`Schema`](crate::framework::schema::Schema)s, which are what
//! `GetProviderSchema` serves, so it follows the provider's schema automatically.

pub mod naming;

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
provider (`pulumi package add terraform-provider /path/to/terraform-provider-aws`).
  --pulumi-aws-layout   put resources in per-service modules as pulumi-aws does
                        (aws:cognito/userPoolClient:UserPoolClient) instead of the
                        bridge's module `index` (aws:index/cognitoUserPoolClient:...)
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

/// The Pulumi package schema of `provider`.
pub fn package_schema(provider: &dyn Provider, options: &Options) -> Json {
    let mut generator = Generator {
        package: options.package.clone(),
        types: Map::new(),
    };
    let type_names: Vec<&str> = provider.resources().iter().map(|r| r.type_name()).collect();
    let prefix = resource_prefix(&type_names);

    let mut resources = Map::new();
    for resource in provider.resources() {
        let naming = ResourceNaming::new(resource.type_name(), &prefix, options.layout);
        let token = format!(
            "{}:{}/{}:{}",
            options.package,
            naming.module,
            lower_first(&naming.name),
            naming.name
        );
        let spec = generator.resource(&naming, &resource.schema().block);
        resources.insert(token, spec);
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

/// A resource's Pulumi module and name.
struct ResourceNaming {
    module: String,
    /// PascalCase, e.g. `CognitoUserPoolClient` (or `UserPoolClient` per service).
    name: String,
}

impl ResourceNaming {
    fn new(type_name: &str, prefix: &str, layout: Layout) -> Self {
        let bare = type_name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('_'))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(type_name);
        match (layout, bare.split_once('_')) {
            (Layout::PulumiAws, Some((service, rest))) if !rest.is_empty() => ResourceNaming {
                module: service.to_string(),
                name: pascal_case(rest),
            },
            _ => ResourceNaming {
                module: "index".to_string(),
                name: pascal_case(bare),
            },
        }
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
    /// `<prefix><Property>`, singular for arrays (resources, provider, nested types).
    Prefixed(&'a str),
    /// The variable's own name (top-level configuration variables).
    ConfigVariable,
}

struct Generator {
    package: String,
    /// Object types by token.
    types: Map<String, Json>,
}

impl Generator {
    fn resource(&mut self, naming: &ResourceNaming, block: &Block) -> Json {
        let mut properties =
            self.properties(block, &naming.module, TypeNaming::Prefixed(&naming.name));
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

    /// The provider resource: its inputs, mirrored as outputs.
    fn provider(&mut self, block: &Block) -> Json {
        let properties = self.properties(block, "index", TypeNaming::Prefixed("Provider"));
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
        let properties = self.properties(block, "config", TypeNaming::ConfigVariable);
        let inputs = || properties.iter().filter(|p| p.input);
        let mut spec = Map::new();
        spec.insert("variables".into(), property_map(inputs()));
        insert_names(&mut spec, "required", inputs().filter(|p| p.required_input));
        Json::Object(spec)
    }

    /// The properties of a block's attributes and nested blocks, in schema order.
    fn properties(&mut self, block: &Block, module: &str, naming: TypeNaming<'_>) -> Vec<Property> {
        let siblings: Vec<&str> = block
            .attributes
            .iter()
            .map(|a| a.name)
            .chain(block.blocks.iter().map(|b| b.name))
            .collect();
        let pulumi_name = |tf_name: &str, plural: bool| {
            let candidate = pluralize(tf_name);
            if plural && candidate != tf_name && !siblings.contains(&candidate.as_str()) {
                camel_case(&candidate)
            } else {
                camel_case(tf_name)
            }
        };
        let mut properties = Vec::new();
        for attribute in &block.attributes {
            let plural = matches!(attribute.ty, Type::List(_) | Type::Set(_));
            let name = pulumi_name(attribute.name, plural);
            properties.push(self.attribute(attribute, name, module, naming));
        }
        for nested in &block.blocks {
            let name = pulumi_name(nested.name, !flattened(nested));
            properties.push(self.block(nested, name, module, naming));
        }
        properties
    }

    fn attribute(
        &mut self,
        attribute: &Attribute,
        name: String,
        module: &str,
        naming: TypeNaming<'_>,
    ) -> Property {
        let collection = matches!(attribute.ty, Type::List(_) | Type::Set(_) | Type::Map(_));
        let type_name = nested_type_name(naming, &name, collection);
        let mut spec = self.type_spec(&attribute.ty, module, &type_name);
        describe(&mut spec, attribute.description);
        if attribute.sensitive {
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

    fn block(
        &mut self,
        nested: &NestedBlock,
        name: String,
        module: &str,
        naming: TypeNaming<'_>,
    ) -> Property {
        let flat = flattened(nested);
        let type_name = nested_type_name(naming, &name, !flat);
        let token = self.object_type(&nested.block, module, &type_name);
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
        let properties = self.properties(block, module, TypeNaming::Prefixed(type_name));
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

    fn declare(&mut self, module: &str, type_name: &str, spec: Json) -> String {
        let token = format!("{}:{module}/{type_name}:{type_name}", self.package);
        self.types.entry(token.clone()).or_insert(spec);
        token
    }

    /// The Pulumi type of a Terraform type; objects become named types.
    fn type_spec(&mut self, ty: &Type, module: &str, type_name: &str) -> Json {
        match ty {
            Type::String => json!({"type": "string"}),
            Type::Bool => json!({"type": "boolean"}),
            // The protocol cannot tell integers from other numbers.
            Type::Number => json!({"type": "number"}),
            Type::List(element) | Type::Set(element) => {
                json!({"type": "array", "items": self.type_spec(element, module, type_name)})
            }
            Type::Map(element) => json!({
                "type": "object",
                "additionalProperties": self.type_spec(element, module, type_name),
            }),
            Type::Object(fields) => {
                let mut properties = Map::new();
                for (field, field_type) in fields {
                    let name = camel_case(field);
                    let inner = format!("{type_name}{}", upper_first(&name));
                    properties.insert(name, self.type_spec(field_type, module, &inner));
                }
                let spec = json!({"properties": properties, "type": "object"});
                let token = self.declare(module, type_name, spec);
                json!({"$ref": format!("#/types/{token}")})
            }
        }
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
        let mut generator = Generator {
            package: "b2".into(),
            types: Map::new(),
        };
        let naming = ResourceNaming::new("b2_bucket", "b2", Layout::Dynamic);
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
