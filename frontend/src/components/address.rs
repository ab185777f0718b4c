//! Filters kept in the page's address, so that a reload, the back button or a shared link
//! shows the same people in the same order.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::routes::Route;

/// What the address said of each filter when the page opened (empty where it said nothing).
pub fn opened_with() -> impl Fn(&str) -> String + Copy {
    let query = use_query_map();
    move |name: &str| query.with_untracked(|m| m.get(name)).unwrap_or_default()
}

/// Writes the filters' query string into `route`'s address each time it changes, in place
/// of the current entry of the history rather than as a new one.
pub fn keep_in_address(route: Route, search: impl Fn() -> String + 'static) {
    let navigate = use_navigate();
    Effect::watch(
        search,
        move |search, _, _| {
            let path = if search.is_empty() {
                route.path()
            } else {
                format!("{}?{search}", route.path())
            };
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&path, options);
        },
        false,
    );
}
