//! Import ids: `user_pool_id/client_id`, as the official provider accepts them.

use crate::framework::diag::Diagnostics;
use crate::framework::resource::StateResponse;
use crate::framework::schema::Schema;
use crate::framework::value::Value;

/// Splits an import id into (user pool id, client id).
pub fn parse_import_id(id: &str) -> Result<(&str, &str), String> {
    let mut parts = id.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(pool), Some(client), None) => Ok((pool, client)),
        _ => Err(format!(
            "wrong format of import ID ({id}), use: 'user-pool-id/client-id'"
        )),
    }
}

/// A stub state with only the two ids; the read that follows fills the rest.
pub fn import(schema: &Schema, id: &str) -> StateResponse {
    match parse_import_id(id) {
        Ok((pool, client)) => {
            let mut state = Value::null_object(schema.ty());
            if let Value::Object(fields) = &mut state {
                fields.insert("id".into(), Value::string(client));
                fields.insert("user_pool_id".into(), Value::string(pool));
            }
            StateResponse::with_state(state)
        }
        Err(detail) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.error("Parsing Resource ID", detail);
            StateResponse::from_diagnostics(diagnostics)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_pool_slash_client() {
        assert_eq!(
            parse_import_id("us-east-1_abc/3ho4ek"),
            Ok(("us-east-1_abc", "3ho4ek"))
        );
    }

    #[test]
    fn refuses_other_shapes_with_the_reference_wording() {
        for id in ["nonsense", "a/b/c", ""] {
            assert_eq!(
                parse_import_id(id),
                Err(format!(
                    "wrong format of import ID ({id}), use: 'user-pool-id/client-id'"
                ))
            );
        }
    }

    #[test]
    fn stub_state_carries_both_ids() {
        let schema = super::super::schema::resource_schema();
        let state = import(&schema, "pool/client").state.unwrap();
        assert_eq!(state.attr("id"), &Value::string("client"));
        assert_eq!(state.attr("user_pool_id"), &Value::string("pool"));
        assert!(state.attr("name").is_null());
    }
}
