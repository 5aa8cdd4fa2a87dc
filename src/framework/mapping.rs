//! How an attribute's Terraform value becomes an API request field ("expand") and
//! how the API's answer becomes state ("flatten"), as pairs.
//!
//! Older providers (the official AWS provider's SDKv2 resources among them) treat
//! zeros, empty strings and empty lists as "not set" in some attributes and not in
//! others. Each such convention is one [`Rule`] type here, with both directions in
//! one place, so an attribute's expand and flatten cannot disagree: a resource
//! names the rule once per attribute in its field table.

use super::value::Value;

/// One conversion convention between a Terraform value and an API field.
///
/// Implement it for a new convention; a resource names the rule type next to the
/// attribute it governs. `flatten(expand(v))` gives `v` back for every known value
/// the rule sends; what is not sent (null, unknown, or the rule's "not set" value)
/// flattens to what the API reports for a field it does not hold.
pub trait Rule {
    /// The request field's type, as the API's setter takes it (inside an `Option`).
    type Field;

    /// The request field for a planned value; `None` leaves the field out.
    fn expand(value: &Value) -> Option<Self::Field>;

    /// The state value for the API's answer; `None` is a field the answer lacks.
    fn flatten(field: Option<Self::Field>) -> Value;

    /// A known value that survives expand then flatten, made from `seed` (the
    /// attribute's name) so that rows with the same rule get different samples and
    /// a row wired to another row's API field shows.
    #[cfg(test)]
    fn sample(seed: &str) -> Value;
}

/// Turns an API getter's return type into the rule's field, so that one `flatten`
/// serves getters that return `i32`, `Option<i32>`, `&[T]`, `Option<&str>`, ...
pub trait Reported<F> {
    /// The field as the rule takes it; `None` when the answer lacks it.
    fn reported(self) -> Option<F>;
}

impl<F> Reported<F> for Option<F> {
    fn reported(self) -> Option<F> {
        self
    }
}

impl Reported<i32> for i32 {
    fn reported(self) -> Option<i32> {
        Some(self)
    }
}

impl<T: Clone> Reported<Vec<T>> for &[T] {
    fn reported(self) -> Option<Vec<T>> {
        Some(self.to_vec())
    }
}

impl Reported<String> for Option<&str> {
    fn reported(self) -> Option<String> {
        self.map(str::to_string)
    }
}

impl<T: Clone> Reported<T> for Option<&T> {
    fn reported(self) -> Option<T> {
        self.cloned()
    }
}

/// Flattens whatever an API getter returns, through rule `R`.
pub fn flatten<R: Rule>(reported: impl Reported<R::Field>) -> Value {
    R::flatten(reported.reported())
}

/// A non-zero number from a seed, different for the names of one resource.
#[cfg(test)]
fn seeded_number(seed: &str) -> i64 {
    seed.bytes()
        .fold(7_i64, |n, b| (n * 31 + i64::from(b)) % 9973)
        .max(1)
}

fn int(value: &Value) -> Option<i32> {
    value.as_i64().and_then(|n| i32::try_from(n).ok())
}

/// A string that is always sent when known (`""` included) and reads back as `""`
/// when the API has none: names and ids.
pub struct Text;

impl Rule for Text {
    type Field = String;

    fn expand(value: &Value) -> Option<String> {
        Some(value.as_str().unwrap_or_default().to_string())
    }

    fn flatten(field: Option<String>) -> Value {
        Value::String(field.unwrap_or_default())
    }

    #[cfg(test)]
    fn sample(seed: &str) -> Value {
        Value::string(seed)
    }
}

/// Legacy strings and string enums: `""` means "not set" and is not sent, and a
/// field the API lacks reads back as `""`.
pub struct NonEmpty<T = String>(std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str> + AsRef<str>> Rule for NonEmpty<T> {
    type Field = T;

    fn expand(value: &Value) -> Option<T> {
        value.as_str().filter(|v| !v.is_empty()).map(T::from)
    }

    fn flatten(field: Option<T>) -> Value {
        Value::string(field.as_ref().map_or("", AsRef::as_ref))
    }

    #[cfg(test)]
    fn sample(seed: &str) -> Value {
        Value::string(seed)
    }
}

/// Legacy integers: 0 means "not set" and is not sent, and a field the API lacks
/// reads back as 0.
pub struct NonZero;

impl Rule for NonZero {
    type Field = i32;

    fn expand(value: &Value) -> Option<i32> {
        int(value).filter(|&n| n != 0)
    }

    fn flatten(field: Option<i32>) -> Value {
        Value::int(field.unwrap_or(0).into())
    }

    #[cfg(test)]
    fn sample(seed: &str) -> Value {
        Value::int(seeded_number(seed))
    }
}

/// Plain integers: sent when known (0 included), null when the API lacks them.
pub struct Int;

impl Rule for Int {
    type Field = i32;

    fn expand(value: &Value) -> Option<i32> {
        int(value)
    }

    fn flatten(field: Option<i32>) -> Value {
        field.map_or(Value::Null, |n| Value::int(n.into()))
    }

    #[cfg(test)]
    fn sample(seed: &str) -> Value {
        Value::int(seeded_number(seed))
    }
}

/// Optional booleans of the API: sent when known (`false` included), null when
/// the API lacks them.
pub struct Bool;

impl Rule for Bool {
    type Field = bool;

    fn expand(value: &Value) -> Option<bool> {
        value.as_bool()
    }

    fn flatten(field: Option<bool>) -> Value {
        field.map_or(Value::Null, Value::Bool)
    }

    #[cfg(test)]
    fn sample(_: &str) -> Value {
        Value::Bool(false)
    }
}

/// Plain booleans of the API: `false` is its default and is not sent; read back
/// as [`Bool`] does.
pub struct TrueOnly;

impl Rule for TrueOnly {
    type Field = bool;

    fn expand(value: &Value) -> Option<bool> {
        value.as_bool().filter(|&b| b)
    }

    fn flatten(field: Option<bool>) -> Value {
        Bool::flatten(field)
    }

    #[cfg(test)]
    fn sample(_: &str) -> Value {
        Value::Bool(true)
    }
}

/// Legacy lists held as sets of strings or string enums: a known set, even an
/// empty one, is sent (as `[]`); null or unknown is not. A list the API lacks is
/// an empty set, never null, and repeated elements collapse.
pub struct StringSet<T = String>(std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str> + AsRef<str>> Rule for StringSet<T> {
    type Field = Vec<T>;

    fn expand(value: &Value) -> Option<Vec<T>> {
        match value {
            Value::Set(items) | Value::List(items) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(T::from)
                    .collect(),
            ),
            _ => None,
        }
    }

    fn flatten(field: Option<Vec<T>>) -> Value {
        let mut values: Vec<Value> = Vec::new();
        for item in field.unwrap_or_default() {
            let value = Value::string(item.as_ref());
            if !values.contains(&value) {
                values.push(value);
            }
        }
        Value::Set(values)
    }

    #[cfg(test)]
    fn sample(seed: &str) -> Value {
        Value::Set(vec![Value::string(seed), Value::string("a")])
    }
}

/// Declares a resource's field table: one row per attribute that maps to one API
/// field, giving its rule, the API's getter and setter, and its schema. The row's
/// name is the attribute's name, and the schema constructor gets it as its first
/// argument, so the name is written once.
///
/// ```text
/// field_table! {
///     request ClientArguments, answer UserPoolClientType, built by UserPoolClientTypeBuilder,
///     fill with fill_client_request;
///     sent {
///         access_token_validity: NonZero => access_token_validity / set_access_token_validity
///             = integer("How long access tokens are valid ...");
///     }
///     reported {
///         id: Text => client_id / set_client_id = computed("The id ...");
///     }
/// }
/// ```
///
/// `sent` rows are read from the plan into the request struct and set on any
/// request builder with `fill_client_request!(builder, &arguments)` (the API's
/// create and update builders name their setters alike); `reported` rows are
/// only read back. The macro generates `attributes()`, the request struct with
/// `from_plan`, the fill macro, `flatten_into(answer, state)`, and for tests
/// `echo(&request)`: the answer a faithful API gives for the request, with every
/// `reported` row at its rule's sample.
macro_rules! field_table {
    (
        request $request:ident, answer $answer:ty, built by $answer_builder:ty, fill with $fill:ident;
        sent {
            $( $(#[$sdoc:meta])* $name:ident : $rule:ty => $getter:ident / $setter:ident
                = $ctor:ident ( $($arg:expr),* $(,)? ) $( . $method:ident ( $($marg:expr),* ) )* ; )*
        }
        reported {
            $( $(#[$rdoc:meta])* $rname:ident : $rrule:ty => $rgetter:ident / $rsetter:ident
                = $rctor:ident ( $($rarg:expr),* $(,)? ) $( . $rmethod:ident ( $($rmarg:expr),* ) )* ; )*
        }
    ) => {
        /// The table's attributes, with their validators and plan modifiers.
        pub fn attributes() -> Vec<$crate::framework::schema::Attribute> {
            vec![
                $( $ctor(stringify!($name), $($arg),*) $( .$method($($marg),*) )* , )*
                $( $rctor(stringify!($rname), $($rarg),*) $( .$rmethod($($rmarg),*) )* , )*
            ]
        }

        /// The request fields of the table's `sent` rows, each `None` when not sent.
        pub struct $request {
            $( $(#[$sdoc])* pub $name: Option<<$rule as $crate::framework::mapping::Rule>::Field>, )*
        }

        impl $request {
            /// Reads every `sent` row from a planned state, through its rule.
            pub fn from_plan(planned: &$crate::framework::value::Value) -> Self {
                $request {
                    $( $name: <$rule as $crate::framework::mapping::Rule>::expand(
                        planned.attr(stringify!($name)),
                    ), )*
                }
            }
        }

        /// Sets every `sent` row on a request builder.
        macro_rules! $fill {
            ($builder:expr, $fields:expr) => {{
                let fields = $fields;
                $builder $( .$setter(fields.$name.clone()) )*
            }};
        }
        pub(crate) use $fill;

        /// Writes every row's state value, read from the API's answer through its rule.
        pub fn flatten_into(answer: &$answer, state: &mut $crate::framework::value::Value) {
            $( state.set_attr(
                stringify!($name),
                $crate::framework::mapping::flatten::<$rule>(answer.$getter()),
            ); )*
            $( state.set_attr(
                stringify!($rname),
                $crate::framework::mapping::flatten::<$rrule>(answer.$rgetter()),
            ); )*
        }

        /// Every row's name with its rule's sample, for the mapping tests.
        #[cfg(test)]
        pub fn samples() -> Vec<(&'static str, $crate::framework::value::Value)> {
            vec![
                $( (stringify!($name), <$rule as $crate::framework::mapping::Rule>::sample(stringify!($name))), )*
                $( (stringify!($rname), <$rrule as $crate::framework::mapping::Rule>::sample(stringify!($rname))), )*
            ]
        }

        /// The answer a faithful API gives for `request`, reported rows at their samples.
        #[cfg(test)]
        pub fn echo(request: &$request) -> $answer_builder {
            <$answer>::builder()
                $( .$setter(request.$name.clone()) )*
                $( .$rsetter(<$rrule as $crate::framework::mapping::Rule>::expand(
                    &<$rrule as $crate::framework::mapping::Rule>::sample(stringify!($rname)),
                )) )*
        }
    };
}
pub(crate) use field_table;

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<R: Rule>(value: &Value) -> Value {
        R::flatten(R::expand(value))
    }

    fn samples_survive<R: Rule>() {
        assert_eq!(round_trip::<R>(&R::sample("seed")), R::sample("seed"));
    }

    #[test]
    fn every_rule_gives_its_sample_back() {
        samples_survive::<Text>();
        samples_survive::<NonEmpty>();
        samples_survive::<NonZero>();
        samples_survive::<Int>();
        samples_survive::<Bool>();
        samples_survive::<TrueOnly>();
        samples_survive::<StringSet>();
    }

    #[test]
    fn legacy_not_set_values_are_not_sent_and_read_back_as_the_api_default() {
        assert_eq!(NonZero::expand(&Value::int(0)), None);
        assert_eq!(NonZero::flatten(None), Value::int(0));
        assert_eq!(<NonEmpty>::expand(&Value::string("")), None);
        assert_eq!(<NonEmpty>::flatten(None), Value::string(""));
        assert_eq!(TrueOnly::expand(&Value::Bool(false)), None);
        assert_eq!(Int::flatten(None), Value::Null);
        assert_eq!(Bool::expand(&Value::Bool(false)), Some(false));
    }

    #[test]
    fn sets_send_known_empty_sets_and_never_read_back_null() {
        assert_eq!(<StringSet>::expand(&Value::Set(vec![])), Some(vec![]));
        assert_eq!(<StringSet>::expand(&Value::Unknown), None);
        assert_eq!(<StringSet>::expand(&Value::Null), None);
        assert_eq!(<StringSet>::flatten(None), Value::Set(vec![]));
        let repeated = vec!["a".to_string(), "a".to_string()];
        assert_eq!(
            <StringSet>::flatten(Some(repeated)),
            Value::Set(vec![Value::string("a")])
        );
    }

    #[test]
    fn getters_of_every_shape_flatten_through_one_rule() {
        assert_eq!(flatten::<NonZero>(30), Value::int(30));
        assert_eq!(flatten::<NonZero>(None::<i32>), Value::int(0));
        assert_eq!(flatten::<NonEmpty>(Some("x")), Value::string("x"));
        let items = ["a".to_string()];
        assert_eq!(
            flatten::<StringSet>(&items[..]),
            Value::Set(vec![Value::string("a")])
        );
    }
}
