//! Loading the agency's stored verdicts as matrix rows, keeping them per agency until its
//! snapshot generation moves or its day turns (see [`VerdictCache`]), and answering a page
//! or the whole matrix as CSV from them.

use std::sync::{Arc, OnceLock};

use actix_web::web::Bytes;
use confitrek_domain::matrix::{
    self, Cell, Filter, Key, MatrixSort, RequirementSets, Row, Shown, Within,
};
use confitrek_domain::people::PersonStatus;
use confitrek_types::{
    MatrixCellDto, MatrixColumnDto, MatrixPageDto, MatrixRowDto, RequirementStatus,
};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::access::visible_people;
use crate::auth::Caller;
use crate::compliance::verdict_cache::{Verdict, VerdictCache};
use crate::db::people::Visible;
use crate::http::{ApiError, ApiResult, pagination};
use crate::reports::table::{defuse, hours};

/// The longest unit or requirement code a filter takes; longer is no code the agency has.
pub const MAX_FILTER_CHARS: usize = 200;

/// People per chunk of the CSV: a chunk is written while the previous one is on its way.
const CSV_CHUNK: usize = 200;

/// What the caller asks of the matrix, parsed.
pub struct MatrixRequest {
    pub unit: Option<String>,
    pub requirement: Option<String>,
    pub status: Option<RequirementStatus>,
    pub person_status: Option<PersonStatus>,
    pub sort: MatrixSort,
    /// `None` for the whole matrix as CSV.
    pub page: Option<(Option<String>, u64)>,
}

/// The CSV's header, then its lines a chunk of people at a time, each written when asked.
pub type Chunks = Box<dyn Iterator<Item = ApiResult<Bytes>> + Send>;

/// The matrix as asked: a page, or every row matching as CSV chunks.
pub enum MatrixAnswer {
    Page(MatrixPageDto),
    Csv { as_of: Date, chunks: Chunks },
}

/// Where the next page starts: after the key of the last row, in the order it was asked in.
#[derive(Serialize, Deserialize)]
struct MatrixCursor {
    sort: MatrixSort,
    after: Key,
}

/// Every person of an agency with the stored verdict, valid for one snapshot generation and
/// one day; each request narrows and orders them without reading the verdicts again.
pub type MatrixCache = VerdictCache<Uuid, Row, Rows>;

/// The rows of the matrix, shared by every request until the verdicts change.
pub type Rows = Arc<KeptRows>;

/// The rows in no particular order, and each order once a request has asked for it: a
/// request then narrows the rows in that order instead of sorting them again.
pub struct KeptRows {
    rows: Vec<Arc<Row>>,
    orders: [OnceLock<Vec<usize>>; MatrixSort::ALL.len()],
    requirements: OnceLock<RequirementSets>,
}

impl KeptRows {
    fn new(rows: Vec<Arc<Row>>) -> Self {
        KeptRows {
            rows,
            orders: std::array::from_fn(|_| OnceLock::new()),
            requirements: OnceLock::new(),
        }
    }

    /// The rows the filter keeps, in `sort` order.
    fn select(&self, filter: &Filter, sort: MatrixSort) -> Vec<Shown<'_>> {
        let order = self.orders[sort as usize].get_or_init(|| matrix::order(&self.rows, sort));
        matrix::select_in(&self.rows, order, filter, sort)
    }

    /// The requirements of the rows shown, the matrix's columns.
    fn columns<'r>(&'r self, shown: &[Shown<'r>], filter: &Filter) -> Vec<(&'r str, &'r str)> {
        let sets = self
            .requirements
            .get_or_init(|| RequirementSets::new(&self.rows));
        sets.columns(&self.rows, shown, filter)
    }
}

/// A person of the roster as a row, with the cells of his or her stored verdict.
fn row(verdict: Verdict) -> ApiResult<Option<Row>> {
    let p = verdict.person;
    let report = verdict.report;
    Ok(Some(Row {
        person_id: p.id,
        last_name: p.last_name,
        first_name: p.first_name,
        badge: p.badge,
        unit: p.unit,
        person_status: p.status,
        status: report.as_ref().map(|r| r.status),
        cells: report
            .map(|r| {
                r.requirements
                    .into_iter()
                    .map(|q| Cell {
                        requirement_id: q.requirement_id,
                        title: q.title,
                        status: q.status,
                        remaining: q.remaining,
                        measure: q.unit,
                        due: q.due,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }))
}

/// The part of the roster the caller sees, as the matrix narrows it.
async fn within(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Option<Within>> {
    Ok(match visible_people(db, caller).await? {
        Visible::All => None,
        Visible::Unit { unit, own } => Some(Within {
            unit,
            person_id: own,
        }),
        Visible::Only(own) => Some(Within {
            unit: None,
            person_id: own,
        }),
    })
}

/// The matrix of the people the caller sees, narrowed and ordered as asked.
pub async fn matrix(
    db: &impl ConnectionTrait,
    cache: &MatrixCache,
    caller: &Caller,
    request: MatrixRequest,
) -> ApiResult<MatrixAnswer> {
    let scope = caller.scope()?;
    let filter = Filter {
        unit: bounded("unit", request.unit)?,
        requirement: bounded("requirement", request.requirement)?,
        status: request.status,
        person_status: request.person_status,
        within: within(db, caller).await?,
    };
    let sort = request.sort;
    let after = match &request.page {
        Some((Some(cursor), _)) => {
            let cursor: MatrixCursor = pagination::decode(cursor)?;
            if cursor.sort != sort {
                return Err(ApiError::field("cursor", "belongs to another sort"));
            }
            Some(cursor.after)
        }
        _ => None,
    };
    let (as_of, rows) = cache
        .get(
            db,
            &caller.clock,
            scope,
            caller.verdicts,
            scope.id(),
            row,
            async |_, parts| Ok(Arc::new(KeptRows::new(parts.values().cloned().collect()))),
        )
        .await?;
    let Some((_, limit)) = request.page else {
        caller
            .audit(db, scope.id(), "report.matrix", ("agency", scope.id()))
            .await?;
        return Ok(MatrixAnswer::Csv {
            as_of,
            chunks: Box::new(csv_chunks(rows, filter, sort, as_of)),
        });
    };
    let shown = rows.select(&filter, sort);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let (page, next) = matrix::page(&shown, sort, after.as_ref(), limit);
    Ok(MatrixAnswer::Page(MatrixPageDto {
        as_of,
        requirements: rows
            .columns(&shown, &filter)
            .into_iter()
            .map(|(id, title)| MatrixColumnDto {
                requirement_id: id.to_owned(),
                title: title.to_owned(),
            })
            .collect(),
        total: u32::try_from(shown.len()).unwrap_or(u32::MAX),
        items: page.iter().map(row_dto).collect(),
        next_cursor: next.map(|after| pagination::encode(&MatrixCursor { sort, after })),
    }))
}

/// A blank filter narrows nothing; a longer one than any code is refused.
fn bounded(field: &str, value: Option<String>) -> ApiResult<Option<String>> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    match value {
        Some(v) if v.chars().count() > MAX_FILTER_CHARS => Err(ApiError::field(
            field,
            format!("must be at most {MAX_FILTER_CHARS} characters"),
        )),
        v => Ok(v),
    }
}

fn row_dto(s: &Shown) -> MatrixRowDto {
    let row = s.row;
    MatrixRowDto {
        person_id: row.person_id,
        name: format!("{}, {}", row.last_name, row.first_name),
        badge: row.badge.clone(),
        unit: row.unit.clone(),
        person_status: row.person_status,
        status: row.status,
        next_due: s.next_due(),
        cells: s
            .cells
            .iter()
            .map(|c| MatrixCellDto {
                requirement_id: c.requirement_id.clone(),
                status: c.status,
                remaining: c.remaining,
                measure: c.measure.clone(),
                due: c.due,
            })
            .collect(),
    }
}

const CSV_HEADER: [&str; 14] = [
    "as_of",
    "person_id",
    "last_name",
    "first_name",
    "badge",
    "unit",
    "person_status",
    "overall_status",
    "requirement_id",
    "requirement",
    "status",
    "remaining",
    "measure",
    "due",
];

/// The header, then every row matching, one line per person and requirement (one line
/// with blank requirement columns for a person with none), a chunk of people at a time.
fn csv_chunks(
    rows: Rows,
    filter: Filter,
    sort: MatrixSort,
    as_of: Date,
) -> impl Iterator<Item = ApiResult<Bytes>> + Send {
    let order: Vec<usize> = rows.select(&filter, sort).iter().map(|s| s.index).collect();
    let header = std::iter::once(write_csv(|w| w.write_record(CSV_HEADER)));
    let chunks: Vec<Vec<usize>> = order.chunks(CSV_CHUNK).map(<[usize]>::to_vec).collect();
    let body = chunks.into_iter().map(move |chunk| {
        write_csv(|w| {
            for i in chunk {
                let Some(shown) = rows.rows.get(i).and_then(|r| matrix::shown(i, r, &filter))
                else {
                    continue;
                };
                csv_lines(w, &shown, as_of)?;
            }
            Ok(())
        })
    });
    header.chain(body)
}

fn csv_lines(w: &mut csv::Writer<Vec<u8>>, s: &Shown, as_of: Date) -> csv::Result<()> {
    let row = s.row;
    let person = [
        as_of.to_string(),
        row.person_id.to_string(),
        defuse(&row.last_name).into_owned(),
        defuse(&row.first_name).into_owned(),
        defuse(&row.badge).into_owned(),
        defuse(row.unit.as_deref().unwrap_or_default()).into_owned(),
        row.person_status.as_str().to_owned(),
        row.status
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_owned(),
    ];
    if s.cells.is_empty() {
        let blanks = std::iter::repeat_n(String::new(), CSV_HEADER.len() - person.len());
        return w.write_record(person.iter().cloned().chain(blanks));
    }
    for c in s.cells {
        let cell = [
            defuse(&c.requirement_id).into_owned(),
            defuse(&c.title).into_owned(),
            c.status.as_str().to_owned(),
            hours(c.remaining),
            c.measure.clone(),
            c.due.map(|d| d.to_string()).unwrap_or_default(),
        ];
        w.write_record(person.iter().chain(&cell))?;
    }
    Ok(())
}

fn write_csv(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> ApiResult<Bytes> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::new());
    write(&mut writer).map_err(|e| ApiError::Internal(e.into()))?;
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(Bytes::from(bytes))
}
