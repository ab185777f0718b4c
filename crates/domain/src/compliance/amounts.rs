//! Training time, kept as whole minutes so sums are exact; shown as decimal hours.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Minutes(pub u32);

impl Minutes {
    pub const ZERO: Minutes = Minutes(0);

    pub fn from_hours(hours: u32) -> Self {
        Minutes(hours * 60)
    }

    /// Decimal hours (as written in rule sets and on certificates) to minutes, rounded to the
    /// nearest minute. `None` for negative, non-finite or absurd values.
    pub fn from_decimal_hours(hours: f64) -> Option<Self> {
        if !hours.is_finite() || !(0.0..=100_000.0).contains(&hours) {
            return None;
        }
        Some(Minutes((hours * 60.0).round() as u32))
    }

    pub fn as_hours(self) -> f64 {
        f64::from(self.0) / 60.0
    }

    pub fn saturating_sub(self, other: Minutes) -> Minutes {
        Minutes(self.0.saturating_sub(other.0))
    }
}

impl Add for Minutes {
    type Output = Minutes;
    fn add(self, other: Minutes) -> Minutes {
        Minutes(self.0.saturating_add(other.0))
    }
}

impl Sub for Minutes {
    type Output = Minutes;
    fn sub(self, other: Minutes) -> Minutes {
        self.saturating_sub(other)
    }
}

impl Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes::ZERO, Add::add)
    }
}

/// "4.0", "1.5", "0.25": hours with one decimal unless more are needed.
impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Integer arithmetic: exact, and far cheaper than formatting a float.
        if self.0.is_multiple_of(6) {
            let tenths = self.0 / 6;
            write!(f, "{}.{}", tenths / 10, tenths % 10)
        } else {
            let hundredths = (u64::from(self.0) * 100 + 30) / 60;
            write!(f, "{}.{:02}", hundredths / 100, hundredths % 100)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_trip_and_display() {
        assert_eq!(Minutes::from_decimal_hours(1.5), Some(Minutes(90)));
        assert_eq!(Minutes::from_decimal_hours(-1.0), None);
        assert_eq!(Minutes::from_decimal_hours(f64::NAN), None);
        assert_eq!(Minutes(240).to_string(), "4.0");
        assert_eq!(Minutes(15).to_string(), "0.25");
        assert_eq!(Minutes(1).to_string(), "0.02");
        assert_eq!(Minutes(6 * 125).to_string(), "12.5");
        assert_eq!(Minutes(100).to_string(), "1.67");
        assert_eq!(Minutes(30) - Minutes(45), Minutes::ZERO);
    }
}
