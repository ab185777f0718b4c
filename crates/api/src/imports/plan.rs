//! What an import would write, worked out from the file and the agency's rows as they are:
//! the same plan answers the preview and, inside the commit's transaction, is written.

use std::collections::{BTreeSet, HashMap};

use confitrek_domain::import::{
    self, Columns, ImportCounts, ImportField as F, ImportKind, MatchRule, PersonRow, RowError,
    Sheet, TopicName, TrainingRow, shorten, title_key,
};
use confitrek_domain::people::ValidPerson;
use confitrek_domain::training::{RecordDraft, RecordSource, ValidRecord, Verification};
use confitrek_domain::validation::ValidationErrors;
use sea_orm::{ConnectionTrait, TryIntoModel};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::entity::{
    acknowledgement, course, credential, import_batch, person, training_record,
};
use crate::db::training_records::{NewRecord, corrected, minutes_json, new_record};
use crate::db::{AgencyScope, batch, courses, people};
use crate::http::{ApiError, ApiResult};
use crate::training::{TrainingContext, hours_of};

/// A person or record the commit writes: new, or an existing row and what it becomes.
pub enum Change<M> {
    New(M),
    Updated { before: M, after: M },
}

impl<M> Change<M> {
    pub fn after(&self) -> &M {
        match self {
            Change::New(m) | Change::Updated { after: m, .. } => m,
        }
    }
}

#[derive(Default)]
pub struct Plan {
    pub counts: ImportCounts,
    pub errors: Vec<RowError>,
    pub matched_by: Option<MatchRule>,
    pub unknown_topics: Vec<String>,
    pub people: Vec<Change<person::Model>>,
    pub records: Vec<Change<training_record::Model>>,
    pub credentials: Vec<Change<credential::Model>>,
    pub acknowledgements: Vec<acknowledgement::Model>,
    pub courses: Vec<Change<course::Model>>,
}

impl Plan {
    pub(super) fn refuse(&mut self, errors: Vec<RowError>) {
        let rows: BTreeSet<u32> = errors.iter().map(|e| e.row).collect();
        self.counts.errors += u32::try_from(rows.len()).unwrap_or(u32::MAX);
        self.errors.extend(errors);
    }

    /// The rows the commit writes.
    pub fn writes(&self) -> usize {
        self.people.len()
            + self.records.len()
            + self.credentials.len()
            + self.acknowledgements.len()
            + self.courses.len()
    }

    /// The people whose verdicts the import changes.
    pub fn affected(&self) -> Vec<Uuid> {
        let ids: BTreeSet<Uuid> = self
            .people
            .iter()
            .map(|c| c.after().id)
            .chain(self.records.iter().map(|c| c.after().person_id))
            .chain(self.credentials.iter().map(|c| c.after().person_id))
            .chain(self.acknowledgements.iter().map(|a| a.person_id))
            .collect();
        ids.into_iter().collect()
    }
}

/// The agency's topics as a file may name them: the state's (any version) and its own.
pub fn topic_names(
    ctx: &TrainingContext,
    own: Vec<crate::db::entity::topic::Model>,
) -> Vec<TopicName> {
    let mut names: Vec<TopicName> = Vec::new();
    let state = ctx
        .jurisdiction
        .iter()
        .flat_map(|j| j.versions())
        .flat_map(|v| &v.topics);
    for t in state {
        if !names.iter().any(|n| n.code == t.code) {
            names.push(TopicName {
                code: t.code.clone(),
                title: t.title.clone(),
            });
        }
    }
    names.extend(own.into_iter().map(|t| TopicName {
        code: t.code,
        title: t.title,
    }));
    names
}

/// The column a validation error of `field` is about.
fn column_of(columns: &Columns, field: &str) -> Option<String> {
    let f = match field.split('.').next().unwrap_or(field) {
        "first_name" => F::FirstName,
        "last_name" => F::LastName,
        "badge" => F::Badge,
        "email" => F::Email,
        "unit" => F::Unit,
        "title" if columns.kind == ImportKind::People => F::Rank,
        "title" => F::CourseTitle,
        "kind" => F::Kind,
        "status" => F::Status,
        "role_flags" => F::RoleFlags,
        "hire_date" => F::HireDate,
        "certified_on" => F::CertifiedOn,
        "license_number" => F::LicenseNumber,
        "license_cycle_start" | "license_cycle" => F::LicenseCycleStart,
        "license_cycle_end" => F::LicenseCycleEnd,
        "history_from" => F::HistoryFrom,
        "completed_on" => F::CompletedOn,
        "events" => F::Events,
        "issued_on" => F::IssuedOn,
        "expires_on" => F::ExpiresOn,
        "note" => F::Note,
        "provider" => F::Provider,
        "post_course_number" => F::CourseNumber,
        "delivery" => F::Delivery,
        "cost_cents" => F::Cost,
        "hours" => {
            let code = field.strip_prefix("hours.");
            let topic_column = columns
                .topic_columns
                .iter()
                .find(|(_, c)| code.is_none_or(|code| code == c))
                .map(|(i, _)| columns.headers[*i].clone());
            return topic_column.or_else(|| columns.header(F::Hours));
        }
        _ => return None,
    };
    columns.header(f)
}

pub(super) fn row_errors(columns: &Columns, row: u32, errors: ValidationErrors) -> Vec<RowError> {
    errors
        .0
        .into_iter()
        .map(|e| RowError {
            row,
            column: column_of(columns, &e.field),
            value: None,
            reason: e.message,
        })
        .collect()
}

pub(super) fn row_error(row: u32, column: Option<String>, value: &str, reason: String) -> RowError {
    RowError {
        row,
        column,
        value: Some(shorten(value)),
        reason,
    }
}

/// The people of the agency by what a file may name them by.
pub(super) struct Roster {
    by_badge: HashMap<String, usize>,
    by_license: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
    people: Vec<person::Model>,
}

impl Roster {
    fn new(people: Vec<person::Model>) -> Self {
        let mut roster = Roster {
            by_badge: HashMap::new(),
            by_license: HashMap::new(),
            by_email: HashMap::new(),
            people,
        };
        for (i, p) in roster.people.iter().enumerate() {
            roster.by_badge.insert(p.badge.clone(), i);
            if let Some(l) = &p.license_number {
                roster.by_license.insert(l.clone(), i);
            }
            if let Some(e) = &p.email {
                roster.by_email.insert(e.to_lowercase(), i);
            }
        }
        roster
    }

    pub(super) fn find(&self, rule: MatchRule, value: &str) -> Option<&person::Model> {
        let found = match rule {
            // Badges are stored upper-case (see `BadgeNumber`).
            MatchRule::Badge => self.by_badge.get(&value.trim().to_ascii_uppercase()),
            MatchRule::LicenseNumber => self.by_license.get(value),
            MatchRule::Email => self.by_email.get(&value.to_lowercase()),
        };
        found.map(|i| &self.people[*i])
    }

    /// The person a row of a training, credential or acknowledgement file names; an error
    /// when no one of the agency has the badge (licence number, email) it gives, or when its
    /// last name is someone else's.
    pub(super) fn person_named(
        &self,
        columns: &Columns,
        row: u32,
        (rule, value): &(MatchRule, String),
        last_name: Option<&str>,
    ) -> Result<&person::Model, RowError> {
        let Some(person) = self.find(*rule, value) else {
            let field = match rule {
                MatchRule::Badge => F::Badge,
                MatchRule::LicenseNumber => F::LicenseNumber,
                MatchRule::Email => F::Email,
            };
            return Err(row_error(
                row,
                columns.header(field),
                value,
                format!(
                    "no person of this agency has this {}",
                    rule.label().to_lowercase()
                ),
            ));
        };
        if let Some(last) = last_name
            && !last.eq_ignore_ascii_case(&person.last_name)
        {
            return Err(row_error(
                row,
                columns.header(F::LastName),
                last,
                format!(
                    "{} {} is {} {} in ConfiTrek: check the row names the right person",
                    rule.label(),
                    value,
                    person.first_name,
                    person.last_name
                ),
            ));
        }
        Ok(person)
    }

    /// The person a roster row stands for: by badge, else licence number, else email.
    fn of_row(&self, row: &PersonRow) -> Option<&person::Model> {
        row.badge
            .as_deref()
            .and_then(|b| self.find(MatchRule::Badge, b))
            .or_else(|| {
                row.license_number
                    .as_deref()
                    .and_then(|l| self.find(MatchRule::LicenseNumber, l))
            })
            .or_else(|| {
                row.email
                    .as_deref()
                    .and_then(|e| self.find(MatchRule::Email, e))
            })
    }
}

/// What a plan of one kind reads: the file, how it is read, and the agency as it is.
#[derive(Clone, Copy)]
pub(super) struct Source<'a, C> {
    pub db: &'a C,
    pub scope: AgencyScope,
    pub ctx: &'a TrainingContext,
    pub columns: &'a Columns,
    pub sheet: &'a Sheet,
    pub roster: &'a Roster,
    pub batch: &'a import_batch::Model,
}

/// Works out what importing `sheet` as `batch` says would write, reading the agency's rows
/// through `db` (the commit's transaction, or the database for a preview).
pub async fn plan(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ctx: &TrainingContext,
    topics: &[TopicName],
    batch: &import_batch::Model,
    sheet: &Sheet,
) -> ApiResult<Plan> {
    let mapping: import::ImportMapping = serde_json::from_value(batch.mapping.clone())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored import mapping: {e}")))?;
    let mut plan = Plan::default();
    let columns = match Columns::resolve(batch.kind, &sheet.headers, &mapping, topics) {
        Ok(c) => c,
        Err(errors) => {
            plan.errors = errors;
            plan.counts.errors = 1;
            return Ok(plan);
        }
    };
    let roster = Roster::new(people::all(db, scope).await?);
    let on = Source {
        db,
        scope,
        ctx,
        columns: &columns,
        sheet,
        roster: &roster,
        batch,
    };
    match batch.kind {
        ImportKind::People => plan_people(
            &mut plan, &columns, sheet, &roster, ctx.today, scope, ctx.now,
        ),
        ImportKind::Training => {
            plan_training(
                &mut plan, db, scope, ctx, &columns, sheet, &roster, &mapping,
            )
            .await?;
        }
        ImportKind::Credentials => super::kinds::plan_credentials(&mut plan, on).await?,
        ImportKind::Acknowledgements => super::kinds::plan_acknowledgements(&mut plan, on).await?,
        ImportKind::Courses => super::kinds::plan_courses(&mut plan, on).await?,
    }
    plan.counts.rows = u32::try_from(
        sheet
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .count(),
    )
    .unwrap_or(u32::MAX);
    plan.errors.sort_by_key(|e| e.row);
    Ok(plan)
}

fn blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Whether writing `after` over `before` would change anything a person can see.
fn same_person(before: &person::Model, after: &person::Model) -> bool {
    let mut after = after.clone();
    after.updated_at = before.updated_at;
    after.created_at = before.created_at;
    after == *before
}

fn plan_people(
    plan: &mut Plan,
    columns: &Columns,
    sheet: &Sheet,
    roster: &Roster,
    today: Date,
    scope: AgencyScope,
    now: OffsetDateTime,
) {
    // Badge -> the first row that gave it, and what it said.
    let mut seen: HashMap<String, (u32, PersonRow)> = HashMap::new();
    let mut claimed_badges: HashMap<String, u32> = HashMap::new();
    for (i, cells) in sheet.rows.iter().enumerate() {
        if blank(cells) {
            continue;
        }
        let row = match import::person_row(columns, i, cells) {
            Ok(r) => r,
            Err(errors) => {
                plan.refuse(errors);
                continue;
            }
        };
        let badge = row.badge.clone().unwrap_or_default().to_ascii_uppercase();
        if let Some((first, said)) = seen.get(&badge) {
            let mut same = said.clone();
            same.row = row.row;
            if same == row {
                plan.counts.duplicates_in_file += 1;
            } else {
                plan.refuse(vec![row_error(
                    row.row,
                    columns.header(F::Badge),
                    &badge,
                    format!("the same badge as row {first}, with other details"),
                )]);
            }
            continue;
        }
        seen.insert(badge.clone(), (row.row, row.clone()));
        let existing = roster.of_row(&row);
        let id = existing.map_or_else(Uuid::now_v7, |e| e.id);
        if let Some(holder) = roster.find(MatchRule::Badge, &badge)
            && holder.id != id
        {
            plan.refuse(vec![row_error(
                row.row,
                columns.header(F::Badge),
                &badge,
                format!(
                    "is the badge of {} {} in ConfiTrek, not of the person this row matches",
                    holder.first_name, holder.last_name
                ),
            )]);
            continue;
        }
        if let Some(first) = claimed_badges.insert(badge.clone(), row.row) {
            plan.refuse(vec![row_error(
                row.row,
                columns.header(F::Badge),
                &badge,
                format!("row {first} gives the same person this badge"),
            )]);
            continue;
        }
        let draft = row.over(existing.map(crate::people::draft_of), today);
        let valid = match ValidPerson::parse(draft, existing.map(|e| e.id)) {
            Ok(v) => v,
            Err(errors) => {
                plan.refuse(row_errors(columns, row.row, errors));
                continue;
            }
        };
        let after = match existing {
            Some(e) => people::replaced(e.clone(), &valid, now),
            None => people::new_person(scope, id, &valid, now),
        }
        .try_into_model();
        let Ok(after) = after else {
            plan.refuse(vec![row_error(
                row.row,
                None,
                "",
                "cannot be read as a person".into(),
            )]);
            continue;
        };
        match existing {
            Some(before) if same_person(before, &after) => plan.counts.unchanged += 1,
            Some(before) => {
                plan.counts.updated += 1;
                plan.people.push(Change::Updated {
                    before: before.clone(),
                    after,
                });
            }
            None => {
                plan.counts.new += 1;
                plan.people.push(Change::New(after));
            }
        }
    }
}

fn same_content(record: &training_record::Model, valid: &ValidRecord) -> bool {
    record.minutes_by_topic == minutes_json(&valid.content.minutes_by_topic)
        && crate::training::events_of(&record.events) == valid.content.events
}

#[allow(clippy::too_many_arguments)]
async fn plan_training(
    plan: &mut Plan,
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ctx: &TrainingContext,
    columns: &Columns,
    sheet: &Sheet,
    roster: &Roster,
    mapping: &import::ImportMapping,
) -> ApiResult<()> {
    plan.matched_by = columns.match_rule();
    let (rows, errors, duplicates) = import::training_rows(columns, sheet);
    plan.counts.duplicates_in_file = duplicates;
    plan.refuse(errors);
    if let Some(at) = columns.of(F::Topic) {
        let known: BTreeSet<String> = mapping
            .topics
            .iter()
            .filter(|t| t.topic.is_some())
            .map(|t| import::normalize(&t.name))
            .collect();
        let unknown: BTreeSet<String> = sheet
            .rows
            .iter()
            .filter_map(|r| r.get(at))
            .map(|c| c.trim())
            .filter(|c| !c.is_empty() && !known.contains(&import::normalize(c)))
            .map(str::to_owned)
            .take(1000)
            .collect();
        plan.unknown_topics = unknown.into_iter().collect();
    }
    let catalog = courses::all(db, scope).await?;
    // The person by reference: a copy per record would be a roster per hundred rows.
    let mut matched: Vec<(TrainingRow, &person::Model)> = Vec::with_capacity(rows.len());
    for row in rows {
        let named =
            roster.person_named(columns, row.row, &row.key.person, row.last_name.as_deref());
        match named {
            Ok(person) => matched.push((row, person)),
            Err(error) => plan.refuse(vec![error]),
        }
    }
    let ids: Vec<Uuid> = matched
        .iter()
        .map(|(_, p)| p.id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // The agency's records of these people by natural key: one look-up per row.
    let existing = batch::records_of_people(db, scope, &ids).await?;
    let by_key: HashMap<(Uuid, Date, String), &training_record::Model> = existing
        .values()
        .flatten()
        .map(|r| ((r.person_id, r.completed_on, title_key(&r.title)), r))
        .collect();
    let by_number: HashMap<String, &course::Model> = catalog
        .iter()
        .filter_map(|c| Some((c.post_course_number.as_deref()?.to_lowercase(), c)))
        .collect();
    let by_title: HashMap<String, &course::Model> =
        catalog.iter().map(|c| (title_key(&c.title), c)).collect();
    let now = ctx.now;
    for (row, person) in matched {
        let course = row
            .course_number
            .as_deref()
            .and_then(|n| by_number.get(&n.to_lowercase()).copied())
            .or_else(|| {
                row.title
                    .as_deref()
                    .and_then(|t| by_title.get(&title_key(t)).copied())
            });
        if row.title.is_none() && course.is_none() {
            plan.refuse(vec![row_error(
                row.row,
                columns.header(F::CourseNumber),
                row.course_number.as_deref().unwrap_or_default(),
                "is not the POST course number of a course in the catalog: add the course, or give the title".into(),
            )]);
            continue;
        }
        let title = row
            .title
            .clone()
            .or_else(|| course.map(|c| c.title.clone()))
            .unwrap_or_default();
        let (hours, events) = if row.hours.is_empty() && row.events.is_empty() {
            match course {
                Some(c) => (
                    hours_of(&c.minutes_by_topic),
                    crate::training::events_of(&c.events),
                ),
                None => (row.hours.clone(), row.events.clone()),
            }
        } else {
            (row.hours.clone(), row.events.clone())
        };
        let draft = RecordDraft {
            title,
            completed_on: row.key.completed_on,
            hours,
            events,
        };
        let valid = match ValidRecord::parse(draft, &ctx.catalog, ctx.today) {
            Ok(v) => v,
            Err(errors) => {
                plan.refuse(row_errors(columns, row.row, errors));
                continue;
            }
        };
        let verification = match row.verification {
            Some(Verification::Rejected) => {
                plan.refuse(vec![row_error(
                    row.row,
                    columns.header(F::Verification),
                    "rejected",
                    "a rejected record is not imported: leave it out of the file".into(),
                )]);
                continue;
            }
            Some(v) => v,
            None => Verification::Verified,
        };
        let same = by_key
            .get(&(person.id, valid.completed_on, title_key(&valid.title)))
            .copied();
        match same {
            Some(before) if same_content(before, &valid) => plan.counts.unchanged += 1,
            Some(before) => {
                let after =
                    corrected(before.clone(), &valid, before.verification, now).try_into_model();
                let Ok(after) = after else { continue };
                plan.counts.updated += 1;
                plan.records.push(Change::Updated {
                    before: before.clone(),
                    after,
                });
            }
            None => {
                let new = NewRecord {
                    person_id: person.id,
                    course_id: course.map(|c| c.id),
                    session_id: None,
                    source: RecordSource::Import,
                    verification,
                    verified_by: None,
                };
                let Ok(model) = new_record(scope, new, &valid, now).try_into_model() else {
                    continue;
                };
                plan.counts.new += 1;
                plan.records.push(Change::New(model));
            }
        }
    }
    Ok(())
}
