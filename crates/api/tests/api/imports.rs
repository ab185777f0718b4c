//! Imports: a roster and a training history from CSV and XLSX, previewed without writing,
//! committed all or nothing, idempotent, undone as a whole; bad files and rows named.

use confitrek_types::{
    AcknowledgementDto, Assignment, CourseDto, CredentialDto, CredentialTypeDto,
    CredentialTypeInput, ImportBatchDto, ImportKind, ImportPreviewDto, ImportStatus, MatchRule,
    Page, PersonDto, PolicyDto, PolicyInput, PolicyVersionDto, PolicyVersionInput, RecordSource,
    TopicMapping, TrainingRecordDto, TrainingRecordInput,
};
use reqwest::{Method, StatusCode};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_roster_and_its_training_history_are_previewed_committed_reimported_and_undone,
    one_bad_row_among_thousands_names_itself_and_nothing_is_written,
    a_workbook_with_a_row_per_record_and_topic_imports_with_its_topic_names_mapped,
    files_that_are_not_spreadsheets_are_refused_and_people_of_another_agency_are_not_found,
    the_command_line_previews_then_imports_a_file_under_an_agency_login,
    credentials_paper_acknowledgements_and_courses_import_once_and_undo,
    bad_cells_are_named_row_by_row_and_a_formula_is_kept_as_text,
);

const ROSTER: &str = "\u{FEFF}Last Name,First Name,Badge #,Email,Unit,Hire Date,License Cycle Start,License Cycle End,Records From\r\n\
Lindqvist,Dana,B-100,dana@alpha.test,Patrol,6/1/2015,2023-07-01,2026-06-30,2023-07-01\r\n\
Okafor,Chidi,B-101,,Investigations,2019-03-15,2024-07-01,2027-06-30,2024-07-01\r\n";

async fn a_roster_and_its_training_history_are_previewed_committed_reimported_and_undone(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let people_before = app.count("people").await;

    let batch = upload_import(&api, "people", "roster.csv", "text/csv", ROSTER.into()).await;
    assert_eq!(batch.status, ImportStatus::Uploaded);
    assert_eq!(batch.rows, 2);
    let fields: Vec<&str> = batch
        .mapping
        .columns
        .iter()
        .map(|c| c.field.map_or("", |f| f.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            "last_name",
            "first_name",
            "badge",
            "email",
            "unit",
            "hire_date",
            "license_cycle_start",
            "license_cycle_end",
            "history_from"
        ]
    );
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 2, "{seen:#?}");
    assert_eq!(seen.counts.errors, 0);
    assert_eq!(
        app.count("people").await,
        people_before,
        "a preview writes nothing"
    );
    let committed = commit_import(&api, &batch).await;
    assert_eq!(committed.status, ImportStatus::Committed, "{committed:#?}");
    assert_eq!(committed.counts.unwrap().new, 2);
    assert_eq!(app.count("people").await, people_before + 2);

    // Three years of history, one column per topic, with the names people write.
    let history = "Badge #,Last Name,Date Completed,Course,Hrs,Crisis Intervention (hrs),Use of Force\n\
B-100,Lindqvist,2024-05-01,In-service 2024,10,8,4\n\
B-100,Lindqvist,2025-05-01,In-service 2025,14,,4\n\
B-100,Lindqvist,2026-05-01,In-service 2026,8,,\n\
B-101,Okafor,02/29/2024,Range day,,,2\n";
    let batch = upload_import(&api, "training", "history.csv", "text/csv", history.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 4, "{seen:#?}");
    assert_eq!(seen.matched_by, Some(MatchRule::Badge));
    assert!(seen.summary.contains("4 new records"), "{seen:#?}");
    let committed = commit_import(&api, &batch).await;
    assert_eq!(committed.counts.unwrap().new, 4, "{committed:#?}");
    let people: Page<PersonDto> = api.get_as("/api/v1/people?q=B-100", StatusCode::OK).await;
    let dana = people.items[0].id;
    let report: confitrek_types::ComplianceReportDto = api
        .get_as(
            &format!("/api/v1/people/{dana}/compliance?as_of=2026-06-30"),
            StatusCode::OK,
        )
        .await;
    let total = report
        .requirements
        .iter()
        .find(|r| r.requirement_id == "mn.ce.total")
        .unwrap();
    assert_eq!(total.earned, 48.0, "{report:#?}");

    // The same file again changes nothing and says so.
    let again = upload_import(&api, "training", "history.csv", "text/csv", history.into()).await;
    assert_eq!(again.same_file_as, Some(batch.id));
    let seen = import_preview(&api, &again).await;
    assert_eq!(seen.counts.new, 0);
    assert_eq!(seen.counts.unchanged, 4);
    let records = app.count("training_records").await;
    let committed = commit_import(&api, &again).await;
    assert_eq!(committed.counts.unwrap().unchanged, 4);
    assert_eq!(app.count("training_records").await, records);

    // A batch is taken back whole; then the roster's batch too, and no one is left.
    let undo = |id: Uuid| format!("/api/v1/imports/{id}/undo");
    let undone: ImportBatchDto = api
        .send(Method::POST, &undo(batch.id))
        .expect(StatusCode::OK)
        .await;
    assert_eq!(undone.status, ImportStatus::Undone);
    assert_eq!(app.count("training_records").await, records - 4);
    api.send(Method::POST, &undo(batch.id))
        .problem(StatusCode::CONFLICT)
        .await;
    let list: Page<ImportBatchDto> = api.get_as("/api/v1/imports", StatusCode::OK).await;
    assert_eq!(list.items.len(), 3);
    let roster_batch = &list.items[2];
    assert_eq!(roster_batch.kind, ImportKind::People);

    // A record entered since on a person the roster import added blocks its undo.
    let range = TrainingRecordInput {
        person_id: dana,
        course_id: None,
        title: Some("Range".into()),
        completed_on: date!(2026 - 11 - 02),
        hours: Some([("use_of_force".to_owned(), 2.0)].into()),
        events: None,
    };
    let _: TrainingRecordDto = api
        .post_as("/api/v1/training-records", &range, StatusCode::CREATED)
        .await;
    let blocked = api
        .send(Method::POST, &undo(roster_batch.id))
        .problem(StatusCode::CONFLICT)
        .await;
    assert!(
        blocked
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("training recorded since"),
        "{blocked:#?}"
    );
    assert_eq!(app.count("people").await, people_before + 2);

    // Officers and supervisors do not import.
    let officer = app.login(&agency.officer).await;
    officer
        .send(Method::POST, "/api/v1/imports?kind=people&file_name=r.csv")
        .bytes("text/csv", ROSTER.into())
        .problem(StatusCode::FORBIDDEN)
        .await;
}

async fn one_bad_row_among_thousands_names_itself_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let mut roster = String::from("Last Name;First Name;Badge;Status\r\n");
    for i in 0..9999 {
        roster.push_str(&format!("Officer{i};Pat;P-{i};active\r\n"));
    }
    roster.push_str("Broken;Row;P-X;retired\r\n");
    roster.push_str("Date;Bad;P-Y;active\r\n");
    let batch = upload_import(&api, "people", "big.csv", "text/csv", roster.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.rows, 10_001);
    assert_eq!(seen.counts.errors, 1, "{:#?}", seen.errors);
    let error = &seen.errors[0];
    assert_eq!(error.row, 10_001);
    assert_eq!(error.column.as_deref(), Some("Status"));
    assert_eq!(error.value.as_deref(), Some("retired"));
    let people = app.count("people").await;
    let failed = commit_import(&api, &batch).await;
    assert_eq!(failed.status, ImportStatus::Uploaded, "{failed:#?}");
    assert!(
        failed
            .failure
            .as_deref()
            .unwrap_or_default()
            .contains("1 row has an error"),
        "{failed:#?}"
    );
    assert_eq!(
        app.count("people").await,
        people,
        "nothing is half-imported"
    );

    // Training rows: an impossible day, negative and absurd hours, a future date.
    let history = "Badge,Date,Course,Hours\n\
alpha-O1,2025-02-30,Range,2\n\
alpha-O1,2025-03-01,Range,-2\n\
alpha-O1,2025-03-02,Range,1000\n\
alpha-O1,2099-01-01,Range,2\n\
alpha-O1,2025-03-03,=HYPERLINK(\"x\"),2\n";
    let batch = upload_import(&api, "training", "bad.csv", "text/csv", history.into()).await;
    let seen = import_preview(&api, &batch).await;
    let rows: Vec<u32> = seen.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [2, 3, 4, 5], "{seen:#?}");
    assert_eq!(
        seen.counts.new, 1,
        "a formula-looking title is kept as text"
    );
}

async fn a_workbook_with_a_row_per_record_and_topic_imports_with_its_topic_names_mapped(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("mm/dd/yyyy");
    for (c, h) in [
        "Employee ID",
        "Completion Date",
        "Class",
        "Category",
        "Hours",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (
            "alpha-O1",
            (2026, 3, 4),
            "In-service",
            "Crisis Intervention",
            4.0,
        ),
        ("alpha-O1", (2026, 3, 4), "In-service", "UOF", 2.5),
        ("alpha-S1", (2026, 3, 5), "In-service", "UOF", 2.5),
    ];
    for (r, (badge, (y, m, d), class, topic, hours)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *badge).unwrap();
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        sheet.write_datetime_with_format(r, 1, &day, &date).unwrap();
        sheet.write_string(r, 2, *class).unwrap();
        sheet.write_string(r, 3, *topic).unwrap();
        sheet
            .write_formula(r, 4, format!("={hours}*1").as_str())
            .unwrap();
        sheet.set_formula_result(r, 4, hours.to_string());
    }
    let bytes = book.save_to_buffer().unwrap();
    let batch = upload_import(
        &api,
        "training",
        "history.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
    .await;
    assert_eq!(batch.sheet.as_deref(), Some("Sheet1"));
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.unknown_topics, ["Crisis Intervention", "UOF"]);
    assert_eq!(seen.counts.errors, 3);
    let mut mapping = batch.mapping.clone();
    mapping.topics = vec![
        TopicMapping {
            name: "Crisis Intervention".into(),
            topic: Some("crisis_intervention".into()),
        },
        TopicMapping {
            name: "UOF".into(),
            topic: Some("use_of_force".into()),
        },
    ];
    let id = batch.id;
    let mapped: ImportBatchDto = api
        .put_as(
            &format!("/api/v1/imports/{id}/mapping"),
            &mapping,
            StatusCode::OK,
        )
        .await;
    assert_eq!(mapped.mapping.topics, mapping.topics);
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 2, "{seen:#?}");
    assert_eq!(seen.counts.errors, 0);
    let committed = commit_import(&api, &batch).await;
    assert_eq!(committed.counts.unwrap().new, 2);
    let records: Page<TrainingRecordDto> = api
        .get_as(
            &format!(
                "/api/v1/training-records?person_id={}",
                agency.officer_person
            ),
            StatusCode::OK,
        )
        .await;
    let record = &records.items[0];
    assert_eq!(record.completed_on, date!(2026 - 03 - 04));
    assert_eq!(
        record.hours,
        [
            ("crisis_intervention".to_owned(), 4.0),
            ("use_of_force".to_owned(), 2.5)
        ]
        .into()
    );
    assert_eq!(record.source, RecordSource::Import);

    // A mapping that does not fit the file is refused, naming the column.
    mapping.columns[0].topic = Some("astrology".into());
    let refused = api
        .put_problem(
            &format!("/api/v1/imports/{id}/mapping"),
            &mapping,
            StatusCode::CONFLICT,
        )
        .await;
    assert!(
        refused
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("committed"),
        "{refused:#?}"
    );
}

async fn files_that_are_not_spreadsheets_are_refused_and_people_of_another_agency_are_not_found(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let api = app.login(&alpha.coordinator).await;
    for (bytes, why) in [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec(), "not text"),
        (b"PK\x03\x04\x14\x00\x00\x00".to_vec(), "damaged"),
        (Vec::new(), "empty"),
    ] {
        let refused = api
            .send(Method::POST, "/api/v1/imports?kind=people&file_name=x.csv")
            .bytes("text/csv", bytes)
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), ["file"]);
        let said = serde_json::to_string(&refused).unwrap();
        assert!(said.contains(why), "{said}");
    }
    api.send(Method::POST, "/api/v1/imports?kind=people&file_name=x.csv")
        .bytes("image/png", ROSTER.into())
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        .await;
    api.send(Method::POST, "/api/v1/imports?kind=payroll&file_name=x.csv")
        .bytes("text/csv", ROSTER.into())
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;

    // Beta's officer is not a person of Alpha.
    let history = "Badge,Date,Course,Hours\nbeta-O1,2026-03-04,Range,2\n";
    let batch = upload_import(&api, "training", "h.csv", "text/csv", history.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.errors[0].column.as_deref(), Some("Badge"));
    assert!(
        seen.errors[0].reason.contains("no person of this agency"),
        "{seen:#?}"
    );
    // Nor does Beta see Alpha's batch.
    let stranger = app.login(&beta.coordinator).await;
    let id = batch.id;
    stranger
        .get_problem(&format!("/api/v1/imports/{id}"), StatusCode::NOT_FOUND)
        .await;
    stranger
        .get_problem(
            &format!("/api/v1/imports/{id}/preview"),
            StatusCode::NOT_FOUND,
        )
        .await;
}

async fn the_command_line_previews_then_imports_a_file_under_an_agency_login(backend: Backend) {
    use secrecy::ExposeSecret;
    let app = spawn_app(backend).await;
    app.seed_agency("Alpha").await;
    let file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    std::fs::write(file.path(), ROSTER).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "import",
            file.path().to_str().unwrap(),
            "--agency",
            "Alpha",
            "--kind",
            "people",
        ];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_confitrek"))
            .args(&args)
            .env("DATABASE_URL", app.config.database_url.expose_secret())
            .env("CONFITREK_DATA_DIR", &app.config.data_dir)
            .env(
                "CONFITREK_TOKEN_SECRET",
                app.config.token_secret.expose_secret(),
            )
            .env("CONFITREK_FILE_KEY", app.config.file_key.expose_secret())
            .output()
            .unwrap()
    };
    let people = app.count("people").await;
    let dry = run(&["--dry-run"]);
    let out = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(
        dry.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(out.contains("2 new people"), "{out}");
    assert!(out.contains("Badge #") && out.contains("-> badge"), "{out}");
    assert!(out.contains("nothing was written"), "{out}");
    assert_eq!(app.count("people").await, people);
    assert_eq!(app.count("import_batches").await, 0);

    let done = run(&["--as", "coordinator@alpha.test"]);
    let out = String::from_utf8_lossy(&done.stdout).into_owned();
    assert!(
        done.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(out.contains("2 new, 0 updated"), "{out}");
    assert_eq!(app.count("people").await, people + 2);

    let unknown = run(&["--as", "nobody@alpha.test"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not a login of Alpha"));
}

async fn credentials_paper_acknowledgements_and_courses_import_once_and_undo(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let taser = CredentialTypeInput {
        code: "taser_x2".into(),
        name: "TASER X2 user".into(),
        validity_months: Some(12),
        renewed_by: Default::default(),
    };
    let _: CredentialTypeDto = api
        .post_as("/api/v1/credential-types", &taser, StatusCode::CREATED)
        .await;
    let policy = PolicyInput {
        code: "vehicle_pursuit".into(),
        title: "Vehicle pursuit policy".into(),
        due_days: 14,
        assignment: Assignment::Officers,
    };
    let policy: PolicyDto = api
        .post_as("/api/v1/policies", &policy, StatusCode::CREATED)
        .await;
    let version = PolicyVersionInput {
        content: "4.2 Vehicle pursuits: only for a violent felony.".into(),
        document_id: None,
    };
    let version: PolicyVersionDto = api
        .post_as(
            &format!("/api/v1/policies/{}/versions", policy.id),
            &version,
            StatusCode::CREATED,
        )
        .await;
    let published = version.published_on;

    // Credentials: the type by its name, the expiry from its validity when blank; a row
    // repeated exactly is counted once; an unknown type and a future date are named.
    let credentials = "Badge,Last Name,Credential,Issued,Expires,Notes\r\n\
ALPHA-O1,Officer,TASER X2 user,2026-01-15,,Range 3\r\n\
ALPHA-O1,Officer,TASER X2 user,2026-01-15,,Range 3\r\n\
ALPHA-S1,Sergeant,taser_x2,2025-11-02,2026-11-01,\r\n";
    let batch = upload_import(
        &api,
        "credentials",
        "certs.csv",
        "text/csv",
        credentials.into(),
    )
    .await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 2, "{seen:#?}");
    assert_eq!(seen.counts.duplicates_in_file, 1);
    assert_eq!(seen.counts.errors, 0);
    let committed = commit_import(&api, &batch).await;
    assert_eq!(committed.status, ImportStatus::Committed, "{committed:#?}");
    let held: Vec<CredentialDto> = api
        .get_as(
            &format!("/api/v1/credentials?person_id={}", agency.officer_person),
            StatusCode::OK,
        )
        .await;
    let award = held
        .iter()
        .find(|c| c.issued_on == date!(2026 - 01 - 15))
        .unwrap_or_else(|| panic!("{held:#?}"));
    assert_eq!(
        award.expires_on,
        Some(date!(2027 - 01 - 14)),
        "valid for 12 months: {held:#?}"
    );
    let again = upload_import(
        &api,
        "credentials",
        "certs.csv",
        "text/csv",
        credentials.into(),
    )
    .await;
    let seen = import_preview(&api, &again).await;
    assert_eq!(seen.counts.unchanged, 2, "idempotent: {seen:#?}");
    assert_eq!(seen.counts.new, 0);
    let bad = "Badge,Credential,Issued\r\nALPHA-O1,Jetpack licence,2026-01-15\r\nALPHA-O1,taser_x2,2099-01-01\r\n";
    let batch = upload_import(&api, "credentials", "bad.csv", "text/csv", bad.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.errors, 2, "{seen:#?}");
    assert_eq!(seen.errors[0].column.as_deref(), Some("Credential"));
    assert!(
        seen.errors[0].reason.contains("not a credential type"),
        "{seen:#?}"
    );
    assert_eq!(seen.errors[1].column.as_deref(), Some("Issued"));

    // Acknowledgements signed on paper: the version in force that day when none is given;
    // a day before the version was published is refused.
    let acknowledgements = format!(
        "Badge #,Policy,Date Signed\r\nALPHA-O1,Vehicle pursuit policy,{published}\r\nALPHA-S1,vehicle_pursuit,2001-01-01\r\n"
    );
    let batch = upload_import(
        &api,
        "acknowledgements",
        "signed.csv",
        "text/csv",
        acknowledgements.clone().into_bytes(),
    )
    .await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.errors, 1, "{seen:#?}");
    assert_eq!(seen.errors[0].row, 3);
    assert!(seen.errors[0].reason.contains("no version"), "{seen:#?}");
    let only_good =
        format!("Badge #,Policy,Date Signed\r\nALPHA-O1,Vehicle pursuit policy,{published}\r\n");
    let batch = upload_import(
        &api,
        "acknowledgements",
        "signed.csv",
        "text/csv",
        only_good.clone().into_bytes(),
    )
    .await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 1, "{seen:#?}");
    let committed = commit_import(&api, &batch).await;
    assert_eq!(committed.status, ImportStatus::Committed, "{committed:#?}");
    let signed = api
        .send(
            Method::GET,
            &format!(
                "/api/v1/acknowledgements?person_id={}",
                agency.officer_person
            ),
        )
        .expect_status(StatusCode::OK)
        .await;
    let _: Vec<AcknowledgementDto> = signed.json();
    assert!(signed.text.contains("Signed on paper"), "{}", signed.text);
    let again = upload_import(
        &api,
        "acknowledgements",
        "signed.csv",
        "text/csv",
        only_good.into_bytes(),
    )
    .await;
    assert_eq!(import_preview(&api, &again).await.counts.unchanged, 1);

    // Courses: new ones, and an existing one (by POST number) updated; undone as a whole.
    let catalog = "Course Title,POST Course Number,Provider,Delivery,Cost,Crisis Intervention (hrs)\r\n\
Crisis response for patrol,MN-CI-100,Regional academy,classroom,\"$1,250.00\",8\r\n\
De-escalation online,MN-DE-7,,online,0,2\r\n";
    let courses_before = app.count("courses").await;
    let batch = upload_import(&api, "courses", "catalog.csv", "text/csv", catalog.into()).await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.new, 2, "{seen:#?}");
    let committed = commit_import(&api, &batch).await;
    assert_eq!(committed.status, ImportStatus::Committed, "{committed:#?}");
    assert_eq!(app.count("courses").await, courses_before + 2);
    let cheaper = catalog.replace("\"$1,250.00\"", "900");
    let batch = upload_import(
        &api,
        "courses",
        "catalog2.csv",
        "text/csv",
        cheaper.into_bytes(),
    )
    .await;
    let seen = import_preview(&api, &batch).await;
    assert_eq!(seen.counts.updated, 1, "{seen:#?}");
    assert_eq!(seen.counts.unchanged, 1);
    let committed = commit_import(&api, &batch).await;
    let _: ImportBatchDto = api
        .send(
            Method::POST,
            &format!("/api/v1/imports/{}/undo", committed.id),
        )
        .expect(StatusCode::OK)
        .await;
    let listed: Page<CourseDto> = api
        .get_as("/api/v1/courses?limit=200", StatusCode::OK)
        .await;
    let crisis = listed
        .items
        .iter()
        .find(|c| c.post_course_number.as_deref() == Some("MN-CI-100"))
        .unwrap_or_else(|| panic!("{listed:#?}"));
    assert_eq!(
        crisis.cost_cents,
        Some(125_000),
        "the cost is as before: {crisis:#?}"
    );
}

async fn bad_cells_are_named_row_by_row_and_a_formula_is_kept_as_text(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let huge = "x".repeat(1024 * 1024);
    let history = format!(
        "Badge,Date Completed,Course,Hrs\r\n\
ALPHA-O1,2025-02-30,Range,2\r\n\
ALPHA-O1,2025-03-01,Range,-3\r\n\
ALPHA-O1,2025-03-02,Range,lots\r\n\
ALPHA-O1,2025-03-03,Range,1000\r\n\
ALPHA-O1,2099-01-01,Range,2\r\n\
ALPHA-O1,2025-03-04,\"=HYPERLINK(\"\"http://x.test\"\")\",2\r\n\
ALPHA-O1,2025-03-05,{huge},2\r\n"
    );
    let records = app.count("training_records").await;
    let batch = upload_import(
        &api,
        "training",
        "bad.csv",
        "text/csv",
        history.into_bytes(),
    )
    .await;
    let answered = api
        .send(
            Method::GET,
            &format!("/api/v1/imports/{}/preview", batch.id),
        )
        .expect_status(StatusCode::OK)
        .await;
    let seen: ImportPreviewDto = answered.json();
    assert_eq!(seen.counts.rows, 7);
    assert_eq!(seen.counts.errors, 6, "{seen:#?}");
    let rows: Vec<u32> = seen.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 6, 8], "{seen:#?}");
    let reason = |row: u32| {
        seen.errors
            .iter()
            .find(|e| e.row == row)
            .map(|e| e.reason.clone())
            .unwrap()
    };
    assert!(reason(2).contains("not a day of the calendar"));
    assert!(reason(3).contains("must not be negative"));
    assert!(reason(4).contains("not a number of hours"));
    assert!(reason(6).contains("after today"), "{}", reason(6));
    assert!(reason(8).contains("1000 characters"));
    // A 1 MB cell is named, not echoed back.
    assert!(answered.text.len() < 20_000);
    let failed = commit_import(&api, &batch).await;
    assert_eq!(failed.status, ImportStatus::Uploaded);
    assert_eq!(
        app.count("training_records").await,
        records,
        "nothing is written"
    );

    let formula = "Badge,Date Completed,Course,Hrs\r\nALPHA-O1,2025-03-04,\"=HYPERLINK(\"\"http://x.test\"\")\",2\r\n";
    let batch = upload_import(&api, "training", "formula.csv", "text/csv", formula.into()).await;
    assert_eq!(
        commit_import(&api, &batch).await.status,
        ImportStatus::Committed
    );
    let listed: Page<TrainingRecordDto> = api
        .get_as(
            &format!(
                "/api/v1/training-records?person_id={}",
                agency.officer_person
            ),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        listed.items[0].title, "=HYPERLINK(\"http://x.test\")",
        "kept as text"
    );
}
