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
    let mut diagnostics = Diagnostics::default();
    let applied = apply(
        resource,
        prior,
        planned,
        &Value::Null,
        vec![],
        stop,
        &mut diagnostics,
    )
    .await;
    (applied, diagnostics)
}

fn known() -> Value {
    FakeResource::state("a", Value::string("id-1"))
}

#[test]
fn an_unknown_resource_type_is_an_error() {
    let provider = FakeProvider::new(FakeResource::new());
    let mut diagnostics = Diagnostics::default();
    assert!(find_resource(&provider, TYPE_NAME, &mut diagnostics).is_some());
    assert!(find_resource(&provider, "fake_other", &mut diagnostics).is_none());
    assert_eq!(diagnostics.0.len(), 1);
    assert_eq!(diagnostics.0[0].summary, "Unknown resource type");
    assert_eq!(
        diagnostics.0[0].detail,
        "This provider does not serve the resource type \"fake_other\"."
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
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let stored = StoredState {
        version: 2,
        json: br#"{"name":"a"}"#,
        flatmap: false,
    };
    assert_eq!(upgrade_state(&resource, &stored, &mut diagnostics), None);
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
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let stored = StoredState {
        version: 1,
        json: b"",
        flatmap: true,
    };
    assert_eq!(upgrade_state(&resource, &stored, &mut diagnostics), None);
    assert_eq!(summaries(&diagnostics), ["Unsupported state format"]);
}

#[test]
fn no_stored_state_upgrades_to_null() {
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let stored = StoredState {
        version: 0,
        json: b"",
        flatmap: false,
    };
    assert_eq!(
        upgrade_state(&resource, &stored, &mut diagnostics),
        Some(Value::Null)
    );
    assert!(diagnostics.is_empty());
}

#[test]
fn an_upgrade_drops_unknown_keys_and_nulls_missing_ones() {
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let stored = StoredState {
        version: 1,
        json: br#"{"name":"a","gone":true}"#,
        flatmap: false,
    };
    assert_eq!(
        upgrade_state(&resource, &stored, &mut diagnostics),
        Some(FakeResource::state("a", Value::Null))
    );
    assert!(diagnostics.is_empty());
}

#[test]
fn an_undecodable_stored_state_is_an_error() {
    let resource = FakeResource::new();
    let mut diagnostics = Diagnostics::default();
    let stored = StoredState {
        version: 1,
        json: b"{",
        flatmap: false,
    };
    assert_eq!(upgrade_state(&resource, &stored, &mut diagnostics), None);
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
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let planned = plan(
        &resource,
        &Value::Null,
        &config,
        &config,
        vec![],
        &mut diagnostics,
    )
    .await;
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
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let planned = plan(
        &resource,
        &Value::Null,
        &config,
        &config,
        vec![],
        &mut diagnostics,
    )
    .await;
    assert_eq!(planned.state.attr("zone"), &Value::string("z1"));
    assert!(diagnostics.is_empty());
}

#[tokio::test]
async fn a_plan_without_the_providers_values_reports_why_and_goes_on() {
    let mut resource = FakeResource::new();
    let mut unavailable = Diagnostics::default();
    unavailable.error("AWS configuration incomplete", "No region.");
    resource.provider = Err(unavailable);
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let planned = plan(
        &resource,
        &Value::Null,
        &config,
        &config,
        vec![],
        &mut diagnostics,
    )
    .await;
    assert_eq!(summaries(&diagnostics), ["AWS configuration incomplete"]);
    assert!(
        planned.state.attr("zone").is_unknown(),
        "no default was invented"
    );
    assert_eq!(resource.calls(), ["provider_values", "modify_plan"]);
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
    let mut diagnostics = Diagnostics::default();
    let read = read(
        &resource,
        Value::Null,
        vec![1],
        &running(),
        &mut diagnostics,
    )
    .await;
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
    let mut diagnostics = Diagnostics::default();
    let read = read(
        &resource,
        known(),
        b"old".to_vec(),
        &running(),
        &mut diagnostics,
    )
    .await;
    assert_eq!(read.state, Some(refreshed));
    assert_eq!(read.private, b"new");
}

#[tokio::test]
async fn a_read_without_private_state_keeps_the_old_one() {
    let mut resource = FakeResource::new();
    resource.read = answer(Some(known()));
    let mut diagnostics = Diagnostics::default();
    let read = read(
        &resource,
        known(),
        b"old".to_vec(),
        &running(),
        &mut diagnostics,
    )
    .await;
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
    let mut diagnostics = Diagnostics::default();
    let read = read(
        &resource,
        known(),
        b"old".to_vec(),
        &running(),
        &mut diagnostics,
    )
    .await;
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

#[test]
fn an_unknown_data_source_type_is_an_error() {
    let provider = FakeProvider::new(FakeResource::new());
    let mut diagnostics = Diagnostics::default();
    assert!(find_data_source(&provider, TYPE_NAME, &mut diagnostics).is_some());
    assert!(find_data_source(&provider, "fake_other", &mut diagnostics).is_none());
    assert_eq!(summaries(&diagnostics), ["Unknown data source type"]);
    assert_eq!(
        diagnostics.0[0].detail,
        "This provider does not serve the data source type \"fake_other\"."
    );
}

#[test]
fn data_source_validation_runs_the_schema_validators_then_its_own_checks() {
    let data_source = FakeDataSource::new();
    let mut diagnostics = Diagnostics::default();
    let too_long = FakeResource::state("much too long", Value::Null);
    validate_data_source_config(&data_source, &too_long, &mut diagnostics);
    assert_eq!(
        summaries(&diagnostics),
        ["Invalid Attribute Value Length", "Own check"]
    );
}

#[tokio::test]
async fn a_data_source_read_answers_its_state() {
    let mut data_source = FakeDataSource::new();
    data_source.read = answer(Some(known()));
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let state = read_data_source(&data_source, &config, &running(), &mut diagnostics).await;
    assert_eq!(state, Some(known()));
    assert!(diagnostics.is_empty());
}

#[tokio::test]
async fn a_failed_data_source_read_answers_no_state() {
    let mut data_source = FakeDataSource::new();
    let mut failed_with_state = failed();
    failed_with_state.state = Some(known());
    data_source.read = Outcome::Answer(failed_with_state);
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let state = read_data_source(&data_source, &config, &running(), &mut diagnostics).await;
    assert_eq!(state, None);
    assert_eq!(summaries(&diagnostics), ["AWS said no"]);
}

#[tokio::test]
async fn a_data_source_read_with_neither_state_nor_error_is_a_provider_bug() {
    let mut data_source = FakeDataSource::new();
    data_source.read = answer(None);
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let state = read_data_source(&data_source, &config, &running(), &mut diagnostics).await;
    assert_eq!(state, None);
    assert_eq!(summaries(&diagnostics), ["Provider produced no object"]);
}

#[tokio::test]
async fn a_data_source_read_that_leaves_unknowns_answers_no_state() {
    let mut data_source = FakeDataSource::new();
    data_source.read = answer(Some(FakeResource::state("a", Value::Unknown)));
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let state = read_data_source(&data_source, &config, &running(), &mut diagnostics).await;
    assert_eq!(state, None);
    assert_eq!(
        summaries(&diagnostics),
        ["Provider produced an incomplete state"]
    );
}

#[tokio::test]
async fn a_stopped_data_source_read_answers_no_state() {
    let mut data_source = FakeDataSource::new();
    data_source.read = Outcome::Hang;
    let mut diagnostics = Diagnostics::default();
    let config = FakeResource::state("a", Value::Null);
    let state = read_data_source(&data_source, &config, &stopped(), &mut diagnostics).await;
    assert_eq!(state, None);
    assert_eq!(summaries(&diagnostics), ["Operation cancelled"]);
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
    let mut diagnostics = Diagnostics::default();
    let config = with_token();
    let planned = plan(
        &resource,
        &Value::Null,
        &config,
        &config,
        vec![],
        &mut diagnostics,
    )
    .await;
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

#[test]
fn an_unknown_ephemeral_resource_type_is_an_error() {
    let provider = FakeProvider::new(FakeResource::new());
    let mut diagnostics = Diagnostics::default();
    assert!(find_ephemeral_resource(&provider, TYPE_NAME, &mut diagnostics).is_some());
    assert!(find_ephemeral_resource(&provider, "fake_other", &mut diagnostics).is_none());
    assert_eq!(summaries(&diagnostics), ["Unknown ephemeral resource type"]);
}

#[tokio::test]
async fn an_ephemeral_open_answers_its_result_or_nothing_when_stopped() {
    let mut ephemeral = FakeDataSource::new();
    ephemeral.read = answer(Some(known()));
    let config = FakeResource::state("a", Value::Null);
    let mut diagnostics = Diagnostics::default();
    validate_ephemeral_config(&ephemeral, &config, &mut diagnostics);
    assert_eq!(summaries(&diagnostics), ["Own check"]);
    let mut diagnostics = Diagnostics::default();
    let opened = open_ephemeral(&ephemeral, &config, &running(), &mut diagnostics).await;
    assert_eq!(opened, Some(known()));
    assert!(diagnostics.is_empty());
    ephemeral.read = Outcome::Hang;
    let opened = open_ephemeral(&ephemeral, &config, &stopped(), &mut diagnostics).await;
    assert_eq!(opened, None);
    assert_eq!(summaries(&diagnostics), ["Operation cancelled"]);
}

#[tokio::test]
async fn a_read_or_open_of_an_unknown_configuration_is_refused_without_calling_it() {
    let data_source = FakeDataSource::new();
    let config = FakeResource::state("a", Value::Unknown);
    let mut diagnostics = Diagnostics::default();
    let read = read_data_source(&data_source, &config, &running(), &mut diagnostics).await;
    let opened = open_ephemeral(&data_source, &config, &running(), &mut diagnostics).await;
    assert_eq!(
        (read, opened),
        (None, None),
        "Outcome::Unexpected was not reached"
    );
    assert_eq!(
        summaries(&diagnostics),
        ["Configuration not known yet", "Configuration not known yet"]
    );
}
