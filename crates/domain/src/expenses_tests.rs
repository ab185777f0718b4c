use time::macros::date;

use super::*;

#[test]
fn a_split_sums_exactly_to_the_total_and_differs_by_at_most_a_cent() {
    let cases: &[(&str, i64, usize, &[i64])] = &[
        ("an even split", 300, 3, &[100, 100, 100]),
        ("the first carry the remainder", 100, 3, &[34, 33, 33]),
        ("two cents left over", 1001, 3, &[334, 334, 333]),
        ("fewer cents than people", 2, 3, &[1, 1, 0]),
        ("one sharer takes all", 12345, 1, &[12345]),
        ("nobody to share with", 500, 0, &[]),
    ];
    for (case, total, shares, expected) in cases {
        assert_eq!(split_equally(*total, *shares), *expected, "{case}");
    }
    for total in [1, 7, 99, 100_000_000] {
        for shares in 1..=13 {
            let parts = split_equally(total, shares);
            assert_eq!(parts.iter().sum::<i64>(), total);
            assert_eq!(parts.len(), shares);
            let (min, max) = (parts.iter().min(), parts.iter().max());
            assert!(matches!((min, max), (Some(a), Some(b)) if b - a <= 1));
        }
    }
}

#[test]
fn a_fiscal_year_starting_in_july_is_named_by_the_year_it_ends_in() {
    let july = FiscalYearStart::default();
    assert_eq!(
        july.year_of(date!(2026 - 06 - 30)),
        2026,
        "the last day of FY2026"
    );
    assert_eq!(
        july.year_of(date!(2026 - 07 - 01)),
        2027,
        "the first day of FY2027"
    );
    assert_eq!(july.year_of(date!(2026 - 12 - 31)), 2027);
    assert_eq!(july.year_of(date!(2027 - 01 - 01)), 2027);
    assert_eq!(july.year_of(date!(2027 - 06 - 30)), 2027);
    assert_eq!(
        july.bounds(2027),
        Some((date!(2026 - 07 - 01), date!(2027 - 06 - 30)))
    );
}

#[test]
fn a_fiscal_year_starting_in_january_is_the_calendar_year() {
    let january = FiscalYearStart::from_month_number(1).unwrap();
    assert_eq!(january.year_of(date!(2026 - 01 - 01)), 2026);
    assert_eq!(january.year_of(date!(2026 - 12 - 31)), 2026);
    assert_eq!(january.year_of(date!(2027 - 01 - 01)), 2027);
    assert_eq!(
        january.bounds(2026),
        Some((date!(2026 - 01 - 01), date!(2026 - 12 - 31)))
    );
}

#[test]
fn other_start_months_and_their_bounds_agree() {
    let october = FiscalYearStart::from_month_number(10).unwrap();
    assert_eq!(october.year_of(date!(2026 - 09 - 30)), 2026);
    assert_eq!(october.year_of(date!(2026 - 10 - 01)), 2027);
    assert_eq!(
        october.bounds(2027),
        Some((date!(2026 - 10 - 01), date!(2027 - 09 - 30)))
    );
    for month in 1..=12 {
        let start = FiscalYearStart::from_month_number(month).unwrap();
        let (first, last) = start.bounds(2030).unwrap();
        assert_eq!(start.year_of(first), 2030);
        assert_eq!(start.year_of(last), 2030);
        assert_eq!(start.year_of(first.previous_day().unwrap()), 2029);
        assert_eq!(start.year_of(last.next_day().unwrap()), 2031);
    }
}

#[test]
fn a_start_month_is_one_to_twelve() {
    assert_eq!(FiscalYearStart::from_month_number(0), Err(NotAMonth(0)));
    assert_eq!(FiscalYearStart::from_month_number(13), Err(NotAMonth(13)));
    assert_eq!(FiscalYearStart::from_month_number(-1), Err(NotAMonth(-1)));
    assert_eq!(
        FiscalYearStart::from_month_number(7).map(|s| s.month_number()),
        Ok(DEFAULT_FISCAL_YEAR_START_MONTH)
    );
}

fn draft() -> ExpenseDraft {
    ExpenseDraft {
        category: ExpenseCategory::Registration,
        amount_cents: 45_000,
        incurred_on: date!(2026 - 11 - 02),
        paid_by: ExpensePaidBy::Agency,
        description: "CIT course registration".into(),
    }
}

#[test]
fn a_line_is_checked_field_by_field_against_today() {
    let today = date!(2026 - 12 - 06);
    assert!(ValidExpense::parse(draft(), today).is_ok());
    type Change = Box<dyn Fn(&mut ExpenseDraft)>;
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "a zero amount",
            Box::new(|d| d.amount_cents = 0),
            "amount_cents",
        ),
        (
            "a negative amount",
            Box::new(|d| d.amount_cents = -5),
            "amount_cents",
        ),
        (
            "more than a million dollars",
            Box::new(|d| d.amount_cents = MAX_AMOUNT_CENTS + 1),
            "amount_cents",
        ),
        (
            "more than ten years ago",
            Box::new(|d| d.incurred_on = date!(2016 - 12 - 01)),
            "incurred_on",
        ),
        (
            "more than two years ahead",
            Box::new(|d| d.incurred_on = date!(2029 - 01 - 01)),
            "incurred_on",
        ),
        (
            "no description",
            Box::new(|d| d.description = "  ".into()),
            "description",
        ),
        (
            "an SSN in the description",
            Box::new(|d| d.description = "refund 123-45-6789".into()),
            "description",
        ),
        (
            "a description too long",
            Box::new(|d| d.description = "x".repeat(DESCRIPTION_MAX + 1)),
            "description",
        ),
    ];
    for (case, change, field) in cases {
        let mut d = draft();
        change(&mut d);
        let errors = ValidExpense::parse(d, today).unwrap_err();
        assert_eq!(errors.0.len(), 1, "{case}");
        assert_eq!(errors.0[0].field, field, "{case}");
    }
    let mut edge = draft();
    edge.amount_cents = MAX_AMOUNT_CENTS;
    edge.incurred_on = date!(2028 - 12 - 06);
    assert!(
        ValidExpense::parse(edge, today).is_ok(),
        "the bounds themselves"
    );
}

#[test]
fn a_line_is_on_exactly_one_thing() {
    let id = uuid::Uuid::from_u128(7);
    assert_eq!(
        parse_target(Some(id), None, None),
        Ok(ExpenseTarget::Record(id))
    );
    assert_eq!(
        parse_target(None, Some(id), None),
        Ok(ExpenseTarget::Session(id))
    );
    assert_eq!(
        parse_target(None, None, Some(id)),
        Ok(ExpenseTarget::Person(id))
    );
    assert!(parse_target(None, None, None).is_err());
    assert!(parse_target(Some(id), Some(id), None).is_err());
    assert!(parse_target(Some(id), Some(id), Some(id)).is_err());
}

#[test]
fn the_status_moves_forward_only() {
    use ExpenseStatus::*;
    let allowed = [
        (Requested, Approved),
        (Requested, Rejected),
        (Approved, Paid),
        (Approved, Rejected),
    ];
    for from in ExpenseStatus::ALL {
        for to in ExpenseStatus::ALL {
            assert_eq!(
                may_move(*from, *to),
                allowed.contains(&(*from, *to)),
                "{from} -> {to}"
            );
        }
    }
    assert!(!may_move(Requested, Paid), "paid only once approved");
    assert!(!may_edit(Paid));
    assert!(may_edit(Approved) && may_edit(Requested) && may_edit(Rejected));
}

#[test]
fn a_rejection_says_why() {
    assert_eq!(
        parse_reason(Some(" Not pre-approved ")),
        Ok("Not pre-approved".into())
    );
    assert_eq!(parse_reason(None).unwrap_err().0[0].field, "reason");
    assert!(parse_reason(Some("")).is_err());
    assert!(parse_reason(Some(&"x".repeat(REASON_MAX + 1))).is_err());
}

#[test]
fn who_enters_a_line() {
    let (me, other) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
    assert_eq!(
        expense_entry(Role::Coordinator, None, Some(other)),
        ExpenseEntry::TrainingOffice
    );
    assert_eq!(
        expense_entry(Role::AgencyAdmin, None, None),
        ExpenseEntry::TrainingOffice
    );
    assert_eq!(
        expense_entry(Role::Officer, Some(me), Some(me)),
        ExpenseEntry::OwnRequest
    );
    assert_eq!(
        expense_entry(Role::Supervisor, Some(me), Some(me)),
        ExpenseEntry::OwnRequest
    );
    assert_eq!(
        expense_entry(Role::Officer, Some(me), Some(other)),
        ExpenseEntry::Refused
    );
    assert_eq!(
        expense_entry(Role::Supervisor, Some(me), Some(other)),
        ExpenseEntry::Refused
    );
    assert_eq!(
        expense_entry(Role::Officer, Some(me), None),
        ExpenseEntry::Refused,
        "a session's line"
    );
    assert_eq!(
        expense_entry(Role::Officer, None, None),
        ExpenseEntry::Refused,
        "no person"
    );
    assert_eq!(
        expense_entry(Role::PlatformOperator, Some(me), Some(me)),
        ExpenseEntry::Refused
    );
    assert_eq!(
        expense_visibility(Role::Supervisor),
        PeopleVisibility::OwnUnit
    );
    assert_eq!(expense_visibility(Role::Officer), PeopleVisibility::OwnSelf);
    assert_eq!(
        expense_visibility(Role::PlatformOperator),
        PeopleVisibility::None
    );
}

#[test]
fn a_budget_shows_spent_committed_and_left() {
    let mut figures = BudgetFigures {
        amount: 100_000,
        ..Default::default()
    };
    figures.add(ExpenseStatus::Paid, 30_000);
    figures.add(ExpenseStatus::Approved, 25_000);
    figures.add(ExpenseStatus::Requested, 99_999);
    figures.add(ExpenseStatus::Rejected, 99_999);
    assert_eq!(
        (figures.spent, figures.committed, figures.left()),
        (30_000, 25_000, 45_000)
    );
    figures.add(ExpenseStatus::Paid, 50_000);
    assert_eq!(figures.left(), -5_000, "overspent shows below zero");
    assert!(parse_budget_amount(-1).is_err());
    assert!(parse_budget_amount(MAX_BUDGET_CENTS + 1).is_err());
    assert_eq!(parse_fiscal_year("fiscal_year", 2027), Ok(2027));
    assert!(parse_fiscal_year("fiscal_year", 1999).is_err());
    assert!(parse_fiscal_year("fiscal_year", 2101).is_err());
}

#[test]
fn who_files_a_receipt_and_reads_budgets() {
    let (me, other) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
    use ExpenseStatus::*;
    assert!(may_file_receipt(Role::Coordinator, None, Some(other), Paid));
    assert!(may_file_receipt(
        Role::Officer,
        Some(me),
        Some(me),
        Requested
    ));
    assert!(
        !may_file_receipt(Role::Officer, Some(me), Some(me), Approved),
        "once approved, the office files"
    );
    assert!(!may_file_receipt(
        Role::Officer,
        Some(me),
        Some(other),
        Requested
    ));
    assert!(!may_file_receipt(
        Role::Supervisor,
        Some(me),
        None,
        Requested
    ));
    assert_eq!(
        budget_visibility(Role::AgencyAdmin),
        PeopleVisibility::Agency
    );
    assert_eq!(
        budget_visibility(Role::Supervisor),
        PeopleVisibility::OwnUnit
    );
    assert_eq!(budget_visibility(Role::Officer), PeopleVisibility::None);
    assert_eq!(
        budget_visibility(Role::PlatformOperator),
        PeopleVisibility::None
    );
}
