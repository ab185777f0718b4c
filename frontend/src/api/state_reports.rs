//! `/state-reports`: the reports the agency files with its state (the training office),
//! prepared, reviewed and marked transmitted; downloads and previews are plain links.

use confitrek_types::{
    PrepareStateReportInput, RecordReceivedInput, ReportFormat, ReviewStateReportInput,
    StateReportDto, StateReportKind, StateReportList, TransmitStateReportInput,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{get, send_json};

/// The kinds with their due dates, and the latest 100 prepared versions.
pub async fn state_reports() -> ApiResult<StateReportList> {
    get("/state-reports", &[("limit", "100".into())]).await
}

pub async fn prepare(input: &PrepareStateReportInput) -> ApiResult<StateReportDto> {
    send_json(Method::POST, "/state-reports", input).await
}

pub async fn review(id: Uuid, input: &ReviewStateReportInput) -> ApiResult<StateReportDto> {
    send_json(Method::POST, &format!("/state-reports/{id}/review"), input).await
}

pub async fn mark_transmitted(
    id: Uuid,
    input: &TransmitStateReportInput,
) -> ApiResult<StateReportDto> {
    send_json(
        Method::POST,
        &format!("/state-reports/{id}/transmitted"),
        input,
    )
    .await
}

/// The money an application asked for came.
pub async fn record_received(id: Uuid, input: &RecordReceivedInput) -> ApiResult<StateReportDto> {
    send_json(
        Method::POST,
        &format!("/state-reports/{id}/received"),
        input,
    )
    .await
}

/// A prepared version as a file (the session cookie goes along).
pub fn download_url(id: Uuid, format: ReportFormat) -> String {
    format!(
        "/api/v1/state-reports/{id}/download?format={}",
        format.as_str()
    )
}

/// What preparing would produce now, as a file.
pub fn preview_url(
    kind: StateReportKind,
    year: Option<i32>,
    session: Option<Uuid>,
    format: ReportFormat,
) -> String {
    let mut url = format!(
        "/api/v1/state-reports/preview?kind={}&format={}",
        kind.as_str(),
        format.as_str()
    );
    if let Some(year) = year {
        url.push_str(&format!("&year={year}"));
    }
    if let Some(session) = session {
        url.push_str(&format!("&session_id={session}"));
    }
    url
}
