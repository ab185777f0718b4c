//! `/expenses` and `/budgets`: training costs, their receipts, budgets, summaries, exports.

use confitrek_types::{
    BudgetDto, BudgetInput, ExpenseDto, ExpenseInput, ExpenseStatus, ExpenseStatusChange,
    ExpenseSummaryDto, Page, ReceiptDto, SpreadsheetFormat,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{Call, decoded, get, send_json, with_cursor};

/// What the expenses page shows: each filter empty for "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpenseFilter {
    pub fiscal_year: Option<i32>,
    pub status: Option<ExpenseStatus>,
    pub unit: String,
    pub person_id: Option<Uuid>,
    pub course_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
}

impl ExpenseFilter {
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(year) = self.fiscal_year {
            query.push(("fiscal_year", year.to_string()));
        }
        if let Some(status) = self.status {
            query.push(("status", status.as_str().to_owned()));
        }
        if !self.unit.trim().is_empty() {
            query.push(("unit", self.unit.trim().to_owned()));
        }
        for (name, id) in [
            ("person_id", self.person_id),
            ("course_id", self.course_id),
            ("session_id", self.session_id),
        ] {
            if let Some(id) = id {
                query.push((name, id.to_string()));
            }
        }
        query
    }
}

pub async fn expenses(filter: &ExpenseFilter, cursor: Option<&str>) -> ApiResult<Page<ExpenseDto>> {
    let mut query = vec![("limit", "100".to_owned())];
    query.extend(filter.query());
    get("/expenses", &with_cursor(query, cursor)).await
}

pub async fn create_expense(input: &ExpenseInput) -> ApiResult<ExpenseDto> {
    send_json(Method::POST, "/expenses", input).await
}

pub async fn change_status(id: Uuid, change: &ExpenseStatusChange) -> ApiResult<ExpenseDto> {
    send_json(Method::POST, &format!("/expenses/{id}/status"), change).await
}

pub async fn delete_expense(id: Uuid) -> ApiResult<()> {
    super::transport::delete(&format!("/expenses/{id}")).await
}

/// Where the browser downloads a line's receipt (the session cookie goes along).
pub fn receipt_url(id: Uuid) -> String {
    format!("/api/v1/expenses/{id}/receipt")
}

pub async fn upload_receipt(id: Uuid, bytes: Vec<u8>) -> ApiResult<ReceiptDto> {
    let call = Call::new(Method::PUT, &format!("/expenses/{id}/receipt"), &[])?
        .with_bytes("application/octet-stream", bytes);
    decoded(call.execute().await?).await
}

pub async fn summary(filter: &ExpenseFilter) -> ApiResult<ExpenseSummaryDto> {
    get("/expenses/summary", &filter.query()).await
}

/// The lines the filter selects, as a file.
pub fn export_url(filter: &ExpenseFilter, format: SpreadsheetFormat) -> String {
    let mut url = format!("/api/v1/expenses/export?format={}", format.as_str());
    for (name, value) in filter.query() {
        url.push_str(&format!("&{name}={}", crate::routes::url_encoded(&value)));
    }
    url
}

pub async fn budgets(fiscal_year: Option<i32>) -> ApiResult<Vec<BudgetDto>> {
    let query: Vec<(&str, String)> = fiscal_year
        .map(|y| ("fiscal_year", y.to_string()))
        .into_iter()
        .collect();
    get("/budgets", &query).await
}

pub async fn create_budget(input: &BudgetInput) -> ApiResult<BudgetDto> {
    send_json(Method::POST, "/budgets", input).await
}

pub async fn replace_budget(id: Uuid, input: &BudgetInput) -> ApiResult<BudgetDto> {
    send_json(Method::PUT, &format!("/budgets/{id}"), input).await
}
