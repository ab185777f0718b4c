//! Signed webhooks (Standard Webhooks): an agency's admins subscribe URLs to events; each
//! change writes an event row in its own transaction, only when an enabled endpoint hears
//! its type, and the workers ([`worker`]) fan it out and deliver it. Emitting never waits
//! for a receiver: the write that caused an event never depends on one.

pub mod handlers;
pub mod sender;
pub mod service;
pub mod signing;
pub mod target;
pub mod worker;

use std::collections::BTreeSet;

use confitrek_domain::webhooks::{Event, WebhookEventType};
use sea_orm::ConnectionTrait;

use crate::clock::Clock;
use crate::db::AgencyScope;
use crate::db::webhooks::{self as repo, NewEvent};
use crate::http::ApiResult;

/// What the agency's enabled webhooks hear, read once for a write that may tell several
/// events.
pub struct Listeners {
    scope: AgencyScope,
    clock: Clock,
    heard: BTreeSet<WebhookEventType>,
}

impl Listeners {
    pub async fn of(
        db: &impl ConnectionTrait,
        clock: &Clock,
        scope: AgencyScope,
    ) -> ApiResult<Self> {
        Ok(Self {
            scope,
            clock: clock.clone(),
            heard: repo::listened_to(db, scope).await?,
        })
    }

    /// Whether any enabled webhook hears `kind`: a write skips building what nobody hears.
    pub fn hear(&self, kind: WebhookEventType) -> bool {
        self.heard.contains(&kind)
    }

    /// Writes the events some webhook hears, in the caller's transaction.
    pub async fn tell(&self, db: &impl ConnectionTrait, events: Vec<Event>) -> ApiResult<()> {
        let now = self.clock.now();
        let new: Vec<NewEvent> = events
            .into_iter()
            .filter(|e| self.hear(e.kind))
            .map(|e| NewEvent {
                kind: e.kind,
                payload: e.payload(now),
                key: e.key,
            })
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        Ok(repo::insert_events(db, self.scope, new, now).await?)
    }
}

/// Tells the agency's webhooks of one event, in the transaction of the change.
pub async fn emit(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    event: Event,
) -> ApiResult<()> {
    Listeners::of(db, clock, scope)
        .await?
        .tell(db, vec![event])
        .await
}
