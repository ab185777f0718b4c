//! What a login may do.

vocabulary! {
    /// What a login may do in its agency.
    Role {
        /// Runs the platform: creates agencies and their first admin. Sees no agency data.
        PlatformOperator = "platform_operator", "Platform operator";
        /// Runs an agency's account: users, settings, audit log, and everything a coordinator
        /// does.
        AgencyAdmin = "agency_admin", "Agency admin";
        /// Keeps the agency's training records and roster.
        Coordinator = "coordinator", "Training coordinator";
        /// Sees the people of his or her own unit.
        Supervisor = "supervisor", "Supervisor";
        /// Self-service: his or her own records only.
        Officer = "officer", "Officer";
    }
}
