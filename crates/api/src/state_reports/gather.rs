//! What a state report is prepared from: the agency, its state's rules in force for the
//! period, and its officers with the records it counts (annual reports) or a session with
//! its attendees (per-session reports). The report itself is built by the domain.

use std::collections::{BTreeMap, HashMap};

use confitrek_domain::compliance::ruleset_reimbursement::Reimbursement;
use confitrek_domain::compliance::{Jurisdiction, RuleSet};
use confitrek_domain::reimbursement::FiscalYear;
use confitrek_domain::state_reports::annual::{self, AnnualInput, Officer, RecordHours};
use confitrek_domain::state_reports::session::{self, Attendee, SessionFacts, SessionInput};
use confitrek_domain::state_reports::{self as domain, Snapshot, StateReportKind};
use confitrek_domain::training::counts_hours;
use confitrek_types::{EnrollmentStatus, FIRST_REPORT_YEAR};
use sea_orm::ConnectionTrait;
use time::{Date, Month};
use uuid::Uuid;

use crate::compliance::jurisdictions;
use crate::db::entity::{agency, person, training_record};
use crate::db::people::{self, PeopleFilter, Visible};
use crate::db::{AgencyScope, agencies, courses, sessions, state_reports as repo};
use crate::http::{ApiError, ApiResult};

/// More than any agency has: a report covers the whole roster.
const ALL: u64 = 1_000_000;

/// The period a report is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodAsked {
    Year(i32),
    Session(Uuid),
}

/// The agency and its state's rules.
pub struct Agency {
    pub model: agency::Model,
    pub jurisdiction: Option<Jurisdiction>,
    pub today: Date,
}

impl Agency {
    pub async fn load(
        db: &impl ConnectionTrait,
        clock: &crate::clock::Clock,
        scope: AgencyScope,
    ) -> ApiResult<Self> {
        let model = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
        let today = clock.today_in(&model.time_zone);
        Self::of(db, model, today).await
    }

    /// The agency as it stands on `today`.
    pub async fn on(db: &impl ConnectionTrait, scope: AgencyScope, today: Date) -> ApiResult<Self> {
        let model = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
        Self::of(db, model, today).await
    }

    async fn of(db: &impl ConnectionTrait, model: agency::Model, today: Date) -> ApiResult<Self> {
        let jurisdiction = jurisdictions::load(db, &model.state_code)
            .await?
            .map(|(j, _)| j);
        Ok(Self {
            model,
            jurisdiction,
            today,
        })
    }

    /// The version of the state's rules in force on `day` (the first one before any was).
    pub fn rules_on(&self, day: Date) -> Option<&RuleSet> {
        let j = self.jurisdiction.as_ref()?;
        j.in_force(day).or_else(|| j.versions().first())
    }

    /// The state's rules in force today, which say what reports the state asks for.
    pub fn rules_today(&self) -> Option<&RuleSet> {
        self.rules_on(self.today)
    }

    /// The latest year a report of `kind` can be prepared for: the year in progress. A
    /// fiscal year is named by the year it ends in and starts in the month of the state's
    /// program (July in Minnesota), so in December 2026 Minnesota is in fiscal year 2027.
    pub fn latest_year(&self, kind: StateReportKind) -> i32 {
        if kind.period() != confitrek_types::StateReportPeriod::FiscalYear {
            return self.today.year();
        }
        let start_month = match self.rules_today().and_then(|r| r.reimbursement.as_ref()) {
            Some(Reimbursement::EqualShares(p)) => p.fiscal_year.start_month,
            _ => 1,
        };
        FiscalYear::containing(self.today, start_month)
            .map_or(self.today.year(), FiscalYear::end_year)
    }

    /// The kind's description, or a problem naming `kind` when the state does not ask for it.
    pub fn offered(
        &self,
        kind: StateReportKind,
        rules: Option<&RuleSet>,
    ) -> ApiResult<confitrek_domain::compliance::ruleset_reports::StateReportRule> {
        domain::offered(kind, &self.model.state_code, rules)
            .cloned()
            .map_err(|e| ApiError::field("kind", e.to_string()))
    }
}

/// The period asked, checked: a year from 2000 to this year, or one of the agency's
/// sessions; exactly the one the kind takes.
pub fn period(
    kind: StateReportKind,
    year: Option<i32>,
    session_id: Option<Uuid>,
    latest_year: i32,
) -> ApiResult<PeriodAsked> {
    if annual::is_annual(kind) {
        if session_id.is_some() {
            return Err(ApiError::field(
                "session_id",
                "an annual report covers a year, not a session",
            ));
        }
        let year = year.ok_or_else(|| ApiError::field("year", "is required"))?;
        if !(FIRST_REPORT_YEAR..=latest_year).contains(&year) {
            return Err(ApiError::field(
                "year",
                format!("must be from {FIRST_REPORT_YEAR} to {latest_year}"),
            ));
        }
        Ok(PeriodAsked::Year(year))
    } else {
        if year.is_some() {
            return Err(ApiError::field(
                "year",
                "this report covers a session, not a year",
            ));
        }
        session_id
            .map(PeriodAsked::Session)
            .ok_or_else(|| ApiError::field("session_id", "is required"))
    }
}

fn minutes(json: &serde_json::Value) -> BTreeMap<String, u32> {
    serde_json::from_value(json.clone()).unwrap_or_default()
}

fn events(json: &serde_json::Value) -> Vec<String> {
    serde_json::from_value(json.clone()).unwrap_or_default()
}

fn flags(p: &person::Model) -> Vec<String> {
    p.role_flags
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The officers of the agency with the records it counts, completed in `year`.
pub async fn officers(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    agency: &agency::Model,
    year: i32,
) -> ApiResult<Vec<Officer>> {
    let filter = PeopleFilter {
        kind: Some("officer".into()),
        ..PeopleFilter::default()
    };
    let people = people::list(db, scope, &Visible::All, &filter, None, ALL).await?;
    let (from, to) = year_bounds(year)?;
    let mut records: HashMap<Uuid, Vec<RecordHours>> = HashMap::new();
    for r in repo::records_between(db, scope, from, to).await? {
        if counts_hours(r.verification, agency.count_unverified) {
            records.entry(r.person_id).or_default().push(RecordHours {
                completed_on: r.completed_on,
                minutes_by_topic: minutes(&r.minutes_by_topic),
                events: events(&r.events),
            });
        }
    }
    Ok(people
        .into_iter()
        .map(|p| Officer {
            records: records.remove(&p.id).unwrap_or_default(),
            role_flags: flags(&p),
            id: p.id,
            kind: p.kind,
            first_name: p.first_name,
            last_name: p.last_name,
            badge: p.badge,
            licence_number: p.license_number,
            status: p.status,
            hire_date: p.hire_date,
            certified_on: p.certified_on,
        })
        .collect())
}

fn year_bounds(year: i32) -> ApiResult<(Date, Date)> {
    let day = |m, d| {
        Date::from_calendar_date(year, m, d).map_err(|_| ApiError::field("year", "is not a year"))
    };
    Ok((day(Month::January, 1)?, day(Month::December, 31)?))
}

/// The session with its course, and the people who attended it with the hours their
/// records of it carry.
pub async fn session_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> ApiResult<(SessionFacts, Vec<Attendee>)> {
    let not_found = || ApiError::field("session_id", "is not a session of the agency");
    let s = sessions::get(db, scope, id).await?.ok_or_else(not_found)?;
    let course = courses::get(db, scope, s.course_id)
        .await?
        .ok_or_else(not_found)?;
    let records: BTreeMap<Uuid, training_record::Model> = repo::records_of_session(db, scope, id)
        .await?
        .into_iter()
        .filter(|r| r.verification != confitrek_types::Verification::Rejected)
        .map(|r| (r.person_id, r))
        .collect();
    let attended: Vec<Uuid> = sessions::roster(db, scope, id)
        .await?
        .into_iter()
        .filter(|e| e.status == EnrollmentStatus::Attended || records.contains_key(&e.person_id))
        .map(|e| e.person_id)
        .collect();
    let attendees = people::many(db, scope, attended)
        .await?
        .into_iter()
        .map(|p| Attendee {
            minutes_by_topic: records
                .get(&p.id)
                .map(|r| minutes(&r.minutes_by_topic))
                .unwrap_or_default(),
            id: p.id,
            first_name: p.first_name,
            last_name: p.last_name,
            badge: p.badge,
            licence_number: p.license_number,
        })
        .collect();
    let facts = SessionFacts {
        id: s.id,
        course_title: course.title,
        course_number: course.post_course_number,
        starts_on: s.starts_on,
        ends_on: s.ends_on,
        course_minutes_by_topic: minutes(&course.minutes_by_topic),
        instructor: s.instructor,
    };
    Ok((facts, attendees))
}

/// A report of `kind` for `period` as the data stand now, and the version of the rules it
/// was prepared under.
pub async fn live(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    agency: &Agency,
    kind: StateReportKind,
    period: PeriodAsked,
) -> ApiResult<(Snapshot, Option<u32>)> {
    // The state must ask for the kind today; the period's own rules fill it.
    agency.offered(kind, agency.rules_today())?;
    match period {
        PeriodAsked::Year(year) => {
            let (from, _) = year_bounds(year)?;
            let rules = agency.rules_on(from).ok_or(ApiError::NotFound)?;
            let report = agency.offered(kind, Some(rules)).or_else(|_| {
                // A version of the rules older than the report's description: today's says.
                agency.offered(kind, agency.rules_today())
            })?;
            let officers = officers(db, scope, &agency.model, year).await?;
            let snapshot = annual::annual(&AnnualInput {
                report: &report,
                rules,
                year,
                as_of: agency.today,
                agency: &agency.model.name,
                counts_unverified: agency.model.count_unverified,
                officers: &officers,
            });
            Ok((snapshot, Some(rules.version)))
        }
        PeriodAsked::Session(id) => {
            let (facts, attendees) = session_of(db, scope, id).await?;
            let rules = agency.rules_on(facts.starts_on).ok_or(ApiError::NotFound)?;
            let report = agency
                .offered(kind, Some(rules))
                .or_else(|_| agency.offered(kind, agency.rules_today()))?;
            let snapshot = session::session(&SessionInput {
                report: &report,
                rules,
                agency: &agency.model.name,
                as_of: agency.today,
                session: &facts,
                attendees: &attendees,
            });
            Ok((snapshot, Some(rules.version)))
        }
    }
}
