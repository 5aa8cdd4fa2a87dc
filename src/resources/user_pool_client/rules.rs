//! AWS's documented cross-field rules, checked at plan time on the
//! planned values so that a request AWS would refuse fails before anything changes.
//! A rule runs only when the values it needs are known.

use crate::framework::diag::Diagnostics;
use crate::framework::path::Path;
use crate::framework::value::Value;

use super::ClientKind;

const LEGACY_AUTH_FLOWS: [&str; 3] = [
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
];

/// Planned values, with AWS's defaults for what a create leaves unset (those are
/// unknown in the plan, but AWS's answer is certain).
pub struct Planned<'a> {
    pub planned: &'a Value,
    /// Whether this plans a new client, whose unknown values become AWS's
    /// defaults. An adopted client keeps its own values instead, so its unknown
    /// values are not checked.
    pub creating: bool,
    pub kind: &'a ClientKind,
}

impl Planned<'_> {
    /// The elements of a set attribute; `None` when not known yet.
    fn set(&self, name: &str) -> Option<Vec<&str>> {
        match self.planned.attr(name) {
            Value::Set(items) if items.iter().all(|i| !i.is_unknown()) => {
                Some(items.iter().filter_map(Value::as_str).collect())
            }
            Value::Unknown | Value::Null if self.creating => Some(Vec::new()),
            _ => None,
        }
    }

    fn bool(&self, name: &str) -> Option<bool> {
        match self.planned.attr(name) {
            Value::Bool(b) => Some(*b),
            Value::Unknown | Value::Null if self.creating => Some(false),
            _ => None,
        }
    }
}

pub fn check(plan: &Planned<'_>, diagnostics: &mut Diagnostics) {
    default_redirect_uri_is_a_callback_url(plan, diagnostics);
    oauth_flows_are_consistent(plan, diagnostics);
    oauth_features_need_the_user_pool_client_switch(plan, diagnostics);
    context_data_needs_a_secret(plan, diagnostics);
    legacy_and_allow_auth_flows_do_not_mix(plan, diagnostics);
    for attribute in ["callback_urls", "logout_urls"] {
        redirect_urls_are_acceptable(plan, attribute, diagnostics);
    }
}

fn default_redirect_uri_is_a_callback_url(plan: &Planned<'_>, diagnostics: &mut Diagnostics) {
    let Some(uri) = plan
        .planned
        .attr("default_redirect_uri")
        .as_str()
        .filter(|u| !u.is_empty())
    else {
        return;
    };
    let Some(callbacks) = plan.set("callback_urls") else {
        return;
    };
    if !callbacks.contains(&uri) {
        diagnostics.attribute_error(
            Path::root("default_redirect_uri"),
            "Invalid default_redirect_uri",
            format!("default_redirect_uri {uri:?} must be one of callback_urls. Add it to callback_urls, or choose one of them."),
        );
    }
}

fn oauth_flows_are_consistent(plan: &Planned<'_>, diagnostics: &mut Diagnostics) {
    let Some(flows) = plan.set("allowed_oauth_flows") else {
        return;
    };
    let redirecting = flows.iter().any(|f| *f == "code" || *f == "implicit");
    if redirecting && flows.contains(&"client_credentials") {
        diagnostics.attribute_error(
            Path::root("allowed_oauth_flows"),
            "Invalid OAuth flows",
            "The client_credentials flow cannot be combined with the code or implicit flows. Use one \
             app client for machine-to-machine access and another for user sign-in.",
        );
    }
    if flows.contains(&"client_credentials") && has_secret(plan) == Some(false) {
        diagnostics.attribute_error(
            Path::root("allowed_oauth_flows"),
            "Client secret required",
            format!(
                "The client_credentials flow needs a client with a secret: {}",
                secret_remedy(plan.kind)
            ),
        );
    }
    if redirecting
        && plan
            .set("callback_urls")
            .is_some_and(|urls| urls.is_empty())
    {
        diagnostics.attribute_error(
            Path::root("callback_urls"),
            "Missing callback URLs",
            "The code and implicit OAuth flows need at least one callback URL: set callback_urls.",
        );
    }
}

fn oauth_features_need_the_user_pool_client_switch(
    plan: &Planned<'_>,
    diagnostics: &mut Diagnostics,
) {
    if plan.bool("allowed_oauth_flows_user_pool_client") != Some(false) {
        return;
    }
    for attribute in ["allowed_oauth_flows", "allowed_oauth_scopes"] {
        if plan.set(attribute).is_some_and(|values| !values.is_empty()) {
            diagnostics.attribute_error(
                Path::root("allowed_oauth_flows_user_pool_client"),
                "OAuth features are switched off",
                format!("{attribute} needs allowed_oauth_flows_user_pool_client = true."),
            );
        }
    }
}

/// Whether the client has (or will have) a secret; `None` when not known yet. A
/// custom secret (`client_secret_wo_version` set) is one; a planned `generate_secret` decides (a change of it replaces the client); a null
/// one leaves it to the current secret, and on create means none. A resource
/// without `generate_secret` has the secret its client has.
fn has_secret(plan: &Planned<'_>) -> Option<bool> {
    let (generate, custom) = match plan.kind.creates {
        true => (
            plan.planned.attr("generate_secret"),
            plan.planned.attr("client_secret_wo_version"),
        ),
        false => (&Value::Null, &Value::Null),
    };
    if !custom.is_null() {
        return Some(true);
    }
    match (generate, plan.planned.attr("client_secret")) {
        (Value::Bool(generate), _) => Some(*generate),
        (_, Value::String(secret)) => Some(!secret.is_empty()),
        (Value::Null, _) if plan.creating => Some(false),
        _ => None,
    }
}

fn context_data_needs_a_secret(plan: &Planned<'_>, diagnostics: &mut Diagnostics) {
    if plan
        .planned
        .attr("enable_propagate_additional_user_context_data")
        .as_bool()
        != Some(true)
    {
        return;
    }
    if has_secret(plan) == Some(false) {
        diagnostics.attribute_error(
            Path::root("enable_propagate_additional_user_context_data"),
            "Client secret required",
            format!(
                "enable_propagate_additional_user_context_data = true needs a client with a secret: {}",
                secret_remedy(plan.kind)
            ),
        );
    }
}

/// How a configuration gets a client with a secret.
fn secret_remedy(kind: &ClientKind) -> &'static str {
    if kind.creates {
        "set generate_secret = true (this replaces an existing client)."
    } else {
        "the adopted client has none, and Cognito generates a secret only when it creates a \
         client. Adopt a client that has a secret, or leave this setting out."
    }
}

fn legacy_and_allow_auth_flows_do_not_mix(plan: &Planned<'_>, diagnostics: &mut Diagnostics) {
    let Some(flows) = plan.set("explicit_auth_flows") else {
        return;
    };
    let legacy: Vec<&str> = flows
        .iter()
        .copied()
        .filter(|f| LEGACY_AUTH_FLOWS.contains(f))
        .collect();
    if !legacy.is_empty() && flows.iter().any(|f| f.starts_with("ALLOW_")) {
        diagnostics.attribute_error(
            Path::root("explicit_auth_flows"),
            "Mixed explicit auth flows",
            format!(
                "The legacy flows {legacy:?} cannot be combined with ALLOW_* flows. Replace them with \
                 their ALLOW_ equivalents (e.g. USER_PASSWORD_AUTH with ALLOW_USER_PASSWORD_AUTH)."
            ),
        );
    }
}

fn redirect_urls_are_acceptable(
    plan: &Planned<'_>,
    attribute: &str,
    diagnostics: &mut Diagnostics,
) {
    let Some(urls) = plan.set(attribute) else {
        return;
    };
    for url in urls {
        if let Err(problem) = check_redirect_url(url) {
            diagnostics.attribute_error(
                Path::root(attribute),
                "Invalid redirect URL",
                format!("{attribute} contains {url:?}, which {problem}."),
            );
        }
    }
}

/// AWS's rules for redirect URLs: absolute, no fragment, and HTTPS unless the host
/// is localhost (app schemes such as `myapp://callback` are fine).
fn check_redirect_url(url: &str) -> Result<(), &'static str> {
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err("is not an absolute URL (it has no scheme)");
    };
    let valid_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !valid_scheme {
        return Err("is not an absolute URL (it has no scheme)");
    }
    if url.contains('#') {
        return Err("has a fragment (#...), which redirect URLs cannot have");
    }
    let loopback = matches!(host(rest), Some("localhost" | "127.0.0.1" | "[::1]"));
    if scheme.eq_ignore_ascii_case("http") && !loopback {
        return Err("uses http; use https (http is only allowed for localhost)");
    }
    Ok(())
}

/// The host of `//[user@]host[:port]/...` (an IPv6 host keeps its brackets).
fn host(after_scheme: &str) -> Option<&str> {
    let authority = after_scheme.strip_prefix("//")?.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.find(']').map(|end| &host_port[..=end]);
    }
    Some(host_port.split(':').next().unwrap_or(host_port))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::user_pool_client::testing::{object as plan, set};
    use crate::resources::user_pool_client::CLIENT;

    fn findings(planned: &Value, creating: bool) -> Vec<(String, String)> {
        let mut diagnostics = Diagnostics::default();
        let kind = &CLIENT;
        check(
            &Planned {
                planned,
                creating,
                kind,
            },
            &mut diagnostics,
        );
        diagnostics
            .0
            .into_iter()
            .map(|d| (d.path.unwrap().to_string(), d.summary))
            .collect()
    }

    fn oauth(extra: &[(&str, Value)]) -> Value {
        let mut fields = vec![
            ("allowed_oauth_flows_user_pool_client", Value::Bool(true)),
            ("allowed_oauth_flows", set(&["code"])),
            ("callback_urls", set(&["https://example.com/cb"])),
        ];
        fields.extend(extra.iter().cloned());
        plan(&fields)
    }

    #[test]
    fn a_consistent_oauth_client_passes() {
        assert!(findings(
            &oauth(&[(
                "default_redirect_uri",
                Value::string("https://example.com/cb")
            )]),
            true
        )
        .is_empty());
    }

    #[test]
    fn default_redirect_uri_must_be_a_callback_url() {
        let found = findings(
            &oauth(&[("default_redirect_uri", Value::string("https://other"))]),
            true,
        );
        assert_eq!(
            found,
            vec![(
                "default_redirect_uri".into(),
                "Invalid default_redirect_uri".into()
            )]
        );
    }

    #[test]
    fn flows_need_callbacks_and_cannot_mix_with_client_credentials() {
        let found = findings(&oauth(&[("callback_urls", set(&[]))]), true);
        assert_eq!(
            found,
            vec![("callback_urls".into(), "Missing callback URLs".into())]
        );
        let mixed = oauth(&[
            (
                "allowed_oauth_flows",
                set(&["implicit", "client_credentials"]),
            ),
            ("generate_secret", Value::Bool(true)),
        ]);
        assert_eq!(
            findings(&mixed, true),
            vec![("allowed_oauth_flows".into(), "Invalid OAuth flows".into())]
        );
        let no_secret = oauth(&[
            ("allowed_oauth_flows", set(&["client_credentials"])),
            ("generate_secret", Value::Null),
        ]);
        assert_eq!(
            findings(&no_secret, true),
            vec![(
                "allowed_oauth_flows".into(),
                "Client secret required".into()
            )]
        );
    }

    #[test]
    fn oauth_needs_the_switch_even_when_left_unset_on_create() {
        let planned = plan(&[
            ("allowed_oauth_flows", set(&["client_credentials"])),
            ("allowed_oauth_flows_user_pool_client", Value::Unknown),
            ("generate_secret", Value::Bool(true)),
        ]);
        assert_eq!(findings(&planned, true).len(), 1);
        assert!(
            findings(&planned, false).is_empty(),
            "unknown on update: not checked"
        );
    }

    #[test]
    fn context_data_needs_a_secret_and_flows_do_not_mix() {
        let planned = plan(&[
            (
                "enable_propagate_additional_user_context_data",
                Value::Bool(true),
            ),
            ("generate_secret", Value::Bool(false)),
        ]);
        assert_eq!(findings(&planned, true).len(), 1);
        let planned = plan(&[
            (
                "enable_propagate_additional_user_context_data",
                Value::Bool(true),
            ),
            ("client_secret", Value::string("s")),
        ]);
        assert!(findings(&planned, false).is_empty());
        let unset_on_create = plan(&[(
            "enable_propagate_additional_user_context_data",
            Value::Bool(true),
        )]);
        assert_eq!(
            findings(&unset_on_create, true).len(),
            1,
            "no secret unless asked for"
        );
        let adding_a_secret = plan(&[
            (
                "enable_propagate_additional_user_context_data",
                Value::Bool(true),
            ),
            ("client_secret", Value::string("")),
            ("generate_secret", Value::Bool(true)),
        ]);
        assert!(
            findings(&adding_a_secret, false).is_empty(),
            "the replacement will have a secret"
        );
        let planned = plan(&[(
            "explicit_auth_flows",
            set(&["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
        )]);
        assert_eq!(
            findings(&planned, true),
            vec![(
                "explicit_auth_flows".into(),
                "Mixed explicit auth flows".into()
            )]
        );
    }

    #[test]
    fn redirect_urls_follow_aws_rules() {
        assert_eq!(check_redirect_url("https://example.com/cb"), Ok(()));
        assert_eq!(check_redirect_url("http://localhost:3000/cb"), Ok(()));
        assert_eq!(check_redirect_url("myapp://callback"), Ok(()));
        assert!(check_redirect_url("http://example.com").is_err());
        assert!(check_redirect_url("https://example.com/#x").is_err());
        assert!(check_redirect_url("/relative").is_err());
        assert!(check_redirect_url("http://localhost.evil.com").is_err());
        assert!(check_redirect_url("http://user@localhost/").is_ok());
        assert!(check_redirect_url("http://127.0.0.1:8080/cb").is_ok());
        assert!(check_redirect_url("http://[::1]:8080/cb").is_ok());
    }
}
