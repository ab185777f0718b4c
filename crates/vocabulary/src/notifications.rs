//! What a notification is about.

vocabulary! {
    /// What a notification is about.
    NotificationKind {
        /// A requirement's deadline is near.
        DeadlineReminder = "deadline_reminder", "Reminders before a requirement's deadline";
        /// A requirement became overdue: to the person, the supervisor and the training
        /// office.
        NonCompliance = "non_compliance", "A flag when someone falls out of compliance (to the person, the supervisor and the training office)";
        /// A credential expires soon.
        CredentialExpiry = "credential_expiry", "Reminders before a credential expires";
        /// A policy version waits for the person's acknowledgement.
        PolicyAcknowledgement = "policy_acknowledgement", "Reminders to acknowledge a policy";
        /// Once an ISO week, for coordinators and admins.
        WeeklyDigest = "weekly_digest", "The weekly digest for coordinators and admins";
        /// A sign-in from a device or address the login has not used before.
        LoginAlert = "login_alert", "A warning when an account signs in from a new device or address";
        /// A training request was approved or denied, a reported training verified or
        /// rejected: to the person it is about.
        Decision = "decision", "Word to officers when their training requests and reported training are decided";
        /// A state report or reimbursement application is due to the state soon: to
        /// coordinators and admins.
        StateReportDue = "state_report_due", "Reminders before a state report or reimbursement application is due (coordinators and admins)";
    }
}
