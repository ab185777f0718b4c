//! The reports an agency files with its state's POST board: which, over what period, where
//! each stands, and the bounds of what a person enters on one.

vocabulary! {
    /// Which state report. Each belongs to one state; an agency is offered its own state's.
    StateReportKind {
        /// Ohio's annual Continuing Professional Training roster (calendar year).
        OhCptRoster = "oh_cpt_roster", "Ohio annual CPT roster";
        /// Indiana's annual in-service training report (calendar year).
        InInserviceReport = "in_inservice_report", "Indiana annual in-service training report";
        /// Oregon's F-6 training roster, one per training session.
        OrF6Roster = "or_f6_roster", "Oregon F-6 training roster";
        /// A Minnesota sponsor's Affidavit of Attendance, one per session of the agency's own course.
        MnAffidavitOfAttendance = "mn_affidavit_of_attendance", "Minnesota Affidavit of Attendance";
        /// Minnesota POST's reimbursement application (Rule 6700.1800), one per fiscal year.
        MnReimbursement = "mn_reimbursement", "Minnesota POST reimbursement application";
        /// Ohio's CPT reimbursement (OAC 109:2-18-04), one per calendar year.
        OhReimbursement = "oh_reimbursement", "Ohio CPT reimbursement";
    }
}

impl StateReportKind {
    /// The two-letter code of the state the report is filed with.
    pub fn state_code(self) -> &'static str {
        match self {
            StateReportKind::OhCptRoster | StateReportKind::OhReimbursement => "OH",
            StateReportKind::InInserviceReport => "IN",
            StateReportKind::OrF6Roster => "OR",
            StateReportKind::MnAffidavitOfAttendance | StateReportKind::MnReimbursement => "MN",
        }
    }

    /// What one report covers.
    pub fn period(self) -> StateReportPeriod {
        match self {
            StateReportKind::OhCptRoster
            | StateReportKind::InInserviceReport
            | StateReportKind::OhReimbursement => StateReportPeriod::CalendarYear,
            StateReportKind::MnReimbursement => StateReportPeriod::FiscalYear,
            StateReportKind::OrF6Roster | StateReportKind::MnAffidavitOfAttendance => {
                StateReportPeriod::Session
            }
        }
    }

    /// Whether the report asks for money and so records amounts requested and received
    /// (reimbursement applications). None of the rosters does.
    pub fn carries_amounts(self) -> bool {
        matches!(
            self,
            StateReportKind::MnReimbursement | StateReportKind::OhReimbursement
        )
    }

    /// Whether one report covers a year (calendar or fiscal) rather than a session.
    pub fn is_yearly(self) -> bool {
        self.period() != StateReportPeriod::Session
    }
}

vocabulary! {
    /// What one report covers.
    StateReportPeriod {
        /// A calendar year, January 1 to December 31.
        CalendarYear = "calendar_year", "Calendar year";
        /// A fiscal year, named by the year it ends in (Minnesota: July 1 to June 30).
        FiscalYear = "fiscal_year", "Fiscal year";
        /// One training session (its course, days and attendees).
        Session = "session", "Training session";
    }
}

vocabulary! {
    /// Where a prepared report stands. Prepared → reviewed → transmitted (by a person, outside
    /// ConfiTrek) → received (a report that asks for money, when the money came).
    StateReportStatus {
        Prepared = "prepared", "Prepared";
        Reviewed = "reviewed", "Reviewed";
        Transmitted = "transmitted", "Transmitted";
        Received = "received", "Received";
    }
}

vocabulary! {
    /// How a person sent a report to the state.
    TransmissionMethod {
        Portal = "portal", "The state's portal";
        Email = "email", "E-mail";
        Mail = "mail", "Mail";
        Hand = "hand", "By hand";
        Other = "other", "Other";
    }
}

/// The longest review note.
pub const REVIEW_NOTE_MAX: usize = 2000;

/// The longest transmission reference (a portal confirmation number, a tracking number).
pub const TRANSMISSION_REFERENCE_MAX: usize = 200;

/// The years a calendar-year report may be prepared for.
pub const FIRST_REPORT_YEAR: i32 = 2000;

/// The most a report may record as requested or received: one hundred million dollars.
pub const AMOUNT_MAX_CENTS: i64 = 10_000_000_000;
