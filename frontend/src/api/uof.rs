//! `/uof`: use-of-force incidents, their workflow, the aggregates and the exports; and the
//! review permission an admin grants on `/users`.

use confitrek_types::{
    AmendIncidentInput, ForceType, IncidentDto, IncidentInput, IncidentStatus, IncidentSummaryDto,
    Page, ReviewIncidentInput, SubmitIncidentInput, UofAccessInput, UofAggregatesDto, UserDto,
};
use reqwest::Method;
use time::Date;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{empty_object, get, send_json, with_cursor};
use crate::format::date_input;

pub const INCIDENTS_PAGE_SIZE: u32 = 50;

/// The list's filters, as the `GET /uof/incidents` query understands them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentFilter {
    pub status: Option<IncidentStatus>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub qualifies: Option<bool>,
    pub person_id: Option<Uuid>,
    pub unit: Option<String>,
    pub force_type: Option<ForceType>,
}

impl IncidentFilter {
    /// Whether it narrows nothing: every incident the caller may see is listed.
    pub fn is_unfiltered(&self) -> bool {
        self.status.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.qualifies.is_none()
            && self.person_id.is_none()
            && self.unit.as_deref().is_none_or(|u| u.trim().is_empty())
            && self.force_type.is_none()
    }

    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = vec![("limit", INCIDENTS_PAGE_SIZE.to_string())];
        if let Some(status) = self.status {
            query.push(("status", status.as_str().to_owned()));
        }
        if let Some(from) = self.from {
            query.push(("from", date_input(Some(from))));
        }
        if let Some(to) = self.to {
            query.push(("to", date_input(Some(to))));
        }
        if let Some(qualifies) = self.qualifies {
            query.push(("qualifies", qualifies.to_string()));
        }
        if let Some(person) = self.person_id {
            query.push(("person_id", person.to_string()));
        }
        if let Some(unit) = self
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            query.push(("unit", unit.to_owned()));
        }
        if let Some(force) = self.force_type {
            query.push(("force_type", force.as_str().to_owned()));
        }
        query
    }
}

pub async fn incidents(
    filter: &IncidentFilter,
    cursor: Option<&str>,
) -> ApiResult<Page<IncidentSummaryDto>> {
    get("/uof/incidents", &with_cursor(filter.query(), cursor)).await
}

pub async fn incident(id: Uuid) -> ApiResult<IncidentDto> {
    get(&format!("/uof/incidents/{id}"), &[]).await
}

/// Starts a draft: anything may be missing, what is given must be valid.
pub async fn create_incident(input: &IncidentInput) -> ApiResult<IncidentDto> {
    send_json(Method::POST, "/uof/incidents", input).await
}

pub async fn update_incident(id: Uuid, input: &IncidentInput) -> ApiResult<IncidentDto> {
    send_json(Method::PUT, &format!("/uof/incidents/{id}"), input).await
}

/// Sends the draft for review; the server names every element still missing.
pub async fn submit_incident(id: Uuid, attest: bool) -> ApiResult<IncidentDto> {
    send_json(
        Method::POST,
        &format!("/uof/incidents/{id}/submit"),
        &SubmitIncidentInput { attest },
    )
    .await
}

pub async fn review_incident(id: Uuid, comment: Option<String>) -> ApiResult<IncidentDto> {
    send_json(
        Method::POST,
        &format!("/uof/incidents/{id}/review"),
        &ReviewIncidentInput { comment },
    )
    .await
}

pub async fn return_incident(id: Uuid, comment: Option<String>) -> ApiResult<IncidentDto> {
    send_json(
        Method::POST,
        &format!("/uof/incidents/{id}/return"),
        &ReviewIncidentInput { comment },
    )
    .await
}

pub async fn close_incident(id: Uuid) -> ApiResult<IncidentDto> {
    send_json(
        Method::POST,
        &format!("/uof/incidents/{id}/close"),
        &empty_object(),
    )
    .await
}

pub async fn amend_incident(id: Uuid, amendment: &AmendIncidentInput) -> ApiResult<IncidentDto> {
    send_json(
        Method::POST,
        &format!("/uof/incidents/{id}/amend"),
        amendment,
    )
    .await
}

pub async fn aggregates(from: Date, to: Date) -> ApiResult<UofAggregatesDto> {
    get(
        "/uof/aggregates",
        &[
            ("from", date_input(Some(from))),
            ("to", date_input(Some(to))),
        ],
    )
    .await
}

fn range_query(from: Date, to: Date) -> String {
    format!(
        "from={}&to={}",
        date_input(Some(from)),
        date_input(Some(to))
    )
}

/// Where the browser downloads the qualifying incidents in the federal structure, `json` or
/// `csv` (the session cookie goes along).
pub fn federal_export_url(from: Date, to: Date, format: &str) -> String {
    format!(
        "/api/v1/uof/exports/federal?{}&format={format}",
        range_query(from, to)
    )
}

/// Where the browser downloads every incident of the range with the agency's own elements.
pub fn agency_export_url(from: Date, to: Date) -> String {
    format!("/api/v1/uof/exports/agency.csv?{}", range_query(from, to))
}

/// Grants or takes back a login's use-of-force review permission.
pub async fn set_uof_access(user: Uuid, reviewer: bool) -> ApiResult<UserDto> {
    send_json(
        Method::PUT,
        &format!("/users/{user}/uof-access"),
        &UofAccessInput { reviewer },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn only_the_filters_set_are_sent() {
        assert_eq!(
            IncidentFilter::default().query(),
            vec![("limit", "50".to_owned())]
        );
        let filter = IncidentFilter {
            status: Some(IncidentStatus::Submitted),
            from: Some(date!(2026 - 01 - 01)),
            qualifies: Some(false),
            unit: Some("  ".into()),
            force_type: Some(ForceType::ElectronicControlDevice),
            ..Default::default()
        };
        assert_eq!(
            filter.query(),
            vec![
                ("limit", "50".to_owned()),
                ("status", "submitted".to_owned()),
                ("from", "2026-01-01".to_owned()),
                ("qualifies", "false".to_owned()),
                ("force_type", "electronic_control_device".to_owned()),
            ]
        );
    }

    #[test]
    fn downloads_name_their_range_and_format() {
        let (from, to) = (date!(2026 - 01 - 01), date!(2026 - 12 - 31));
        assert_eq!(
            federal_export_url(from, to, "csv"),
            "/api/v1/uof/exports/federal?from=2026-01-01&to=2026-12-31&format=csv"
        );
        assert_eq!(
            agency_export_url(from, to),
            "/api/v1/uof/exports/agency.csv?from=2026-01-01&to=2026-12-31"
        );
    }
}
