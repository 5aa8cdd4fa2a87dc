//! An `aws_cognito_user_pool_client` resource block built argument by argument, so
//! that a test names only what it sets or changes. [`ClientHcl::every_argument`] is
//! the one full configuration: every argument and all three blocks.

use std::fmt;

use serde_json::{json, Map, Value};

use crate::backend::REGION;
use crate::fixture::TYPE;

/// One client resource block. Arguments are JSON values, which are also HCL
/// literals (strings, numbers, booleans, lists); an object is written as a nested
/// block. Arguments come out in name order, which HCL does not mind.
#[derive(Clone, Debug)]
pub struct ClientHcl {
    label: String,
    arguments: Map<String, Value>,
}

impl ClientHcl {
    /// `resource "aws_cognito_user_pool_client" "LABEL"` with its two required
    /// arguments.
    pub fn new(label: &str, name: &str, pool: &str) -> ClientHcl {
        ClientHcl {
            label: label.to_owned(),
            arguments: Map::new(),
        }
        .set("name", name)
        .set("user_pool_id", pool)
    }

    /// Every argument of the resource, each set to a value that differs from AWS's
    /// default, and all three blocks (analytics by application id).
    pub fn every_argument(self) -> ClientHcl {
        self.set("region", REGION)
            .set("generate_secret", true)
            .set("access_token_validity", 3600)
            .set("id_token_validity", 60)
            .set("refresh_token_validity", 30)
            .set(
                "token_validity_units",
                json!({"access_token": "seconds", "id_token": "minutes", "refresh_token": "days"}),
            )
            .set("auth_session_validity", 7)
            .set("enable_token_revocation", true)
            .set("enable_propagate_additional_user_context_data", true)
            .set("prevent_user_existence_errors", "ENABLED")
            .set("allowed_oauth_flows_user_pool_client", true)
            .set("allowed_oauth_flows", json!(["code", "implicit"]))
            .set(
                "allowed_oauth_scopes",
                json!(["openid", "email", "profile"]),
            )
            .set(
                "callback_urls",
                json!([
                    "https://example.com/callback",
                    "https://example.com/alternate"
                ]),
            )
            .set("default_redirect_uri", "https://example.com/callback")
            .set("logout_urls", json!(["https://example.com/logout"]))
            .set("supported_identity_providers", json!(["COGNITO"]))
            .set(
                "explicit_auth_flows",
                json!(["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"]),
            )
            .set("read_attributes", json!(["email", "name"]))
            .set("write_attributes", json!(["email", "name"]))
            .set(
                "analytics_configuration",
                json!({
                    "application_id": "0123456789abcdef0123456789abcdef",
                    "external_id": "external-one",
                    "role_arn": "arn:aws:iam::123456789012:role/pinpoint-one",
                    "user_data_shared": true
                }),
            )
            .set(
                "refresh_token_rotation",
                json!({"feature": "ENABLED", "retry_grace_period_seconds": 30}),
            )
    }

    /// Sets (or replaces) an argument, or a block when `value` is an object.
    pub fn set(mut self, argument: &str, value: impl Into<Value>) -> ClientHcl {
        self.arguments.insert(argument.to_owned(), value.into());
        self
    }

    /// Leaves an argument or block out.
    pub fn without(mut self, argument: &str) -> ClientHcl {
        self.arguments.remove(argument);
        self
    }

    /// Keeps `name`, `user_pool_id` and the `kept` arguments, and leaves the rest out.
    pub fn only(mut self, kept: &[&str]) -> ClientHcl {
        self.arguments.retain(|argument, _| {
            ["name", "user_pool_id"].contains(&argument.as_str())
                || kept.contains(&argument.as_str())
        });
        self
    }
}

impl fmt::Display for ClientHcl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "\nresource \"{TYPE}\" \"{}\" {{", self.label)?;
        for (argument, value) in &self.arguments {
            match value {
                Value::Object(block) => {
                    writeln!(f, "  {argument} {{")?;
                    for (name, value) in block {
                        writeln!(f, "    {name} = {value}")?;
                    }
                    writeln!(f, "  }}")?;
                }
                value => writeln!(f, "  {argument} = {value}")?,
            }
        }
        writeln!(f, "}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_become_attributes_and_objects_blocks() {
        let hcl = ClientHcl::new("test", "a \"quoted\" name", "pool")
            .set("generate_secret", true)
            .set("callback_urls", json!(["https://example.com/cb"]))
            .set("refresh_token_rotation", json!({"feature": "ENABLED"}))
            .to_string();
        assert_eq!(
            hcl,
            "\nresource \"aws_cognito_user_pool_client\" \"test\" {\n  \
             callback_urls = [\"https://example.com/cb\"]\n  generate_secret = true\n  \
             name = \"a \\\"quoted\\\" name\"\n  refresh_token_rotation {\n    \
             feature = \"ENABLED\"\n  }\n  user_pool_id = \"pool\"\n}\n"
        );
    }

    #[test]
    fn only_keeps_the_required_arguments_and_the_named_ones() {
        let client = ClientHcl::new("test", "n", "p").every_argument();
        let kept = client.only(&["generate_secret"]);
        let names: Vec<&String> = kept.arguments.keys().collect();
        assert_eq!(names, ["generate_secret", "name", "user_pool_id"]);
        assert_eq!(
            kept.without("generate_secret").arguments.len(),
            2,
            "without removes an argument"
        );
    }
}
