//! The compliance matrix: people by requirements, each cell the stored verdict of one
//! requirement for one person. It reads verdicts; it never judges anyone itself. What is
//! narrowed and in what order is decided here, so the page, the CSV and every page of a
//! paged answer agree.

use std::borrow::Borrow;
use std::cmp::Ordering;

use time::Date;
use uuid::Uuid;

use crate::compliance::{ComplianceStatus, RequirementStatus};
use crate::people::PersonStatus;
pub use confitrek_vocabulary::MatrixSort;

/// One requirement's stored verdict for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub requirement_id: String,
    pub title: String,
    pub status: RequirementStatus,
    /// What is still owed, as the engine reports it, in `measure`.
    pub remaining: f64,
    /// `hours` or `count`.
    pub measure: String,
    pub due: Option<Date>,
}

/// A person of the roster with his or her stored verdict, if one was stored yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub person_id: Uuid,
    pub last_name: String,
    pub first_name: String,
    pub badge: String,
    pub unit: Option<String>,
    pub person_status: PersonStatus,
    /// `None` until the person's first verdict is stored.
    pub status: Option<ComplianceStatus>,
    pub cells: Vec<Cell>,
}

/// What narrows the matrix; `None` narrows nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub unit: Option<String>,
    /// Only this requirement's cells, and only the people it applies to.
    pub requirement: Option<String>,
    /// Only people with a cell (among those shown) in this status.
    pub status: Option<RequirementStatus>,
    /// Only people of this status; by default everyone but those who left, as the dashboard
    /// counts them.
    pub person_status: Option<PersonStatus>,
    /// The part of the roster the caller may see; `None` for the whole agency.
    pub within: Option<Within>,
}

/// A part of the roster: the people of a unit, and one person whatever his or her unit (a
/// supervisor's own unit and self; an officer's self alone, with no unit).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Within {
    pub unit: Option<String>,
    pub person_id: Option<Uuid>,
}

impl Within {
    fn holds(&self, row: &Row) -> bool {
        self.person_id == Some(row.person_id)
            || (self.unit.is_some() && row.unit.as_deref() == self.unit.as_deref())
    }
}

/// A row as shown: the person and the cells the filter keeps.
#[derive(Debug, Clone)]
pub struct Shown<'r> {
    /// Where the row is in the rows selected from, to find it again later (a file written
    /// a chunk at a time).
    pub index: usize,
    pub row: &'r Row,
    /// All the row's cells, or the one of the requirement asked for.
    pub cells: &'r [Cell],
}

/// Where a row sits in an order; rows compare by it alone, so a page can start after the
/// key of the previous page's last row even when rows came or went in between.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Key {
    /// The sort's leading rank (0 for `name`).
    pub rank: u8,
    /// The earliest due date of an open cell (`due` and `worst` only).
    pub due: Option<Date>,
    pub last_name: String,
    pub first_name: String,
    pub person_id: Uuid,
}

/// Worse overall statuses first; someone not judged yet last.
fn worst_rank(status: Option<ComplianceStatus>) -> u8 {
    match status {
        Some(ComplianceStatus::NonCompliant) => 0,
        Some(ComplianceStatus::AtRisk) => 1,
        Some(ComplianceStatus::Compliant) => 2,
        Some(ComplianceStatus::NotApplicable) => 3,
        None => 4,
    }
}

/// Whether a cell still asks something of the person.
fn open(status: RequirementStatus) -> bool {
    matches!(
        status,
        RequirementStatus::Pending | RequirementStatus::AtRisk | RequirementStatus::Overdue
    )
}

impl Shown<'_> {
    /// The earliest due date of the open cells shown.
    pub fn next_due(&self) -> Option<Date> {
        self.cells
            .iter()
            .filter(|c| open(c.status))
            .filter_map(|c| c.due)
            .min()
    }

    /// The row's place in `sort`: by name A to Z; by `worst` the worst overall status
    /// first, then the soonest open due; by `due` the soonest open due first, people owing
    /// nothing dated last. Ties go by name, then id.
    pub fn key(&self, sort: MatrixSort) -> Key {
        let due = self.next_due();
        let (rank, due) = match sort {
            MatrixSort::Name => (0, None),
            MatrixSort::Worst => (
                worst_rank(self.row.status) * 2 + u8::from(due.is_none()),
                due,
            ),
            MatrixSort::Due => (u8::from(due.is_none()), due),
        };
        Key {
            rank,
            due,
            last_name: self.row.last_name.to_lowercase(),
            first_name: self.row.first_name.to_lowercase(),
            person_id: self.row.person_id,
        }
    }
}

/// The row as the filter shows it, or `None` when the filter drops it.
pub fn shown<'r>(index: usize, row: &'r Row, filter: &Filter) -> Option<Shown<'r>> {
    let person_status = match filter.person_status {
        Some(status) => row.person_status == status,
        None => row.person_status != PersonStatus::Separated,
    };
    let unit = filter
        .unit
        .as_deref()
        .is_none_or(|u| row.unit.as_deref() == Some(u));
    let within = filter.within.as_ref().is_none_or(|w| w.holds(row));
    if !(person_status && unit && within) {
        return None;
    }
    let cells = match filter.requirement.as_deref() {
        // A requirement is owed once: its cell, if the person owes it.
        Some(id) => row
            .cells
            .iter()
            .find(|c| c.requirement_id == id)
            .map(std::slice::from_ref)
            .unwrap_or_default(),
        None => row.cells.as_slice(),
    };
    if filter.requirement.is_some() && cells.is_empty() {
        return None;
    }
    if let Some(status) = filter.status
        && !cells.iter().any(|c| c.status == status)
    {
        return None;
    }
    Some(Shown { index, row, cells })
}

/// The rows the filter keeps, each with its cells narrowed, in `sort` order. The rows may
/// be shared (`Arc<Row>`) by whoever keeps them.
pub fn select<'r, R: Borrow<Row>>(
    rows: &'r [R],
    filter: &Filter,
    sort: MatrixSort,
) -> Vec<Shown<'r>> {
    let mut shown: Vec<(Key, Shown<'r>)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| shown(i, row.borrow(), filter))
        .map(|s| (s.key(sort), s))
        .collect();
    shown.sort_by(|a, b| a.0.cmp(&b.0));
    shown.into_iter().map(|(_, s)| s).collect()
}

/// The indices of `rows` in `sort` order, every row with all its cells: sorted once for
/// rows kept between requests, so that [`select_in`] need not sort again.
pub fn order<R: Borrow<Row>>(rows: &[R], sort: MatrixSort) -> Vec<usize> {
    let mut keyed: Vec<(Key, usize)> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let row = row.borrow();
            let all = Shown {
                index,
                row,
                cells: &row.cells,
            };
            (all.key(sort), index)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, index)| index).collect()
}

/// What [`select`] answers, for rows whose `order` in `sort` is known: unless a requirement
/// narrows the cells (and with them a row's next due date), the rows the filter keeps
/// are taken in that order rather than sorted again.
pub fn select_in<'r, R: Borrow<Row>>(
    rows: &'r [R],
    order: &[usize],
    filter: &Filter,
    sort: MatrixSort,
) -> Vec<Shown<'r>> {
    if filter.requirement.is_some() {
        return select(rows, filter, sort);
    }
    let mut kept = Vec::with_capacity(order.len());
    kept.extend(
        order
            .iter()
            .filter_map(|&i| shown(i, rows.get(i)?.borrow(), filter)),
    );
    kept
}

/// Up to `limit` rows after `after` (from the first without it), and the key to continue
/// from when more follow.
pub fn page<'s, 'r>(
    shown: &'s [Shown<'r>],
    sort: MatrixSort,
    after: Option<&Key>,
    limit: usize,
) -> (&'s [Shown<'r>], Option<Key>) {
    let start = after.map_or(0, |k| {
        shown.partition_point(|s| s.key(sort).cmp(k) != Ordering::Greater)
    });
    let rest = &shown[start..];
    if rest.len() > limit {
        let page = &rest[..limit];
        (page, page.last().map(|s| s.key(sort)))
    } else {
        (rest, None)
    }
}

/// The requirements of rows kept between requests, grouped: most people owe the same
/// requirements, so the rows fall into a few groups of the same codes in the same order,
/// and a selection's columns are those of the groups its rows are in.
pub struct RequirementSets {
    /// Each row's group.
    group_of: Vec<usize>,
    /// A row of each group, whose cells are the group's requirements.
    first_of: Vec<usize>,
}

impl RequirementSets {
    pub fn new<R: Borrow<Row>>(rows: &[R]) -> Self {
        let mut groups: std::collections::HashMap<Vec<&str>, usize> = Default::default();
        let mut first_of = Vec::new();
        let group_of = rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                let codes = row.borrow().cells.iter().map(|c| c.requirement_id.as_str());
                *groups.entry(codes.collect()).or_insert_with(|| {
                    first_of.push(index);
                    first_of.len() - 1
                })
            })
            .collect();
        RequirementSets { group_of, first_of }
    }

    /// [`columns`] of rows `shown` from `rows` (the rows these sets were made of) by
    /// `filter`: with no requirement narrowing their cells, a group's columns are read once.
    pub fn columns<'r, R: Borrow<Row>>(
        &self,
        rows: &'r [R],
        shown: &[Shown<'r>],
        filter: &Filter,
    ) -> Vec<(&'r str, &'r str)> {
        if filter.requirement.is_some() {
            return columns(shown);
        }
        let mut seen = vec![false; self.first_of.len()];
        for s in shown {
            if let Some(seen) = self.group_of.get(s.index).and_then(|g| seen.get_mut(*g)) {
                *seen = true;
            }
        }
        let mut columns: std::collections::BTreeMap<&str, &str> = Default::default();
        let firsts = self.first_of.iter().zip(seen).filter(|(_, seen)| *seen);
        for (&first, _) in firsts {
            for cell in rows
                .get(first)
                .map(|r| &r.borrow().cells)
                .into_iter()
                .flatten()
            {
                columns
                    .entry(cell.requirement_id.as_str())
                    .or_insert(cell.title.as_str());
            }
        }
        columns.into_iter().collect()
    }
}

/// The requirements of the rows shown, each once with its title, in the order of their
/// codes: the columns of the matrix.
pub fn columns<'r>(shown: &[Shown<'r>]) -> Vec<(&'r str, &'r str)> {
    let mut columns: std::collections::BTreeMap<&str, &str> = Default::default();
    for cell in shown.iter().flat_map(|s| s.cells) {
        columns
            .entry(cell.requirement_id.as_str())
            .or_insert(cell.title.as_str());
    }
    columns.into_iter().collect()
}

#[cfg(test)]
#[path = "matrix_tests.rs"]
mod tests;
