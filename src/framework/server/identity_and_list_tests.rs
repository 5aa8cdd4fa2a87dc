//! One test per protocol rule of resource identity and list resources, against
//! [`FakeResource::listable`].

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::fake::{FakeResource, Outcome};
use super::list::{generate_config, list, validate_list_config, ListEvent};
use super::*;

fn summaries(diagnostics: &Diagnostics) -> Vec<&str> {
    diagnostics.0.iter().map(|d| d.summary.as_str()).collect()
}

fn thing(name: &str) -> Value {
    FakeResource::state(name, Value::string(format!("id-{name}")))
}

fn planned(requires_replace: Vec<Path>) -> Planned {
    Planned {
        state: thing("a"),
        requires_replace,
        private: Vec::new(),
    }
}

/// A resource that lists `names`, each found as its import stub, read back whole.
fn listing(names: &[&str]) -> FakeResource {
    let mut resource = FakeResource::listable();
    resource.listed = names
        .iter()
        .map(|n| StateResponse::with_state(thing(n)))
        .collect();
    resource.read = Outcome::Answer(StateResponse::with_state(thing("read")));
    resource
}

/// Runs a list of `resource` with `config` and returns every event sent.
async fn events_of(
    resource: &FakeResource,
    config: Value,
    include: bool,
    limit: i64,
) -> Vec<ListEvent> {
    let (sender, mut receiver) = mpsc::channel(100);
    list(
        resource,
        &config,
        include,
        limit,
        &CancellationToken::new(),
        &sender,
    )
    .await;
    drop(sender);
    let mut events = Vec::new();
    while let Some(event) = receiver.recv().await {
        events.push(event);
    }
    events
}

fn no_prefix() -> Value {
    Value::object(&[("prefix", Value::Null)])
}

#[tokio::test]
async fn an_existing_object_has_the_identity_its_state_gives_and_no_object_has_none() {
    let resource = FakeResource::listable();
    let identity = identity_of(&resource, &thing("a"))
        .await
        .expect("an identity");
    assert_eq!(identity.attr("name"), &Value::string("a"));
    assert_eq!(identity.attr("zone"), &Value::Null);
    assert_eq!(identity_of(&resource, &Value::Null).await, None);
    assert_eq!(
        identity_of(&FakeResource::new(), &thing("a")).await,
        None,
        "no schema, no identity"
    );
}

#[tokio::test]
async fn an_update_keeps_the_prior_identity_and_a_create_or_replacement_plans_none() {
    let resource = FakeResource::listable();
    let kept = planned_identity(&resource, &thing("a"), &planned(vec![])).await;
    assert_eq!(
        kept.map(|i| i.attr("name").clone()),
        Some(Value::string("a"))
    );
    assert_eq!(
        planned_identity(&resource, &Value::Null, &planned(vec![])).await,
        None
    );
    let replaced = planned(vec![Path::root("name")]);
    assert_eq!(
        planned_identity(&resource, &thing("a"), &replaced).await,
        None
    );
}

#[tokio::test]
async fn an_import_by_identity_needs_every_attribute_required_for_import() {
    let mut resource = FakeResource::listable();
    resource.import = Outcome::Answer(StateResponse::with_state(thing("a")));
    let schema = resource.identity.clone().unwrap();
    let mut diagnostics = Diagnostics::default();
    let incomplete = schema.value(&[("zone", Some("z1"))]);
    let imported = import_by_identity(
        &resource,
        &incomplete,
        &CancellationToken::new(),
        &mut diagnostics,
    )
    .await;
    assert!(imported.is_none());
    assert_eq!(summaries(&diagnostics), ["Invalid import identity"]);
    assert!(
        diagnostics.0[0].detail.contains("name"),
        "{:?}",
        diagnostics.0[0]
    );
    assert!(resource.calls().is_empty(), "the resource is not asked");

    let mut diagnostics = Diagnostics::default();
    let complete = schema.value(&[("name", Some("a"))]);
    let imported = import_by_identity(
        &resource,
        &complete,
        &CancellationToken::new(),
        &mut diagnostics,
    )
    .await;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(imported.map(|i| i.state), Some(thing("a")));
    assert_eq!(resource.calls(), ["import_by_identity"]);

    let mut diagnostics = Diagnostics::default();
    let without = FakeResource::new();
    assert!(import_by_identity(
        &without,
        &complete,
        &CancellationToken::new(),
        &mut diagnostics
    )
    .await
    .is_none());
    assert_eq!(
        summaries(&diagnostics),
        ["Import by identity not supported"]
    );
}

#[test]
fn an_identity_of_version_0_upgrades_as_it_is_and_another_version_is_refused() {
    let resource = FakeResource::listable();
    let mut diagnostics = Diagnostics::default();
    let upgraded = upgrade_identity(&resource, 0, br#"{"name":"a"}"#, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let upgraded = upgraded.expect("an identity");
    assert_eq!(upgraded.attr("name"), &Value::string("a"));
    assert_eq!(
        upgraded.attr("zone"),
        &Value::Null,
        "a missing attribute is null"
    );

    let mut diagnostics = Diagnostics::default();
    assert!(upgrade_identity(&resource, 1, br#"{"name":"a"}"#, &mut diagnostics).is_none());
    assert_eq!(
        summaries(&diagnostics),
        ["Resource identity from an unknown version"]
    );

    let mut diagnostics = Diagnostics::default();
    assert!(upgrade_identity(&resource, 0, b"[", &mut diagnostics).is_none());
    assert_eq!(summaries(&diagnostics), ["Invalid stored identity"]);
}

#[tokio::test]
async fn a_list_sends_each_objects_identity_and_name_and_reads_nothing_unless_asked() {
    let resource = listing(&["a", "b", "c"]);
    let events = events_of(&resource, no_prefix(), false, 100).await;
    let names: Vec<&str> = events.iter().map(|e| e.display_name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    for event in &events {
        let identity = event.identity.as_ref().expect("an identity");
        assert_eq!(identity.attr("name"), &Value::string(&event.display_name));
        assert!(event.object.is_none() && event.diagnostics.is_empty());
    }
    assert!(
        !resource.calls().contains(&"read"),
        "{:?}",
        resource.calls()
    );
}

#[tokio::test]
async fn a_list_with_objects_reads_each_as_after_an_import() {
    let resource = listing(&["a", "b"]);
    let events = events_of(&resource, no_prefix(), true, 100).await;
    assert_eq!(events.len(), 2);
    for event in &events {
        assert_eq!(event.object, Some(thing("read")));
        assert_eq!(
            event.identity.as_ref().unwrap().attr("name"),
            &Value::string("read"),
            "the identity of the object read"
        );
    }
    assert_eq!(resource.calls().iter().filter(|c| **c == "read").count(), 2);
}

#[tokio::test]
async fn a_list_stops_at_the_limit_and_reads_no_more_than_it_sends() {
    let names: Vec<String> = (0..50).map(|i| format!("n{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let resource = listing(&names);
    let events = events_of(&resource, no_prefix(), true, 2).await;
    assert_eq!(events.len(), 2);
    let calls = resource.calls();
    assert_eq!(
        calls.iter().filter(|c| **c == "read").count(),
        2,
        "{calls:?}"
    );
    assert!(
        calls.contains(&"no more wanted"),
        "the list is told to stop: {calls:?}"
    );
    assert!(
        calls.iter().filter(|c| **c == "found").count() < 50,
        "{calls:?}"
    );

    let resource = listing(&names);
    assert!(events_of(&resource, no_prefix(), true, 0).await.is_empty());
    assert!(resource.calls().is_empty(), "a limit of 0 lists nothing");
}

#[tokio::test]
async fn a_list_stops_when_terraform_closes_the_stream() {
    let names: Vec<String> = (0..50).map(|i| format!("n{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let resource = listing(&names);
    let (sender, receiver) = mpsc::channel(1);
    drop(receiver);
    list(
        &resource,
        &no_prefix(),
        false,
        100,
        &CancellationToken::new(),
        &sender,
    )
    .await;
    assert!(
        resource.calls().contains(&"no more wanted"),
        "{:?}",
        resource.calls()
    );
}

#[tokio::test]
async fn an_invalid_or_unknown_list_configuration_is_one_error_event_and_no_list() {
    let resource = listing(&["a"]);
    let too_long = Value::object(&[("prefix", Value::string("abcd"))]);
    let events = events_of(&resource, too_long.clone(), false, 100).await;
    assert_eq!(events.len(), 1);
    assert!(events[0].identity.is_none() && events[0].diagnostics.has_errors());
    let unknown = Value::object(&[("prefix", Value::Unknown)]);
    let events = events_of(&resource, unknown, false, 100).await;
    assert_eq!(
        summaries(&events[0].diagnostics),
        ["Unknown list configuration"]
    );
    assert!(resource.calls().is_empty());

    let mut diagnostics = Diagnostics::default();
    validate_list_config(&resource, &too_long, &mut diagnostics);
    assert!(diagnostics.has_errors());
    let mut diagnostics = Diagnostics::default();
    validate_list_config(
        &resource,
        &Value::object(&[("prefix", Value::Unknown)]),
        &mut diagnostics,
    );
    assert!(diagnostics.is_empty(), "validation skips unknowns");
    let mut diagnostics = Diagnostics::default();
    validate_list_config(&FakeResource::new(), &no_prefix(), &mut diagnostics);
    assert_eq!(summaries(&diagnostics), ["Unknown list resource type"]);
}

#[tokio::test]
async fn a_failed_list_ends_with_its_error_after_what_it_found() {
    let mut resource = listing(&["a"]);
    resource.list_ends_with.error("AWS said no", "Denied.");
    let events = events_of(&resource, no_prefix(), false, 100).await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].display_name, "a");
    assert_eq!(summaries(&events[1].diagnostics), ["AWS said no"]);
    assert!(events[1].identity.is_none());
}

#[test]
fn generated_configuration_is_the_state_without_computed_or_write_only_values() {
    let resource = FakeResource::listable();
    let mut state = thing("a");
    state.set_attr("zone", Value::string("z1"));
    let mut diagnostics = Diagnostics::default();
    let config = generate_config(&resource, &state, &mut diagnostics).expect("a configuration");
    assert!(diagnostics.is_empty());
    assert_eq!(config.attr("name"), &Value::string("a"));
    assert_eq!(
        config.attr("zone"),
        &Value::string("z1"),
        "optional and computed: kept"
    );
    assert_eq!(config.attr("id"), &Value::Null, "computed only: left out");
    assert_eq!(config.attr("token"), &Value::Null);

    let mut diagnostics = Diagnostics::default();
    assert!(generate_config(&resource, &Value::Null, &mut diagnostics).is_none());
    assert_eq!(
        summaries(&diagnostics),
        ["No object to generate configuration for"]
    );
}
