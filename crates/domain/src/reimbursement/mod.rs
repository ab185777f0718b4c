//! The state's reimbursement of an agency's training costs: Minnesota's equal shares per
//! eligible officer (Rule 6700.1800) and Ohio's base hourly rate times qualifying CPT hours
//! (OAC 109:2-18-04). The facts (minimums, due days, funding percents) come from the rule
//! set's `[reimbursement]` table with their sources; this module only computes from them.
//! Every verdict carries its reasons, each with the citations and the `unconfirmed` mark of
//! the fact it rests on, so what the coordinator reads is what the state said.

pub mod fiscal;
pub mod minnesota;
pub mod ohio;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use fiscal::{FiscalYear, FiscalYearError};

/// One condition of a verdict, as a coordinator reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable: `licensed`, `months_with_agency`, `credits`, `one_unit`, `part_time`,
    /// `rate`, `maximum_hours`, `academy_year`, `excluded_topics`, `funding`.
    pub code: &'static str,
    /// Whether the condition is met (for a note that decides nothing, true).
    pub met: bool,
    /// "9 whole months with the agency in FY2026 (8 needed)".
    pub sentence: String,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

impl Reason {
    fn new(
        code: &'static str,
        met: bool,
        sentence: String,
        citations: &[String],
        unconfirmed: &Option<String>,
    ) -> Self {
        Self {
            code,
            met,
            sentence,
            citations: citations.to_vec(),
            unconfirmed: unconfirmed.clone(),
        }
    }
}

/// `part` of `whole` cents, rounded half up (amounts are never negative).
pub fn percent_of(whole: i64, percent: u8) -> i64 {
    (i128::from(whole) * i128::from(percent) + 50)
        .div_euclid(100)
        .try_into()
        .unwrap_or(i64::MAX)
}

/// Cents as the application prints them: "$1,234.50".
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}
