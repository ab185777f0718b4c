//! `/imports`: a spreadsheet uploaded, its mapping confirmed, previewed, committed, undone.

use confitrek_types::{ImportBatchDto, ImportKind, ImportMapping, ImportPreviewDto, Page};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{Call, decoded, empty_object, get, send_json, with_cursor};

pub async fn upload(
    kind: ImportKind,
    file_name: &str,
    bytes: Vec<u8>,
) -> ApiResult<ImportBatchDto> {
    let query = [
        ("kind", kind.as_str().to_owned()),
        ("file_name", file_name.to_owned()),
    ];
    let call =
        Call::new(Method::POST, "/imports", &query)?.with_bytes("application/octet-stream", bytes);
    decoded(call.execute().await?).await
}

pub async fn batches(cursor: Option<&str>) -> ApiResult<Page<ImportBatchDto>> {
    get(
        "/imports",
        &with_cursor(vec![("limit", "20".into())], cursor),
    )
    .await
}

pub async fn set_mapping(id: Uuid, mapping: &ImportMapping) -> ApiResult<ImportBatchDto> {
    send_json(Method::PUT, &format!("/imports/{id}/mapping"), mapping).await
}

pub async fn preview(id: Uuid) -> ApiResult<ImportPreviewDto> {
    get(&format!("/imports/{id}/preview"), &[]).await
}

pub async fn batch(id: Uuid) -> ApiResult<ImportBatchDto> {
    get(&format!("/imports/{id}"), &[]).await
}

/// Starts the import: the batch answered is `committing`; [`batch`] follows it.
pub async fn commit(id: Uuid) -> ApiResult<ImportBatchDto> {
    send_json(
        Method::POST,
        &format!("/imports/{id}/commit"),
        &empty_object(),
    )
    .await
}

pub async fn undo(id: Uuid) -> ApiResult<ImportBatchDto> {
    send_json(
        Method::POST,
        &format!("/imports/{id}/undo"),
        &empty_object(),
    )
    .await
}
