//! What the list resources of this provider share (`terraform query`, Terraform
//! 1.14): the `list` block's configuration (the pool, its region, and what each
//! type adds) and the error for a pool or client that cannot be listed.

use crate::aws::{CallError, Target};
use crate::framework::diag::Diagnostics;
use crate::framework::schema::{Attribute, Block, Mode, Schema};
use crate::framework::value::Type;

use super::regional::WellFormedRegion;

/// A `list` block's configuration: `user_pool_id` (required), `region` (the
/// provider's when unset) and `attributes`.
pub fn list_schema(description: &'static str, attributes: Vec<Attribute>) -> Schema {
    let mut block = Block {
        attributes: vec![
            Attribute::new(
                "user_pool_id",
                Type::String,
                Mode::Required,
                "The id of the user pool whose objects are listed.",
            ),
            Attribute::new(
                "region",
                Type::String,
                Mode::Optional,
                "The AWS region of the user pool. Defaults to the provider's region.",
            )
            .validator(WellFormedRegion),
        ],
        description,
        ..Block::default()
    };
    block.attributes.extend(attributes);
    block.attributes.sort_by_key(|a| a.name);
    Schema::new(0, block)
}

/// Records that listing `what` failed with `error`, saying what to check when AWS
/// found nothing by that id.
pub fn report_list_error(
    what: &str,
    target: &Target,
    error: CallError,
    diagnostics: &mut Diagnostics,
) {
    let detail = if error.is_not_found() {
        format!(
            "{}. Check the ids in the list block's config, and that the user pool {} is in \
             {} (set region in the config, or the provider's region, to the pool's).",
            error.to_string().trim_end_matches('.'),
            target.pool(),
            target.region()
        )
    } else {
        error.to_string()
    };
    diagnostics.error(format!("listing {what}"), detail);
}
