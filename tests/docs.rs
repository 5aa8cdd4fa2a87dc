//! The registry documentation and the release metadata agree with the code.
//!
//! The schema comes from the binary itself (launched as Terraform launches it, then
//! GetProviderSchema), so these tests check what Terraform sees, not a copy of it:
//!
//! - every resource type the provider serves has a registry page,
//!   `docs/resources/<type without aws_>.md` (`cognito_user_pool_client.md` for
//!   `aws_cognito_user_pool_client`); every attribute and nested block of the type
//!   has a `` * `name` - `` line in it, every such line names something the schema
//!   has, and the same for the provider's arguments and `docs/index.md`. Top-level
//!   names belong in the `## Argument Reference` and `## Attribute Reference`
//!   sections; a nested block's names belong under a heading that is the block's
//!   name (e.g. `### token_validity_units`);
//! - the same for every data source and ephemeral resource and its page in
//!   `docs/data-sources/` or `docs/ephemeral-resources/`;
//! - every attribute has a non-empty description (what `terraform providers schema
//!   -json` and language servers show);
//! - `--version` prints the version from Cargo.toml, `CHANGELOG.md` starts with that
//!   version, and `terraform-registry-manifest.json` announces the protocol the
//!   binary serves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use terraform_provider_aws::proto::tfplugin6::{self as tf, schema::Block};
use test_support::plugin::Plugin;

/// Resource types whose pages must exist; every other type served needs one too.
const RESOURCES: [&str; 2] = [
    "aws_cognito_user_pool_client",
    "aws_cognito_managed_user_pool_client",
];
const PROVIDER_DOC: &str = "docs/index.md";

/// The `##` sections whose bullets document the schema.
const REFERENCE_SECTIONS: [&str; 2] = ["Argument Reference", "Attribute Reference"];

async fn provider_schema() -> tf::get_provider_schema::Response {
    Plugin::start()
        .await
        .expect("provider starts and accepts the connection")
        .schema()
        .await
}

fn root_block(schema: Option<&tf::Schema>, what: &str) -> Block {
    schema
        .and_then(|schema| schema.block.clone())
        .unwrap_or_else(|| panic!("GetProviderSchema returned no block for {what}"))
}

fn read_repo_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Where names live: `""` for the top level, else the dotted path of a nested block
/// (`analytics_configuration`, `a.b`).
type Sections = BTreeMap<String, BTreeSet<String>>;

/// The names the schema declares, per block: attributes and nested block types.
fn schema_names(block: &Block) -> Sections {
    let mut sections = Sections::new();
    collect_schema_names(block, "", &mut sections);
    sections
}

fn collect_schema_names(block: &Block, path: &str, sections: &mut Sections) {
    let names = sections.entry(path.to_owned()).or_default();
    names.extend(block.attributes.iter().map(|a| a.name.clone()));
    names.extend(block.block_types.iter().map(|b| b.type_name.clone()));
    for nested in &block.block_types {
        let child = join(path, &nested.type_name);
        let inner = nested.block.clone().unwrap_or_default();
        collect_schema_names(&inner, &child, sections);
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// `(path, attribute)` for every attribute whose description is empty.
fn undescribed(block: &Block, path: &str) -> Vec<String> {
    let mut missing: Vec<String> = block
        .attributes
        .iter()
        .filter(|a| a.description.trim().is_empty())
        .map(|a| join(path, &a.name))
        .collect();
    for nested in &block.block_types {
        let inner = nested.block.clone().unwrap_or_default();
        missing.extend(undescribed(&inner, &join(path, &nested.type_name)));
    }
    missing
}

/// The `` * `name` - `` bullets of a registry page, per section. `blocks` are the
/// nested block paths of the schema: a heading that names one (the whole dotted path
/// or its last part, in backticks or not) opens that block's section; any other
/// heading inside a reference section goes back to the top level. Bullets outside the
/// reference sections (examples, import ids, differences) are not schema docs.
fn documented_names(markdown: &str, blocks: &BTreeSet<String>) -> Sections {
    let mut sections = Sections::new();
    let mut in_reference = false;
    let mut current = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if let Some((level, title)) = heading(line) {
            if level <= 2 {
                in_reference = REFERENCE_SECTIONS.contains(&title.as_str());
                current.clear();
            } else {
                current = blocks
                    .iter()
                    .find(|path| **path == title || path.rsplit('.').next() == Some(&title))
                    .cloned()
                    .unwrap_or_default();
            }
            continue;
        }
        if !in_reference {
            continue;
        }
        if let Some(name) = bullet_name(line) {
            sections
                .entry(current.clone())
                .or_default()
                .insert(name.to_owned());
        }
    }
    sections
}

/// `## Title` -> `(2, "Title")`, without backticks.
fn heading(line: &str) -> Option<(usize, String)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = line.get(level..)?;
    if level == 0 || !rest.starts_with(' ') {
        return None;
    }
    Some((level, rest.trim().replace('`', "")))
}

/// `` * `name` - text `` -> `name`.
fn bullet_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("* `")?;
    let (name, after) = rest.split_once('`')?;
    after.starts_with(" - ").then_some(name)
}

/// Both directions, per section; returns one line per problem.
fn compare(schema: &Sections, docs: &Sections, doc: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let empty = BTreeSet::new();
    let keys: BTreeSet<&String> = schema.keys().chain(docs.keys()).collect();
    for key in keys {
        let want = schema.get(key).unwrap_or(&empty);
        let have = docs.get(key).unwrap_or(&empty);
        let place = if key.is_empty() {
            "the top level".to_owned()
        } else {
            format!("block {key}")
        };
        for name in want.difference(have) {
            problems.push(format!(
                "{doc}: `{name}` of {place} is in the schema but has no \"* `{name}` - \" line"
            ));
        }
        for name in have.difference(want) {
            problems.push(format!(
                "{doc}: \"* `{name}` - \" documents something {place} of the schema does not have"
            ));
        }
    }
    problems
}

fn check_docs(block: &Block, doc: &str) -> Vec<String> {
    let schema = schema_names(block);
    let blocks: BTreeSet<String> = schema.keys().filter(|k| !k.is_empty()).cloned().collect();
    let docs = documented_names(&read_repo_file(doc), &blocks);
    compare(&schema, &docs, doc)
}

/// The registry page of a resource type: `aws_x_y` is documented in `docs/resources/x_y.md`.
fn resource_doc(type_name: &str) -> String {
    let name = type_name.strip_prefix("aws_").unwrap_or(type_name);
    format!("docs/resources/{name}.md")
}

#[tokio::test]
async fn every_resource_has_docs_that_match_its_schema() {
    let response = provider_schema().await;
    for required in RESOURCES {
        assert!(
            response.resource_schemas.contains_key(required),
            "the provider no longer serves {required}"
        );
    }
    let mut problems = Vec::new();
    for (type_name, schema) in &response.resource_schemas {
        let doc = resource_doc(type_name);
        if !Path::new(env!("CARGO_MANIFEST_DIR")).join(&doc).is_file() {
            problems.push(format!("{type_name} has no registry page {doc}"));
            continue;
        }
        problems.extend(check_docs(&root_block(Some(schema), type_name), &doc));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn provider_docs_match_the_schema() {
    let response = provider_schema().await;
    let block = root_block(response.provider.as_ref(), "the provider");
    let problems = check_docs(&block, PROVIDER_DOC);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every data source and ephemeral resource the provider serves has its page,
/// `docs/data-sources/NAME.md` or `docs/ephemeral-resources/NAME.md` (NAME without
/// the `aws_` prefix), matching its schema.
#[tokio::test]
async fn data_source_ephemeral_and_list_docs_match_the_schema() {
    let response = provider_schema().await;
    let kinds = [
        ("data-sources", &response.data_source_schemas),
        ("ephemeral-resources", &response.ephemeral_resource_schemas),
        ("list-resources", &response.list_resource_schemas),
    ];
    let mut problems = Vec::new();
    for (directory, schemas) in kinds {
        assert!(!schemas.is_empty(), "the provider serves no {directory}");
        for (name, schema) in schemas {
            let page = name.strip_prefix("aws_").unwrap_or(name);
            let doc = format!("docs/{directory}/{page}.md");
            problems.extend(check_docs(&root_block(Some(schema), name), &doc));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The names of the bullets under `## Identity Schema` (both its `###` parts).
fn identity_names(markdown: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut inside = false;
    for line in markdown.lines() {
        match heading(line) {
            Some((level, title)) if level <= 2 => inside = title == "Identity Schema",
            _ => {
                if let Some(name) = bullet_name(line).filter(|_| inside) {
                    names.insert(name.to_owned());
                }
            }
        }
    }
    names
}

/// Every resource page has an `## Identity Schema` section naming exactly the
/// attributes of its identity, for `import` blocks with `identity`.
#[tokio::test]
async fn every_resource_page_documents_its_identity() {
    let plugin = Plugin::start().await.expect("provider starts");
    let identities = plugin
        .provider()
        .get_resource_identity_schemas(tf::get_resource_identity_schemas::Request {})
        .await
        .expect("GetResourceIdentitySchemas answers")
        .into_inner()
        .identity_schemas;
    assert!(!identities.is_empty());
    let mut problems = Vec::new();
    for (type_name, identity) in &identities {
        let doc = resource_doc(type_name);
        let documented = identity_names(&read_repo_file(&doc));
        let declared: BTreeSet<String> = identity
            .identity_attributes
            .iter()
            .map(|a| a.name.clone())
            .collect();
        if documented != declared {
            problems.push(format!(
                "{doc}: Identity Schema lists {documented:?}, the identity has {declared:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_attribute_has_a_description() {
    let response = provider_schema().await;
    let mut missing: Vec<String> =
        undescribed(&root_block(response.provider.as_ref(), "the provider"), "")
            .into_iter()
            .map(|path| format!("provider: {path}"))
            .collect();
    let data_sources = response.data_source_schemas.iter();
    let ephemeral = response.ephemeral_resource_schemas.iter();
    for (name, schema) in response
        .resource_schemas
        .iter()
        .chain(data_sources)
        .chain(ephemeral)
    {
        let block = root_block(Some(schema), name);
        missing.extend(
            undescribed(&block, "")
                .into_iter()
                .map(|path| format!("{name}: {path}")),
        );
    }
    assert!(
        missing.is_empty(),
        "attributes without a description:\n{}",
        missing.join("\n")
    );
}

/// The check itself: a missing and an extra line are both reported, nested names
/// are kept apart from top-level ones, and bullets outside the reference sections
/// (or in code blocks) do not count.
#[test]
fn the_docs_check_reports_both_directions() {
    let schema = Sections::from([
        (
            String::new(),
            BTreeSet::from(["name".to_owned(), "units".to_owned()]),
        ),
        ("units".to_owned(), BTreeSet::from(["hours".to_owned()])),
    ]);
    let blocks = BTreeSet::from(["units".to_owned()]);
    let markdown = "\
# Resource\n\n* `ignored` - not in a reference section\n\n\
## Argument Reference\n\n* `name` - the name\n* `units` - block\n\n```\n* `in_code` - no\n```\n\n\
### units\n\n* `minutes` - wrong\n\n## Import\n\n* `also_ignored` - no\n";
    let docs = documented_names(markdown, &blocks);
    assert_eq!(
        compare(&schema, &docs, "x.md"),
        vec![
            "x.md: `hours` of block units is in the schema but has no \"* `hours` - \" line",
            "x.md: \"* `minutes` - \" documents something block units of the schema does not have",
        ]
    );
}

#[test]
fn version_flag_prints_the_cargo_version() {
    let output = Command::new(env!("CARGO_BIN_EXE_terraform-provider-aws"))
        .arg("--version")
        .output()
        .expect("run terraform-provider-aws --version");
    assert!(output.status.success(), "--version failed: {output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim_end(),
        format!("terraform-provider-aws {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The registry's changelog format: the newest release first, as `## X.Y.Z` or
/// `## X.Y.Z (Unreleased)`.
#[test]
fn changelog_starts_with_the_cargo_version() {
    let changelog = read_repo_file("CHANGELOG.md");
    let first = changelog
        .lines()
        .find(|line| line.starts_with("## "))
        .expect("CHANGELOG.md has a `## X.Y.Z` heading");
    let version = first
        .trim_start_matches("## ")
        .split_whitespace()
        .next()
        .unwrap_or_default();
    assert_eq!(
        version,
        env!("CARGO_PKG_VERSION"),
        "the first CHANGELOG.md entry ({first:?}) is not the version in Cargo.toml"
    );
}

/// The manifest the registry reads next to the release: plugin protocol 6.0, the one
/// the binary announces in its handshake.
#[test]
fn registry_manifest_announces_protocol_6() {
    let manifest: serde_json::Value =
        serde_json::from_str(&read_repo_file("terraform-registry-manifest.json"))
            .expect("terraform-registry-manifest.json is JSON");
    assert_eq!(
        manifest,
        serde_json::json!({"version": 1, "metadata": {"protocol_versions": ["6.0"]}})
    );
}
