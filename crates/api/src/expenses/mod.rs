//! Training costs: expense lines on a training record, a session (shared equally among its
//! attendees) or a person; their receipts; budgets per fiscal year and unit with what is
//! spent, committed and left; summaries and CSV/XLSX exports. The rules are in
//! `confitrek_domain::expenses`; who may do what in `confitrek_domain::permissions`.

pub mod budget_service;
pub mod budgets;
pub mod handlers;
pub mod receipts;
pub mod service;
pub mod summary;

use std::collections::{BTreeMap, HashMap};

use confitrek_domain::expenses::FiscalYearStart;
use confitrek_types::{ExpenseDto, ReceiptDto};
use sea_orm::ConnectionTrait;
use time::Date;
use uuid::Uuid;

use crate::db::entity::{expense_line, expense_receipt};
use crate::db::stored_files::Receipts;
use crate::db::{AgencyScope, agencies, courses, expenses, people, sessions, training_records};
use crate::http::{ApiError, ApiResult};

/// The agency's today and the month its fiscal year starts.
#[derive(Debug, Clone, Copy)]
pub struct FiscalContext {
    pub today: Date,
    pub start: FiscalYearStart,
}

impl FiscalContext {
    /// The first and last day of fiscal year `year` (422 naming `field` beyond the calendar).
    pub fn bounds(&self, field: &str, year: i32) -> ApiResult<(Date, Date)> {
        self.start
            .bounds(year)
            .ok_or_else(|| ApiError::field(field, "is not a fiscal year of the calendar"))
    }

    /// The fiscal year asked for, or the current one; checked against the bounds.
    pub fn year(&self, field: &str, asked: Option<i64>) -> ApiResult<i32> {
        match asked {
            Some(year) => Ok(confitrek_domain::expenses::parse_fiscal_year(field, year)?),
            None => Ok(self.start.year_of(self.today)),
        }
    }
}

pub async fn fiscal_context(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
) -> ApiResult<FiscalContext> {
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    Ok(FiscalContext {
        today: clock.today_in(&agency.time_zone),
        start: FiscalYearStart::from_month_number(i64::from(agency.fiscal_year_start_month))
            .unwrap_or_default(),
    })
}

pub(crate) fn receipt_dto(r: expense_receipt::Model) -> ReceiptDto {
    ReceiptDto {
        content_type: r.content_type,
        size_bytes: u64::try_from(r.size_bytes).unwrap_or(0),
        sha256: r.sha256,
        uploaded_at: r.created_at,
    }
}

/// What the lines are on, by id: names of people, records and sessions, and their courses.
#[derive(Debug, Default)]
pub struct Subjects {
    pub people: HashMap<Uuid, crate::db::entity::person::Model>,
    /// record -> (title, person, course)
    pub records: HashMap<Uuid, (String, Uuid, Option<Uuid>)>,
    /// session -> (course, starts on)
    pub sessions: HashMap<Uuid, (Uuid, Date)>,
    pub courses: BTreeMap<Uuid, String>,
    pub attendees: HashMap<Uuid, Vec<Uuid>>,
}

impl Subjects {
    pub async fn load(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        lines: &[expense_line::Model],
    ) -> ApiResult<Self> {
        let mut subjects = Subjects::default();
        for id in lines.iter().filter_map(|l| l.record_id) {
            if let Some(r) = training_records::get(db, scope, id).await? {
                subjects
                    .records
                    .insert(r.id, (r.title, r.person_id, r.course_id));
            }
        }
        for id in lines.iter().filter_map(|l| l.session_id) {
            if !subjects.sessions.contains_key(&id)
                && let Some(s) = sessions::get(db, scope, id).await?
            {
                subjects.sessions.insert(s.id, (s.course_id, s.starts_on));
            }
        }
        let session_ids: Vec<Uuid> = subjects.sessions.keys().copied().collect();
        subjects.attendees = expenses::attendees_of(db, scope.id(), session_ids).await?;
        let mut person_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.person_id).collect();
        person_ids.extend(subjects.records.values().map(|r| r.1));
        person_ids.extend(subjects.attendees.values().flatten().copied());
        subjects.people = people::many(db, scope, person_ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let course_ids: Vec<Uuid> = subjects
            .records
            .values()
            .filter_map(|r| r.2)
            .chain(subjects.sessions.values().map(|s| s.0))
            .collect();
        subjects.courses = courses::many(db, scope, course_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c.title))
            .collect();
        Ok(subjects)
    }

    fn name(&self, person: Uuid) -> String {
        self.people
            .get(&person)
            .map(crate::training::display_name)
            .unwrap_or_default()
    }

    /// The course a line's record or session is of.
    pub fn course_of(&self, line: &expense_line::Model) -> Option<Uuid> {
        line.record_id
            .and_then(|r| self.records.get(&r).and_then(|r| r.2))
            .or_else(|| {
                line.session_id
                    .and_then(|s| self.sessions.get(&s).map(|s| s.0))
            })
    }

    /// What a line is on, for a reader.
    pub fn subject(&self, line: &expense_line::Model) -> String {
        if let Some(person) = line.person_id {
            return self.name(person);
        }
        if let Some((title, person, _)) = line.record_id.and_then(|r| self.records.get(&r)) {
            return format!("{}: {title}", self.name(*person));
        }
        if let Some((course, day)) = line.session_id.and_then(|s| self.sessions.get(&s)) {
            let title = self.courses.get(course).cloned().unwrap_or_default();
            return format!("Session {day}: {title}");
        }
        String::new()
    }

    pub fn unit_of(&self, person: Uuid) -> Option<String> {
        self.people.get(&person).and_then(|p| p.unit.clone())
    }

    pub fn person_name(&self, person: Uuid) -> String {
        self.name(person)
    }
}

/// The lines as DTOs.
pub async fn dtos(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    fiscal: &FiscalContext,
    lines: Vec<expense_line::Model>,
) -> ApiResult<Vec<ExpenseDto>> {
    let subjects = Subjects::load(db, scope, &lines).await?;
    let ids: Vec<Uuid> = lines.iter().map(|l| l.id).collect();
    let mut receipts: HashMap<Uuid, expense_receipt::Model> =
        crate::db::stored_files::of_owners::<Receipts>(db, scope, ids)
            .await?
            .into_iter()
            .map(|r| (r.expense_id, r))
            .collect();
    Ok(lines
        .into_iter()
        .map(|l| {
            let course_id = subjects.course_of(&l);
            ExpenseDto {
                subject: subjects.subject(&l),
                course_title: course_id.and_then(|c| subjects.courses.get(&c).cloned()),
                course_id,
                shared_by: l.session_id.map(|s| {
                    u32::try_from(subjects.attendees.get(&s).map_or(0, Vec::len)).unwrap_or(0)
                }),
                receipt: receipts.remove(&l.id).map(receipt_dto),
                fiscal_year: fiscal.start.year_of(l.incurred_on),
                id: l.id,
                record_id: l.record_id,
                session_id: l.session_id,
                person_id: l.person_id,
                category: l.category,
                amount_cents: l.amount_cents,
                incurred_on: l.incurred_on,
                paid_by: l.paid_by,
                description: l.description,
                status: l.status,
                rejection_reason: l.rejection_reason,
                decided_at: l.decided_at,
                paid_at: l.paid_at,
                created_at: l.created_at,
            }
        })
        .collect())
}
