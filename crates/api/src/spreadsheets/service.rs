//! The template of a kind of import file, and the agency's roster and training history in
//! the same shape (see `confitrek_domain::import::template`), written as CSV or XLSX.

use std::collections::{BTreeMap, HashMap};

use actix_web::HttpResponse;
use confitrek_domain::compliance::Minutes;
use confitrek_domain::import::{self, HistoryRecord, ImportKind, Sheet};
use confitrek_domain::permissions::Action;
use confitrek_types::{PersonDto, SpreadsheetFormat};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::{person, training_record};
use crate::db::{AgencyScope, courses, people, training_records};
use crate::http::download::attachment;
use crate::http::{ApiError, ApiResult};
use crate::imports::service::topics_of;
use crate::people::service::RosterView;
use crate::reports::table::csv;

/// A spreadsheet ready to download.
pub struct Spreadsheet {
    name: String,
    format: SpreadsheetFormat,
    bytes: Vec<u8>,
}

impl Spreadsheet {
    /// `sheet` as a file called `name`, its worksheet titled `title`.
    pub fn new(
        sheet: &Sheet,
        title: &str,
        name: String,
        format: SpreadsheetFormat,
    ) -> ApiResult<Self> {
        let bytes = match format {
            SpreadsheetFormat::Csv => {
                let headers: Vec<&str> = sheet.headers.iter().map(String::as_str).collect();
                csv(&headers, &sheet.rows)?
            }
            SpreadsheetFormat::Xlsx => workbook(sheet, title)?,
        };
        Ok(Self {
            name,
            format,
            bytes,
        })
    }

    /// The file as an attachment named after what it holds.
    pub fn download(self) -> HttpResponse {
        let (content_type, extension) = match self.format {
            SpreadsheetFormat::Csv => ("text/csv; charset=utf-8", "csv"),
            SpreadsheetFormat::Xlsx => (XLSX, "xlsx"),
        };
        attachment(content_type, &self.name, extension).body(self.bytes)
    }
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One worksheet named `title`: a bold header row that stays in view, every cell text (a
/// badge keeps its leading zeros, a date its `YYYY-MM-DD`).
fn workbook(sheet: &Sheet, title: &str) -> ApiResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let failed = |e: XlsxError| ApiError::Internal(e.into());
    let too_big = |_| ApiError::Internal(anyhow::anyhow!("the sheet is larger than a workbook"));
    let mut book = Workbook::new();
    let page = book.add_worksheet();
    page.set_name(title).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (c, header) in sheet.headers.iter().enumerate() {
        let c = u16::try_from(c).map_err(too_big)?;
        page.write_string_with_format(0, c, header, &bold)
            .map_err(failed)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(too_big)?;
        for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
            let c = u16::try_from(c).map_err(too_big)?;
            page.write_string(r, c, cell).map_err(failed)?;
        }
    }
    page.set_freeze_panes(1, 0).map_err(failed)?;
    page.autofit();
    book.save_to_buffer().map_err(failed)
}

/// "Training history" as a file name: "training-history".
fn slug(kind: ImportKind) -> String {
    kind.label().to_lowercase().replace(' ', "-")
}

/// The template of a file of `kind`: the headers the import reads (a column of hours per
/// topic of the agency's state and its own, for training) and one example row.
#[tracing::instrument(skip_all, fields(kind = kind.as_str()))]
pub async fn template(
    state: &AppState,
    caller: &Caller,
    kind: ImportKind,
    format: SpreadsheetFormat,
) -> ApiResult<Spreadsheet> {
    require(caller, Action::ImportData)?;
    let scope = caller.scope()?;
    let (ctx, topics) = topics_of(&state.db, &caller.clock, scope).await?;
    let sheet = import::template(kind, &topics, ctx.today);
    Spreadsheet::new(
        &sheet,
        kind.label(),
        format!("{}-template", slug(kind)),
        format,
    )
}

/// The agency's roster (people) or training history (training, without rejected records)
/// as a file of that kind; the download is recorded in the audit log.
#[tracing::instrument(skip_all, fields(kind = kind.as_str()))]
pub async fn export(
    state: &AppState,
    caller: &Caller,
    kind: ImportKind,
    format: SpreadsheetFormat,
) -> ApiResult<Spreadsheet> {
    require(caller, Action::ImportData)?;
    let scope = caller.scope()?;
    let (today, sheet) = match kind {
        ImportKind::People => roster(&state.db, &caller.clock, scope).await?,
        ImportKind::Training => training_history(&state.db, &caller.clock, scope).await?,
        // Credentials, acknowledgements, courses: a template to fill in, nothing to export.
        _ => {
            return Err(ApiError::field(
                "kind",
                format!("{} cannot be downloaded, only its template", kind.label()),
            ));
        }
    };
    caller
        .audit(
            &state.db,
            scope.id(),
            &format!("spreadsheet.{}", kind.as_str()),
            ("agency", scope.id()),
        )
        .await?;
    Spreadsheet::new(
        &sheet,
        kind.label(),
        format!("{}-{today}", slug(kind)),
        format,
    )
}

/// The roster as the page shows it (the caller's people, filtered and ordered the same),
/// with where each stands and the worst open requirement; the download is audited.
#[tracing::instrument(skip_all)]
pub async fn roster_view(
    state: &AppState,
    caller: &Caller,
    view: &RosterView,
    format: SpreadsheetFormat,
) -> ApiResult<Spreadsheet> {
    let scope = caller.scope()?;
    let people = crate::people::service::roster_all(&state.db, caller, view).await?;
    let today = crate::training::context(&state.db, &caller.clock, scope)
        .await?
        .today;
    caller
        .audit(
            &state.db,
            scope.id(),
            "people.export",
            ("agency", scope.id()),
        )
        .await?;
    let sheet = roster_sheet(&people);
    Spreadsheet::new(&sheet, "Roster", format!("roster-{today}"), format)
}

fn roster_sheet(people: &[PersonDto]) -> Sheet {
    let headers = [
        "Last name",
        "First name",
        "Badge",
        "Unit",
        "Kind",
        "Status",
        "Compliance",
        "As of",
        "Worst open requirement",
        "Its status",
        "Due",
        "What is needed",
    ];
    let rows = people
        .iter()
        .map(|p| {
            let standing = p.standing.as_ref();
            let worst = standing.and_then(|s| s.worst.as_ref());
            vec![
                p.last_name.clone(),
                p.first_name.clone(),
                p.badge.clone(),
                p.unit.clone().unwrap_or_default(),
                p.kind.label().to_owned(),
                p.status.label().to_owned(),
                standing
                    .map_or("Not judged yet", |s| s.status.label())
                    .to_owned(),
                standing.map(|s| s.as_of.to_string()).unwrap_or_default(),
                worst.map(|w| w.title.clone()).unwrap_or_default(),
                worst
                    .map(|w| w.status.label().to_owned())
                    .unwrap_or_default(),
                worst
                    .and_then(|w| w.due)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                worst.map(|w| w.explanation.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    Sheet {
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// People by name, then badge.
fn by_name(people: &mut [person::Model]) {
    people.sort_by(|a, b| {
        (&a.last_name, &a.first_name, &a.badge).cmp(&(&b.last_name, &b.first_name, &b.badge))
    });
}

async fn roster(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
) -> ApiResult<(time::Date, Sheet)> {
    let today = crate::training::context(db, clock, scope).await?.today;
    let mut everyone = people::all(db, scope).await?;
    by_name(&mut everyone);
    let drafts: Vec<_> = everyone.iter().map(crate::people::draft_of).collect();
    Ok((today, import::roster(&drafts)))
}

fn minutes(json: &serde_json::Value) -> BTreeMap<String, Minutes> {
    serde_json::from_value::<BTreeMap<String, u32>>(json.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|(code, m)| (code, Minutes(m)))
        .collect()
}

/// Every standing record, by person (as the roster is ordered) then day.
async fn training_history(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
) -> ApiResult<(time::Date, Sheet)> {
    let (ctx, topics) = topics_of(db, clock, scope).await?;
    let mut everyone = people::all(db, scope).await?;
    by_name(&mut everyone);
    let rank: HashMap<Uuid, usize> = everyone
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let numbers: HashMap<Uuid, String> = courses::all(db, scope)
        .await?
        .into_iter()
        .filter_map(|c| Some((c.id, c.post_course_number?)))
        .collect();
    let mut records: Vec<training_record::Model> = training_records::standing(db, scope)
        .await?
        .into_iter()
        .filter(|r| rank.contains_key(&r.person_id))
        .collect();
    records.sort_by_key(|r| (rank.get(&r.person_id).copied(), r.completed_on));
    let lines: Vec<HistoryRecord> = records
        .into_iter()
        .filter_map(|r| {
            let p = &everyone[*rank.get(&r.person_id)?];
            Some(HistoryRecord {
                badge: p.badge.clone(),
                license_number: p.license_number.clone(),
                email: p.email.clone(),
                last_name: p.last_name.clone(),
                first_name: p.first_name.clone(),
                completed_on: r.completed_on,
                course_number: r.course_id.and_then(|c| numbers.get(&c).cloned()),
                minutes_by_topic: minutes(&r.minutes_by_topic),
                events: crate::training::events_of(&r.events),
                verification: r.verification,
                title: r.title,
            })
        })
        .collect();
    Ok((ctx.today, import::training_history(&lines, &topics)))
}
