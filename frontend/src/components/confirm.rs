//! Asking once more, in the page rather than a dialog, before a step that cannot be undone
//! (deleting, taking back, disabling): the first button asks, then a group named after the
//! question offers the step and "Keep".
//!
//! The button and the question are two pieces sharing a [`Confirmation`] because they sit
//! apart: the button among a row of actions, the question under that row.

use leptos::prelude::*;

/// Whether a step is waiting for its second click.
#[derive(Clone, Copy)]
pub struct Confirmation(RwSignal<bool>);

impl Confirmation {
    pub fn new() -> Self {
        Self(RwSignal::new(false))
    }

    /// Whether the question is shown (and the button that asked hidden).
    pub fn asking(self) -> bool {
        self.0.get()
    }

    pub fn ask(self) {
        self.0.set(true);
    }

    /// Back to the button that asks, as after "Keep".
    pub fn keep(self) {
        self.0.set(false);
    }
}

impl Default for Confirmation {
    fn default() -> Self {
        Self::new()
    }
}

/// The first button: asks, and is hidden while the question is shown.
#[component]
pub fn AskButton(
    confirm: Confirmation,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <button type="button" class=class disabled=move || disabled.get()
            hidden=move || confirm.asking() on:click=move |_| confirm.ask()>
            {children()}
        </button>
    }
}

/// The question, while it is asked: a group named `question`, the question again in words
/// (or `message`, when the words say more than the name), the button that goes ahead
/// (`yes`, disabled while `busy`) and the one that keeps things as they are.
#[component]
pub fn ConfirmPrompt(
    confirm: Confirmation,
    #[prop(into)] question: String,
    #[prop(optional, into)] message: Option<String>,
    yes: &'static str,
    #[prop(default = "Keep")] keep: &'static str,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] on_yes: Callback<()>,
    /// Within a line (a table cell of buttons): a `<span>` with the words before the buttons
    /// instead of a paragraph.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let message = message.unwrap_or_else(|| question.clone());
    let buttons = move || {
        view! {
            <button type="button" class="danger" disabled=move || busy.get()
                on:click=move |_| on_yes.run(())>{yes}</button>
            <button type="button" on:click=move |_| confirm.keep()>{keep}</button>
        }
    };
    let prompt = move || {
        if inline {
            view! {
                <span class="confirm" role="group" aria-label=question.clone()>
                    {format!("{message} ")}
                    {buttons()}
                </span>
            }
            .into_any()
        } else {
            view! {
                <div class="confirm" role="group" aria-label=question.clone()>
                    <p>{message.clone()}</p>
                    {buttons()}
                </div>
            }
            .into_any()
        }
    };
    view! { <Show when=move || confirm.asking()>{prompt.clone()}</Show> }
}
