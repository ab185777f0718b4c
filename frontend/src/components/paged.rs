//! Lists read a page at a time with the server's cursor: each page is appended under the
//! last (a `<tbody>` of a table, or a list), "Load more" reads the next one while there is
//! one, and new filters start over from the first page.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use confitrek_types::{MatrixPageDto, Page};
use leptos::prelude::*;

use crate::api::ApiResult;
use crate::components::problem::load_error;

/// A page of a list as the server sends it: its items and the cursor of the page after it.
pub trait CursorPage: Clone + Send + Sync + 'static {
    type Item;
    fn next_cursor(&self) -> Option<String>;
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T: Clone + Send + Sync + 'static> CursorPage for Page<T> {
    type Item = T;

    fn next_cursor(&self) -> Option<String> {
        self.next_cursor.clone()
    }

    fn into_items(self) -> Vec<T> {
        self.items
    }
}

impl CursorPage for MatrixPageDto {
    type Item = confitrek_types::MatrixRowDto;

    fn next_cursor(&self) -> Option<String> {
        self.next_cursor.clone()
    }

    fn into_items(self) -> Vec<Self::Item> {
        self.items
    }
}

/// The pages of a list shown so far, by their cursors (the first page has none), and the
/// cursor of the next page while there is one.
#[derive(Clone, Copy)]
pub struct Paging {
    cursors: RwSignal<Vec<Option<String>>>,
    next: RwSignal<Option<String>>,
    /// Counts the reloads: a reload shows the pages afresh, where new filters keep the first.
    reloads: RwSignal<u32>,
}

impl Paging {
    pub fn new() -> Self {
        Self {
            cursors: RwSignal::new(vec![None]),
            next: RwSignal::new(None),
            reloads: RwSignal::new(0),
        }
    }

    /// Paging that starts over from the first page each time `filter` changes. The first
    /// page stays in place and reads itself again, so its rows stay until the new ones come.
    pub fn restarting_on<T>(filter: Memo<T>) -> Self
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let paging = Self::new();
        Effect::watch(move || filter.get(), move |_, _, _| paging.restart(), false);
        paging
    }

    fn restart(self) {
        self.cursors.set(vec![None]);
        self.next.set(None);
    }

    /// Reads the list again from its first page, the pages shown made anew.
    pub fn reload(self) {
        self.restart();
        self.reloads.update(|r| *r += 1);
    }

    fn load_more(self) {
        if let Some(cursor) = self.next.get_untracked() {
            self.next.set(None);
            self.cursors.update(|c| c.push(Some(cursor)));
        }
    }

    /// The pages to show, each with the reload it belongs to, its place and its cursor.
    fn shown(self) -> Vec<(u32, usize, Option<String>)> {
        let reload = self.reloads.get();
        self.cursors
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, cursor)| (reload, index, cursor))
            .collect()
    }
}

impl Default for Paging {
    fn default() -> Self {
        Self::new()
    }
}

/// How the pages sit on the screen.
#[derive(Clone, Copy)]
pub enum Layout {
    /// Rows of a table of this many columns, each page a `<tbody>`.
    Table(Signal<String>),
    /// Items of a list with this class, each page a `<ul>`.
    List(&'static str),
}

/// Every page of a list shown so far: "Loading…" while a page is read, the error if it
/// fails, `empty` if the first page has nothing. `fetch` reads the page at a cursor; the
/// signals it reads (the filters) read the pages again when they change. `on_page` is told
/// of each page as it arrives, with its place (0 for the first).
#[component]
pub fn PagedList<P, F, Fut, R, V>(
    paging: Paging,
    fetch: F,
    layout: Layout,
    #[prop(into)] empty: ViewFn,
    row: R,
    #[prop(optional, into)] on_page: Option<Callback<(usize, P)>>,
) -> impl IntoView
where
    P: CursorPage,
    F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ApiResult<P>> + 'static,
    R: Fn(P::Item) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let fetch: Fetch<P> = Arc::new(move |cursor| Box::pin(fetch(cursor)));
    let row: Row<P> = Arc::new(move |item| row(item).into_any());
    view! {
        <For
            each=move || paging.shown()
            key=Clone::clone
            children=move |(_, index, cursor)| {
                let (fetch, row, empty) = (fetch.clone(), row.clone(), empty.clone());
                view! { <OnePage paging index cursor fetch layout empty row on_page /> }
            }
        />
    }
}

/// Reads the page at a cursor.
type Fetch<P> =
    Arc<dyn Fn(Option<String>) -> Pin<Box<dyn Future<Output = ApiResult<P>>>> + Send + Sync>;
/// Draws one item of a page.
type Row<P> = Arc<dyn Fn(<P as CursorPage>::Item) -> AnyView + Send + Sync>;

#[component]
fn OnePage<P: CursorPage>(
    paging: Paging,
    index: usize,
    cursor: Option<String>,
    fetch: Fetch<P>,
    layout: Layout,
    empty: ViewFn,
    row: Row<P>,
    on_page: Option<Callback<(usize, P)>>,
) -> impl IntoView {
    let page = LocalResource::new(move || fetch(cursor.clone()));
    // The newest page to arrive is the last one, so its cursor is the one to follow.
    Effect::new(move || {
        if let Some(Ok(page)) = page.get() {
            paging.next.set(page.next_cursor());
            if let Some(on_page) = on_page {
                on_page.run((index, page));
            }
        }
    });
    let items = move || {
        let (empty, row) = (empty.clone(), row.clone());
        Suspend::new(async move {
            page.await.map(|page| {
                let items = page.into_items();
                match layout {
                    _ if !items.is_empty() || index > 0 => {
                        items.into_iter().map(|i| row(i)).collect_view().into_any()
                    }
                    Layout::Table(columns) => {
                        view! { <tr><td colspan=columns class="empty">{empty.run()}</td></tr> }
                            .into_any()
                    }
                    Layout::List(_) => view! { <p class="empty">{empty.run()}</p> }.into_any(),
                }
            })
        })
    };
    match layout {
        Layout::Table(columns) => view! {
            <tbody>
                <Transition fallback=move || view! { <tr><td colspan=columns role="status">"Loading…"</td></tr> }>
                    <ErrorBoundary fallback=move |errors| view! { <tr><td colspan=columns>{load_error(errors)}</td></tr> }>
                        {items}
                    </ErrorBoundary>
                </Transition>
            </tbody>
        }
        .into_any(),
        Layout::List(class) => view! {
            <ul class=class>
                <Transition fallback=|| view! { <li role="status">"Loading…"</li> }>
                    <ErrorBoundary fallback=|errors| view! { <li>{load_error(errors)}</li> }>
                        {items}
                    </ErrorBoundary>
                </Transition>
            </ul>
        }
        .into_any(),
    }
}

/// "Load more", while there is a page after the last one shown.
#[component]
pub fn LoadMore(paging: Paging) -> impl IntoView {
    view! {
        <Show when=move || paging.next.with(Option::is_some)>
            <button type="button" class="load-more" on:click=move |_| paging.load_more()>"Load more"</button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::*;

    use super::Paging;

    #[test]
    fn load_more_follows_the_next_cursor_once_and_a_reload_starts_afresh() {
        let paging = Paging::new();
        assert_eq!(
            paging.shown(),
            vec![(0, 0, None)],
            "the first page has no cursor"
        );

        paging.load_more();
        assert_eq!(paging.shown().len(), 1, "no next page, nothing to load");

        paging.next.set(Some("b".into()));
        paging.load_more();
        paging.load_more();
        assert_eq!(
            paging.shown(),
            vec![(0, 0, None), (0, 1, Some("b".into()))],
            "a second click before the page arrives loads nothing more"
        );

        paging.restart();
        assert_eq!(
            paging.shown(),
            vec![(0, 0, None)],
            "new filters keep the first page"
        );

        paging.reload();
        assert_eq!(
            paging.shown(),
            vec![(1, 0, None)],
            "a reload draws the first page anew"
        );
    }
}
