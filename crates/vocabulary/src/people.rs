//! Who a person is to the agency, and how the roster is ordered.

vocabulary! {
    /// Sworn officer or civilian staff.
    PersonKind {
        /// A sworn, licensed peace officer.
        Officer = "officer", "Officer";
        /// Civilian staff: dispatchers, records, analysts.
        Civilian = "civilian", "Civilian";
    }
}

vocabulary! {
    /// Where a person stands with the agency.
    PersonStatus {
        Active = "active", "Active";
        /// On the roster but not working (leave, suspension): no login.
        Inactive = "inactive", "Inactive";
        /// Left the agency; the records stay with the agency.
        Separated = "separated", "Separated";
    }
}

vocabulary! {
    /// The column the roster is ordered by; ties go by name.
    RosterSort {
        /// Last name, then first name.
        Name = "name", "Name";
        Badge = "badge", "Badge";
        /// People without a unit last.
        Unit = "unit", "Unit";
        /// Worst first: non-compliant, at risk, compliant, not applicable, not judged yet.
        Compliance = "compliance", "Compliance";
    }
}

vocabulary! {
    /// Which way a list is ordered.
    SortOrder {
        Asc = "asc", "Ascending";
        Desc = "desc", "Descending";
    }
}
