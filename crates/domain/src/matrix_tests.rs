use time::macros::date;

use super::*;

fn cell(id: &str, status: RequirementStatus, due: Option<Date>) -> Cell {
    Cell {
        requirement_id: id.to_owned(),
        title: format!("Title of {id}"),
        status,
        remaining: 2.0,
        measure: "hours".to_owned(),
        due,
    }
}

fn row(n: u128, last: &str, status: Option<ComplianceStatus>, cells: Vec<Cell>) -> Row {
    Row {
        person_id: Uuid::from_u128(n),
        last_name: last.to_owned(),
        first_name: "Pat".to_owned(),
        badge: format!("B{n}"),
        unit: Some(
            if n.is_multiple_of(2) {
                "Patrol"
            } else {
                "Jail"
            }
            .to_owned(),
        ),
        person_status: PersonStatus::Active,
        status,
        cells,
    }
}

fn names(shown: &[Shown]) -> Vec<String> {
    shown.iter().map(|s| s.row.last_name.clone()).collect()
}

use ComplianceStatus as C;
use RequirementStatus as R;

fn roster() -> Vec<Row> {
    vec![
        row(
            1,
            "Young",
            Some(C::NonCompliant),
            vec![
                cell("a", R::Overdue, Some(date!(2026 - 06 - 30))),
                cell("b", R::Met, Some(date!(2027 - 06 - 30))),
            ],
        ),
        row(
            2,
            "adams",
            Some(C::Compliant),
            vec![
                cell("a", R::Met, Some(date!(2027 - 06 - 30))),
                cell("b", R::Waived, None),
            ],
        ),
        row(
            3,
            "Baker",
            Some(C::AtRisk),
            vec![cell("a", R::AtRisk, Some(date!(2027 - 01 - 31)))],
        ),
        // Added today: no verdict stored yet.
        row(4, "Clark", None, vec![]),
        row(
            5,
            "Dunn",
            Some(C::Compliant),
            vec![cell("b", R::Pending, Some(date!(2026 - 12 - 31)))],
        ),
    ]
}

#[test]
fn by_name_without_filters_everyone_a_to_z_whatever_the_case() {
    let rows = roster();
    let shown = select(&rows, &Filter::default(), MatrixSort::Name);
    assert_eq!(names(&shown), ["adams", "Baker", "Clark", "Dunn", "Young"]);
    // Every cell is shown when no requirement is asked for.
    assert_eq!(shown[0].cells.len(), 2);
    // Someone with no verdict yet is still a row, with no cells.
    assert!(shown[2].cells.is_empty());
}

#[test]
fn worst_first_then_soonest_open_due_and_no_verdict_last() {
    let mut rows = roster();
    rows.push(row(
        6,
        "Evans",
        Some(C::NonCompliant),
        vec![cell("a", R::Overdue, Some(date!(2026 - 03 - 31)))],
    ));
    let shown = select(&rows, &Filter::default(), MatrixSort::Worst);
    assert_eq!(
        names(&shown),
        ["Evans", "Young", "Baker", "Dunn", "adams", "Clark"]
    );
}

#[test]
fn by_due_the_soonest_open_first_and_nothing_owed_last() {
    let rows = roster();
    let shown = select(&rows, &Filter::default(), MatrixSort::Due);
    // Young's met requirement is later but does not count; adams owes nothing dated.
    assert_eq!(names(&shown), ["Young", "Dunn", "Baker", "adams", "Clark"]);
    assert_eq!(shown[0].next_due(), Some(date!(2026 - 06 - 30)));
    assert_eq!(shown[3].next_due(), None);
}

#[test]
fn a_requirement_narrows_the_cells_and_drops_people_it_does_not_apply_to() {
    let rows = roster();
    let filter = Filter {
        requirement: Some("b".into()),
        ..Filter::default()
    };
    let shown = select(&rows, &filter, MatrixSort::Name);
    assert_eq!(names(&shown), ["adams", "Dunn", "Young"]);
    assert!(shown.iter().all(|s| s.cells.len() == 1));
    assert_eq!(columns(&shown), [("b", "Title of b")]);
}

#[test]
fn a_status_keeps_people_with_a_cell_in_it_among_the_cells_shown() {
    let rows = roster();
    let waived = Filter {
        status: Some(R::Waived),
        ..Filter::default()
    };
    assert_eq!(names(&select(&rows, &waived, MatrixSort::Name)), ["adams"]);
    // Young is overdue on `a`, not on `b`: asked about `b`, he is not overdue.
    let overdue_on_b = Filter {
        requirement: Some("b".into()),
        status: Some(R::Overdue),
        ..Filter::default()
    };
    assert!(select(&rows, &overdue_on_b, MatrixSort::Name).is_empty());
}

#[test]
fn a_unit_and_the_person_status_narrow_the_people() {
    let mut rows = roster();
    rows[1].person_status = PersonStatus::Separated;
    rows[2].person_status = PersonStatus::Inactive;
    let patrol = Filter {
        unit: Some("Patrol".into()),
        ..Filter::default()
    };
    // adams left: those who left are not counted unless asked for, as on the dashboard.
    assert_eq!(names(&select(&rows, &patrol, MatrixSort::Name)), ["Clark"]);
    let separated = Filter {
        person_status: Some(PersonStatus::Separated),
        ..Filter::default()
    };
    assert_eq!(
        names(&select(&rows, &separated, MatrixSort::Name)),
        ["adams"]
    );
    let inactive = Filter {
        person_status: Some(PersonStatus::Inactive),
        ..Filter::default()
    };
    assert_eq!(
        names(&select(&rows, &inactive, MatrixSort::Name)),
        ["Baker"]
    );
}

#[test]
fn a_supervisor_sees_the_unit_and_self_an_officer_only_self() {
    let rows = roster();
    let supervisor = Filter {
        within: Some(Within {
            unit: Some("Jail".into()),
            person_id: Some(Uuid::from_u128(2)),
        }),
        ..Filter::default()
    };
    assert_eq!(
        names(&select(&rows, &supervisor, MatrixSort::Name)),
        ["adams", "Baker", "Dunn", "Young"]
    );
    let officer = Filter {
        within: Some(Within {
            unit: None,
            person_id: Some(Uuid::from_u128(4)),
        }),
        ..Filter::default()
    };
    assert_eq!(names(&select(&rows, &officer, MatrixSort::Name)), ["Clark"]);
    // A unit asked for outside the part seen shows nobody, rather than more.
    let elsewhere = Filter {
        unit: Some("Patrol".into()),
        ..supervisor
    };
    assert_eq!(
        names(&select(&rows, &elsewhere, MatrixSort::Name)),
        ["adams"]
    );
}

#[test]
fn pages_follow_each_other_without_gap_or_repeat_in_every_order() {
    let rows = roster();
    for sort in MatrixSort::ALL.iter().copied() {
        let shown = select(&rows, &Filter::default(), sort);
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = page(&shown, sort, after.as_ref(), 2);
            assert!(page.len() <= 2);
            seen.extend(page.iter().map(|s| s.row.person_id));
            match next {
                Some(key) => after = Some(key),
                None => break,
            }
        }
        let all: Vec<Uuid> = shown.iter().map(|s| s.row.person_id).collect();
        assert_eq!(seen, all, "{sort:?}");
    }
}

#[test]
fn a_page_continues_after_its_key_when_the_row_left_meanwhile() {
    let rows = roster();
    let shown = select(&rows, &Filter::default(), MatrixSort::Name);
    let (_, next) = page(&shown, MatrixSort::Name, None, 2);
    let key = next.expect("more follow");
    // Baker, the last of the first page, is removed before the next page is asked.
    let fewer: Vec<Row> = rows
        .into_iter()
        .filter(|r| r.last_name != "Baker")
        .collect();
    let shown = select(&fewer, &Filter::default(), MatrixSort::Name);
    let (second, _) = page(&shown, MatrixSort::Name, Some(&key), 2);
    assert_eq!(names(second), ["Clark", "Dunn"]);
}

#[test]
fn an_exact_page_has_no_next_key_and_an_empty_matrix_has_no_columns() {
    let rows = roster();
    let shown = select(&rows, &Filter::default(), MatrixSort::Name);
    let (all, next) = page(&shown, MatrixSort::Name, None, 5);
    assert_eq!(all.len(), 5);
    assert_eq!(next, None);
    let none = select::<Row>(&[], &Filter::default(), MatrixSort::Name);
    assert!(columns(&none).is_empty());
    assert_eq!(page(&none, MatrixSort::Name, None, 5).0.len(), 0);
}

#[test]
fn rows_in_a_kept_order_are_selected_as_if_sorted_again() {
    let mut rows = roster();
    rows[1].person_status = PersonStatus::Separated;
    let filters = [
        Filter::default(),
        Filter {
            unit: Some("Jail".into()),
            ..Filter::default()
        },
        Filter {
            status: Some(R::Overdue),
            ..Filter::default()
        },
        Filter {
            person_status: Some(PersonStatus::Separated),
            ..Filter::default()
        },
        // A requirement changes the cells a row's due date comes from: sorted afresh.
        Filter {
            requirement: Some("b".into()),
            ..Filter::default()
        },
        Filter {
            within: Some(Within {
                unit: Some("Jail".into()),
                person_id: Some(Uuid::from_u128(4)),
            }),
            ..Filter::default()
        },
    ];
    for sort in MatrixSort::ALL.iter().copied() {
        let kept = order(&rows, sort);
        for filter in &filters {
            let ids = |shown: Vec<Shown>| -> Vec<(Uuid, usize)> {
                shown
                    .iter()
                    .map(|s| (s.row.person_id, s.cells.len()))
                    .collect()
            };
            assert_eq!(
                ids(select_in(&rows, &kept, filter, sort)),
                ids(select(&rows, filter, sort)),
                "{sort:?} {filter:?}"
            );
        }
    }
}

#[test]
fn the_columns_of_kept_rows_are_those_of_the_rows_shown() {
    let mut rows = roster();
    // A second group of people owing the same requirements, and one owing none.
    rows.push(row(
        9,
        "Evans",
        Some(C::Compliant),
        vec![cell("c", R::Met, None)],
    ));
    rows.push(row(10, "Ford", None, vec![]));
    let sets = RequirementSets::new(&rows);
    let filters = [
        Filter::default(),
        Filter {
            unit: Some("Patrol".into()),
            ..Filter::default()
        },
        Filter {
            status: Some(R::Overdue),
            ..Filter::default()
        },
        Filter {
            requirement: Some("c".into()),
            ..Filter::default()
        },
        Filter {
            requirement: Some("none such".into()),
            ..Filter::default()
        },
    ];
    for filter in &filters {
        let shown = select(&rows, filter, MatrixSort::Name);
        assert_eq!(
            sets.columns(&rows, &shown, filter),
            columns(&shown),
            "{filter:?}"
        );
    }
    let everyone = select(&rows, &Filter::default(), MatrixSort::Name);
    let codes: Vec<&str> = sets
        .columns(&rows, &everyone, &Filter::default())
        .iter()
        .map(|(code, _)| *code)
        .collect();
    assert!(codes.contains(&"c"), "{codes:?}");
}
