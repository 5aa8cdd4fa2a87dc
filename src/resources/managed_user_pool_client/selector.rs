//! Which client to adopt: `name_pattern`, a regular expression that a name matches
//! anywhere (as Go's `regexp.MatchString`, which the official provider uses), or
//! `name_prefix`, the beginning of a name. Exactly one client of the pool must match.
//!
//! The `regex` crate has RE2's syntax and guarantees (linear time, no
//! backreferences or look-around), with RE2's Unicode support (built with the
//! general categories and scripts, as `\p{Greek}`, and `(?i)` folding case by
//! Unicode's rules). Unlike Go's, `\w`, `\d`, `\s` and `\b` follow Unicode here
//! rather than ASCII only.

use aws_sdk_cognitoidentityprovider::types::UserPoolClientDescription;
use regex::Regex;

use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::plan::PlannedChange;
use crate::framework::resource::PlanRequest;
use crate::framework::validator::Validator;
use crate::framework::value::Value;

use super::SELECTORS;

/// What picks the client to adopt.
#[derive(Debug)]
pub enum Selector {
    Pattern(Regex),
    Prefix(String),
}

/// `name_pattern` compiled, the same way when validated and when matched.
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(pattern)
}

impl Selector {
    /// The selector that `object` (a plan or a state) configures; `None` when none
    /// is known. A pattern was validated when planned, so it compiles.
    pub fn of(object: &Value) -> Option<Selector> {
        if let Some(pattern) = object.attr("name_pattern").as_str() {
            return compile(pattern).ok().map(Selector::Pattern);
        }
        let prefix = object.attr("name_prefix").as_str()?;
        Some(Selector::Prefix(prefix.to_string()))
    }

    pub fn matches(&self, name: &str) -> bool {
        match self {
            Selector::Pattern(pattern) => pattern.is_match(name),
            Selector::Prefix(prefix) => name.starts_with(prefix.as_str()),
        }
    }

    /// For messages: ends "no client has a name that …".
    fn describe(&self) -> String {
        match self {
            Selector::Pattern(pattern) => format!("matches name_pattern {:?}", pattern.as_str()),
            Selector::Prefix(prefix) => format!("starts with name_prefix {prefix:?}"),
        }
    }
}

/// The id of the one client of `pool` (listed as `clients`) whose name `selector`
/// matches; otherwise what went wrong and what to check.
pub fn the_one_match(
    clients: &[UserPoolClientDescription],
    selector: &Selector,
    pool: &str,
) -> Result<String, String> {
    let mut matching: Vec<(&str, &str)> = clients
        .iter()
        .filter_map(|c| Some((c.client_name()?, c.client_id()?)))
        .filter(|(name, _)| selector.matches(name))
        .collect();
    matching.sort();
    match matching.as_slice() {
        [(_, id)] => Ok(id.to_string()),
        [] => Err(format!(
            "No app client of user pool {pool} has a name that {} (the pool has {} app \
             clients). Check the user pool id and region, that the service that creates the \
             client has created it, and the name_pattern or name_prefix.",
            selector.describe(),
            clients.len(),
        )),
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|(name, id)| format!("{name:?} ({id})"))
                .collect();
            Err(format!(
                "{} app clients of user pool {pool} have a name that {}: {}. Change \
                 name_pattern or name_prefix so that exactly one of them matches.",
                several.len(),
                selector.describe(),
                names.join(", "),
            ))
        }
    }
}

/// `name_pattern` must be a regular expression; the error is the `regex` crate's.
pub struct RegularExpression;

impl Validator for RegularExpression {
    fn validate(&self, path: &Path, value: &Value, diagnostics: &mut Diagnostics) {
        let Some(pattern) = value.as_str() else {
            return;
        };
        if let Err(error) = compile(pattern) {
            diagnostics.attribute_error(
                path.clone(),
                "Invalid Attribute Value",
                format!("Attribute {path} is not a valid regular expression:\n{error}"),
            );
        }
    }
}

/// A changed selector adopts another client: destroy (which only forgets the
/// adopted one) and create. After an import the state has the selector the import
/// recorded (the pattern of the client's name alone, [`super::exactly`]) or, from
/// an earlier version or the official provider, none; a configured one that the
/// imported client's name matches is then recorded in place, without a
/// replacement, since adopting again would find the same client.
pub fn replace_unless_still_matching(request: &PlanRequest<'_>, change: &mut PlannedChange) {
    if request.prior.is_null() {
        return;
    }
    let adopted = request.prior.attr("name").as_str();
    let still_matching = match (Selector::of(&change.planned), adopted) {
        (Some(selector), Some(name)) => selector.matches(name),
        _ => false,
    };
    let as_imported = adopted.is_some_and(|name| {
        request.prior.attr("name_prefix").is_null()
            && request.prior.attr("name_pattern").as_str() == Some(super::exactly(name).as_str())
    });
    for name in SELECTORS {
        let (prior, planned) = (request.prior.attr(name), change.planned.attr(name));
        if prior == planned {
            continue;
        }
        if !((prior.is_null() || as_imported) && still_matching) {
            change.requires_replace.push(Path::root(name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::plan::PlannedChange;
    use crate::framework::resource::Occasion;
    use crate::resources::managed_user_pool_client::schema::resource_schema;

    fn clients(names: &[&str]) -> Vec<UserPoolClientDescription> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                UserPoolClientDescription::builder()
                    .client_name(*name)
                    .client_id(format!("id{i}"))
                    .build()
            })
            .collect()
    }

    fn pattern(text: &str) -> Selector {
        Selector::Pattern(compile(text).unwrap())
    }

    const POOL: &[&str] = &[
        "AmazonOpenSearchService-logs-abc123",
        "AmazonOpenSearchService-metrics-def456",
        "web-app",
    ];

    #[test]
    fn a_pattern_matches_anywhere_unless_anchored() {
        let pool = clients(POOL);
        assert_eq!(
            the_one_match(&pool, &pattern("metrics"), "p"),
            Ok("id1".into())
        );
        assert_eq!(
            the_one_match(&pool, &pattern(r"^AmazonOpenSearchService-logs-\w+$"), "p"),
            Ok("id0".into())
        );
        assert_eq!(
            the_one_match(&pool, &pattern("(?i)^WEB"), "p"),
            Ok("id2".into())
        );
        assert!(
            the_one_match(&pool, &pattern("^app"), "p").is_err(),
            "anchored"
        );
    }

    #[test]
    fn a_prefix_matches_the_beginning_only() {
        let pool = clients(POOL);
        let prefix = |p: &str| Selector::Prefix(p.into());
        assert_eq!(the_one_match(&pool, &prefix("web"), "p"), Ok("id2".into()));
        assert!(the_one_match(&pool, &prefix("app"), "p").is_err());
        assert!(
            the_one_match(&pool, &prefix(".*"), "p").is_err(),
            "a prefix is no pattern"
        );
    }

    #[test]
    fn no_match_names_the_pool_the_selector_and_what_to_check() {
        let error = the_one_match(
            &clients(POOL),
            &Selector::Prefix("nope".into()),
            "us-east-1_x",
        )
        .unwrap_err();
        assert_eq!(
            error,
            "No app client of user pool us-east-1_x has a name that starts with name_prefix \
             \"nope\" (the pool has 3 app clients). Check the user pool id and region, that \
             the service that creates the client has created it, and the name_pattern or \
             name_prefix."
        );
        assert!(the_one_match(&[], &pattern("x"), "p").is_err());
    }

    #[test]
    fn several_matches_list_every_matching_name() {
        let error = the_one_match(&clients(POOL), &pattern("^AmazonOpenSearch"), "p").unwrap_err();
        assert_eq!(
            error,
            "2 app clients of user pool p have a name that matches name_pattern \
             \"^AmazonOpenSearch\": \"AmazonOpenSearchService-logs-abc123\" (id0), \
             \"AmazonOpenSearchService-metrics-def456\" (id1). Change name_pattern or \
             name_prefix so that exactly one of them matches."
        );
    }

    fn state(fields: &[(&str, Value)]) -> Value {
        let mut value = resource_schema().block.empty_value();
        for (name, field) in fields {
            value.set_attr(name, field.clone());
        }
        value
    }

    fn replaced(prior: &Value, planned: &Value) -> Vec<String> {
        let config = planned.clone();
        let request = PlanRequest {
            prior,
            config: &config,
            occasion: Occasion::Alone,
        };
        let mut change = PlannedChange {
            planned: planned.clone(),
            requires_replace: Vec::new(),
            diagnostics: Diagnostics::default(),
        };
        replace_unless_still_matching(&request, &mut change);
        change
            .requires_replace
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn after_an_import_a_matching_selector_is_recorded_without_replacement() {
        let imported = state(&[("name", Value::string("AmazonOpenSearchService-x"))]);
        let prefix = state(&[
            ("name", Value::string("AmazonOpenSearchService-x")),
            ("name_prefix", Value::string("AmazonOpenSearch")),
        ]);
        assert!(replaced(&imported, &prefix).is_empty());
        let pattern = state(&[
            ("name", Value::string("AmazonOpenSearchService-x")),
            ("name_pattern", Value::string("Service-x$")),
        ]);
        assert!(replaced(&imported, &pattern).is_empty());
        let other = state(&[
            ("name", Value::string("AmazonOpenSearchService-x")),
            ("name_prefix", Value::string("web")),
        ]);
        assert_eq!(replaced(&imported, &other), ["name_prefix"]);
        let unknown = state(&[("name_prefix", Value::Unknown)]);
        assert_eq!(replaced(&imported, &unknown), ["name_prefix"]);

        let recorded = state(&[
            ("name", Value::string("AmazonOpenSearchService-x")),
            ("name_pattern", Value::string("^AmazonOpenSearchService-x$")),
        ]);
        assert!(
            replaced(&recorded, &prefix).is_empty(),
            "as after an import"
        );
        assert!(replaced(&recorded, &pattern).is_empty());
        assert_eq!(replaced(&recorded, &other), ["name_pattern", "name_prefix"]);
    }

    #[test]
    fn a_changed_selector_replaces_and_an_unchanged_one_does_not() {
        let prior = state(&[
            ("name", Value::string("web-app")),
            ("name_prefix", Value::string("web")),
        ]);
        assert!(replaced(&prior, &prior).is_empty());
        assert!(replaced(&Value::Null, &prior).is_empty(), "a create");
        let longer = state(&[
            ("name", Value::string("web-app")),
            ("name_prefix", Value::string("web-")),
        ]);
        assert_eq!(replaced(&prior, &longer), ["name_prefix"]);
        let switched = state(&[
            ("name", Value::string("web-app")),
            ("name_pattern", Value::string("^web")),
        ]);
        assert_eq!(replaced(&prior, &switched), ["name_prefix"]);
    }
}
