//! ConfiTrek's browser app: a Leptos client-side-rendered SPA, built by Trunk and served by
//! the API server from the same origin.
//!
//! It speaks only the public REST API, through `api.rs`, with the request and response types
//! of `confitrek-types`; it must never depend on the server crates. Authorization is the
//! server's: roles here only decide which links and buttons are shown.

mod agency_rules;
mod api;
mod app;
mod boot;
mod components;
mod credentials;
mod format;
mod pages;
mod policies;
mod routes;
mod session;
mod timer;
mod training;
mod upload;

fn main() {
    console_error_panic_hook::set_once();
    boot::take_over();
    leptos::mount::mount_to_body(app::App);
}
