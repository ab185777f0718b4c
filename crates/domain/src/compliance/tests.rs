//! Worked examples of the engine on hand-built requirements shaped like the states' rules.

use time::Date;
use time::macros::date;
use uuid::Uuid;

use super::*;
use crate::people::PersonStatus;

fn req(id: &str, subject: &str, period: PeriodRule, measure: Measure) -> Requirement {
    Requirement {
        id: id.into(),
        title: subject.into(),
        subject: subject.into(),
        citations: vec!["TEST".into()],
        unconfirmed: None,
        applies: Applicability::default(),
        period,
        measure,
        effective_from: None,
        effective_until: None,
        binding: Binding::Immediately,
        grace_days: 0,
        prorate_first_period: false,
        // The reading of the four states encoded: late hours make up a missed period.
        missed: MissedDeadline {
            late_hours: LateHours::MakeUp,
            ..MissedDeadline::default()
        },
        judges: PeriodsJudged::Both,
    }
}

const MN_CYCLE: PeriodRule = PeriodRule::LicenseCycle {
    years: 3,
    end_month: 6,
    end_day: 30,
    first_cycle_years: 3,
};

fn hours(topics: &[&str], h: u32) -> Measure {
    Measure::Hours {
        topics: topics.iter().map(|t| t.to_string()).collect(),
        minimum: Minutes::from_hours(h),
    }
}

fn officer() -> PersonFacts {
    PersonFacts {
        status: PersonStatus::Active,
        roles: vec![],
        hire_date: Some(date!(2015 - 05 - 01)),
        certified_on: None,
        license_cycle: Some((date!(2023 - 07 - 01), date!(2026 - 06 - 30))),
        records_complete_from: Some(date!(2023 - 07 - 01)),
    }
}

fn record(n: u128, on: Date, topics: &[(&str, u32)]) -> TrainingRecord {
    TrainingRecord {
        id: Uuid::from_u128(n),
        completed_on: on,
        minutes_by_topic: topics
            .iter()
            .map(|(t, h)| (TopicCode::from(*t), Minutes::from_hours(*h)))
            .collect(),
        events: vec![],
    }
}

fn run<'r>(
    person: &PersonFacts,
    reqs: &'r [Requirement],
    records: &[TrainingRecord],
    as_of: Date,
) -> ComplianceReport<'r> {
    evaluate(&Evaluation {
        person,
        requirements: reqs,
        records,
        credentials: &[],
        waivers: &[],
        policies: &[],
        acknowledgements: &[],
        non_creditable_topics: &[],
        as_of,
        at_risk_days: 90,
    })
}

fn status_of(report: &ComplianceReport, id: &str) -> RequirementStatus {
    report
        .requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .map(|r| r.status)
        .unwrap()
}

fn mn_total() -> Requirement {
    req("mn.total", "continuing education", MN_CYCLE, hours(&[], 48))
}

#[test]
fn a_record_on_the_deadline_day_counts_and_the_day_after_it_is_late() {
    let reqs = [mn_total()];
    let on_time = [
        record(1, date!(2024 - 03 - 01), &[("general", 40)]),
        record(2, date!(2026 - 06 - 30), &[("general", 8)]),
    ];
    let report = run(&officer(), &reqs, &on_time, date!(2026 - 06 - 30));
    assert_eq!(report.status, ComplianceStatus::Compliant);
    assert_eq!(
        report.requirements[0].explanation,
        "met: 48.0 of 48.0 hours of continuing education for the period ending 2026-06-30"
    );

    let late = [
        record(1, date!(2024 - 03 - 01), &[("general", 40)]),
        record(2, date!(2026 - 07 - 01), &[("general", 8)]),
    ];
    let on_deadline = run(&officer(), &reqs, &late, date!(2026 - 06 - 30));
    assert_eq!(on_deadline.status, ComplianceStatus::AtRisk);
    assert_eq!(
        on_deadline.requirements[0].explanation,
        "needs 8.0 more hours of continuing education by 2026-06-30"
    );
    assert_eq!(on_deadline.next_change_at, Some(date!(2026 - 07 - 01)));

    // The next cycle has begun, but the missed one is not forgotten until it is made up.
    let day_after_without = run(&officer(), &reqs, &late[..1], date!(2026 - 07 - 01));
    assert_eq!(day_after_without.status, ComplianceStatus::NonCompliant);
    assert_eq!(
        day_after_without.requirements[0].explanation,
        "overdue: needed 8.0 more hours of continuing education by 2026-06-30"
    );
    let made_up = run(&officer(), &reqs, &late, date!(2026 - 07 - 01));
    assert_eq!(status_of(&made_up, "mn.total"), RequirementStatus::Pending);
}

#[test]
fn a_topic_can_be_met_while_the_total_is_not_and_the_reverse() {
    let reqs = [
        mn_total(),
        req(
            "mn.crisis",
            "crisis intervention",
            MN_CYCLE,
            hours(&["crisis"], 6),
        ),
    ];
    let as_of = date!(2026 - 01 - 15);
    let topic_only = run(
        &officer(),
        &reqs,
        &[record(1, date!(2025 - 01 - 10), &[("crisis", 6)])],
        as_of,
    );
    assert_eq!(status_of(&topic_only, "mn.crisis"), RequirementStatus::Met);
    assert_eq!(
        status_of(&topic_only, "mn.total"),
        RequirementStatus::Pending
    );
    let total_only = run(
        &officer(),
        &reqs,
        &[record(1, date!(2025 - 01 - 10), &[("general", 48)])],
        as_of,
    );
    assert_eq!(status_of(&total_only, "mn.total"), RequirementStatus::Met);
    assert_eq!(
        status_of(&total_only, "mn.crisis"),
        RequirementStatus::Pending
    );
    let crisis = total_only
        .requirements
        .iter()
        .find(|r| r.requirement_id == "mn.crisis")
        .unwrap();
    assert_eq!(
        crisis.explanation,
        "needs 6.0 more hours of crisis intervention by 2026-06-30"
    );
}

#[test]
fn a_pooled_minimum_counts_hours_from_every_topic_in_the_pool() {
    let pool = ["crisis", "conflict", "diversity", "autism", "bias"];
    let reqs = [req(
        "mn.mlo",
        "mandated learning objectives",
        MN_CYCLE,
        hours(&pool, 16),
    )];
    let records = [
        record(1, date!(2024 - 01 - 10), &[("crisis", 6), ("general", 4)]),
        record(
            2,
            date!(2025 - 01 - 10),
            &[
                ("autism", 4),
                ("conflict", 1),
                ("diversity", 1),
                ("bias", 1),
            ],
        ),
    ];
    let report = run(&officer(), &reqs, &records, date!(2026 - 01 - 15));
    let r = &report.requirements[0];
    assert_eq!(
        (r.earned, r.remaining),
        (
            Amount::Minutes(Minutes::from_hours(13)),
            Amount::Minutes(Minutes::from_hours(3))
        )
    );
    assert_eq!(
        r.explanation,
        "needs 3.0 more hours of mandated learning objectives by 2026-06-30"
    );
}

#[test]
fn at_risk_starts_exactly_at_the_window() {
    let reqs = [mn_total()];
    let pending = run(&officer(), &reqs, &[], date!(2026 - 03 - 31));
    assert_eq!(pending.status, ComplianceStatus::Compliant);
    assert_eq!(pending.next_change_at, Some(date!(2026 - 04 - 01)));
    let at_risk = run(&officer(), &reqs, &[], date!(2026 - 04 - 01));
    assert_eq!(at_risk.status, ComplianceStatus::AtRisk);
    assert_eq!(at_risk.next_change_at, Some(date!(2026 - 07 - 01)));
}

#[test]
fn an_annual_minimum_inside_a_multi_year_cycle() {
    let reqs = [
        mn_total(),
        req(
            "mn.uof",
            "use of force",
            PeriodRule::CalendarYear,
            hours(&["use_of_force"], 1),
        ),
    ];
    let records = [record(
        1,
        date!(2024 - 05 - 01),
        &[("use_of_force", 8), ("general", 40)],
    )];
    // 2024 was done; in 2025 nothing was: the annual minimum is overdue though the cycle is met.
    let report = run(&officer(), &reqs, &records, date!(2025 - 02 - 01));
    assert_eq!(status_of(&report, "mn.total"), RequirementStatus::Met);
    assert_eq!(status_of(&report, "mn.uof"), RequirementStatus::Pending);
    let report = run(&officer(), &reqs, &records, date!(2025 - 10 - 03));
    assert_eq!(status_of(&report, "mn.uof"), RequirementStatus::AtRisk);
    let report = run(&officer(), &reqs, &records, date!(2026 - 01 - 01));
    assert_eq!(status_of(&report, "mn.uof"), RequirementStatus::Overdue);
}

#[test]
fn a_new_mandate_binds_from_the_next_full_cycle() {
    let mut wellness = req(
        "mn.wellness",
        "officer wellness",
        MN_CYCLE,
        hours(&["wellness"], 1),
    );
    wellness.effective_from = Some(date!(2024 - 07 - 01));
    wellness.binding = Binding::NextFullPeriod;
    let reqs = [wellness.clone()];
    let mid_cycle = run(&officer(), &reqs, &[], date!(2025 - 01 - 01));
    assert_eq!(mid_cycle.status, ComplianceStatus::NotApplicable);
    assert_eq!(mid_cycle.next_change_at, Some(date!(2026 - 07 - 01)));
    let next_cycle = run(&officer(), &reqs, &[], date!(2026 - 07 - 01));
    assert_eq!(
        status_of(&next_cycle, "mn.wellness"),
        RequirementStatus::Pending
    );
    // Bound immediately instead, the same mandate applies to the running cycle.
    wellness.binding = Binding::Immediately;
    let wellness = [wellness];
    let now = run(&officer(), &wellness, &[], date!(2025 - 01 - 01));
    assert_eq!(now.status, ComplianceStatus::Compliant);
}

#[test]
fn a_person_hired_mid_cycle_is_judged_on_his_own_first_cycle() {
    let hired = PersonFacts {
        license_cycle: None,
        hire_date: Some(date!(2024 - 02 - 29)),
        ..officer()
    };
    let total = [mn_total()];
    let report = run(
        &hired,
        &total,
        &[record(1, date!(2024 - 02 - 29), &[("general", 8)])],
        date!(2025 - 01 - 01),
    );
    let r = &report.requirements[0];
    assert_eq!(
        r.period,
        Some(Period {
            start: date!(2024 - 02 - 29),
            end: date!(2027 - 06 - 30)
        })
    );
    assert_eq!(r.earned, Amount::Minutes(Minutes::from_hours(8)));
    let before_hire = run(&hired, &total, &[], date!(2024 - 01 - 01));
    assert_eq!(before_hire.status, ComplianceStatus::NotApplicable);
}

#[test]
fn a_grace_period_delays_non_compliance() {
    let mut total = mn_total();
    total.grace_days = 30;
    let reqs = [total];
    let in_grace = run(&officer(), &reqs, &[], date!(2026 - 07 - 30));
    assert_eq!(in_grace.status, ComplianceStatus::AtRisk);
    assert_eq!(in_grace.next_change_at, Some(date!(2026 - 07 - 31)));
    let after = run(&officer(), &reqs, &[], date!(2026 - 07 - 31));
    assert_eq!(after.status, ComplianceStatus::NonCompliant);
}

#[test]
fn waivers_exempt_extend_or_reduce_one_period() {
    let reqs = [mn_total()];
    let records = [record(1, date!(2026 - 07 - 15), &[("general", 40)])];
    let waiver = |effect| Waiver {
        id: Uuid::from_u128(9),
        requirement_id: "mn.total".into(),
        period_due: date!(2026 - 06 - 30),
        effect,
        reason: "leave of absence".into(),
        approved_by: "Chief".into(),
    };
    let eval = |w: &[Waiver], as_of| {
        evaluate(&Evaluation {
            person: &officer(),
            requirements: &reqs,
            records: &records,
            credentials: &[],
            waivers: w,
            policies: &[],
            acknowledgements: &[],
            non_creditable_topics: &[],
            as_of,
            at_risk_days: 90,
        })
    };
    assert_eq!(
        eval(&[waiver(WaiverEffect::Exempt)], date!(2026 - 06 - 01)).requirements[0].status,
        RequirementStatus::Waived
    );
    let extended = eval(
        &[waiver(WaiverEffect::ExtendDays { days: 60 })],
        date!(2026 - 08 - 01),
    );
    assert_eq!(extended.requirements[0].due, Some(date!(2026 - 08 - 29)));
    assert_eq!(
        extended.requirements[0].explanation,
        "needs 8.0 more hours of continuing education by 2026-08-29"
    );
    let reduced = eval(
        &[waiver(WaiverEffect::ReduceBy {
            minutes: Minutes::from_hours(8),
        })],
        date!(2026 - 08 - 01),
    );
    assert_eq!(
        reduced.requirements[0].status,
        RequirementStatus::Pending,
        "the previous cycle is cured by the late 40 hours"
    );
}

#[test]
fn a_credential_must_be_current_at_all_times() {
    let reqs = [req(
        "or.cpr",
        "first aid and CPR certification",
        PeriodRule::AtAllTimes,
        Measure::Credential {
            credential_type: "cpr".into(),
        },
    )];
    let cpr = CredentialHeld {
        id: Uuid::from_u128(5),
        credential_type: "cpr".into(),
        issued_on: date!(2024 - 03 - 01),
        expires_on: Some(date!(2026 - 02 - 28)),
    };
    let eval = |as_of| {
        evaluate(&Evaluation {
            person: &officer(),
            requirements: &reqs,
            records: &[],
            credentials: std::slice::from_ref(&cpr),
            waivers: &[],
            policies: &[],
            acknowledgements: &[],
            non_creditable_topics: &[],
            as_of,
            at_risk_days: 90,
        })
    };
    let fine = eval(date!(2025 - 06 - 01));
    assert_eq!(
        (fine.status, fine.next_change_at),
        (ComplianceStatus::Compliant, Some(date!(2025 - 11 - 30)))
    );
    assert_eq!(eval(date!(2026 - 02 - 28)).status, ComplianceStatus::AtRisk);
    let lapsed = eval(date!(2026 - 03 - 01));
    assert_eq!(lapsed.status, ComplianceStatus::NonCompliant);
}

#[test]
fn events_earn_no_hours_and_non_creditable_topics_stay_out_of_totals() {
    let reqs = [
        req(
            "oh.cpt",
            "continuing professional training",
            PeriodRule::CalendarYear,
            hours(&[], 24),
        ),
        req(
            "oh.requal",
            "firearms requalification",
            PeriodRule::CalendarYear,
            Measure::Event {
                event: "firearms_requalification".into(),
            },
        ),
    ];
    let mut requal = record(
        1,
        date!(2023 - 04 - 01),
        &[("firearms_requalification", 4), ("legal", 20)],
    );
    requal.events = vec!["firearms_requalification".into()];
    let report = evaluate(&Evaluation {
        person: &officer(),
        requirements: &reqs,
        records: &[requal],
        credentials: &[],
        waivers: &[],
        policies: &[],
        acknowledgements: &[],
        non_creditable_topics: &["firearms_requalification".into()],
        as_of: date!(2023 - 12 - 01),
        at_risk_days: 90,
    });
    assert_eq!(status_of(&report, "oh.requal"), RequirementStatus::Met);
    let cpt = report
        .requirements
        .iter()
        .find(|r| r.requirement_id == "oh.cpt")
        .unwrap();
    assert_eq!(
        cpt.explanation,
        "needs 4.0 more hours of continuing professional training by 2023-12-31"
    );
}

#[test]
fn once_every_five_years_rolls() {
    let reqs = [req(
        "mn.evoc",
        "emergency vehicle operations",
        PeriodRule::Rolling { months: 60 },
        hours(&["evoc"], 8),
    )];
    let records = [record(1, date!(2022 - 03 - 10), &[("evoc", 8)])];
    let ok = run(&officer(), &reqs, &records, date!(2026 - 01 - 01));
    assert_eq!(ok.requirements[0].due, Some(date!(2027 - 03 - 09)));
    assert_eq!(ok.next_change_at, Some(date!(2026 - 12 - 09)));
    assert_eq!(
        run(&officer(), &reqs, &records, date!(2027 - 03 - 10)).status,
        ComplianceStatus::NonCompliant
    );
}

#[test]
fn inactive_licensees_need_only_what_applies_to_them() {
    let mut total = mn_total();
    total.applies.statuses = vec![PersonStatus::Active, PersonStatus::Inactive];
    let reqs = [
        total,
        req(
            "mn.crisis",
            "crisis intervention",
            MN_CYCLE,
            hours(&["crisis"], 6),
        ),
    ];
    let inactive = PersonFacts {
        status: PersonStatus::Inactive,
        ..officer()
    };
    let report = run(&inactive, &reqs, &[], date!(2026 - 01 - 15));
    assert_eq!(
        status_of(&report, "mn.crisis"),
        RequirementStatus::NotApplicable
    );
    assert_eq!(status_of(&report, "mn.total"), RequirementStatus::Pending);
}

#[test]
fn the_report_does_not_depend_on_input_order() {
    let reqs = [
        mn_total(),
        req(
            "mn.crisis",
            "crisis intervention",
            MN_CYCLE,
            hours(&["crisis"], 6),
        ),
    ];
    let records = [
        record(1, date!(2024 - 01 - 10), &[("crisis", 2)]),
        record(2, date!(2025 - 01 - 10), &[("crisis", 3), ("general", 9)]),
    ];
    let forward = run(&officer(), &reqs, &records, date!(2026 - 05 - 01));
    let mut reversed_reqs = reqs.to_vec();
    reversed_reqs.reverse();
    let mut reversed_records = records.to_vec();
    reversed_records.reverse();
    assert_eq!(
        forward,
        run(
            &officer(),
            &reversed_reqs,
            &reversed_records,
            date!(2026 - 05 - 01)
        )
    );
}

#[test]
fn a_deadline_before_the_history_begins_is_not_judged_and_one_after_it_is() {
    let total = [mn_total()];
    let cases = [
        (
            date!(2026 - 07 - 01),
            ComplianceStatus::Compliant,
            "the 2023–2026 deadline passed before the history began: unknown, not missed",
        ),
        (
            date!(2026 - 06 - 30),
            ComplianceStatus::NonCompliant,
            "the history began on the deadline day: the agency had that day to record",
        ),
        (
            date!(2024 - 01 - 15),
            ComplianceStatus::NonCompliant,
            "the history began mid-cycle: the deadline came after it",
        ),
    ];
    for (history_from, expected, why) in cases {
        let person = PersonFacts {
            records_complete_from: Some(history_from),
            ..officer()
        };
        assert_eq!(
            run(&person, &total, &[], date!(2026 - 07 - 01)).status,
            expected,
            "{why}"
        );
    }
    let judged_everything = PersonFacts {
        records_complete_from: None,
        ..officer()
    };
    assert_eq!(
        run(&judged_everything, &total, &[], date!(2026 - 07 - 01)).status,
        ComplianceStatus::NonCompliant
    );
}

#[test]
fn a_cycle_ending_before_the_first_renewal_after_hire_is_not_owed() {
    // Hired March 2024: the first renewal is June 30 of the third calendar year after hire,
    // 2027, although the recorded cycle before it ended June 30, 2024.
    let hired = PersonFacts {
        hire_date: Some(date!(2024 - 03 - 11)),
        license_cycle: Some((date!(2024 - 07 - 01), date!(2027 - 06 - 30))),
        records_complete_from: None,
        ..officer()
    };
    let total = [mn_total()];
    let report = run(&hired, &total, &[], date!(2024 - 08 - 01));
    assert_eq!(report.status, ComplianceStatus::Compliant);
    assert_eq!(report.requirements[0].due, Some(date!(2027 - 06 - 30)));
    let before = run(&hired, &total, &[], date!(2024 - 05 - 01));
    assert_eq!(
        before.requirements[0].explanation,
        "first due 2027-06-30, the first renewal after hire"
    );
}
