//! Reminders the training office sends by hand from the roster: each person is told what
//! his or her training still needs, from the stored verdict, in the app and by email.

use std::collections::HashMap;

use confitrek_domain::dashboard::open_worst_first;
use confitrek_domain::notifications as rules;
use confitrek_domain::permissions::Action;
use confitrek_types::{ComplianceReportDto, RemindersSent};
use serde::Deserialize;
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::{agencies, compliance, people, users};
use crate::http::{ApiError, ApiResult};

/// The most people one request reminds.
pub const MAX_PEOPLE: usize = 1000;

pub async fn send(
    state: &AppState,
    caller: &Caller,
    person_ids: Vec<Uuid>,
) -> ApiResult<RemindersSent> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let mut ids = person_ids;
    ids.sort();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_PEOPLE {
        return Err(ApiError::field(
            "person_ids",
            format!("name from 1 to {MAX_PEOPLE} people"),
        ));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let known = people::many(&txn, scope, ids.clone()).await?;
    if let Some(i) = ids.iter().position(|id| !known.iter().any(|p| p.id == *id)) {
        return Err(ApiError::field(
            &format!("person_ids.{i}"),
            "is not a person of this agency",
        ));
    }
    let agency = agencies::get(&txn, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = caller.clock.today_in(&agency.time_zone);
    let mut reports: HashMap<Uuid, serde_json::Value> = HashMap::new();
    for chunk in ids.chunks(500) {
        for s in compliance::snapshots_of(&txn, scope, chunk).await? {
            reports.insert(s.person_id, s.report);
        }
    }
    let email = state.config.smtp_url.is_some();
    let mut sent = RemindersSent {
        reminded: Vec::new(),
        up_to_date: Vec::new(),
        without_login: Vec::new(),
    };
    for id in ids {
        let report = match reports.get(&id) {
            Some(json) => {
                Some(ComplianceReportDto::deserialize(json).map_err(anyhow::Error::from)?)
            }
            None => None,
        };
        let items = report
            .as_ref()
            .map(crate::dashboard::items)
            .unwrap_or_default();
        let Some(event) = rules::office_reminder(id, today, &open_worst_first(&items)) else {
            sent.up_to_date.push(id);
            continue;
        };
        if users::ids_of_person(&txn, scope, id).await?.is_empty() {
            sent.without_login.push(id);
            continue;
        }
        crate::notifications::tell_person(&txn, scope, event, email, caller.clock.now()).await?;
        caller
            .audit(&txn, scope.id(), "person.remind", ("person", id))
            .await?;
        sent.reminded.push(id);
    }
    txn.commit().await?;
    Ok(sent)
}
