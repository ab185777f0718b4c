//! Beside the import's upload: the template of the kind of file chosen, to fill in, and the
//! agency's own roster or training history in the same shape, to correct and import again.

use confitrek_types::{ImportKind, SpreadsheetFormat, has_export};
use leptos::prelude::*;

use crate::api::spreadsheets::{export_url, template_url};

/// The downloads for the kind chosen in `kind`.
pub fn downloads(kind: RwSignal<ImportKind>) -> impl IntoView {
    view! { <ImportDownloads kind /> }
}

#[component]
pub fn ImportDownloads(#[prop(into)] kind: Signal<ImportKind>) -> impl IntoView {
    let template = move |format| template_url(kind.get(), format);
    let export = move |format| export_url(kind.get(), format);
    let what = move || kind.get().label().to_lowercase();
    view! {
        <div class="import-downloads">
            <p>
                "Template of a " {what} " file, with one example row: "
                <a href=move || template(SpreadsheetFormat::Csv) download="">"CSV"</a>
                " · "
                <a href=move || template(SpreadsheetFormat::Xlsx) download="">"Excel"</a>
            </p>
            <Show when=move || has_export(kind.get())>
                <p>
                    "The agency's " {what} " as it stands, in the same shape: "
                    <a href=move || export(SpreadsheetFormat::Csv) download="">"CSV"</a>
                    " · "
                    <a href=move || export(SpreadsheetFormat::Xlsx) download="">"Excel"</a>
                </p>
                <p class="hint">
                    "Imported again unchanged, it changes nothing. Each download is recorded in the audit log."
                </p>
            </Show>
        </div>
    }
}
