//! One test per protocol rule, against [`FakeResource`].

use tokio_util::sync::CancellationToken;

use super::fake::{FakeDataSource, FakeProvider, FakeResource, Outcome, TYPE_NAME};
use super::*;
use crate::framework::diag::Severity;
use crate::framework::planmodifier::ProviderValues;

fn answer(state: Option<Value>) -> Outcome {
    Outcome::Answer(StateResponse {
        state,
        ..StateResponse::default()
    })
}

fn failed() -> StateResponse {
    let mut diagnostics = Diagnostics::default();
    diagnostics.error("AWS said no", "Denied.");
    StateResponse::from_diagnostics(diagnostics)
}

fn failure() -> Outcome {
    Outcome::Answer(failed())
}

fn summaries(diagnostics: &Diagnostics) -> Vec<&str> {
    diagnostics.0.iter().map(|d| d.summary.as_str()).collect()
}

fn running() -> CancellationToken {
    CancellationToken::new()
}

fn stopped() -> CancellationToken {
    let stop = CancellationToken::new();
    stop.cancel();
    stop
}

/// An apply of `planned` over `prior`, with no configuration and no private state.
async fn apply_plan(
    resource: &FakeResource,
    prior: Value,
    planned: Value,
    stop: &CancellationToken,
) -> (NewState, Diagnostics) {
    apply_private(resource, prior, planned, vec![], stop).await
}

/// [`apply_plan`] with the planned private state `private`.
async fn apply_private(
    resource: &FakeResource,
    prior: Value,
    planned: Value,
    private: Vec<u8>,
    stop: &CancellationToken,
) -> (NewState, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let applied = apply(
        resource,
        prior,
        planned,
        &Value::Null,
        private,
        stop,
        &mut diagnostics,
    )
    .await;
    (applied, diagnostics)
}

/// The upgrade of a stored state of `version`, as JSON or (`flatmap`) not.
fn upgrade(version: i64, json: &[u8], flatmap: bool) -> (Option<Value>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let stored = StoredState {
        version,
        json,
        flatmap,
    };
    let upgraded = upgrade_state(&FakeResource::new(), &stored, &mut diagnostics);
    (upgraded, diagnostics)
}

/// The plan of creating the object `config` configures.
async fn plan_create(resource: &FakeResource, config: &Value) -> (Planned, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let planned = plan(
        resource,
        &Value::Null,
        config,
        config,
        vec![],
        &mut diagnostics,
    )
    .await;
    (planned, diagnostics)
}

/// A read of `state` with `private`, not stopped.
async fn read_with(
    resource: &FakeResource,
    state: Value,
    private: Vec<u8>,
) -> (NewState, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let read = read(resource, state, private, &running(), &mut diagnostics).await;
    (read, diagnostics)
}

fn known() -> Value {
    FakeResource::state("a", Value::string("id-1"))
}

#[test]
fn an_unknown_type_is_an_error_naming_its_kind() {
    let provider = FakeProvider::new(FakeResource::new());
    let mut diagnostics = Diagnostics::default();
    assert!(find_resource(&provider, TYPE_NAME, &mut diagnostics).is_some());
    assert!(find_data_source(&provider, TYPE_NAME, &mut diagnostics).is_some());
    assert!(find_ephemeral_resource(&provider, TYPE_NAME, &mut diagnostics).is_some());
    assert!(diagnostics.is_empty());
    assert!(find_resource(&provider, "fake_other", &mut diagnostics).is_none());
    assert!(find_data_source(&provider, "fake_other", &mut diagnostics).is_none());
    assert!(find_ephemeral_resource(&provider, "fake_other", &mut diagnostics).is_none());
    assert_eq!(
        summaries(&diagnostics),
        [
            "Unknown resource type",
            "Unknown data source type",
            "Unknown ephemeral resource type"
        ]
    );
    assert_eq!(
        diagnostics.0[1].detail,
        "This provider does not serve the data source type \"fake_other\"."
    );
}

#[test]
fn validation_runs_the_schema_validators_then_the_resources_own_checks() {
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let too_long = FakeResource::state("much too long", Value::Null);
    validate_resource_config(&resource, &too_long, true, &mut diagnostics);
    assert_eq!(
        summaries(&diagnostics),
        ["Invalid Attribute Value Length", "Own check"]
    );
    assert_eq!(diagnostics.0[0].path, Some(Path::root("name")));
}

#[test]
fn a_state_from_a_newer_schema_version_is_refused() {
    let (upgraded, diagnostics) = upgrade(2, br#"{"name":"a"}"#, false);
    assert_eq!(upgraded, None);
    assert_eq!(
        diagnostics.0[0].summary,
        "Resource state from a newer provider"
    );
    assert_eq!(
        diagnostics.0[0].detail,
        "The state of this fake_thing was written with schema version 2, but this provider only \
         knows versions up to 1. Use the provider version that wrote the state."
    );
}

#[test]
fn a_flatmap_state_is_refused() {
    let (upgraded, diagnostics) = upgrade(1, b"", true);
    assert_eq!(upgraded, None);
    assert_eq!(summaries(&diagnostics), ["Unsupported state format"]);
}

#[test]
fn no_stored_state_upgrades_to_null() {
    let (upgraded, diagnostics) = upgrade(0, b"", false);
    assert_eq!(upgraded, Some(Value::Null));
    assert!(diagnostics.is_empty());
}

#[test]
fn an_upgrade_drops_unknown_keys_and_nulls_missing_ones() {
    let (upgraded, diagnostics) = upgrade(1, br#"{"name":"a","gone":true}"#, false);
    assert_eq!(upgraded, Some(FakeResource::state("a", Value::Null)));
    assert!(diagnostics.is_empty());
}

#[test]
fn an_undecodable_stored_state_is_an_error() {
    let (upgraded, diagnostics) = upgrade(1, b"{", false);
    assert_eq!(upgraded, None);
    assert_eq!(summaries(&diagnostics), ["Invalid stored state"]);
}

#[tokio::test]
async fn a_destroy_plans_null_without_the_resources_modify_plan() {
    let mut resource = FakeResource::new();
    resource.replace = vec![Path::root("name")];
    let mut diagnostics = Diagnostics::default();
    let prior = known();
    let config = Value::Null;
    let planned = plan(
        &resource,
        &prior,
        &Value::Null,
        &config,
        vec![7],
        &mut diagnostics,
    )
    .await;
    assert_eq!(
        planned,
        Planned {
            state: Value::Null,
            requires_replace: Vec::new(),
            private: vec![7],
        }
    );
    assert!(resource.calls().is_empty());
    assert!(diagnostics.is_empty());
}

#[tokio::test]
async fn a_plan_runs_modify_plan_after_the_framework_and_sorts_its_replacements() {
    let mut resource = FakeResource::new();
    resource.replace = vec![Path::root("name"), Path::root("id"), Path::root("name")];
    let (planned, diagnostics) =
        plan_create(&resource, &FakeResource::state("a", Value::Null)).await;
    assert!(diagnostics.is_empty());
    assert!(
        planned.state.attr("id").is_unknown(),
        "the framework's rules ran"
    );
    assert_eq!(
        planned.requires_replace,
        [Path::root("id"), Path::root("name")]
    );
    assert_eq!(resource.calls(), ["provider_values", "modify_plan"]);
}

#[tokio::test]
async fn a_plan_gives_the_providers_values_to_the_plan_modifiers() {
    let mut resource = FakeResource::new();
    resource.provider = Ok(ProviderValues::default().with("zone", Value::string("z1")));
    let (planned, diagnostics) =
        plan_create(&resource, &FakeResource::state("a", Value::Null)).await;
    assert_eq!(planned.state.attr("zone"), &Value::string("z1"));
    assert!(diagnostics.is_empty());
}

#[tokio::test]
async fn a_plan_without_the_providers_values_reports_why_and_goes_on() {
    let mut resource = FakeResource::new();
    let mut unavailable = Diagnostics::default();
    unavailable.error("AWS configuration incomplete", "No region.");
    resource.provider = Err(unavailable);
    let (planned, diagnostics) =
        plan_create(&resource, &FakeResource::state("a", Value::Null)).await;
    assert_eq!(summaries(&diagnostics), ["AWS configuration incomplete"]);
    assert!(
        planned.state.attr("zone").is_unknown(),
        "no default was invented"
    );
    assert_eq!(resource.calls(), ["provider_values", "modify_plan"]);
}

/// Terraform plans a replacement twice: the update that finds it must replace, then
/// the new object as a create, handed the first plan's private state.
#[tokio::test]
async fn a_replacement_is_planned_with_the_replacement_marker_both_times() {
    let mut resource = FakeResource::new();
    resource.replace = vec![Path::root("name")];
    let mut diagnostics = Diagnostics::default();
    let prior = known();
    let config = FakeResource::state("b", Value::Null);
    let first = plan(
        &resource,
        &prior,
        &config,
        &config,
        b"kept".to_vec(),
        &mut diagnostics,
    )
    .await;
    assert_eq!(first.private, REPLACEMENT);
    let second = plan(
        &resource,
        &Value::Null,
        &config,
        &config,
        first.private,
        &mut diagnostics,
    )
    .await;
    assert_eq!(second.private, REPLACEMENT);
    let alone = plan(
        &resource,
        &Value::Null,
        &config,
        &config,
        b"other".to_vec(),
        &mut diagnostics,
    )
    .await;
    assert_eq!(
        alone.private, b"other",
        "a create of its own keeps the private state"
    );
    assert_eq!(
        resource.occasions(),
        [
            ("modify_plan", Occasion::Alone),
            ("modify_plan", Occasion::Replacement),
            ("modify_plan", Occasion::Alone),
        ]
    );
    assert!(diagnostics.is_empty());
}

/// Both halves of a replacement learn it from the marker, and no state keeps it;
/// an apply without it is a create or delete of its own.
#[tokio::test]
async fn the_halves_of_a_replacement_learn_it_and_store_no_marker() {
    let mut resource = FakeResource::new();
    resource.delete = answer(None);
    resource.create = answer(Some(known()));
    let marker = REPLACEMENT.to_vec();
    let planned = FakeResource::state("a", Value::Unknown);
    let (deleted, _) =
        apply_private(&resource, known(), Value::Null, marker.clone(), &running()).await;
    assert_eq!(deleted.state, Some(Value::Null));
    let (created, _) =
        apply_private(&resource, Value::Null, planned.clone(), marker, &running()).await;
    assert_eq!(created.state, Some(known()));
    assert!(created.private.is_empty(), "the marker is never stored");
    let (_, _) = apply_private(&resource, known(), Value::Null, vec![], &running()).await;
    let (created, _) =
        apply_private(&resource, Value::Null, planned, b"p".to_vec(), &running()).await;
    assert_eq!(created.private, b"p");
    assert_eq!(
        resource.occasions(),
        [
            ("delete", Occasion::Replacement),
            ("create", Occasion::Replacement),
            ("delete", Occasion::Alone),
            ("create", Occasion::Alone),
        ]
    );
}

#[tokio::test]
async fn a_plan_keeps_the_prior_private_state() {
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let prior = known();
    let planned = plan(
        &resource,
        &prior,
        &prior,
        &prior,
        b"kept".to_vec(),
        &mut diagnostics,
    )
    .await;
    assert_eq!(planned.private, b"kept");
    assert_eq!(planned.state, prior);
}

#[tokio::test]
async fn reading_a_null_state_calls_nothing_and_answers_null() {
    let resource = FakeResource::new();
    let (read, diagnostics) = read_with(&resource, Value::Null, vec![1]).await;
    assert!(diagnostics.is_empty());
    assert_eq!(
        read,
        NewState {
            state: Some(Value::Null),
            private: vec![1],
        }
    );
    assert!(resource.calls().is_empty());
}

#[tokio::test]
async fn a_read_answers_the_new_state_and_private_state() {
    let mut resource = FakeResource::new();
    let refreshed = FakeResource::state("b", Value::string("id-1"));
    resource.read = Outcome::Answer(StateResponse {
        state: Some(refreshed.clone()),
        private: Some(b"new".to_vec()),
        ..StateResponse::default()
    });
    let (read, diagnostics) = read_with(&resource, known(), b"old".to_vec()).await;
    assert!(diagnostics.is_empty());
    assert_eq!(read.state, Some(refreshed));
    assert_eq!(read.private, b"new");
}

#[tokio::test]
async fn a_read_without_private_state_keeps_the_old_one() {
    let mut resource = FakeResource::new();
    resource.read = answer(Some(known()));
    let (read, diagnostics) = read_with(&resource, known(), b"old".to_vec()).await;
    assert!(diagnostics.is_empty());
    assert_eq!(read.private, b"old");
}

#[tokio::test]
async fn a_read_that_finds_nothing_answers_null() {
    let mut resource = FakeResource::new();
    resource.read = answer(None);
    let mut diagnostics = Diagnostics::default();
    let read = read(&resource, known(), vec![], &running(), &mut diagnostics).await;
    assert_eq!(read.state, Some(Value::Null));
}

#[tokio::test]
async fn a_failed_read_keeps_the_current_state_and_private_state() {
    let mut resource = FakeResource::new();
    resource.read = Outcome::Answer(StateResponse {
        state: None,
        private: Some(b"new".to_vec()),
        diagnostics: failed().diagnostics,
    });
    let (read, diagnostics) = read_with(&resource, known(), b"old".to_vec()).await;
    assert_eq!(
        read,
        NewState {
            state: Some(known()),
            private: b"old".to_vec(),
        }
    );
    assert_eq!(summaries(&diagnostics), ["AWS said no"]);
}

#[tokio::test]
async fn a_stopped_read_keeps_the_current_state() {
    let mut resource = FakeResource::new();
    resource.read = Outcome::Hang;
    let mut diagnostics = Diagnostics::default();
    let read = read(&resource, known(), vec![], &stopped(), &mut diagnostics).await;
    assert_eq!(read.state, Some(known()));
    assert_eq!(summaries(&diagnostics), ["Operation cancelled"]);
    assert_eq!(diagnostics.0[0].severity, Severity::Error);
}

#[tokio::test]
async fn a_read_that_leaves_unknowns_answers_no_state() {
    let mut resource = FakeResource::new();
    resource.read = answer(Some(FakeResource::state("a", Value::Unknown)));
    let mut diagnostics = Diagnostics::default();
    let read = read(&resource, known(), vec![], &running(), &mut diagnostics).await;
    assert_eq!(read.state, None);
    assert_eq!(
        summaries(&diagnostics),
        ["Provider produced an incomplete state"]
    );
    assert_eq!(
        diagnostics.0[0].detail,
        "ReadResource left unknown values in the resource state. This is a bug in the provider."
    );
}

#[tokio::test]
async fn a_delete_answers_null() {
    let mut resource = FakeResource::new();
    resource.delete = answer(None);
    let (applied, _) = apply_plan(&resource, known(), Value::Null, &running()).await;
    assert_eq!(applied.state, Some(Value::Null));
    assert_eq!(resource.calls(), ["delete"]);
}

#[tokio::test]
async fn a_failed_delete_keeps_the_prior_state() {
    let mut resource = FakeResource::new();
    resource.delete = failure();
    let (applied, diagnostics) = apply_plan(&resource, known(), Value::Null, &running()).await;
    assert_eq!(applied.state, Some(known()));
    assert_eq!(summaries(&diagnostics), ["AWS said no"]);
}

#[tokio::test]
async fn a_stopped_delete_keeps_the_prior_state() {
    let mut resource = FakeResource::new();
    resource.delete = Outcome::Hang;
    let (applied, diagnostics) = apply_plan(&resource, known(), Value::Null, &stopped()).await;
    assert_eq!(applied.state, Some(known()));
    assert_eq!(summaries(&diagnostics), ["Operation cancelled"]);
}

#[tokio::test]
async fn a_create_is_not_abandoned_on_stop() {
    let mut resource = FakeResource::new();
    resource.create = answer(Some(known()));
    let planned = FakeResource::state("a", Value::Unknown);
    let (applied, diagnostics) = apply_plan(&resource, Value::Null, planned, &stopped()).await;
    assert_eq!(applied.state, Some(known()));
    assert!(diagnostics.is_empty());
    assert_eq!(resource.calls(), ["create"]);
}

#[tokio::test]
async fn a_failed_create_answers_null() {
    let mut resource = FakeResource::new();
    resource.create = failure();
    let planned = FakeResource::state("a", Value::Unknown);
    let (applied, diagnostics) = apply_plan(&resource, Value::Null, planned, &running()).await;
    assert_eq!(applied.state, Some(Value::Null));
    assert_eq!(summaries(&diagnostics), ["AWS said no"]);
}

#[tokio::test]
async fn an_update_without_an_object_keeps_the_prior_state() {
    let mut resource = FakeResource::new();
    resource.update = failure();
    let planned = FakeResource::state("b", Value::string("id-1"));
    let (applied, _) = apply_plan(&resource, known(), planned, &running()).await;
    assert_eq!(applied.state, Some(known()));
    assert_eq!(resource.calls(), ["update"]);
}

#[tokio::test]
async fn a_stopped_update_keeps_the_prior_state() {
    let mut resource = FakeResource::new();
    resource.update = Outcome::Hang;
    let planned = FakeResource::state("b", Value::string("id-1"));
    let (applied, diagnostics) = apply_plan(&resource, known(), planned, &stopped()).await;
    assert_eq!(applied.state, Some(known()));
    assert_eq!(summaries(&diagnostics), ["Operation cancelled"]);
}

#[tokio::test]
async fn an_apply_that_leaves_unknowns_answers_no_state() {
    let mut resource = FakeResource::new();
    resource.create = answer(Some(FakeResource::state("a", Value::Unknown)));
    let planned = FakeResource::state("a", Value::Unknown);
    let (applied, diagnostics) = apply_plan(&resource, Value::Null, planned, &running()).await;
    assert_eq!(applied.state, None);
    assert_eq!(
        diagnostics.0[0].detail,
        "ApplyResourceChange left unknown values in the resource state. This is a bug in the \
         provider."
    );
}

#[tokio::test]
async fn an_apply_stores_the_planned_private_state_not_the_operations() {
    let mut resource = FakeResource::new();
    resource.create = Outcome::Answer(StateResponse {
        state: Some(known()),
        private: Some(b"from create".to_vec()),
        ..StateResponse::default()
    });
    let mut diagnostics = Diagnostics::default();
    let planned = FakeResource::state("a", Value::Unknown);
    let private = b"planned".to_vec();
    let applied = apply(
        &resource,
        Value::Null,
        planned,
        &Value::Null,
        private,
        &running(),
        &mut diagnostics,
    )
    .await;
    assert_eq!(applied.private, b"planned");
}

#[tokio::test]
async fn an_import_answers_the_stub_and_its_private_state() {
    let mut resource = FakeResource::new();
    resource.import = Outcome::Answer(StateResponse {
        state: Some(known()),
        private: Some(b"imported".to_vec()),
        ..StateResponse::default()
    });
    let mut diagnostics = Diagnostics::default();
    let imported = import(&resource, "id-1", &running(), &mut diagnostics).await;
    assert_eq!(
        imported,
        Some(Imported {
            state: known(),
            private: b"imported".to_vec(),
        })
    );
}

#[tokio::test]
async fn an_import_with_an_error_answers_nothing() {
    let mut resource = FakeResource::new();
    resource.import = Outcome::Answer(StateResponse {
        state: Some(known()),
        ..failed()
    });
    let mut diagnostics = Diagnostics::default();
    let imported = import(&resource, "id-1", &running(), &mut diagnostics).await;
    assert_eq!(imported, None);
    assert_eq!(summaries(&diagnostics), ["AWS said no"]);
}

#[tokio::test]
async fn a_stopped_import_answers_nothing() {
    let mut resource = FakeResource::new();
    resource.import = Outcome::Hang;
    let mut diagnostics = Diagnostics::default();
    let imported = import(&resource, "id-1", &stopped(), &mut diagnostics).await;
    assert_eq!(imported, None);
    assert_eq!(summaries(&diagnostics), ["Operation cancelled"]);
}

#[test]
fn moving_state_is_refused() {
    let mut diagnostics = Diagnostics::default();
    move_state("aws_a", "fake_thing", &mut diagnostics);
    assert_eq!(summaries(&diagnostics), ["Move not supported"]);
    assert_eq!(
        diagnostics.0[0].detail,
        "This provider cannot move state from \"aws_a\" into \"fake_thing\". Remove the moved \
         block and import the object instead."
    );
}

/// The fake as a data source and as an ephemeral resource: one rule serves both.
fn readers(fake: &FakeDataSource) -> [Reader<'_>; 2] {
    [Reader::DataSource(fake), Reader::Ephemeral(fake)]
}

/// What a read of `config` answers when the fake answers `outcome`, with the
/// diagnostics' summaries; the same for both kinds of reader, or the test fails.
async fn read_as_both(
    outcome: Outcome,
    config: &Value,
    stop: &CancellationToken,
) -> (Option<Value>, Vec<String>) {
    let mut fake = FakeDataSource::new();
    fake.read = outcome;
    let mut answers = Vec::new();
    for reader in readers(&fake) {
        let mut diagnostics = Diagnostics::default();
        let object = read_object(reader, config, stop, &mut diagnostics).await;
        let summaries = summaries(&diagnostics).into_iter().map(str::to_owned);
        answers.push((object, summaries.collect::<Vec<_>>()));
    }
    assert_eq!(
        answers[0], answers[1],
        "a data source and an ephemeral resource differ"
    );
    answers.remove(0)
}

fn name_config() -> Value {
    FakeResource::state("a", Value::Null)
}

#[test]
fn reader_validation_runs_the_schema_validators_then_its_own_checks() {
    let fake = FakeDataSource::new();
    let too_long = FakeResource::state("much too long", Value::Null);
    for reader in readers(&fake) {
        let mut diagnostics = Diagnostics::default();
        validate_reader_config(reader, &too_long, &mut diagnostics);
        assert_eq!(
            summaries(&diagnostics),
            ["Invalid Attribute Value Length", "Own check"]
        );
    }
}

#[tokio::test]
async fn a_read_answers_its_object() {
    let read = read_as_both(answer(Some(known())), &name_config(), &running()).await;
    assert_eq!(read, (Some(known()), vec![]));
}

#[tokio::test]
async fn a_failed_read_answers_no_object() {
    let mut failed_with_state = failed();
    failed_with_state.state = Some(known());
    let outcome = Outcome::Answer(failed_with_state);
    let read = read_as_both(outcome, &name_config(), &running()).await;
    assert_eq!(read, (None, vec!["AWS said no".to_owned()]));
}

#[tokio::test]
async fn a_read_with_neither_object_nor_error_is_a_provider_bug() {
    let read = read_as_both(answer(None), &name_config(), &running()).await;
    assert_eq!(read, (None, vec!["Provider produced no object".to_owned()]));
}

#[tokio::test]
async fn a_read_that_leaves_unknowns_answers_no_object() {
    let outcome = answer(Some(FakeResource::state("a", Value::Unknown)));
    let read = read_as_both(outcome, &name_config(), &running()).await;
    let incomplete = "Provider produced an incomplete state".to_owned();
    assert_eq!(read, (None, vec![incomplete]));
}

#[tokio::test]
async fn a_stopped_read_answers_no_object() {
    let read = read_as_both(Outcome::Hang, &name_config(), &stopped()).await;
    assert_eq!(read, (None, vec!["Operation cancelled".to_owned()]));
}

#[tokio::test]
async fn a_read_of_an_unknown_configuration_is_refused_without_calling_it() {
    let config = FakeResource::state("a", Value::Unknown);
    let read = read_as_both(Outcome::Unexpected, &config, &running()).await;
    assert_eq!(read, (None, vec!["Configuration not known yet".to_owned()]));
}

/// `known()` with a write-only token, as a configuration or a careless answer has it.
fn with_token() -> Value {
    let mut value = known();
    value.set_attr("token", Value::string("t0ken"));
    value
}

#[test]
fn write_only_values_are_refused_for_clients_that_cannot_send_them() {
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    validate_resource_config(&resource, &with_token(), true, &mut diagnostics);
    assert_eq!(summaries(&diagnostics), ["Own check"]);
    let mut diagnostics = Diagnostics::default();
    validate_resource_config(&resource, &with_token(), false, &mut diagnostics);
    assert_eq!(
        summaries(&diagnostics),
        ["Write-only attribute not supported", "Own check"]
    );
    assert_eq!(diagnostics.0[0].path, Some(Path::root("token")));
    let mut diagnostics = Diagnostics::default();
    validate_resource_config(&resource, &known(), false, &mut diagnostics);
    assert_eq!(summaries(&diagnostics), ["Own check"], "unset is fine");
}

#[tokio::test]
async fn a_plan_never_holds_a_write_only_value() {
    let resource = FakeResource::new();
    let (planned, diagnostics) = plan_create(&resource, &with_token()).await;
    assert!(diagnostics.is_empty());
    assert_eq!(planned.state.attr("token"), &Value::Null);
}

#[tokio::test]
async fn an_apply_gives_the_configurations_write_only_values_and_stores_none() {
    let mut resource = FakeResource::new();
    resource.create = answer(Some(with_token()));
    let mut diagnostics = Diagnostics::default();
    let applied = apply(
        &resource,
        Value::Null,
        known(),
        &with_token(),
        vec![],
        &running(),
        &mut diagnostics,
    )
    .await;
    assert_eq!(resource.planned_seen.lock().unwrap()[0], with_token());
    assert_eq!(
        applied.state,
        Some(known()),
        "the answer's token is dropped"
    );
}

#[tokio::test]
async fn reads_and_imports_answer_no_write_only_value() {
    let mut resource = FakeResource::new();
    resource.read = answer(Some(with_token()));
    resource.import = answer(Some(with_token()));
    let mut diagnostics = Diagnostics::default();
    let read = read(&resource, known(), vec![], &running(), &mut diagnostics).await;
    assert_eq!(read.state, Some(known()));
    let imported = import(&resource, "id-1", &running(), &mut diagnostics).await;
    assert_eq!(imported.map(|i| i.state), Some(known()));
}
