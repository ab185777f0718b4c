//! The agency admin's full export: one ZIP of every table (JSON) and every certificate and
//! policy document, for an audit or a move to another instance.

use leptos::prelude::*;

use crate::api;

#[component]
pub fn ExportDownload() -> impl IntoView {
    view! {
        <section class="export" aria-labelledby="export-heading">
            <h2 id="export-heading">"Export everything"</h2>
            <p class="hint">
                "One ZIP file with the agency's people, training, credentials, policies, audit log and "
                "files, as JSON and the original documents. Passwords and secret links are left out. "
                "Each download is recorded in the audit log."
            </p>
            <a class="button" href=api::export_url() download="">"Download everything (ZIP)"</a>
        </section>
    }
}
