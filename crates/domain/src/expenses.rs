//! Training costs: expense lines and budgets.
//!
//! A line is on exactly one of a training record, a session or a person. A session's line is
//! shared equally among the session's attendees, to the cent, the shares summing exactly to
//! the line. Budgets are per fiscal year, named by the calendar year the fiscal year ends in
//! (FY2027 = 2026-07-01..2027-06-30 when the year starts in July; a year starting in
//! January is the calendar year).

use time::{Date, Duration, Month};

use crate::free_text::parse_free_text;
use crate::permissions::{Action, PeopleVisibility, Role, may, people_visibility};
use crate::validation::ValidationErrors;

pub use confitrek_vocabulary::{ExpenseCategory, ExpensePaidBy, ExpenseStatus};

/// Largest amount of one line: one million dollars. A larger figure is a typing slip.
pub const MAX_AMOUNT_CENTS: i64 = 100_000_000;
/// Largest budget: a billion dollars.
pub const MAX_BUDGET_CENTS: i64 = 100_000_000_000;
pub const DESCRIPTION_MAX: usize = 200;
pub const REASON_MAX: usize = 500;
/// An expense was incurred at most this many days before today (ten years: records kept
/// that long are entered from old ledgers at most)...
pub const PAST_DAYS: i64 = 3653;
/// ...and at most this many days after it (a registration paid for next year's course).
pub const FUTURE_DAYS: i64 = 731;
/// Fiscal years a budget may be named for.
pub const FIRST_FISCAL_YEAR: i32 = 2000;
pub const LAST_FISCAL_YEAR: i32 = 2100;

/// Splits `total` cents equally among `shares` parts, to the cent: the first
/// `total % shares` parts carry one cent more, so the parts always sum to `total`. No parts
/// for no sharers.
pub fn split_equally(total: i64, shares: usize) -> Vec<i64> {
    let Ok(n) = i64::try_from(shares) else {
        return Vec::new();
    };
    if n == 0 {
        return Vec::new();
    }
    let base = total.div_euclid(n);
    let remainder = total.rem_euclid(n);
    (0..n).map(|i| base + i64::from(i < remainder)).collect()
}

/// The month the agency's fiscal year starts, 1-12. Seven (July) unless the agency says
/// otherwise: US local government fiscal years commonly start on July 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalYearStart(Month);

/// The default start: July.
pub const DEFAULT_FISCAL_YEAR_START_MONTH: u8 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a month number from 1 to 12 (got {0})")]
pub struct NotAMonth(pub i64);

impl FiscalYearStart {
    pub fn from_month_number(month: i64) -> Result<Self, NotAMonth> {
        u8::try_from(month)
            .ok()
            .and_then(|m| Month::try_from(m).ok())
            .map(Self)
            .ok_or(NotAMonth(month))
    }

    pub fn month(self) -> Month {
        self.0
    }

    pub fn month_number(self) -> u8 {
        u8::from(self.0)
    }

    /// The fiscal year `date` falls in, named by the calendar year it ends in.
    pub fn year_of(self, date: Date) -> i32 {
        if self.0 == Month::January || u8::from(date.month()) < self.month_number() {
            date.year()
        } else {
            date.year() + 1
        }
    }

    /// The first and last day of fiscal year `year`; `None` beyond the calendar's range.
    pub fn bounds(self, year: i32) -> Option<(Date, Date)> {
        let start_year = if self.0 == Month::January {
            year
        } else {
            year - 1
        };
        let start = Date::from_calendar_date(start_year, self.0, 1).ok()?;
        let next = Date::from_calendar_date(start_year + 1, self.0, 1).ok()?;
        Some((start, next.previous_day()?))
    }
}

impl Default for FiscalYearStart {
    fn default() -> Self {
        Self(Month::July)
    }
}

/// What a line is on: exactly one of a record, a session or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpenseTarget {
    Record(uuid::Uuid),
    /// Shared equally among the session's attendees.
    Session(uuid::Uuid),
    Person(uuid::Uuid),
}

/// Exactly one of the three ids, or an error naming `record_id`.
pub fn parse_target(
    record: Option<uuid::Uuid>,
    session: Option<uuid::Uuid>,
    person: Option<uuid::Uuid>,
) -> Result<ExpenseTarget, ValidationErrors> {
    match (record, session, person) {
        (Some(r), None, None) => Ok(ExpenseTarget::Record(r)),
        (None, Some(s), None) => Ok(ExpenseTarget::Session(s)),
        (None, None, Some(p)) => Ok(ExpenseTarget::Person(p)),
        (None, None, None) => Err(ValidationErrors::single(
            "record_id",
            "is required: give exactly one of record_id, session_id and person_id",
        )),
        _ => Err(ValidationErrors::single(
            "record_id",
            "give exactly one of record_id, session_id and person_id, not several",
        )),
    }
}

/// A line as a client wrote it, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpenseDraft {
    pub category: ExpenseCategory,
    pub amount_cents: i64,
    pub incurred_on: Date,
    pub paid_by: ExpensePaidBy,
    pub description: String,
}

/// A line's valid content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidExpense {
    pub category: ExpenseCategory,
    pub amount_cents: i64,
    pub incurred_on: Date,
    pub paid_by: ExpensePaidBy,
    pub description: String,
}

impl ValidExpense {
    /// Every field checked at once, against the agency's today.
    pub fn parse(draft: ExpenseDraft, today: Date) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if draft.amount_cents <= 0 || draft.amount_cents > MAX_AMOUNT_CENTS {
            errors.push(
                "amount_cents",
                format!("must be a whole number of cents from 1 to {MAX_AMOUNT_CENTS}"),
            );
        }
        let earliest = today.checked_sub(Duration::days(PAST_DAYS));
        let latest = today.checked_add(Duration::days(FUTURE_DAYS));
        if earliest.is_some_and(|e| draft.incurred_on < e) {
            errors.push(
                "incurred_on",
                format!("must be within ten years before today ({today})"),
            );
        } else if latest.is_some_and(|l| draft.incurred_on > l) {
            errors.push(
                "incurred_on",
                format!("must be at most two years after today ({today})"),
            );
        }
        let description = match parse_free_text(&draft.description, DESCRIPTION_MAX) {
            Ok(text) if text.is_empty() => {
                errors.push("description", "is required: say what was paid for");
                None
            }
            Ok(text) => Some(text),
            Err(e) => {
                errors.push("description", e.to_string());
                None
            }
        };
        match description {
            Some(description) if errors.is_empty() => Ok(Self {
                category: draft.category,
                amount_cents: draft.amount_cents,
                incurred_on: draft.incurred_on,
                paid_by: draft.paid_by,
                description,
            }),
            _ => Err(errors),
        }
    }
}

/// The reason of a rejection: required free text, no identifiers.
pub fn parse_reason(raw: Option<&str>) -> Result<String, ValidationErrors> {
    match raw.map(|r| parse_free_text(r, REASON_MAX)) {
        Some(Ok(text)) if !text.is_empty() => Ok(text),
        Some(Err(e)) => Err(ValidationErrors::single("reason", e.to_string())),
        _ => Err(ValidationErrors::single(
            "reason",
            "is required: say why the expense is rejected",
        )),
    }
}

/// A budget's amount: from 0 to [`MAX_BUDGET_CENTS`].
pub fn parse_budget_amount(cents: i64) -> Result<i64, ValidationErrors> {
    if (0..=MAX_BUDGET_CENTS).contains(&cents) {
        Ok(cents)
    } else {
        Err(ValidationErrors::single(
            "amount_cents",
            format!("must be a whole number of cents from 0 to {MAX_BUDGET_CENTS}"),
        ))
    }
}

pub fn parse_fiscal_year(field: &str, year: i64) -> Result<i32, ValidationErrors> {
    i32::try_from(year)
        .ok()
        .filter(|y| (FIRST_FISCAL_YEAR..=LAST_FISCAL_YEAR).contains(y))
        .ok_or_else(|| {
            ValidationErrors::single(
                field,
                format!("must be a fiscal year from {FIRST_FISCAL_YEAR} to {LAST_FISCAL_YEAR}"),
            )
        })
}

/// Whether a line may move from `from` to `to`: requested -> approved or rejected;
/// approved -> paid, or rejected (the commitment withdrawn). Paid and rejected are final.
pub fn may_move(from: ExpenseStatus, to: ExpenseStatus) -> bool {
    use ExpenseStatus::*;
    matches!(
        (from, to),
        (Requested, Approved) | (Requested, Rejected) | (Approved, Paid) | (Approved, Rejected)
    )
}

/// A line's content may be corrected, or the line deleted, until it is paid: what was paid
/// stays as it was paid.
pub fn may_edit(status: ExpenseStatus) -> bool {
    status != ExpenseStatus::Paid
}

/// How a new line enters, by who enters it for whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpenseEntry {
    /// The training office: any line, entered in any status but rejected.
    TrainingOffice,
    /// A person asks for his or her own expense (on his or her person or record): entered
    /// `requested`, for the training office to approve.
    OwnRequest,
    Refused,
}

/// `caller_person` is the caller's roster entry, `subject` the person the line falls on
/// (none for a session's line, shared among attendees).
pub fn expense_entry(
    role: Role,
    caller_person: Option<uuid::Uuid>,
    subject: Option<uuid::Uuid>,
) -> ExpenseEntry {
    if may(role, Action::ManageExpenses) {
        ExpenseEntry::TrainingOffice
    } else if may(role, Action::RequestOwnExpense)
        && caller_person.is_some()
        && caller_person == subject
    {
        ExpenseEntry::OwnRequest
    } else {
        ExpenseEntry::Refused
    }
}

/// Whose lines a caller reads: the agency's (training office), a unit's (supervisor), one's
/// own (officer), none (platform operator): the roster's visibility.
pub fn expense_visibility(role: Role) -> PeopleVisibility {
    people_visibility(role)
}

/// Who files a line's receipt: the training office any line's; a person his or her own
/// line's while it waits for approval.
pub fn may_file_receipt(
    role: Role,
    caller_person: Option<uuid::Uuid>,
    subject: Option<uuid::Uuid>,
    status: ExpenseStatus,
) -> bool {
    match expense_entry(role, caller_person, subject) {
        ExpenseEntry::TrainingOffice => true,
        ExpenseEntry::OwnRequest => status == ExpenseStatus::Requested,
        ExpenseEntry::Refused => false,
    }
}

/// Which budgets a caller reads: all of the agency's (training office), the caller's unit's
/// (supervisor), none (officer: budgets are no one's own).
pub fn budget_visibility(role: Role) -> PeopleVisibility {
    match people_visibility(role) {
        PeopleVisibility::OwnSelf => PeopleVisibility::None,
        other => other,
    }
}

/// A budget's figures: spent (paid), committed (approved, not paid) and what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BudgetFigures {
    pub amount: i64,
    pub spent: i64,
    pub committed: i64,
}

impl BudgetFigures {
    /// What is left once spent and committed money is taken out; negative when overspent.
    pub fn left(self) -> i64 {
        self.amount - self.spent - self.committed
    }

    /// Adds a line's cost, by its status (requested and rejected lines cost nothing yet).
    pub fn add(&mut self, status: ExpenseStatus, cents: i64) {
        match status {
            ExpenseStatus::Paid => self.spent += cents,
            ExpenseStatus::Approved => self.committed += cents,
            ExpenseStatus::Requested | ExpenseStatus::Rejected => {}
        }
    }
}

#[cfg(test)]
#[path = "expenses_tests.rs"]
mod tests;
