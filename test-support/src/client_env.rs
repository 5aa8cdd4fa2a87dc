//! The environment of a client process (Terraform, OpenTofu, Pulumi) in a test: a few
//! variables passed through from the test process, and AWS settings aimed at one
//! test's backend. Everything else is left out, so that a developer's AWS profile,
//! CLI configuration or TF_* and PULUMI_* settings cannot change what a test does.

use std::path::Path;

use crate::backend::{ACCESS_KEY, REGION, SECRET_KEY};

/// Variables passed through from the test process.
const PASSED_THROUGH: &[&str] = &["PATH", "TMPDIR", "LANG", "LC_ALL"];

/// The passed-through variables, `HOME` in `root`, and the AWS SDK's settings for
/// `backend_url` with dummy credentials and no shared files.
pub fn aimed_at(root: &Path, backend_url: &str) -> Vec<(String, String)> {
    let path = |p: &Path| p.to_string_lossy().into_owned();
    // Nonexistent files: the provider must not read a developer's ~/.aws.
    let no_aws_file = path(&root.join("no-aws-config"));
    let mut env: Vec<(String, String)> = PASSED_THROUGH
        .iter()
        .filter_map(|name| std::env::var(name).ok().map(|v| (name.to_string(), v)))
        .collect();
    let fixed = [
        ("HOME", path(&root.join("home"))),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY.to_owned()),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.to_owned()),
        ("AWS_REGION", REGION.to_owned()),
        ("AWS_CONFIG_FILE", no_aws_file.clone()),
        ("AWS_SHARED_CREDENTIALS_FILE", no_aws_file),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        (
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
            backend_url.to_owned(),
        ),
        // The backend answers STS too (GetCallerIdentity: the account of identities).
        ("AWS_ENDPOINT_URL_STS", backend_url.to_owned()),
    ];
    env.extend(fixed.into_iter().map(|(k, v)| (k.to_owned(), v)));
    env
}
