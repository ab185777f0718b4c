//! A training record's certificate: a download link when there is one, and, for those who
//! may file it, a file picker that uploads at once. The server decides what the file is.

use confitrek_types::CertificateDto;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::upload::chosen_file;

/// "PDF, 118 KB".
pub fn describe(certificate: &CertificateDto) -> String {
    let kind = match certificate.content_type.as_str() {
        "image/png" => "PNG image",
        "image/jpeg" => "JPEG image",
        _ => "PDF",
    };
    let kb = certificate.size_bytes.div_ceil(1024);
    if kb >= 1024 {
        format!("{kind}, {:.1} MB", kb as f64 / 1024.0)
    } else {
        format!("{kind}, {kb} KB")
    }
}

#[component]
pub fn Certificate(
    record_id: Uuid,
    /// The certificate the record came with, if any.
    current: Option<CertificateDto>,
    can_file: bool,
) -> impl IntoView {
    let info = RwSignal::new(current);
    let upload = Action::new_local(move |input: &web_sys::HtmlInputElement| {
        let input = input.clone();
        async move {
            let Some(bytes) = chosen_file(&input).await? else {
                return Ok(None);
            };
            let stored = api::upload_certificate(record_id, bytes).await;
            input.set_value("");
            let stored = stored?;
            info.set(Some(stored.clone()));
            ApiResult::Ok(Some(stored))
        }
    });
    let message = move || match upload.value().get() {
        Some(Err(e)) => {
            let problem = e.into_problem();
            Some(
                problem
                    .field_message("file")
                    .map(|m| format!("The file {m}."))
                    .unwrap_or_else(|| problem.detail.clone().unwrap_or(problem.title.clone())),
            )
        }
        _ => None,
    };
    let input_id = format!("certificate-{record_id}");
    let current = move || match info.get() {
        Some(c) => view! {
            <a href=api::certificate_url(record_id) download>"Certificate"</a>
            " (" {describe(&c)} ")"
        }
        .into_any(),
        None => view! { <span class="hint">"No certificate"</span> }.into_any(),
    };
    view! {
        <div class="certificate" class:invalid=move || message().is_some()>
            {current}
            {can_file.then(|| view! {
                <label for=input_id.clone() class="file-label">"Upload certificate (PDF, PNG or JPEG)"</label>
                <input id=input_id.clone() type="file" accept="application/pdf,image/png,image/jpeg"
                    disabled=move || upload.pending().get()
                    on:change=move |ev| {
                        use leptos::wasm_bindgen::JsCast;
                        if let Some(input) = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            upload.dispatch(input);
                        }
                    } />
                {move || upload.pending().get().then(|| view! { <span role="status">"Uploading…"</span> })}
                {move || matches!(upload.value().get(), Some(Ok(Some(_)))).then(|| view! {
                    <span role="status">"Certificate uploaded."</span>
                })}
                <p class="field-error" role="alert">{message}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(content_type: &str, size_bytes: u64) -> CertificateDto {
        CertificateDto {
            record_id: Uuid::nil(),
            content_type: content_type.into(),
            size_bytes,
            sha256: String::new(),
            uploaded_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_certificate_reads_as_its_kind_and_size() {
        assert_eq!(
            describe(&certificate("application/pdf", 120_000)),
            "PDF, 118 KB"
        );
        assert_eq!(
            describe(&certificate("image/jpeg", 3 * 1024 * 1024)),
            "JPEG image, 3.0 MB"
        );
        assert_eq!(describe(&certificate("image/png", 1)), "PNG image, 1 KB");
    }
}
