//! Moving an agency off its spreadsheet: what a file holds, its fields, how its columns
//! map to them, and what an import counted.

use serde::{Deserialize, Serialize};

vocabulary! {
    /// What the rows of an imported file are.
    ImportKind {
        People = "people", "Roster";
        Training = "training", "Training history";
        Credentials = "credentials", "Credentials";
        Acknowledgements = "acknowledgements", "Policy acknowledgements";
        Courses = "courses", "Course catalog";
    }
}

impl ImportKind {
    /// Whether a file of this kind gives hours by topic (a column per topic, or hours with a
    /// topic column).
    pub fn has_topic_columns(self) -> bool {
        matches!(self, ImportKind::Training | ImportKind::Courses)
    }

    /// The fields a file of this kind may hold.
    pub fn fields(self) -> &'static [ImportField] {
        use ImportField as F;
        match self {
            ImportKind::People => &[
                F::LastName,
                F::FirstName,
                F::Badge,
                F::Email,
                F::Unit,
                F::Rank,
                F::Kind,
                F::Status,
                F::RoleFlags,
                F::HireDate,
                F::CertifiedOn,
                F::LicenseNumber,
                F::LicenseCycleStart,
                F::LicenseCycleEnd,
                F::HistoryFrom,
            ],
            ImportKind::Training => &[
                F::Badge,
                F::LicenseNumber,
                F::Email,
                F::LastName,
                F::FirstName,
                F::CompletedOn,
                F::CourseTitle,
                F::CourseNumber,
                F::Topic,
                F::Hours,
                F::Events,
                F::Verification,
            ],
            ImportKind::Credentials => &[
                F::Badge,
                F::LicenseNumber,
                F::Email,
                F::LastName,
                F::FirstName,
                F::CredentialType,
                F::IssuedOn,
                F::ExpiresOn,
                F::Note,
            ],
            ImportKind::Acknowledgements => &[
                F::Badge,
                F::LicenseNumber,
                F::Email,
                F::LastName,
                F::FirstName,
                F::Policy,
                F::PolicyVersion,
                F::AcknowledgedOn,
            ],
            ImportKind::Courses => &[
                F::CourseTitle,
                F::CourseNumber,
                F::Provider,
                F::Delivery,
                F::Cost,
                F::Topic,
                F::Hours,
                F::Events,
            ],
        }
    }
}

vocabulary! {
    /// Where an import batch is.
    ImportStatus {
        Uploaded = "uploaded", "Uploaded";
        Committing = "committing", "Importing";
        Committed = "committed", "Committed";
        Undone = "undone", "Undone";
    }
}

vocabulary! {
    /// What a column of an imported file holds. A column that holds the hours of one topic
    /// is mapped to the topic instead (see [`ColumnMapping`]).
    ImportField {
        LastName = "last_name", "Last name";
        FirstName = "first_name", "First name";
        Badge = "badge", "Badge or employee ID";
        Email = "email", "Email";
        Unit = "unit", "Unit";
        Rank = "rank", "Rank or title";
        Kind = "kind", "Sworn or civilian";
        Status = "status", "Status";
        RoleFlags = "role_flags", "Role flags";
        HireDate = "hire_date", "Hire date";
        CertifiedOn = "certified_on", "Certified on";
        LicenseNumber = "license_number", "Licence number";
        LicenseCycleStart = "license_cycle_start", "Licence cycle start";
        LicenseCycleEnd = "license_cycle_end", "Licence cycle end";
        HistoryFrom = "history_from", "Records complete from";
        CompletedOn = "completed_on", "Date completed";
        CourseTitle = "course_title", "Course title";
        CourseNumber = "course_number", "POST course number";
        Topic = "topic", "Topic";
        Hours = "hours", "Hours";
        Events = "events", "Events";
        Verification = "verification", "Verification";
        CredentialType = "credential_type", "Credential type";
        IssuedOn = "issued_on", "Issued on";
        ExpiresOn = "expires_on", "Expires on";
        Note = "note", "Note";
        Policy = "policy", "Policy";
        PolicyVersion = "policy_version", "Policy version";
        AcknowledgedOn = "acknowledged_on", "Acknowledged on";
        Provider = "provider", "Provider";
        Delivery = "delivery", "Delivery";
        Cost = "cost", "Cost (USD)";
    }
}

vocabulary! {
    /// How the rows of a training file were matched to people: by the first of these the
    /// file has a column for.
    MatchRule {
        Badge = "badge", "Badge";
        LicenseNumber = "license_number", "Licence number";
        Email = "email", "Email";
    }
}

/// What one column of the file holds: a field, the hours of one topic, or nothing (the
/// column is ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// The column's header, as in the file.
    pub column: String,
    pub field: Option<ImportField>,
    /// A topic code: the column holds hours of this topic (one column per topic).
    pub topic: Option<String>,
}

/// A topic name written in the file's `topic` column, and the topic code it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TopicMapping {
    /// The name as written in the file.
    pub name: String,
    /// The topic code; none while it is unknown.
    pub topic: Option<String>,
}

/// How the file is read: one entry per column, in the file's order, and, for a file with a
/// `topic` column, what each topic name stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportMapping {
    pub columns: Vec<ColumnMapping>,
    #[serde(default)]
    pub topics: Vec<TopicMapping>,
    /// The topic that hours with no topic count toward (an `hours` column with no `topic`
    /// column); the state's general topic by default.
    #[serde(default)]
    pub hours_topic: Option<String>,
}

/// Counts of what an import does (or would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportCounts {
    /// Rows read, after the header.
    pub rows: u32,
    pub new: u32,
    pub updated: u32,
    /// Already in ConfiTrek exactly as in the file.
    pub unchanged: u32,
    /// Rows that repeat an earlier row of the same file.
    pub duplicates_in_file: u32,
    /// Rows with an error; while there is one, nothing can be committed.
    pub errors: u32,
}

/// One cell or row the import cannot take, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// The row as the spreadsheet numbers it (the header is row 1); 0 for the whole file.
    pub row: u32,
    /// The column's header, if the error is in one cell.
    pub column: Option<String>,
    /// The cell's value, shortened to 100 characters.
    pub value: Option<String>,
    pub reason: String,
}

/// What the import would do to the verdicts of the people it touches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerdictChanges {
    pub people: u32,
    pub turn_compliant: u32,
    pub turn_at_risk: u32,
    pub turn_non_compliant: u32,
    pub unchanged: u32,
}

vocabulary! {
    /// What a commit under way is doing.
    ImportStage {
        Reading = "reading", "Reading the file";
        Checking = "checking", "Checking every row";
        Writing = "writing", "Writing";
        Judging = "judging", "Judging verdicts again";
    }
}
