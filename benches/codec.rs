//! Throughput of the schema-driven value codecs on a realistic state.
//!
//! Every RPC Terraform makes carries the resource's whole state as msgpack, often
//! several times (prior, proposed, planned, config), and `UpgradeResourceState`
//! carries it as JSON, so per-value codec cost is paid on every plan and apply. The
//! subject is a fully populated `aws_cognito_user_pool_client` state, built from the
//! schema itself so that the benchmark follows the schema as it changes. Each codec
//! is timed against a schema-less serde decode or encode of the same bytes into a
//! generic tree, measured in the same interleaved loop, so that ratios stay
//! comparable across machines.
//!
//! Run with `cargo bench --profile release --bench codec` (or `scripts/bench.sh`).
//! Environment:
//! - `BENCH_RUNS`: measured samples per operation (default 20; one extra warm-up
//!   round is discarded).
//!
//! Progress goes to stderr; stdout is only the markdown report.

use test_support::bench as common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context as _, Result};
use terraform_provider_aws::aws::CognitoClient;
use terraform_provider_aws::framework::codec::{decode_json, decode_msgpack, encode_msgpack};
use terraform_provider_aws::framework::resource::Resource as _;
use terraform_provider_aws::framework::schema::{Block, Nesting};
use terraform_provider_aws::framework::value::{Number, Type, Value};
use terraform_provider_aws::resources::user_pool_client::UserPoolClient;

const DEFAULT_RUNS: usize = 20;

/// A batch of iterations is grown until it takes at least this long, so that timer
/// resolution and loop overhead vanish while a whole run stays within seconds.
const MIN_BATCH: Duration = Duration::from_millis(50);

/// One timed operation. Boxed so that subjects and baselines share one loop; the
/// dynamic call costs nanoseconds against operations of microseconds.
struct Operation {
    label: &'static str,
    /// Size of the encoded form this operation reads or writes, for MB/s.
    bytes: usize,
    run: Box<dyn Fn()>,
    iterations: u64,
    /// Seconds per operation, one entry per measured round.
    samples: Vec<f64>,
}

impl Operation {
    fn new(label: &'static str, bytes: usize, run: impl Fn() + 'static) -> Self {
        Operation {
            label,
            bytes,
            run: Box::new(run),
            iterations: 1,
            samples: Vec::new(),
        }
    }

    fn batch(&self) -> Duration {
        let start = Instant::now();
        for _ in 0..self.iterations {
            (self.run)();
        }
        start.elapsed()
    }

    /// Doubles the batch until it lasts [`MIN_BATCH`], hence at most about twice that.
    fn calibrate(&mut self) {
        while self.batch() < MIN_BATCH {
            self.iterations *= 2;
        }
    }

    fn sample(&self) -> f64 {
        self.batch().as_secs_f64() / self.iterations as f64
    }
}

/// A codec operation and the schema-less serde operation it is compared with.
struct Pair {
    subject: Operation,
    baseline: Operation,
}

fn main() -> Result<()> {
    let runs = common::runs_from_env(DEFAULT_RUNS)?;
    let schema = UserPoolClient::new(Arc::new(CognitoClient::default()))
        .schema()
        .clone();
    let ty = schema.ty().clone();
    let value = Sampler::default().block(&schema.block);
    ensure!(value.is_wholly_known(), "the sample state has unknowns");

    let msgpack = encode_msgpack(&value, &ty);
    let decoded = decode_msgpack(&msgpack, &ty).context("decoding our own msgpack")?;
    ensure!(decoded == value, "msgpack round trip changed the value");
    let tree: serde_json::Value =
        rmp_serde::from_slice(&msgpack).context("msgpack as a generic tree")?;
    // The generic tree of the msgpack is the JSON Terraform stores for this state.
    let json = serde_json::to_vec(&tree)?;
    let from_json = decode_json(&json, &ty).context("decoding the JSON state")?;
    ensure!(
        from_json == value,
        "the JSON state decodes to another value"
    );
    serde_json::from_slice::<serde_json::Value>(&json).context("JSON as a generic tree")?;
    let tree_msgpack = rmp_serde::to_vec(&tree).context("encoding the generic tree")?;

    let mut pairs = pairs(&value, &ty, &msgpack, &json, &tree, tree_msgpack.len());
    for pair in &mut pairs {
        eprintln!("calibrating {}", pair.subject.label);
        pair.subject.calibrate();
        pair.baseline.calibrate();
    }
    // Subjects and baselines alternate so that drift in machine load affects both
    // alike; the first round warms caches and allocator and is discarded.
    for round in 0..=runs {
        eprint!("\rround {round}/{runs}");
        for pair in &mut pairs {
            let subject = pair.subject.sample();
            let baseline = pair.baseline.sample();
            if round > 0 {
                pair.subject.samples.push(subject);
                pair.baseline.samples.push(baseline);
            }
        }
    }
    eprintln!();
    let sizes = [msgpack.len(), tree_msgpack.len(), json.len()];
    print!("{}", report(&pairs, sizes, runs));
    Ok(())
}

/// The three codec operations with their baselines; every closure owns its input.
fn pairs(
    value: &Value,
    ty: &Type,
    msgpack: &[u8],
    json: &[u8],
    tree: &serde_json::Value,
    tree_msgpack_len: usize,
) -> Vec<Pair> {
    let (ty1, bytes1) = (ty.clone(), msgpack.to_vec());
    let bytes2 = msgpack.to_vec();
    let (ty3, value3) = (ty.clone(), value.clone());
    let tree4 = tree.clone();
    let (ty5, json5) = (ty.clone(), json.to_vec());
    let json6 = json.to_vec();
    vec![
        Pair {
            subject: Operation::new("`decode_msgpack`", msgpack.len(), move || {
                let _ = black_box(decode_msgpack(black_box(&bytes1), &ty1));
            }),
            baseline: Operation::new(
                "baseline: `rmp_serde::from_slice::<serde_json::Value>`",
                msgpack.len(),
                move || {
                    let _ = black_box(rmp_serde::from_slice::<serde_json::Value>(black_box(
                        &bytes2,
                    )));
                },
            ),
        },
        Pair {
            subject: Operation::new("`encode_msgpack`", msgpack.len(), move || {
                black_box(encode_msgpack(black_box(&value3), &ty3));
            }),
            baseline: Operation::new(
                "baseline: `rmp_serde::to_vec(&serde_json::Value)`",
                tree_msgpack_len,
                move || {
                    let _ = black_box(rmp_serde::to_vec(black_box(&tree4)));
                },
            ),
        },
        Pair {
            subject: Operation::new("`decode_json`", json.len(), move || {
                let _ = black_box(decode_json(black_box(&json5), &ty5));
            }),
            baseline: Operation::new(
                "baseline: `serde_json::from_slice::<serde_json::Value>`",
                json.len(),
                move || {
                    let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(
                        &json6,
                    )));
                },
            ),
        },
    ]
}

// ---------------------------------------------------------------------------
// Sample state
// ---------------------------------------------------------------------------

/// Builds a known value of any type, with distinct elements so that sets keep them
/// all. Strings are named after their attribute, which makes them about as long as
/// the ids, secrets, URLs and scopes of a real state.
#[derive(Default)]
struct Sampler {
    counter: usize,
}

impl Sampler {
    fn next(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    /// Nested blocks get as many elements as the schema allows, up to three; in this
    /// resource, that is the one each block holds in practice.
    fn block(&mut self, block: &Block) -> Value {
        let mut fields: BTreeMap<String, Value> = block
            .attributes
            .iter()
            .map(|a| (a.name.to_string(), self.value(&a.ty, a.name)))
            .collect();
        for nested in &block.blocks {
            let count = match nested.max_items {
                0 => 3,
                max => max.min(3),
            };
            let elements = (0..count).map(|_| self.block(&nested.block)).collect();
            let collection = match nested.nesting {
                Nesting::List => Value::List(elements),
                Nesting::Set => Value::Set(elements),
            };
            fields.insert(nested.name.to_string(), collection);
        }
        Value::Object(fields)
    }

    /// Collections hold three to five elements.
    fn value(&mut self, ty: &Type, name: &str) -> Value {
        let n = self.next();
        match ty {
            Type::String => Value::String(format!("{name}-value-{n}")),
            Type::Number => Value::Number(Number::Int(60 * n as i64)),
            Type::Bool => Value::Bool(n % 2 == 0),
            Type::List(element) => Value::List(self.elements(element, name, n)),
            Type::Set(element) => Value::Set(self.elements(element, name, n)),
            Type::Map(element) => Value::Map(
                self.elements(element, name, n)
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("key-{i}"), v))
                    .collect(),
            ),
            Type::Object(attributes) => Value::Object(
                attributes
                    .iter()
                    .map(|(name, ty)| (name.clone(), self.value(ty, name)))
                    .collect(),
            ),
        }
    }

    fn elements(&mut self, element: &Type, name: &str, n: usize) -> Vec<Value> {
        (0..3 + n % 3).map(|_| self.value(element, name)).collect()
    }
}

// ---------------------------------------------------------------------------
// Statistics and report
// ---------------------------------------------------------------------------

/// One table row; the ratio is against the baseline's median.
fn row(operation: &Operation, baseline_median: f64) -> String {
    let (median, min, max) = common::summary(operation.samples.clone());
    let micros = |seconds: f64| seconds * 1e6;
    let mb_per_second = operation.bytes as f64 / median / 1e6;
    format!(
        "| {} | {:.2} µs | {:.2} µs | {:.2} µs | {mb_per_second:.0} | {:.2}× |\n",
        operation.label,
        micros(median),
        micros(min),
        micros(max),
        median / baseline_median,
    )
}

/// `sizes`: our msgpack, the baseline encoder's msgpack of the same state, and JSON.
fn report(pairs: &[Pair], sizes: [usize; 3], runs: usize) -> String {
    let [msgpack_len, tree_msgpack_len, json_len] = sizes;
    let mut out = format!(
        "### Codec throughput (`aws_cognito_user_pool_client` state, {runs} runs each)\n\n\
         {}\n\
         Encoded state: {msgpack_len} bytes of msgpack, {json_len} bytes of JSON; the generic \
         tree re-encodes to {tree_msgpack_len} bytes of msgpack (MB/s is of each row's own \
         bytes). \
         Each run times a batch of at least {} ms; {runs} runs per operation, \
         interleaved with the baselines, after one discarded warm-up.\n\n\
         | operation | median per op | min | max | MB/s (median) | median ÷ baseline |\n\
         |---|---:|---:|---:|---:|---:|\n",
        common::machine(),
        MIN_BATCH.as_millis(),
    );
    for pair in pairs {
        let base = common::summary(pair.baseline.samples.clone()).0;
        out += &row(&pair.subject, base);
        out += &row(&pair.baseline, base);
    }
    out
}
