//! Courses, sessions and training records: delivery, enrolment, verification, source.

vocabulary! {
    /// How a course is given.
    Delivery {
        InPerson = "in_person", "In person";
        Online = "online", "Online";
        Hybrid = "hybrid", "Hybrid";
    }
}

vocabulary! {
    /// A person's place on a session's roster.
    EnrollmentStatus {
        Enrolled = "enrolled", "Enrolled";
        Attended = "attended", "Attended";
        NoShow = "no_show", "No-show";
    }
}

vocabulary! {
    /// Whether a coordinator has checked a training record against its evidence.
    Verification {
        /// Reported by the person (or imported) and not yet checked: its hours count only
        /// where the agency counts unverified hours.
        Pending = "pending", "Pending";
        /// Checked, or entered by a coordinator: its hours count.
        Verified = "verified", "Verified";
        /// Refused with a reason: its hours never count.
        Rejected = "rejected", "Rejected";
    }
}

vocabulary! {
    /// Who entered a training record.
    RecordSource {
        /// A coordinator or admin entered it, one by one or as a session's attendance.
        Coordinator = "coordinator", "Coordinator";
        /// The person reported his or her own training.
        SelfReported = "self_reported", "Self-reported";
        /// Loaded from another system.
        Import = "import", "Import";
    }
}
