//! What every regional resource of this provider shares: the `region` attribute
//! (the provider's region when unset, replacing on change, a well-formed name of a
//! region the provider knows unless `skip_region_validation`, inside the provider's
//! partition) and the way to its Cognito endpoint.

use crate::aws::{regions, CognitoClient, Target, Unavailable};
use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::planmodifier::{
    AttributePlan, ModifierOutcome, PlanModifier, ProviderDefault, ProviderValues,
};
use crate::framework::schema::{Attribute, Mode};
use crate::framework::validator::Validator;
use crate::framework::value::{Type, Value};

/// The key of the provider's region among the [`ProviderValues`].
const REGION: &str = "region";

/// The key of the provider's `skip_region_validation` among the [`ProviderValues`].
const SKIP_REGION_VALIDATION: &str = "skip_region_validation";

/// The `region` argument: unset means the provider's region, as in the official
/// provider; a change replaces the object, and a state written before `region`
/// existed (official provider v5) counts as being in the provider's region.
pub fn region_attribute(description: &'static str) -> Attribute {
    reader_region_attribute(description)
        .plan_modifier(ProviderDefault {
            key: REGION,
            replaces: true,
        })
        .plan_modifier(InProviderPartition)
}

/// The `region` argument of a data source or an ephemeral resource: the provider's
/// region when unset, a well-formed region name at validation, and checked against
/// the provider at read (see [`read_target`]).
pub fn reader_region_attribute(description: &'static str) -> Attribute {
    Attribute::new(REGION, Type::String, Mode::OptionalComputed, description)
        .validator(WellFormedRegion)
}

/// A region name of the right shape (`eu-west-1`), checked without the provider.
pub struct WellFormedRegion;

impl Validator for WellFormedRegion {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        if let Some(region) = value.as_str() {
            report_region_problem(region, true, path, diagnostics);
        }
    }
}

/// The provider's region and its `skip_region_validation`, for
/// [`region_attribute`]'s modifiers.
pub async fn provider_values(cognito: &CognitoClient) -> Result<ProviderValues, Diagnostics> {
    match cognito.default_region().await {
        Ok(region) => Ok(ProviderValues::default()
            .with(REGION, Value::string(region))
            .with(
                SKIP_REGION_VALIDATION,
                Value::Bool(cognito.skips_region_validation()),
            )),
        Err(unavailable) => {
            let mut diagnostics = Diagnostics::default();
            report_unavailable(&unavailable, &mut diagnostics);
            Err(diagnostics)
        }
    }
}

/// Where requests about `pool` in `region` (the provider's when unset) go, or
/// `None` with an error diagnostic saying what is missing.
pub async fn target(
    cognito: &CognitoClient,
    region: Option<&str>,
    pool: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Target> {
    match cognito.target(region, pool).await {
        Ok(target) => Some(target),
        Err(unavailable) => {
            report_unavailable(&unavailable, diagnostics);
            None
        }
    }
}

/// Where a data source's read of `config` (its `region` and `user_pool_id`)
/// goes: a read has no plan, so the checks of [`region_attribute`] happen here.
pub async fn read_target(
    cognito: &CognitoClient,
    config: &Value,
    diagnostics: &mut Diagnostics,
) -> Option<Target> {
    let region = config.attr(REGION).as_str();
    if let Some(region) = region {
        match cognito.default_region().await {
            Ok(provider) => check_region(
                region,
                &provider,
                cognito.skips_region_validation(),
                &Path::root(REGION),
                diagnostics,
            ),
            Err(unavailable) => report_unavailable(&unavailable, diagnostics),
        }
        if diagnostics.has_errors() {
            return None;
        }
    }
    let pool = config.attr("user_pool_id").as_str().unwrap_or_default();
    target(cognito, region, pool, diagnostics).await
}

/// The error diagnostic for an AWS configuration that cannot be used.
pub fn report_unavailable(unavailable: &Unavailable, diagnostics: &mut Diagnostics) {
    diagnostics.error(unavailable.summary(), unavailable.detail());
}

/// Refuses a planned region the provider does not know or outside the partition
/// of the provider's region (see [`check_region`]).
struct InProviderPartition;

impl PlanModifier for InProviderPartition {
    fn modify(&self, attribute: &AttributePlan<'_>, outcome: &mut ModifierOutcome<'_>) {
        if let (Some(planned), Some(provider)) = (
            outcome.planned.as_str(),
            attribute.provider.get(REGION).and_then(Value::as_str),
        ) {
            let skip = attribute
                .provider
                .get(SKIP_REGION_VALIDATION)
                .and_then(Value::as_bool)
                .unwrap_or(false);
            check_region(planned, provider, skip, attribute.path, outcome.diagnostics);
        }
    }
}

/// Refuses a region name at `path` that is not a region's, or one the provider does
/// not know unless it skips region validation (for a region given other than by a
/// configuration attribute, e.g. in an import identity).
pub fn check_region_name(
    cognito: &CognitoClient,
    region: &str,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    report_region_problem(region, cognito.skips_region_validation(), path, diagnostics);
}

/// Reports what is wrong with a region name at `path` (see `regions::check`); true
/// when something is.
fn report_region_problem(
    region: &str,
    skip_known: bool,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Err(problem) = regions::check(region, skip_known) else {
        return false;
    };
    diagnostics.attribute_error(
        path.clone(),
        problem.summary(),
        problem.detail(region, "Region"),
    );
    true
}

/// Refuses `region` (at `path`) when it is not a region the provider knows (unless
/// `skip_known`), or outside the partition of the provider's region: its credentials
/// and endpoints could not reach it.
pub fn check_region(
    region: &str,
    provider: &str,
    skip_known: bool,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    if report_region_problem(region, skip_known, path, diagnostics) {
        return;
    }
    if partition(region) != partition(provider) {
        diagnostics.attribute_error(
            path.clone(),
            "Invalid Region Value",
            format!(
                "Region {region:?} is not in the partition of the provider's region \
                 {provider:?} ({}). Use a region of that partition, or a provider \
                 configured for {region:?}.",
                partition(provider)
            ),
        );
    }
}

/// The AWS partition of a region, from its name.
fn partition(region: &str) -> &'static str {
    const PREFIXES: [(&str, &str); 6] = [
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-isob-", "aws-iso-b"),
        ("us-isof-", "aws-iso-f"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("aws", |(_, partition)| partition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::planmodifier::apply_modifiers;

    #[test]
    fn partitions_follow_region_prefixes() {
        assert_eq!(partition("us-east-1"), "aws");
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("us-isob-east-1"), "aws-iso-b");
        assert_eq!(partition("us-iso-east-1"), "aws-iso");
    }

    /// Plans `region` on a create from `config`, with `provider` as the provider's region.
    fn plan_region(config: Value, provider: &str) -> (Value, Diagnostics) {
        let attribute = region_attribute("r");
        let provider = ProviderValues::default().with(REGION, Value::string(provider));
        let path = Path::root(REGION);
        let view = AttributePlan {
            path: &path,
            config: &config,
            prior: None,
            provider: &provider,
        };
        let mut planned = config.clone();
        let mut diagnostics = Diagnostics::default();
        let modifiers = attribute.plan_modifiers.iter().map(|m| m.as_ref());
        apply_modifiers(modifiers, &view, &mut planned, &mut diagnostics);
        (planned, diagnostics)
    }

    #[test]
    fn an_unset_region_is_the_providers_and_another_partition_is_refused() {
        let (planned, diagnostics) = plan_region(Value::Null, "eu-west-1");
        assert_eq!(planned, Value::string("eu-west-1"));
        assert!(diagnostics.is_empty());
        let (_, diagnostics) = plan_region(Value::string("us-east-2"), "eu-west-1");
        assert!(diagnostics.is_empty(), "same partition");
        let (_, diagnostics) = plan_region(Value::string("cn-north-1"), "eu-west-1");
        assert_eq!(diagnostics.0.len(), 1);
        assert_eq!(diagnostics.0[0].path, Some(Path::root(REGION)));
        assert!(diagnostics.0[0].detail.contains("(aws)"));
    }
}
