use std::collections::{BTreeMap, BTreeSet};

use time::macros::date;

use super::*;
use crate::compliance::Minutes;
use crate::validation::ValidationErrors;

fn catalog() -> Catalog {
    Catalog {
        topics: ["general", "crisis_intervention", "use_of_force", "taser"]
            .map(String::from)
            .into(),
        events: ["firearms_qualification".to_owned()].into(),
    }
}

fn hours(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(t, h)| ((*t).to_owned(), *h)).collect()
}

fn draft() -> RecordDraft {
    RecordDraft {
        title: " Crisis Intervention Team refresher ".into(),
        completed_on: date!(2026 - 03 - 14),
        hours: hours(&[("crisis_intervention", 8.0), ("general", 1.5)]),
        events: vec![],
    }
}

const TODAY: time::Date = date!(2026 - 03 - 20);

fn fields<T>(result: Result<T, ValidationErrors>) -> Vec<String> {
    match result {
        Ok(_) => vec![],
        Err(e) => e.0.into_iter().map(|f| f.field).collect(),
    }
}

#[test]
fn a_record_is_trimmed_and_kept_in_minutes() {
    let record = ValidRecord::parse(draft(), &catalog(), TODAY).unwrap();
    assert_eq!(record.title, "Crisis Intervention Team refresher");
    assert_eq!(
        record.content.minutes_by_topic["crisis_intervention"],
        Minutes(480)
    );
    assert_eq!(record.content.total(), Minutes(570));
}

#[test]
fn every_invalid_field_of_a_record_is_named() {
    type Change = Box<dyn Fn(&mut RecordDraft)>;
    let cases: Vec<(&str, Change, Vec<&str>)> = vec![
        (
            "training recorded before it happened",
            Box::new(|d| d.completed_on = date!(2026 - 03 - 21)),
            vec!["completed_on"],
        ),
        (
            "a year typed wrong",
            Box::new(|d| d.completed_on = date!(1026 - 03 - 14)),
            vec!["completed_on"],
        ),
        (
            "no title",
            Box::new(|d| d.title = "  ".into()),
            vec!["title"],
        ),
        (
            "an SSN in the title",
            Box::new(|d| d.title = "CIT 123-45-6789".into()),
            vec!["title"],
        ),
        (
            "zero hours in a topic",
            Box::new(|d| d.hours = hours(&[("general", 0.0)])),
            vec!["hours.general"],
        ),
        (
            "negative hours",
            Box::new(|d| d.hours = hours(&[("general", -2.0)])),
            vec!["hours.general"],
        ),
        (
            "less than a minute",
            Box::new(|d| d.hours = hours(&[("general", 0.001)])),
            vec!["hours.general"],
        ),
        (
            "minutes typed as hours",
            Box::new(|d| d.hours = hours(&[("general", 480.0)])),
            vec!["hours.general"],
        ),
        (
            "more than four weeks in all",
            Box::new(|d| {
                d.hours = hours(&[
                    ("general", 80.0),
                    ("crisis_intervention", 80.0),
                    ("taser", 1.0),
                ])
            }),
            vec!["hours"],
        ),
        (
            "a topic nobody defined",
            Box::new(|d| d.hours = hours(&[("basket_weaving", 2.0)])),
            vec!["hours.basket_weaving"],
        ),
        (
            "an unknown event",
            Box::new(|d| d.events = vec!["firearms_qualification".into(), "parade".into()]),
            vec!["events.1"],
        ),
        (
            "nothing earned at all",
            Box::new(|d| d.hours.clear()),
            vec!["hours"],
        ),
    ];
    for (why, change, expected) in cases {
        let mut d = draft();
        change(&mut d);
        assert_eq!(
            fields(ValidRecord::parse(d, &catalog(), TODAY)),
            expected,
            "{why}"
        );
    }
}

#[test]
fn an_event_alone_is_a_record_and_today_is_allowed() {
    let mut d = draft();
    d.hours.clear();
    d.events = vec![
        "firearms_qualification".into(),
        "firearms_qualification".into(),
    ];
    d.completed_on = TODAY;
    let record = ValidRecord::parse(d, &catalog(), TODAY).unwrap();
    assert_eq!(record.content.events, ["firearms_qualification"]);
    assert_eq!(record.content.total(), Minutes::ZERO);
}

#[test]
fn only_verified_hours_count_unless_the_agency_counts_unverified() {
    assert!(counts_hours(Verification::Verified, false));
    assert!(!counts_hours(Verification::Pending, false));
    assert!(counts_hours(Verification::Pending, true));
    assert!(!counts_hours(Verification::Rejected, true));
}

#[test]
fn a_rejection_needs_a_reason_without_identifiers() {
    assert!(RejectionReason::parse("Certificate shows 4 hours, not 8").is_ok());
    assert_eq!(fields(RejectionReason::parse("  ")), ["reason"]);
    assert_eq!(
        fields(RejectionReason::parse("SSN 123-45-6789")),
        ["reason"]
    );
}

fn course() -> CourseDraft {
    CourseDraft {
        title: "Use of Force and De-escalation".into(),
        provider: Some(" MN POST ".into()),
        post_course_number: Some("".into()),
        delivery: Delivery::InPerson,
        cost_cents: Some(12_500),
        hours: hours(&[("use_of_force", 8.0)]),
        events: vec![],
        active: true,
    }
}

#[test]
fn a_course_names_its_fields() {
    let valid = ValidCourse::parse(course(), &catalog()).unwrap();
    assert_eq!(valid.provider.as_deref(), Some("MN POST"));
    assert_eq!(valid.post_course_number, None);
    let mut bad = course();
    bad.cost_cents = Some(-1);
    bad.title = String::new();
    bad.hours = hours(&[("use_of_force", f64::NAN)]);
    assert_eq!(
        fields(ValidCourse::parse(bad, &catalog())),
        ["title", "cost_cents", "hours.use_of_force"]
    );
}

fn session() -> SessionDraft {
    SessionDraft {
        starts_on: date!(2026 - 05 - 04),
        ends_on: date!(2026 - 05 - 05),
        start_time: Some("08:00".into()),
        end_time: Some("16:30".into()),
        location: Some("Training room B".into()),
        instructor: None,
        capacity: Some(12),
    }
}

#[test]
fn a_session_fits_its_course_and_its_roster() {
    let valid = ValidSession::parse(session(), Minutes::from_hours(16), 12).unwrap();
    assert_eq!(
        (valid.start_time.as_deref(), valid.end_time.as_deref()),
        (Some("08:00"), Some("16:30"))
    );
    // "8:05" is read as "08:05"; without times a session is all day.
    let mut loose = session();
    loose.start_time = Some("8:05".into());
    let valid = ValidSession::parse(loose, Minutes::from_hours(16), 12).unwrap();
    assert_eq!(valid.start_time.as_deref(), Some("08:05"));
    let mut all_day = session();
    (all_day.start_time, all_day.end_time) = (None, None);
    assert!(ValidSession::parse(all_day, Minutes::from_hours(16), 12).is_ok());
    // (change, course hours, enrolled, fields at fault, a sentence)
    type Change = fn(&mut SessionDraft);
    let cases: [(Change, u32, u32, &[&str], &str); 9] = [
        (
            |s| s.end_time = Some("08:00".into()),
            8,
            0,
            &["end_time"],
            "ends as it starts",
        ),
        (
            |s| s.start_time = None,
            8,
            0,
            &["end_time"],
            "an end without a start",
        ),
        (
            |s| s.start_time = Some("24:00".into()),
            8,
            0,
            &["start_time"],
            "no such hour",
        ),
        (
            |s| s.start_time = Some("8 am".into()),
            8,
            0,
            &["start_time"],
            "not HH:MM",
        ),
        (
            |s| s.start_time = Some(String::new()),
            8,
            0,
            &["start_time"],
            "a blank is no time (none is null)",
        ),
        (
            |s| s.ends_on = date!(2026 - 05 - 03),
            8,
            0,
            &["ends_on"],
            "ends before it starts",
        ),
        (|_| {}, 49, 0, &["ends_on"], "49 hours in two days"),
        (
            |s| s.capacity = Some(0),
            8,
            0,
            &["capacity"],
            "room for nobody",
        ),
        (
            |s| s.capacity = Some(5),
            8,
            6,
            &["capacity"],
            "fewer places than people on the roster",
        ),
    ];
    for (change, course_hours, enrolled, expected, why) in cases {
        let mut s = session();
        change(&mut s);
        assert_eq!(
            fields(ValidSession::parse(
                s,
                Minutes::from_hours(course_hours),
                enrolled
            )),
            expected,
            "{why}"
        );
    }
}

#[test]
fn an_agency_topic_never_shadows_a_state_topic() {
    let state: BTreeSet<String> = ["use_of_force".to_owned()].into();
    let topic = |code: &str| TopicDraft {
        code: code.into(),
        title: "Defensive tactics".into(),
        creditable: true,
    };
    assert!(ValidTopic::parse(topic(" defensive_tactics "), &state).is_ok());
    for code in ["use_of_force", "Defensive", "1st_aid", "", "a-b"] {
        assert_eq!(
            fields(ValidTopic::parse(topic(code), &state)),
            ["code"],
            "{code}"
        );
    }
}

#[test]
fn places_left_on_a_roster() {
    use super::places_left;
    assert_eq!(places_left(None, 40), None, "no limit");
    assert_eq!(places_left(Some(12), 11), Some(1));
    assert_eq!(places_left(Some(12), 12), Some(0));
    // A roster above a lowered capacity leaves no place, not a negative one.
    assert_eq!(places_left(Some(5), 7), Some(0));
}

#[test]
fn evidence_from_the_person_sends_a_refused_record_back_to_the_queue() {
    use crate::training::evidence_reopens;
    assert!(evidence_reopens(false, Verification::Rejected));
    assert!(
        !evidence_reopens(true, Verification::Rejected),
        "the office's own filing"
    );
    assert!(
        !evidence_reopens(false, Verification::Pending),
        "already in the queue"
    );
    assert!(!evidence_reopens(false, Verification::Verified));
}
