//! An agency's subscription.

vocabulary! {
    /// Where an agency's subscription stands.
    SubscriptionStatus {
        Trial = "trial", "Trial";
        Active = "active", "Active";
        PastDue = "past_due", "Past due";
        Cancelled = "cancelled", "Cancelled";
    }
}
