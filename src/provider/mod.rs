//! The `aws` provider: its configuration arguments and the resources, data
//! sources and ephemeral resources it serves.

mod schema;

use std::sync::Arc;

use crate::aws::{regions, AwsSettings, CognitoClient, Rates};
use crate::data_sources::user_pool_client::UserPoolClientData;
use crate::data_sources::user_pool_clients::UserPoolClientsData;
use crate::ephemeral_resources::user_pool_client::UserPoolClientEphemeral;
use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::provider::{Catalog, Provider};
use crate::framework::schema::Schema;
use crate::framework::value::Value;
use crate::resources::managed_user_pool_client::ManagedUserPoolClient;
use crate::resources::user_pool_client::UserPoolClient;
use crate::resources::user_pool_client_secret::UserPoolClientSecret;

/// The provider's registry addresses: `cognito-rs/aws` under Terraform's default
/// registry host and under OpenTofu's. `--debug` names both in its reattach line, so
/// that either CLI finds the process under the address it resolves the source to.
pub const SOURCE_ADDRESSES: [&str; 2] = [
    "registry.terraform.io/cognito-rs/aws",
    "registry.opentofu.org/cognito-rs/aws",
];

pub struct AwsProvider {
    schema: Schema,
    client: Arc<CognitoClient>,
    catalog: Catalog,
}

impl Default for AwsProvider {
    fn default() -> Self {
        let client = Arc::new(CognitoClient::default());
        AwsProvider {
            schema: schema::provider_schema(),
            catalog: Catalog {
                resources: vec![
                    Box::new(UserPoolClient::new(client.clone())),
                    Box::new(ManagedUserPoolClient::new(client.clone())),
                    Box::new(UserPoolClientSecret::new(client.clone())),
                ],
                data_sources: vec![
                    Box::new(UserPoolClientData::new(client.clone())),
                    Box::new(UserPoolClientsData::new(client.clone())),
                ],
                ephemeral_resources: vec![Box::new(UserPoolClientEphemeral::new(client.clone()))],
            },
            client,
        }
    }
}

impl Provider for AwsProvider {
    fn schema(&self) -> &Schema {
        &self.schema
    }

    /// A provider `region` this provider does not know is refused here, at plan time,
    /// unless `skip_region_validation` (its shape is the attribute's validator's).
    fn validate_config(&self, config: &Value, diagnostics: &mut Diagnostics) {
        let skip = config.attr("skip_region_validation");
        let (Some(region), false) = (config.attr("region").as_str(), skip.is_unknown()) else {
            return;
        };
        let skip = skip.as_bool().unwrap_or(false);
        if let Err(problem @ regions::Problem::Unknown(_)) = regions::check(region, skip) {
            diagnostics.attribute_error(
                Path::root("region"),
                problem.summary(),
                problem.detail(region, "Region"),
            );
        }
    }

    fn configure(&self, config: &Value, terraform_version: &str, diagnostics: &mut Diagnostics) {
        tracing::debug!(terraform_version, "configuring provider");
        if let Some(settings) = settings_from_config(config, diagnostics) {
            self.client.configure(settings);
        }
    }

    fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    fn stop(&self) {
        self.client.stop();
    }
}

/// Reads the provider block. Values that are not known yet cannot configure a
/// client, so they are reported rather than silently replaced by the environment.
fn settings_from_config(config: &Value, diagnostics: &mut Diagnostics) -> Option<AwsSettings> {
    let endpoints = config
        .attr("endpoints")
        .elements()
        .first()
        .cloned()
        .unwrap_or(Value::Null);
    let mut reader = ConfigReader { diagnostics };
    let settings = AwsSettings {
        region: reader.string(config, "region", &Path::root("region")),
        profile: reader.string(config, "profile", &Path::root("profile")),
        access_key: reader.string(config, "access_key", &Path::root("access_key")),
        secret_key: reader.string(config, "secret_key", &Path::root("secret_key")),
        token: reader.string(config, "token", &Path::root("token")),
        shared_config_files: reader.strings(config, "shared_config_files"),
        shared_credentials_files: reader.strings(config, "shared_credentials_files"),
        max_retries: reader.retries(config),
        rates: Rates {
            per_category: reader.rate(
                config,
                "client_requests_per_second",
                Rates::default().per_category,
            ),
            per_operation_and_pool: reader.rate(
                config,
                "client_requests_per_second_per_pool",
                Rates::default().per_operation_and_pool,
            ),
        },
        skip_region_validation: reader
            .known(
                config.attr("skip_region_validation"),
                &Path::root("skip_region_validation"),
            )
            .and_then(Value::as_bool)
            .unwrap_or(false),
        cognitoidp_endpoint: reader.string(
            &endpoints,
            "cognitoidp",
            &Path::root("endpoints").index(0).attribute("cognitoidp"),
        ),
    };
    (!reader.diagnostics.has_errors()).then_some(settings)
}

struct ConfigReader<'a> {
    diagnostics: &'a mut Diagnostics,
}

impl ConfigReader<'_> {
    fn known<'v>(&mut self, value: &'v Value, path: &Path) -> Option<&'v Value> {
        if value.is_wholly_known() {
            return (!value.is_null()).then_some(value);
        }
        self.diagnostics.attribute_error(
            path.clone(),
            "Provider argument not known yet",
            format!(
                "{path} depends on a value that is only known after apply, so the provider cannot be \
                 configured with it. Use a value that is known at plan time, or apply the resources \
                 it depends on first (terraform apply -target=...)."
            ),
        );
        None
    }

    fn string(&mut self, object: &Value, name: &str, path: &Path) -> Option<String> {
        self.known(object.attr(name), path)?
            .as_str()
            .map(str::to_string)
    }

    fn strings(&mut self, config: &Value, name: &str) -> Vec<String> {
        let Some(list) = self.known(config.attr(name), &Path::root(name)) else {
            return Vec::new();
        };
        list.elements()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    /// A rate limit in requests per second: a number of at least 0 (0: no limit).
    fn rate(&mut self, config: &Value, name: &str, default: f64) -> f64 {
        let path = Path::root(name);
        let Some(value) = self.known(config.attr(name), &path) else {
            return default;
        };
        let rate = match value {
            Value::Number(number) => number
                .to_string()
                .parse::<f64>()
                .ok()
                .filter(|r| *r >= 0.0 && r.is_finite()),
            _ => None,
        };
        rate.unwrap_or_else(|| {
            self.diagnostics.attribute_error(
                path,
                "Invalid request rate",
                format!("{name} must be a number of requests per second of at least 0 (0 turns the limit off)."),
            );
            default
        })
    }

    fn retries(&mut self, config: &Value) -> Option<u32> {
        let path = Path::root("max_retries");
        let value = self.known(config.attr("max_retries"), &path)?;
        let retries = value.as_i64().and_then(|n| u32::try_from(n).ok());
        if retries.is_none() {
            self.diagnostics.attribute_error(
                path,
                "Invalid max_retries",
                "max_retries must be a whole number of at least 0.",
            );
        }
        retries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn config(fields: &[(&str, Value)]) -> Value {
        let mut object = Value::null_object(schema::provider_schema().ty());
        if let Value::Object(map) = &mut object {
            map.extend(fields.iter().map(|(k, v)| (k.to_string(), v.clone())));
        }
        object
    }

    #[test]
    fn reads_every_argument() {
        let endpoints = Value::List(vec![Value::Object(BTreeMap::from([(
            "cognitoidp".to_string(),
            Value::string("http://127.0.0.1:5000"),
        )]))]);
        let mut diagnostics = Diagnostics::default();
        let settings = settings_from_config(
            &config(&[
                ("region", Value::string("eu-west-1")),
                ("max_retries", Value::int(3)),
                (
                    "shared_config_files",
                    Value::List(vec![Value::string("/a")]),
                ),
                ("endpoints", endpoints),
            ]),
            &mut diagnostics,
        )
        .unwrap();
        assert!(diagnostics.is_empty());
        assert_eq!(settings.region.as_deref(), Some("eu-west-1"));
        assert_eq!(settings.max_retries, Some(3));
        assert_eq!(settings.shared_config_files, vec!["/a".to_string()]);
        assert_eq!(
            settings.cognitoidp_endpoint.as_deref(),
            Some("http://127.0.0.1:5000")
        );
    }

    #[test]
    fn unknown_or_invalid_arguments_are_errors_with_paths() {
        let mut diagnostics = Diagnostics::default();
        let settings = settings_from_config(
            &config(&[("region", Value::Unknown), ("max_retries", Value::int(-1))]),
            &mut diagnostics,
        );
        assert!(settings.is_none());
        let paths: Vec<String> = diagnostics
            .0
            .iter()
            .map(|d| d.path.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(paths, vec!["region", "max_retries"]);
    }
}
