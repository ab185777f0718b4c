//! Notifications: what is due to be told (the enqueue pass, from the stored verdicts,
//! credentials and sign-ins), the email delivery worker, and `/notifications` for the
//! signed-in user and the agency's admin. The rules of what and when are in
//! `confitrek_domain::notifications`; this module only reads, inserts once and delivers.

pub mod delivery;
pub mod enqueue;
pub mod handlers;
pub mod login;

use std::collections::BTreeSet;

use confitrek_domain::notifications::{LeadTimes, NotificationKind};
use sea_orm::ConnectionTrait;

use crate::db::{AgencyScope, notifications};
use crate::http::ApiResult;

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
