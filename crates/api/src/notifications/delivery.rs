//! The email delivery worker. It claims due rows with a lease, sends each over SMTP with a
//! Message-ID of its own (stable across attempts, so a receiving server can tell a retry
//! from a new message), and records the outcome under its claim; a failure is retried with
//! exponential backoff, then given up as `failed`.
//!
//! Each batch is claimed and delivered in a task of its own: stopping the worker (a shutdown,
//! an aborted task) lets the batch finish and be recorded, so the next worker never sends
//! its messages again. A process that dies mid-batch leaves its claims to expire with the
//! lease; the rows it had not sent are then claimed again. The claim on a row is renewed
//! right before its message is sent, and the send is abandoned before the renewed lease runs
//! out, so a slow batch is never taken over in the middle of a send. Only a message the
//! server had accepted in the instant before the process died, not yet recorded, is sent
//! again: with the same Message-ID.

use std::sync::Arc;
use std::time::Duration;

use confitrek_domain::notifications::retry_delay_seconds;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::entity::{notification, user};
use crate::db::notifications::{self as outbox, Outcome};
use crate::http::ApiResult;

/// How hard to try.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Wait after the first failure; doubled after each further one.
    pub base: Duration,
    pub cap: Duration,
    /// Attempts before the row is `failed`.
    pub max_attempts: u32,
    /// How long a claim holds (`CONFITREK_NOTIFY_LEASE_SECONDS`); renewed before each send,
    /// and a send is abandoned before it runs out (see [`RetryPolicy::send_limit`]).
    pub lease: Duration,
    /// Rows claimed at once.
    pub batch: u64,
}

impl RetryPolicy {
    /// The longest one send may take: four fifths of the lease, so that a send abandoned at
    /// this limit still leaves time to record its outcome before another worker may take the
    /// row over.
    pub fn send_limit(&self) -> Duration {
        self.lease.mul_f64(0.8)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(60),
            cap: Duration::from_secs(6 * 3600),
            max_attempts: 8,
            lease: Duration::from_secs(300),
            batch: 20,
        }
    }
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of Message-IDs: the sender's domain.
    domain: String,
}

impl Mailer {
    /// `url`: `smtp://host:port` (plain), `smtp://host:587?tls=required`, `smtps://...`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("CONFITREK_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(60)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("CONFITREK_MAIL_FROM: {e}"))?;
        let domain = from.email.domain().to_owned();
        Ok(Self {
            transport,
            from,
            domain,
        })
    }

    /// The Message-ID of a notification, the same for every attempt.
    pub fn message_id(&self, id: Uuid) -> String {
        format!("<{id}@{}>", self.domain)
    }

    fn message(&self, row: &notification::Model, to: Mailbox) -> Result<Message, String> {
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(self.message_id(row.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.clone())
            .map_err(|e| e.to_string())
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Delivers every row due at `now`, batch after batch, until none is left to claim. Leases
/// and outcomes are dated `now` plus the time the pass has taken so far.
pub async fn deliver_due(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    worker: Arc<str>,
    policy: RetryPolicy,
    now: OffsetDateTime,
) -> ApiResult<Delivered> {
    let mut total = Delivered::default();
    let pass = Pass {
        now,
        started: std::time::Instant::now(),
    };
    loop {
        // Claiming and delivering run in a task of their own, so that a caller stopped
        // between the two never leaves rows claimed and unsent until the lease runs out.
        let task = tokio::spawn(claim_and_deliver(
            db.clone(),
            mailer.clone(),
            worker.clone(),
            policy.clone(),
            pass,
        ));
        let done = task
            .await
            .map_err(|e| anyhow::anyhow!("delivery task: {e}"))??;
        let Some(done) = done else {
            return Ok(total);
        };
        total.sent += done.sent;
        total.retried += done.retried;
        total.failed += done.failed;
    }
}

/// The time of a pass: when it began and how long it has taken since.
#[derive(Debug, Clone, Copy)]
struct Pass {
    now: OffsetDateTime,
    started: std::time::Instant,
}

impl Pass {
    fn current(&self) -> OffsetDateTime {
        self.now + self.started.elapsed()
    }
}

/// One batch: `None` when nothing was due.
async fn claim_and_deliver(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    worker: Arc<str>,
    policy: RetryPolicy,
    pass: Pass,
) -> ApiResult<Option<Delivered>> {
    let now = pass.now;
    let lease_until = pass.current() + policy.lease;
    let batch = outbox::claim(&db, &worker, now, lease_until, policy.batch).await?;
    if batch.is_empty() {
        return Ok(None);
    }
    deliver_batch(db, mailer, worker, policy, batch, pass)
        .await
        .map(Some)
}

async fn deliver_batch(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    worker: Arc<str>,
    policy: RetryPolicy,
    batch: Vec<notification::Model>,
    pass: Pass,
) -> ApiResult<Delivered> {
    let now = pass.now;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let ids: Vec<Uuid> = batch.iter().map(|r| r.user_id).collect();
    let addresses: std::collections::HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(&db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let mut done = Delivered::default();
    for row in batch {
        let to = addresses
            .get(&row.user_id)
            .and_then(|a| a.parse::<Mailbox>().ok());
        let Some(to) = to else {
            outbox::record_outcome(&db, row.id, &worker, Outcome::Skipped, now).await?;
            continue;
        };
        // The batch may have taken long enough for the claim to run out: renewed first, the
        // claim holds for the whole send, and a row another worker took over is its own.
        let lease_until = pass.current() + policy.lease;
        if !outbox::renew(&db, row.id, &worker, lease_until).await? {
            tracing::info!(notification = %row.id, "claim taken over by another worker");
            continue;
        }
        let result = match mailer.message(&row, to) {
            Ok(message) => {
                let limit = policy.send_limit();
                match tokio::time::timeout(limit, mailer.transport.send(message)).await {
                    Ok(sent) => sent.map(|_| ()).map_err(|e| e.to_string()),
                    Err(_) => Err(format!(
                        "the mail server did not finish within {} s",
                        limit.as_secs()
                    )),
                }
            }
            Err(e) => Err(e),
        };
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let outcome = match &result {
            Ok(()) => {
                done.sent += 1;
                Outcome::Sent
            }
            Err(error) if attempts >= policy.max_attempts => {
                tracing::warn!(notification = %row.id, attempts, "email given up");
                done.failed += 1;
                Outcome::Failed { error }
            }
            Err(error) => {
                let wait = retry_delay_seconds(
                    attempts,
                    policy.base.as_secs().max(1),
                    policy.cap.as_secs(),
                );
                done.retried += 1;
                Outcome::Retry {
                    at: now + Duration::from_secs(wait),
                    error,
                }
            }
        };
        outbox::record_outcome(&db, row.id, &worker, outcome, pass.current()).await?;
    }
    Ok(done)
}
