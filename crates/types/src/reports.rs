//! The reports the server generates (CSV or PDF downloads) and their query parameters.

use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// Comma-separated values, one row per line, for spreadsheets.
    Csv,
    /// A paginated document to print or file.
    #[default]
    Pdf,
}

impl ReportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Pdf => "pdf",
        }
    }
}

/// `GET /reports/compliance`: every person the caller sees, every requirement, on a day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ComplianceReportQuery {
    /// The day to judge (`YYYY-MM-DD`, from 1900-01-01 to 2199-12-31); the agency's today if
    /// omitted.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub as_of: Option<Date>,
    /// `pdf` (default) or `csv`.
    pub format: Option<ReportFormat>,
    /// Only the people of this unit.
    pub unit: Option<String>,
}

/// `GET /people/{id}/transcript`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TranscriptQuery {
    /// `pdf` (default) or `csv`.
    pub format: Option<ReportFormat>,
}

/// `GET /reports/topics`: hours per person in one topic over a range of days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TopicReportQuery {
    /// The topic's code (a rule set's, e.g. `crisis_intervention`, or the agency's own).
    /// Required.
    #[cfg_attr(feature = "openapi", param(value_type = String))]
    pub topic: Option<String>,
    /// The first day counted (`YYYY-MM-DD`); January 1 of `to`'s year if omitted.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub from: Option<Date>,
    /// The last day counted; the agency's today if omitted.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub to: Option<Date>,
    /// `pdf` (default) or `csv`.
    pub format: Option<ReportFormat>,
    /// Only the people of this unit.
    pub unit: Option<String>,
}

/// `GET /reports/audit`: the agency's audit trail over a range of days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditReportQuery {
    /// The first day (`YYYY-MM-DD`, the agency's calendar); 30 days before `to` if omitted.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub from: Option<Date>,
    /// The last day; the agency's today if omitted.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub to: Option<Date>,
    /// `pdf` (default) or `csv`.
    pub format: Option<ReportFormat>,
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass as they are).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

impl ComplianceReportQuery {
    /// The report's path under `/api/v1`, with its query.
    pub fn path(&self) -> String {
        format!(
            "/reports/compliance{}",
            query(&[
                ("as_of", self.as_of.map(|d| d.to_string())),
                ("format", self.format.map(|f| f.as_str().to_owned())),
                ("unit", self.unit.clone()),
            ])
        )
    }
}

impl TopicReportQuery {
    pub fn path(&self) -> String {
        format!(
            "/reports/topics{}",
            query(&[
                ("topic", self.topic.clone()),
                ("from", self.from.map(|d| d.to_string())),
                ("to", self.to.map(|d| d.to_string())),
                ("format", self.format.map(|f| f.as_str().to_owned())),
                ("unit", self.unit.clone()),
            ])
        )
    }
}

impl AuditReportQuery {
    pub fn path(&self) -> String {
        format!(
            "/reports/audit{}",
            query(&[
                ("from", self.from.map(|d| d.to_string())),
                ("to", self.to.map(|d| d.to_string())),
                ("format", self.format.map(|f| f.as_str().to_owned())),
            ])
        )
    }
}

/// A person's transcript, under `/api/v1`.
pub fn transcript_path(person_id: uuid::Uuid, format: ReportFormat) -> String {
    format!("/people/{person_id}/transcript?format={}", format.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_carry_only_the_given_parameters_encoded() {
        let q = ComplianceReportQuery {
            as_of: Some(time::macros::date!(2026 - 06 - 30)),
            format: Some(ReportFormat::Csv),
            unit: Some("Patrol & K9".into()),
        };
        assert_eq!(
            q.path(),
            "/reports/compliance?as_of=2026-06-30&format=csv&unit=Patrol%20%26%20K9"
        );
        assert_eq!(
            ComplianceReportQuery::default().path(),
            "/reports/compliance"
        );
    }
}
