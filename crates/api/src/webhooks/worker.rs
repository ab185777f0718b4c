//! The delivery workers. Each pass fans out the events written since the last one (a
//! delivery per endpoint that hears the event), then claims due deliveries with a lease and
//! sends each in a task of its own, at most [`IN_FLIGHT`] at once: a receiver that hangs
//! holds one task until the timeout, never the others, nor the next pass. An attempt that
//! fails is retried on the Standard Webhooks schedule, then the delivery is marked failed;
//! nothing is switched off.
//!
//! Any number of processes may run workers side by side: fan-out and claims skip rows
//! another worker holds, and only the worker holding a claim records its outcome. A process
//! that dies mid-delivery leaves its claims to expire with the lease; those deliveries are
//! then sent again, with the same `webhook-id`, so a receiver can tell.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use confitrek_domain::webhooks::{AttemptOutcome, outcome};
use sea_orm::DatabaseConnection;
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use uuid::Uuid;

use super::sender::{Message, Sender};
use super::signing::signature_header;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::entity::{webhook_delivery, webhook_endpoint, webhook_event};
use crate::db::webhooks::{self as repo, Attempt, Next};
use crate::files::FileStore;

/// Deliveries sent at once by one process.
pub const IN_FLIGHT: usize = 32;
/// Events fanned out per transaction.
const FAN_OUT_BATCH: u64 = 200;

/// How a worker behaves, from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub poll: Duration,
    pub timeout: Duration,
    /// Multiplies the retry schedule (1.0 but in tests).
    pub retry_scale: f64,
    pub allow_private: bool,
}

impl Settings {
    pub fn of(config: &Config) -> Self {
        Self {
            poll: Duration::from_millis(config.webhook_poll_milliseconds),
            timeout: Duration::from_secs(config.webhook_timeout_seconds),
            retry_scale: config.webhook_retry_scale,
            allow_private: config.webhook_allow_private,
        }
    }

    /// How long a claim holds: longer than any one attempt can take.
    fn lease(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(30)
    }
}

pub struct Worker {
    db: DatabaseConnection,
    files: Arc<FileStore>,
    sender: Arc<Sender>,
    pub settings: Settings,
    id: Arc<str>,
    permits: Arc<Semaphore>,
    clock: Clock,
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        files: Arc<FileStore>,
        settings: Settings,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            sender: Arc::new(Sender::new(settings.timeout, settings.allow_private)?),
            db,
            files,
            settings,
            id: format!("{}-{}", std::process::id(), Uuid::now_v7().simple()).into(),
            permits: Arc::new(Semaphore::new(IN_FLIGHT)),
            clock,
        })
    }

    /// Fans out what was written and starts the deliveries that are due; returns how many
    /// were started (they finish in their own tasks).
    pub async fn pass(&self) -> anyhow::Result<usize> {
        if !repo::work_waiting(&self.db, self.clock.now()).await? {
            return Ok(0);
        }
        loop {
            let txn = crate::db::begin_write(&self.db).await?;
            let fanned = repo::fan_out(&txn, FAN_OUT_BATCH, self.clock.now()).await?;
            txn.commit().await?;
            if fanned < FAN_OUT_BATCH as usize {
                break;
            }
        }
        let free = self.permits.available_permits();
        if free == 0 {
            return Ok(0);
        }
        let now = self.clock.now();
        let lease_until = now + self.settings.lease();
        let batch = repo::claim(&self.db, &self.id, now, lease_until, free as u64).await?;
        if batch.is_empty() {
            return Ok(0);
        }
        let endpoints: HashMap<Uuid, webhook_endpoint::Model> =
            repo::endpoints(&self.db, batch.iter().map(|d| d.endpoint_id).collect())
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
        let events: HashMap<Uuid, webhook_event::Model> =
            repo::events(&self.db, batch.iter().map(|d| d.event_id).collect())
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
        let started = batch.len();
        for delivery in batch {
            let (Some(endpoint), Some(event)) = (
                endpoints.get(&delivery.endpoint_id).cloned(),
                events.get(&delivery.event_id).cloned(),
            ) else {
                // Deleted with its endpoint since it was claimed.
                continue;
            };
            let Ok(permit) = self.permits.clone().try_acquire_owned() else {
                break;
            };
            let job = Job {
                db: self.db.clone(),
                files: self.files.clone(),
                sender: self.sender.clone(),
                settings: self.settings.clone(),
                worker: self.id.clone(),
                clock: self.clock.clone(),
            };
            tokio::spawn(async move {
                let id = delivery.id;
                if let Err(error) = job.deliver(delivery, endpoint, event).await {
                    tracing::error!(?error, delivery = %id, "recording a webhook delivery");
                }
                drop(permit);
            });
        }
        Ok(started)
    }
}

/// What one delivery task needs.
struct Job {
    db: DatabaseConnection,
    files: Arc<FileStore>,
    sender: Arc<Sender>,
    settings: Settings,
    worker: Arc<str>,
    clock: Clock,
}

impl Job {
    async fn deliver(
        self,
        delivery: webhook_delivery::Model,
        endpoint: webhook_endpoint::Model,
        event: webhook_event::Model,
    ) -> anyhow::Result<()> {
        let attempted_at = self.clock.now();
        let answer = match self.keys(&endpoint, attempted_at) {
            Ok(keys) => {
                let id = delivery.id.to_string();
                let timestamp = attempted_at.unix_timestamp();
                let message = Message {
                    signature: signature_header(&keys, &id, timestamp, &event.payload),
                    url: endpoint.url.clone(),
                    id,
                    timestamp,
                    body: event.payload.clone(),
                };
                self.sender.send(message).await
            }
            Err(error) => {
                tracing::error!(?error, endpoint = %endpoint.id, "a webhook's signing key");
                super::sender::Answer {
                    error: Some("the signing secret could not be read; rotate it".into()),
                    ..Default::default()
                }
            }
        };
        let number = u32::try_from(delivery.attempts).unwrap_or(u32::MAX) + 1;
        let next = match outcome(answer.status, number, self.settings.retry_scale) {
            AttemptOutcome::Delivered => Next::Delivered,
            AttemptOutcome::RetryIn(wait) => Next::RetryAt(self.clock.now() + wait),
            AttemptOutcome::Failed => {
                tracing::warn!(delivery = %delivery.id, endpoint = %endpoint.id, "webhook delivery failed after its last attempt");
                Next::Failed
            }
        };
        let attempt = Attempt {
            attempted_at,
            status: answer.status,
            duration_ms: u64::try_from(answer.duration.as_millis()).unwrap_or(u64::MAX),
            response_excerpt: answer.excerpt,
            error: answer.error,
        };
        let txn = crate::db::begin_write(&self.db).await?;
        let recorded = repo::record_attempt(&txn, &delivery, &self.worker, attempt, next).await?;
        txn.commit().await?;
        if !recorded {
            tracing::warn!(delivery = %delivery.id, "a webhook delivery's claim ran out before its attempt was recorded");
        }
        Ok(())
    }

    /// The keys that sign now: the current one, and the previous one until it expires.
    fn keys(
        &self,
        endpoint: &webhook_endpoint::Model,
        now: OffsetDateTime,
    ) -> anyhow::Result<Vec<Vec<u8>>> {
        let mut keys = vec![self.files.unseal(&endpoint.secret)?];
        if let (Some(previous), Some(until)) = (
            &endpoint.previous_secret,
            endpoint.previous_secret_expires_at,
        ) && until > now
        {
            keys.push(self.files.unseal(previous)?);
        }
        Ok(keys)
    }
}
