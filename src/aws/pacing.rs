//! Pacing to Cognito's request-rate quotas, so that a large plan or apply runs at
//! the quota's speed instead of earning throttling errors and long retry sleeps.
//!
//! AWS allows, per account and region, 15 requests per second in each category
//! (`UserPoolClientRead`: Describe and List; `UserPoolClientUpdate`: Create, Update
//! and Delete), and at most 5 per second per operation and user pool. One pacer per
//! provider process is shared by all concurrent operations. Each request reserves
//! the earliest start that both its limits allow (a virtual-scheduling token
//! bucket without bursts), then waits for it.

use std::collections::HashMap;
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
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::Create => "CreateUserPoolClient",
            Operation::Describe => "DescribeUserPoolClient",
            Operation::List => "ListUserPoolClients",
            Operation::Update => "UpdateUserPoolClient",
            Operation::Delete => "DeleteUserPoolClient",
        }
    }

    fn is_read(self) -> bool {
        matches!(self, Operation::Describe | Operation::List)
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

pub struct Pacer {
    rates: Rates,
    /// For each limit, the earliest moment its next request may start.
    next_start: Mutex<HashMap<Limit, Instant>>,
}

impl Pacer {
    pub fn new(rates: Rates) -> Self {
        Pacer {
            rates,
            next_start: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until a request may start. Dropping the future (a cancelled
    /// operation) stops the wait at once.
    pub async fn pace(&self, region: &str, operation: Operation, pool: &str) {
        let start = self.reserve(region, operation, pool, Instant::now());
        if start > Instant::now() {
            tracing::trace!(
                operation = operation.name(),
                wait_ms = (start - Instant::now()).as_millis() as u64,
                "pacing"
            );
            tokio::time::sleep_until(start).await;
        }
    }

    /// Forgets every booked start. A stop abandons the requests waiting for theirs;
    /// without this, the operations Terraform starts afterwards would wait behind
    /// slots that no request will use.
    pub fn forget_bookings(&self) {
        self.next_start
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    /// Books the earliest start at or after `now` that every applicable limit allows.
    fn reserve(&self, region: &str, operation: Operation, pool: &str, now: Instant) -> Instant {
        let limits = [
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
        ];
        let active: Vec<(Limit, Duration)> = limits
            .into_iter()
            .filter(|(_, rate)| *rate > 0.0)
            .map(|(limit, rate)| (limit, Duration::from_secs_f64(1.0 / rate)))
            .collect();
        let mut next_start = self
            .next_start
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let start = active
            .iter()
            .filter_map(|(limit, _)| next_start.get(limit).copied())
            .fold(now, Instant::max);
        for (limit, interval) in active {
            next_start.insert(limit, start + interval);
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(pacer: &Pacer, requests: &[(Operation, &str)]) -> Vec<u128> {
        let now = Instant::now();
        requests
            .iter()
            .map(|(op, pool)| (pacer.reserve("us-east-1", *op, pool, now) - now).as_millis())
            .collect()
    }

    #[test]
    fn one_operation_on_one_pool_runs_at_five_per_second() {
        let pacer = Pacer::new(Rates::default());
        let starts = offsets(&pacer, &[(Operation::Describe, "p"); 6]);
        assert_eq!(starts, [0, 200, 400, 600, 800, 1000]);
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
        assert_eq!(starts[1], 66, "15 per second across pools");
        assert_eq!(starts[15], 1000);
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
}
