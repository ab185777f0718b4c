//! The page the server sends holds a plain sign-in form (shown on `/login` by `boot.js`)
//! that works before the app has loaded, and a "Loading…" line elsewhere. As the app starts
//! it removes the line and, away from the sign-in page, the form; on the sign-in page the
//! form stays (the sign-in page shows it): replacing a form someone may be typing into would
//! lose what is typed.

use wasm_bindgen::JsCast;

const FORM: &str = "boot-login";

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Called once, before the app mounts.
pub fn take_over() {
    let Some(document) = document() else {
        return;
    };
    let on_sign_in = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|p| p == "/login");
    let mut gone = vec!["boot-loading"];
    if !on_sign_in {
        gone.push(FORM);
    }
    for id in gone {
        if let Some(element) = document.get_element_by_id(id) {
            element.remove();
        }
    }
    if let Some(body) = document.body() {
        let _ = body.set_attribute("data-app", "ready");
    }
}

/// The page's own sign-in form, when it is still there.
pub fn sign_in_form() -> Option<web_sys::HtmlElement> {
    document()?
        .get_element_by_id(FORM)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Shows the page's form for `next` (a path of this app), saying whether the last try
/// failed.
pub fn show_sign_in_form(form: &web_sys::HtmlElement, next: Option<&str>, failed: bool) {
    let Some(document) = document() else {
        return;
    };
    if let Some(input) = document
        .get_element_by_id("boot-next")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(next.unwrap_or_default());
    }
    if let Some(alert) = document
        .get_element_by_id("boot-failed")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        alert.set_hidden(!failed);
    }
    form.set_hidden(false);
}
