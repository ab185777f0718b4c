//! `/reimbursement` and `/people/{id}/pay-rates`: the agency's state reimbursement program,
//! Minnesota's application, Ohio's figures, another unit's claim, officers' base rates.

use confitrek_types::{
    ClaimDecisionDto, ClaimDecisionInput, MinnesotaApplication, OhioReimbursement, PayRateDto,
    PayRateInput, ReimbursementProgram,
};
use reqwest::Method;
use time::Date;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{delete, get, send_json};
use crate::routes::url_encoded;

pub async fn program() -> ApiResult<ReimbursementProgram> {
    get("/reimbursement", &[]).await
}

pub async fn minnesota(fiscal_year: i32) -> ApiResult<MinnesotaApplication> {
    get(&format!("/reimbursement/minnesota/{fiscal_year}"), &[]).await
}

pub async fn ohio(year: i32) -> ApiResult<OhioReimbursement> {
    get(&format!("/reimbursement/ohio/{year}"), &[]).await
}

/// A download link: the browser sends the session cookie, the server names the file.
pub fn minnesota_file(fiscal_year: i32, format: &str, cleo_name: &str, cleo_title: &str) -> String {
    let mut url = format!("/api/v1/reimbursement/minnesota/{fiscal_year}?format={format}");
    for (key, value) in [("cleo_name", cleo_name), ("cleo_title", cleo_title)] {
        if !value.trim().is_empty() {
            url.push_str(&format!("&{key}={}", url_encoded(value.trim())));
        }
    }
    url
}

pub fn ohio_file(year: i32, format: &str) -> String {
    format!("/api/v1/reimbursement/ohio/{year}?format={format}")
}

pub async fn decide_claim(
    fiscal_year: i32,
    person: Uuid,
    input: &ClaimDecisionInput,
) -> ApiResult<ClaimDecisionDto> {
    let path = format!("/reimbursement/minnesota/{fiscal_year}/claims/{person}");
    send_json(Method::PUT, &path, input).await
}

pub async fn pay_rates(person: Uuid) -> ApiResult<Vec<PayRateDto>> {
    get(&format!("/people/{person}/pay-rates"), &[]).await
}

pub async fn set_pay_rate(person: Uuid, day: Date, input: &PayRateInput) -> ApiResult<PayRateDto> {
    send_json(
        Method::PUT,
        &format!("/people/{person}/pay-rates/{day}"),
        input,
    )
    .await
}

pub async fn delete_pay_rate(person: Uuid, day: Date) -> ApiResult<()> {
    delete(&format!("/people/{person}/pay-rates/{day}")).await
}
