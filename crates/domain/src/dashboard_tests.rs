use time::macros::date;

use super::*;

fn topics(codes: &[&str]) -> &'static [String] {
    Box::leak(
        codes
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

fn item(
    id: &'static str,
    codes: &[&str],
    status: RequirementStatus,
    due: Option<Date>,
) -> Item<'static> {
    Item {
        requirement_id: id,
        title: id,
        topics: topics(codes),
        status,
        due,
        remaining: 1.0,
        unit: "hours",
        explanation: "",
    }
}

fn person(
    n: u128,
    name: &'static str,
    unit: Option<&'static str>,
    status: ComplianceStatus,
    requirements: Vec<Item<'static>>,
) -> Standing<'static> {
    Standing {
        person_id: Uuid::from_u128(n),
        name,
        badge: "B",
        unit,
        status,
        requirements,
    }
}

use ComplianceStatus as O;
use RequirementStatus as R;

fn roster() -> Vec<Standing<'static>> {
    vec![
        person(
            1,
            "Able, Ann",
            Some("Patrol"),
            O::Compliant,
            vec![
                item(
                    "crisis",
                    &["crisis_intervention"],
                    R::Met,
                    Some(date!(2027 - 06 - 30)),
                ),
                item("total", &[], R::Pending, Some(date!(2027 - 06 - 30))),
            ],
        ),
        person(
            2,
            "Baker, Bo",
            Some("Patrol"),
            O::NonCompliant,
            vec![
                item(
                    "crisis",
                    &["crisis_intervention"],
                    R::Overdue,
                    Some(date!(2026 - 06 - 30)),
                ),
                item(
                    "firearms",
                    &["firearms_qualification"],
                    R::AtRisk,
                    Some(date!(2026 - 12 - 31)),
                ),
            ],
        ),
        person(
            3,
            "Cole, Cy",
            Some("Traffic"),
            O::AtRisk,
            vec![
                item(
                    "crisis",
                    &["crisis_intervention"],
                    R::AtRisk,
                    Some(date!(2027 - 01 - 15)),
                ),
                item(
                    "mlo",
                    &["crisis_intervention", "autism"],
                    R::Met,
                    Some(date!(2027 - 06 - 30)),
                ),
            ],
        ),
        person(4, "Dunn, Di", None, O::NotApplicable, vec![]),
        person(
            5,
            "Ames, Al",
            Some("Traffic"),
            O::AtRisk,
            vec![item(
                "firearms",
                &["firearms_qualification"],
                R::AtRisk,
                Some(date!(2026 - 12 - 01)),
            )],
        ),
    ]
}

#[test]
fn the_rate_counts_at_risk_people_as_not_yet_out_of_compliance() {
    let people = roster();
    let d = fold(&people);
    assert_eq!(
        d.totals,
        Counts {
            compliant: 1,
            at_risk: 2,
            non_compliant: 1,
            not_applicable: 1
        }
    );
    assert_eq!(d.totals.people(), 5);
    // 3 of the 4 people with requirements; the civilian without any is left out.
    assert_eq!(d.totals.rate(), Some(0.75));
}

#[test]
fn nobody_with_requirements_has_no_rate_rather_than_a_perfect_one() {
    let people = vec![person(9, "Zed, Zo", None, O::NotApplicable, vec![])];
    assert_eq!(fold(&people).totals.rate(), None);
    assert_eq!(fold(&[]).totals.rate(), None);
}

#[test]
fn units_are_in_name_order_with_people_without_a_unit_last() {
    let people = roster();
    let d = fold(&people);
    let names: Vec<_> = d.units.iter().map(|(u, _)| *u).collect();
    assert_eq!(names, [Some("Patrol"), Some("Traffic"), None]);
    assert_eq!(d.units[0].1.rate(), Some(0.5));
    assert_eq!(d.units[1].1.rate(), Some(1.0));
}

#[test]
fn requirements_show_the_worst_rate_first() {
    let people = roster();
    let d = fold(&people);
    let rows: Vec<_> = d
        .requirements
        .iter()
        .map(|r| (r.requirement_id, r.counts.people(), r.counts.rate()))
        .collect();
    assert_eq!(
        rows,
        [
            ("crisis", 3, Some(2.0 / 3.0)),
            ("firearms", 2, Some(1.0)),
            ("mlo", 1, Some(1.0)),
            ("total", 1, Some(1.0)),
        ]
    );
}

#[test]
fn a_person_counts_once_per_topic_with_the_worst_status_of_the_requirements_counting_it() {
    let people = roster();
    let d = fold(&people);
    let crisis = d
        .topics
        .iter()
        .find(|(t, _)| *t == "crisis_intervention")
        .unwrap()
        .1;
    // Cole is met on "mlo" but at risk on "crisis": at risk for the topic, counted once.
    assert_eq!(
        crisis,
        RequirementCounts {
            met: 1,
            pending: 0,
            at_risk: 1,
            overdue: 1,
            waived: 0
        }
    );
    let autism = d.topics.iter().find(|(t, _)| *t == "autism").unwrap().1;
    assert_eq!(autism.people(), 1);
    // A requirement over every topic names no topic and adds no row.
    assert!(d.topics.iter().all(|(t, _)| !t.is_empty()));
    assert_eq!(d.topics[0].0, "crisis_intervention");
}

#[test]
fn attention_lists_non_compliant_people_first_then_the_soonest_deadline() {
    let people = roster();
    let d = fold(&people);
    let order: Vec<_> = d.attention.iter().map(|a| a.standing.name).collect();
    assert_eq!(order, ["Baker, Bo", "Ames, Al", "Cole, Cy"]);
    let baker: Vec<_> = d.attention[0]
        .lacking
        .iter()
        .map(|i| i.requirement_id)
        .collect();
    // What is overdue and what is at risk, the earliest due first; met items are not listed.
    assert_eq!(baker, ["crisis", "firearms"]);
    let cole: Vec<_> = d.attention[2]
        .lacking
        .iter()
        .map(|i| i.requirement_id)
        .collect();
    assert_eq!(cole, ["crisis"]);
}

#[test]
fn waived_requirements_count_as_not_overdue() {
    let people = vec![person(
        1,
        "A",
        None,
        O::Compliant,
        vec![
            item("crisis", &["crisis_intervention"], R::Waived, None),
            item("na", &["autism"], R::NotApplicable, None),
        ],
    )];
    let d = fold(&people);
    assert_eq!(d.requirements[0].counts.rate(), Some(1.0));
    // Not binding the person: in the list with nobody counted, no rate.
    let na = d
        .requirements
        .iter()
        .find(|r| r.requirement_id == "na")
        .unwrap();
    assert_eq!(na.counts.rate(), None);
    assert!(d.topics.iter().all(|(t, _)| *t != "autism"));
}

#[test]
fn the_worst_open_requirement_is_the_most_severe_then_the_soonest_due() {
    let items = vec![
        item("met", &[], R::Met, Some(date!(2026 - 01 - 01))),
        item("later", &[], R::AtRisk, Some(date!(2027 - 03 - 31))),
        item("undated", &[], R::AtRisk, None),
        item("sooner", &[], R::AtRisk, Some(date!(2026 - 12 - 31))),
        item("pending", &[], R::Pending, Some(date!(2026 - 06 - 30))),
    ];
    // At risk outranks an earlier pending deadline; among the at risk, the soonest date.
    assert_eq!(worst_open(&items).map(|i| i.requirement_id), Some("sooner"));
    let mut with_overdue = items.clone();
    with_overdue.push(item(
        "overdue",
        &[],
        R::Overdue,
        Some(date!(2027 - 06 - 30)),
    ));
    assert_eq!(
        worst_open(&with_overdue).map(|i| i.requirement_id),
        Some("overdue")
    );
    // Only pending left: the next deadline is the one to show.
    let pending = vec![
        item("b", &[], R::Pending, Some(date!(2027 - 06 - 30))),
        item("a", &[], R::Pending, Some(date!(2027 - 06 - 30))),
        item("waived", &[], R::Waived, None),
    ];
    assert_eq!(worst_open(&pending).map(|i| i.requirement_id), Some("a"));
    let done = vec![
        item("met", &[], R::Met, None),
        item("waived", &[], R::Waived, None),
        item("na", &[], R::NotApplicable, None),
    ];
    assert!(worst_open(&done).is_none());
}

#[test]
fn the_roster_folded_in_parts_adds_up_and_orders_as_folded_whole() {
    let all = roster();
    let whole = fold(&all);
    for split in 0..=all.len() {
        let (first, second) = all.split_at(split);
        let (first, second) = (fold(first), fold(second));
        let mut totals = first.totals;
        totals += second.totals;
        assert_eq!(totals, whole.totals, "split after {split} people");
        let mut attention: Vec<_> = first.attention.iter().chain(&second.attention).collect();
        attention.sort_by(|a, b| a.order().cmp(&b.order()));
        let parts: Vec<&str> = attention.iter().map(|a| a.standing.name).collect();
        let at_once: Vec<&str> = whole.attention.iter().map(|a| a.standing.name).collect();
        assert_eq!(parts, at_once, "split after {split} people");
    }
}
