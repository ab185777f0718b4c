//! The four state rule sets in `rules/`, loaded as shipped and run through the engine on
//! worked scenarios. Facts and sources: the `[[sources]]` of each file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a test is a failed test

use confitrek_domain::compliance::{
    Acknowledgement, Amount, ComplianceReport, ComplianceStatus, CredentialHeld, Evaluation,
    Jurisdiction, Minutes, Period, PeriodVerdict, PeriodsJudged, PersonFacts,
    PolicyVersionAssigned, Requirement, RequirementResult, RequirementStatus, RuleSet, TopicCode,
    TrainingRecord, Waiver, WaiverEffect, agency_requirement, evaluate, history,
};
use confitrek_domain::people::PersonStatus;
use time::Date;
use time::macros::date;
use uuid::Uuid;

const MN: (&str, &str) = ("rules/mn.toml", include_str!("../../../rules/mn.toml"));
const IN: (&str, &str) = ("rules/in.toml", include_str!("../../../rules/in.toml"));
const OH: (&str, &str) = ("rules/oh.toml", include_str!("../../../rules/oh.toml"));
const OR: (&str, &str) = ("rules/or.toml", include_str!("../../../rules/or.toml"));

// ---------------------------------------------------------------- helpers

fn load((file, text): (&str, &str)) -> RuleSet {
    RuleSet::from_toml(file, text).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{file} does not load:\n{}", lines.join("\n"))
    })
}

fn state(file: (&str, &str)) -> Jurisdiction {
    Jurisdiction::new(vec![load(file)])
}

/// Everything a scenario gives the engine besides the rules.
#[derive(Default)]
struct Facts {
    records: Vec<TrainingRecord>,
    credentials: Vec<CredentialHeld>,
    waivers: Vec<Waiver>,
    policies: Vec<PolicyVersionAssigned>,
    acknowledgements: Vec<Acknowledgement>,
}

/// The requirements that judge `person` on `as_of`, picked from the jurisdiction's versions,
/// evaluated with the in-force version's non-creditable topics.
fn check(
    j: &Jurisdiction,
    person: &PersonFacts,
    facts: &Facts,
    as_of: Date,
) -> ComplianceReport<'static> {
    // The report borrows the rules that judged; a test's jurisdiction is built for the test,
    // so its rules are kept for the life of the test process (a few kilobytes).
    let requirements: &'static [Requirement] = Box::leak(
        j.requirements_for(person, as_of)
            .into_owned()
            .into_boxed_slice(),
    );
    let non_creditable = j
        .in_force(as_of)
        .or(j.versions().first())
        .map(RuleSet::non_creditable_topics)
        .unwrap_or_default();
    evaluate(&Evaluation {
        person,
        requirements,
        records: &facts.records,
        credentials: &facts.credentials,
        waivers: &facts.waivers,
        policies: &facts.policies,
        acknowledgements: &facts.acknowledgements,
        non_creditable_topics: &non_creditable,
        as_of,
        at_risk_days: 90,
    })
}

fn records(records: Vec<TrainingRecord>) -> Facts {
    Facts {
        records,
        ..Facts::default()
    }
}

fn find<'a>(report: &'a ComplianceReport<'a>, id: &str) -> &'a RequirementResult<'a> {
    report
        .requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .unwrap_or_else(|| {
            let ids: Vec<&str> = report
                .requirements
                .iter()
                .map(|r| r.requirement_id)
                .collect();
            panic!("no result for {id}; have {ids:?}")
        })
}

fn status(report: &ComplianceReport, id: &str) -> RequirementStatus {
    find(report, id).status
}

fn sentence<'a>(report: &'a ComplianceReport, id: &str) -> &'a str {
    &find(report, id).explanation
}

fn hours(h: f64) -> Minutes {
    Minutes::from_decimal_hours(h).expect("hours in range")
}

fn rec(n: u128, on: Date, topics: &[(&str, f64)]) -> TrainingRecord {
    TrainingRecord {
        id: Uuid::from_u128(n),
        completed_on: on,
        minutes_by_topic: topics
            .iter()
            .map(|(t, h)| (TopicCode::from(*t), hours(*h)))
            .collect(),
        events: vec![],
    }
}

fn event(n: u128, on: Date, event: &str) -> TrainingRecord {
    TrainingRecord {
        events: vec![event.to_owned()],
        ..rec(n, on, &[])
    }
}

fn person(status: PersonStatus) -> PersonFacts {
    PersonFacts {
        status,
        roles: vec![],
        hire_date: None,
        certified_on: None,
        license_cycle: None,
        records_complete_from: None,
    }
}

fn waiver(
    n: u128,
    requirement: &str,
    period_due: Date,
    effect: WaiverEffect,
    reason: &str,
) -> Waiver {
    Waiver {
        id: Uuid::from_u128(n),
        requirement_id: requirement.to_owned(),
        period_due,
        effect,
        reason: reason.to_owned(),
        approved_by: "Chief of Police".to_owned(),
    }
}

/// The ids of the requirements that bind (are judged) in the report.
fn binding<'a>(report: &ComplianceReport<'a>) -> Vec<&'a str> {
    report
        .requirements
        .iter()
        .filter(|r| r.status != RequirementStatus::NotApplicable)
        .map(|r| r.requirement_id)
        .collect()
}

// ---------------------------------------------------------------- the documents

#[test]
fn every_state_file_loads_validates_and_cites_its_sources() {
    for (file, code, count) in [(MN, "MN", 13), (IN, "IN", 5), (OH, "OH", 22), (OR, "OR", 4)] {
        let rules = load(file);
        assert_eq!(rules.jurisdiction, code, "{}", file.0);
        assert_eq!(rules.version, 1, "{}", file.0);
        assert_eq!(rules.requirements.len(), count, "{}", file.0);
        assert!(
            !rules.notes.is_empty(),
            "{} says what it does not model",
            file.0
        );
        let prefix = format!("{}.", code.to_lowercase());
        for r in &rules.requirements {
            assert!(r.id.starts_with(&prefix), "{}: {}", file.0, r.id);
            assert!(!r.citations.is_empty(), "{}: {}", file.0, r.id);
            for c in &r.citations {
                assert!(
                    c.starts_with(&format!("{code}-")),
                    "{}: {} cites {c}",
                    file.0,
                    r.id
                );
            }
            assert!(
                r.grace_days == 0,
                "{}: no state's rule has a grace period",
                r.id
            );
        }
    }
}

#[test]
fn facts_the_reference_does_not_confirm_are_marked_unconfirmed() {
    let expected: [(&str, &str, &[&str]); 4] = [
        (
            MN.0,
            MN.1,
            &[
                "mn.ce.total",
                "mn.evoc",
                "mn.firearms_qualification",
                "mn.mlo.community_diversity",
                "mn.mlo.conflict_management",
                "mn.mlo.crimes_motivated_by_bias",
                "mn.mlo.crisis_intervention",
                "mn.mlo.total",
                "mn.sro",
                "mn.use_of_force",
            ],
        ),
        (
            IN.0,
            IN.1,
            &[
                "in.inservice.defensive_tactics",
                "in.inservice.total",
                "in.inservice.use_of_force_2009",
            ],
        ),
        (
            OH.0,
            OH.1,
            &[
                "oh.cpt.2016.total",
                "oh.cpt.2019_2021.total",
                "oh.cpt.2022.total",
                "oh.cpt.2024.total",
                "oh.cpt.total",
                "oh.firearms_requalification",
            ],
        ),
        (
            OR.0,
            OR.1,
            &[
                "or.maintenance.firearms_use_of_force",
                "or.maintenance.leadership",
                "or.maintenance.total",
            ],
        ),
    ];
    for (file, text, ids) in expected {
        let rules = load((file, text));
        let mut unconfirmed: Vec<&str> = rules
            .requirements
            .iter()
            .filter(|r| r.unconfirmed.is_some())
            .map(|r| r.id.as_str())
            .collect();
        unconfirmed.sort_unstable();
        assert_eq!(unconfirmed, ids, "{file}");
    }
    let mn = load(MN);
    let sro = mn
        .requirements
        .iter()
        .find(|r| r.id == "mn.sro")
        .expect("mn.sro");
    assert!(
        sro.unconfirmed
            .as_deref()
            .is_some_and(|n| n.contains("June 30, 2027"))
    );
}

#[test]
fn a_broken_document_fails_with_errors_naming_the_file_and_the_rule() {
    let missing_citation =
        MN.1.replacen("citations = [\"MN-6\", \"MN-8\"]", "citations = []", 1);
    let unknown_topic = missing_citation.replacen(
        "topics = [\"autism\"]",
        "topics = [\"autism_awareness\"]",
        1,
    );
    assert_ne!(unknown_topic, MN.1);
    let errors = RuleSet::from_toml("rules/mn.toml", &unknown_topic).expect_err("broken");
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "rules/mn.toml, rule mn.mlo.autism, measure.topics: counts topic autism_awareness, which is not among the topics",
            "rules/mn.toml, rule mn.wellness, citations: has no citation: every rule cites its source",
        ]
    );
    assert!(errors.iter().all(|e| e.file == "rules/mn.toml"));

    let unknown_source =
        IN.1.replacen("citations = [\"IN-6\"]", "citations = [\"IN-99\"]", 1);
    let errors = RuleSet::from_toml("rules/in.toml", &unknown_source).expect_err("broken");
    assert_eq!(
        errors[0].to_string(),
        "rules/in.toml, rule in.inservice.use_of_force_2009, citations: cites IN-99, which is not among the sources"
    );

    // A date that is not a date fails while parsing: the error names the file and the line
    // (the parser stops before it knows the rule).
    let bad_date = IN.1.replacen(
        "effective_from = \"2024-03-06\"",
        "effective_from = \"2024-02-30\"",
        1,
    );
    let errors = RuleSet::from_toml("rules/in.toml", &bad_date).expect_err("broken");
    let line =
        IN.1.lines()
            .position(|l| l == "effective_from = \"2024-03-06\"")
            .expect("the line")
            + 1;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "rules/in.toml");
    assert_eq!(
        errors[0].to_string(),
        format!("rules/in.toml: day was not in range (line {line})")
    );

    // Dates in the wrong order are caught by validation, which names the rule.
    let reversed = IN.1.replacen(
        "effective_until = \"2023-12-31\"",
        "effective_until = \"2008-12-31\"",
        1,
    );
    let errors = RuleSet::from_toml("rules/in.toml", &reversed).expect_err("broken");
    assert_eq!(
        errors[0].to_string(),
        "rules/in.toml, rule in.inservice.use_of_force_2009, effective_until: effective_until 2008-12-31 is before effective_from 2009-04-22"
    );
}

// ---------------------------------------------------------------- Minnesota

/// An officer in the licence cycle July 1, 2023 – June 30, 2026 (the POST page's example),
/// with ConfiTrek records from the start of that cycle.
fn mn_officer() -> PersonFacts {
    PersonFacts {
        hire_date: Some(date!(2015 - 05 - 01)),
        license_cycle: Some((date!(2023 - 07 - 01), date!(2026 - 06 - 30))),
        records_complete_from: Some(date!(2023 - 07 - 01)),
        ..person(PersonStatus::Active)
    }
}

/// Everything for the 2023–2026 cycle except `general_missing` of the 48 hours.
fn mn_cycle_records(general: f64) -> Vec<TrainingRecord> {
    vec![
        rec(
            1,
            date!(2024 - 03 - 01),
            &[
                ("crisis_intervention", 9.0),
                ("conflict_management", 1.0),
                ("community_diversity", 1.0),
                ("autism", 4.0),
                ("crimes_motivated_by_bias", 1.0),
            ],
        ),
        rec(2, date!(2023 - 08 - 15), &[("use_of_force", 1.0)]),
        rec(
            3,
            date!(2024 - 08 - 15),
            &[("use_of_force", 1.0), ("evoc", 8.0)],
        ),
        rec(4, date!(2025 - 08 - 15), &[("use_of_force", 1.0)]),
        rec(5, date!(2026 - 01 - 20), &[("use_of_force", 1.0)]),
        rec(6, date!(2025 - 02 - 01), &[("general", general)]),
        event(7, date!(2023 - 09 - 01), "firearms_qualification"),
        event(8, date!(2024 - 09 - 01), "firearms_qualification"),
        event(9, date!(2025 - 09 - 01), "firearms_qualification"),
        event(10, date!(2026 - 02 - 01), "firearms_qualification"),
    ]
}

#[test]
fn minnesota_a_record_on_june_30_counts_and_the_day_after_there_is_no_grace() {
    let mn = state(MN);
    let officer = mn_officer();
    // 16 MLO + 4 use of force + 8 EVOC + 12 general = 40: eight hours short.
    let mut on_deadline = mn_cycle_records(12.0);
    on_deadline.push(rec(20, date!(2026 - 06 - 30), &[("general", 8.0)]));
    let report = check(&mn, &officer, &records(on_deadline), date!(2026 - 06 - 30));
    assert_eq!(report.status, ComplianceStatus::Compliant);
    assert_eq!(
        sentence(&report, "mn.ce.total"),
        "met: 48.0 of 48.0 hours of continuing education for the period ending 2026-06-30"
    );

    let mut day_after = mn_cycle_records(12.0);
    day_after.push(rec(20, date!(2026 - 07 - 01), &[("general", 8.0)]));
    let report = check(
        &mn,
        &officer,
        &records(day_after.clone()),
        date!(2026 - 06 - 30),
    );
    assert_eq!(report.status, ComplianceStatus::AtRisk);
    assert_eq!(
        sentence(&report, "mn.ce.total"),
        "needs 8.0 more hours of continuing education by 2026-06-30"
    );
    assert_eq!(report.next_change_at, Some(date!(2026 - 07 - 01)));

    // July 1 without the hours: non-compliant at once — no grace in Minnesota.
    let report = check(
        &mn,
        &officer,
        &records(mn_cycle_records(12.0)),
        date!(2026 - 07 - 01),
    );
    assert_eq!(report.status, ComplianceStatus::NonCompliant);
    assert_eq!(
        sentence(&report, "mn.ce.total"),
        "overdue: needed 8.0 more hours of continuing education by 2026-06-30 (licence expired on the deadline: no work as a peace officer until it is restored)"
    );
    assert!(
        binding(&report).contains(&"mn.wellness"),
        "the new cycle brings officer wellness"
    );
    assert_eq!(status(&report, "mn.wellness"), RequirementStatus::Pending);
    // With the hours recorded on July 1 the engine counts them as made up; POST's own
    // consequence (the licence expired on June 30) is outside the engine (see the notes).
    let report = check(&mn, &officer, &records(day_after), date!(2026 - 07 - 01));
    assert_eq!(status(&report, "mn.ce.total"), RequirementStatus::Pending);
}

#[test]
fn minnesota_a_topic_can_be_met_while_the_total_is_not_and_the_reverse() {
    let mn = state(MN);
    let as_of = date!(2026 - 01 - 15);
    // 16 MLO + 3 use of force + 8 EVOC so far (the January 20 hour is still to come).
    let mlo_only = check(&mn, &mn_officer(), &records(mn_cycle_records(0.0)), as_of);
    assert_eq!(status(&mlo_only, "mn.mlo.total"), RequirementStatus::Met);
    assert_eq!(status(&mlo_only, "mn.mlo.autism"), RequirementStatus::Met);
    assert_eq!(status(&mlo_only, "mn.ce.total"), RequirementStatus::Pending);
    assert_eq!(
        sentence(&mlo_only, "mn.ce.total"),
        "needs 21.0 more hours of continuing education by 2026-06-30"
    );

    let general_only = check(
        &mn,
        &mn_officer(),
        &records(vec![rec(
            1,
            date!(2024 - 02 - 01),
            &[("general", 40.0), ("crisis_intervention", 8.0)],
        )]),
        as_of,
    );
    assert_eq!(status(&general_only, "mn.ce.total"), RequirementStatus::Met);
    assert_eq!(
        status(&general_only, "mn.mlo.crisis_intervention"),
        RequirementStatus::Met
    );
    assert_eq!(
        sentence(&general_only, "mn.mlo.total"),
        "needs 8.0 more hours of mandatory learning objectives by 2026-06-30"
    );
    assert_eq!(
        sentence(&general_only, "mn.mlo.autism"),
        "needs 4.0 more hours of autism training by 2026-06-30"
    );
    // The five topic minimums sum to 13: three more MLO hours in any of them fill the pool.
    let thirteen = check(
        &mn,
        &mn_officer(),
        &records(vec![rec(
            1,
            date!(2024 - 02 - 01),
            &[
                ("crisis_intervention", 6.0),
                ("conflict_management", 1.0),
                ("community_diversity", 1.0),
                ("autism", 4.0),
                ("crimes_motivated_by_bias", 1.0),
            ],
        )]),
        as_of,
    );
    let pool = find(&thirteen, "mn.mlo.total");
    assert_eq!(pool.remaining, Amount::Minutes(hours(3.0)));
    for topic in [
        "mn.mlo.crisis_intervention",
        "mn.mlo.conflict_management",
        "mn.mlo.community_diversity",
        "mn.mlo.autism",
        "mn.mlo.crimes_motivated_by_bias",
    ] {
        assert_eq!(status(&thirteen, topic), RequirementStatus::Met, "{topic}");
    }
}

#[test]
fn minnesota_each_mandate_version_binds_its_own_cycles() {
    let mn = state(MN);
    let always = [
        "mn.ce.total",
        "mn.evoc",
        "mn.firearms_qualification",
        "mn.use_of_force",
    ];
    let cases: [(&str, Date, Date, &[&str]); 6] = [
        (
            "a cycle begun before the 2018 mandate",
            date!(2017 - 07 - 01),
            date!(2020 - 06 - 30),
            &[],
        ),
        (
            "the first full cycle after July 1, 2018",
            date!(2018 - 07 - 01),
            date!(2021 - 06 - 30),
            &["mn.mlo.total_2018"],
        ),
        (
            "the last cycle under the 2018 pool",
            date!(2020 - 07 - 01),
            date!(2023 - 06 - 30),
            &["mn.mlo.total_2018"],
        ),
        (
            "the 2024 renewals: autism and the split, and bias immediately",
            date!(2021 - 07 - 01),
            date!(2024 - 06 - 30),
            &[
                "mn.mlo.autism",
                "mn.mlo.community_diversity",
                "mn.mlo.conflict_management",
                "mn.mlo.crimes_motivated_by_bias",
                "mn.mlo.crisis_intervention",
                "mn.mlo.total",
            ],
        ),
        (
            "the current cycle",
            date!(2023 - 07 - 01),
            date!(2026 - 06 - 30),
            &[
                "mn.mlo.autism",
                "mn.mlo.community_diversity",
                "mn.mlo.conflict_management",
                "mn.mlo.crimes_motivated_by_bias",
                "mn.mlo.crisis_intervention",
                "mn.mlo.total",
            ],
        ),
        (
            "the 2027 renewals add officer wellness",
            date!(2024 - 07 - 01),
            date!(2027 - 06 - 30),
            &[
                "mn.mlo.autism",
                "mn.mlo.community_diversity",
                "mn.mlo.conflict_management",
                "mn.mlo.crimes_motivated_by_bias",
                "mn.mlo.crisis_intervention",
                "mn.mlo.total",
                "mn.wellness",
            ],
        ),
    ];
    for (why, start, end, mandates) in cases {
        let officer = PersonFacts {
            license_cycle: Some((start, end)),
            records_complete_from: Some(start),
            ..mn_officer()
        };
        let report = check(&mn, &officer, &Facts::default(), end);
        let mut expected: Vec<&str> = always.iter().chain(mandates.iter()).copied().collect();
        expected.sort_unstable();
        assert_eq!(binding(&report), expected, "{why}");
    }
    let report = check(&mn, &mn_officer(), &Facts::default(), date!(2025 - 01 - 01));
    assert_eq!(
        sentence(&report, "mn.wellness"),
        "binds from the first period starting on or after 2024-07-01"
    );
}

#[test]
fn minnesota_a_new_licensee_is_judged_on_his_own_first_cycle() {
    let mn = state(MN);
    // Hired on a leap day: the first renewal is June 30 of the third calendar year after.
    let leap = PersonFacts {
        hire_date: Some(date!(2024 - 02 - 29)),
        license_cycle: None,
        records_complete_from: Some(date!(2024 - 02 - 29)),
        ..person(PersonStatus::Active)
    };
    let before = check(&mn, &leap, &Facts::default(), date!(2024 - 02 - 28));
    assert_eq!(
        sentence(&before, "mn.ce.total"),
        "first period starts 2024-02-29"
    );
    let report = check(
        &mn,
        &leap,
        &records(vec![rec(1, date!(2024 - 02 - 29), &[("general", 8.0)])]),
        date!(2025 - 01 - 01),
    );
    let total = find(&report, "mn.ce.total");
    assert_eq!(
        total.period,
        Some(Period {
            start: date!(2024 - 02 - 29),
            end: date!(2027 - 06 - 30)
        })
    );
    assert_eq!(
        total.earned,
        Amount::Minutes(hours(8.0)),
        "the hire-day record counts"
    );
    // Wellness (July 1, 2024) binds from the next full cycle: not this first one…
    assert_eq!(
        status(&report, "mn.wellness"),
        RequirementStatus::NotApplicable
    );
    // …but it does bind a first cycle that starts after it.
    let august = PersonFacts {
        hire_date: Some(date!(2024 - 08 - 01)),
        ..leap
    };
    let report = check(&mn, &august, &Facts::default(), date!(2025 - 01 - 01));
    assert_eq!(status(&report, "mn.wellness"), RequirementStatus::Pending);
    assert_eq!(
        find(&report, "mn.wellness").due,
        Some(date!(2027 - 06 - 30))
    );
}

#[test]
fn minnesota_annual_use_of_force_inside_the_three_year_cycle() {
    let mn = state(MN);
    // All 48 hours in 2024, use of force only in 2024.
    let done = records(vec![rec(
        1,
        date!(2024 - 05 - 01),
        &[
            ("use_of_force", 8.0),
            ("crisis_intervention", 9.0),
            ("conflict_management", 1.0),
            ("community_diversity", 1.0),
            ("autism", 4.0),
            ("crimes_motivated_by_bias", 1.0),
            ("general", 24.0),
        ],
    )]);
    let cases = [
        (
            date!(2025 - 02 - 01),
            RequirementStatus::Pending,
            "needs 1.0 more hours of in-service use of force and firearms by 2025-12-31",
        ),
        (
            date!(2025 - 10 - 03),
            RequirementStatus::AtRisk,
            "needs 1.0 more hours of in-service use of force and firearms by 2025-12-31",
        ),
        (
            date!(2026 - 01 - 01),
            RequirementStatus::Overdue,
            "overdue: needed 1.0 more hours of in-service use of force and firearms by 2025-12-31",
        ),
    ];
    for (as_of, expected, explanation) in cases {
        let report = check(&mn, &mn_officer(), &done, as_of);
        assert_eq!(
            status(&report, "mn.ce.total"),
            RequirementStatus::Met,
            "{as_of}"
        );
        assert_eq!(status(&report, "mn.use_of_force"), expected, "{as_of}");
        assert_eq!(sentence(&report, "mn.use_of_force"), explanation, "{as_of}");
    }
}

#[test]
fn minnesota_inactive_licensees_need_only_the_48_hours() {
    let mn = state(MN);
    let inactive = PersonFacts {
        status: PersonStatus::Inactive,
        ..mn_officer()
    };
    let report = check(&mn, &inactive, &Facts::default(), date!(2026 - 01 - 15));
    assert_eq!(binding(&report), ["mn.ce.total"]);
    assert_eq!(
        sentence(&report, "mn.mlo.total"),
        "does not apply to this person (inactive)"
    );
    let separated = PersonFacts {
        status: PersonStatus::Separated,
        ..mn_officer()
    };
    let report = check(&mn, &separated, &Facts::default(), date!(2026 - 01 - 15));
    assert_eq!(report.status, ComplianceStatus::NotApplicable);
}

#[test]
fn minnesota_evoc_rolls_over_five_years_and_the_sro_course_binds_sros_from_june_2027() {
    let mn = state(MN);
    let evoc = records(vec![rec(1, date!(2022 - 03 - 10), &[("evoc", 8.0)])]);
    let report = check(&mn, &mn_officer(), &evoc, date!(2026 - 01 - 01));
    assert_eq!(
        sentence(&report, "mn.evoc"),
        "met: emergency vehicle operations current until 2027-03-09"
    );
    let report = check(&mn, &mn_officer(), &evoc, date!(2027 - 03 - 10));
    assert_eq!(status(&report, "mn.evoc"), RequirementStatus::Overdue);

    let sro = PersonFacts {
        roles: vec!["sro".to_owned()],
        ..mn_officer()
    };
    let none = Facts::default();
    let cases = [
        (
            &mn_officer(),
            &none,
            date!(2027 - 06 - 01),
            RequirementStatus::NotApplicable,
            "does not apply to this person (active)",
        ),
        (
            &sro,
            &none,
            date!(2027 - 05 - 31),
            RequirementStatus::NotApplicable,
            "binds from 2027-06-01",
        ),
        (
            &sro,
            &none,
            date!(2027 - 06 - 01),
            RequirementStatus::AtRisk,
            "needs 1.0 more hours of school resource officer training by 2027-06-01",
        ),
        (
            &sro,
            &none,
            date!(2027 - 06 - 02),
            RequirementStatus::Overdue,
            "overdue: needed 1.0 more hours of school resource officer training by 2027-06-01",
        ),
    ];
    for (who, facts, as_of, expected, explanation) in cases {
        let report = check(&mn, who, facts, as_of);
        assert_eq!(status(&report, "mn.sro"), expected, "{as_of}");
        assert_eq!(sentence(&report, "mn.sro"), explanation, "{as_of}");
    }
    let course = records(vec![rec(
        2,
        date!(2025 - 10 - 01),
        &[("school_resource_officer", 8.0)],
    )]);
    let report = check(&mn, &sro, &course, date!(2027 - 06 - 01));
    assert_eq!(
        sentence(&report, "mn.sro"),
        "met: school resource officer training current until 2028-09-30"
    );
}

#[test]
fn minnesota_a_new_rule_version_binds_from_the_next_cycle_not_the_current_one() {
    let v1 = load(MN);
    let text =
        MN.1.replacen("version = 1", "version = 2", 1)
            .replacen(
                "effective_from = \"2018-07-01\"\n\nnotes",
                "effective_from = \"2025-01-01\"\n\nnotes",
                1,
            )
            .replacen("minimum_hours = 48 }", "minimum_hours = 60 }", 1);
    let v2 = RuleSet::from_toml("rules/mn.toml (version 2)", &text).expect("version 2 loads");
    assert_eq!((v2.version, v2.effective_from), (2, date!(2025 - 01 - 01)));
    let mn = Jurisdiction::new(vec![v2, v1]);
    let officer = mn_officer();
    let done = records(mn_cycle_records(20.0));
    let cases = [
        (
            date!(2025 - 06 - 01),
            48.0,
            "the cycle begun 2023-07-01 keeps version 1",
        ),
        (date!(2026 - 06 - 30), 48.0, "up to its last day"),
    ];
    for (as_of, required, why) in cases {
        let report = check(&mn, &officer, &done, as_of);
        let total: Vec<&RequirementResult> = report
            .requirements
            .iter()
            .filter(|r| r.requirement_id == "mn.ce.total")
            .collect();
        assert_eq!(total.len(), 1, "one version judges: {why}");
        assert_eq!(total[0].required, Amount::Minutes(hours(required)), "{why}");
    }
    let report = check(&mn, &officer, &done, date!(2026 - 06 - 30));
    assert_eq!(
        sentence(&report, "mn.ce.total"),
        "met: 48.0 of 48.0 hours of continuing education for the period ending 2026-06-30"
    );
    // The next cycle is judged by version 2, while the closed one keeps version 1 (see
    // `a_cycle_met_under_the_old_version_stays_met_after_the_new_version_binds`).
    let next_cycle = mn_officer();
    let report = check(&mn, &next_cycle, &done, date!(2026 - 07 - 01));
    let total = find(&report, "mn.ce.total");
    assert_eq!(total.required, Amount::Minutes(hours(60.0)));
    assert_eq!(
        total.explanation,
        "needs 60.0 more hours of continuing education by 2029-06-30"
    );
    // The annual rule follows the calendar year: 2025 is already under version 2.
    let picked = mn.picked_for(&officer, date!(2025 - 06 - 01));
    let version_of = |id: &str| {
        picked
            .iter()
            .find(|(_, r)| r.id == id && r.judges != PeriodsJudged::PreviousOnly)
            .map(|(v, _)| *v)
    };
    assert_eq!(version_of("mn.ce.total"), Some(1));
    assert_eq!(version_of("mn.use_of_force"), Some(2));
}

// ---------------------------------------------------------------- Indiana

/// An officer appointed in 2012 whose records in ConfiTrek are complete from `from`.
fn in_officer(roles: &[&str], from: Date) -> PersonFacts {
    PersonFacts {
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        hire_date: Some(date!(2012 - 03 - 01)),
        records_complete_from: Some(from),
        ..person(PersonStatus::Active)
    }
}

#[test]
fn indiana_full_time_part_time_and_reserve_officers_all_need_24_hours_a_year() {
    let indiana = state(IN);
    for roles in [&[][..], &["part_time"], &["reserve"]] {
        let officer = in_officer(roles, date!(2024 - 01 - 01));
        let report = check(&indiana, &officer, &Facts::default(), date!(2024 - 06 - 01));
        assert_eq!(
            binding(&report),
            [
                "in.inservice.defensive_tactics",
                "in.inservice.firearms",
                "in.inservice.total",
                "in.inservice.vehicle_operations",
            ],
            "{roles:?}"
        );
        assert_eq!(
            sentence(&report, "in.inservice.total"),
            "needs 24.0 more hours of in-service training by 2024-12-31"
        );
    }
}

#[test]
fn indiana_the_2009_rule_governs_through_2023_and_the_2024_rule_from_2024() {
    let indiana = state(IN);
    // Four hours of classroom use of force: enough in 2023, not active-participation defensive
    // tactics in 2024.
    let year = |y: i32| {
        let on = Date::from_calendar_date(y, time::Month::June, 1).expect("date");
        rec(
            u128::try_from(y).expect("year"),
            on,
            &[
                ("use_of_force", 4.0),
                ("firearms", 2.0),
                ("vehicle_operations", 2.0),
                ("general", 16.0),
            ],
        )
    };
    let facts = records(vec![year(2023), year(2024)]);
    let officer = in_officer(&[], date!(2023 - 01 - 01));
    let in_2023 = check(&indiana, &officer, &facts, date!(2023 - 12 - 31));
    assert_eq!(in_2023.status, ComplianceStatus::Compliant);
    assert_eq!(
        status(&in_2023, "in.inservice.use_of_force_2009"),
        RequirementStatus::Met
    );
    assert_eq!(
        status(&in_2023, "in.inservice.defensive_tactics"),
        RequirementStatus::NotApplicable
    );
    let in_2024 = check(&indiana, &officer, &facts, date!(2024 - 12 - 31));
    assert_eq!(
        status(&in_2024, "in.inservice.use_of_force_2009"),
        RequirementStatus::NotApplicable
    );
    assert_eq!(
        status(&in_2024, "in.inservice.total"),
        RequirementStatus::Met
    );
    assert_eq!(
        sentence(&in_2024, "in.inservice.defensive_tactics"),
        "needs 4.0 more hours of active-participation defensive tactics by 2024-12-31"
    );
}

#[test]
fn indiana_a_topic_can_be_met_while_the_total_is_not_and_the_reverse() {
    let indiana = state(IN);
    let as_of = date!(2025 - 11 - 01);
    // A leap-day record counts toward its own calendar year.
    let topics_only = records(vec![rec(
        1,
        date!(2024 - 02 - 29),
        &[
            ("firearms", 2.0),
            ("defensive_tactics", 4.0),
            ("vehicle_operations", 2.0),
        ],
    )]);
    let report = check(
        &indiana,
        &in_officer(&[], date!(2024 - 01 - 01)),
        &topics_only,
        date!(2024 - 12 - 31),
    );
    assert_eq!(
        status(&report, "in.inservice.firearms"),
        RequirementStatus::Met
    );
    assert_eq!(
        status(&report, "in.inservice.defensive_tactics"),
        RequirementStatus::Met
    );
    assert_eq!(
        sentence(&report, "in.inservice.total"),
        "needs 16.0 more hours of in-service training by 2024-12-31"
    );

    let total_only = records(vec![rec(
        2,
        date!(2025 - 03 - 01),
        &[
            ("general", 20.0),
            ("de_escalation", 2.0),
            ("human_trafficking", 2.0),
        ],
    )]);
    let report = check(
        &indiana,
        &in_officer(&[], date!(2025 - 01 - 01)),
        &total_only,
        as_of,
    );
    assert_eq!(
        sentence(&report, "in.inservice.total"),
        "met: 24.0 of 24.0 hours of in-service training for the period ending 2025-12-31"
    );
    assert_eq!(
        sentence(&report, "in.inservice.firearms"),
        "needs 2.0 more hours of firearms training by 2025-12-31"
    );
    assert_eq!(report.status, ComplianceStatus::AtRisk);
}

#[test]
fn indiana_no_grace_after_december_31_unless_the_year_is_waived() {
    let indiana = state(IN);
    let short = records(vec![rec(1, date!(2024 - 06 - 01), &[("general", 20.0)])]);
    let officer = in_officer(&["reserve"], date!(2024 - 01 - 01));
    let report = check(&indiana, &officer, &short, date!(2025 - 01 - 01));
    assert_eq!(report.status, ComplianceStatus::NonCompliant);
    assert_eq!(
        sentence(&report, "in.inservice.total"),
        "overdue: needed 4.0 more hours of in-service training by 2024-12-31 (police powers suspended until the hours are done; not eligible for continued employment)"
    );
    // January make-up no longer counts for the year before (ended with training year 2021):
    // the January hours cure the shortfall only as late hours, never on time.
    let made_up = records(vec![
        rec(1, date!(2024 - 06 - 01), &[("general", 20.0)]),
        rec(2, date!(2025 - 01 - 15), &[("general", 4.0)]),
    ]);
    let report = check(&indiana, &officer, &made_up, date!(2024 - 12 - 31));
    assert_eq!(
        status(&report, "in.inservice.total"),
        RequirementStatus::AtRisk
    );

    // 250 IAC 2-7-4: the board waives 2024 (an emergency, no courses available). A waiver
    // names one requirement, so the year's waiver is recorded for each of them.
    let waived_year = [
        "in.inservice.total",
        "in.inservice.firearms",
        "in.inservice.defensive_tactics",
        "in.inservice.vehicle_operations",
    ];
    let waivers: Vec<Waiver> = waived_year
        .iter()
        .zip(1u128..)
        .map(|(id, n)| {
            waiver(
                n,
                id,
                date!(2024 - 12 - 31),
                WaiverEffect::Exempt,
                "250 IAC 2-7-4: emergency, courses unavailable",
            )
        })
        .collect();
    let facts = Facts {
        records: short.records.clone(),
        waivers,
        ..Facts::default()
    };
    let report = check(&indiana, &officer, &facts, date!(2024 - 12 - 31));
    assert_eq!(report.status, ComplianceStatus::Compliant);
    assert_eq!(
        sentence(&report, "in.inservice.total"),
        "waived for the period ending 2024-12-31"
    );
    let report = check(&indiana, &officer, &facts, date!(2025 - 01 - 01));
    assert_eq!(report.status, ComplianceStatus::Compliant);
    assert_eq!(
        status(&report, "in.inservice.total"),
        RequirementStatus::Pending
    );
}

// ---------------------------------------------------------------- Ohio

fn oh_officer(certified_on: Date) -> PersonFacts {
    PersonFacts {
        hire_date: Some(certified_on),
        certified_on: Some(certified_on),
        records_complete_from: Some(date!(2022 - 01 - 01)),
        ..person(PersonStatus::Active)
    }
}

/// A year of training shaped like the 2022 rules: DEI plus three of the six categories.
fn oh_year(n: u128, year: i32) -> Vec<TrainingRecord> {
    let on = |month, day| Date::from_calendar_date(year, month, day).expect("date");
    vec![
        rec(
            n,
            on(time::Month::March, 1),
            &[
                ("diversity_inclusion_equity", 4.0),
                ("mental_health", 4.0),
                ("use_of_force", 4.0),
                ("legal_updates", 4.0),
                ("general", 8.0),
            ],
        ),
        event(n + 1, on(time::Month::April, 1), "firearms_requalification"),
    ]
}

#[test]
fn ohio_each_year_has_its_own_topics_2022_and_2023() {
    let ohio = state(OH);
    let officer = oh_officer(date!(2010 - 06 - 01));
    let facts = records([oh_year(1, 2022), oh_year(3, 2023)].concat());
    let in_2022 = check(&ohio, &officer, &facts, date!(2022 - 12 - 31));
    assert_eq!(in_2022.status, ComplianceStatus::Compliant);
    assert_eq!(
        binding(&in_2022),
        [
            "oh.cpt.2022.categories",
            "oh.cpt.2022.diversity_inclusion_equity",
            "oh.cpt.2022.total",
            "oh.firearms_requalification"
        ]
    );
    assert_eq!(
        sentence(&in_2022, "oh.cpt.2022.categories"),
        "met: chosen 2022 CPT done for the period ending 2022-12-31"
    );
    // The same training in 2023 meets the 24 hours and legal updates, not the new topics.
    let in_2023 = check(&ohio, &officer, &facts, date!(2023 - 12 - 31));
    assert_eq!(in_2023.status, ComplianceStatus::AtRisk);
    assert_eq!(
        binding(&in_2023),
        [
            "oh.cpt.2023.arrest_search_seizure",
            "oh.cpt.2023.legal_updates",
            "oh.cpt.2023.school_threat_safety",
            "oh.cpt.2023.total",
            "oh.firearms_requalification",
        ]
    );
    assert_eq!(
        status(&in_2023, "oh.cpt.2023.total"),
        RequirementStatus::Met
    );
    assert_eq!(
        status(&in_2023, "oh.cpt.2023.legal_updates"),
        RequirementStatus::Met
    );
    assert_eq!(
        sentence(&in_2023, "oh.cpt.2023.school_threat_safety"),
        "needs 3.0 more hours of school threat and safety by 2023-12-31"
    );
    assert_eq!(
        sentence(&in_2023, "oh.cpt.2023.arrest_search_seizure"),
        "needs 2.0 more hours of arrest, search and seizure by 2023-12-31"
    );
    // Two 2022 categories instead of three.
    let two = records(vec![rec(
        9,
        date!(2022 - 05 - 01),
        &[
            ("diversity_inclusion_equity", 4.0),
            ("mental_health", 4.0),
            ("sexual_assault", 4.0),
            ("general", 12.0),
        ],
    )]);
    let report = check(&ohio, &officer, &two, date!(2022 - 11 - 01));
    assert_eq!(
        sentence(&report, "oh.cpt.2022.categories"),
        "needs 1 more chosen 2022 CPT topics at 4.0 hours each by 2022-12-31"
    );
    assert_eq!(status(&report, "oh.cpt.2022.total"), RequirementStatus::Met);
}

#[test]
fn ohio_2018_asked_no_hours_and_2024_asks_24_with_topics_unconfirmed() {
    let ohio = state(OH);
    let officer = PersonFacts {
        records_complete_from: Some(date!(2018 - 01 - 01)),
        ..oh_officer(date!(2010 - 06 - 01))
    };
    let report = check(&ohio, &officer, &Facts::default(), date!(2018 - 06 - 01));
    assert_eq!(
        sentence(&report, "oh.cpt.2018.total"),
        "met: 0.0 of 0.0 hours of continuing professional training for the period ending 2018-12-31"
    );
    let report = check(
        &ohio,
        &officer,
        &records(oh_year(1, 2024)),
        date!(2024 - 12 - 31),
    );
    let cpt = find(&report, "oh.cpt.2024.total");
    assert_eq!(cpt.status, RequirementStatus::Met);
    assert!(cpt.unconfirmed.is_some_and(|n| n.contains("not found")));
}

#[test]
fn ohio_is_exempt_from_cpt_in_the_year_of_basic_training_but_not_from_requalification() {
    let ohio = state(OH);
    let rookie = oh_officer(date!(2023 - 05 - 15));
    let report = check(&ohio, &rookie, &Facts::default(), date!(2023 - 12 - 31));
    assert_eq!(binding(&report), ["oh.firearms_requalification"]);
    assert_eq!(
        sentence(&report, "oh.cpt.2023.total"),
        "does not bind in this period"
    );
    assert_eq!(
        sentence(&report, "oh.firearms_requalification"),
        "needs a current firearms requalification by 2023-12-31"
    );
    // The next year counts in full, and the exempt year is not held against him.
    let report = check(&ohio, &rookie, &Facts::default(), date!(2024 - 01 - 02));
    assert_eq!(
        status(&report, "oh.cpt.2024.total"),
        RequirementStatus::Pending
    );
    assert_eq!(
        find(&report, "oh.cpt.2024.total").required,
        Amount::Minutes(hours(24.0))
    );
    assert_eq!(
        status(&report, "oh.firearms_requalification"),
        RequirementStatus::Overdue
    );
    // Basic training on a leap day: that year is exempt too.
    let leap = oh_officer(date!(2024 - 02 - 29));
    let report = check(&ohio, &leap, &Facts::default(), date!(2024 - 12 - 31));
    assert_eq!(
        status(&report, "oh.cpt.2024.total"),
        RequirementStatus::NotApplicable
    );
    // An officer certified earlier but appointed mid-year owes the whole year.
    let lateral = PersonFacts {
        hire_date: Some(date!(2024 - 09 - 01)),
        ..oh_officer(date!(2019 - 03 - 01))
    };
    let report = check(&ohio, &lateral, &Facts::default(), date!(2024 - 12 - 31));
    assert_eq!(
        sentence(&report, "oh.cpt.2024.total"),
        "needs 24.0 more hours of continuing professional training by 2024-12-31"
    );
}

#[test]
fn ohio_firearms_requalification_is_an_event_and_its_hours_are_not_cpt() {
    let ohio = state(OH);
    let officer = oh_officer(date!(2010 - 06 - 01));
    let mut requal = rec(
        1,
        date!(2023 - 04 - 01),
        &[
            ("firearms_requalification", 4.0),
            ("school_threat_safety", 3.0),
            ("legal_updates", 3.0),
            ("arrest_search_seizure", 2.0),
            ("general", 12.0),
        ],
    );
    requal.events = vec!["firearms_requalification".to_owned()];
    let report = check(
        &ohio,
        &officer,
        &records(vec![requal]),
        date!(2023 - 12 - 01),
    );
    assert_eq!(
        sentence(&report, "oh.firearms_requalification"),
        "met: firearms requalification done for the period ending 2023-12-31"
    );
    assert_eq!(
        sentence(&report, "oh.cpt.2023.total"),
        "needs 4.0 more hours of continuing professional training by 2023-12-31"
    );
}

// ---------------------------------------------------------------- Oregon

fn or_officer(certified_on: Date) -> PersonFacts {
    PersonFacts {
        hire_date: Some(certified_on),
        certified_on: Some(certified_on),
        records_complete_from: Some(certified_on),
        ..person(PersonStatus::Active)
    }
}

fn cpr(n: u128, issued_on: Date, expires_on: Date) -> CredentialHeld {
    CredentialHeld {
        id: Uuid::from_u128(n),
        credential_type: "first_aid_cpr".to_owned(),
        issued_on,
        expires_on: Some(expires_on),
    }
}

#[test]
fn oregon_cycles_snap_to_calendar_years_by_half_year_of_certification() {
    let oregon = state(OR);
    let cases = [
        (
            date!(2022 - 06 - 30),
            date!(2023 - 05 - 01),
            date!(2022 - 01 - 01),
            date!(2024 - 12 - 31),
        ),
        (
            date!(2022 - 07 - 01),
            date!(2023 - 05 - 01),
            date!(2023 - 01 - 01),
            date!(2025 - 12 - 31),
        ),
        (
            date!(2024 - 02 - 29),
            date!(2024 - 03 - 01),
            date!(2024 - 01 - 01),
            date!(2026 - 12 - 31),
        ),
    ];
    for (certified, as_of, start, end) in cases {
        let report = check(&oregon, &or_officer(certified), &Facts::default(), as_of);
        assert_eq!(
            find(&report, "or.maintenance.total").period,
            Some(Period { start, end }),
            "certified {certified}"
        );
    }
    // Certified in July: nothing to judge on the three-year rule until January 1.
    let july = or_officer(date!(2022 - 07 - 01));
    let report = check(&oregon, &july, &Facts::default(), date!(2022 - 12 - 31));
    assert_eq!(
        sentence(&report, "or.maintenance.total"),
        "first period starts 2023-01-01"
    );
    assert_eq!(report.next_change_at, Some(date!(2023 - 01 - 01)));
}

#[test]
fn oregon_eight_hours_of_firearms_or_use_of_force_every_year_inside_the_84() {
    let oregon = state(OR);
    let officer = or_officer(date!(2021 - 03 - 01));
    let facts = Facts {
        records: vec![
            rec(
                1,
                date!(2022 - 04 - 01),
                &[("firearms", 4.0), ("use_of_force", 4.0), ("general", 40.0)],
            ),
            rec(2, date!(2023 - 04 - 01), &[("general", 36.0)]),
        ],
        credentials: vec![cpr(9, date!(2022 - 01 - 01), date!(2025 - 12 - 31))],
        ..Facts::default()
    };
    let report = check(&oregon, &officer, &facts, date!(2023 - 12 - 31));
    assert_eq!(
        sentence(&report, "or.maintenance.total"),
        "met: 84.0 of 84.0 hours of maintenance training for the period ending 2023-12-31"
    );
    assert_eq!(
        sentence(&report, "or.maintenance.firearms_use_of_force"),
        "needs 8.0 more hours of firearms or use of force by 2023-12-31"
    );
    let report = check(&oregon, &officer, &facts, date!(2024 - 01 - 01));
    assert_eq!(report.status, ComplianceStatus::NonCompliant);
    assert_eq!(
        status(&report, "or.maintenance.total"),
        RequirementStatus::Pending
    );
    assert_eq!(
        status(&report, "or.maintenance.firearms_use_of_force"),
        RequirementStatus::Overdue
    );
}

#[test]
fn oregon_supervisors_need_24_leadership_hours_of_the_84() {
    let oregon = state(OR);
    let supervisor = PersonFacts {
        roles: vec!["supervisor".to_owned()],
        ..or_officer(date!(2022 - 02 - 01))
    };
    let facts = records(vec![rec(
        1,
        date!(2023 - 02 - 01),
        &[("leadership", 16.0), ("general", 60.0), ("firearms", 8.0)],
    )]);
    let report = check(&oregon, &supervisor, &facts, date!(2024 - 06 - 01));
    assert_eq!(
        status(&report, "or.maintenance.total"),
        RequirementStatus::Met
    );
    assert_eq!(
        sentence(&report, "or.maintenance.leadership"),
        "needs 8.0 more hours of leadership and professional training by 2024-12-31"
    );
    let officer = or_officer(date!(2022 - 02 - 01));
    let report = check(&oregon, &officer, &facts, date!(2024 - 06 - 01));
    assert_eq!(
        status(&report, "or.maintenance.leadership"),
        RequirementStatus::NotApplicable
    );
}

#[test]
fn oregon_leave_over_six_months_extends_the_cycle() {
    let oregon = state(OR);
    // Records complete from the start of his first cycle.
    let officer = PersonFacts {
        records_complete_from: Some(date!(2021 - 01 - 01)),
        ..or_officer(date!(2021 - 03 - 01))
    };
    let before_leave = vec![
        rec(
            1,
            date!(2022 - 04 - 01),
            &[("firearms", 8.0), ("general", 44.0)],
        ),
        rec(2, date!(2023 - 01 - 10), &[("firearms", 8.0)]),
    ];
    let without = check(
        &oregon,
        &officer,
        &records(before_leave.clone()),
        date!(2024 - 03 - 01),
    );
    assert_eq!(
        sentence(&without, "or.maintenance.total"),
        "overdue: needed 24.0 more hours of maintenance training by 2023-12-31; hours completed since count toward the current period only (certification suspended: no work in the discipline)"
    );
    // Eight months' leave in 2023: the cycle ending 2023-12-31 is extended by 244 days.
    let leave = waiver(
        7,
        "or.maintenance.total",
        date!(2023 - 12 - 31),
        WaiverEffect::ExtendDays { days: 244 },
        "leave of absence 2023-02-01 to 2023-09-30 (over six months)",
    );
    let facts = Facts {
        records: before_leave.clone(),
        waivers: vec![leave.clone()],
        ..Facts::default()
    };
    let report = check(&oregon, &officer, &facts, date!(2024 - 03 - 01));
    let total = find(&report, "or.maintenance.total");
    assert_eq!(total.status, RequirementStatus::AtRisk);
    assert_eq!(total.due, Some(date!(2024 - 08 - 31)));
    assert_eq!(
        total.explanation,
        "needs 24.0 more hours of maintenance training by 2024-08-31"
    );
    assert_eq!(total.waiver, Some(Uuid::from_u128(7)));
    let mut caught_up = before_leave;
    caught_up.push(rec(
        3,
        date!(2024 - 05 - 01),
        &[("general", 16.0), ("use_of_force", 8.0)],
    ));
    let facts = Facts {
        records: caught_up,
        waivers: vec![leave],
        ..Facts::default()
    };
    let report = check(&oregon, &officer, &facts, date!(2024 - 06 - 01));
    assert_eq!(
        status(&report, "or.maintenance.total"),
        RequirementStatus::Pending
    );
    assert_eq!(
        find(&report, "or.maintenance.total").period,
        Some(Period {
            start: date!(2024 - 01 - 01),
            end: date!(2026 - 12 - 31)
        })
    );
}

#[test]
fn oregon_first_aid_and_cpr_must_be_current_at_all_times() {
    let oregon = state(OR);
    let officer = or_officer(date!(2021 - 03 - 01));
    let facts = Facts {
        credentials: vec![cpr(5, date!(2023 - 03 - 01), date!(2025 - 02 - 28))],
        ..Facts::default()
    };
    let cases = [
        (
            date!(2024 - 10 - 01),
            RequirementStatus::Met,
            "met: first aid and CPR certification current until 2025-02-28",
        ),
        (
            date!(2025 - 02 - 28),
            RequirementStatus::AtRisk,
            "met until 2025-02-28: renew first aid and CPR certification by then",
        ),
        (
            date!(2025 - 03 - 01),
            RequirementStatus::Overdue,
            "overdue: needed a current first aid and CPR certification by 2025-02-28",
        ),
    ];
    for (as_of, expected, explanation) in cases {
        let report = check(&oregon, &officer, &facts, as_of);
        assert_eq!(status(&report, "or.first_aid_cpr"), expected, "{as_of}");
        assert_eq!(
            sentence(&report, "or.first_aid_cpr"),
            explanation,
            "{as_of}"
        );
    }
    // A renewed card taken before the old one lapsed keeps him current.
    let renewed = Facts {
        credentials: vec![
            cpr(5, date!(2023 - 03 - 01), date!(2025 - 02 - 28)),
            cpr(6, date!(2025 - 02 - 20), date!(2027 - 02 - 28)),
        ],
        ..Facts::default()
    };
    let report = check(&oregon, &officer, &renewed, date!(2025 - 03 - 01));
    assert_eq!(
        find(&report, "or.first_aid_cpr").counted,
        [Uuid::from_u128(6)]
    );
    assert_eq!(status(&report, "or.first_aid_cpr"), RequirementStatus::Met);
}

#[test]
fn oregon_periods_before_enforcement_resumed_in_2022_are_not_judged() {
    let oregon = state(OR);
    let officer = PersonFacts {
        records_complete_from: None,
        ..or_officer(date!(2015 - 03 - 01))
    };
    // The cycle 2018–2020 ended during the COVID pause: not judged…
    let report = check(&oregon, &officer, &Facts::default(), date!(2020 - 06 - 01));
    assert_eq!(
        status(&report, "or.maintenance.total"),
        RequirementStatus::NotApplicable
    );
    assert_eq!(
        status(&report, "or.maintenance.firearms_use_of_force"),
        RequirementStatus::NotApplicable
    );
    // …nor held against him afterwards; the cycle 2021–2023 ends after enforcement resumed
    // and is judged in full.
    let report = check(&oregon, &officer, &Facts::default(), date!(2021 - 06 - 01));
    let total = find(&report, "or.maintenance.total");
    assert_eq!(
        (total.status, total.due),
        (RequirementStatus::Pending, Some(date!(2023 - 12 - 31)))
    );
    let report = check(&oregon, &officer, &Facts::default(), date!(2022 - 01 - 01));
    assert_eq!(
        status(&report, "or.maintenance.firearms_use_of_force"),
        RequirementStatus::Pending,
        "the paused year 2021 is not overdue"
    );
}

// ---------------------------------------------------------------- engine bugs found on the way
// Edge cases of versions, first periods and rolling windows.

#[test]
fn a_rolling_due_date_counts_only_the_hours_of_the_rolling_topic() {
    let mn = state(MN);
    // 6 h EVOC in 2022 and 2 h EVOC (with 6 h of something else) in 2023: the 8 hours need
    // both records, so the requirement lapses when the 2022 record leaves the window.
    let facts = records(vec![
        rec(1, date!(2022 - 01 - 10), &[("evoc", 6.0)]),
        rec(2, date!(2023 - 01 - 10), &[("evoc", 2.0), ("general", 6.0)]),
    ]);
    let report = check(&mn, &mn_officer(), &facts, date!(2024 - 01 - 01));
    assert_eq!(status(&report, "mn.evoc"), RequirementStatus::Met);
    assert_eq!(find(&report, "mn.evoc").due, Some(date!(2027 - 01 - 09)));
    let lapsed = check(&mn, &mn_officer(), &facts, date!(2027 - 01 - 10));
    assert_eq!(status(&lapsed, "mn.evoc"), RequirementStatus::Overdue);
}

#[test]
fn a_rolling_requirement_met_on_a_leap_day_is_due_the_day_before_it_lapses() {
    let mn = state(MN);
    let facts = records(vec![rec(1, date!(2020 - 02 - 29), &[("evoc", 8.0)])]);
    // The window on 2025-02-28 is 2020-02-29 – 2025-02-28: still met, so that is the due date.
    let last_day = check(&mn, &mn_officer(), &facts, date!(2025 - 02 - 28));
    assert_eq!(find(&last_day, "mn.evoc").due, Some(date!(2025 - 02 - 28)));
    assert_ne!(
        sentence(&last_day, "mn.evoc"),
        "needs 0.0 more hours of emergency vehicle operations by 2025-02-27 (grace period after the 2025-02-27 deadline)"
    );
    let lapsed = check(&mn, &mn_officer(), &facts, date!(2025 - 03 - 01));
    assert_eq!(status(&lapsed, "mn.evoc"), RequirementStatus::Overdue);
}

#[test]
fn a_rolling_requirement_added_in_a_new_version_binds_from_that_version() {
    let v1 = load(MN);
    let text =
        MN.1.replacen("version = 1", "version = 2", 1)
            .replacen(
                "effective_from = \"2018-07-01\"\n\nnotes",
                "effective_from = \"2025-01-01\"\n\nnotes",
                1,
            )
            .replacen("id = \"mn.evoc\"", "id = \"mn.evoc_2025\"", 1);
    let v2 = RuleSet::from_toml("rules/mn.toml (version 2)", &text).expect("version 2 loads");
    let mn = Jurisdiction::new(vec![v1, v2]);
    // In 2026 version 2 is in force and a rolling window has no cycle to finish first, yet the
    // window began in 2021 (under version 1), so version 2's rule is not picked until 2030.
    let picked: Vec<String> = mn
        .requirements_for(&mn_officer(), date!(2026 - 01 - 01))
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert!(picked.iter().any(|id| id == "mn.evoc_2025"), "{picked:?}");
}

#[test]
fn a_cycle_met_under_the_old_version_stays_met_after_the_new_version_binds() {
    let v1 = load(MN);
    let text =
        MN.1.replacen("version = 1", "version = 2", 1)
            .replacen(
                "effective_from = \"2018-07-01\"\n\nnotes",
                "effective_from = \"2025-01-01\"\n\nnotes",
                1,
            )
            .replacen("minimum_hours = 48 }", "minimum_hours = 60 }", 1);
    let v2 = RuleSet::from_toml("rules/mn.toml (version 2)", &text).expect("version 2 loads");
    let mn = Jurisdiction::new(vec![v1, v2]);
    // 48 hours in the 2023–2026 cycle, which version 1 governs: met on June 30…
    let done = records(mn_cycle_records(20.0));
    let june_30 = check(&mn, &mn_officer(), &done, date!(2026 - 06 - 30));
    assert_eq!(status(&june_30, "mn.ce.total"), RequirementStatus::Met);
    // …and still met on July 1, when version 2 (60 hours) starts with the new cycle. Today
    // the engine judges the finished cycle by version 2's 60 hours: "overdue: needed 12.0
    // more hours of continuing education by 2026-06-30".
    let july_1 = check(&mn, &mn_officer(), &done, date!(2026 - 07 - 01));
    assert_eq!(
        sentence(&july_1, "mn.ce.total"),
        "needs 60.0 more hours of continuing education by 2029-06-30"
    );
}

#[test]
fn a_shortfall_in_the_first_period_is_not_forgotten_when_it_ends() {
    // Hired June 1, 2024 and added to ConfiTrek that day: his records are complete. The
    // 2024 calendar year began before that, so once it ends the engine treats its shortfall
    // as missing history and reports him compliant on January 1.
    let indiana = state(IN);
    let hired = PersonFacts {
        hire_date: Some(date!(2024 - 06 - 01)),
        records_complete_from: Some(date!(2024 - 06 - 01)),
        ..person(PersonStatus::Active)
    };
    let dec_31 = check(&indiana, &hired, &Facts::default(), date!(2024 - 12 - 31));
    assert_eq!(
        status(&dec_31, "in.inservice.total"),
        RequirementStatus::AtRisk
    );
    let jan_1 = check(&indiana, &hired, &Facts::default(), date!(2025 - 01 - 01));
    assert_eq!(
        status(&jan_1, "in.inservice.total"),
        RequirementStatus::Overdue
    );
    // The same for Oregon's first cycle, snapped back to January 1 of the certification year.
    let oregon = state(OR);
    let certified = or_officer(date!(2021 - 03 - 01));
    let report = check(
        &oregon,
        &certified,
        &Facts::default(),
        date!(2024 - 03 - 01),
    );
    assert_eq!(
        status(&report, "or.maintenance.total"),
        RequirementStatus::Overdue
    );
}

#[test]
fn a_shortfall_in_the_last_year_of_a_rule_is_still_overdue_after_it() {
    // No CPT at all in 2023. On January 2, 2024 the 2023 rules no longer bind the current
    // year, and the engine returns "does not apply" before it looks at the year before:
    // the missed 2023 requirements vanish instead of being overdue.
    let ohio = state(OH);
    let officer = oh_officer(date!(2010 - 06 - 01));
    let report = check(&ohio, &officer, &Facts::default(), date!(2024 - 01 - 02));
    assert_eq!(
        status(&report, "oh.firearms_requalification"),
        RequirementStatus::Overdue
    );
    assert_eq!(
        status(&report, "oh.cpt.2023.total"),
        RequirementStatus::Overdue
    );
    // The same for Indiana's 2009 use-of-force rule, replaced at the end of 2023.
    let indiana = state(IN);
    let officer = in_officer(&[], date!(2023 - 01 - 01));
    let report = check(&indiana, &officer, &Facts::default(), date!(2024 - 01 - 02));
    assert_eq!(
        status(&report, "in.inservice.total"),
        RequirementStatus::Overdue
    );
    assert_eq!(
        status(&report, "in.inservice.use_of_force_2009"),
        RequirementStatus::Overdue
    );
}

/// An agency's own requirement, as an agency would send it to the API, judged alone.
fn agency_check(
    requirement: serde_json::Value,
    person: &PersonFacts,
    facts: &Facts,
    as_of: Date,
) -> ComplianceReport<'static> {
    let requirement = agency_requirement(requirement, None).unwrap_or_else(|e| panic!("{e:?}"));
    let requirements: &'static [Requirement] = Box::leak(vec![requirement].into_boxed_slice());
    evaluate(&Evaluation {
        person,
        requirements,
        records: &facts.records,
        credentials: &facts.credentials,
        waivers: &facts.waivers,
        policies: &facts.policies,
        acknowledgements: &facts.acknowledgements,
        non_creditable_topics: &[],
        as_of,
        at_risk_days: 90,
    })
}

fn pursuit_policy() -> serde_json::Value {
    serde_json::json!({
        "id": "agency.policy.pursuit",
        "title": "Vehicle pursuit policy",
        "subject": "the vehicle pursuit policy",
        "citations": ["Lakeview PD policy 4.2"],
        "period": { "kind": "at_all_times" },
        "measure": { "kind": "acknowledgement", "policy": "pursuit", "within_days": 14 }
    })
}

fn version(policy: &str, version: u32, assigned_on: Date) -> PolicyVersionAssigned {
    PolicyVersionAssigned {
        policy: policy.into(),
        version,
        assigned_on,
    }
}

fn acknowledged(n: u128, policy: &str, version: u32, on: Date) -> Acknowledgement {
    Acknowledgement {
        id: Uuid::from_u128(n),
        policy: policy.into(),
        version,
        acknowledged_on: on,
    }
}

#[test]
fn a_new_policy_version_must_be_acknowledged_again_within_its_days() {
    let officer = PersonFacts {
        hire_date: Some(date!(2020 - 01 - 01)),
        ..person(PersonStatus::Active)
    };
    let id = "agency.policy.pursuit";
    let mut facts = Facts {
        policies: vec![
            version("pursuit", 1, date!(2026 - 01 - 05)),
            version("pursuit", 2, date!(2026 - 06 - 01)),
        ],
        acknowledgements: vec![acknowledged(1, "pursuit", 1, date!(2026 - 01 - 10))],
        ..Facts::default()
    };
    // Before any version applies there is nothing to acknowledge, until the first one does.
    let report = agency_check(pursuit_policy(), &officer, &facts, date!(2025 - 12 - 01));
    assert_eq!(status(&report, id), RequirementStatus::NotApplicable);
    assert_eq!(report.next_change_at, Some(date!(2026 - 01 - 05)));
    // Version 1 acknowledged: met until version 2 applies.
    let report = agency_check(pursuit_policy(), &officer, &facts, date!(2026 - 03 - 01));
    assert_eq!(status(&report, id), RequirementStatus::Met);
    assert_eq!(
        sentence(&report, id),
        "met: the vehicle pursuit policy acknowledged"
    );
    assert_eq!(find(&report, id).counted, vec![Uuid::from_u128(1)]);
    assert_eq!(report.next_change_at, Some(date!(2026 - 06 - 01)));
    // Version 2 applies: the old acknowledgement no longer counts; 14 days to acknowledge.
    let report = agency_check(pursuit_policy(), &officer, &facts, date!(2026 - 06 - 01));
    assert_eq!(status(&report, id), RequirementStatus::AtRisk);
    assert_eq!(
        sentence(&report, id),
        "needs an acknowledgement of the vehicle pursuit policy by 2026-06-15"
    );
    let on_deadline = agency_check(pursuit_policy(), &officer, &facts, date!(2026 - 06 - 15));
    assert_eq!(status(&on_deadline, id), RequirementStatus::AtRisk);
    assert_eq!(on_deadline.next_change_at, Some(date!(2026 - 06 - 16)));
    let day_after = agency_check(pursuit_policy(), &officer, &facts, date!(2026 - 06 - 16));
    assert_eq!(status(&day_after, id), RequirementStatus::Overdue);
    assert_eq!(day_after.status, ComplianceStatus::NonCompliant);
    // Acknowledged late: met again from that day.
    facts
        .acknowledgements
        .push(acknowledged(2, "pursuit", 2, date!(2026 - 06 - 17)));
    let report = agency_check(pursuit_policy(), &officer, &facts, date!(2026 - 06 - 16));
    assert_eq!(status(&report, id), RequirementStatus::Overdue);
    let report = agency_check(pursuit_policy(), &officer, &facts, date!(2026 - 06 - 17));
    assert_eq!(status(&report, id), RequirementStatus::Met);
    assert_eq!(find(&report, id).counted, vec![Uuid::from_u128(2)]);
    assert_eq!(report.next_change_at, None);
}

#[test]
fn an_acknowledgement_requirement_must_be_judged_at_all_times() {
    let mut yearly = pursuit_policy();
    yearly["period"] = serde_json::json!({ "kind": "calendar_year" });
    let errors = agency_requirement(yearly, None).expect_err("rejected");
    assert_eq!(errors[0].rule.as_deref(), Some("agency.policy.pursuit"));
    assert!(errors[0].problem.contains("at all times"), "{errors:?}");
}

fn yearly_hours_prorated() -> serde_json::Value {
    serde_json::json!({
        "id": "agency.patrol.annual",
        "title": "Annual in-service",
        "subject": "in-service training",
        "citations": ["Lakeview PD training directive 2026-1"],
        "period": { "kind": "calendar_year" },
        "measure": { "kind": "hours", "minimum_hours": 24 },
        "prorate_first_period": true
    })
}

#[test]
fn a_person_hired_mid_year_owes_the_share_of_the_days_left_rounded_up_to_the_quarter_hour() {
    let id = "agency.patrol.annual";
    let hired = |on: Date| PersonFacts {
        hire_date: Some(on),
        ..person(PersonStatus::Active)
    };
    let required = |person: &PersonFacts, as_of: Date| {
        let report = agency_check(yearly_hours_prorated(), person, &Facts::default(), as_of);
        find(&report, id).required
    };
    // October 1 to December 31 is 92 of 365 days: 24 h x 92 / 365 = 6.05 h, asked 6.25 h.
    let october = hired(date!(2026 - 10 - 01));
    assert_eq!(
        required(&october, date!(2026 - 11 - 01)),
        Amount::Minutes(hours(6.25))
    );
    let report = agency_check(
        yearly_hours_prorated(),
        &october,
        &Facts::default(),
        date!(2026 - 11 - 01),
    );
    assert_eq!(
        sentence(&report, id),
        "needs 6.25 more hours of in-service training by 2026-12-31"
    );
    // The next year is a full one (once the first year's share was done).
    let first_year_done = records(vec![rec(1, date!(2026 - 12 - 01), &[("general", 6.25)])]);
    let report = agency_check(
        yearly_hours_prorated(),
        &october,
        &first_year_done,
        date!(2027 - 03 - 01),
    );
    assert_eq!(find(&report, id).required, Amount::Minutes(hours(24.0)));
    assert_eq!(find(&report, id).status, RequirementStatus::Pending);
    // The first year's share not done: it stays outstanding into the next year.
    let report = agency_check(
        yearly_hours_prorated(),
        &october,
        &Facts::default(),
        date!(2027 - 03 - 01),
    );
    assert_eq!(find(&report, id).required, Amount::Minutes(hours(6.25)));
    assert_eq!(find(&report, id).status, RequirementStatus::Overdue);
    // Hired on January 1: the whole year.
    assert_eq!(
        required(&hired(date!(2026 - 01 - 01)), date!(2026 - 03 - 01)),
        Amount::Minutes(hours(24.0))
    );
    // Hired on the leap day: February 29 to December 31 is 307 of 366 days, 20.13 h -> 20.25 h.
    assert_eq!(
        required(&hired(date!(2028 - 02 - 29)), date!(2028 - 03 - 01)),
        Amount::Minutes(hours(20.25))
    );
    // Hired on December 31: one day of 365, 3.9 minutes -> a quarter hour.
    assert_eq!(
        required(&hired(date!(2026 - 12 - 31)), date!(2026 - 12 - 31)),
        Amount::Minutes(hours(0.25))
    );
    // Without the flag nothing is prorated.
    let mut full = yearly_hours_prorated();
    full["prorate_first_period"] = serde_json::json!(false);
    let report = agency_check(full, &october, &Facts::default(), date!(2026 - 11 - 01));
    assert_eq!(find(&report, id).required, Amount::Minutes(hours(24.0)));
}

#[test]
fn only_hours_over_a_fixed_period_can_be_prorated() {
    let mut rolling = yearly_hours_prorated();
    rolling["period"] = serde_json::json!({ "kind": "rolling", "months": 12 });
    let errors = agency_requirement(rolling, None).expect_err("rejected");
    assert!(errors[0].problem.contains("prorated"), "{errors:?}");
}

// ---------------------------------------------------------------- one hour, one period

fn earned_hours(report: &ComplianceReport, id: &str) -> f64 {
    match find(report, id).earned {
        Amount::Minutes(m) => m.as_hours(),
        Amount::Count(n) => f64::from(n),
    }
}

fn due(report: &ComplianceReport, id: &str) -> Option<Date> {
    find(report, id).due
}

#[test]
fn minnesota_late_hours_make_up_the_missed_cycle_and_count_there_only() {
    let mn = state(MN);
    let officer = mn_officer();
    // 40 of 48 by June 30, 2026: eight short.
    let with = |late: Vec<TrainingRecord>| {
        let mut all = mn_cycle_records(12.0);
        all.extend(late);
        records(all)
    };

    // Eight hours the day after: the missed cycle is made up, and the new cycle starts at 0.
    let report = check(
        &mn,
        &officer,
        &with(vec![rec(20, date!(2026 - 07 - 01), &[("general", 8.0)])]),
        date!(2026 - 07 - 02),
    );
    assert_eq!(status(&report, "mn.ce.total"), RequirementStatus::Pending);
    assert_eq!(due(&report, "mn.ce.total"), Some(date!(2029 - 06 - 30)));
    assert_eq!(
        earned_hours(&report, "mn.ce.total"),
        0.0,
        "not counted twice"
    );

    // Twenty late hours: eight make up the missed cycle, twelve count in the new one.
    let report = check(
        &mn,
        &officer,
        &with(vec![rec(20, date!(2026 - 07 - 01), &[("general", 20.0)])]),
        date!(2026 - 07 - 02),
    );
    assert_eq!(earned_hours(&report, "mn.ce.total"), 12.0);
    assert_eq!(
        find(&report, "mn.ce.total").counted,
        vec![Uuid::from_u128(20)]
    );

    // Split over two records: still overdue after the first, made up by the second.
    let split = || {
        with(vec![
            rec(20, date!(2026 - 07 - 10), &[("general", 5.0)]),
            rec(21, date!(2026 - 08 - 01), &[("general", 5.0)]),
        ])
    };
    let report = check(&mn, &officer, &split(), date!(2026 - 07 - 20));
    assert_eq!(status(&report, "mn.ce.total"), RequirementStatus::Overdue);
    assert_eq!(earned_hours(&report, "mn.ce.total"), 45.0);
    assert_eq!(
        sentence(&report, "mn.ce.total"),
        "overdue: needed 3.0 more hours of continuing education by 2026-06-30 (licence expired on the deadline: no work as a peace officer until it is restored)"
    );
    let report = check(&mn, &officer, &split(), date!(2026 - 08 - 02));
    assert_eq!(status(&report, "mn.ce.total"), RequirementStatus::Pending);
    assert_eq!(earned_hours(&report, "mn.ce.total"), 2.0);
}

#[test]
fn indiana_january_hours_make_up_the_year_before_and_do_not_count_again() {
    let indiana = state(IN);
    let officer = in_officer(&["reserve"], date!(2025 - 01 - 01));
    let history = records(vec![
        rec(1, date!(2025 - 06 - 01), &[("general", 8.0)]),
        rec(2, date!(2026 - 01 - 15), &[("general", 16.0)]),
    ]);
    // On January 14 the 2025 shortfall stands.
    let report = check(&indiana, &officer, &history, date!(2026 - 01 - 14));
    assert_eq!(
        status(&report, "in.inservice.total"),
        RequirementStatus::Overdue
    );
    assert_eq!(
        due(&report, "in.inservice.total"),
        Some(date!(2025 - 12 - 31))
    );
    // The sixteen hours of January 15 make it up, and 2026 has none of them.
    let report = check(&indiana, &officer, &history, date!(2026 - 01 - 20));
    assert_eq!(
        status(&report, "in.inservice.total"),
        RequirementStatus::Pending
    );
    assert_eq!(
        due(&report, "in.inservice.total"),
        Some(date!(2026 - 12 - 31))
    );
    assert_eq!(earned_hours(&report, "in.inservice.total"), 0.0);
}

#[test]
fn oregon_late_hours_count_where_they_were_earned_and_the_missed_period_stays_missed() {
    let oregon = state(OR);
    let officer = PersonFacts {
        hire_date: Some(date!(2019 - 03 - 01)),
        certified_on: Some(date!(2020 - 03 - 01)),
        records_complete_from: Some(date!(2022 - 01 - 01)),
        ..person(PersonStatus::Active)
    };
    // 2024 annual firearms/use of force: none by December 31; eight hours on January 10.
    let history = records(vec![rec(1, date!(2025 - 01 - 10), &[("firearms", 8.0)])]);
    let report = check(&oregon, &officer, &history, date!(2025 - 02 - 01));
    let id = "or.maintenance.firearms_use_of_force";
    assert_eq!(status(&report, id), RequirementStatus::Overdue);
    assert_eq!(due(&report, id), Some(date!(2024 - 12 - 31)));
    assert_eq!(
        sentence(&report, id),
        "overdue: needed 8.0 more hours of firearms or use of force by 2024-12-31; hours completed since count toward the current period only (certification suspended: no work in the discipline)"
    );
    // The same eight hours, counted where earned, already meet 2025 on December 31.
    let report = check(&oregon, &officer, &history, date!(2026 - 01 - 01));
    assert_eq!(status(&report, id), RequirementStatus::Pending);
    assert_eq!(due(&report, id), Some(date!(2026 - 12 - 31)));
}

#[test]
fn minnesota_history_three_cycles_met_made_up_late_and_missed() {
    let mn = state(MN);
    let officer = PersonFacts {
        records_complete_from: Some(date!(2017 - 07 - 01)),
        ..mn_officer()
    };
    let facts = records(vec![
        rec(1, date!(2018 - 03 - 01), &[("general", 48.0)]),
        rec(2, date!(2021 - 03 - 01), &[("general", 40.0)]),
        // Eight of these make up 2020-2023; the other two count toward 2023-2026.
        rec(3, date!(2023 - 08 - 01), &[("general", 10.0)]),
        rec(4, date!(2025 - 03 - 01), &[("general", 30.0)]),
        rec(5, date!(2026 - 07 - 15), &[("general", 4.0)]),
    ]);
    let as_of = date!(2026 - 08 - 01);
    let requirements: &'static [Requirement] = Box::leak(
        mn.requirements_for(&officer, as_of)
            .into_owned()
            .into_boxed_slice(),
    );
    let evaluation = Evaluation {
        person: &officer,
        requirements,
        records: &facts.records,
        credentials: &[],
        waivers: &[],
        policies: &[],
        acknowledgements: &[],
        non_creditable_topics: &[],
        as_of,
        at_risk_days: 90,
    };
    let periods: Vec<_> = history(&evaluation)
        .into_iter()
        .filter(|p| p.requirement.id == "mn.ce.total")
        .collect();
    let read: Vec<(Date, PeriodVerdict, &str)> = periods
        .iter()
        .map(|p| (p.settled.due, p.verdict, p.explanation.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (
                date!(2020 - 06 - 30),
                PeriodVerdict::MetOnTime,
                "met on time: 48.0 of 48.0 hours by 2020-06-30"
            ),
            (
                date!(2023 - 06 - 30),
                PeriodVerdict::MadeUpLate,
                "missed on 2023-06-30, 8.0 hours short; made up late on 2023-08-01"
            ),
            (
                date!(2026 - 06 - 30),
                PeriodVerdict::Missed,
                "missed on 2026-06-30, 16.0 hours short; 12.0 hours still to make up"
            ),
            (
                date!(2029 - 06 - 30),
                PeriodVerdict::InProgress,
                "0.0 of 48.0 hours so far; due 2029-06-30"
            ),
        ]
    );
    assert_eq!(
        periods[2].consequence,
        Some("licence expired on the deadline: no work as a peace officer until it is restored")
    );
    assert_eq!(periods[1].settled.made_up.len(), 1);
    assert_eq!(periods[1].settled.made_up[0].minutes, hours(8.0));
    assert_eq!(
        periods[3].settled.by_deadline,
        Minutes::ZERO,
        "July's hours made up 2023-2026"
    );
    // The report agrees: the missed cycle is what is owed today.
    let report = check(&mn, &officer, &facts, as_of);
    assert_eq!(status(&report, "mn.ce.total"), RequirementStatus::Overdue);
    assert_eq!(due(&report, "mn.ce.total"), Some(date!(2026 - 06 - 30)));
}

/// The history of one requirement, as (due, verdict, sentence).
fn history_of(
    j: &Jurisdiction,
    person: &PersonFacts,
    facts: &Facts,
    as_of: Date,
    id: &str,
) -> Vec<(Date, PeriodVerdict, String)> {
    let requirements: &'static [Requirement] = Box::leak(
        j.requirements_for(person, as_of)
            .into_owned()
            .into_boxed_slice(),
    );
    history(&Evaluation {
        person,
        requirements,
        records: &facts.records,
        credentials: &facts.credentials,
        waivers: &facts.waivers,
        policies: &[],
        acknowledgements: &[],
        non_creditable_topics: &[],
        as_of,
        at_risk_days: 90,
    })
    .into_iter()
    .filter(|p| p.requirement.id == id)
    .map(|p| (p.settled.due, p.verdict, p.explanation))
    .collect()
}

#[test]
fn ohio_a_year_met_and_a_year_exempt_read_differently_the_next_day() {
    let ohio = state(OH);
    let as_of = date!(2024 - 01 - 01);
    let met = history_of(
        &ohio,
        &oh_officer(date!(2015 - 05 - 01)),
        &records(oh_year(1, 2023)),
        as_of,
        "oh.cpt.2023.total",
    );
    assert_eq!(
        met,
        [(
            date!(2023 - 12 - 31),
            PeriodVerdict::MetOnTime,
            "met on time: 24.0 of 24.0 hours by 2023-12-31".to_owned()
        )]
    );
    let exempt = history_of(
        &ohio,
        &oh_officer(date!(2023 - 05 - 01)),
        &Facts::default(),
        as_of,
        "oh.cpt.2023.total",
    );
    assert_eq!(
        exempt,
        [(
            date!(2023 - 12 - 31),
            PeriodVerdict::Exempt,
            "exempt: the year of certification, ending 2023-12-31".to_owned()
        )]
    );
}

#[test]
fn oregon_a_first_cycle_shows_its_dates_before_it_starts() {
    let oregon = state(OR);
    let officer = PersonFacts {
        hire_date: Some(date!(2022 - 01 - 10)),
        certified_on: Some(date!(2022 - 09 - 15)),
        ..person(PersonStatus::Active)
    };
    let first = history_of(
        &oregon,
        &officer,
        &Facts::default(),
        date!(2022 - 10 - 01),
        "or.maintenance.total",
    );
    assert_eq!(
        first,
        [(
            date!(2025 - 12 - 31),
            PeriodVerdict::NotStarted,
            "first period 2023-01-01 to 2025-12-31, not started yet".to_owned()
        )]
    );
}
