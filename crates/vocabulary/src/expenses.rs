//! Training expenses: what a line paid for, who paid, where it stands.

vocabulary! {
    /// What an expense line paid for.
    ExpenseCategory {
        /// Registration or tuition.
        Registration = "registration", "Registration / tuition";
        Travel = "travel", "Travel";
        Lodging = "lodging", "Lodging";
        Meals = "meals", "Meals";
        /// Wages and overtime of the officer in training.
        Wages = "wages", "Wages / overtime";
        /// Covering the shifts of the officer in training.
        Backfill = "backfill", "Backfill";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Who paid, or will pay, an expense.
    ExpensePaidBy {
        Agency = "agency", "Agency";
        /// Paid by the officer, who may be owed a reimbursement.
        Officer = "officer", "Officer";
        Grant = "grant", "Grant";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Where an expense line stands: `requested` -> `approved` (committed) -> `paid` (spent),
    /// or `rejected` (with a reason). The training office approves.
    ExpenseStatus {
        /// Entered, waiting for the training office's decision.
        Requested = "requested", "Requested";
        /// Approved: the money is committed.
        Approved = "approved", "Approved";
        /// Paid: the money is spent.
        Paid = "paid", "Paid";
        /// Refused, with a reason.
        Rejected = "rejected", "Rejected";
    }
}
