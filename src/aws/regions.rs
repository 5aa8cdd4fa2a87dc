//! Region names: which are well-formed, and which this provider knows.
//!
//! A region is only ever a host name's part (`cognito-idp.REGION.amazonaws.com`), so
//! a typo costs nothing until a request fails to resolve. Two checks catch it
//! first: the shape (`eu-west-1`, `us-gov-west-1`), always; and the list of known
//! regions, which the official provider checks too (`skip_region_validation`
//! allows one it does not know yet).

/// The regions of the AWS SDK's partition data, as this provider's Cognito SDK
/// (aws-sdk-cognitoidentityprovider) carries it in its endpoint rules; a unit test
/// keeps the two equal.
pub const KNOWN: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-isoe-west-1",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isob-west-1",
    "us-isof-east-1",
    "us-isof-south-1",
    "us-west-1",
    "us-west-2",
];

/// What is wrong with a region name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not of the form `xx-word-N` at all.
    Malformed,
    /// Well-formed, but not a region this provider knows: the nearest known ones.
    Unknown(Vec<&'static str>),
}

impl Problem {
    /// The diagnostic's summary.
    pub fn summary(&self) -> &'static str {
        "Invalid AWS Region"
    }

    /// The diagnostic's detail about `region`, given as `what` (e.g. "region").
    pub fn detail(&self, region: &str, what: &str) -> String {
        match self {
            Problem::Malformed => format!(
                "{what} {region:?} is not an AWS region name: a region is two letters, one or \
                 more words and a number, joined by dashes, such as \"us-east-1\" or \
                 \"eu-west-1\"."
            ),
            Problem::Unknown(nearest) => format!(
                "{what} {region:?} is not a region this provider knows. Did you mean {}? For a \
                 region newer than this provider, set skip_region_validation = true in the \
                 provider block.",
                quoted_alternatives(nearest)
            ),
        }
    }
}

/// Checks `region`: its shape, and unless `skip_known` that it is a known region.
pub fn check(region: &str, skip_known: bool) -> Result<(), Problem> {
    if !is_well_formed(region) {
        return Err(Problem::Malformed);
    }
    if skip_known || KNOWN.contains(&region) {
        return Ok(());
    }
    Err(Problem::Unknown(nearest(region)))
}

/// A region name such as `us-east-1` or `us-gov-west-1`: two letters, dash-separated
/// words, and a number of one or two digits.
pub fn is_well_formed(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return false;
    };
    first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !middle.is_empty()
        && middle
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=2).contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_digit())
}

/// The known regions closest to `region` by edit distance (all of them at the
/// smallest distance, at most three).
fn nearest(region: &str) -> Vec<&'static str> {
    let distances: Vec<(usize, &'static str)> = KNOWN
        .iter()
        .map(|known| (edit_distance(region, known), *known))
        .collect();
    let closest = distances.iter().map(|(d, _)| *d).min().unwrap_or(0);
    distances
        .into_iter()
        .filter(|(d, _)| *d == closest)
        .map(|(_, known)| known)
        .take(3)
        .collect()
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn quoted_alternatives(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_known_regions_and_typos() {
        assert_eq!(check("eu-west-1", false), Ok(()));
        assert_eq!(check("us-gov-west-1", false), Ok(()));
        assert_eq!(check("EU_WEST", false), Err(Problem::Malformed));
        assert_eq!(check("eu-west", true), Err(Problem::Malformed));
        assert_eq!(check("", false), Err(Problem::Malformed));
        assert_eq!(
            check("eu-wst-1", false),
            Err(Problem::Unknown(vec!["eu-west-1"]))
        );
        assert_eq!(check("eu-wst-1", true), Ok(()), "skipped: used as given");
        let detail = check("eu-wst-1", false)
            .unwrap_err()
            .detail("eu-wst-1", "region");
        assert!(detail.contains("Did you mean \"eu-west-1\"?"), "{detail}");
        assert!(detail.contains("skip_region_validation"), "{detail}");
        assert_eq!(
            quoted_alternatives(&["a", "b", "c"]),
            "\"a\", \"b\" or \"c\""
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    /// The list is the SDK's: the regions of the partition data in the endpoint
    /// rules of the Cognito SDK this provider is built with, found through
    /// `cargo metadata`.
    #[test]
    fn the_known_regions_are_the_sdks() {
        let rustc = std::process::Command::new("rustc")
            .arg("-vV")
            .output()
            .expect("run rustc -vV");
        let host = String::from_utf8_lossy(&rustc.stdout)
            .lines()
            .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
            .expect("rustc names its host");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--offline", "--locked"])
            .args(["--filter-platform", &host])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run cargo metadata");
        let metadata: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
        let manifest = metadata["packages"]
            .as_array()
            .and_then(|packages| {
                packages
                    .iter()
                    .find(|p| p["name"] == "aws-sdk-cognitoidentityprovider")
            })
            .and_then(|p| p["manifest_path"].as_str())
            .expect("the Cognito SDK is a dependency");
        let rules = std::path::Path::new(manifest).with_file_name("src/endpoint_lib.rs");
        let text = std::fs::read_to_string(&rules).expect("read the SDK's endpoint rules");
        let mut found: Vec<String> = text
            .split("\\\"")
            .filter(|word| is_well_formed(word))
            .map(str::to_owned)
            .collect();
        found.sort();
        found.dedup();
        let mut known: Vec<String> = KNOWN.iter().map(|r| r.to_string()).collect();
        known.sort();
        assert_eq!(known, found, "KNOWN differs from {}", rules.display());
    }
}
