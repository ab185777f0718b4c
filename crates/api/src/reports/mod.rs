//! Reports generated on the server, as CSV or PDF downloads: the agency's compliance as of
//! a day, a person's training transcript, hours in a topic, and the audit trail. Each
//! generation is itself an audit event (an export). Page layout lives in `pdf`, CSV writing
//! in `table`; the modules in between decide what a report says.

pub mod audit_trail;
pub mod compliance;
pub mod compliance_pdf;
pub mod handlers;
pub mod pdf;
pub mod pdf_file;
pub mod roster;
pub mod service;
pub mod sign_in_sheet;
pub mod table;
pub mod topics;
pub mod transcript;

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::db::entity::agency;

/// When a report was generated, printed in its header.
pub struct Generated(pub OffsetDateTime);

impl Generated {
    /// Now by `clock`, to the second.
    pub fn now(clock: &crate::clock::Clock) -> Self {
        let now = clock.now();
        Self(now.replace_nanosecond(0).unwrap_or(now))
    }

    pub fn header(&self, agency: &agency::Model, title: &str, period: String) -> pdf::Header {
        pdf::Header {
            agency: agency.name.clone(),
            title: title.to_owned(),
            period,
            generated: self.0.format(&Rfc3339).unwrap_or_default(),
        }
    }
}

/// A status as the API spells it (`at_risk`), for CSV files read by programs.
pub fn code(status: impl Serialize) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A status as a person reads it (`at risk`, `non-compliant`), for PDF documents.
pub fn words(status: impl Serialize) -> String {
    match code(status).as_str() {
        "non_compliant" => "non-compliant".into(),
        other => other.replace('_', " "),
    }
}
