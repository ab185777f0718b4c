//! What ConfiTrek tells people, and when: reminders before a deadline at the agency's lead
//! times, a flag when someone falls out of compliance, credential expiries, policies waiting
//! for an acknowledgement, a weekly digest for the training office, and a warning when a
//! login signs in from a device or address it has not used before.
//!
//! Each event has a key that names it completely (who, what, which due date, which lead
//! time), so the outbox can insert it "once or not at all" and any number of passes and
//! workers make exactly one message of it. Messages carry names and dates only: never a
//! badge, a licence number or any other identifier.

use std::collections::BTreeSet;

use time::Date;
use uuid::Uuid;

use crate::validation::ValidationErrors;

/// Lead times an agency starts with: 90, 30 and 7 days before a deadline.
pub const DEFAULT_LEAD_DAYS: [u16; 3] = [90, 30, 7];
/// The most lead times an agency may set.
pub const MAX_LEAD_TIMES: usize = 6;
/// The longest lead time, in days.
pub const MAX_LEAD_DAYS: u16 = 365;

pub use confitrek_vocabulary::NotificationKind;

/// The agency's lead times: 1 to 365 days, distinct, at most six; kept longest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadTimes(Vec<u16>);

impl Default for LeadTimes {
    fn default() -> Self {
        Self(DEFAULT_LEAD_DAYS.to_vec())
    }
}

impl LeadTimes {
    pub fn parse(days: &[i64]) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if days.len() > MAX_LEAD_TIMES {
            errors.push("lead_days", format!("at most {MAX_LEAD_TIMES} lead times"));
        }
        if days
            .iter()
            .any(|d| !(1..=i64::from(MAX_LEAD_DAYS)).contains(d))
        {
            errors.push(
                "lead_days",
                format!("each lead time is between 1 and {MAX_LEAD_DAYS} days"),
            );
        }
        let distinct: BTreeSet<i64> = days.iter().copied().collect();
        if distinct.len() != days.len() {
            errors.push("lead_days", "lead times must be distinct");
        }
        errors.into_result()?;
        let mut days: Vec<u16> = days.iter().filter_map(|d| u16::try_from(*d).ok()).collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        Ok(Self(days))
    }

    pub fn days(&self) -> &[u16] {
        &self.0
    }

    /// The lead time whose reminder is due when a deadline is `days_left` days away: the
    /// shortest lead time that is at least `days_left`. A person first seen 20 days before a
    /// deadline gets the 30-day reminder only, never a belated 90-day one; on the deadline
    /// day itself (0 days left) the shortest lead time still applies. Past the deadline,
    /// none: that is a non-compliance flag.
    pub fn bracket(&self, days_left: i64) -> Option<u16> {
        if days_left < 0 {
            return None;
        }
        self.0
            .iter()
            .copied()
            .filter(|lead| i64::from(*lead) >= days_left)
            .min()
    }
}

/// A requirement's verdict as the stored compliance report gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequirementState {
    Met,
    Pending,
    AtRisk,
    Overdue,
    Waived,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementDue {
    pub requirement_id: String,
    pub title: String,
    pub state: RequirementState,
    pub due: Option<Date>,
}

/// One thing to tell: its kind, its key (unique per event and recipient), what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: NotificationKind,
    pub key: String,
    pub person_id: Option<Uuid>,
    pub subject: String,
    pub body: String,
}

/// Whom a person's events go to: his or her own login, the supervisor's, and the training
/// office (coordinators and admins). Any of them may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipients {
    pub person: Option<Uuid>,
    pub supervisors: Vec<Uuid>,
    pub office: Vec<Uuid>,
}

/// An event for one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressed {
    pub user_id: Uuid,
    pub event: Event,
}

fn days_between(today: Date, due: Date) -> i64 {
    (due - today).whole_days()
}

fn is_policy(requirement_id: &str) -> bool {
    requirement_id.starts_with(crate::policies::REQUIREMENT_PREFIX)
}

/// Reminders due today for a person's open requirements (pending or at risk, with a due
/// date): one per lead-time bracket, to the person's own login. Policies waiting for an
/// acknowledgement are reminded under their own kind.
pub fn requirement_reminders(
    person_id: Uuid,
    person_name: &str,
    requirements: &[RequirementDue],
    today: Date,
    leads: &LeadTimes,
) -> Vec<Event> {
    requirements
        .iter()
        .filter(|r| {
            matches!(
                r.state,
                RequirementState::Pending | RequirementState::AtRisk
            )
        })
        .filter_map(|r| {
            let due = r.due?;
            let days_left = days_between(today, due);
            let lead = leads.bracket(days_left)?;
            let policy = is_policy(&r.requirement_id);
            let kind = if policy {
                NotificationKind::PolicyAcknowledgement
            } else {
                NotificationKind::DeadlineReminder
            };
            let (subject, what) = if policy {
                (
                    format!("Please acknowledge {} by {due}", r.title),
                    "acknowledge the policy",
                )
            } else {
                (
                    format!("{} is due by {due}", r.title),
                    "complete the requirement",
                )
            };
            Some(Event {
                kind,
                key: format!(
                    "{}:{person_id}:{}:{due}:{lead}",
                    kind.as_str(),
                    r.requirement_id
                ),
                person_id: Some(person_id),
                subject,
                body: format!(
                    "{person_name}, {days_left} day(s) remain to {what} \"{}\" (due {due}).",
                    r.title
                ),
            })
        })
        .collect()
}

/// A flag for each overdue requirement, to the person, the supervisor and the office, once
/// per requirement and due date (a later cycle's overdue is a new event).
pub fn non_compliance_flags(
    person_id: Uuid,
    person_name: &str,
    requirements: &[RequirementDue],
    recipients: &Recipients,
) -> Vec<Addressed> {
    let users: BTreeSet<Uuid> = recipients
        .person
        .iter()
        .chain(&recipients.supervisors)
        .chain(&recipients.office)
        .copied()
        .collect();
    let mut out = Vec::new();
    for r in requirements
        .iter()
        .filter(|r| r.state == RequirementState::Overdue)
    {
        let due = r.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        for user_id in &users {
            out.push(Addressed {
                user_id: *user_id,
                event: Event {
                    kind: NotificationKind::NonCompliance,
                    key: format!(
                        "non_compliance:{person_id}:{}:{due}:{user_id}",
                        r.requirement_id
                    ),
                    person_id: Some(person_id),
                    subject: format!("{person_name} is not compliant: {}", r.title),
                    body: format!(
                        "{person_name} has not met \"{}\" (due {due}). The training office can see what is missing on the person's page.",
                        r.title
                    ),
                },
            });
        }
    }
    out
}

/// A reminder before a credential expires, at the agency's lead times.
pub fn credential_reminder(
    credential_id: Uuid,
    person_id: Uuid,
    person_name: &str,
    credential_name: &str,
    expires_on: Date,
    today: Date,
    leads: &LeadTimes,
) -> Option<Event> {
    let days_left = days_between(today, expires_on);
    let lead = leads.bracket(days_left)?;
    Some(Event {
        kind: NotificationKind::CredentialExpiry,
        key: format!("credential_expiry:{credential_id}:{expires_on}:{lead}"),
        person_id: Some(person_id),
        subject: format!("{credential_name} expires on {expires_on}"),
        body: format!(
            "{person_name}, your {credential_name} is valid until {expires_on} ({days_left} day(s) from today). Plan its renewal."
        ),
    })
}

/// A state report the training office files: which, for which period, due when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateReportDue<'a> {
    /// The kind as the wire spells it (`mn_reimbursement`).
    pub kind: &'a str,
    pub title: &'a str,
    /// The period as people say it ("fiscal year 2027", "2026").
    pub period: String,
    pub due: Date,
}

/// Reminders to each member of the office before a state report not yet transmitted falls
/// due, at the agency's lead times: one per report, period, due date and lead time. The
/// period is in the key, so next year's report reminds again; a report due on two dates
/// (Indiana: January 31 and March 31) reminds before each.
pub fn state_report_reminders(
    office: &[Uuid],
    report: &StateReportDue<'_>,
    today: Date,
    leads: &LeadTimes,
) -> Vec<Addressed> {
    let due = report.due;
    let days_left = days_between(today, due);
    let Some(lead) = leads.bracket(days_left) else {
        return Vec::new();
    };
    office
        .iter()
        .map(|user_id| Addressed {
            user_id: *user_id,
            event: Event {
                kind: NotificationKind::StateReportDue,
                key: format!(
                    "state_report_due:{}:{}:{due}:{lead}:{user_id}",
                    report.kind, report.period
                ),
                person_id: None,
                subject: format!("{} for {} is due by {due}", report.title, report.period),
                body: format!(
                    "The {} for {} is due to the state on {due}, {days_left} day(s) from today. Prepare it, review it and mark it transmitted on the State reports page: ConfiTrek never sends it on its own.",
                    report.title, report.period
                ),
            },
        })
        .collect()
}

/// The figures of a weekly digest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestFigures {
    pub people: usize,
    pub non_compliant: Vec<String>,
    pub at_risk: Vec<String>,
}

/// How many names a digest lists before it says "and N more".
const DIGEST_NAMES: usize = 20;

/// The weekly digest for one member of the office: one per ISO week, whatever day of the
/// week the first pass of that week runs.
pub fn weekly_digest(user_id: Uuid, today: Date, figures: &DigestFigures) -> Event {
    let (year, week, _) = today.to_iso_week_date();
    let list = |names: &[String]| {
        let mut text = names
            .iter()
            .take(DIGEST_NAMES)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > DIGEST_NAMES {
            text.push_str(&format!(" and {} more", names.len() - DIGEST_NAMES));
        }
        if text.is_empty() {
            "nobody".into()
        } else {
            text
        }
    };
    Event {
        kind: NotificationKind::WeeklyDigest,
        key: format!("weekly_digest:{user_id}:{year}-W{week:02}"),
        person_id: None,
        subject: format!("Training compliance, week {week} of {year}"),
        body: format!(
            "{} people on the roster: {} not compliant, {} at risk.\nNot compliant: {}.\nAt risk: {}.",
            figures.people,
            figures.non_compliant.len(),
            figures.at_risk.len(),
            list(&figures.non_compliant),
            list(&figures.at_risk),
        ),
    }
}

/// Whether a sign-in from `device` deserves a warning: only when the login has signed in
/// before and never from this device. The very first sign-in of an account warns nobody.
pub fn is_new_device(device: &str, known: &[String]) -> bool {
    !known.is_empty() && !known.iter().any(|k| k == device)
}

/// The warning of a sign-in from a new device; `device` is the device's hash.
pub fn login_alert(user_id: Uuid, device: &str, at: &str) -> Event {
    Event {
        kind: NotificationKind::LoginAlert,
        key: format!("login_alert:{user_id}:{device}"),
        person_id: None,
        subject: "New sign-in to your ConfiTrek account".into(),
        body: format!(
            "Your account signed in at {at} from a device or address it had not used before. If this was not you, change your password and tell your agency's administrator."
        ),
    }
}

/// The word to a login's owner that wrong passwords locked it; one per lock (`locked_at`
/// names it). Sent whatever the agency's settings: the owner must learn someone is guessing.
pub fn lockout_alert(user_id: Uuid, locked_at: &str, unlocks: Option<&str>) -> Event {
    let release = match unlocks {
        Some(at) => format!("It unlocks by itself at {at}."),
        None => "An administrator of your agency can release it.".into(),
    };
    Event {
        kind: NotificationKind::LoginAlert,
        key: format!("lockout:{user_id}:{locked_at}"),
        person_id: None,
        subject: "Your ConfiTrek account was locked".into(),
        body: format!(
            "Too many wrong passwords were tried for your account, and it was locked at {locked_at}. {release} If this was not you, tell your agency's administrator; consider changing your password."
        ),
    }
}

/// What was decided on something a person asked for or reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided<'a> {
    /// A training request, approved (`true`) or denied, with the decider's comment.
    Request {
        approved: bool,
        comment: Option<&'a str>,
    },
    /// A reported training record, verified, or rejected with a reason.
    Record { rejected_because: Option<&'a str> },
}

/// The word to a person that something of his or hers was decided: `object` is the request
/// or record, `title` what it is called. One notification per object and outcome.
pub fn decision(person_id: Uuid, object: Uuid, title: &str, decided: Decided<'_>) -> Event {
    let (outcome, subject, mut body) = match decided {
        Decided::Request { approved: true, .. } => (
            "approved",
            format!("Training request approved: {title}"),
            format!("Your request for {title} was approved."),
        ),
        Decided::Request {
            approved: false, ..
        } => (
            "denied",
            format!("Training request denied: {title}"),
            format!("Your request for {title} was denied."),
        ),
        Decided::Record {
            rejected_because: None,
        } => (
            "verified",
            format!("Training verified: {title}"),
            format!("The training office verified {title}; its hours now count."),
        ),
        Decided::Record {
            rejected_because: Some(_),
        } => (
            "rejected",
            format!("Training not accepted: {title}"),
            format!("The training office did not accept {title}; its hours do not count."),
        ),
    };
    let note = match decided {
        Decided::Request { comment, .. } => comment.map(|c| format!(" Comment: {c}")),
        Decided::Record { rejected_because } => rejected_because.map(|r| format!(" Reason: {r}")),
    };
    body.push_str(&note.unwrap_or_default());
    Event {
        kind: NotificationKind::Decision,
        key: format!("decision:{object}:{outcome}"),
        person_id: Some(person_id),
        subject,
        body,
    }
}

/// A reminder the training office sends by hand to a person: what his or her training still
/// needs, the worst first (see `dashboard::worst_open`). One per person and day, however
/// often it is asked for. `None` when nothing is open: there is nothing to remind of.
pub fn office_reminder(
    person_id: Uuid,
    today: Date,
    open: &[&crate::dashboard::Item],
) -> Option<Event> {
    if open.is_empty() {
        return None;
    }
    let lines: Vec<String> = open
        .iter()
        .map(|i| format!("- {}: {}", i.title, i.explanation))
        .collect();
    Some(Event {
        kind: NotificationKind::DeadlineReminder,
        key: format!("office_reminder:{person_id}:{today}"),
        person_id: Some(person_id),
        subject: "A reminder from the training office".into(),
        body: format!(
            "The training office reminds you of what your training still needs:\n{}",
            lines.join("\n")
        ),
    })
}

/// Seconds to wait after the `attempts`-th failed delivery: `base` doubled for each earlier
/// failure, never more than `cap`.
pub fn retry_delay_seconds(attempts: u32, base: u64, cap: u64) -> u64 {
    let doublings = attempts.saturating_sub(1).min(32);
    base.saturating_mul(1u64 << doublings).min(cap)
}

#[cfg(test)]
#[path = "notifications_tests.rs"]
mod tests;
