//! Import ids: `user_pool_id/client_id` with an optional `@region`, as the official
//! provider accepts them, and `user_pool_id/name:CLIENT_NAME`, which finds the client
//! by its name.

use crate::aws::{regions, CognitoClient};
use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

use super::ClientKind;
use crate::resources::regional::{report_unavailable, target};

/// What an import id names.
#[derive(Debug, PartialEq, Eq)]
pub struct ImportId<'a> {
    pub user_pool_id: &'a str,
    pub client: ClientRef<'a>,
    pub region: Option<&'a str>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ClientRef<'a> {
    Id(&'a str),
    Name(&'a str),
}

pub fn parse_import_id(id: &str) -> Result<ImportId<'_>, String> {
    let (rest, region) = match id.rsplit_once('@') {
        Some((rest, region)) if regions::is_well_formed(region) => (rest, Some(region)),
        _ => (id, None),
    };
    let wrong_format =
        || format!("wrong format of import ID ({id}), use: 'user-pool-id/client-id'");
    let mut parts = rest.split('/');
    let (Some(user_pool_id), Some(client), None) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(wrong_format());
    };
    let client = match client.strip_prefix("name:") {
        Some(name) => ClientRef::Name(name),
        None => ClientRef::Id(client),
    };
    // An empty part names nothing: Pulumi would otherwise record `pool/` as a resource.
    let (ClientRef::Id(named) | ClientRef::Name(named)) = client;
    if user_pool_id.is_empty() || named.is_empty() {
        return Err(wrong_format());
    }
    Ok(ImportId {
        user_pool_id,
        client,
        region,
    })
}

/// Private state that an import leaves for the read that follows it: that read
/// refuses a client that does not exist (Pulumi's bridge would record an empty
/// resource where Terraform refuses), and records `generate_secret` for a client the
/// resource creates (see `generate_secret.rs`).
pub const IMPORTED: &[u8] = br#"{"imported":true}"#;

/// A stub state with the pool id, client id and region, and the [`IMPORTED`] marker;
/// the read that follows fills the rest.
pub(crate) async fn import(
    cognito: &CognitoClient,
    schema: &Schema,
    kind: &ClientKind,
    id: &str,
) -> StateResponse {
    match parse_import_id(id) {
        Ok(parsed) => import_named(cognito, schema, kind, parsed).await,
        Err(detail) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.error("Parsing Resource ID", detail);
            StateResponse::from_diagnostics(diagnostics)
        }
    }
}

/// The stub of the client `parsed` names (by id or by name), in its region or the
/// provider's: what an import id and an import identity both come to.
pub(crate) async fn import_named(
    cognito: &CognitoClient,
    schema: &Schema,
    kind: &ClientKind,
    parsed: ImportId<'_>,
) -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    let region = match cognito.region(parsed.region).await {
        Ok(region) => region,
        Err(unavailable) => {
            report_unavailable(&unavailable, &mut diagnostics);
            return StateResponse::from_diagnostics(diagnostics);
        }
    };
    let client_id = match parsed.client {
        ClientRef::Id(client_id) => client_id.to_string(),
        ClientRef::Name(name) => {
            match find_by_name(
                cognito,
                kind,
                &region,
                parsed.user_pool_id,
                name,
                &mut diagnostics,
            )
            .await
            {
                Some(client_id) => client_id,
                None => return StateResponse::from_diagnostics(diagnostics),
            }
        }
    };
    stub(schema, parsed.user_pool_id, &client_id, &region)
}

/// What an import of the client `client_id` of `user_pool_id` in `region` gives:
/// a stub state with those ids and the [`IMPORTED`] marker.
pub(crate) fn stub(
    schema: &Schema,
    user_pool_id: &str,
    client_id: &str,
    region: &str,
) -> StateResponse {
    let mut state = schema.block.empty_value();
    state.set_attr("id", Value::string(client_id));
    state.set_attr("user_pool_id", Value::string(user_pool_id));
    state.set_attr("region", Value::string(region));
    StateResponse {
        private: Some(IMPORTED.to_vec()),
        ..StateResponse::with_state(state)
    }
}

/// The id of the one client called `name` in the pool, or an error diagnostic.
async fn find_by_name(
    cognito: &CognitoClient,
    kind: &ClientKind,
    region: &str,
    user_pool_id: &str,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let clients = cognito.user_pool_clients();
    let target = target(cognito, Some(region), user_pool_id, diagnostics).await?;
    let summary = format!("importing {} (name:{name})", kind.noun);
    let matches = match clients.ids_named(&target, name).await {
        Ok(matches) => matches,
        Err(error) => {
            diagnostics.error(summary, error.to_string());
            return None;
        }
    };
    match matches.as_slice() {
        [only] => Some(only.clone()),
        [] => {
            diagnostics.error(
                summary,
                format!("No client named {name:?} exists in user pool {user_pool_id}."),
            );
            None
        }
        several => {
            diagnostics.error(
                summary,
                format!(
                    "{} clients are named {name:?} in user pool {user_pool_id} ({}); import one of \
                     them by its id: {user_pool_id}/CLIENT_ID.",
                    several.len(),
                    several.join(", ")
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_pool_slash_client() {
        let parsed = parse_import_id("us-east-1_abc/3ho4ek").unwrap();
        assert_eq!(
            parsed,
            ImportId {
                user_pool_id: "us-east-1_abc",
                client: ClientRef::Id("3ho4ek"),
                region: None
            }
        );
    }

    #[test]
    fn accepts_a_region_suffix_and_a_client_name() {
        let parsed = parse_import_id("eu-west-1_abc/name:my app@eu-west-1").unwrap();
        assert_eq!(parsed.client, ClientRef::Name("my app"));
        assert_eq!(parsed.region, Some("eu-west-1"));
        let gov = parse_import_id("p/c@us-gov-west-1").unwrap();
        assert_eq!(gov.region, Some("us-gov-west-1"));
        let not_a_region = parse_import_id("p/c@nowhere").unwrap();
        assert_eq!(not_a_region.client, ClientRef::Id("c@nowhere"));
    }

    #[test]
    fn refuses_other_shapes_with_the_reference_wording() {
        for id in [
            "nonsense",
            "a/b/c",
            "",
            "a/b/c@us-east-1",
            "a/",
            "/b",
            "/",
            "a/name:",
            "a/@us-east-1",
        ] {
            assert_eq!(
                parse_import_id(id),
                Err(format!(
                    "wrong format of import ID ({id}), use: 'user-pool-id/client-id'"
                ))
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any string gets an answer, never a panic; an accepted id splits back
        /// into the text it came from.
        #[test]
        fn any_import_id_parses_or_is_refused(id in "\\PC*|[a-z0-9_/@:-]{0,40}") {
            if let Ok(parsed) = parse_import_id(&id) {
                let client = match parsed.client {
                    ClientRef::Id(client) => client.to_string(),
                    ClientRef::Name(name) => format!("name:{name}"),
                };
                let region = parsed.region.map(|r| format!("@{r}")).unwrap_or_default();
                proptest::prop_assert_eq!(format!("{}/{client}{region}", parsed.user_pool_id), id);
            }
        }
    }
}
