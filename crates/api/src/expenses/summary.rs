//! Expense summaries (per course, unit, person, category and fiscal year) and the CSV/XLSX
//! export of the lines. A session's line counts for each attendee by his or her share.

use std::collections::BTreeMap;

use confitrek_domain::expenses::{BudgetFigures, split_equally};
use confitrek_domain::import::Sheet;
use confitrek_types::{ExpenseStatus, ExpenseSummaryDto, ExpenseTotal, SpreadsheetFormat};
use uuid::Uuid;

use super::{FiscalContext, Subjects};
use crate::access::{require, sees, visible_people};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::expense_line;
use crate::db::expenses::{self as repo, ExpenseFilter};
use crate::db::people::Visible;
use crate::http::ApiResult;
use crate::spreadsheets::service::Spreadsheet;
use confitrek_domain::permissions::Action;

/// One line's cost falling on one person (none: a session's line before attendance).
pub struct Share<'a> {
    pub line: &'a expense_line::Model,
    pub person: Option<Uuid>,
    pub cents: i64,
}

/// Each line's shares that the caller sees: a session's line split among its attendees,
/// any other line whole on its person.
pub fn shares<'a>(
    lines: &'a [expense_line::Model],
    subjects: &Subjects,
    visible: &Visible,
) -> Vec<Share<'a>> {
    let mut out = Vec::new();
    for line in lines {
        let person = line.person_id.or_else(|| {
            line.record_id
                .and_then(|r| subjects.records.get(&r).map(|r| r.1))
        });
        match (
            person,
            line.session_id.and_then(|s| subjects.attendees.get(&s)),
        ) {
            (Some(person), _) => out.push(Share {
                line,
                person: Some(person),
                cents: line.amount_cents,
            }),
            (None, Some(people)) => {
                let parts = split_equally(line.amount_cents, people.len());
                out.extend(people.iter().zip(parts).map(|(p, cents)| Share {
                    line,
                    person: Some(*p),
                    cents,
                }));
            }
            (None, None) => out.push(Share {
                line,
                person: None,
                cents: line.amount_cents,
            }),
        }
    }
    out.retain(|s| match (visible, s.person) {
        (Visible::All, _) => true,
        (_, Some(p)) => subjects.people.get(&p).is_some_and(|p| sees(visible, p)),
        (_, None) => false,
    });
    out
}

#[derive(Default)]
struct Bucket {
    label: String,
    requested: i64,
    figures: BudgetFigures,
}

impl Bucket {
    fn add(&mut self, status: ExpenseStatus, cents: i64) {
        if status == ExpenseStatus::Requested {
            self.requested += cents;
        }
        self.figures.add(status, cents);
    }

    fn total(key: Option<String>, b: Bucket) -> ExpenseTotal {
        ExpenseTotal {
            key,
            label: b.label,
            requested_cents: b.requested,
            committed_cents: b.figures.committed,
            spent_cents: b.figures.spent,
        }
    }
}

type Groups = BTreeMap<Option<String>, Bucket>;

fn add(groups: &mut Groups, key: Option<String>, label: impl FnOnce() -> String, share: &Share) {
    let bucket = groups.entry(key).or_default();
    if bucket.label.is_empty() {
        bucket.label = label();
    }
    bucket.add(share.line.status, share.cents);
}

fn totals(groups: Groups) -> Vec<ExpenseTotal> {
    let mut out: Vec<ExpenseTotal> = groups
        .into_iter()
        .map(|(k, b)| Bucket::total(k, b))
        .collect();
    out.sort_by(|a, b| {
        (b.spent_cents + b.committed_cents)
            .cmp(&(a.spent_cents + a.committed_cents))
            .then(a.label.cmp(&b.label))
    });
    out
}

/// The summary of fiscal year `year` of the lines `filter` selects.
pub async fn summary(
    state: &AppState,
    caller: &Caller,
    year: Option<i64>,
    filter: ExpenseFilter,
) -> ApiResult<ExpenseSummaryDto> {
    require(caller, Action::ReadExpenses)?;
    let scope = caller.scope()?;
    let visible = visible_people(&state.db, caller).await?;
    let fiscal = super::fiscal_context(&state.db, &caller.clock, scope).await?;
    let year = fiscal.year("fiscal_year", year)?;
    let (starts_on, ends_on) = fiscal.bounds("fiscal_year", year)?;
    let mut lines = repo::all(&state.db, scope, &visible, &filter).await?;
    lines.retain(|l| l.status != ExpenseStatus::Rejected);
    let subjects = Subjects::load(&state.db, scope, &lines).await?;
    let all = narrowed(shares(&lines, &subjects, &visible), &subjects, &filter);
    let (mut course, mut unit, mut person, mut category, mut years) = (
        Groups::new(),
        Groups::new(),
        Groups::new(),
        Groups::new(),
        Groups::new(),
    );
    let mut total = Bucket {
        label: format!("FY{year}"),
        ..Bucket::default()
    };
    for share in &all {
        let fy = fiscal.start.year_of(share.line.incurred_on);
        add(
            &mut years,
            Some(fy.to_string()),
            || format!("FY{fy}"),
            share,
        );
        if fy != year {
            continue;
        }
        total.add(share.line.status, share.cents);
        let c = subjects.course_of(share.line);
        add(
            &mut course,
            c.map(|c| c.to_string()),
            || {
                c.and_then(|c| subjects.courses.get(&c).cloned())
                    .unwrap_or_else(|| "No course".into())
            },
            share,
        );
        let u = share.person.and_then(|p| subjects.unit_of(p));
        add(
            &mut unit,
            u.clone(),
            || u.clone().unwrap_or_else(|| "No unit".into()),
            share,
        );
        add(
            &mut person,
            share.person.map(|p| p.to_string()),
            || {
                share.person.map_or_else(
                    || "Not yet shared (no attendance taken)".into(),
                    |p| subjects.person_name(p),
                )
            },
            share,
        );
        let cat = share.line.category;
        add(
            &mut category,
            Some(cat.as_str().into()),
            || cat.label().into(),
            share,
        );
    }
    let mut by_fiscal_year = totals(years);
    by_fiscal_year.sort_by(|a, b| b.key.cmp(&a.key));
    Ok(ExpenseSummaryDto {
        fiscal_year: year,
        starts_on,
        ends_on,
        total: Bucket::total(Some(year.to_string()), total),
        by_course: totals(course),
        by_unit: totals(unit),
        by_person: totals(person),
        by_category: totals(category),
        by_fiscal_year,
    })
}

/// Shares narrowed to the unit or person asked for (a session's line counts only the
/// shares of that unit's or person's attendees).
fn narrowed<'a>(
    mut shares: Vec<Share<'a>>,
    subjects: &Subjects,
    filter: &ExpenseFilter,
) -> Vec<Share<'a>> {
    if let Some(unit) = &filter.unit {
        shares.retain(|s| s.person.and_then(|p| subjects.unit_of(p)).as_ref() == Some(unit));
    }
    if let Some(person) = filter.person_id {
        shares.retain(|s| s.person == Some(person));
    }
    shares
}

/// Spent and committed money of fiscal year `year` (in `fiscal`'s calendar) falling on
/// `unit` (none: the whole agency, shares not yet made included).
pub async fn figures(
    db: &impl sea_orm::ConnectionTrait,
    scope: crate::db::AgencyScope,
    fiscal: &FiscalContext,
    year: i32,
) -> ApiResult<BTreeMap<Option<String>, BudgetFigures>> {
    let (from, to) = fiscal.bounds("fiscal_year", year)?;
    let lines = repo::costed_between(db, scope.id(), from, to).await?;
    let subjects = Subjects::load(db, scope, &lines).await?;
    let mut out: BTreeMap<Option<String>, BudgetFigures> = BTreeMap::new();
    for share in shares(&lines, &subjects, &Visible::All) {
        out.entry(None)
            .or_default()
            .add(share.line.status, share.cents);
        if let Some(unit) = share.person.and_then(|p| subjects.unit_of(p)) {
            out.entry(Some(unit))
                .or_default()
                .add(share.line.status, share.cents);
        }
    }
    Ok(out)
}

fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (cents / 100).abs(), (cents % 100).abs())
}

/// The lines `filter` selects as a spreadsheet, one row per line; the download is audited.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    filter: ExpenseFilter,
    format: SpreadsheetFormat,
) -> ApiResult<Spreadsheet> {
    require(caller, Action::ReadExpenses)?;
    let scope = caller.scope()?;
    let visible = visible_people(&state.db, caller).await?;
    let fiscal = super::fiscal_context(&state.db, &caller.clock, scope).await?;
    let lines = repo::all(&state.db, scope, &visible, &filter).await?;
    let dtos = super::dtos(&state.db, scope, &fiscal, lines).await?;
    caller
        .audit(
            &state.db,
            scope.id(),
            "expenses.export",
            ("agency", scope.id()),
        )
        .await?;
    let headers = [
        "Incurred on",
        "Fiscal year",
        "On",
        "Course",
        "Category",
        "Description",
        "Amount",
        "Paid by",
        "Status",
        "Rejection reason",
        "Shared by",
        "Receipt",
    ];
    let rows = dtos
        .into_iter()
        .map(|d| {
            vec![
                d.incurred_on.to_string(),
                format!("FY{}", d.fiscal_year),
                d.subject,
                d.course_title.unwrap_or_default(),
                d.category.label().into(),
                d.description,
                dollars(d.amount_cents),
                d.paid_by.label().into(),
                d.status.label().into(),
                d.rejection_reason.unwrap_or_default(),
                d.shared_by.map(|n| n.to_string()).unwrap_or_default(),
                if d.receipt.is_some() { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    let sheet = Sheet {
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    Spreadsheet::new(
        &sheet,
        "Expenses",
        format!("expenses-{}", fiscal.today),
        format,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_print_as_dollars_and_cents() {
        assert_eq!(super::dollars(45_000), "450.00");
        assert_eq!(super::dollars(7), "0.07");
        assert_eq!(super::dollars(123_456), "1234.56");
        assert_eq!(super::dollars(-250), "-2.50");
    }
}
