//! `/imports`: moving the agency's spreadsheet in. Upload a roster or training history, check
//! how its columns are read, preview every row error and what would change, import it all
//! at once, and take a batch back. A batch waits on the server, so a coordinator who leaves
//! the page picks it up again from the list.

use confitrek_types::{
    ColumnMapping, ImportBatchDto, ImportField, ImportKind, ImportPreviewDto, ImportProgress,
    ImportStatus, TopicEntryDto, TopicMapping,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError, ApiResult, imports};
use crate::components::problem::ProblemAlert;
use crate::format::timestamp;
use crate::routes::Route;
use crate::upload::chosen;

/// As the server: larger files are refused before anything is sent.
const MAX_BYTES: f64 = 32.0 * 1024.0 * 1024.0;

/// What a column is read as, as a `<select>` value: `field:<code>`, `topic:<code>` or ``.
fn target_of(column: &ColumnMapping) -> String {
    match (&column.field, &column.topic) {
        (Some(f), _) => format!("field:{}", f.as_str()),
        (None, Some(t)) => format!("topic:{t}"),
        (None, None) => String::new(),
    }
}

fn set_target(column: &mut ColumnMapping, value: &str) {
    column.field = value.strip_prefix("field:").and_then(ImportField::parse);
    column.topic = value.strip_prefix("topic:").map(str::to_owned);
}

#[component]
pub fn ImportsPage() -> impl IntoView {
    let batch = RwSignal::new(None::<ImportBatchDto>);
    let preview = RwSignal::new(None::<ImportPreviewDto>);
    let problem = RwSignal::new(None::<confitrek_types::Problem>);
    let done = RwSignal::new(None::<String>);
    let history_version = RwSignal::new(0u32);
    let topics = LocalResource::new(api::topics);

    let look = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            let result = imports::preview(id).await;
            match result {
                Ok(p) => {
                    preview.set(Some(p));
                    problem.set(None);
                }
                Err(e) => problem.set(Some(e.into_problem())),
            }
        }
    });
    let resume = Callback::new(move |b: ImportBatchDto| {
        done.set(None);
        preview.set(None);
        let id = b.id;
        batch.set(Some(b));
        look.dispatch(id);
    });

    view! {
        <h1>"Import from a spreadsheet"</h1>
        <p class="hint">"Bring the roster and years of training history in from the spreadsheet you have: CSV, Excel (XLSX, XLS) or OpenDocument. Nothing is imported until you have seen the preview, and a whole batch can be taken back."</p>
        <ProblemAlert problem=Signal::derive(move || problem.get()) />
        {move || done.get().map(|message| view! {
            <div class="notice" role="status">
                <p>{message}</p>
                <a href=Route::Dashboard.path()>"See the dashboard"</a>
            </div>
        })}
        <UploadStep batch preview problem done resume />
        {move || batch.get().map(|b| view! {
            <MappingStep batch=b topics preview problem look />
        })}
        {move || preview.get().map(|p| view! {
            <PreviewStep preview=p batch problem done history_version />
        })}
        <History version=history_version resume problem />
    }
}

#[component]
fn UploadStep(
    batch: RwSignal<Option<ImportBatchDto>>,
    preview: RwSignal<Option<ImportPreviewDto>>,
    problem: RwSignal<Option<confitrek_types::Problem>>,
    done: RwSignal<Option<String>>,
    resume: Callback<ImportBatchDto>,
) -> impl IntoView {
    let kind = RwSignal::new(ImportKind::People);
    let input = NodeRef::<leptos::html::Input>::new();
    let send = Action::new_local(move |_: &()| {
        let element = input.get_untracked();
        let kind = kind.get_untracked();
        async move {
            let Some(element) = element else { return };
            let sent: ApiResult<Option<ImportBatchDto>> = async {
                let Some((name, bytes)) = chosen(&element, MAX_BYTES).await? else {
                    return Ok(None);
                };
                imports::upload(kind, &name, bytes).await.map(Some)
            }
            .await;
            match sent {
                Ok(Some(b)) => {
                    element.set_value("");
                    resume.run(b);
                }
                Ok(None) => problem.set(Some(
                    ApiError::client_side(
                        0,
                        "Choose a file",
                        "Choose the spreadsheet to import first.".into(),
                    )
                    .into_problem(),
                )),
                Err(e) => problem.set(Some(e.into_problem())),
            }
        }
    });
    let busy = send.pending();
    view! {
        <section class="import-step" aria-labelledby="import-upload">
            <h2 id="import-upload">"1. Upload"</h2>
            <form class="form-row" on:submit=move |ev| {
                ev.prevent_default();
                batch.set(None);
                preview.set(None);
                done.set(None);
                send.dispatch(());
            }>
                <label for="import-kind">"What the file holds"</label>
                <select id="import-kind" on:change=move |ev| {
                    kind.set(ImportKind::parse(&event_target_value(&ev)).unwrap_or(ImportKind::People));
                }>
                    {ImportKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str()>{k.label()}</option>
                    }).collect_view()}
                </select>
                <label for="import-file">"File"</label>
                <input id="import-file" type="file" node_ref=input
                    accept=".csv,.txt,.xlsx,.xls,.ods,text/csv" />
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Reading the file…" } else { "Upload and preview" }}
                </button>
            </form>
            {super::imports_downloads::downloads(kind)}
        </section>
    }
}

#[component]
fn MappingStep(
    batch: ImportBatchDto,
    topics: LocalResource<ApiResult<confitrek_types::TopicsDto>>,
    preview: RwSignal<Option<ImportPreviewDto>>,
    problem: RwSignal<Option<confitrek_types::Problem>>,
    look: Action<Uuid, ()>,
) -> impl IntoView {
    let id = batch.id;
    let kind = batch.kind;
    let mapping = RwSignal::new(batch.mapping.clone());
    let topic_list = move || -> Vec<TopicEntryDto> {
        topics
            .get()
            .and_then(Result::ok)
            .map(|t| t.topics)
            .unwrap_or_default()
    };
    let save = Action::new_local(move |_: &()| {
        let current = mapping.get_untracked();
        async move {
            match imports::set_mapping(id, &current).await {
                Ok(_) => {
                    look.dispatch(id);
                }
                Err(e) => problem.set(Some(e.into_problem())),
            }
        }
    });
    // Topic names of the file that stand for no topic yet, to map.
    let unknown = move || preview.get().map(|p| p.unknown_topics).unwrap_or_default();
    let set_topic_name = move |name: String, code: String| {
        mapping.update(|m| {
            m.topics.retain(|t| t.name != name);
            m.topics.push(TopicMapping {
                name,
                topic: Some(code).filter(|c| !c.is_empty()),
            });
        });
    };
    let rows = move || {
        mapping
            .get()
            .columns
            .into_iter()
            .enumerate()
            .map(|(i, column)| {
                let select_id = format!("import-column-{i}");
                let current = target_of(&column);
                let fields = kind
                    .fields()
                    .iter()
                    .map(|f| {
                        let value = format!("field:{}", f.as_str());
                        let selected = value == current;
                        view! { <option value=value selected=selected>{f.label()}</option> }
                    })
                    .collect_view();
                let topic_options = (kind == ImportKind::Training).then(|| {
                    topic_list()
                        .into_iter()
                        .map(|t| {
                            let value = format!("topic:{}", t.code);
                            let selected = value == current;
                            view! { <option value=value selected=selected>{format!("Hours of {}", t.title)}</option> }
                        })
                        .collect_view()
                });
                view! {
                    <tr>
                        <th scope="row"><label for=select_id.clone()>{column.column.clone()}</label></th>
                        <td data-label="Read as">
                            <select id=select_id on:change=move |ev| {
                                let value = event_target_value(&ev);
                                mapping.update(|m| set_target(&mut m.columns[i], &value));
                            }>
                                <option value="" selected=current.is_empty()>"Ignore this column"</option>
                                {fields}
                                {topic_options}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="import-step" aria-labelledby="import-mapping">
            <h2 id="import-mapping">"2. Check how the columns are read"</h2>
            <p class="hint">{format!("{} ({} rows{}). Columns were matched by their headers; change any that is wrong.",
                batch.file_name, batch.rows,
                batch.sheet.as_ref().map(|s| format!(", sheet {s}")).unwrap_or_default())}</p>
            {batch.same_file_as.map(|_| view! {
                <p class="notice">"This file was imported before: rows already in ConfiTrek are counted as unchanged, never added twice."</p>
            })}
            <div class="table-scroll">
                <table class="stacked import-mapping">
                    <thead><tr><th scope="col">"Column in the file"</th><th scope="col">"Read as"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || !unknown().is_empty()>
                <h3>"Topic names in the file"</h3>
                <p class="hint">"Say which topic each name stands for."</p>
                {move || unknown().into_iter().enumerate().map(|(i, name)| {
                    let select_id = format!("import-topic-{i}");
                    let for_name = name.clone();
                    view! {
                        <div class="form-row">
                            <label for=select_id.clone()>{name.clone()}</label>
                            <select id=select_id on:change=move |ev| set_topic_name(for_name.clone(), event_target_value(&ev))>
                                <option value="">"Choose a topic"</option>
                                {topic_list().into_iter().map(|t| view! {
                                    <option value=t.code.clone()>{t.title.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </Show>
            <button type="button" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(()); }>"Apply and preview again"</button>
        </section>
    }
}

#[component]
fn PreviewStep(
    preview: ImportPreviewDto,
    batch: RwSignal<Option<ImportBatchDto>>,
    problem: RwSignal<Option<confitrek_types::Problem>>,
    done: RwSignal<Option<String>>,
    history_version: RwSignal<u32>,
) -> impl IntoView {
    let id = preview.batch_id;
    let errors = preview.counts.errors;
    let progress = RwSignal::new(None::<ImportProgress>);
    let commit = Action::new_local(move |_: &()| async move {
        match follow(imports::commit(id).await, progress).await {
            Ok(b) if b.status != ImportStatus::Committed => {
                problem.try_set(Some(
                    ApiError::client_side(
                        409,
                        "Nothing was imported",
                        b.failure.unwrap_or_default(),
                    )
                    .into_problem(),
                ));
            }
            Ok(b) => {
                let c = b.counts.unwrap_or_default();
                done.set(Some(if c.new + c.updated == 0 {
                    format!(
                        "Nothing changed: all {} rows were already in ConfiTrek.",
                        c.unchanged
                    )
                } else {
                    format!(
                        "Imported: {} new, {} updated, {} unchanged.",
                        c.new, c.updated, c.unchanged
                    )
                }));
                batch.try_set(None);
                problem.try_set(None);
                history_version.try_update(|v| *v += 1);
            }
            Err(e) => {
                problem.try_set(Some(e.into_problem()));
            }
        }
    });
    let c = preview.counts;
    let error_rows = preview
        .errors
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td data-label="Row">{if e.row == 0 { "File".to_owned() } else { e.row.to_string() }}</td>
                    <td data-label="Column">{e.column.clone().unwrap_or_default()}</td>
                    <td data-label="Value">{e.value.clone().unwrap_or_default()}</td>
                    <td data-label="Problem">{e.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="import-step" aria-labelledby="import-preview">
            <h2 id="import-preview">"3. Preview"</h2>
            <p role="status">{preview.summary.clone()}</p>
            <dl class="facts">
                <dt>"New"</dt><dd>{c.new}</dd>
                <dt>"Updated"</dt><dd>{c.updated}</dd>
                <dt>"Unchanged"</dt><dd>{c.unchanged}</dd>
                <dt>"Repeated in the file"</dt><dd>{c.duplicates_in_file}</dd>
                <dt>"Rows with errors"</dt><dd>{c.errors}</dd>
            </dl>
            {preview.matched_by.map(|m| view! {
                <p class="hint">{format!("People are matched by {}.", m.label().to_lowercase())}</p>
            })}
            {(!preview.errors.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="stacked import-errors">
                        <caption>"Rows to fix in the spreadsheet, then upload it again"</caption>
                        <thead><tr>
                            <th scope="col">"Row"</th><th scope="col">"Column"</th>
                            <th scope="col">"Value"</th><th scope="col">"Problem"</th>
                        </tr></thead>
                        <tbody>{error_rows}</tbody>
                    </table>
                </div>
            })}
            <button type="button" class="primary" disabled=move || { errors > 0 || commit.pending().get() }
                on:click=move |_| { commit.dispatch(()); }>
                {move || if commit.pending().get() { "Importing…" } else { "Import" }}
            </button>
            {move || progress.get().map(|p| view! { <ImportMeter progress=p/> })}
            {(errors > 0).then(|| view! { <p class="hint">"Nothing is imported while a row has an error."</p> })}
        </section>
    }
}

/// How long the page follows an import before leaving it to the list: far longer than the
/// largest file takes.
const FOLLOW_POLLS: u32 = 1_800;

/// Follows a started import to its end, a second at a time, showing its progress.
async fn follow(
    started: ApiResult<ImportBatchDto>,
    progress: RwSignal<Option<ImportProgress>>,
) -> ApiResult<ImportBatchDto> {
    let mut batch = started?;
    for _ in 0..FOLLOW_POLLS {
        if batch.status != ImportStatus::Committing {
            break;
        }
        if progress.try_set(batch.progress).is_some() {
            // The page is gone; the import goes on and the list shows it on return.
            break;
        }
        crate::timer::pause(1_000).await;
        batch = imports::batch(batch.id).await?;
    }
    progress.try_set(None);
    Ok(batch)
}

/// "Writing: 40,000 of 100,000", as a bar.
#[component]
fn ImportMeter(progress: ImportProgress) -> impl IntoView {
    let text = if progress.total > 0 {
        format!(
            "{}: {} of {}",
            progress.stage.label(),
            progress.done,
            progress.total
        )
    } else {
        format!("{}…", progress.stage.label())
    };
    view! {
        <p class="import-progress" role="status">
            <progress max=progress.total.max(1) value=progress.done aria-label=text.clone()></progress>
            " " {text}
        </p>
    }
}

#[component]
fn History(
    version: RwSignal<u32>,
    resume: Callback<ImportBatchDto>,
    problem: RwSignal<Option<confitrek_types::Problem>>,
) -> impl IntoView {
    let list = LocalResource::new(move || {
        version.track();
        async move { imports::batches(None).await }
    });
    let undo = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            match imports::undo(id).await {
                Ok(_) => {
                    problem.set(None);
                    version.update(|v| *v += 1);
                }
                Err(e) => problem.set(Some(e.into_problem())),
            }
        }
    });
    // While an import runs (started here or on another visit), the list follows it.
    Effect::new(move |_| {
        let running = list.get().and_then(Result::ok).is_some_and(|page| {
            page.items
                .iter()
                .any(|b| b.status == ImportStatus::Committing)
        });
        if running {
            set_timeout(
                move || {
                    version.try_update(|v| *v += 1);
                },
                std::time::Duration::from_secs(2),
            );
        }
    });
    let rows = move || {
        list.get().and_then(Result::ok).map(|page| {
            page.items
                .into_iter()
                .map(|b| {
                    let counts = b
                        .counts
                        .map(|c| format!("{} new, {} updated, {} unchanged", c.new, c.updated, c.unchanged))
                        .unwrap_or_default();
                    let id = b.id;
                    let action = match b.status {
                        ImportStatus::Uploaded => {
                            let again = b.clone();
                            view! { <button type="button" on:click=move |_| resume.run(again.clone())>"Continue"</button> }.into_any()
                        }
                        ImportStatus::Committed => view! {
                            <button type="button" on:click=move |_| {
                                // Taking a whole batch back is not something to do by a slip.
                                let sure = window()
                                    .confirm_with_message("Undo this import? What it added is deleted and what it changed is put back.")
                                    .unwrap_or(false);
                                if sure {
                                    undo.dispatch(id);
                                }
                            }>"Undo"</button>
                        }
                        .into_any(),
                        ImportStatus::Committing => match b.progress {
                            Some(p) => view! { <ImportMeter progress=p/> }.into_any(),
                            None => ().into_any(),
                        },
                        ImportStatus::Undone => ().into_any(),
                    };
                    let counts = match &b.failure {
                        Some(why) if b.status == ImportStatus::Uploaded => format!("Not imported: {why}"),
                        _ => counts,
                    };
                    view! {
                        <tr>
                            <td data-label="When">{timestamp(b.created_at)}</td>
                            <td data-label="File">{b.file_name.clone()}</td>
                            <td data-label="Kind">{b.kind.label()}</td>
                            <td data-label="Status">{b.status.label()}</td>
                            <td data-label="Result">{counts}</td>
                            <td data-label="">{action}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="import-step" aria-labelledby="import-history">
            <h2 id="import-history">"Imports"</h2>
            <div class="table-scroll">
                <table class="stacked import-history">
                    <thead><tr>
                        <th scope="col">"When"</th><th scope="col">"File"</th><th scope="col">"Kind"</th>
                        <th scope="col">"Status"</th><th scope="col">"Result"</th><th scope="col"><span class="visually-hidden">"Action"</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
