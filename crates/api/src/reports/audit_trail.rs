//! The agency's audit trail over a range of days (its calendar days, in its time zone), for
//! an audit notice: who did what to which record, when, from where.

use std::collections::HashMap;

use confitrek_types::ReportFormat;
use sea_orm::DatabaseConnection;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use super::Generated;
use super::pdf::{Block, Column, Document};
use super::table::csv;
use crate::auth::Caller;
use crate::db::entity::{agency, audit_event};
use crate::db::{agencies, audit, users};
use crate::http::{ApiError, ApiResult};

/// A report longer than this is refused: a shorter range answers an audit notice better
/// than a file too large to open.
pub const MAX_EVENTS: u64 = 100_000;

pub struct AuditTrail {
    pub agency: agency::Model,
    pub from: Date,
    pub to: Date,
    pub events: Vec<audit_event::Model>,
    emails: HashMap<uuid::Uuid, String>,
}

/// The instant the agency's calendar day `day` begins.
fn start_of(day: Date, zone: &str, field: &str) -> ApiResult<OffsetDateTime> {
    crate::clock::start_of_day(day, zone)
        .map(|t| t.to_offset(UtcOffset::UTC))
        .ok_or_else(|| ApiError::field(field, "is out of range"))
}

pub async fn build(
    db: &DatabaseConnection,
    caller: &Caller,
    from: Date,
    to: Date,
) -> ApiResult<AuditTrail> {
    let scope = caller.scope()?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let start = start_of(from, &agency.time_zone, "from")?;
    let end = start_of(
        to.next_day()
            .ok_or_else(|| ApiError::field("to", "is out of range"))?,
        &agency.time_zone,
        "to",
    )?;
    let events = audit::between(db, scope, start, end, MAX_EVENTS + 1).await?;
    if events.len() as u64 > MAX_EVENTS {
        return Err(ApiError::field(
            "from",
            format!("the range holds more than {MAX_EVENTS} events; choose a shorter one"),
        ));
    }
    let mut emails: std::collections::HashMap<_, _> = users::list(db, scope, None, 1_000_000)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let actors: std::collections::BTreeSet<_> =
        events.iter().filter_map(|e| e.actor_user_id).collect();
    let actors = actors.into_iter().collect();
    emails.extend(crate::db::service_accounts::names(db, scope, actors).await?);
    Ok(AuditTrail {
        agency,
        from,
        to,
        events,
        emails,
    })
}

impl AuditTrail {
    fn rows(&self) -> Vec<Vec<String>> {
        self.events
            .iter()
            .map(|e| {
                let actor = e
                    .actor_user_id
                    .map(|id| self.emails.get(&id).cloned().unwrap_or(id.to_string()))
                    .unwrap_or_default();
                vec![
                    e.occurred_at
                        .to_offset(UtcOffset::UTC)
                        .format(&Rfc3339)
                        .unwrap_or_default(),
                    actor,
                    e.action.clone(),
                    e.outcome.clone(),
                    e.target_type.clone().unwrap_or_default(),
                    e.target_id.map(|t| t.to_string()).unwrap_or_default(),
                    e.ip.clone().unwrap_or_default(),
                    e.request_id.clone().unwrap_or_default(),
                ]
            })
            .collect()
    }

    pub fn csv(&self) -> ApiResult<Vec<u8>> {
        csv(
            &[
                "occurred_at",
                "actor",
                "action",
                "outcome",
                "target_type",
                "target_id",
                "ip",
                "request_id",
            ],
            &self.rows(),
        )
    }

    pub fn pdf(&self, generated: &Generated) -> Vec<u8> {
        let blocks = vec![
            Block::Text(format!(
                "{} events from {} to {} (the agency's calendar days, {}); times in UTC.",
                self.events.len(),
                self.from,
                self.to,
                self.agency.time_zone
            )),
            Block::Table {
                columns: vec![
                    Column::left("Time (UTC)", 2.2),
                    Column::left("Actor", 2.6),
                    Column::left("Action", 2.0),
                    Column::left("Outcome", 1.0),
                    Column::left("Target", 1.4),
                    Column::left("Target id", 3.4),
                    Column::left("Address", 1.4),
                    Column::left("Request", 3.0),
                ],
                rows: self.rows(),
                bold_last: false,
            },
        ];
        super::pdf::render(&Document {
            header: generated.header(
                &self.agency,
                "Audit trail",
                format!("From {} to {}", self.from, self.to),
            ),
            landscape: true,
            blocks,
        })
    }

    pub fn file(&self, format: ReportFormat, generated: &Generated) -> ApiResult<Vec<u8>> {
        match format {
            ReportFormat::Csv => self.csv(),
            ReportFormat::Pdf => Ok(self.pdf(generated)),
        }
    }
}
