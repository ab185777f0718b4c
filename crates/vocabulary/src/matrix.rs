//! The compliance matrix's order and formats.

vocabulary! {
    /// The order of the compliance matrix; ties go by name.
    MatrixSort {
        /// Last name, then first name, A to Z.
        Name = "name", "Name";
        /// Worst overall status first (non-compliant, at risk, compliant, not applicable, not
        /// judged yet), then the soonest open due date.
        Worst = "worst", "Worst first";
        /// The soonest due date of an open requirement first; people owing nothing dated last.
        Due = "due", "Due soonest";
    }
}

vocabulary! {
    /// How the compliance matrix is answered.
    MatrixFormat {
        /// A page of rows as JSON.
        Json = "json", "JSON";
        /// Every row matching, not paged, as CSV: one line per person and requirement.
        Csv = "csv", "CSV";
    }
}
