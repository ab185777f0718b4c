//! The plans of the kinds beside the roster and the training history: credentials awarded,
//! policy acknowledgements signed on paper, and the course catalog. Each row is matched to
//! what the agency has by its natural key, checked by the same rules as the forms, and
//! planned as new, updated or unchanged.

use std::collections::{BTreeMap, HashMap, HashSet};

use confitrek_domain::credentials::{AwardDraft, ValidAward};
use confitrek_domain::import::{
    self, AcknowledgementRow, CourseRow, CredentialRow, ImportField as F, normalize, title_key,
};
use confitrek_domain::policies::{
    check_paper_acknowledgement, paper_attestation, version_signed_on,
};
use confitrek_domain::training::{CourseDraft, ValidCourse};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::plan::{Change, Plan, Source, row_error, row_errors};
use crate::db::entity::{acknowledgement, credential, person};
use crate::db::{batch, courses, credentials, policies};
use crate::http::ApiResult;

/// The people the rows name, matched; an error for each row that names no one or someone
/// else.
fn matched<'a, R, C>(
    plan: &mut Plan,
    on: &Source<'a, C>,
    rows: Vec<R>,
    of: impl Fn(&R) -> (u32, &(import::MatchRule, String), Option<&str>),
) -> Vec<(R, &'a person::Model)> {
    let mut found = Vec::with_capacity(rows.len());
    for r in rows {
        let (row, key, last_name) = of(&r);
        match on.roster.person_named(on.columns, row, key, last_name) {
            Ok(person) => found.push((r, person)),
            Err(error) => plan.refuse(vec![error]),
        }
    }
    found
}

fn ids_of<R>(rows: &[(R, &person::Model)]) -> Vec<Uuid> {
    let ids: std::collections::BTreeSet<Uuid> = rows.iter().map(|(_, p)| p.id).collect();
    ids.into_iter().collect()
}

pub(super) async fn plan_credentials<C: ConnectionTrait>(
    plan: &mut Plan,
    on: Source<'_, C>,
) -> ApiResult<()> {
    plan.matched_by = on.columns.match_rule();
    let (rows, errors, duplicates) = import::gather(
        on.sheet,
        |i, cells| import::credential_row(on.columns, i, cells),
        CredentialRow::key,
        |r| r.row,
        |a, b| a.expires_on == b.expires_on && a.note == b.note,
    );
    plan.counts.duplicates_in_file = duplicates;
    plan.refuse(errors);
    let rows = matched(plan, &on, rows, |r| {
        (r.row, &r.person, r.last_name.as_deref())
    });
    let types = credentials::types(on.db, on.scope).await?;
    let existing = batch::credentials_of_people(on.db, on.scope, &ids_of(&rows)).await?;
    let held: HashMap<(Uuid, Uuid, time::Date), &credential::Model> = existing
        .values()
        .flatten()
        .map(|c| ((c.person_id, c.credential_type_id, c.issued_on), c))
        .collect();
    let now = on.ctx.now;
    for (row, person) in rows {
        let wanted = normalize(&row.credential_type);
        let Some(kind) = types
            .iter()
            .find(|t| normalize(&t.code) == wanted || normalize(&t.name) == wanted)
        else {
            plan.refuse(vec![row_error(
                row.row,
                on.columns.header(F::CredentialType),
                &row.credential_type,
                "is not a credential type of this agency: add it under Credentials first".into(),
            )]);
            continue;
        };
        let draft = AwardDraft {
            issued_on: row.issued_on,
            expires_on: row.expires_on,
            note: row.note.clone(),
        };
        let validity = kind.validity_months.and_then(|m| u16::try_from(m).ok());
        let award = match ValidAward::parse(draft, validity, on.ctx.today) {
            Ok(a) => a,
            Err(errors) => {
                plan.refuse(row_errors(on.columns, row.row, errors));
                continue;
            }
        };
        match held.get(&(person.id, kind.id, award.issued_on)) {
            Some(before) if before.expires_on == award.expires_on && before.note == award.note => {
                plan.counts.unchanged += 1;
            }
            Some(before) => {
                let mut after = (*before).clone();
                after.expires_on = award.expires_on;
                after.note = award.note;
                plan.counts.updated += 1;
                plan.credentials.push(Change::Updated {
                    before: (*before).clone(),
                    after,
                });
            }
            None => {
                plan.counts.new += 1;
                plan.credentials.push(Change::New(credential::Model {
                    id: Uuid::now_v7(),
                    agency_id: on.scope.id(),
                    person_id: person.id,
                    credential_type_id: kind.id,
                    issued_on: award.issued_on,
                    expires_on: award.expires_on,
                    note: award.note,
                    awarded_by: Some(on.batch.created_by),
                    created_at: now,
                }));
            }
        }
    }
    Ok(())
}

pub(super) async fn plan_acknowledgements<C: ConnectionTrait>(
    plan: &mut Plan,
    on: Source<'_, C>,
) -> ApiResult<()> {
    plan.matched_by = on.columns.match_rule();
    let (rows, errors, duplicates) = import::gather(
        on.sheet,
        |i, cells| import::acknowledgement_row(on.columns, i, cells),
        |r: &AcknowledgementRow| {
            (
                r.person.clone(),
                normalize(&r.policy),
                r.version,
                r.acknowledged_on,
            )
        },
        |r| r.row,
        |_, _| true,
    );
    plan.counts.duplicates_in_file = duplicates;
    plan.refuse(errors);
    let rows = matched(plan, &on, rows, |r| {
        (r.row, &r.person, r.last_name.as_deref())
    });
    let all = policies::policies(on.db, on.scope).await?;
    let versions = policies::all_versions_without_text(on.db, on.scope).await?;
    let mut versions_of: HashMap<Uuid, Vec<&crate::db::entity::policy_version::Model>> =
        HashMap::new();
    for v in &versions {
        versions_of.entry(v.policy_id).or_default().push(v);
    }
    let existing = batch::acknowledgements_of_people(on.db, on.scope, &ids_of(&rows)).await?;
    let mut signed: HashSet<(Uuid, Uuid)> = existing
        .values()
        .flatten()
        .map(|a| (a.person_id, a.policy_version_id))
        .collect();
    for (row, person) in rows {
        let wanted = normalize(&row.policy);
        let Some(policy) = all
            .iter()
            .find(|p| normalize(&p.code) == wanted || normalize(&p.title) == wanted)
        else {
            plan.refuse(vec![row_error(
                row.row,
                on.columns.header(F::Policy),
                &row.policy,
                "is not a policy of this agency: give its code or title".into(),
            )]);
            continue;
        };
        let its = versions_of.get(&policy.id).cloned().unwrap_or_default();
        let published: Vec<(u32, time::Date)> = its
            .iter()
            .map(|v| (crate::policies::version_number(v), v.published_on))
            .collect();
        let number = row
            .version
            .or_else(|| version_signed_on(&published, row.acknowledged_on));
        let Some(version) =
            number.and_then(|n| its.iter().find(|v| crate::policies::version_number(v) == n))
        else {
            let (column, value, reason) = match row.version {
                Some(n) => (
                    F::PolicyVersion,
                    n.to_string(),
                    format!("{} has no version {n}", policy.title),
                ),
                None => (
                    F::AcknowledgedOn,
                    row.acknowledged_on.to_string(),
                    format!("no version of {} was published by this day", policy.title),
                ),
            };
            plan.refuse(vec![row_error(
                row.row,
                on.columns.header(column),
                &value,
                reason,
            )]);
            continue;
        };
        if let Err(reason) =
            check_paper_acknowledgement(row.acknowledged_on, version.published_on, on.ctx.today)
        {
            plan.refuse(vec![row_error(
                row.row,
                on.columns.header(F::AcknowledgedOn),
                &row.acknowledged_on.to_string(),
                reason,
            )]);
            continue;
        }
        if !signed.insert((person.id, version.id)) {
            // Acknowledged already (in ConfiTrek, or by an earlier row for the same version):
            // an attestation is made once.
            plan.counts.unchanged += 1;
            continue;
        }
        let number = crate::policies::version_number(version);
        plan.counts.new += 1;
        plan.acknowledgements.push(acknowledgement::Model {
            id: Uuid::now_v7(),
            agency_id: on.scope.id(),
            person_id: person.id,
            policy_version_id: version.id,
            // Noon UTC is the same calendar day in every United States time zone.
            acknowledged_at: row
                .acknowledged_on
                .with_time(time::macros::time!(12:00))
                .assume_utc(),
            ip: None,
            content_sha256: version.content_sha256.clone(),
            attestation: paper_attestation(&policy.title, number, row.acknowledged_on),
        });
    }
    Ok(())
}

pub(super) async fn plan_courses<C: ConnectionTrait>(
    plan: &mut Plan,
    on: Source<'_, C>,
) -> ApiResult<()> {
    let (rows, errors, duplicates) = import::gather(
        on.sheet,
        |i, cells| import::course_row(on.columns, i, cells),
        CourseRow::key,
        |r| r.row,
        |a, b| {
            let mut b = b.clone();
            b.row = a.row;
            *a == b
        },
    );
    plan.counts.duplicates_in_file = duplicates;
    plan.refuse(errors);
    let catalog = courses::all(on.db, on.scope).await?;
    let by_number: HashMap<String, &crate::db::entity::course::Model> = catalog
        .iter()
        .filter_map(|c| Some((c.post_course_number.as_deref()?.trim().to_lowercase(), c)))
        .collect();
    let by_title: BTreeMap<String, &crate::db::entity::course::Model> =
        catalog.iter().map(|c| (title_key(&c.title), c)).collect();
    let now = on.ctx.now;
    for row in rows {
        let existing = row
            .course_number
            .as_deref()
            .and_then(|n| by_number.get(&n.trim().to_lowercase()).copied())
            .or_else(|| by_title.get(&title_key(&row.title)).copied());
        let draft = CourseDraft {
            title: row.title.clone(),
            provider: row.provider.clone(),
            post_course_number: row.course_number.clone(),
            delivery: row
                .delivery
                .or(existing.map(|e| e.delivery))
                .unwrap_or(confitrek_types::Delivery::InPerson),
            cost_cents: row.cost_cents,
            hours: row.hours.clone(),
            events: row.events.clone(),
            active: true,
        };
        let valid = match ValidCourse::parse(draft, &on.ctx.catalog) {
            Ok(v) => v,
            Err(errors) => {
                plan.refuse(row_errors(on.columns, row.row, errors));
                continue;
            }
        };
        let after = courses::planned(on.scope, existing, Uuid::now_v7(), &valid, now);
        match existing {
            Some(before) if courses::same_course(before, &valid) => plan.counts.unchanged += 1,
            Some(before) => {
                plan.counts.updated += 1;
                plan.courses.push(Change::Updated {
                    before: before.clone(),
                    after,
                });
            }
            None => {
                plan.counts.new += 1;
                plan.courses.push(Change::New(after));
            }
        }
    }
    Ok(())
}
