//! `/compliance/matrix`: people by requirements, from the stored verdicts.

use confitrek_types::{MatrixPageDto, MatrixSort, PersonStatus, RequirementStatus};

use super::ApiResult;
use super::transport::{get, with_cursor};

/// How the matrix page narrows and orders the people; empty strings narrow nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixFilter {
    pub unit: String,
    pub requirement: String,
    pub status: Option<RequirementStatus>,
    pub person_status: Option<PersonStatus>,
    pub sort: MatrixSort,
}

impl Default for MatrixFilter {
    fn default() -> Self {
        Self {
            unit: String::new(),
            requirement: String::new(),
            status: None,
            person_status: None,
            sort: MatrixSort::Name,
        }
    }
}

impl MatrixFilter {
    /// The parameters that differ from the whole matrix by name.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if !self.unit.is_empty() {
            query.push(("unit", self.unit.clone()));
        }
        if !self.requirement.is_empty() {
            query.push(("requirement", self.requirement.clone()));
        }
        if let Some(status) = self.status {
            query.push(("status", status.as_str().to_owned()));
        }
        if let Some(status) = self.person_status {
            query.push(("person_status", status.as_str().to_owned()));
        }
        if self.sort != MatrixSort::Name {
            query.push(("sort", self.sort.as_str().to_owned()));
        }
        query
    }

    /// The filter as the page's query string, so that a reload or a shared link shows the
    /// same matrix.
    pub fn query_string(&self) -> String {
        self.query()
            .into_iter()
            .map(|(name, value)| format!("{name}={}", crate::routes::url_encoded(&value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

pub const MATRIX_PAGE_SIZE: u32 = 50;

/// A page of the matrix, from `cursor` (the first without one).
pub async fn matrix(filter: &MatrixFilter, cursor: Option<&str>) -> ApiResult<MatrixPageDto> {
    let mut query = vec![("limit", MATRIX_PAGE_SIZE.to_string())];
    query.extend(filter.query());
    get("/compliance/matrix", &with_cursor(query, cursor)).await
}

/// Every row matching the filter as CSV, a link the browser downloads with the session's
/// cookie.
pub fn matrix_csv_url(filter: &MatrixFilter) -> String {
    let shown = filter.query_string();
    let and = if shown.is_empty() { "" } else { "&" };
    format!("/api/v1/compliance/matrix?format=csv{and}{shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_differs_from_the_whole_matrix_by_name_is_asked() {
        assert_eq!(MatrixFilter::default().query_string(), "");
        let filter = MatrixFilter {
            unit: "K 9".into(),
            status: Some(RequirementStatus::Overdue),
            sort: MatrixSort::Due,
            ..MatrixFilter::default()
        };
        assert_eq!(filter.query_string(), "unit=K%209&status=overdue&sort=due");
        assert_eq!(
            matrix_csv_url(&filter),
            "/api/v1/compliance/matrix?format=csv&unit=K%209&status=overdue&sort=due"
        );
    }
}
