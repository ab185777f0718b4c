//! The work ConfiTrek saves.

vocabulary! {
    /// Bulk work ConfiTrek did that a coordinator keeping a spreadsheet does by hand.
    SavedActivity {
        /// A row of a roster, training history, credential or course file imported.
        RowImported = "row_imported", "Rows imported";
        /// A training record written by recording a session's attendance in one step.
        AttendanceRecorded = "attendance_recorded", "Attendance recorded from a session";
        /// A compliance, transcript, topic-hours or audit-trail report generated.
        ReportGenerated = "report_generated", "Reports generated";
        /// A state report prepared for a period (its later versions count once).
        StateReportPrepared = "state_report_prepared", "State reports prepared";
        /// A POST reimbursement application prepared for a year (its later versions count once).
        ReimbursementPrepared = "reimbursement_prepared", "Reimbursement applications prepared";
    }
}
