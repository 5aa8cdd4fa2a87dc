//! Pacing to Cognito's request-rate quotas, so that a large plan or apply runs at
//! the quota's speed instead of earning throttling errors and long retry sleeps.
//!
//! AWS allows, per account and region, 15 requests per second in each category
//! (`UserPoolClientRead`: Describe and List; `UserPoolClientUpdate`: Create, Update
//! and Delete), and at most 5 per second per operation and user pool. The secret
//! operations are not on AWS's quota page; they are booked with their nearest
//! kin (listing secrets as a read, adding and deleting one as an update). One pacer per
//! provider process is shared by all concurrent operations. Each request reserves
//! the earliest start that both its limits allow (a virtual-scheduling token
//! bucket without bursts), then waits for it.
//!
//! AWS counts requests when they arrive, and they arrive with jitter: paced at
//! exactly the quota's spacing, a request that arrives early lands in the same
//! second as the fifth before it, and a server counting in a sliding one-second
//! window throttles it. So the pacer books only [`HEADROOM`] of each quota, and a
//! throttle (a server stricter still, or another process drawing on the same
//! quota) slows the limits of the throttled request, which then recover slowly:
//! additive increase, multiplicative decrease, as TCP's congestion control does.
//!
//! Jitter beyond any headroom (a stalled process, a slow server) is covered by a
//! window that needs no timing assumption: a request leaves only once the answer
//! to the request `rate` places before it on the same limit came back at least a
//! second ago. The server saw that earlier request before it answered, and sees
//! this one after it left, so no second of arrivals holds more than `rate` of them.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The Cognito operations this provider calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Create,
    Describe,
    List,
    Update,
    Delete,
    AddSecret,
    ListSecrets,
    DeleteSecret,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::Create => "CreateUserPoolClient",
            Operation::Describe => "DescribeUserPoolClient",
            Operation::List => "ListUserPoolClients",
            Operation::Update => "UpdateUserPoolClient",
            Operation::Delete => "DeleteUserPoolClient",
            Operation::AddSecret => "AddUserPoolClientSecret",
            Operation::ListSecrets => "ListUserPoolClientSecrets",
            Operation::DeleteSecret => "DeleteUserPoolClientSecret",
        }
    }

    fn is_read(self) -> bool {
        matches!(
            self,
            Operation::Describe | Operation::List | Operation::ListSecrets
        )
    }
}

/// Requests per second; 0 turns a limit off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rates {
    pub per_category: f64,
    pub per_operation_and_pool: f64,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            per_category: 15.0,
            per_operation_and_pool: 5.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Limit {
    Category {
        region: String,
        read: bool,
    },
    OperationAndPool {
        region: String,
        operation: Operation,
        pool: String,
    },
}

/// The share of a quota booked when nothing is throttled. Requests that leave
/// 1/(0.9 × 5) s apart arrive five gaps (1.11 s) apart, so a sliding window admits
/// them unless one arrives more than 111 ms later than the fifth after it.
/// Measured against the local backend on two cores shared by several builds (load
/// average 7-10), over 800 requests paced at 0.9: the 99th percentile of that
/// delay was 12-14 ms for creates and describes, 96 ms for deletes; a few isolated
/// stalls of one request reached 180-320 ms, which no headroom within the scale
/// tests' 1.25 × quota floor could absorb (0.85 already took 50.3 s of the 50 s
/// bound for 200 creates): those are covered by [`ANSWER_WINDOW`].
const HEADROOM: f64 = 0.9;

/// What a throttle multiplies the share of each of its request's limits by.
const SLOWDOWN: f64 = 0.7;

/// The least share a limit is slowed to, so that a burst of throttles from
/// elsewhere cannot stall the provider.
const SLOWEST: f64 = 0.2;

/// The share a slowed limit regains per second without a throttle: from one
/// slowdown back to [`HEADROOM`] in about 14 s.
const RECOVERY_PER_SECOND: f64 = 0.02;

/// Throttles this soon after a slowdown answer requests booked before it (at most
/// Terraform's parallelism of them, sent within about a second), so they do not
/// slow the limit again.
const SETTLING: Duration = Duration::from_secs(1);

/// How long after the answer to the request `rate` places before it a request may
/// leave (see the module's doc); the 10 ms beyond the second cover the rounding of
/// the server's clock.
const ANSWER_WINDOW: Duration = Duration::from_millis(1010);

/// How long a request still in flight holds back the ones `rate` places after it:
/// a request that hangs (until its 30 s attempt timeout) must not stall every
/// pool of its region. Counted from its departure, as if answered then; a
/// request that reaches the server later than this can still be throttled, and
/// the slowdown then answers it.
const LONGEST_HOLD: Duration = Duration::from_secs(2);

/// A throttle's mark on a limit: its share then, from which it recovers.
#[derive(Clone, Copy, Debug)]
struct Slowdown {
    share: f64,
    at: Instant,
}

impl Slowdown {
    /// The share of its rate the limit is paced at, at `now`.
    fn share(slowed: Option<&Slowdown>, now: Instant) -> f64 {
        slowed.map_or(HEADROOM, |slowed| {
            let recovered = now.saturating_duration_since(slowed.at).as_secs_f64();
            (slowed.share + RECOVERY_PER_SECOND * recovered).min(HEADROOM)
        })
    }

    /// The limit's mark after a throttle at `now`.
    fn after_throttle(slowed: Option<&Slowdown>, now: Instant) -> Slowdown {
        match slowed {
            Some(slowed) if now.saturating_duration_since(slowed.at) < SETTLING => *slowed,
            _ => Slowdown {
                share: (Slowdown::share(slowed, now) * SLOWDOWN).max(SLOWEST),
                at: now,
            },
        }
    }
}

/// A request's place in a limit's window: in flight until its answer comes back.
#[derive(Debug)]
struct Place {
    request: u64,
    departed: Instant,
    answered: Option<Instant>,
}

impl Place {
    /// From when the place counts: its answer, or, for a request in flight for
    /// longer than [`LONGEST_HOLD`], its departure plus that; `None` while the
    /// request is in flight and within it.
    fn counted_from(&self, now: Instant) -> Option<Instant> {
        let longest = self.departed + LONGEST_HOLD;
        self.answered
            .map(|answered| answered.min(longest))
            .or((now >= longest).then_some(longest))
    }
}

/// Why a request whose booked start has come may not leave yet.
#[derive(Debug, PartialEq, Eq)]
enum Hold {
    /// Until this moment, a window after an earlier request's answer.
    Until(Instant),
    /// Until the answer to an earlier request that is still in flight, or at most
    /// until that request's hold ends (see [`LONGEST_HOLD`]).
    Answer { at_most_until: Instant },
}

#[derive(Default)]
struct Limits {
    /// For each limit, the earliest moment its next request may start.
    next_start: HashMap<Limit, Instant>,
    /// The limits slowed by a throttle.
    slowed: HashMap<Limit, Slowdown>,
    /// For each limit, its last requests (as many as its rate), oldest first.
    window: HashMap<Limit, VecDeque<Place>>,
    /// The number of the next request that leaves.
    next_request: u64,
}

pub struct Pacer {
    rates: Rates,
    limits: Mutex<Limits>,
    /// Wakes the requests held back until an earlier one's answer.
    answered: tokio::sync::Notify,
}

/// A request that left: dropping it (when its answer came back, or when it was
/// abandoned) records the moment in its limits' windows.
#[must_use = "the request's place is held until this is dropped, when its answer arrived"]
pub struct Departure<'a> {
    pacer: &'a Pacer,
    request: u64,
    limits: Vec<Limit>,
}

impl Drop for Departure<'_> {
    fn drop(&mut self) {
        self.pacer
            .record_answer(self.request, &self.limits, Instant::now());
    }
}

impl Pacer {
    pub fn new(rates: Rates) -> Self {
        Pacer {
            rates,
            limits: Mutex::new(Limits::default()),
            answered: tokio::sync::Notify::new(),
        }
    }

    /// Waits until a request may start, and holds its place while it is in flight:
    /// drop the returned [`Departure`] when the answer has arrived. Dropping the
    /// future (a cancelled operation) stops the wait at once and takes no place.
    pub async fn pace(&self, region: &str, operation: Operation, pool: &str) -> Departure<'_> {
        let mut start = self.reserve(region, operation, pool, Instant::now());
        loop {
            if start > Instant::now() {
                tracing::trace!(
                    operation = operation.name(),
                    wait_ms = (start - Instant::now()).as_millis() as u64,
                    "pacing"
                );
                tokio::time::sleep_until(start).await;
            }
            // Registered before the check, so that an answer arriving between the
            // check and the wait is not missed.
            let answered = self.answered.notified();
            tokio::pin!(answered);
            answered.as_mut().enable();
            match self.depart(region, operation, pool, Instant::now()) {
                Ok(departure) => return departure,
                Err(Hold::Until(later)) => start = later,
                Err(Hold::Answer { at_most_until }) => {
                    tokio::select! {
                        () = &mut answered => {}
                        () = tokio::time::sleep_until(at_most_until) => {}
                    }
                }
            }
        }
    }

    /// AWS throttled a request at `now`: its limits are slowed (see the module's
    /// doc), and their next request, its retry included, starts no sooner than one
    /// slowed interval from now (the server's count is full now), so that a throttle
    /// costs a wait of one request's turn, not a backoff.
    pub fn throttled(&self, region: &str, operation: Operation, pool: &str, now: Instant) {
        let mut limits = self.lock();
        for (limit, rate) in self.active_limits(region, operation, pool) {
            let slowed = Slowdown::after_throttle(limits.slowed.get(&limit), now);
            let earliest = now + interval(rate, slowed.share);
            let next_start = limits.next_start.entry(limit.clone()).or_insert(earliest);
            *next_start = earliest.max(*next_start);
            limits.slowed.insert(limit, slowed);
        }
    }

    /// Forgets every booked start. A stop abandons the requests waiting for theirs;
    /// without this, the operations Terraform starts afterwards would wait behind
    /// slots that no request will use. Slowdowns stay: they describe AWS.
    pub fn forget_bookings(&self) {
        self.lock().next_start.clear();
    }

    /// Books the earliest start at or after `now` that every applicable limit allows.
    fn reserve(&self, region: &str, operation: Operation, pool: &str, now: Instant) -> Instant {
        let active = self.active_limits(region, operation, pool);
        let mut limits = self.lock();
        let start = active
            .iter()
            .filter_map(|(limit, _)| limits.next_start.get(limit).copied())
            .fold(now, Instant::max);
        for (limit, rate) in active {
            let share = Slowdown::share(limits.slowed.get(&limit), now);
            limits
                .next_start
                .insert(limit, start + interval(rate, share));
        }
        start
    }

    /// A request whose booked start has come leaves at `now`, or is held back by
    /// its limits' windows (see the module's doc).
    fn depart(
        &self,
        region: &str,
        operation: Operation,
        pool: &str,
        now: Instant,
    ) -> Result<Departure<'_>, Hold> {
        let active = self.active_limits(region, operation, pool);
        let mut limits = self.lock();
        let mut until = now;
        for (limit, rate) in &active {
            let Some(window) = limits.window.get(limit) else {
                continue;
            };
            let Some(oldest) = window.front() else {
                continue;
            };
            if window.len() < window_count(*rate) {
                continue;
            }
            match oldest.counted_from(now) {
                Some(counted) => until = until.max(counted + ANSWER_WINDOW),
                None => {
                    return Err(Hold::Answer {
                        at_most_until: oldest.departed + LONGEST_HOLD,
                    })
                }
            }
        }
        if until > now {
            return Err(Hold::Until(until));
        }
        let request = limits.next_request;
        limits.next_request += 1;
        for (limit, rate) in &active {
            let window = limits.window.entry(limit.clone()).or_default();
            window.push_back(Place {
                request,
                departed: now,
                answered: None,
            });
            while window.len() > window_count(*rate) {
                window.pop_front();
            }
        }
        Ok(Departure {
            pacer: self,
            request,
            limits: active.into_iter().map(|(limit, _)| limit).collect(),
        })
    }

    /// The answer to `request` arrived (or it was abandoned) at `now`.
    fn record_answer(&self, request: u64, active: &[Limit], now: Instant) {
        let mut limits = self.lock();
        for limit in active {
            let place = limits
                .window
                .get_mut(limit)
                .and_then(|window| window.iter_mut().find(|p| p.request == request));
            if let Some(place) = place {
                place.answered = Some(now);
            }
        }
        drop(limits);
        self.answered.notify_waiters();
    }

    /// The limits a request draws on, with their rates; a rate of 0 is no limit.
    fn active_limits(&self, region: &str, operation: Operation, pool: &str) -> Vec<(Limit, f64)> {
        [
            (
                Limit::Category {
                    region: region.to_string(),
                    read: operation.is_read(),
                },
                self.rates.per_category,
            ),
            (
                Limit::OperationAndPool {
                    region: region.to_string(),
                    operation,
                    pool: pool.to_string(),
                },
                self.rates.per_operation_and_pool,
            ),
        ]
        .into_iter()
        .filter(|(_, rate)| *rate > 0.0)
        .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Limits> {
        self.limits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How many requests a limit of `rate` admits in any one second.
fn window_count(rate: f64) -> usize {
    (rate.floor() as usize).max(1)
}

/// The spacing of requests on a limit of `rate` paced at `share` of it.
fn interval(rate: f64, share: f64) -> Duration {
    Duration::from_secs_f64(1.0 / (rate * share))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(pacer: &Pacer, requests: &[(Operation, &str)]) -> Vec<u128> {
        offsets_at(pacer, Instant::now(), requests)
    }

    /// When each request may start, in milliseconds after `now`, booked at `now`.
    fn offsets_at(pacer: &Pacer, now: Instant, requests: &[(Operation, &str)]) -> Vec<u128> {
        requests
            .iter()
            .map(|(op, pool)| (pacer.reserve("us-east-1", *op, pool, now) - now).as_millis())
            .collect()
    }

    #[test]
    fn one_operation_on_one_pool_runs_at_nine_tenths_of_five_per_second() {
        let pacer = Pacer::new(Rates::default());
        let starts = offsets(&pacer, &[(Operation::Describe, "p"); 6]);
        assert_eq!(starts, [0, 222, 444, 666, 888, 1111]);
    }

    #[test]
    fn a_category_is_shared_across_pools_and_operations() {
        let pacer = Pacer::new(Rates::default());
        let pools: Vec<String> = (0..16).map(|i| format!("pool{i}")).collect();
        let requests: Vec<(Operation, &str)> = pools
            .iter()
            .map(|p| (Operation::Describe, p.as_str()))
            .collect();
        let starts = offsets(&pacer, &requests);
        assert_eq!(starts[1], 74, "9/10 of 15 per second across pools");
        assert_eq!(starts[15], 1111);
    }

    #[test]
    fn reads_and_updates_are_separate_categories_and_zero_turns_pacing_off() {
        let pacer = Pacer::new(Rates::default());
        assert_eq!(
            offsets(
                &pacer,
                &[(Operation::Describe, "p"), (Operation::Update, "p")]
            ),
            [0, 0]
        );
        let unpaced = Pacer::new(Rates {
            per_category: 0.0,
            per_operation_and_pool: 0.0,
        });
        assert_eq!(offsets(&unpaced, &[(Operation::Create, "p"); 3]), [0, 0, 0]);
    }

    #[test]
    fn forgotten_bookings_hold_nothing_back() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        for _ in 0..10 {
            pacer.reserve("us-east-1", Operation::Describe, "p", now);
        }
        pacer.forget_bookings();
        assert_eq!(
            pacer.reserve("us-east-1", Operation::Describe, "p", now),
            now
        );
    }

    #[test]
    fn regions_have_their_own_quotas() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        assert_eq!(pacer.reserve("us-east-1", Operation::Create, "p", now), now);
        assert_eq!(pacer.reserve("eu-west-1", Operation::Create, "p", now), now);
    }

    /// The spacing of the next two Describe requests on `pool`, booked at `at`.
    fn spacing(pacer: &Pacer, pool: &str, at: Instant) -> u128 {
        let first = pacer.reserve("us-east-1", Operation::Describe, pool, at);
        let second = pacer.reserve("us-east-1", Operation::Describe, pool, at);
        (second - first).as_millis()
    }

    #[test]
    fn a_throttle_slows_the_limit_and_delays_its_next_request() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        pacer.throttled("us-east-1", Operation::Describe, "p", now);
        // 0.9 × 0.7 of 5 per second: 317 ms apart, the first one slowed interval on.
        let first = pacer.reserve("us-east-1", Operation::Describe, "p", now);
        assert_eq!((first - now).as_millis(), 317);
        assert_eq!(spacing(&pacer, "p", now), 317);
    }

    #[test]
    fn throttles_while_settling_slow_once_later_ones_again_down_to_the_slowest() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        for ms in [0, 300, 900] {
            pacer.throttled(
                "us-east-1",
                Operation::Describe,
                "p",
                now + Duration::from_millis(ms),
            );
        }
        let settled = now + Duration::from_millis(999);
        // Slowed once to 0.63, recovered by 0.02 per second since: 308 ms, not 453.
        assert_eq!(spacing(&pacer, "p", settled), 307, "slowed once");
        let later = now + Duration::from_secs(1);
        pacer.throttled("us-east-1", Operation::Describe, "p", later);
        // 0.63, recovered by 0.02 for the second, then × 0.7 again: 0.455.
        assert_eq!(spacing(&pacer, "p", later), 439);
        for s in 2..20 {
            let at = now + Duration::from_secs(s);
            pacer.throttled("us-east-1", Operation::Describe, "p", at);
        }
        let slowest = now + Duration::from_secs(19);
        assert_eq!(spacing(&pacer, "p", slowest), 1000, "a fifth of the quota");
    }

    #[test]
    fn a_slowed_limit_recovers_slowly_to_its_headroom() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        pacer.throttled("us-east-1", Operation::Describe, "p", now);
        // 0.63 of the quota, then 0.02 more per second: 0.73 after 5 s, 0.9 at most.
        assert_eq!(spacing(&pacer, "p", now + Duration::from_secs(5)), 273);
        assert_eq!(spacing(&pacer, "p", now + Duration::from_secs(9)), 246);
        assert_eq!(spacing(&pacer, "p", now + Duration::from_secs(60)), 222);
    }

    #[test]
    fn a_throttle_slows_its_category_and_its_operation_on_its_pool_only() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        pacer.throttled("us-east-1", Operation::Describe, "p", now);
        let later = now + Duration::from_secs(1);
        // Other pools: their own operation limits, but the slowed read category
        // (0.65 × 15 per second a second later: 102 ms apart).
        assert_eq!(
            offsets_at(
                &pacer,
                later,
                &[(Operation::Describe, "q"), (Operation::Describe, "r")]
            ),
            [0, 102]
        );
        // Updates are another operation and category, neither slowed.
        assert_eq!(
            offsets_at(&pacer, later, &[(Operation::Update, "p"); 2]),
            [0, 222]
        );
        let then = later + Duration::from_secs(1);
        assert_eq!(
            offsets_at(
                &pacer,
                then,
                &[(Operation::Update, "q"), (Operation::Update, "r")]
            ),
            [0, 74]
        );
    }

    #[test]
    fn forgotten_bookings_keep_their_slowdowns() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        pacer.throttled("us-east-1", Operation::Describe, "p", now);
        pacer.forget_bookings();
        assert_eq!(
            pacer.reserve("us-east-1", Operation::Describe, "p", now),
            now
        );
        assert_eq!(spacing(&pacer, "p", now), 317);
    }

    #[test]
    fn a_request_leaves_a_window_after_the_answer_to_the_fifth_before_it() {
        let pacer = Pacer::new(Rates::default());
        let now = Instant::now();
        let at = |ms: u64| now + Duration::from_millis(ms);
        let depart = |ms: u64| pacer.depart("us-east-1", Operation::Create, "p", at(ms));
        let first = depart(0).expect("an empty window lets the first leave");
        let rest: Vec<Departure<'_>> = [222, 444, 666, 888]
            .into_iter()
            .map(|ms| depart(ms).expect("four more fit the window"))
            .collect();
        assert_eq!(
            depart(1111).err(),
            Some(Hold::Answer {
                at_most_until: at(2000)
            }),
            "the first is still in flight: the server may count it any moment"
        );
        // Its answer came back 300 ms late, at 300 ms.
        pacer.record_answer(first.request, &first.limits, at(300));
        assert_eq!(depart(1111).err(), Some(Hold::Until(at(1310))));
        let sixth = depart(1310).expect("a window after the first's answer");
        assert_eq!(
            depart(1333).err(),
            Some(Hold::Answer {
                at_most_until: at(2222)
            }),
            "the second is in flight"
        );
        assert_eq!(
            depart(2222).err(),
            Some(Hold::Until(at(2222 + 1010))),
            "a request in flight for longer than the longest hold counts from it"
        );
        drop((first, sixth, rest));
    }

    #[tokio::test]
    async fn a_request_held_for_an_answer_leaves_when_the_answer_arrives() {
        let pacer = Pacer::new(Rates {
            per_category: 0.0,
            per_operation_and_pool: 1.0,
        });
        let first = pacer.pace("us-east-1", Operation::Delete, "p").await;
        let second = pacer.pace("us-east-1", Operation::Delete, "p");
        tokio::pin!(second);
        let started = Instant::now();
        tokio::select! {
            _ = &mut second => panic!("left while the first was in flight"),
            () = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
        drop(first);
        let _second = second.await;
        let waited = Instant::now() - started;
        let answered = Duration::from_millis(200);
        assert!(
            waited >= answered + ANSWER_WINDOW,
            "left {waited:?} after it asked: sooner than a window after the first's answer"
        );
    }
}
