//! Evaluating an agency's roster: 10,000 people with 40 records each (400,000 records) on
//! one day, against Minnesota's rules, on one thread: their reports, and their histories of
//! every period since 2020. Run with `cargo bench -p confitrek-domain`.

use std::hint::black_box;

use confitrek_domain::compliance::{
    Evaluation, Jurisdiction, Minutes, PersonFacts, RuleSet, TopicCode, TrainingRecord, evaluate,
    history,
};
use confitrek_domain::people::PersonStatus;
use criterion::{Criterion, criterion_group, criterion_main};
use time::macros::date;
use time::{Date, Duration};
use uuid::Uuid;

const TOPICS: [&str; 8] = [
    "general",
    "crisis_intervention",
    "conflict_management",
    "community_diversity",
    "autism",
    "crimes_motivated_by_bias",
    "use_of_force",
    "evoc",
];

/// A deterministic roster: cycles staggered by year, records spread over six years.
fn roster(people: usize, records_each: usize) -> Vec<(PersonFacts, Vec<TrainingRecord>)> {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // One shared code per topic, as records loaded from storage share them.
    let codes: Vec<TopicCode> = TOPICS.iter().map(|t| TopicCode::from(*t)).collect();
    (0..people)
        .map(|i| {
            let start_year = 2022 + (i % 3) as i32;
            let start = Date::from_calendar_date(start_year, time::Month::July, 1)
                .unwrap_or(date!(2024 - 07 - 01));
            let end = Date::from_calendar_date(start_year + 3, time::Month::June, 30)
                .unwrap_or(date!(2027 - 06 - 30));
            let facts = PersonFacts {
                status: if i % 50 == 0 {
                    PersonStatus::Inactive
                } else {
                    PersonStatus::Active
                },
                roles: if i % 40 == 0 {
                    vec!["sro".into()]
                } else {
                    vec![]
                },
                hire_date: Some(date!(2012 - 03 - 01) + Duration::days((i % 3000) as i64)),
                certified_on: None,
                license_cycle: Some((start, end)),
                records_complete_from: Some(date!(2020 - 01 - 01)),
            };
            let records = (0..records_each)
                .map(|r| {
                    let day = date!(2020 - 01 - 01) + Duration::days((next() % 2500) as i64);
                    let mut minutes = vec![(
                        codes[(next() % TOPICS.len() as u64) as usize].clone(),
                        Minutes(60 * (1 + (next() % 8) as u32)),
                    )];
                    if r % 3 == 0 && minutes[0].0 != codes[0] {
                        minutes.push((codes[0].clone(), Minutes(120)));
                    }
                    TrainingRecord {
                        id: Uuid::from_u128(((i as u128) << 32) | r as u128),
                        completed_on: day,
                        minutes_by_topic: minutes,
                        events: vec![],
                    }
                })
                .collect();
            (facts, records)
        })
        .collect()
}

fn evaluate_roster(c: &mut Criterion) {
    let mn = RuleSet::from_toml("rules/mn.toml", include_str!("../../../rules/mn.toml"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    let non_creditable = mn.non_creditable_topics();
    let jurisdiction = Jurisdiction::new(vec![mn]);
    let people = roster(10_000, 40);
    let as_of = date!(2026 - 11 - 26);
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    group.bench_function("10k people x 40 records, MN", |b| {
        b.iter(|| {
            let mut non_compliant = 0usize;
            for (facts, records) in &people {
                let requirements = jurisdiction.requirements_for(facts, as_of);
                let report = evaluate(&Evaluation {
                    person: facts,
                    requirements: &requirements,
                    records,
                    credentials: &[],
                    waivers: &[],
                    policies: &[],
                    acknowledgements: &[],
                    non_creditable_topics: &non_creditable,
                    as_of,
                    at_risk_days: 90,
                });
                non_compliant += usize::from(
                    report.status == confitrek_domain::compliance::ComplianceStatus::NonCompliant,
                );
            }
            black_box(non_compliant)
        })
    });
    // Records span 2020-2026 and history is complete from 2020: six years of periods.
    group.bench_function("history of 10k people over six years, MN", |b| {
        b.iter(|| {
            let mut periods = 0usize;
            for (facts, records) in &people {
                let requirements = jurisdiction.requirements_for(facts, as_of);
                periods += history(&Evaluation {
                    person: facts,
                    requirements: &requirements,
                    records,
                    credentials: &[],
                    waivers: &[],
                    policies: &[],
                    acknowledgements: &[],
                    non_creditable_topics: &non_creditable,
                    as_of,
                    at_risk_days: 90,
                })
                .len();
            }
            black_box(periods)
        })
    });
    group.bench_function("requirements_for only", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (facts, _) in &people {
                n += jurisdiction.requirements_for(facts, as_of).len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, evaluate_roster);
criterion_main!(benches);
