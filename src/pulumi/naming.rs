//! Pulumi's names for Terraform names, as the Terraform bridge derives them:
//! `snake_case` to `camelCase` (`pkg/tfbridge/names.go`), English plurals for
//! array-shaped properties and singulars for the element types of arrays
//! (the Rails-style rules of the inflector the bridge uses).
//!
//! Terraform names match `^[a-z0-9_]+$`, so the rules here only handle lower-case
//! ASCII words; anything else is returned unchanged.

/// `allowed_oauth_flows` → `allowedOauthFlows`. Leading underscores are kept;
/// any run of underscores after the first letter capitalises what follows.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut seen_letter = false;
    let mut capitalise = false;
    for c in name.chars() {
        if c == '_' && seen_letter {
            capitalise = true;
            continue;
        }
        seen_letter |= c != '_';
        if capitalise {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        capitalise = false;
    }
    if capitalise {
        out.push('_');
    }
    out
}

/// `cognito_user_pool_client` → `CognitoUserPoolClient`.
pub fn pascal_case(name: &str) -> String {
    upper_first(&camel_case(name))
}

pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Words the inflector never changes, in either direction.
const UNINFLECTED: &[&str] = &[
    "bison",
    "bream",
    "breeches",
    "britches",
    "buffalo",
    "cantus",
    "carp",
    "chassis",
    "clippers",
    "cod",
    "coitus",
    "contretemps",
    "corps",
    "debris",
    "diabetes",
    "djinn",
    "eland",
    "elk",
    "equipment",
    "flounder",
    "gallows",
    "graffiti",
    "headquarters",
    "herpes",
    "hijinks",
    "information",
    "innings",
    "jackanapes",
    "mackerel",
    "mews",
    "moose",
    "mumps",
    "news",
    "nexus",
    "pincers",
    "pliers",
    "proceedings",
    "rabies",
    "rice",
    "rhinoceros",
    "salmon",
    "scissors",
    "series",
    "shears",
    "siemens",
    "species",
    "swine",
    "testes",
    "trousers",
    "trout",
    "tuna",
    "whiting",
    "wildebeest",
];

/// Suffixes that make a whole word uninflected.
const UNINFLECTED_SUFFIXES: &[&str] = &["media", "deer", "fish", "measles", "ois", "pox", "sheep"];

/// Irregular singular/plural pairs (whole words only: in a Terraform name the
/// underscore is a word character, so `foo_man` is not the word `man`).
const IRREGULAR: &[(&str, &str)] = &[
    ("atlas", "atlases"),
    ("child", "children"),
    ("cookie", "cookies"),
    ("corpus", "corpuses"),
    ("foot", "feet"),
    ("genus", "genera"),
    ("goose", "geese"),
    ("hero", "heroes"),
    ("loaf", "loaves"),
    ("man", "men"),
    ("money", "monies"),
    ("move", "moves"),
    ("octopus", "octopuses"),
    ("opus", "opuses"),
    ("ox", "oxen"),
    ("person", "people"),
    ("potato", "potatoes"),
    ("sex", "sexes"),
    ("tooth", "teeth"),
    ("turf", "turfs"),
];

fn uninflected(word: &str, extra_suffix: Option<&str>) -> bool {
    UNINFLECTED.contains(&word)
        || UNINFLECTED_SUFFIXES.iter().any(|s| word.ends_with(s))
        || ends_with_ese(word)
        || extra_suffix.is_some_and(|s| word.ends_with(s))
}

/// `.*[nrlm]ese`
fn ends_with_ese(word: &str) -> bool {
    word.strip_suffix("ese")
        .and_then(|stem| stem.chars().last())
        .is_some_and(|c| "nrlm".contains(c))
}

fn is_vowel_or_y(c: char) -> bool {
    "aeiouy".contains(c)
}

/// The character before `suffix` at the end of `word`, if `word` ends with it.
fn before(word: &str, suffix: &str) -> Option<Option<char>> {
    word.strip_suffix(suffix).map(|stem| stem.chars().last())
}

/// `word` with `suffix` replaced by `replacement`.
fn swap(word: &str, suffix: &str, replacement: &str) -> String {
    format!("{}{replacement}", &word[..word.len() - suffix.len()])
}

/// The plural of a Terraform name: `cors_rule` → `cors_rules`; words already
/// ending in `s` stay as they are (`allowed_oauth_flows`).
pub fn pluralize(word: &str) -> String {
    if word.is_empty() {
        return String::new();
    }
    if let Some((_, plural)) = IRREGULAR.iter().find(|(singular, _)| *singular == word) {
        return plural.to_string();
    }
    if uninflected(word, None) || word == "people" {
        return word.to_string();
    }
    let ends = |suffix: &str| word.ends_with(suffix);
    if ends("status") {
        return format!("{word}es");
    }
    if ends("quiz") {
        return format!("{word}zes");
    }
    if let Some(Some('m' | 'l')) = before(word, "ouse") {
        return swap(word, "ouse", "ice");
    }
    for stem in ["matr", "vert", "ind"] {
        for suffix in ["ix", "ex"] {
            if ends(&format!("{stem}{suffix}")) {
                return swap(word, suffix, "ices");
            }
        }
    }
    if ["x", "ch", "ss", "sh"].iter().any(|s| ends(s)) {
        return format!("{word}es");
    }
    if let Some(Some(c)) = before(word, "y") {
        if !is_vowel_or_y(c) || ends("quy") {
            return swap(word, "y", "ies");
        }
    }
    if ends("hive") {
        return format!("{word}s");
    }
    if let Some(Some(c)) = before(word, "fe") {
        if c != 'f' {
            return swap(word, "fe", "ves");
        }
    }
    if let Some(Some('l' | 'r' | 'e')) = before(word, "f") {
        return swap(word, "f", "ves");
    }
    if ends("sis") {
        return swap(word, "sis", "ses");
    }
    if let Some(Some('t' | 'i')) = before(word, "um") {
        return swap(word, "um", "a");
    }
    if ends("person") {
        return swap(word, "erson", "eople");
    }
    if ends("man") {
        return swap(word, "an", "en");
    }
    if ends("child") {
        return format!("{word}ren");
    }
    if ends("buffalo") || ends("tomato") {
        return format!("{word}es");
    }
    const LATIN_US: &[&str] = &[
        "alumn", "bacill", "cact", "foc", "fung", "nucle", "radi", "stimul", "syllab", "termin",
        "vir",
    ];
    if LATIN_US.iter().any(|stem| ends(&format!("{stem}us"))) {
        return swap(word, "us", "i");
    }
    if ends("us") {
        return format!("{word}es");
    }
    if ends("alias") {
        return format!("{word}es");
    }
    if ["axis", "crisis", "testis"].iter().any(|s| ends(s)) {
        return swap(word, "is", "es");
    }
    if ends("s") {
        return word.to_string();
    }
    format!("{word}s")
}

/// The singular of a name (Terraform's, or a Pulumi camelCase one): used to name
/// the element type of an array property, e.g. `corsRules` → `corsRule`.
pub fn singularize(word: &str) -> String {
    if let Some((singular, _)) = IRREGULAR.iter().find(|(_, plural)| *plural == word) {
        return singular.to_string();
    }
    if uninflected(word, Some("ss")) {
        return word.to_string();
    }
    let ends = |suffix: &str| word.ends_with(suffix);
    if ends("statuses") {
        return swap(word, "es", "");
    }
    if ends("menus") {
        return swap(word, "s", "");
    }
    if ends("quizzes") {
        return swap(word, "zes", "");
    }
    if ends("matrices") {
        return swap(word, "ices", "ix");
    }
    if ends("vertices") || ends("indices") {
        return swap(word, "ices", "ex");
    }
    if ends("aliases") {
        return swap(word, "es", "");
    }
    if ends("alias") {
        return word.to_string();
    }
    if ["faxes", "taxes", "waxes"].iter().any(|s| ends(s)) {
        return swap(word, "es", "");
    }
    if ["crises", "axes", "testes"].iter().any(|s| ends(s)) {
        return swap(word, "es", "is");
    }
    if ends("shoes") || ends("slaves") {
        return swap(word, "s", "");
    }
    if ends("oes") {
        return swap(word, "es", "");
    }
    if ends("ouses") {
        return swap(word, "s", "");
    }
    if let Some(Some(c)) = before(word, "uses") {
        if c != 'a' {
            return swap(word, "es", "");
        }
    }
    if let Some(Some('m' | 'l')) = before(word, "ice") {
        return swap(word, "ice", "ouse");
    }
    if ["xes", "ches", "sses", "shes"].iter().any(|s| ends(s)) {
        return swap(word, "es", "");
    }
    if ends("movies") {
        return swap(word, "s", "");
    }
    if let Some(Some(c)) = before(word, "ies") {
        if !is_vowel_or_y(c) || ends("quies") {
            return swap(word, "ies", "y");
        }
    }
    if ends("tives") || ends("hives") || ends("drives") {
        return swap(word, "s", "");
    }
    if let Some(Some('l' | 'r' | 'e')) = before(word, "ves") {
        return swap(word, "ves", "f");
    }
    if let Some(Some(c)) = before(word, "ves") {
        if c != 'f' && c != 'o' {
            return swap(word, "ves", "fe");
        }
    }
    if [
        "analyses",
        "diagnoses",
        "parentheses",
        "prognoses",
        "synopses",
        "theses",
    ]
    .iter()
    .any(|s| ends(s))
    {
        return swap(word, "ses", "sis");
    }
    if let Some(Some('t' | 'i')) = before(word, "a") {
        return swap(word, "a", "um");
    }
    if ends("people") {
        return swap(word, "eople", "erson");
    }
    if ends("men") {
        return swap(word, "en", "an");
    }
    if ends("children") {
        return swap(word, "ren", "");
    }
    if ends("eaus") {
        return swap(word, "s", "");
    }
    if ends("us") {
        return word.to_string();
    }
    if ends("s") {
        return swap(word, "s", "");
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_and_pascal_case() {
        assert_eq!(
            camel_case("allowed_oauth_flows_user_pool_client"),
            "allowedOauthFlowsUserPoolClient"
        );
        assert_eq!(camel_case("callback_urls"), "callbackUrls");
        assert_eq!(camel_case("id"), "id");
        assert_eq!(camel_case("_private_thing"), "_privateThing");
        assert_eq!(camel_case("foo__bar"), "fooBar");
        assert_eq!(camel_case("trailing_"), "trailing_");
        assert_eq!(camel_case("a1_b2"), "a1B2");
        assert_eq!(
            pascal_case("cognito_user_pool_client"),
            "CognitoUserPoolClient"
        );
        assert_eq!(
            lower_first("CognitoUserPoolClient"),
            "cognitoUserPoolClient"
        );
    }

    #[test]
    fn plurals_as_the_bridge_makes_them() {
        for (singular, plural) in [
            ("cors_rule", "cors_rules"),
            ("analytics_configuration", "analytics_configurations"),
            ("refresh_token_rotation", "refresh_token_rotations"),
            ("allowed_oauth_flows", "allowed_oauth_flows"),
            ("token_validity_units", "token_validity_units"),
            ("policy", "policies"),
            ("key", "keys"),
            ("address", "addresses"),
            ("match", "matches"),
            ("box", "boxes"),
            ("status", "statuses"),
            ("shelf", "shelves"),
            ("life", "lives"),
            ("analysis", "analyses"),
            ("datum", "data"),
            ("person", "people"),
            ("child", "children"),
            ("virus", "viri"),
            ("bonus", "bonuses"),
            ("information", "information"),
            ("fish", "fish"),
        ] {
            assert_eq!(pluralize(singular), plural, "plural of {singular}");
        }
    }

    #[test]
    fn singulars_as_the_bridge_makes_them() {
        for (plural, singular) in [
            ("corsRules", "corsRule"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("statuses", "status"),
            ("shelves", "shelf"),
            ("lives", "life"),
            ("analyses", "analysis"),
            ("data", "datum"),
            ("people", "person"),
            ("children", "child"),
            ("tokenValidityUnits", "tokenValidityUnit"),
            ("access", "access"),
            ("series", "series"),
            ("menus", "menu"),
            ("quizzes", "quiz"),
        ] {
            assert_eq!(singularize(plural), singular, "singular of {plural}");
        }
    }
}
