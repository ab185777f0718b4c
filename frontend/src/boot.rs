//! The page the server sends holds a plain sign-in form (and a "Loading…" line elsewhere)
//! that works before the app has loaded. The app takes their place as it starts, keeping
//! what was already typed into the form.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

thread_local! {
    static TYPED: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Removes the page's own sign-in form and loading line, keeping the email and password
/// typed into the form for the app's sign-in page.
pub fn take_over() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let value = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let typed = (value("boot-email"), value("boot-password"));
    if !typed.0.is_empty() || !typed.1.is_empty() {
        TYPED.with(|t| *t.borrow_mut() = Some(typed));
    }
    for id in ["boot-login", "boot-loading"] {
        if let Some(element) = document.get_element_by_id(id) {
            element.remove();
        }
    }
}

/// What was typed into the page's sign-in form before the app loaded (once).
pub fn typed_sign_in() -> Option<(String, String)> {
    TYPED.with(|t| t.borrow_mut().take())
}
