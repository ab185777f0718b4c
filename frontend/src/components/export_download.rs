//! The agency admin's full export: one ZIP of every table (JSON) and every certificate and
//! policy document, for an audit or a move to another instance; encrypted with a passphrase
//! (an age file) when the admin gives one.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::api::{self, ApiError, ApiResult};
use crate::components::fields::TextField;
use crate::components::problem::ProblemAlert;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &web_sys::Blob) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

#[component]
pub fn ExportDownload() -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let link = NodeRef::<html::A>::new();
    let download = Action::new_local(move |passphrase: &String| {
        let passphrase = passphrase.clone();
        async move {
            let (bytes, filename) = api::encrypted_export(passphrase).await?;
            save(link, &bytes, &filename)?;
            ApiResult::Ok(filename)
        }
    });
    let problem = Signal::derive(move || match download.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = passphrase.get_untracked();
        if !given.is_empty() {
            download.dispatch(given);
        }
    };
    let status = move || {
        if download.pending().get() {
            return Some(view! { <p role="status">"Encrypting and downloading…"</p> }.into_any());
        }
        match download.value().get() {
            Some(Ok(filename)) => Some(
                view! {
                    <p class="notice" role="status">
                        "Downloaded " <code>{filename}</code>
                        ". Keep the passphrase apart from the file: it cannot be opened without it."
                    </p>
                }
                .into_any(),
            ),
            _ => None,
        }
    };
    view! {
        <section class="export" aria-labelledby="export-heading">
            <h2 id="export-heading">"Export everything"</h2>
            <p class="hint">
                "One ZIP file with the agency's people, training, credentials, policies, audit log and "
                "files, as JSON and the original documents. Passwords and secret links are left out. "
                "Each download is recorded in the audit log."
            </p>
            <form class="export-form" on:submit=on_submit novalidate>
                <ProblemAlert problem shown_fields=&["passphrase"] />
                <TextField name="passphrase" label="Encrypt with a passphrase (recommended)"
                    value=passphrase problem input_type="password" autocomplete="new-password"
                    hint="12 to 128 characters. The file (.zip.age) opens only with it, in ConfiTrek's restore or any age tool; nobody can recover a lost one. Leave it empty for a plain ZIP." />
                {move || {
                    if passphrase.with(String::is_empty) {
                        view! { <a class="button" href=api::export_url() download="">"Download everything (ZIP)"</a> }.into_any()
                    } else {
                        view! {
                            <button type="submit" class="primary" disabled=move || download.pending().get()>
                                "Download everything, encrypted"
                            </button>
                        }
                        .into_any()
                    }
                }}
                <a node_ref=link hidden=true aria-hidden="true"></a>
            </form>
            {status}
        </section>
    }
}

/// Hands the bytes to the browser as a download named `filename`.
fn save(link: NodeRef<html::A>, bytes: &[u8], filename: &str) -> ApiResult<()> {
    let failed = |_| ApiError::network("the browser could not save the file");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(failed)?;
    let url = create_object_url(&blob).map_err(failed)?;
    let Some(anchor) = link.get_untracked() else {
        revoke_object_url(&url);
        return Err(ApiError::network("the page was left before the download"));
    };
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // The browser reads the object while it saves it; let it go once that has surely begun.
    set_timeout(
        move || revoke_object_url(&url),
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
