//! Calendar feeds.

vocabulary! {
    /// Whom a calendar feed is about.
    CalendarFeedKind {
        /// One person's deadlines, credential expiries and sessions.
        Person = "person", "Person";
        /// Every session of the agency, and everyone's deadlines of the coming months.
        Agency = "agency", "Agency";
    }
}
