//! StopProvider while the provider's pacing holds requests back (issue 4): pending
//! reads must end at once with "Operation cancelled", not after the pacing lets
//! them through, and the server must keep serving; a create already sent must still
//! report the client it made, while the creates waiting behind it are not sent.
//!
//! The provider is launched as Terraform does (`test_support::plugin`) against its
//! own Cognito backend (`test_support::backend`).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use terraform_provider_aws::proto::tfplugin6::{
    self as tf, diagnostic::Severity, provider_client::ProviderClient,
};
use test_support::backend::{with_secret, Backend, REGION};
use test_support::bridge::{empty_value, provider_config, RESOURCE};
use test_support::plugin::{msgpack, Plugin};
use tonic::transport::Channel;

const CLIENTS: usize = 20;
/// One Describe per second on the pool: 20 reads would take about 20 s.
const PER_POOL_RPS: u32 = 1;
/// How soon after StopProvider every pending read must have answered.
const STOP_DEADLINE: Duration = Duration::from_secs(1);
/// How long each of the first two reads may take (the provider loads its AWS configuration on
/// first use); generous for a loaded CI machine.
const FIRST_ANSWERS_TIMEOUT: Duration = Duration::from_secs(20);

fn errors(diagnostics: &[tf::Diagnostic]) -> Vec<&tf::Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error as i32)
        .collect()
}

/// A provider launched as Terraform does, configured for its own backend with one
/// request per second per operation and pool.
struct Setup {
    backend: Backend,
    plugin: Plugin,
    provider: ProviderClient<Channel>,
    resource_block: tf::schema::Block,
}

async fn paced_provider() -> Setup {
    let backend = tokio::task::spawn_blocking(Backend::start);
    let plugin = Plugin::start()
        .await
        .expect("the provider starts and accepts the connection");
    let backend = backend.await.expect("the backend starts");
    let mut provider = plugin.provider();
    let schema = plugin.schema().await;
    let provider_block = schema
        .provider
        .as_ref()
        .and_then(|s| s.block.as_ref())
        .expect("a provider schema");
    let mut config = provider_config(provider_block, &json!(backend.url()));
    config["client_requests_per_second_per_pool"] = json!(PER_POOL_RPS);
    let configured = provider
        .configure_provider(tf::configure_provider::Request {
            terraform_version: "1.11.4".into(),
            config: Some(msgpack::dynamic(&config)),
            client_capabilities: None,
        })
        .await
        .expect("ConfigureProvider answers")
        .into_inner();
    assert!(
        errors(&configured.diagnostics).is_empty(),
        "ConfigureProvider: {:?}",
        configured.diagnostics
    );
    let resource_block = schema.resource_schemas[RESOURCE]
        .block
        .clone()
        .expect("a resource schema");
    Setup {
        backend,
        plugin,
        provider,
        resource_block,
    }
}

/// What Terraform sends to refresh a client it has just imported: the id, the pool
/// and the region, everything else unset.
fn read_request(block: &tf::schema::Block, pool: &str, id: &str) -> tf::read_resource::Request {
    let mut state = empty_value(block);
    state["id"] = json!(id);
    state["user_pool_id"] = json!(pool);
    state["region"] = json!(REGION);
    tf::read_resource::Request {
        type_name: RESOURCE.into(),
        current_state: Some(msgpack::dynamic(&state)),
        ..Default::default()
    }
}

/// One ReadResource: when its answer arrived, and the answer.
type Answer = (Instant, Result<tf::read_resource::Response, tonic::Status>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_provider_during_paced_refresh_returns_within_one_second() {
    let Setup {
        backend,
        plugin,
        mut provider,
        resource_block,
    } = paced_provider().await;
    let pool = backend.create_user_pool("stop").await;
    let mut ids = Vec::new();
    for i in 0..CLIENTS {
        let client = backend
            .create_client(&pool, &format!("stop-{i}"), with_secret)
            .await;
        ids.push(client.client_id.expect("a client id"));
    }

    let (sender, mut answers) = tokio::sync::mpsc::unbounded_channel::<Answer>();
    let fired = Instant::now();
    for id in &ids {
        let request = read_request(&resource_block, &pool, id);
        let mut client = provider.clone();
        let sender = sender.clone();
        tokio::spawn(async move {
            let answer = client
                .read_resource(request)
                .await
                .map(tonic::Response::into_inner);
            let _ = sender.send((Instant::now(), answer));
        });
    }
    drop(sender);

    // Let the pacing answer the first two reads (at about 0 s and 1 s), then stop
    // half-way to the third: about 1.5 s into the refresh.
    let mut received: Vec<Answer> = Vec::new();
    while received.len() < 2 {
        let answer = tokio::time::timeout(FIRST_ANSWERS_TIMEOUT, answers.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "no ReadResource answered within {FIRST_ANSWERS_TIMEOUT:?}; stderr:\n{}",
                    plugin.stderr()
                )
            })
            .expect("an answer");
        received.push(answer);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    while let Ok(answer) = answers.try_recv() {
        received.push(answer);
    }

    let stop_sent = Instant::now();
    let stopped = provider
        .stop_provider(tf::stop_provider::Request {})
        .await
        .expect("StopProvider answers")
        .into_inner();
    assert_eq!(stopped.error, "", "StopProvider's error field");
    let answered_before_stop = received.len();
    assert!(
        answered_before_stop <= 3,
        "{answered_before_stop} of {CLIENTS} reads answered before StopProvider: the pacing of \
         {PER_POOL_RPS} per second did not hold them back, so this test proves nothing"
    );

    // Every pending read answers within the deadline.
    let deadline = tokio::time::Instant::from_std(stop_sent + STOP_DEADLINE);
    while received.len() < CLIENTS {
        match tokio::time::timeout_at(deadline, answers.recv()).await {
            Ok(Some(answer)) => received.push(answer),
            Ok(None) => panic!("a ReadResource task ended without an answer"),
            Err(_) => panic!(
                "{} of {CLIENTS} reads still pending {STOP_DEADLINE:?} after StopProvider; \
                 stderr:\n{}",
                CLIENTS - received.len(),
                plugin.stderr()
            ),
        }
    }

    // Answered before the stop: read. After it: cancelled, or (a read that was
    // already on the wire) read.
    let mut problems = Vec::new();
    let (mut cancelled, mut latest) = (0, Duration::ZERO);
    for (index, (at, answer)) in received.iter().enumerate() {
        let response = match answer {
            Ok(response) => response,
            Err(status) => {
                problems.push(format!("read {index}: gRPC error {status:?}"));
                continue;
            }
        };
        let errors = errors(&response.diagnostics);
        let read = errors.is_empty() && response.new_state.is_some();
        if index < answered_before_stop {
            if !read {
                problems.push(format!("read {index} before the stop failed: {errors:?}"));
            }
            continue;
        }
        let after_stop = at.saturating_duration_since(stop_sent);
        latest = latest.max(after_stop);
        if after_stop > STOP_DEADLINE {
            problems.push(format!(
                "read {index} answered {after_stop:?} after StopProvider"
            ));
        }
        if errors.iter().any(|d| d.summary == "Operation cancelled") {
            cancelled += 1;
        } else if !read {
            problems.push(format!(
                "read {index} after the stop: neither read nor \"Operation cancelled\": {:?}",
                response.diagnostics
            ));
        }
    }
    let finished = CLIENTS - answered_before_stop - cancelled;
    if finished > 1 {
        problems.push(format!(
            "{finished} reads pending at StopProvider still read their client instead of being \
             cancelled"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!(
        "StopProvider {:.2} s after the reads were sent: {answered_before_stop} answered before \
         it, {cancelled} cancelled, {finished} finished after it; the last answer {:.0} ms after it",
        (stop_sent - fired).as_secs_f64(),
        latest.as_secs_f64() * 1000.0
    );

    // The cancelled reads never reach AWS (one may have been on the wire).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let described = backend.call_count("DescribeUserPoolClient").await;
    assert!(
        described <= (answered_before_stop + finished) as u64 + 1,
        "{described} DescribeUserPoolClient calls reached the backend, though only \
         {} reads were answered",
        answered_before_stop + finished
    );

    let schema_again = provider
        .get_provider_schema(tf::get_provider_schema::Request {})
        .await;
    assert!(
        schema_again.is_ok(),
        "GetProviderSchema after StopProvider: {schema_again:?}; stderr:\n{}",
        plugin.stderr()
    );

    // The stop ended the operations running then, not the provider: a read that
    // Terraform starts afterwards (a reattached provider serves later commands) is
    // answered, without waiting behind the slots the cancelled reads had booked.
    let started = Instant::now();
    let again = tokio::time::timeout(
        FIRST_ANSWERS_TIMEOUT,
        provider.read_resource(read_request(&resource_block, &pool, &ids[0])),
    )
    .await
    .expect("a read after StopProvider answers")
    .expect("ReadResource after StopProvider")
    .into_inner();
    assert!(
        errors(&again.diagnostics).is_empty(),
        "a read after StopProvider: {:?}",
        again.diagnostics
    );
    let state = msgpack::decode(&again.new_state.expect("a new state").msgpack)
        .expect("the new state decodes");
    assert_eq!(state["id"], json!(ids[0]), "the read after StopProvider");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the read after StopProvider took {:?}: it waited behind abandoned bookings",
        started.elapsed()
    );
}

/// How long the backend holds each create before making the client: the first
/// create is still on the wire when StopProvider arrives.
const CREATE_LATENCY_MS: u64 = 1500;
/// How long the create already sent may take to answer after StopProvider.
const SENT_CREATE_DEADLINE: Duration = Duration::from_secs(20);

/// Why a create waiting for the pacing when Terraform stopped the provider was not sent.
const NOT_SENT: &str = "Terraform asked the provider to stop (for example after Ctrl-C) while the \
                        request waited for its turn or for a retry, so it was not sent (again)";

/// Three creates at one per second: the first is sent and held by the backend, the
/// other two wait for the pacing. StopProvider then ends the two waits within a
/// second, with nothing sent, while the first still reports the client it made, so
/// that Terraform records it; the pool ends with exactly that one client.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_provider_during_paced_creates_keeps_the_sent_one_and_sends_no_other() {
    stop_during_paced_creates(json!({
        "latency_ms": CREATE_LATENCY_MS,
        "operations": ["CreateUserPoolClient"],
    }))
    .await;
}

/// As above, but the create on the wire is processed and then answered with a 500:
/// whether it made the client is unknown, and the lookup that settles it runs
/// although the provider was stopped, so the client it made is found and recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_provider_during_an_ambiguous_create_still_finds_its_client() {
    stop_during_paced_creates(json!({
        "latency_ms": CREATE_LATENCY_MS,
        "rate": 1.0,
        "kinds": ["internal_error_after"],
        "operations": ["CreateUserPoolClient"],
    }))
    .await;
}

/// Three paced creates with the backend's `faults` on CreateUserPoolClient, and
/// StopProvider as soon as the first has reached the backend.
async fn stop_during_paced_creates(faults: Value) {
    const CREATES: usize = 3;
    let Setup {
        backend,
        plugin,
        provider,
        resource_block,
    } = paced_provider().await;
    let pool = backend.create_user_pool("stop-create").await;
    backend.set_faults(&faults).await;

    // What Terraform sends to create a client of this configuration.
    let (sender, mut answers) = tokio::sync::mpsc::unbounded_channel();
    for i in 0..CREATES {
        let mut planned = empty_value(&resource_block);
        planned["name"] = json!(format!("stop-create-{i}"));
        planned["user_pool_id"] = json!(pool);
        planned["region"] = json!(REGION);
        let mut client = provider.clone();
        let sender = sender.clone();
        tokio::spawn(async move {
            let answer = client
                .apply_resource_change(tf::apply_resource_change::Request {
                    type_name: RESOURCE.into(),
                    prior_state: Some(msgpack::dynamic(&Value::Null)),
                    planned_state: Some(msgpack::dynamic(&planned)),
                    config: Some(msgpack::dynamic(&planned)),
                    ..Default::default()
                })
                .await
                .map(tonic::Response::into_inner);
            let _ = sender.send((i, Instant::now(), answer));
        });
    }
    drop(sender);

    // Readiness, not a fixed sleep: the backend has received the first create.
    let waited = Instant::now();
    while backend.call_count("CreateUserPoolClient").await == 0 {
        assert!(
            waited.elapsed() < FIRST_ANSWERS_TIMEOUT,
            "no create reached the backend within {FIRST_ANSWERS_TIMEOUT:?}; stderr:\n{}",
            plugin.stderr()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let stop_sent = Instant::now();
    let mut stopper = provider.clone();
    stopper
        .stop_provider(tf::stop_provider::Request {})
        .await
        .expect("StopProvider answers");

    let mut made = Vec::new();
    let mut not_sent = Vec::new();
    let deadline = tokio::time::Instant::from_std(stop_sent + SENT_CREATE_DEADLINE);
    for _ in 0..CREATES {
        let (i, at, answer) = tokio::time::timeout_at(deadline, answers.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "a create was still pending {SENT_CREATE_DEADLINE:?} after StopProvider; \
                     stderr:\n{}",
                    plugin.stderr()
                )
            })
            .expect("an answer");
        let response = answer.unwrap_or_else(|status| panic!("create {i}: gRPC error {status:?}"));
        let state = response
            .new_state
            .as_ref()
            .map(|v| msgpack::decode(&v.msgpack).expect("the new state decodes"))
            .unwrap_or(Value::Null);
        let errors = errors(&response.diagnostics);
        if errors.is_empty() {
            made.push((i, at, state["id"].as_str().unwrap_or_default().to_string()));
            continue;
        }
        let after_stop = at.saturating_duration_since(stop_sent);
        assert!(
            after_stop <= STOP_DEADLINE,
            "create {i} waiting for the pacing answered {after_stop:?} after StopProvider"
        );
        let summary = format!("creating Cognito User Pool Client (stop-create-{i})");
        assert!(
            errors.len() == 1 && errors[0].summary == summary && errors[0].detail == NOT_SENT,
            "create {i}: not the stopped create's error: {errors:?}"
        );
        assert_eq!(
            state,
            Value::Null,
            "create {i} that was not sent has no state"
        );
        not_sent.push(i);
    }

    assert_eq!(
        made.len(),
        1,
        "creates that made a client (the one on the wire at StopProvider): {made:?}; not \
         sent: {not_sent:?}"
    );
    let (index, answered, id) = &made[0];
    assert!(
        *answered > stop_sent,
        "create {index} answered before StopProvider, so this test proves nothing"
    );
    assert_eq!(
        backend.call_count("CreateUserPoolClient").await,
        1,
        "creates that reached the backend"
    );
    let remote = backend
        .describe_client(&pool, id)
        .await
        .expect("the client in the create's answer exists");
    assert_eq!(
        remote.client_name,
        Some(format!("stop-create-{index}")),
        "the client in create {index}'s answer is the one it made"
    );
}
