//! Notifications: what is due to be told (the enqueue pass, from the stored verdicts,
//! credentials and sign-ins), the email delivery worker, and `/notifications` for the
//! signed-in user and the agency's admin. The rules of what and when are in
//! `confitrek_domain::notifications`; this module only reads, inserts once and delivers.

pub mod delivery;
pub mod enqueue;
pub mod handlers;
pub mod inbox;
pub mod login;
pub mod reminders;

use std::collections::BTreeSet;

use confitrek_domain::notifications::{Event, LeadTimes, NotificationKind};
use sea_orm::ConnectionTrait;
use time::OffsetDateTime;

use crate::db::{AgencyScope, notifications, users};
use crate::http::ApiResult;

/// Tells every login of the person an event is about, in the transaction of what caused it
/// (unless the agency turned its kind off); by email too when `email` (a mail server).
pub async fn tell_person(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    event: Event,
    email: bool,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let Some(person_id) = event.person_id else {
        return Ok(());
    };
    if !settings(db, scope).await?.enabled(event.kind) {
        return Ok(());
    }
    for user_id in users::ids_of_person(db, scope, person_id).await? {
        let new = notifications::NewNotification {
            user_id,
            person_id: Some(person_id),
            kind: event.kind,
            // The key is unique across all rows: one per event and login.
            event_key: format!("{}:{user_id}", event.key),
            subject: event.subject.clone(),
            body: event.body.clone(),
            email,
        };
        notifications::insert_once(db, scope, new, now).await?;
    }
    Ok(())
}

/// An agency's settings as the rules use them.
pub struct Settings {
    pub leads: LeadTimes,
    pub disabled: BTreeSet<NotificationKind>,
}

impl Settings {
    pub fn enabled(&self, kind: NotificationKind) -> bool {
        !self.disabled.contains(&kind)
    }
}

/// The agency's settings; the defaults (90, 30, 7 days, every kind on) when it has none.
pub async fn settings(db: &impl ConnectionTrait, scope: AgencyScope) -> ApiResult<Settings> {
    let Some(row) = notifications::settings(db, scope).await? else {
        return Ok(Settings {
            leads: LeadTimes::default(),
            disabled: BTreeSet::new(),
        });
    };
    // Stored settings that do not read are an error: silently sending every kind, or the
    // default lead times, would not be what the agency chose.
    let days: Vec<i64> = serde_json::from_value(row.lead_days).map_err(anyhow::Error::from)?;
    let leads = LeadTimes::parse(&days)
        .map_err(|e| anyhow::anyhow!("stored lead times do not read: {e:?}"))?;
    let disabled = serde_json::from_value(row.disabled_kinds).map_err(anyhow::Error::from)?;
    Ok(Settings { leads, disabled })
}

/// Saves the agency's lead times and turns kinds on or off (`(kind, enabled)`), the others
/// as they were.
pub async fn save_settings(
    db: &sea_orm::DatabaseConnection,
    caller: &crate::auth::Caller,
    leads: LeadTimes,
    changes: &[(NotificationKind, bool)],
) -> ApiResult<Settings> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let mut disabled = settings(&txn, scope).await?.disabled;
    for &(kind, enabled) in changes {
        if enabled {
            disabled.remove(&kind);
        } else {
            disabled.insert(kind);
        }
    }
    let names: Vec<&str> = disabled.iter().map(|k| k.as_str()).collect();
    notifications::save_settings(&txn, scope, leads.days(), &names, caller.clock.now()).await?;
    let target = ("agency", scope.id());
    caller
        .audit(&txn, scope.id(), "notification_settings.update", target)
        .await?;
    txn.commit().await?;
    Ok(Settings { leads, disabled })
}
