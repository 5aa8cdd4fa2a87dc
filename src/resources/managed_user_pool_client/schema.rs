//! The client resource's schema (its field table, validators, blocks and lifetime
//! bounds), with `name` computed, no `generate_secret` or custom secret (a secret
//! is set only when a client is created), and the two selectors.

use crate::framework::planmodifier::UseStateForUnknown;
use crate::framework::schema::{Attribute, Mode, Schema};
use crate::framework::validator::ExactlyOneOf;
use crate::framework::value::Type;
use crate::resources::user_pool_client::schema::{
    attributes, client_block, with_client_name_rules, SCHEMA_VERSION,
};

use super::selector::RegularExpression;
use super::SELECTORS;

pub fn resource_schema() -> Schema {
    let mut attributes: Vec<Attribute> = attributes()
        .into_iter()
        .filter(|attribute| attribute.name != "name")
        .collect();
    attributes.extend([
        Attribute::new("name", Type::String, Mode::Computed, "The name of the adopted app client, as Cognito reports it.")
            .plan_modifier(UseStateForUnknown),
        with_client_name_rules(Attribute::new("name_pattern", Type::String, Mode::Optional, "A regular expression (RE2 syntax, unanchored: use `^` and `$` to match the whole name) that the name of exactly one app client of the pool matches: that client is adopted. Exactly one of `name_pattern` and `name_prefix` is required."))
            .validator(RegularExpression),
        with_client_name_rules(Attribute::new("name_prefix", Type::String, Mode::Optional, "The beginning of the name of exactly one app client of the pool: that client is adopted. Exactly one of `name_pattern` and `name_prefix` is required.")),
    ]);
    Schema::new(
        SCHEMA_VERSION,
        client_block(
            attributes,
            "Manages an app client of an Amazon Cognito user pool that another AWS service created: adopts it instead of creating one, and leaves it in place on destroy.",
        )
        .validator(ExactlyOneOf(SELECTORS)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::diag::Diagnostics;
    use crate::framework::path::Path;
    use crate::framework::plan::validate_config;
    use crate::framework::value::Value;

    fn details(fields: &[(&str, Value)]) -> Vec<String> {
        let schema = resource_schema();
        let mut config = schema.block.empty_value();
        for (name, value) in fields {
            config.set_attr(name, value.clone());
        }
        let mut diagnostics = Diagnostics::default();
        validate_config(&schema.block, &Path::default(), &config, &mut diagnostics);
        diagnostics.0.into_iter().map(|d| d.detail).collect()
    }

    #[test]
    fn the_client_schema_without_generate_secret_or_a_custom_secret_and_with_a_computed_name() {
        let schema = resource_schema();
        let client = crate::resources::user_pool_client::schema::resource_schema();
        let names = |schema: &Schema| -> Vec<&str> {
            schema.block.attributes.iter().map(|a| a.name).collect()
        };
        let mut expected: Vec<&str> = names(&client)
            .into_iter()
            .filter(|name| {
                ![
                    "generate_secret",
                    "client_secret_wo",
                    "client_secret_wo_version",
                ]
                .contains(name)
            })
            .chain(["name_pattern", "name_prefix"])
            .collect();
        expected.sort();
        assert_eq!(names(&schema), expected);
        assert_eq!(schema.version, 0);
        assert_eq!(schema.block.attribute("name").unwrap().mode, Mode::Computed);
        let secret = schema.block.attribute("client_secret").unwrap();
        assert!(secret.sensitive && secret.mode == Mode::Computed);
        assert_eq!(
            schema.block.blocks.len(),
            client.block.blocks.len(),
            "the same blocks"
        );
    }

    #[test]
    fn exactly_one_selector_is_required() {
        let message =
            "Exactly one of these attributes must be configured: [name_pattern,name_prefix]";
        assert_eq!(details(&[("user_pool_id", Value::string("p"))]), [message]);
        assert_eq!(
            details(&[
                ("name_pattern", Value::string("^a")),
                ("name_prefix", Value::string("a")),
            ]),
            [message]
        );
        assert!(details(&[("name_prefix", Value::string("Amazon"))]).is_empty());
        assert!(details(&[("name_pattern", Value::Unknown)]).is_empty());
    }

    #[test]
    fn selectors_follow_the_client_name_rules_and_patterns_must_compile() {
        assert_eq!(
            details(&[("name_prefix", Value::string(""))]),
            ["Attribute name_prefix string length must be between 1 and 128, got: 0"]
        );
        assert_eq!(details(&[("name_prefix", Value::string("ééé"))]).len(), 1);
        let invalid = details(&[("name_pattern", Value::string("^Amazon(OpenSearch"))]);
        assert_eq!(invalid.len(), 1, "{invalid:?}");
        assert!(
            invalid[0].starts_with("Attribute name_pattern is not a valid regular expression:")
                && invalid[0].contains("unclosed group"),
            "{invalid:?}"
        );
        assert!(details(&[("name_pattern", Value::string(r"(?i)^amazon\w+-\d+$"))]).is_empty());
        assert!(details(&[("name_pattern", Value::string(r"^\p{Greek}+\pN"))]).is_empty());
    }

    #[test]
    fn lifetime_bounds_and_block_rules_are_the_client_resources() {
        assert_eq!(
            details(&[
                ("name_prefix", Value::string("a")),
                ("access_token_validity", Value::int(25)),
            ]),
            ["Attribute access_token_validity must have a duration between 5m0s and 24h0m0s, got: 25h0m0s"]
        );
    }
}
