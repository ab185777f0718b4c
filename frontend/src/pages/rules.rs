//! `/rules`: the training rules people are judged by, in plain English with their sources.
//! It opens on the agency's own state; any other jurisdiction ConfiTrek knows can be chosen.

use confitrek_types::{JurisdictionDetail, RuleSetVersionSummary, TopicDto};
use leptos::prelude::*;

use crate::api;
use crate::components::problem::load_error;
use crate::components::rule::RuleCard;
use crate::components::sources::Source;
use crate::format::date;
use crate::session::Session;

#[component]
pub fn RulesPage() -> impl IntoView {
    let session = Session::get();
    let own_code = session.me().and_then(|me| me.agency.map(|a| a.state_code));
    // None until the user picks one: then the agency's state, as the server has it now.
    let chosen = RwSignal::new(None::<String>);
    let detail = LocalResource::new(move || {
        let chosen = chosen.get();
        async move {
            let code = match chosen {
                Some(code) => code,
                None => api::current_agency().await?.state_code,
            };
            api::jurisdiction(&code).await
        }
    });
    let list = LocalResource::new(api::jurisdictions);
    let shown_code = move || {
        chosen
            .get()
            .or_else(|| {
                detail
                    .map(|d| d.as_ref().ok().map(|d| d.code.clone()))
                    .flatten()
            })
            .or_else(|| own_code.clone())
            .unwrap_or_default()
    };
    let options = {
        let own_code = session.me().and_then(|me| me.agency.map(|a| a.state_code));
        move || {
            let known = list.get().and_then(Result::ok).unwrap_or_default();
            let current = shown_code();
            let mut codes: Vec<(String, String)> = known
                .into_iter()
                .map(|j| {
                    let own = own_code.as_deref() == Some(j.code.as_str());
                    let label = if own {
                        format!("{} ({}, your agency)", j.name, j.code)
                    } else {
                        format!("{} ({})", j.name, j.code)
                    };
                    (j.code, label)
                })
                .collect();
            // Keep the shown code selectable while the list loads (or if it failed).
            if !current.is_empty() && !codes.iter().any(|(c, _)| *c == current) {
                codes.insert(0, (current.clone(), current.clone()));
            }
            codes
                .into_iter()
                .map(|(code, label)| {
                    let selected = code == current;
                    view! { <option value=code selected=selected>{label}</option> }
                })
                .collect_view()
        }
    };
    let body = move || Suspend::new(async move { detail.await.map(|d| view! { <RuleSet d /> }) });
    view! {
        <h1>"Rules"</h1>
        <p class="hint">
            "The training requirements ConfiTrek applies, with the sources they were taken from. "
            "Sources are listed by title and address; ConfiTrek does not open them."
        </p>
        <div class="field jurisdiction-select">
            <label for="jurisdiction">"Jurisdiction"</label>
            <select id="jurisdiction" on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                {options}
            </select>
        </div>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn RuleSet(d: JurisdictionDetail) -> impl IntoView {
    let rule_count = d.rules.len();
    view! {
        <section class="rule-set" aria-labelledby="rule-set-heading">
            <h2 id="rule-set-heading">{d.name.clone()}</h2>
            <p class="rule-set-meta">
                {format!("{} · version {} · in force from {}", d.code, d.version, date(Some(d.effective_from)))}
            </p>
            <h3>{format!("Requirements ({rule_count})")}</h3>
            <ul class="rules">
                {d.rules.into_iter().map(|rule| view! { <li><RuleCard rule /></li> }).collect_view()}
            </ul>
            <h3 id="notes-heading">"Not modelled, and other notes"</h3>
            <ul class="rule-notes" aria-labelledby="notes-heading">
                {d.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
            <Topics heading="Training topics" topics=d.topics />
            <Topics heading="Events" topics=d.events />
            <h3 id="sources-heading">"Sources"</h3>
            <ul class="source-list" aria-labelledby="sources-heading">
                {d.sources.into_iter().map(|source| view! { <li><Source source /></li> }).collect_view()}
            </ul>
            <Versions versions=d.versions />
        </section>
    }
}

#[component]
fn Topics(heading: &'static str, topics: Vec<TopicDto>) -> impl IntoView {
    (!topics.is_empty()).then(|| {
        view! {
            <h3>{heading}</h3>
            <ul class="topics">
                {topics
                    .into_iter()
                    .map(|t| {
                        let note = (!t.creditable).then_some(" (hours do not count toward totals)");
                        view! { <li><code>{t.code.clone()}</code> " " {t.title.clone()} {note}</li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn Versions(versions: Vec<RuleSetVersionSummary>) -> impl IntoView {
    view! {
        <h3>"Version history"</h3>
        <table class="versions">
            <caption class="visually-hidden">"Versions of this rule set"</caption>
            <thead>
                <tr>
                    <th scope="col">"Version"</th>
                    <th scope="col">"In force from"</th>
                    <th scope="col">"Origin"</th>
                </tr>
            </thead>
            <tbody>
                {versions
                    .into_iter()
                    .map(|v| {
                        let origin = if v.published { "Published" } else { "Shipped with ConfiTrek" };
                        view! {
                            <tr>
                                <td>{v.version}</td>
                                <td>{date(Some(v.effective_from))}</td>
                                <td>{origin}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
