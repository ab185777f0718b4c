//! Where a credential stands.

vocabulary! {
    /// Where a credential stands on a day (the agency's today in lists).
    CredentialStanding {
        /// Issued after the day.
        NotYetValid = "not_yet_valid", "Not yet valid";
        Current = "current", "Current";
        /// Current, expiring within the agency's at-risk window.
        ExpiringSoon = "expiring_soon", "Expiring soon";
        Expired = "expired", "Expired";
    }
}
