//! Where a rule comes from: its citations, and the mark on a rule that rests on a fact not
//! yet confirmed with the state. Sources are other sites: their addresses are shown as text,
//! never fetched or linked, so the app loads nothing from the internet.

use confitrek_types::SourceDto;
use leptos::prelude::*;

/// One source as a line: id, title, date, and the address as plain text.
#[component]
pub fn Source(source: SourceDto) -> impl IntoView {
    let tooltip = match (&source.date, &source.url) {
        (Some(date), Some(url)) => format!("{} ({date}) {url}", source.title),
        (None, Some(url)) => format!("{} {url}", source.title),
        (Some(date), None) => format!("{} ({date})", source.title),
        (None, None) => source.title.clone(),
    };
    view! {
        <span class="source" title=tooltip>
            <span class="source-id">{source.id.clone()}</span>
            " "
            <cite>{source.title.clone()}</cite>
            {source.date.clone().map(|d| view! { <span class="source-date">{format!(" ({d})")}</span> })}
            {source.url.clone().map(|u| view! { " " <span class="source-url">{u}</span> })}
        </span>
    }
}

/// A rule's sources, folded to one line unless `open` (the rules page, read for them).
#[component]
pub fn Citations(citations: Vec<SourceDto>, #[prop(optional)] open: bool) -> impl IntoView {
    (!citations.is_empty()).then(|| {
        view! {
            // Folded: one line per rule until the reader asks for the sources.
            <details class="citations" open=open>
                <summary class="citations-label">{format!("Sources ({})", citations.len())}</summary>
                <ul>
                    {citations
                        .into_iter()
                        .map(|source| view! { <li><Source source /></li> })
                        .collect_view()}
                </ul>
            </details>
        }
    })
}

/// "Unconfirmed", with the note as its tooltip and, opened, as text (a tooltip alone cannot
/// be read on a phone or by many screen readers).
#[component]
pub fn Unconfirmed(note: Option<String>) -> impl IntoView {
    note.map(|note| {
        view! {
            <details class="unconfirmed">
                <summary title=note.clone()>"Unconfirmed"</summary>
                <p>{note}</p>
            </details>
        }
    })
}
