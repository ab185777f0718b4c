use time::macros::date;

use super::*;

fn topics() -> Vec<TopicName> {
    [
        ("general", "General"),
        ("crisis_intervention", "Crisis intervention"),
        ("use_of_force", "Use of force"),
    ]
    .iter()
    .map(|(code, title)| TopicName {
        code: (*code).into(),
        title: (*title).into(),
    })
    .collect()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn sheet(headers: &[&str], rows: &[&[&str]]) -> Sheet {
    Sheet {
        headers: strings(headers),
        rows: rows.iter().map(|r| strings(r)).collect(),
    }
}

fn columns(kind: ImportKind, sheet: &Sheet) -> Columns {
    let mapping = suggest(kind, &sheet.headers, &topics());
    Columns::resolve(kind, &sheet.headers, &mapping, &topics()).unwrap()
}

#[test]
fn headers_people_write_are_matched_to_fields_and_topics() {
    let headers = strings(&[
        "Last Name",
        "First",
        "Badge #",
        "Date Completed",
        "Course",
        "Hrs",
        "Crisis Intervention (hrs)",
        "Notes",
    ]);
    let mapping = suggest(ImportKind::Training, &headers, &topics());
    let fields: Vec<Option<ImportField>> = mapping.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            Some(ImportField::LastName),
            Some(ImportField::FirstName),
            Some(ImportField::Badge),
            Some(ImportField::CompletedOn),
            Some(ImportField::CourseTitle),
            Some(ImportField::Hours),
            None,
            None
        ]
    );
    assert_eq!(
        mapping.columns[6].topic.as_deref(),
        Some("crisis_intervention")
    );
    assert_eq!(mapping.columns[7].topic, None);
    assert_eq!(mapping.hours_topic.as_deref(), Some("general"));
}

#[test]
fn a_mapping_without_a_person_column_or_with_an_unknown_topic_is_refused_for_the_file() {
    let headers = strings(&["Date", "Course", "Hours"]);
    let mut mapping = suggest(ImportKind::Training, &headers, &topics());
    mapping.hours_topic = Some("astrology".into());
    let errors = Columns::resolve(ImportKind::Training, &headers, &mapping, &topics()).unwrap_err();
    let reasons: Vec<&str> = errors.iter().map(|e| e.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("name the person")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("astrology")),
        "{reasons:?}"
    );
    assert!(errors.iter().all(|e| e.row == 0));
}

#[test]
fn dates_are_read_as_people_and_excel_write_them_and_impossible_days_refused() {
    assert_eq!(parse_date("2024-02-29"), Ok(date!(2024 - 02 - 29)));
    assert_eq!(parse_date("2/29/2024"), Ok(date!(2024 - 02 - 29)));
    assert_eq!(parse_date("03/04/2025"), Ok(date!(2025 - 03 - 04)));
    assert_eq!(parse_date("2025/03/04"), Ok(date!(2025 - 03 - 04)));
    assert_eq!(parse_date("2025-03-04 00:00:00"), Ok(date!(2025 - 03 - 04)));
    for bad in [
        "2025-02-30",
        "2023-02-29",
        "13/01/2025",
        "3/4/25",
        "yesterday",
        "",
        "2025-03",
    ] {
        assert!(parse_date(bad).is_err(), "{bad}");
    }
}

#[test]
fn hours_are_decimal_or_hours_and_minutes_never_negative_or_text() {
    assert_eq!(parse_hours("1.5"), Ok(Some(1.5)));
    assert_eq!(parse_hours(" 2 "), Ok(Some(2.0)));
    assert_eq!(parse_hours("1:30"), Ok(Some(1.5)));
    assert_eq!(parse_hours(""), Ok(None));
    assert!(parse_hours("-2").unwrap_err().contains("negative"));
    assert!(parse_hours("1,5").unwrap_err().contains("point"));
    assert!(parse_hours("eight").is_err());
    assert!(parse_hours("NaN").is_err());
    assert!(parse_hours("inf").is_err());
    assert!(parse_hours("1:75").is_err());
}

#[test]
fn a_row_per_record_and_topic_is_gathered_into_one_record_and_exact_repeats_are_duplicates() {
    let sheet = sheet(
        &["Badge", "Date", "Course", "Topic", "Hours"],
        &[
            &["B-1", "2025-03-04", "In-service", "Use of force", "4"],
            &[
                "B-1",
                "2025-03-04",
                "In-service",
                "Crisis intervention",
                "2",
            ],
            &[
                "B-1",
                "2025-03-04",
                "In-service ",
                "crisis_intervention",
                "2",
            ],
            &["B-1", "2025-03-04", "In-service", "Use of force", "5"],
            &["B-2", "2025-03-04", "In-service", "Yoga", "1"],
        ],
    );
    let mut mapping = suggest(ImportKind::Training, &sheet.headers, &topics());
    mapping.topics = ["Use of force", "Crisis intervention", "crisis_intervention"]
        .iter()
        .zip(["use_of_force", "crisis_intervention", "crisis_intervention"])
        .map(|(name, code)| TopicMapping {
            name: (*name).into(),
            topic: Some(code.into()),
        })
        .collect();
    let columns =
        Columns::resolve(ImportKind::Training, &sheet.headers, &mapping, &topics()).unwrap();
    let (records, errors, duplicates) = training_rows(&columns, &sheet);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].rows, [2, 3]);
    assert_eq!(records[0].hours["use_of_force"], 4.0);
    assert_eq!(records[0].hours["crisis_intervention"], 2.0);
    assert_eq!(duplicates, 1);
    let rows: Vec<u32> = errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [5, 6], "{errors:?}");
    assert!(errors[0].reason.contains("row 2"));
    assert_eq!(errors[1].column.as_deref(), Some("Topic"));
}

#[test]
fn every_bad_cell_of_a_row_is_named_with_its_row_column_and_value() {
    let sheet = sheet(
        &["Badge #", "Date Completed", "Course", "Hrs"],
        &[
            &["B-1", "2025-02-30", "Range day", "-3"],
            &["", "2025-01-01", "", "2"],
            &[
                "B-1",
                "2025-01-01",
                "Range day",
                &"9".repeat(MAX_CELL_CHARS + 1),
            ],
        ],
    );
    let columns = columns(ImportKind::Training, &sheet);
    let (records, errors, _) = training_rows(&columns, &sheet);
    assert!(records.is_empty());
    let found: Vec<(u32, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert!(found.contains(&(2, Some("Date Completed"))), "{found:?}");
    assert!(found.contains(&(2, Some("Hrs"))), "{found:?}");
    assert!(found.contains(&(3, Some("Badge #"))), "{found:?}");
    assert!(found.contains(&(3, Some("Course"))), "{found:?}");
    assert!(found.contains(&(4, Some("Hrs"))), "{found:?}");
    let long = errors.iter().find(|e| e.row == 4).unwrap();
    assert!(long.value.as_ref().unwrap().chars().count() <= 101);
}

#[test]
fn a_roster_row_reads_kinds_and_statuses_by_code_or_label_and_needs_a_badge() {
    let sheet = sheet(
        &[
            "Last Name",
            "First Name",
            "Employee ID",
            "Sworn/Civilian",
            "Status",
            "Hire Date",
        ],
        &[
            &["Doe", "Dana", "B-1", "Sworn", "Active", "6/1/2019"],
            &["Roe", "Rick", "", "civilian", "gone", "2019-13-01"],
        ],
    );
    let mut mapping = suggest(ImportKind::People, &sheet.headers, &topics());
    mapping.columns[3].field = Some(ImportField::Kind);
    let columns =
        Columns::resolve(ImportKind::People, &sheet.headers, &mapping, &topics()).unwrap();
    let dana = person_row(&columns, 0, &sheet.rows[0]).unwrap();
    assert_eq!(dana.kind, Some(crate::people::PersonKind::Officer));
    assert_eq!(dana.hire_date, Some(date!(2019 - 06 - 01)));
    let errors = person_row(&columns, 1, &sheet.rows[1]).unwrap_err();
    let columns: Vec<Option<&str>> = errors.iter().map(|e| e.column.as_deref()).collect();
    assert_eq!(
        columns,
        [Some("Status"), Some("Hire Date"), Some("Employee ID")]
    );
}

#[test]
fn the_summary_says_what_would_change() {
    let counts = ImportCounts {
        rows: 20,
        new: 12,
        updated: 3,
        unchanged: 5,
        duplicates_in_file: 0,
        errors: 0,
    };
    let mut verdicts = VerdictChanges::default();
    count_verdict(
        confitrek_vocabulary::ComplianceStatus::NonCompliant,
        confitrek_vocabulary::ComplianceStatus::Compliant,
        &mut verdicts,
    );
    count_verdict(
        confitrek_vocabulary::ComplianceStatus::AtRisk,
        confitrek_vocabulary::ComplianceStatus::AtRisk,
        &mut verdicts,
    );
    assert_eq!(
        summary(ImportKind::Training, &counts, &verdicts),
        "20 rows: 12 new records, 3 updated, 5 unchanged; of 2 people, 1 would turn compliant."
    );
}

#[test]
fn a_roster_row_changes_what_it_gives_and_keeps_what_it_leaves_blank() {
    let row = PersonRow {
        row: 2,
        badge: Some("B-1".into()),
        unit: Some("Investigations".into()),
        hire_date: Some(date!(2019 - 06 - 01)),
        ..PersonRow::default()
    };
    let new = row.over(None, date!(2026 - 12 - 06));
    assert_eq!(new.kind, crate::people::PersonKind::Officer);
    assert_eq!(new.status, crate::people::PersonStatus::Active);
    assert_eq!(new.history_from, Some(date!(2026 - 12 - 06)));
    let mut existing = new.clone();
    existing.first_name = "Dana".into();
    existing.email = Some("dana@example.org".into());
    existing.unit = Some("Patrol".into());
    existing.history_from = None;
    let changed = row.over(Some(existing), date!(2026 - 12 - 06));
    assert_eq!(changed.first_name, "Dana");
    assert_eq!(changed.email.as_deref(), Some("dana@example.org"));
    assert_eq!(changed.unit.as_deref(), Some("Investigations"));
    assert_eq!(
        changed.history_from, None,
        "an existing person's history is not moved"
    );
}
