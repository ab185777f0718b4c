//! Where a training request stands.

vocabulary! {
    /// Where a training request stands.
    TrainingRequestStatus {
        Pending = "pending", "Waiting for a decision";
        Approved = "approved", "Approved";
        Denied = "denied", "Denied";
        /// Taken back by the person before a decision.
        Withdrawn = "withdrawn", "Withdrawn";
    }
}
