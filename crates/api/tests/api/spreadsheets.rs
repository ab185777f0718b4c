//! Spreadsheets in the shape imports read: templates of both kinds as CSV and XLSX whose
//! headers import back as their fields, and a roster and training history that, exported
//! and imported again, change nothing.

use std::io::Cursor;

use calamine::Reader;
use confitrek_types::{
    ImportBatchDto, ImportCounts, ImportField, ImportStatus, RejectRequest, TrainingRecordDto,
};
use reqwest::{Method, Response, StatusCode};
use time::macros::date;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    templates_of_both_kinds_download_as_csv_and_xlsx_with_headers_the_import_reads,
    a_roster_and_a_training_history_exported_as_csv_and_xlsx_import_back_unchanged,
    only_those_who_import_download_spreadsheets_of_a_kind_and_format_there_are,
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A roster with every field, a name to quote and cells a spreadsheet would run as formulas.
const ROSTER: &str = "Last Name,First Name,Badge,Email,Unit,Rank,Sworn or civilian,Status,Role flags,Hire date,Certified on,Licence number,Licence cycle start,Licence cycle end,Records complete from\r\n\
Lindqvist,Dana,B-100,dana@alpha.test,-Night shift,+Reserve,officer,active,sro; supervisor,2015-06-01,2015-09-15,48213,2023-07-01,2026-06-30,2023-07-01\r\n\
\"O'Neil, Jr\",Pat,B-101,,Investigations,,civilian,inactive,,,,,,,\r\n";

/// Records with hours by topic, with hours to the hundredth, pending and verified, and one
/// of an event alone.
const HISTORY: &str = "Badge,Last Name,Date Completed,Course,POST course number,Hrs,Crisis Intervention (hrs),Use of Force,Events,Verification\r\n\
B-100,Lindqvist,2024-05-01,In-service 2024,,10,8,4,,verified\r\n\
B-100,Lindqvist,2025-05-01,\"Range, day 1\",MN-77,,,1.67,,pending\r\n\
B-101,\"O'Neil, Jr\",2025-03-04,=Defensive tactics,,0.5,,,,\r\n\
B-101,\"O'Neil, Jr\",2025-03-05,Qualification,,,,,firearms_qualification,verified\r\n";

fn content_type(response: &Response) -> String {
    response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// Downloads a spreadsheet: checks it is one, named `name…` with the format's extension.
async fn download(api: &Api, path: &str, format: &str, name: &str) -> Vec<u8> {
    let response = api.get(&format!("{path}?format={format}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let wanted = if format == "csv" {
        "text/csv; charset=utf-8"
    } else {
        XLSX
    };
    assert_eq!(content_type(&response), wanted);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"{name}"))
            && disposition.ends_with(&format!(".{format}\"")),
        "{disposition}"
    );
    response.bytes().await.unwrap().to_vec()
}

/// The rows of a downloaded file, the header first, as an import would see them before
/// reading a `'` away.
fn rows_of(bytes: &[u8], format: &str) -> Vec<Vec<String>> {
    if format == "csv" {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes);
        return reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

async fn upload(api: &Api, kind: &str, name: &str, body: Vec<u8>) -> ImportBatchDto {
    upload_import(api, kind, name, "application/octet-stream", body).await
}

/// Commits a batch and follows it until it is committed.
async fn commit(api: &Api, batch: &ImportBatchDto) {
    let done = commit_import(api, batch).await;
    assert_eq!(
        done.status,
        ImportStatus::Committed,
        "the import did not commit: {done:#?}"
    );
}

/// The counts that say a file changed something, by name.
fn changes(counts: &ImportCounts) -> [(&'static str, u32); 4] {
    [
        ("new", counts.new),
        ("updated", counts.updated),
        ("errors", counts.errors),
        ("duplicates_in_file", counts.duplicates_in_file),
    ]
}

async fn templates_of_both_kinds_download_as_csv_and_xlsx_with_headers_the_import_reads(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    for (kind, name) in [
        ("people", "roster-template"),
        ("training", "training-history-template"),
    ] {
        for format in ["csv", "xlsx"] {
            let path = format!("/api/v1/spreadsheets/{kind}/template");
            let bytes = download(&api, &path, format, name).await;
            let rows = rows_of(&bytes, format);
            assert_eq!(rows.len(), 2, "the header and one example row");
            assert!(rows[1].contains(&"1234".to_owned()), "{rows:?}");

            let batch = upload(&api, kind, &format!("{name}.{format}"), bytes).await;
            let columns = &batch.mapping.columns;
            assert_eq!(columns.len(), rows[0].len());
            for column in columns {
                assert!(
                    column.field.is_some() || column.topic.is_some(),
                    "{kind} {format}: {column:?} reads as nothing"
                );
            }
            if kind == "training" {
                // A column of hours per topic of the state's rules, by title.
                let topic = |code: &str| {
                    columns
                        .iter()
                        .find(|c| c.topic.as_deref() == Some(code))
                        .map(|c| c.column.clone())
                };
                assert_eq!(
                    topic("crisis_intervention").as_deref(),
                    Some("Crisis Intervention and Mental Illness Crises (MLO) (hrs)")
                );
                assert!(topic("evoc").is_some() && topic("general").is_some());
                assert!(
                    !columns
                        .iter()
                        .any(|c| matches!(c.field, Some(ImportField::Hours | ImportField::Topic)))
                );
            } else {
                let seen = import_preview(&api, &batch).await;
                assert_eq!(seen.counts.new, 1, "{seen:#?}");
                assert_eq!(seen.counts.errors, 0, "{seen:#?}");
            }
        }
    }
}

async fn a_roster_and_a_training_history_exported_as_csv_and_xlsx_import_back_unchanged(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let batch = upload(&api, "people", "roster.csv", ROSTER.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 2, "{seen:#?}");
    commit(&api, &batch).await;
    let batch = upload(&api, "training", "history.csv", HISTORY.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 4, "{seen:#?}");
    commit(&api, &batch).await;
    // A rejected record is not part of the history.
    let officer = agency.officer_person;
    let reported: TrainingRecordDto = app
        .login(&agency.officer)
        .await
        .post_as(
            "/api/v1/training-records",
            &record_input(
                officer,
                "Online course",
                date!(2025 - 01 - 02),
                &[("general", 1.0)],
            ),
            StatusCode::CREATED,
        )
        .await;
    let _: TrainingRecordDto = api
        .post_as(
            &format!("/api/v1/training-records/{}/reject", reported.id),
            &RejectRequest {
                reason: "No certificate".into(),
            },
            StatusCode::OK,
        )
        .await;

    let people = app.count("people").await;
    for format in ["csv", "xlsx"] {
        let roster = download(&api, "/api/v1/spreadsheets/people", format, "roster-").await;
        let rows = rows_of(&roster, format);
        assert_eq!(
            rows.len(),
            1 + people as usize,
            "everyone, under the header"
        );
        assert!(rows.iter().any(|r| r.contains(&"O'Neil, Jr".to_owned())));
        // A CSV cell that would run as a formula is defused; a workbook's text cell is not.
        let quote = if format == "csv" { "'" } else { "" };
        let cell = |rows: &[Vec<String>], text: &str| {
            let wanted = format!("{quote}{text}");
            assert!(
                rows.iter().flatten().any(|c| *c == wanted),
                "{wanted}: {rows:?}"
            );
        };
        cell(&rows, "-Night shift");
        let batch = upload(&api, "people", &format!("roster.{format}"), roster).await;
        let seen = import_preview(&api, &batch).await;
        assert_eq!(i64::from(seen.counts.rows), people, "{seen:#?}");
        assert_eq!(
            i64::from(seen.counts.unchanged),
            people,
            "{format}: {seen:#?}"
        );
        for (count, n) in changes(&seen.counts) {
            assert_eq!(n, 0, "{format} {count}: {seen:#?}");
        }

        let history = download(
            &api,
            "/api/v1/spreadsheets/training",
            format,
            "training-history-",
        )
        .await;
        let rows = rows_of(&history, format);
        assert_eq!(rows.len(), 5, "four records under the header: {rows:?}");
        assert!(rows[0].contains(&"Verification".to_owned()));
        assert!(!rows.iter().flatten().any(|c| c == "Online course"));
        cell(&rows, "=Defensive tactics");
        assert!(rows.iter().flatten().any(|c| c == "1.67"), "{rows:?}");
        let batch = upload(&api, "training", &format!("history.{format}"), history).await;
        let seen = import_preview(&api, &batch).await;
        assert_eq!(seen.counts.unchanged, 4, "{format}: {seen:#?}");
        for (count, n) in changes(&seen.counts) {
            assert_eq!(n, 0, "{format} {count}: {seen:#?}");
        }
    }
}

async fn only_those_who_import_download_spreadsheets_of_a_kind_and_format_there_are(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    for who in [&agency.officer, &agency.supervisor] {
        let api = app.login(who).await;
        for path in [
            "/api/v1/spreadsheets/people/template",
            "/api/v1/spreadsheets/people",
            "/api/v1/spreadsheets/training",
        ] {
            api.get_problem(path, StatusCode::FORBIDDEN).await;
        }
    }
    let anonymous = app
        .client
        .get(app.url("/api/v1/spreadsheets/training"))
        .send()
        .await
        .unwrap();
    problem(anonymous, StatusCode::UNAUTHORIZED).await;

    let api = app.login(&agency.coordinator).await;
    api.get_problem(
        "/api/v1/spreadsheets/payroll/template",
        StatusCode::NOT_FOUND,
    )
    .await;
    api.get_problem("/api/v1/spreadsheets/payroll", StatusCode::NOT_FOUND)
        .await;
    let wrong = api
        .get_problem(
            "/api/v1/spreadsheets/people?format=pdf",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&wrong), ["format"], "{wrong:#?}");
    // A kind with a template but no rows to export.
    api.send(Method::GET, "/api/v1/spreadsheets/credentials/template")
        .expect_status(StatusCode::OK)
        .await;
    let refused = api
        .get_problem(
            "/api/v1/spreadsheets/credentials",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["kind"], "{refused:#?}");
    // CSV unless asked otherwise.
    let plain = api.get("/api/v1/spreadsheets/people/template").await;
    assert_eq!(content_type(&plain), "text/csv; charset=utf-8");
}
