//! The resource's attributes, with their validators and plan modifiers.

use crate::framework::planmodifier::{DefaultOnCreate, RequiresReplace, UseStateForUnknown};
use crate::framework::schema::{Attribute, Block, Mode, Schema};
use crate::framework::validator::{ContainsAllowedCharacter, LengthUnit, StringLength};
use crate::framework::value::{Type, Value};

/// Version 0, as the official provider's, so states move between the two.
const SCHEMA_VERSION: i64 = 0;

pub fn resource_schema() -> Schema {
    Schema::new(
        SCHEMA_VERSION,
        Block {
            attributes: vec![
                Attribute::new("id", Type::String, Mode::Computed, "The client id, assigned by Cognito.")
                    .plan_modifier(UseStateForUnknown),
                Attribute::new("name", Type::String, Mode::Required, "The name of the app client: 1 to 128 bytes of letters, numbers, spaces, tabs and `+=,.@-`. Changing it updates the client in place.")
                    .validator(StringLength { min: 1, max: 128, unit: LengthUnit::Bytes })
                    .validator(ContainsAllowedCharacter {
                        allowed: is_client_name_character,
                        requirement: "can include any letter, number, space, tab, or one of \"+=,.@-\"",
                    }),
                Attribute::new("user_pool_id", Type::String, Mode::Required, "The id of the user pool the client belongs to. Changing it replaces the client.")
                    .plan_modifier(RequiresReplace),
                // Optional+computed, unlike the official provider's optional-only attribute:
                // it is read back from the client (whether it has a secret) when unknown,
                // so an imported client that matches its configuration plans no change.
                Attribute::new("generate_secret", Type::Bool, Mode::OptionalComputed, "Whether Cognito generates a client secret when it creates the client. Changing it replaces the client. After an import it reflects whether the client has a secret, so a matching configuration plans no change.")
                    .plan_modifier(UseStateForUnknown)
                    .plan_modifier(DefaultOnCreate(Value::Bool(false)))
                    .plan_modifier(RequiresReplace),
                Attribute::new("client_secret", Type::String, Mode::Computed, "The client secret, or an empty string when the client has none.")
                    .sensitive()
                    .plan_modifier(UseStateForUnknown),
            ],
            blocks: Vec::new(),
            description: "Manages a Cognito user pool app client.",
        },
    )
}

/// The character class of AWS's client-name pattern `[\w\s+=,.@-]+` (ASCII `\w` and `\s`).
fn is_client_name_character(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
        || "+=,.@-".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::diag::Diagnostics;
    use crate::framework::path::Path;
    use crate::framework::plan::validate_config;
    use crate::framework::value::Value;

    fn name_errors(name: &str) -> Vec<String> {
        let schema = resource_schema();
        let mut config = Value::null_object(schema.ty());
        *config.attr_mut("name").unwrap() = Value::string(name);
        let mut diagnostics = Diagnostics::default();
        validate_config(&schema.block, &Path::default(), &config, &mut diagnostics);
        diagnostics.0.into_iter().map(|d| d.detail).collect()
    }

    #[test]
    fn client_names_follow_aws_rules() {
        assert!(name_errors("my-app client_1").is_empty());
        assert!(
            name_errors("ünïcode with one ascii letter a").is_empty(),
            "the pattern is unanchored"
        );
        assert_eq!(
            name_errors("").len(),
            2,
            "too short, and no allowed character"
        );
        assert_eq!(name_errors(&"a".repeat(129)).len(), 1);
        assert_eq!(
            name_errors(&format!("{}a", "é".repeat(64))),
            vec!["Attribute name string length must be between 1 and 128, got: 129"]
        );
        assert_eq!(name_errors("ééé").len(), 1, "no allowed character at all");
    }

    #[test]
    fn schema_has_the_reference_shape() {
        let schema = resource_schema();
        assert_eq!(schema.version, 0);
        let secret = schema.block.attribute("client_secret").unwrap();
        assert!(secret.sensitive && secret.mode == Mode::Computed);
        assert_eq!(
            schema.block.attribute("generate_secret").unwrap().mode,
            Mode::OptionalComputed
        );
    }
}
