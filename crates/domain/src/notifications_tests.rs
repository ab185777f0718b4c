use time::macros::date;
use uuid::Uuid;

use super::*;

fn requirement(id: &str, state: RequirementState, due: Date) -> RequirementDue {
    RequirementDue {
        requirement_id: id.into(),
        title: format!("Title of {id}"),
        state,
        due: Some(due),
    }
}

fn leads(days: &[i64]) -> LeadTimes {
    LeadTimes::parse(days).unwrap()
}

const PERSON: Uuid = Uuid::from_u128(7);

fn reminder_leads(due: Date, today: Date, leads: &LeadTimes) -> Vec<String> {
    requirement_reminders(
        PERSON,
        "Pat Doe",
        &[requirement("mn.total", RequirementState::Pending, due)],
        today,
        leads,
    )
    .into_iter()
    .map(|e| e.key.rsplit(':').next().unwrap_or_default().to_owned())
    .collect()
}

#[test]
fn each_day_falls_in_one_lead_time_bracket() {
    let due = date!(2027 - 06 - 30);
    let default = LeadTimes::default();
    // (days before the deadline, the lead time whose reminder is due, a sentence)
    let cases: [(i64, Option<&str>, &str); 9] = [
        (91, None, "more than 90 days away: nothing yet"),
        (90, Some("90"), "exactly 90 days: the 90-day reminder"),
        (31, Some("90"), "still the 90-day bracket"),
        (30, Some("30"), "30 days: the 30-day reminder"),
        (
            20,
            Some("30"),
            "first seen 20 days before: only the 30-day one",
        ),
        (7, Some("7"), "one week before"),
        (1, Some("7"), "the day before"),
        (0, Some("7"), "the deadline day itself"),
        (
            -1,
            None,
            "past the deadline: a non-compliance flag, not a reminder",
        ),
    ];
    for (before, expected, why) in cases {
        let today = due - time::Duration::days(before);
        let got = reminder_leads(due, today, &default);
        assert_eq!(
            got,
            expected.into_iter().map(String::from).collect::<Vec<_>>(),
            "{why}"
        );
    }
}

#[test]
fn the_event_key_names_person_requirement_due_date_and_lead() {
    let due = date!(2027 - 06 - 30);
    let events = requirement_reminders(
        PERSON,
        "Pat Doe",
        &[requirement("mn.total", RequirementState::AtRisk, due)],
        date!(2027 - 06 - 10),
        &LeadTimes::default(),
    );
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].key,
        format!("deadline_reminder:{PERSON}:mn.total:2027-06-30:30")
    );
    assert_eq!(events[0].kind, NotificationKind::DeadlineReminder);
    assert!(events[0].body.contains("20 day(s)"));
}

#[test]
fn met_waived_overdue_and_undated_requirements_are_not_reminded() {
    let due = date!(2027 - 06 - 30);
    let today = date!(2027 - 06 - 25);
    let mut undated = requirement("c", RequirementState::Pending, due);
    undated.due = None;
    let requirements = [
        requirement("a", RequirementState::Met, due),
        requirement("b", RequirementState::Waived, due),
        requirement("d", RequirementState::Overdue, due),
        requirement("e", RequirementState::NotApplicable, due),
        undated,
    ];
    assert!(
        requirement_reminders(PERSON, "Pat", &requirements, today, &LeadTimes::default())
            .is_empty()
    );
}

#[test]
fn a_leap_day_deadline_counts_its_days_across_february() {
    let due = date!(2028 - 02 - 29);
    // 2028-01-30 is exactly 30 days before the leap day.
    assert_eq!(
        reminder_leads(due, date!(2028 - 01 - 30), &LeadTimes::default()),
        vec!["30"]
    );
    assert_eq!(
        reminder_leads(due, date!(2028 - 01 - 29), &LeadTimes::default()),
        vec!["90"]
    );
    assert_eq!(
        reminder_leads(due, date!(2028 - 02 - 29), &LeadTimes::default()),
        vec!["7"]
    );
    assert!(reminder_leads(due, date!(2028 - 03 - 01), &LeadTimes::default()).is_empty());
}

#[test]
fn changed_lead_times_bracket_by_the_new_list() {
    let due = date!(2027 - 06 - 30);
    let today = due - time::Duration::days(50);
    assert_eq!(
        reminder_leads(due, today, &LeadTimes::default()),
        vec!["90"]
    );
    // The agency now reminds at 60 and 14 days: the 60-day reminder is a new event, the
    // 90-day one already sent stays sent, and no 30-day one is made any more.
    let changed = leads(&[14, 60]);
    assert_eq!(changed.days(), &[60, 14], "kept longest first");
    assert_eq!(reminder_leads(due, today, &changed), vec!["60"]);
    assert_eq!(
        reminder_leads(due, due - time::Duration::days(30), &changed),
        vec!["60"]
    );
    // With a single lead time, nothing before it.
    let single = leads(&[10]);
    assert!(reminder_leads(due, due - time::Duration::days(11), &single).is_empty());
    assert_eq!(
        reminder_leads(due, due - time::Duration::days(10), &single),
        vec!["10"]
    );
}

#[test]
fn lead_times_are_validated_on_the_field_lead_days() {
    // (input, valid, a sentence)
    let cases: [(&[i64], bool, &str); 8] = [
        (&[90, 30, 7], true, "the default"),
        (&[], true, "no reminders at all"),
        (&[1, 365], true, "both bounds"),
        (&[0], false, "zero days"),
        (&[366], false, "more than a year"),
        (&[-5], false, "negative"),
        (&[30, 30], false, "twice the same"),
        (&[1, 2, 3, 4, 5, 6, 7], false, "more than six"),
    ];
    for (input, valid, why) in cases {
        match LeadTimes::parse(input) {
            Ok(_) => assert!(valid, "{why}"),
            Err(errors) => {
                assert!(!valid, "{why}");
                assert!(errors.0.iter().all(|e| e.field == "lead_days"), "{why}");
            }
        }
    }
}

#[test]
fn a_policy_waiting_for_acknowledgement_is_reminded_as_such() {
    let due = date!(2027 - 03 - 01);
    let events = requirement_reminders(
        PERSON,
        "Pat Doe",
        &[requirement("policy.uof", RequirementState::Pending, due)],
        date!(2027 - 02 - 20),
        &LeadTimes::default(),
    );
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, NotificationKind::PolicyAcknowledgement);
    assert!(events[0].key.starts_with("policy_acknowledgement:"));
}

#[test]
fn an_overdue_requirement_flags_person_supervisor_and_office_once_each() {
    let (me, boss, coordinator) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
    let recipients = Recipients {
        person: Some(me),
        supervisors: vec![boss],
        // The supervisor is also listed by the office: still one flag for that login.
        office: vec![coordinator, boss],
    };
    let requirements = [
        requirement("mn.total", RequirementState::Overdue, date!(2026 - 06 - 30)),
        requirement("mn.crisis", RequirementState::Met, date!(2026 - 06 - 30)),
    ];
    let flags = non_compliance_flags(PERSON, "Pat Doe", &requirements, &recipients);
    let users: Vec<Uuid> = flags.iter().map(|f| f.user_id).collect();
    assert_eq!(users, vec![me, boss, coordinator]);
    let keys: BTreeSet<&str> = flags.iter().map(|f| f.event.key.as_str()).collect();
    assert_eq!(keys.len(), 3, "one key per recipient");
    assert!(
        flags
            .iter()
            .all(|f| f.event.kind == NotificationKind::NonCompliance)
    );
    assert!(non_compliance_flags(PERSON, "Pat", &requirements, &Recipients::default()).is_empty());
}

#[test]
fn credentials_are_reminded_at_the_lead_times_until_they_expire() {
    let credential = Uuid::from_u128(9);
    let expires = date!(2027 - 01 - 15);
    let remind = |today| {
        credential_reminder(
            credential,
            PERSON,
            "Pat Doe",
            "TASER instructor",
            expires,
            today,
            &LeadTimes::default(),
        )
    };
    assert!(remind(date!(2026 - 10 - 01)).is_none(), "106 days before");
    let event = remind(date!(2027 - 01 - 10)).unwrap();
    assert_eq!(
        event.key,
        format!("credential_expiry:{credential}:2027-01-15:7")
    );
    assert!(remind(expires).is_some(), "the last valid day");
    assert!(remind(date!(2027 - 01 - 16)).is_none(), "expired");
}

#[test]
fn one_digest_per_iso_week() {
    let user = Uuid::from_u128(5);
    let figures = DigestFigures {
        people: 3,
        non_compliant: vec!["Pat Doe".into()],
        at_risk: vec![],
    };
    let monday = weekly_digest(user, date!(2026 - 11 - 23), &figures);
    let sunday = weekly_digest(user, date!(2026 - 11 - 29), &figures);
    let next = weekly_digest(user, date!(2026 - 11 - 30), &figures);
    assert_eq!(monday.key, sunday.key);
    assert_ne!(sunday.key, next.key);
    // The ISO year differs from the calendar year around New Year.
    assert_eq!(
        weekly_digest(user, date!(2027 - 01 - 01), &figures).key,
        format!("weekly_digest:{user}:2026-W53")
    );
    assert!(monday.body.contains("1 not compliant"));
    let many = DigestFigures {
        people: 30,
        non_compliant: (0..25).map(|i| format!("Person {i}")).collect(),
        at_risk: vec![],
    };
    assert!(
        weekly_digest(user, date!(2026 - 11 - 23), &many)
            .body
            .contains("and 5 more")
    );
}

#[test]
fn a_new_device_is_one_the_login_never_used_and_the_first_sign_in_warns_nobody() {
    let known = vec!["aaa".to_owned()];
    assert!(!is_new_device("aaa", &[]), "the very first sign-in");
    assert!(!is_new_device("aaa", &known));
    assert!(is_new_device("bbb", &known));
    let alert = login_alert(Uuid::from_u128(1), "bbb", "2026-11-26 21:00 UTC");
    assert_eq!(alert.kind, NotificationKind::LoginAlert);
}

#[test]
fn retries_back_off_exponentially_up_to_the_cap() {
    let delays: Vec<u64> = (1..=6).map(|n| retry_delay_seconds(n, 60, 3600)).collect();
    assert_eq!(delays, vec![60, 120, 240, 480, 960, 1920]);
    assert_eq!(retry_delay_seconds(7, 60, 3600), 3600);
    assert_eq!(retry_delay_seconds(200, 60, 3600), 3600, "no overflow");
    assert_eq!(retry_delay_seconds(0, 60, 3600), 60);
}

#[test]
fn a_decision_tells_the_person_what_was_decided_and_why_once_per_outcome() {
    let (person, request, record) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
    let approved = decision(
        person,
        request,
        "Crisis Intervention Team refresher",
        Decided::Request {
            approved: true,
            comment: None,
        },
    );
    assert_eq!(approved.kind, NotificationKind::Decision);
    assert_eq!(approved.person_id, Some(person));
    assert!(approved.subject.contains("approved"));
    let denied = decision(
        person,
        request,
        "Crisis Intervention Team refresher",
        Decided::Request {
            approved: false,
            comment: Some("No budget until July"),
        },
    );
    assert_ne!(
        approved.key, denied.key,
        "each outcome is its own notification"
    );
    assert!(denied.body.ends_with("Comment: No budget until July"));
    let rejected = decision(
        person,
        record,
        "Officer wellness webinar",
        Decided::Record {
            rejected_because: Some("no certificate"),
        },
    );
    assert!(rejected.subject.starts_with("Training not accepted"));
    assert!(rejected.body.contains("Reason: no certificate"));
    let verified = decision(
        person,
        record,
        "Officer wellness webinar",
        Decided::Record {
            rejected_because: None,
        },
    );
    assert!(verified.body.contains("hours now count"));
}

#[test]
fn an_office_reminder_lists_what_is_open_and_is_sent_once_a_day() {
    use crate::dashboard::Item;
    let person = Uuid::from_u128(7);
    let item = |title: &'static str, explanation: &'static str| Item {
        requirement_id: title,
        title,
        topics: &[],
        status: crate::compliance::RequirementStatus::AtRisk,
        due: Some(date!(2026 - 12 - 31)),
        remaining: 1.0,
        unit: "hours",
        explanation,
    };
    let (a, b) = (
        item(
            "Firearms qualification",
            "not yet qualified this year; due 2026-12-31",
        ),
        item("Crisis intervention", "needs 4.0 more hours by 2026-12-31"),
    );
    let event = office_reminder(person, date!(2026 - 12 - 06), &[&a, &b]).unwrap();
    assert_eq!(event.person_id, Some(person));
    assert!(
        event
            .body
            .contains("- Firearms qualification: not yet qualified this year")
    );
    assert!(
        event
            .body
            .contains("- Crisis intervention: needs 4.0 more hours")
    );
    assert_eq!(
        event.key,
        office_reminder(person, date!(2026 - 12 - 06), &[&a])
            .unwrap()
            .key
    );
    assert_ne!(
        event.key,
        office_reminder(person, date!(2026 - 12 - 07), &[&a])
            .unwrap()
            .key
    );
    assert!(office_reminder(person, date!(2026 - 12 - 06), &[]).is_none());
}

fn mn_application() -> StateReportDue<'static> {
    // Minnesota's reimbursement application for fiscal year 2027 is due July 31, 2027
    // (rules/mn.toml [[reports]], MN-20, MN-21).
    StateReportDue {
        kind: "mn_reimbursement",
        title: "Minnesota POST reimbursement application",
        period: "fiscal year 2027".into(),
        due: date!(2027 - 07 - 31),
    }
}

#[test]
fn the_office_is_reminded_of_a_state_report_at_each_lead_time_and_not_after_it_is_due() {
    let office = [Uuid::from_u128(1), Uuid::from_u128(2)];
    let report = mn_application();
    let leads = LeadTimes::default();
    let at = |today: Date| state_report_reminders(&office, &report, today, &leads);
    // 91 days before July 31 is May 1: nothing yet; May 2 is 90 days before.
    assert!(at(date!(2027 - 05 - 01)).is_empty());
    let first = at(date!(2027 - 05 - 02));
    assert_eq!(first.len(), 2, "one to each member of the office");
    assert_eq!(first[0].event.kind, NotificationKind::StateReportDue);
    assert_eq!(first[0].event.person_id, None);
    assert!(first[0].event.subject.contains("fiscal year 2027"));
    assert!(first[0].event.body.contains("90 day(s)"));
    assert!(first[0].event.key.contains(":90:"));
    // Every day of a bracket is the same event, so later passes write nothing new.
    assert_eq!(at(date!(2027 - 06 - 30))[0].event.key, first[0].event.key);
    assert!(at(date!(2027 - 07 - 01))[0].event.key.contains(":30:"));
    // On the due date itself the last reminder still stands; the day after, none.
    let last = at(date!(2027 - 07 - 31));
    assert!(last[0].event.key.contains(":7:"));
    assert!(last[0].event.body.contains("0 day(s)"));
    assert!(at(date!(2027 - 08 - 01)).is_empty());
}

#[test]
fn next_periods_report_and_each_recipient_make_their_own_events() {
    let office = [Uuid::from_u128(1), Uuid::from_u128(2)];
    let leads = LeadTimes::default();
    let this_year = mn_application();
    let next_year = StateReportDue {
        period: "fiscal year 2028".into(),
        due: date!(2028 - 07 - 31),
        ..mn_application()
    };
    let a = state_report_reminders(&office, &this_year, date!(2027 - 07 - 30), &leads);
    let b = state_report_reminders(&office, &next_year, date!(2028 - 07 - 30), &leads);
    assert_ne!(a[0].event.key, a[1].event.key);
    assert_ne!(a[0].event.key, b[0].event.key);
    // Nobody in the office: nobody to tell.
    assert!(state_report_reminders(&[], &this_year, date!(2027 - 07 - 30), &leads).is_empty());
}
