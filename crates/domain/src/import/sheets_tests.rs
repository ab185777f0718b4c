use proptest::prelude::*;
use time::macros::date;

use super::super::{
    Columns, ImportMapping, MatchRule, PersonRow, person_row, title_key, training_rows,
};
use super::*;
use crate::people::ROLE_FLAGS;

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

const TODAY: Date = date!(2026 - 03 - 10);

fn mapping(kind: ImportKind, sheet: &Sheet) -> ImportMapping {
    suggest(kind, &sheet.headers, &topics())
}

fn columns(kind: ImportKind, sheet: &Sheet) -> Columns {
    Columns::resolve(kind, &sheet.headers, &mapping(kind, sheet), &topics())
        .unwrap_or_else(|e| panic!("{kind:?} {:?}: {e:?}", sheet.headers))
}

#[test]
fn every_header_of_a_template_reads_back_as_its_field_or_its_topic() {
    for &kind in ImportKind::ALL {
        let sheet = template(kind, &topics(), TODAY);
        let read = mapping(kind, &sheet);
        for (column, mapped) in layout(kind, &topics()).iter().zip(&read.columns) {
            match column {
                Column::Field(f) => assert_eq!(mapped.field, Some(*f), "{}", mapped.column),
                Column::Topic(code) => {
                    assert_eq!(mapped.field, None, "{}", mapped.column);
                    assert_eq!(mapped.topic.as_ref(), Some(code), "{}", mapped.column);
                }
            }
        }
        assert_eq!(read.columns.len(), sheet.headers.len());
        columns(kind, &sheet);
    }
}

#[test]
fn a_training_template_has_a_column_of_hours_per_topic_instead_of_topic_and_hours() {
    let sheet = template(ImportKind::Training, &topics(), TODAY);
    assert_eq!(
        sheet.headers,
        [
            "Badge",
            "Licence number",
            "Email",
            "Last name",
            "First name",
            "Date completed",
            "Course title",
            "POST course number",
            "General (hrs)",
            "Crisis intervention (hrs)",
            "Use of force (hrs)",
            "Events",
            "Verification",
        ]
    );
    assert_eq!(
        template(ImportKind::People, &topics(), TODAY).headers[..4],
        ["Last name", "First name", "Badge", "Email"]
    );
}

#[test]
fn the_example_row_of_each_template_imports_without_an_error() {
    let people = template(ImportKind::People, &topics(), TODAY);
    assert_eq!(people.rows.len(), 1);
    let row = person_row(&columns(ImportKind::People, &people), 0, &people.rows[0]).unwrap();
    assert_eq!(row.badge.as_deref(), Some("1234"));
    assert_eq!(row.hire_date, Some(date!(2020 - 06 - 03)));
    assert_eq!(row.license_cycle_end, Some(date!(2028 - 06 - 30)));
    assert_eq!(
        row.role_flags,
        Some(vec!["sro".to_owned(), "instructor".to_owned()])
    );

    let training = template(ImportKind::Training, &topics(), TODAY);
    let (records, errors, _) = training_rows(&columns(ImportKind::Training, &training), &training);
    assert_eq!(errors, []);
    let record = &records[0];
    assert_eq!(record.key.completed_on, date!(2026 - 02 - 24));
    assert_eq!(
        record.hours,
        BTreeMap::from([
            ("general".to_owned(), 4.0),
            ("crisis_intervention".to_owned(), 2.0)
        ])
    );
    assert_eq!(record.verification, Some(Verification::Verified));
}

#[test]
fn two_topics_with_one_title_are_told_apart_by_their_codes() {
    let mut topics = topics();
    topics.push(TopicName {
        code: "force_agency".into(),
        title: "Use of force".into(),
    });
    let sheet = template(ImportKind::Training, &topics, TODAY);
    assert!(sheet.headers.contains(&"Use of force (hrs)".to_owned()));
    assert!(sheet.headers.contains(&"force_agency (hrs)".to_owned()));
}

#[test]
fn hours_are_written_to_the_hundredth_so_the_same_minutes_come_back() {
    let cases = [
        (60, "1", "a whole hour"),
        (90, "1.5", "a half hour, without a trailing zero"),
        (45, "0.75", "a quarter"),
        (100, "1.67", "a third of an hour, rounded"),
        (1, "0.02", "one minute"),
        (4800, "80", "the most a topic may hold"),
    ];
    for (minutes, cell, why) in cases {
        assert_eq!(hours_cell(Minutes(minutes)), cell, "{why}");
    }
}

#[test]
fn a_history_writes_only_the_topics_it_holds_and_keeps_an_unknown_code_under_its_code() {
    let record = HistoryRecord {
        badge: "B-1".into(),
        license_number: None,
        email: None,
        last_name: "Okafor".into(),
        first_name: "Chidi".into(),
        completed_on: date!(2025 - 05 - 01),
        title: "Range day".into(),
        course_number: Some("C-7".into()),
        minutes_by_topic: BTreeMap::from([
            ("use_of_force".to_owned(), Minutes(90)),
            ("general".to_owned(), Minutes(60)),
            ("retired_topic".to_owned(), Minutes(30)),
        ]),
        events: vec!["cpr".into(), "firearms_qualification".into()],
        verification: Verification::Pending,
    };
    let sheet = training_history(&[record], &topics());
    let cell = |header: &str| {
        let at = sheet.headers.iter().position(|h| h == header).unwrap();
        sheet.rows[0][at].as_str()
    };
    assert!(
        !sheet
            .headers
            .contains(&"Crisis intervention (hrs)".to_owned())
    );
    assert_eq!(cell("General (hrs)"), "1");
    assert_eq!(cell("Use of force (hrs)"), "1.5");
    assert_eq!(cell("retired_topic (hrs)"), "0.5");
    assert_eq!(cell("Date completed"), "2025-05-01");
    assert_eq!(cell("Events"), "cpr; firearms_qualification");
    assert_eq!(cell("Verification"), "pending");
    let general = sheet.headers.iter().position(|h| h == "General (hrs)");
    let force = sheet.headers.iter().position(|h| h == "Use of force (hrs)");
    assert!(general < force, "topics in the order given");
}

fn day() -> impl Strategy<Value = Date> {
    (0i64..15_000).prop_map(|n| date!(1985 - 01 - 01) + Duration::days(n))
}

fn name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{0,8}( [A-Z]['a-z]{1,8})?"
}

fn person() -> impl Strategy<Value = PersonDraft> {
    let who = (
        name(),
        name(),
        "[A-Z0-9][A-Z0-9/._-]{0,7}",
        proptest::option::of("[a-z]{1,8}\\.[a-z]{1,8}@[a-z]{2,8}\\.org"),
        proptest::option::of("[A-Z][a-z]{2,10}( [A-Z][a-z,;]{2,10})?"),
        proptest::option::of("[A-Z][a-z]{2,10}"),
        prop::sample::select(PersonKind::ALL.to_vec()),
        prop::sample::select(PersonStatus::ALL.to_vec()),
        prop::sample::subsequence(ROLE_FLAGS.to_vec(), 0..=3),
    );
    let when = (
        proptest::option::of(day()),
        proptest::option::of(day()),
        proptest::option::of("[A-Z]{0,2}[0-9]{3,6}"),
        proptest::option::of(day()),
        proptest::option::of(day()),
        proptest::option::of(day()),
    );
    (who, when).prop_map(
        |(
            (first, last, badge, email, unit, title, kind, status, flags),
            (hired, certified, licence, start, end, history),
        )| PersonDraft {
            kind,
            first_name: first,
            last_name: last,
            title,
            badge,
            email,
            unit,
            supervisor_id: None,
            status,
            hire_date: hired,
            separated_on: None,
            license_number: licence,
            license_cycle_start: start,
            license_cycle_end: end,
            notes: None,
            role_flags: flags.into_iter().map(str::to_owned).collect(),
            certified_on: certified,
            history_from: history,
        },
    )
}

/// What a roster row must say of `p`: everything it has, and nothing of what it has not.
fn said_of(p: &PersonDraft, row: u32) -> PersonRow {
    let given = |s: &str| Some(s.to_owned());
    PersonRow {
        row,
        last_name: given(&p.last_name),
        first_name: given(&p.first_name),
        badge: given(&p.badge),
        email: p.email.clone(),
        unit: p.unit.clone(),
        rank: p.title.clone(),
        kind: Some(p.kind),
        status: Some(p.status),
        role_flags: (!p.role_flags.is_empty()).then(|| p.role_flags.clone()),
        hire_date: p.hire_date,
        certified_on: p.certified_on,
        license_number: p.license_number.clone(),
        license_cycle_start: p.license_cycle_start,
        license_cycle_end: p.license_cycle_end,
        history_from: p.history_from,
    }
}

fn record() -> impl Strategy<Value = HistoryRecord> {
    let codes: Vec<String> = topics().into_iter().map(|t| t.code).collect();
    (
        (
            "[A-Z0-9][A-Z0-9-]{0,7}",
            proptest::option::of("[0-9]{4,6}"),
            proptest::option::of("[a-z]{1,8}@[a-z]{2,8}\\.org"),
            name(),
            name(),
        ),
        day(),
        "[A-Z][A-Za-z0-9 ,;'()/-]{0,30}[a-z0-9)]",
        proptest::option::of("[A-Z]{1,3}-[0-9]{2,5}"),
        prop::collection::btree_map(prop::sample::select(codes), 1u32..=4800, 0..=3),
        prop::sample::subsequence(vec!["cpr", "firearms_qualification"], 0..=2),
        prop::sample::select(Verification::ALL.to_vec()),
    )
        .prop_map(
            |((badge, licence, email, last, first), on, title, number, minutes, events, v)| {
                HistoryRecord {
                    badge,
                    license_number: licence,
                    email,
                    last_name: last,
                    first_name: first,
                    completed_on: on,
                    title,
                    course_number: number,
                    minutes_by_topic: minutes.into_iter().map(|(c, m)| (c, Minutes(m))).collect(),
                    events: events.into_iter().map(str::to_owned).collect(),
                    verification: v,
                }
            },
        )
}

/// Records that are each their own: one person, day and course at most once.
fn history() -> impl Strategy<Value = Vec<HistoryRecord>> {
    prop::collection::vec(record(), 0..20).prop_map(|records| {
        let mut keys = std::collections::BTreeSet::new();
        records
            .into_iter()
            .filter(|r| {
                keys.insert((
                    r.badge.to_ascii_uppercase(),
                    r.completed_on,
                    title_key(&r.title),
                ))
            })
            .collect()
    })
}

proptest! {
    /// A roster written as a roster file reads back as the same people, field for field,
    /// and each row leaves its person as he or she is.
    #[test]
    fn a_written_roster_reads_back_as_the_same_people(
        people in prop::collection::vec(person(), 0..20),
    ) {
        let sheet = roster(&people);
        let columns = columns(ImportKind::People, &sheet);
        prop_assert_eq!(sheet.rows.len(), people.len());
        for (i, p) in people.iter().enumerate() {
            let row = person_row(&columns, i, &sheet.rows[i]);
            prop_assert_eq!(row.clone(), Ok(said_of(p, Sheet::row_number(i))));
            let kept = row.unwrap_or_default().over(Some(p.clone()), TODAY);
            prop_assert_eq!(format!("{kept:?}"), format!("{p:?}"));
        }
    }

    /// A training history written as a training file reads back as the same records: the
    /// same person, day, course, events and verification, and hours within a minute.
    #[test]
    fn a_written_training_history_reads_back_as_the_same_records(records in history()) {
        let sheet = training_history(&records, &topics());
        let columns = columns(ImportKind::Training, &sheet);
        let (read, errors, duplicates) = training_rows(&columns, &sheet);
        prop_assert_eq!(errors, vec![]);
        prop_assert_eq!(duplicates, 0);
        prop_assert_eq!(read.len(), records.len());
        for (row, r) in read.iter().zip(&records) {
            prop_assert_eq!(&row.key.person, &(MatchRule::Badge, r.badge.to_ascii_uppercase()));
            prop_assert_eq!(row.key.completed_on, r.completed_on);
            prop_assert_eq!(row.title.as_ref(), Some(&r.title));
            prop_assert_eq!(&row.course_number, &r.course_number);
            prop_assert_eq!(row.last_name.as_ref(), Some(&r.last_name));
            prop_assert_eq!(row.first_name.as_ref(), Some(&r.first_name));
            prop_assert_eq!(&row.events, &r.events);
            prop_assert_eq!(row.verification, Some(r.verification));
            prop_assert_eq!(
                row.hours.keys().collect::<Vec<_>>(),
                r.minutes_by_topic.keys().collect::<Vec<_>>()
            );
            for (code, m) in &r.minutes_by_topic {
                let hours = row.hours[code];
                prop_assert!(
                    (hours - m.as_hours()).abs() <= 1.0 / 60.0,
                    "{code}: {hours} for {m:?}"
                );
                prop_assert_eq!(Minutes::from_decimal_hours(hours), Some(*m));
            }
        }
    }
}
