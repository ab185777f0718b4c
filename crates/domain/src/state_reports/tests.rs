//! The state reports against the rule sets as shipped: layouts, the builders' rows field by
//! field, due dates (Indiana's two), the changes between versions, the life of a report.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use time::Date;
use time::macros::date;
use uuid::Uuid;

use super::annual::{AnnualInput, Officer, RecordHours, annual};
use super::due::{YearFiled, due_dates, next_due};
use super::layout::layout;
use super::lifecycle::{Standing, Step, StepRefused, open_steps, step};
use super::session::{Attendee, SessionFacts, SessionInput, session};
use super::*;
use crate::compliance::RuleSet;
use crate::people::{PersonKind, PersonStatus};

fn load(file: &str, text: &str) -> RuleSet {
    RuleSet::from_toml(file, text).unwrap()
}

fn oh() -> RuleSet {
    load("rules/oh.toml", include_str!("../../../../rules/oh.toml"))
}
fn ind() -> RuleSet {
    load("rules/in.toml", include_str!("../../../../rules/in.toml"))
}
fn or() -> RuleSet {
    load("rules/or.toml", include_str!("../../../../rules/or.toml"))
}
fn mn() -> RuleSet {
    load("rules/mn.toml", include_str!("../../../../rules/mn.toml"))
}

fn report(
    rules: &RuleSet,
    kind: StateReportKind,
) -> &crate::compliance::ruleset_reports::StateReportRule {
    offered(kind, &rules.jurisdiction, Some(rules)).unwrap()
}

fn record(on: Date, hours: &[(&str, u32)], events: &[&str]) -> RecordHours {
    RecordHours {
        completed_on: on,
        minutes_by_topic: hours
            .iter()
            .map(|(t, h)| ((*t).to_owned(), h * 60))
            .collect(),
        events: events.iter().map(|e| (*e).to_owned()).collect(),
    }
}

fn officer(n: u128, badge: &str, last: &str, records: Vec<RecordHours>) -> Officer {
    Officer {
        id: Uuid::from_u128(n),
        kind: PersonKind::Officer,
        first_name: "Pat".into(),
        last_name: last.into(),
        badge: badge.into(),
        licence_number: Some(format!("L-{badge}")),
        role_flags: Vec::new(),
        status: PersonStatus::Active,
        hire_date: Some(date!(2015 - 03 - 01)),
        certified_on: Some(date!(2015 - 06 - 01)),
        records,
    }
}

fn keys(s: &Snapshot) -> Vec<&str> {
    s.columns.iter().map(|c| c.key.as_str()).collect()
}

fn row<'a>(s: &'a Snapshot, label: &str) -> BTreeMap<&'a str, &'a str> {
    let r = s.rows.iter().find(|r| r.label == label).unwrap();
    s.columns
        .iter()
        .map(|c| c.key.as_str())
        .zip(r.cells.iter().map(String::as_str))
        .collect()
}

#[test]
fn every_shipped_report_is_offered_only_to_its_own_state() {
    for (rules, kind) in [
        (oh(), StateReportKind::OhCptRoster),
        (ind(), StateReportKind::InInserviceReport),
        (or(), StateReportKind::OrF6Roster),
        (mn(), StateReportKind::MnAffidavitOfAttendance),
    ] {
        assert!(offered(kind, &rules.jurisdiction, Some(&rules)).is_ok());
        let other = if rules.jurisdiction == "OH" {
            "IN"
        } else {
            "OH"
        };
        assert_eq!(
            offered(kind, other, Some(&rules)),
            Err(NotOffered::OtherState {
                kind: kind.as_str(),
                report_state: kind.state_code(),
                agency_state: other.to_owned(),
            })
        );
    }
    // A state without the report in its rules is told so.
    assert!(matches!(
        offered(StateReportKind::OhCptRoster, "OH", None),
        Err(NotOffered::NotInRules { .. })
    ));
}

#[test]
fn every_column_of_every_layout_cites_a_source_or_says_what_is_unconfirmed() {
    let sets = [oh(), ind(), or(), mn()];
    for kind in StateReportKind::ALL {
        let rules = sets
            .iter()
            .find(|s| s.jurisdiction == kind.state_code())
            .unwrap();
        let year = super::annual::year_rules(report(rules, *kind), rules, 2023);
        for c in layout(*kind, &year.topics, &year.citations) {
            assert!(
                !c.citations.is_empty() || c.unconfirmed.is_some(),
                "{kind}: {} has neither a source nor an unconfirmed note",
                c.key
            );
            for id in &c.citations {
                assert!(
                    rules.sources.iter().any(|s| &s.id == id),
                    "{kind}: {} cites {id}",
                    c.key
                );
            }
        }
    }
}

#[test]
fn the_ohio_2023_roster_has_a_column_per_mandated_topic_between_the_officer_and_the_totals() {
    let rules = oh();
    let year =
        super::annual::year_rules(report(&rules, StateReportKind::OhCptRoster), &rules, 2023);
    let columns = layout(StateReportKind::OhCptRoster, &year.topics, &year.citations);
    let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "last_name",
            "first_name",
            "badge",
            "opotc_number",
            "appointment_type",
            "hours_school_threat_safety",
            "hours_legal_updates",
            "hours_arrest_search_seizure",
            "hours_general",
            "hours_total",
            "hours_required",
            "cpt_complete",
            "academy_year_exempt",
            "firearms_requalified_on",
        ]
    );
    let total = columns.iter().find(|c| c.key == "hours_total").unwrap();
    assert_eq!(total.citations, ["OH-1", "OH-2"]);
    let firearms = columns
        .iter()
        .find(|c| c.key == "firearms_requalified_on")
        .unwrap();
    assert_eq!(firearms.citations, ["OH-15", "OH-16"]);
}

#[test]
fn the_ohio_roster_counts_the_years_hours_and_lists_the_requalification_apart() {
    let rules = oh();
    let officers = vec![
        // Complete: 3 + 3 + 2 mandated, 16 general; requalified, which does not count.
        officer(
            1,
            "1042",
            "Avery",
            vec![
                record(
                    date!(2023 - 03 - 01),
                    &[
                        ("school_threat_safety", 3),
                        ("legal_updates", 3),
                        ("arrest_search_seizure", 2),
                    ],
                    &[],
                ),
                record(date!(2023 - 06 - 01), &[("general", 16)], &[]),
                record(
                    date!(2023 - 09 - 01),
                    &[("firearms_requalification", 2)],
                    &["firearms_requalification"],
                ),
                // Another year's hours are not this year's.
                record(date!(2024 - 01 - 02), &[("general", 8)], &[]),
            ],
        ),
        // 24 hours, but legal updates short by 1: not complete.
        officer(
            2,
            "1043",
            "Blake",
            vec![record(
                date!(2023 - 05 - 01),
                &[
                    ("school_threat_safety", 3),
                    ("legal_updates", 2),
                    ("arrest_search_seizure", 2),
                    ("general", 17),
                ],
                &[],
            )],
        ),
        // Basic training completed in 2023: exempt, whatever the hours.
        Officer {
            certified_on: Some(date!(2023 - 04 - 01)),
            hire_date: Some(date!(2023 - 01 - 09)),
            role_flags: vec!["reserve".into()],
            ..officer(3, "1044", "Casey", vec![])
        },
        // Not on the roster: a civilian, a separated officer, one hired the next year.
        Officer {
            kind: PersonKind::Civilian,
            ..officer(4, "C1", "Drew", vec![])
        },
        Officer {
            status: PersonStatus::Separated,
            ..officer(5, "1045", "Ellis", vec![])
        },
        Officer {
            hire_date: Some(date!(2024 - 02 - 01)),
            ..officer(6, "1046", "Finn", vec![])
        },
    ];
    let snapshot = annual(&AnnualInput {
        report: report(&rules, StateReportKind::OhCptRoster),
        rules: &rules,
        year: 2023,
        as_of: date!(2024 - 01 - 10),
        agency: "Dayton PD",
        counts_unverified: false,
        officers: &officers,
    });
    assert_eq!(snapshot.period, "2023");
    assert_eq!(snapshot.rows.len(), 3, "{:?}", snapshot.rows);
    let avery = row(&snapshot, "Officer 1042");
    assert_eq!(avery["last_name"], "Avery");
    assert_eq!(avery["first_name"], "Pat");
    assert_eq!(avery["badge"], "1042");
    assert_eq!(avery["opotc_number"], "L-1042");
    assert_eq!(avery["appointment_type"], "full-time");
    assert_eq!(avery["hours_school_threat_safety"], "3.0");
    assert_eq!(avery["hours_legal_updates"], "3.0");
    assert_eq!(avery["hours_arrest_search_seizure"], "2.0");
    assert_eq!(avery["hours_general"], "16.0");
    assert_eq!(
        avery["hours_total"], "24.0",
        "the requalification is not counted"
    );
    assert_eq!(avery["hours_required"], "24.0");
    assert_eq!(avery["cpt_complete"], "yes");
    assert_eq!(avery["academy_year_exempt"], "no");
    assert_eq!(avery["firearms_requalified_on"], "2023-09-01");
    let blake = row(&snapshot, "Officer 1043");
    assert_eq!(blake["hours_total"], "24.0");
    assert_eq!(
        blake["cpt_complete"], "no",
        "each mandated minimum is met on its own"
    );
    assert_eq!(blake["firearms_requalified_on"], "");
    let casey = row(&snapshot, "Officer 1044");
    assert_eq!(casey["cpt_complete"], "exempt");
    assert_eq!(casey["academy_year_exempt"], "yes");
    assert_eq!(casey["appointment_type"], "reserve");
    let due: Vec<&Fact> = snapshot.facts.iter().filter(|f| f.label == "Due").collect();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].value, "2024-01-31");
    assert_eq!(due[0].citations, ["OH-7", "OH-8", "OH-15"]);
}

#[test]
fn the_indiana_report_shows_the_mandated_subjects_and_the_suspension_once_the_year_closed() {
    let rules = ind();
    let officers = vec![
        officer(
            1,
            "2001",
            "Avery",
            vec![record(
                date!(2024 - 04 - 01),
                &[
                    ("firearms", 2),
                    ("defensive_tactics", 4),
                    ("vehicle_operations", 2),
                    ("de_escalation", 2),
                    ("general", 14),
                ],
                &[],
            )],
        ),
        Officer {
            role_flags: vec!["part_time".into()],
            ..officer(
                2,
                "2002",
                "Blake",
                vec![record(
                    date!(2024 - 04 - 01),
                    &[("firearms", 2), ("general", 10)],
                    &[],
                )],
            )
        },
    ];
    let input = |as_of| AnnualInput {
        report: report(&rules, StateReportKind::InInserviceReport),
        rules: &rules,
        year: 2024,
        as_of,
        agency: "Gary PD",
        counts_unverified: true,
        officers: &officers,
    };
    let closed = annual(&input(date!(2025 - 01 - 05)));
    assert_eq!(
        keys(&closed),
        [
            "last_name",
            "first_name",
            "badge",
            "licence_number",
            "appointment_type",
            "hours_firearms",
            "hours_vehicle_operations",
            "hours_defensive_tactics",
            "hours_mental_illness_addiction_disabilities",
            "hours_autism_dementia_missing_persons",
            "hours_human_trafficking",
            "hours_de_escalation",
            "hours_other",
            "hours_total",
            "hours_required",
            "compliant",
            "shortfall_hours",
            "police_powers_suspension",
        ]
    );
    let avery = row(&closed, "Officer 2001");
    assert_eq!(avery["hours_de_escalation"], "2.0");
    assert_eq!(avery["hours_other"], "14.0");
    assert_eq!(avery["hours_total"], "24.0");
    assert_eq!(avery["compliant"], "yes");
    assert_eq!(avery["shortfall_hours"], "0.0");
    assert_eq!(avery["police_powers_suspension"], "");
    let blake = row(&closed, "Officer 2002");
    assert_eq!(blake["appointment_type"], "part-time");
    assert_eq!(blake["hours_total"], "12.0");
    assert_eq!(blake["compliant"], "no");
    // 12 short of the 24; the 4 + 2 topic hours missing fit inside those 12.
    assert_eq!(blake["shortfall_hours"], "12.0");
    assert_eq!(
        blake["police_powers_suspension"],
        "required until the hours are done"
    );
    // While the year is open nobody is suspended yet.
    let open = annual(&input(date!(2024 - 11 - 05)));
    assert_eq!(row(&open, "Officer 2002")["police_powers_suspension"], "");
    // Both due dates, each with its source and marked unconfirmed.
    let due: Vec<&Fact> = closed.facts.iter().filter(|f| f.label == "Due").collect();
    assert_eq!(due.len(), 2);
    assert_eq!(due[0].value, "2025-01-31");
    assert_eq!(due[0].citations, ["IN-12", "IN-2", "IN-3"]);
    assert!(due[0].unconfirmed.is_some());
    assert_eq!(due[1].value, "2025-03-31");
    assert_eq!(due[1].citations, ["IN-11"]);
    assert!(due[1].unconfirmed.is_some());
}

#[test]
fn indiana_shows_both_due_dates_and_the_next_report_follows_what_was_transmitted() {
    let rules = ind();
    let r = report(&rules, StateReportKind::InInserviceReport);
    let dates = due_dates(r, 2026, date!(2027 - 01 - 01));
    let shown: Vec<(Date, i64)> = dates.iter().map(|d| (d.date, d.days_left)).collect();
    assert_eq!(
        shown,
        [(date!(2027 - 01 - 31), 30), (date!(2027 - 03 - 31), 89)]
    );
    // In January, last year's report is due, before and after it is prepared.
    let today = date!(2027 - 01 - 10);
    assert_eq!(
        next_due(r, today, |_| YearFiled::NotPrepared).unwrap().year,
        2026
    );
    assert_eq!(
        next_due(r, today, |_| YearFiled::Prepared).unwrap().year,
        2026
    );
    // Once transmitted, this year's.
    let next = next_due(r, today, |y| {
        if y == 2026 {
            YearFiled::Transmitted
        } else {
            YearFiled::NotPrepared
        }
    })
    .unwrap();
    assert_eq!(next.year, 2027);
    assert_eq!(next.dates[0].date, date!(2028 - 01 - 31));
    // Prepared but never transmitted, past both dates: still due, overdue.
    let late = next_due(r, date!(2027 - 04 - 01), |_| YearFiled::Prepared).unwrap();
    assert_eq!(late.year, 2026);
    assert_eq!(late.dates[0].days_left, -60);
    assert_eq!(late.dates[1].days_left, -1);
    // Never prepared here and past both dates: filed some other way; this year's is next.
    let other = next_due(r, date!(2027 - 04 - 01), |_| YearFiled::NotPrepared).unwrap();
    assert_eq!(other.year, 2027);
}

#[test]
fn ohio_is_due_january_31_and_oregon_has_no_due_date() {
    let rules = oh();
    let r = report(&rules, StateReportKind::OhCptRoster);
    let next = next_due(r, date!(2027 - 01 - 31), |_| YearFiled::NotPrepared).unwrap();
    assert_eq!((next.year, next.dates[0].days_left), (2026, 0));
    let next = next_due(r, date!(2027 - 02 - 01), |_| YearFiled::NotPrepared).unwrap();
    assert_eq!(next.year, 2027);
    let rules = or();
    assert!(
        next_due(
            report(&rules, StateReportKind::OrF6Roster),
            date!(2027 - 02 - 01),
            |_| YearFiled::NotPrepared
        )
        .is_none()
    );
}

fn a_session() -> SessionFacts {
    SessionFacts {
        id: Uuid::from_u128(77),
        course_title: "Firearms and legal update".into(),
        course_number: Some("C-1234".into()),
        starts_on: date!(2026 - 05 - 04),
        ends_on: date!(2026 - 05 - 05),
        course_minutes_by_topic: [("firearms".to_owned(), 240), ("law_legal".to_owned(), 240)]
            .into(),
        instructor: Some("Sgt. Reyes".into()),
    }
}

fn attendee(n: u128, badge: &str, last: &str, hours: &[(&str, u32)]) -> Attendee {
    Attendee {
        id: Uuid::from_u128(n),
        first_name: "Sam".into(),
        last_name: last.into(),
        badge: badge.into(),
        licence_number: Some(format!("D{badge}")),
        minutes_by_topic: hours
            .iter()
            .map(|(t, h)| ((*t).to_owned(), h * 60))
            .collect(),
    }
}

#[test]
fn the_oregon_f6_roster_credits_each_attendee_to_the_maintenance_categories() {
    let rules = or();
    let s = a_session();
    let attendees = vec![
        attendee(1, "301", "Young", &[("firearms", 4), ("law_legal", 4)]),
        attendee(2, "302", "Adams", &[("firearms", 4)]),
    ];
    let snapshot = session(&SessionInput {
        report: report(&rules, StateReportKind::OrF6Roster),
        rules: &rules,
        agency: "Salem PD",
        as_of: date!(2026 - 05 - 06),
        session: &s,
        attendees: &attendees,
    });
    assert_eq!(
        keys(&snapshot),
        [
            "course_title",
            "course_number",
            "session_start",
            "session_end",
            "session_hours",
            "instructor",
            "last_name",
            "first_name",
            "dpsst_number",
            "hours_credited",
            "maintenance_category",
        ]
    );
    assert_eq!(snapshot.rows[0].label, "Officer 302", "by last name");
    let young = row(&snapshot, "Officer 301");
    assert_eq!(young["course_title"], "Firearms and legal update");
    assert_eq!(young["course_number"], "C-1234");
    assert_eq!(young["session_start"], "2026-05-04");
    assert_eq!(young["session_end"], "2026-05-05");
    assert_eq!(young["session_hours"], "8.0");
    assert_eq!(young["instructor"], "Sgt. Reyes");
    assert_eq!(young["dpsst_number"], "D301");
    assert_eq!(young["hours_credited"], "8.0");
    assert_eq!(
        young["maintenance_category"],
        "Annual firearms / use of force 4.0; General law enforcement 4.0"
    );
    assert_eq!(
        row(&snapshot, "Officer 302")["maintenance_category"],
        "Annual firearms / use of force 4.0"
    );
}

#[test]
fn the_minnesota_affidavit_leaves_the_learning_assessment_empty_and_says_so() {
    let rules = mn();
    let mut s = a_session();
    s.course_minutes_by_topic = [("crisis_intervention".to_owned(), 360)].into();
    let attendees = vec![attendee(1, "401", "Lund", &[("crisis_intervention", 6)])];
    let snapshot = session(&SessionInput {
        report: report(&rules, StateReportKind::MnAffidavitOfAttendance),
        rules: &rules,
        agency: "Edina PD",
        as_of: date!(2026 - 05 - 06),
        session: &s,
        attendees: &attendees,
    });
    let lund = row(&snapshot, "Officer 401");
    assert_eq!(lund["post_course_number"], "C-1234");
    assert_eq!(lund["course_title"], "Firearms and legal update");
    assert_eq!(lund["sponsor"], "Edina PD");
    assert_eq!(lund["course_credits"], "6.0");
    assert_eq!(lund["post_licence_number"], "D401");
    assert_eq!(lund["credits_earned"], "6.0");
    assert_eq!(lund["mlo_learning_assessment_not_recorded"], "");
    let column = snapshot
        .columns
        .iter()
        .find(|c| c.key == "mlo_learning_assessment_not_recorded")
        .unwrap();
    assert_eq!(
        column.header,
        "MLO learning assessment (not recorded by ConfiTrek)"
    );
    assert!(
        column
            .unconfirmed
            .as_deref()
            .unwrap()
            .contains("does not record")
    );
}

#[test]
fn a_new_version_says_what_changed_row_by_row_and_field_by_field() {
    let rules = oh();
    let before = vec![
        officer(
            1,
            "1042",
            "Avery",
            vec![record(date!(2026 - 03 - 01), &[("general", 20)], &[])],
        ),
        officer(2, "1043", "Blake", vec![]),
    ];
    let mut after = before.clone();
    after[0]
        .records
        .push(record(date!(2026 - 08 - 01), &[("general", 4)], &[]));
    after.remove(1);
    after.push(officer(3, "1050", "Cole", vec![]));
    let build = |officers: &[Officer]| {
        annual(&AnnualInput {
            report: report(&rules, StateReportKind::OhCptRoster),
            rules: &rules,
            year: 2026,
            as_of: date!(2026 - 12 - 01),
            agency: "Dayton PD",
            counts_unverified: false,
            officers,
        })
    };
    let (v1, v2) = (build(&before), build(&after));
    let lines: Vec<String> = diff(&v1, &v2).iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "Officer 1042: General CPT hours 20.0 → 24.0",
            "Officer 1042: Total CPT hours 20.0 → 24.0",
            "Officer 1042: CPT complete no → yes",
            "Officer 1043: removed",
            "Officer 1050: added",
        ]
    );
    assert!(diff(&v2, &v2).is_empty(), "the same data changes nothing");
    // The changes survive being stored.
    let stored = serde_json::to_value(diff(&v1, &v2)).unwrap();
    let read: Vec<Change> = serde_json::from_value(stored).unwrap();
    assert_eq!(read, diff(&v1, &v2));
}

#[test]
fn a_report_is_reviewed_then_transmitted_and_every_other_step_is_refused() {
    use StateReportStatus::*;
    let at = |status, version, latest| Standing {
        status,
        version,
        latest,
        carries_amounts: false,
    };
    let cases: [(&str, Standing, Step, Result<StateReportStatus, StepRefused>); 8] = [
        (
            "a prepared report is reviewed",
            at(Prepared, 1, 1),
            Step::Review,
            Ok(Reviewed),
        ),
        (
            "a reviewed report is marked transmitted",
            at(Reviewed, 1, 1),
            Step::MarkTransmitted,
            Ok(Transmitted),
        ),
        (
            "a prepared report is not transmitted before review",
            at(Prepared, 1, 1),
            Step::MarkTransmitted,
            Err(StepRefused::WrongStatus {
                status: "prepared",
                from: "reviewed",
            }),
        ),
        (
            "a reviewed report is not reviewed again",
            at(Reviewed, 1, 1),
            Step::Review,
            Err(StepRefused::WrongStatus {
                status: "reviewed",
                from: "prepared",
            }),
        ),
        (
            "a transmitted report is not transmitted again",
            at(Transmitted, 2, 2),
            Step::MarkTransmitted,
            Err(StepRefused::WrongStatus {
                status: "transmitted",
                from: "reviewed",
            }),
        ),
        (
            "an older version is not reviewed",
            at(Prepared, 1, 2),
            Step::Review,
            Err(StepRefused::Superseded {
                version: 1,
                latest: 2,
            }),
        ),
        (
            "an older version is not transmitted",
            at(Reviewed, 2, 3),
            Step::MarkTransmitted,
            Err(StepRefused::Superseded {
                version: 2,
                latest: 3,
            }),
        ),
        (
            "a roster asks for no money, so nothing is received",
            at(Transmitted, 1, 1),
            Step::RecordReceived,
            Err(StepRefused::NoAmounts),
        ),
    ];
    for (sentence, standing, s, expected) in cases {
        assert_eq!(step(standing, s), expected, "{sentence}");
    }
}

#[test]
fn a_report_that_asks_for_money_records_it_received_once_transmitted() {
    use StateReportStatus::*;
    let money = |status| Standing {
        status,
        version: 1,
        latest: 1,
        carries_amounts: true,
    };
    assert_eq!(step(money(Transmitted), Step::RecordReceived), Ok(Received));
    assert_eq!(
        step(money(Reviewed), Step::RecordReceived),
        Err(StepRefused::WrongStatus {
            status: "reviewed",
            from: "transmitted"
        })
    );
    assert_eq!(
        step(money(Received), Step::RecordReceived),
        Err(StepRefused::WrongStatus {
            status: "received",
            from: "transmitted"
        })
    );
    assert_eq!(open_steps(money(Prepared)), [Step::Review]);
    assert_eq!(open_steps(money(Transmitted)), [Step::RecordReceived]);
    assert!(open_steps(money(Received)).is_empty());
}

#[test]
fn a_report_of_another_state_or_a_report_of_no_state_does_not_load() {
    let text = include_str!("../../../../rules/oh.toml")
        .replace("kind = \"oh_cpt_roster\"", "kind = \"in_inservice_report\"");
    let errors = RuleSet::from_toml("oh.toml", &text).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.field.as_deref() == Some("kind") && e.problem.contains("report of IN")),
        "{errors:?}"
    );
    let text = include_str!("../../../../rules/oh.toml").replace(
        "citations = [\"OH-7\", \"OH-8\", \"OH-15\"]\nunconfirmed = \"ORC",
        "citations = [\"OH-99\"]\nunconfirmed = \"ORC",
    );
    let errors = RuleSet::from_toml("oh.toml", &text).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.field.as_deref() == Some("due.citations")),
        "{errors:?}"
    );
}

mod reimbursement_applications {
    use confitrek_vocabulary::{
        CleoAffirmation, MinnesotaApplication, MinnesotaOfficer, OhioOfficer, OhioReimbursement,
        ReimbursementCostLine, ReimbursementCosts, ReimbursementFact, ReimbursementReason,
        ReimbursementShare,
    };

    use super::super::reimbursement::{minnesota, minnesota_requested, ohio, ohio_requested};
    use super::*;

    fn reason(code: &str, met: bool, sentence: &str) -> ReimbursementReason {
        ReimbursementReason {
            code: code.into(),
            met,
            sentence: sentence.into(),
            citations: vec!["MN-20".into()],
            unconfirmed: None,
        }
    }

    fn mn_officer(n: u128, badge: &str, eligible: bool) -> MinnesotaOfficer {
        MinnesotaOfficer {
            person_id: Uuid::from_u128(n),
            name: format!("Test, {badge}"),
            badge: badge.into(),
            licence_number: Some(format!("L-{badge}")),
            unit: None,
            part_time: false,
            hire_date: Some(date!(2015 - 03 - 01)),
            separated_on: None,
            months: 12,
            credits: if eligible { 16.0 } else { 15.75 },
            eligible,
            reasons: vec![
                reason("licensed", true, "Licensed."),
                reason(
                    "credits",
                    eligible,
                    if eligible {
                        "16 credits."
                    } else {
                        "15.75 credits; 16 needed."
                    },
                ),
            ],
            claimed_elsewhere: false,
            claim_note: None,
        }
    }

    fn application(share: Option<ReimbursementShare>, cleo: Option<&str>) -> MinnesotaApplication {
        MinnesotaApplication {
            agency: "North Star PD".into(),
            fiscal_year: 2026,
            starts_on: date!(2025 - 07 - 01),
            ends_on: date!(2026 - 06 - 30),
            due_on: date!(2026 - 07 - 31),
            days_left: 10,
            officers: vec![mn_officer(1, "M-1", true), mn_officer(2, "M-2", false)],
            eligible_count: 1,
            costs: ReimbursementCosts {
                by_category: vec![ReimbursementCostLine {
                    category: "registration".into(),
                    cents: 45_000,
                }],
                total_cents: 45_000,
                statement: "Costs.".into(),
                citations: vec!["MN-22".into()],
                unconfirmed: Some("From a 1984 letter.".into()),
            },
            share,
            affirmation: CleoAffirmation {
                name: cleo.map(str::to_owned),
                title: cleo.map(|_| "Chief of Police".to_owned()),
                statement: "I affirm.".into(),
                citations: vec!["MN-19".into()],
                unconfirmed: Some("Wording not found.".into()),
            },
            facts: vec![ReimbursementFact {
                code: "months_with_agency".into(),
                statement: "8 months.".into(),
                citations: vec!["MN-20".into()],
                unconfirmed: Some("The rule text says 8 of the 12 months.".into()),
            }],
            sources: Vec::new(),
            unconfirmed: None,
        }
    }

    fn fact<'a>(s: &'a Snapshot, label: &str) -> Option<&'a Fact> {
        s.facts.iter().find(|f| f.label == label)
    }

    #[test]
    fn the_applications_carry_amounts_and_cover_a_fiscal_or_a_calendar_year() {
        assert_eq!(
            StateReportKind::MnReimbursement.period(),
            StateReportPeriod::FiscalYear
        );
        assert_eq!(
            StateReportKind::OhReimbursement.period(),
            StateReportPeriod::CalendarYear
        );
        for kind in StateReportKind::ALL {
            let money = matches!(
                kind,
                StateReportKind::MnReimbursement | StateReportKind::OhReimbursement
            );
            assert_eq!(kind.carries_amounts(), money, "{kind}");
        }
        assert!(super::super::annual::is_annual(
            StateReportKind::MnReimbursement
        ));
        assert!(!super::super::annual::is_annual(
            StateReportKind::OrF6Roster
        ));
        // Each to its own state only.
        assert!(offered(StateReportKind::MnReimbursement, "MN", Some(&mn())).is_ok());
        assert!(offered(StateReportKind::OhReimbursement, "OH", Some(&oh())).is_ok());
        assert!(matches!(
            offered(StateReportKind::MnReimbursement, "OH", Some(&oh())),
            Err(NotOffered::OtherState { .. })
        ));
    }

    #[test]
    fn minnesota_is_due_july_31_after_the_fiscal_year_and_says_what_the_rule_text_says() {
        let rules = mn();
        let r = report(&rules, StateReportKind::MnReimbursement);
        let dates = due_dates(r, 2026, date!(2026 - 07 - 01));
        assert_eq!(dates.len(), 1);
        assert_eq!(
            dates[0].date,
            date!(2026 - 07 - 31),
            "FY2026 ends June 30, 2026"
        );
        assert_eq!(dates[0].days_left, 30);
        assert_eq!(dates[0].rule.citations, ["MN-20", "MN-21"]);
        assert!(
            dates[0]
                .rule
                .unconfirmed
                .as_deref()
                .is_some_and(|u| u.contains("30 days") && u.contains("MN-19"))
        );
        // Seen in December, FY2026 has ended and its date has passed: FY2027 is due next,
        // unless FY2026 was prepared and not transmitted.
        let next = next_due(r, date!(2026 - 12 - 06), |_| YearFiled::NotPrepared).unwrap();
        assert_eq!(
            (next.year, next.dates[0].date),
            (2027, date!(2027 - 07 - 31))
        );
        let next = next_due(r, date!(2026 - 12 - 06), |y| {
            if y == 2026 {
                YearFiled::Prepared
            } else {
                YearFiled::NotPrepared
            }
        })
        .unwrap();
        assert_eq!((next.year, next.dates[0].days_left), (2026, -128));
        // Transmitted before its date, FY2027's application is done with: FY2028's is next.
        let july = date!(2027 - 07 - 20);
        let next = next_due(r, july, |_| YearFiled::NotPrepared).unwrap();
        assert_eq!((next.year, next.dates[0].days_left), (2027, 11));
        let next = next_due(r, july, |y| {
            if y == 2027 {
                YearFiled::Transmitted
            } else {
                YearFiled::NotPrepared
            }
        })
        .unwrap();
        assert_eq!(
            (next.year, next.dates[0].date),
            (2028, date!(2028 - 07 - 31))
        );
        // In July, FY2026 has just ended: it is due on the 31st.
        let next = next_due(r, date!(2026 - 07 - 15), |_| YearFiled::NotPrepared).unwrap();
        assert_eq!((next.year, next.dates[0].days_left), (2026, 16));
        // Ohio's due date was not found: none, and the report says so.
        let rules = oh();
        let r = report(&rules, StateReportKind::OhReimbursement);
        assert!(r.due.is_empty());
        assert!(
            r.unconfirmed
                .as_deref()
                .is_some_and(|u| u.contains("deadline"))
        );
    }

    #[test]
    fn a_minnesota_application_becomes_one_row_per_officer_with_its_facts_cited() {
        let rules = mn();
        let r = report(&rules, StateReportKind::MnReimbursement);
        let s = minnesota(r, &application(None, None), date!(2026 - 07 - 01));
        assert_eq!(s.kind, StateReportKind::MnReimbursement);
        assert_eq!(s.period, "2026");
        assert_eq!(
            s.period_label,
            "Fiscal year 2026 (2025-07-01 to 2026-06-30)"
        );
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].key, Uuid::from_u128(1).to_string());
        let unmet = row(&s, "Officer M-2");
        assert_eq!(unmet["eligible"], "no");
        assert_eq!(unmet["credits"], "15.75");
        assert_eq!(unmet["reasons_unmet"], "15.75 credits; 16 needed.");
        assert_eq!(unmet["post_licence_number"], "L-M-2");
        assert_eq!(row(&s, "Officer M-1")["reasons_unmet"], "");
        let months = fact(&s, "months with agency").unwrap();
        assert_eq!(months.citations, ["MN-20"]);
        assert!(months.unconfirmed.is_some());
        assert_eq!(fact(&s, "Costs: total").unwrap().value, "$450.00");
        assert_eq!(fact(&s, "Costs: total").unwrap().citations, ["MN-22"]);
        assert_eq!(fact(&s, "Due").unwrap().value, "2026-07-31");
        assert!(fact(&s, "Chief law enforcement officer").is_none());
        assert!(
            fact(&s, "CLEO's affirmation")
                .unwrap()
                .unconfirmed
                .is_some()
        );
        assert_eq!(minnesota_requested(&application(None, None)), None);

        let share = ReimbursementShare {
            per_officer_cents: 30_000,
            total_cents: 30_000,
            citations: vec!["MN-20".into()],
            unconfirmed: None,
        };
        let with = application(Some(share), Some("Dana Reyes"));
        let s = minnesota(r, &with, date!(2026 - 07 - 01));
        assert_eq!(
            fact(&s, "Chief law enforcement officer").unwrap().value,
            "Dana Reyes"
        );
        assert_eq!(fact(&s, "CLEO's title").unwrap().value, "Chief of Police");
        assert_eq!(minnesota_requested(&with), Some(30_000));
    }

    fn oh_officer(n: u128, badge: &str, cents: Option<i64>) -> OhioOfficer {
        OhioOfficer {
            person_id: Uuid::from_u128(n),
            name: format!("Test, {badge}"),
            badge: badge.into(),
            unit: None,
            exempt: false,
            qualifying_hours: 27.0,
            counted_hours: 24.0,
            base_cents: cents,
            reimbursable_cents: cents,
            lines: Vec::new(),
            reasons: Vec::new(),
        }
    }

    #[test]
    fn an_ohio_reimbursement_asks_for_the_computed_total_or_nothing_while_it_is_unknown() {
        let rules = oh();
        let r = report(&rules, StateReportKind::OhReimbursement);
        let figures = OhioReimbursement {
            agency: "Buckeye".into(),
            year: 2024,
            officers: vec![oh_officer(7, "C-1", Some(76_200))],
            qualifying_hours: 27.0,
            counted_hours: 24.0,
            base_cents: Some(76_200),
            funding_percent: Some(100),
            funding_up_to: true,
            reimbursable_cents: Some(76_200),
            facts: vec![ReimbursementFact {
                code: "maximum_hours".into(),
                statement: "At most 24 hours.".into(),
                citations: vec!["OH-19".into(), "OH-4".into()],
                unconfirmed: None,
            }],
            sources: Vec::new(),
            unconfirmed: None,
        };
        let s = ohio(r, &figures, date!(2025 - 01 - 15));
        assert_eq!(
            (s.period.as_str(), s.period_label.as_str()),
            ("2024", "Calendar year 2024")
        );
        let c1 = row(&s, "Officer C-1");
        assert_eq!(c1["counted_hours"], "24.0");
        assert_eq!(c1["qualifying_hours"], "27.0");
        assert_eq!(c1["reimbursable_amount"], "$762.00");
        assert_eq!(s.rows[0].key, Uuid::from_u128(7).to_string());
        assert_eq!(fact(&s, "Funded percent").unwrap().value, "up to 100%");
        assert_eq!(
            fact(&s, "maximum hours").unwrap().citations,
            ["OH-19", "OH-4"]
        );
        assert_eq!(ohio_requested(&figures), Some(76_200));

        let unknown = OhioReimbursement {
            officers: vec![oh_officer(7, "C-1", None)],
            base_cents: None,
            reimbursable_cents: None,
            funding_percent: None,
            ..figures
        };
        let s = ohio(r, &unknown, date!(2025 - 01 - 15));
        assert_eq!(row(&s, "Officer C-1")["reimbursable_amount"], "");
        assert_eq!(fact(&s, "Funded percent").unwrap().value, "unknown");
        assert_eq!(ohio_requested(&unknown), None);
    }
}

#[test]
fn striking_a_person_keeps_the_row_but_nothing_of_the_person() {
    use super::snapshot::{ERASED_ROW, Row, Snapshot};
    let row = |key: &str, label: &str| Row {
        key: key.into(),
        label: label.into(),
        cells: vec!["Dana Lindqvist".into(), "12.0".into()],
    };
    let mut snapshot = Snapshot {
        kind: super::StateReportKind::OhCptRoster,
        title: "Roster".into(),
        period: "2026".into(),
        period_label: "Calendar year 2026".into(),
        facts: vec![],
        notes: vec![],
        columns: vec![],
        rows: vec![row("p-1", "Officer 1042"), row("p-2", "Officer 7")],
    };
    assert_eq!(snapshot.strike("p-1").as_deref(), Some("Officer 1042"));
    assert_eq!(snapshot.rows[0].label, ERASED_ROW);
    assert_eq!(snapshot.rows[0].key, "erased-0");
    assert!(snapshot.rows[0].cells.iter().all(String::is_empty));
    assert_eq!(snapshot.rows[0].cells.len(), 2, "the columns still line up");
    assert_eq!(snapshot.rows[1], row("p-2", "Officer 7"));
    assert_eq!(snapshot.strike("p-1"), None, "struck once");
    assert_eq!(snapshot.strike("p-9"), None);
}
