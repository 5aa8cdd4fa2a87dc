//! The provider block's arguments.

use crate::framework::schema::{Attribute, Block, Mode, NestedBlock, Nesting, Schema};
use crate::framework::validator::EndpointUrl;
use crate::framework::value::Type;
use crate::resources::regional::WellFormedRegion;

pub fn provider_schema() -> Schema {
    let optional_string =
        |name, description| Attribute::new(name, Type::String, Mode::Optional, description);
    let file_list = |name, description| {
        Attribute::new(name, Type::list(Type::String), Mode::Optional, description)
    };
    Schema::new(
        0,
        Block {
            attributes: vec![
                optional_string("region", "The AWS region, e.g. `us-east-1`. Defaults to `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's region. A name that is not a region's, or a region this provider does not know, is refused at plan time, naming the nearest known regions (see `skip_region_validation`).").validator(WellFormedRegion),
                Attribute::new("skip_region_validation", Type::Bool, Mode::Optional, "Use a `region` (the provider's, and every resource's, data source's and ephemeral resource's) that this provider does not know as given: a region newer than the provider, or a private one. Defaults to false. A region name of the wrong shape is refused either way."),
                optional_string("profile", "The profile of the shared configuration and credentials files to use. Defaults to `AWS_PROFILE`."),
                optional_string("access_key", "The access key id. Set it together with `secret_key`; defaults to `AWS_ACCESS_KEY_ID` or the credential chain.").sensitive(),
                optional_string("secret_key", "The secret access key. Defaults to `AWS_SECRET_ACCESS_KEY` or the credential chain.").sensitive(),
                optional_string("token", "The session token for temporary credentials. Defaults to `AWS_SESSION_TOKEN`.").sensitive(),
                file_list("shared_config_files", "Paths of shared configuration files, instead of `~/.aws/config`."),
                file_list("shared_credentials_files", "Paths of shared credentials files, instead of `~/.aws/credentials`."),
                Attribute::integer("max_retries", Mode::Optional, "How many times a throttled request or one that met a server error is retried, with capped exponential backoff and jitter. Defaults to 25, as the official provider. Refused connections and requests without an answer are retried for at most 10 seconds in all, and a host name that does not resolve or a failed TLS handshake not at all. A create is retried only when AWS cannot have created the client."),
                Attribute::new("client_requests_per_second", Type::Number, Mode::Optional, "The most requests per second this provider process sends in each of Cognito's quota categories for app clients (reads: Describe and List; updates: Create, Update and Delete), per region. Defaults to 15, AWS's quota; raise it only if AWS raised yours. 0 turns this limit off."),
                Attribute::new("client_requests_per_second_per_pool", Type::Number, Mode::Optional, "The most requests per second of one operation on one user pool. Defaults to 5, AWS's quota. 0 turns this limit off (for example against a local test backend)."),
            ],
            blocks: vec![NestedBlock {
                name: "endpoints",
                nesting: Nesting::List,
                min_items: 0,
                max_items: 1,
                block: Block {
                    attributes: vec![optional_string(
                        "cognitoidp",
                        "The Cognito user pools endpoint URL, e.g. a local test backend. Defaults to `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, `AWS_ENDPOINT_URL` or AWS's endpoint for the region. Must be an `http://` or `https://` URL with a host.",
                    )
                    .validator(EndpointUrl)],
                    blocks: Vec::new(),
                    description: "Custom service endpoints.",
                    ..Block::default()
                },
            }],
            description: "Manages Amazon Cognito user pool clients.",
            ..Block::default()
        },
    )
}
