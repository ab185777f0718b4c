use leptos::prelude::*;

#[component]
pub fn WebhooksSection() -> impl IntoView {}
