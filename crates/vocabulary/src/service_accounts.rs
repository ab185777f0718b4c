//! What an API key may do.

vocabulary! {
    /// What a service account's keys may do. Each operation a key may call names the one
    /// scope it needs (the document lists it under the `api_key` security scheme); every other
    /// operation refuses keys.
    ApiScope {
        /// Read the roster and compliance: people, units, verdicts and their history, the
        /// dashboard, credentials, policies and acknowledgements, the training catalog,
        /// sessions and training records.
        RosterRead = "roster_read", "Read roster and compliance";
        /// Write training: training records (create, correct, verify, reject, delete, their
        /// certificates), sessions, enrolments and attendance, and training expenses (enter,
        /// correct, approve, pay, reject, delete, their receipts).
        TrainingWrite = "training_write", "Write training records";
        /// Read and write use-of-force incidents, their counts and exports.
        UseOfForce = "use_of_force", "Use of force";
        /// Generate reports: compliance, topic hours, transcripts, sign-in sheets, and read
        /// training expenses, their summaries, exports and receipts, and budgets.
        Reports = "reports", "Reports";
    }
}
