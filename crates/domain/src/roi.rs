//! What ConfiTrek returned to the agency over a period, for command staff: the money back
//! from the state, the coordinator's time its bulk work and imports saved, and training spend
//! per officer. Time saved is counted from what was done, at stated minutes per item: the
//! assumptions are part of the answer, so a reader can check them or redo the sum.

pub use confitrek_vocabulary::SavedActivity as Activity;

/// Minutes of a coordinator's hand work one item of `activity` stands for.
pub fn minutes_each(activity: Activity) -> u32 {
    match activity {
        Activity::RowImported => 1,
        Activity::AttendanceRecorded => 2,
        Activity::ReportGenerated => 30,
        Activity::StateReportPrepared => 240,
        // "The POST reimbursement form that takes three days to complete every year":
        // three working days of eight hours.
        Activity::ReimbursementPrepared => 3 * 8 * 60,
    }
}

/// The assumption behind [`minutes_each`], as the page prints it.
pub fn assumption(activity: Activity) -> &'static str {
    match activity {
        Activity::RowImported => {
            "Typing one row (a person, a training record, a credential or a course) into a spreadsheet by hand: 1 minute."
        }
        Activity::AttendanceRecorded => {
            "Finding an attendee's row and entering the course, date and hours per topic by hand: 2 minutes per attendee."
        }
        Activity::ReportGenerated => {
            "Assembling a compliance, transcript, topic or audit report from a spreadsheet: 30 minutes."
        }
        Activity::StateReportPrepared => {
            "Compiling a state roster, in-service report, F-6 roster or affidavit by hand: 4 hours per report and period (a new version of the same report counts once)."
        }
        Activity::ReimbursementPrepared => {
            "Completing the POST reimbursement application by hand: three working days (the figure agencies give for it), once per program and year."
        }
    }
}

/// How many times an activity was done in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    pub activity: Activity,
    pub count: u64,
}

/// One line of the time-saved table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub activity: Activity,
    pub count: u64,
    pub minutes_each: u32,
    pub minutes: u64,
}

/// Minutes saved per activity, in the order of [`Activity::ALL`], and their sum. Activities
/// not done appear with a count of zero, so the table always shows every assumption.
pub fn time_saved(done: &[Done]) -> (Vec<Saved>, u64) {
    let lines: Vec<Saved> = Activity::ALL
        .iter()
        .map(|&activity| {
            let count = done
                .iter()
                .filter(|d| d.activity == activity)
                .map(|d| d.count)
                .fold(0u64, u64::saturating_add);
            let minutes_each = minutes_each(activity);
            Saved {
                activity,
                count,
                minutes_each,
                minutes: count.saturating_mul(u64::from(minutes_each)),
            }
        })
        .collect();
    let total = lines
        .iter()
        .map(|l| l.minutes)
        .fold(0u64, u64::saturating_add);
    (lines, total)
}

/// Spend per officer in cents, rounded half up; none when there is no officer to divide by.
pub fn per_officer(spend_cents: i64, officers: u64) -> Option<i64> {
    let officers = i64::try_from(officers).ok().filter(|&n| n > 0)?;
    let half = officers / 2;
    Some(if spend_cents >= 0 {
        (spend_cents + half) / officers
    } else {
        (spend_cents - half) / officers
    })
}

/// Received reimbursement as a share of spend, in percent with one decimal; none without
/// spend.
pub fn recovered_percent(received_cents: i64, spend_cents: i64) -> Option<f64> {
    if spend_cents <= 0 {
        return None;
    }
    let percent = received_cents as f64 * 100.0 / spend_cents as f64;
    Some((percent * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activity_appears_once_with_its_minutes_even_when_not_done() {
        let (lines, total) = time_saved(&[]);
        assert_eq!(lines.len(), Activity::ALL.len());
        assert!(lines.iter().all(|l| l.count == 0 && l.minutes == 0));
        assert_eq!(total, 0);
    }

    #[test]
    fn minutes_are_count_times_the_stated_minutes_and_add_up() {
        let (lines, total) = time_saved(&[
            Done {
                activity: Activity::RowImported,
                count: 1_200,
            },
            Done {
                activity: Activity::AttendanceRecorded,
                count: 30,
            },
            Done {
                activity: Activity::RowImported,
                count: 300,
            },
            Done {
                activity: Activity::ReimbursementPrepared,
                count: 1,
            },
        ]);
        let line = |a| lines.iter().find(|l| l.activity == a).map(|l| l.minutes);
        assert_eq!(line(Activity::RowImported), Some(1_500));
        assert_eq!(line(Activity::AttendanceRecorded), Some(60));
        assert_eq!(line(Activity::ReimbursementPrepared), Some(1_440));
        assert_eq!(total, 1_500 + 60 + 1_440);
    }

    #[test]
    fn a_count_too_large_saturates_instead_of_wrapping() {
        let (_, total) = time_saved(&[
            Done {
                activity: Activity::StateReportPrepared,
                count: u64::MAX,
            },
            Done {
                activity: Activity::RowImported,
                count: 5,
            },
        ]);
        assert_eq!(total, u64::MAX);
    }

    #[test]
    fn spend_per_officer_rounds_half_up_and_needs_an_officer() {
        assert_eq!(per_officer(100_000, 3), Some(33_333));
        assert_eq!(per_officer(100_001, 2), Some(50_001));
        assert_eq!(per_officer(5, 10), Some(1));
        assert_eq!(per_officer(4, 10), Some(0));
        assert_eq!(per_officer(100_000, 0), None);
    }

    #[test]
    fn recovered_share_needs_spend() {
        assert_eq!(recovered_percent(25_000, 100_000), Some(25.0));
        assert_eq!(recovered_percent(1, 3), Some(33.3));
        assert_eq!(recovered_percent(500, 0), None);
    }

    #[test]
    fn every_assumption_names_its_minutes() {
        for activity in Activity::ALL {
            let text = assumption(*activity);
            assert!(!text.is_empty());
            let hours = minutes_each(*activity) / 60;
            let named = text.contains(&format!("{} minute", minutes_each(*activity)))
                || text.contains(&format!("{hours} hours"))
                || text.contains("three working days");
            assert!(named, "{activity:?}: {text}");
        }
    }
}
