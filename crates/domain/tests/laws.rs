//! Laws of the evaluation, checked on generated inputs against Minnesota's rule set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::LazyLock;

use confitrek_domain::compliance::{
    Amount, ComplianceReport, Evaluation, Jurisdiction, Minutes, PersonFacts, RuleSet, TopicCode,
    TrainingRecord, evaluate,
};
use confitrek_domain::people::PersonStatus;
use proptest::prelude::*;
use time::macros::date;
use time::{Date, Duration};
use uuid::Uuid;

const TOPICS: [&str; 6] = [
    "general",
    "crisis_intervention",
    "autism",
    "use_of_force",
    "evoc",
    "unknown_topic",
];

/// One version, so every rule judges both the current and the closed period.
static MN: LazyLock<Jurisdiction> = LazyLock::new(|| {
    Jurisdiction::new(vec![
        RuleSet::from_toml("rules/mn.toml", include_str!("../../../rules/mn.toml")).unwrap(),
    ])
});

fn person() -> PersonFacts {
    PersonFacts {
        status: PersonStatus::Active,
        roles: vec![],
        hire_date: Some(date!(2016 - 02 - 29)),
        certified_on: None,
        license_cycle: Some((date!(2023 - 07 - 01), date!(2026 - 06 - 30))),
        records_complete_from: Some(date!(2020 - 07 - 01)),
    }
}

fn day(offset: u16) -> Date {
    date!(2019 - 01 - 01) + Duration::days(i64::from(offset))
}

prop_compose! {
    fn a_record()(n in any::<u64>(), offset in 0u16..3650, topic in 0usize..TOPICS.len(), minutes in 0u32..1200) -> TrainingRecord {
        let minutes_by_topic = vec![(TopicCode::from(TOPICS[topic]), Minutes(minutes))];
        TrainingRecord { id: Uuid::from_u64_pair(n, u64::from(offset)), completed_on: day(offset), minutes_by_topic, events: vec![] }
    }
}

fn report(records: &[TrainingRecord], as_of: Date) -> ComplianceReport<'static> {
    let facts = person();
    let requirements = &MN.versions()[0].requirements;
    evaluate(&Evaluation {
        person: &facts,
        requirements,
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

fn earned(report: &ComplianceReport) -> BTreeMap<String, (Option<(Date, Date)>, Amount)> {
    report
        .requirements
        .iter()
        .map(|r| {
            (
                r.requirement_id.to_owned(),
                (r.period.map(|p| (p.start, p.end)), r.earned),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn shuffling_the_records_never_changes_the_report(
        records in prop::collection::vec(a_record(), 0..30),
        offset in 0u16..3650,
        seed in any::<u64>(),
    ) {
        let as_of = day(offset);
        let mut shuffled = records.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(report(&records, as_of), report(&shuffled, as_of));
    }

    #[test]
    fn adding_a_record_never_lowers_what_is_earned(
        records in prop::collection::vec(a_record(), 0..30),
        extra in a_record(),
        offset in 0u16..3650,
    ) {
        let as_of = day(offset);
        let before = earned(&report(&records, as_of));
        let mut more = records.clone();
        more.push(extra);
        let after = earned(&report(&more, as_of));
        for (id, (period, amount)) in &before {
            let (later_period, later_amount) = &after[id];
            // Only comparable when the same period is being shown.
            if period == later_period {
                match (amount, later_amount) {
                    (Amount::Minutes(a), Amount::Minutes(b)) => prop_assert!(b >= a, "{} fell from {} to {}", id, a, b),
                    (Amount::Count(a), Amount::Count(b)) => prop_assert!(b >= a, "{} fell from {} to {}", id, a, b),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn any_day_from_before_the_first_record_to_after_the_cycle_is_judged(
        records in prop::collection::vec(a_record(), 0..10),
        offset in 0u16..6000,
    ) {
        let as_of = date!(2010 - 01 - 01) + Duration::days(i64::from(offset));
        let r = report(&records, as_of);
        prop_assert_eq!(r.as_of, as_of);
        prop_assert!(r.next_change_at.is_none_or(|d| d > as_of));
        for req in &r.requirements {
            prop_assert!(!req.explanation.is_empty());
            if let Some(p) = req.period { prop_assert!(p.start <= p.end); }
        }
    }
}
