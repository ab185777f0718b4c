//! Files chosen on the device for upload. The server decides what a file is; here only what
//! cannot be sent at all is caught (too large, unreadable), in the server's problem shape.

use confitrek_types::{FieldProblem, Problem};

use crate::api::{ApiError, ApiResult};

/// As the server: larger files are refused before anything is sent.
const MAX_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

pub fn file_problem(message: &str) -> ApiError {
    ApiError::from(Problem::invalid_input(vec![FieldProblem {
        field: "file".into(),
        message: message.into(),
    }]))
}

/// The bytes of the file chosen in `input`; `None` when none is chosen.
pub async fn chosen_file(input: &web_sys::HtmlInputElement) -> ApiResult<Option<Vec<u8>>> {
    Ok(chosen(input, MAX_BYTES).await?.map(|(_, bytes)| bytes))
}

/// The name and bytes of the file chosen in `input`, refused when larger than `max` bytes.
pub async fn chosen(
    input: &web_sys::HtmlInputElement,
    max: f64,
) -> ApiResult<Option<(String, Vec<u8>)>> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    if file.size() > max {
        return Err(file_problem(&format!(
            "is larger than {} MB",
            max / 1024.0 / 1024.0
        )));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| file_problem("could not be read from this device"))?;
    Ok(Some((
        file.name(),
        web_sys::js_sys::Uint8Array::new(&buffer).to_vec(),
    )))
}
