//! `/roi`: what ConfiTrek returned to the agency in a fiscal year.

use confitrek_types::RoiDto;

use super::ApiResult;
use super::transport::get;

/// The agency's figures for `fiscal_year`, or for the current fiscal year.
pub async fn roi(fiscal_year: Option<i32>) -> ApiResult<RoiDto> {
    let query: Vec<(&str, String)> = fiscal_year
        .map(|y| ("fiscal_year", y.to_string()))
        .into_iter()
        .collect();
    get("/roi", &query).await
}
