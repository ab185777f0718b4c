//! The layout of each report: its columns, in order, each with the source that asks for its
//! content, or `unconfirmed` with what is not known. The states publish no column layouts
//! (the reference has none), so these are ConfiTrek's; CSV files carry the keys, PDFs the
//! headers, and both carry the sources (the PDF lists them under the table).
//!
//! Annual reports have one column per topic of the year's mandated requirements, between the
//! officer's columns and the totals; those columns cite the requirement's sources.

use super::StateReportKind;
use super::snapshot::Column;

/// Where a column's citations come from.
#[derive(Clone, Copy)]
enum Cites {
    These(&'static [&'static str]),
    /// The citations of the year's total-hours requirement.
    Year,
}

struct Spec {
    key: &'static str,
    header: &'static str,
    cites: Cites,
    unconfirmed: Option<&'static str>,
}

const fn spec(
    key: &'static str,
    header: &'static str,
    cites: Cites,
    unconfirmed: Option<&'static str>,
) -> Spec {
    Spec {
        key,
        header,
        cites,
        unconfirmed,
    }
}

use Cites::{These, Year};

const BADGE_NOTE: &str = "The agency's badge or employee number, to tell officers apart; the state is not known to ask for it.";

const OH_OFFICER: [Spec; 5] = [
    spec("last_name", "Last name", These(&["OH-7", "OH-3"]), None),
    spec("first_name", "First name", These(&["OH-7", "OH-3"]), None),
    spec("badge", "Badge", These(&[]), Some(BADGE_NOTE)),
    spec(
        "opotc_number",
        "OPOTC certificate number",
        These(&[]),
        Some(
            "The person's licence number in ConfiTrek; that the roster asks for the certificate number is not in the reference.",
        ),
    ),
    spec(
        "appointment_type",
        "Appointment",
        These(&["OH-1", "OH-2", "OH-3"]),
        Some(
            "Full-time unless the person is flagged part-time or reserve; auxiliary officers have no flag of their own.",
        ),
    ),
];

const OH_TOTALS: [Spec; 6] = [
    spec(
        "hours_general",
        "General CPT hours",
        These(&["OH-1"]),
        Some(
            "Hours recorded under topics that are not mandated this year. Excess hours in a mandated topic also count toward the general hours (OH-1): they are in the total, not in this column.",
        ),
    ),
    spec("hours_total", "Total CPT hours", Year, None),
    spec("hours_required", "CPT hours required", Year, None),
    spec("cpt_complete", "CPT complete", Year, None),
    spec(
        "academy_year_exempt",
        "Academy-year exemption",
        These(&["OH-3"]),
        None,
    ),
    spec(
        "firearms_requalified_on",
        "Firearms requalification (not counted)",
        These(&["OH-15", "OH-16"]),
        None,
    ),
];

const IN_OFFICER: [Spec; 5] = [
    spec("last_name", "Last name", These(&["IN-11"]), None),
    spec("first_name", "First name", These(&["IN-11"]), None),
    spec("badge", "Badge", These(&[]), Some(BADGE_NOTE)),
    spec(
        "licence_number",
        "Licence number",
        These(&[]),
        Some(
            "The person's licence number in ConfiTrek; how ILEA's Acadis identifies an officer is not in the reference.",
        ),
    ),
    spec(
        "appointment_type",
        "Appointment",
        These(&["IN-2", "IN-11"]),
        None,
    ),
];

const IN_TOTALS: [Spec; 6] = [
    spec(
        "hours_other",
        "Other in-service hours",
        These(&["IN-2"]),
        None,
    ),
    spec("hours_total", "Total in-service hours", Year, None),
    spec("hours_required", "Hours required", Year, None),
    spec("compliant", "Compliant", Year, None),
    spec("shortfall_hours", "Hours short", These(&["IN-10"]), None),
    spec(
        "police_powers_suspension",
        "Suspension of police powers",
        These(&["IN-10"]),
        Some(
            "Shown for an officer short of the hours once the year has closed. A waiver for an emergency or unavailable courses (250 IAC 2-7-4) is not read here.",
        ),
    ),
];

const OR_F6: [Spec; 11] = [
    spec("course_title", "Course", These(&["OR-2", "OR-3"]), None),
    spec(
        "course_number",
        "Course number",
        These(&[]),
        Some(
            "The course's POST/DPSST number in ConfiTrek's catalog; whether the F-6 asks for it is not in the reference.",
        ),
    ),
    spec("session_start", "First day", These(&["OR-2"]), None),
    spec("session_end", "Last day", These(&["OR-2"]), None),
    spec("session_hours", "Course hours", These(&["OR-2"]), None),
    spec(
        "instructor",
        "Instructor",
        These(&[]),
        Some("Where the session names one; whether the F-6 asks for it is not in the reference."),
    ),
    spec("last_name", "Last name", These(&["OR-2"]), None),
    spec("first_name", "First name", These(&["OR-2"]), None),
    spec(
        "dpsst_number",
        "DPSST number",
        These(&[]),
        Some("The person's licence number in ConfiTrek, taken as the DPSST number."),
    ),
    spec(
        "hours_credited",
        "Hours credited",
        These(&["OR-2", "OR-3"]),
        None,
    ),
    spec(
        "maintenance_category",
        "Maintenance category credited",
        These(&["OR-2", "OR-3"]),
        Some(
            "Category names from the 2008 DPSST page (OR-2); the current OAR 259-008-0065 was reworded.",
        ),
    ),
];

const MN_AFFIDAVIT: [Spec; 11] = [
    spec(
        "post_course_number",
        "POST course number",
        These(&["MN-12"]),
        None,
    ),
    spec("course_title", "Course title", These(&["MN-18"]), None),
    spec(
        "sponsor",
        "Sponsor",
        These(&["MN-18"]),
        Some("The agency itself, as the course's sponsor."),
    ),
    spec("session_start", "First day", These(&["MN-18"]), None),
    spec("session_end", "Last day", These(&["MN-18"]), None),
    spec("course_credits", "Course credits", These(&["MN-12"]), None),
    spec("last_name", "Last name", These(&["MN-18"]), None),
    spec("first_name", "First name", These(&["MN-18"]), None),
    spec(
        "post_licence_number",
        "POST licence number",
        These(&["MN-18"]),
        Some("The person's licence number in ConfiTrek."),
    ),
    spec(
        "credits_earned",
        "Credits earned",
        These(&["MN-12", "MN-18"]),
        None,
    ),
    spec(
        "mlo_learning_assessment_not_recorded",
        "MLO learning assessment (not recorded by ConfiTrek)",
        These(&["MN-12"]),
        Some(
            "ConfiTrek does not record learning assessments: the column is left empty for the sponsor to fill.",
        ),
    ),
];

fn columns(specs: &[Spec], year: &[String]) -> impl Iterator<Item = Column> {
    specs.iter().map(move |s| Column {
        key: s.key.to_owned(),
        header: s.header.to_owned(),
        citations: match s.cites {
            These(c) => c.iter().map(|c| (*c).to_owned()).collect(),
            Year => year.to_vec(),
        },
        unconfirmed: s.unconfirmed.map(str::to_owned),
    })
}

/// A topic's column of an annual report: `hours_<code>`.
pub fn topic_column(code: &str, title: &str, citations: &[String]) -> Column {
    Column {
        key: format!("hours_{code}"),
        header: format!("{title} hours"),
        citations: citations.to_vec(),
        unconfirmed: None,
    }
}

/// The columns of a report. `topics` are an annual report's topic columns (see
/// [`topic_column`]); `year` the citations of its total-hours requirement. Both are ignored
/// by per-session reports.
pub fn layout(kind: StateReportKind, topics: &[Column], year: &[String]) -> Vec<Column> {
    let (before, after): (&[Spec], &[Spec]) = match kind {
        StateReportKind::OhCptRoster => (&OH_OFFICER, &OH_TOTALS),
        StateReportKind::InInserviceReport => (&IN_OFFICER, &IN_TOTALS),
        StateReportKind::OrF6Roster => return columns(&OR_F6, year).collect(),
        StateReportKind::MnAffidavitOfAttendance => {
            return columns(&MN_AFFIDAVIT, year).collect();
        }
        StateReportKind::MnReimbursement | StateReportKind::OhReimbursement => {
            return super::reimbursement::layout(kind);
        }
    };
    columns(before, year)
        .chain(topics.iter().cloned())
        .chain(columns(after, year))
        .collect()
}
