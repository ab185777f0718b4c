//! The page the server sends holds a plain sign-in form (shown on `/login` by `boot.js`)
//! that works before the app has loaded, and a "Loading…" line elsewhere. As the app starts
//! it removes the line and, away from the sign-in page, the form; on the sign-in page the
//! form stays (the sign-in page shows it): replacing a form someone may be typing into would
//! lose what is typed. The server's form sends a failed try back to `/login` with the reason
//! in the query, which `boot.js` (and the app, once it has started) turns into an alert.

use wasm_bindgen::JsCast;

const FORM: &str = "boot-login";
/// The page's own form for ConfiTrek's code after an identity provider's sign-in.
const SSO_CODE_FORM: &str = "boot-sso-code";

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
        gone.extend([FORM, SSO_CODE_FORM]);
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

/// The page's own code form after an identity provider's sign-in, when it is still there.
pub fn sso_code_form() -> Option<web_sys::HtmlElement> {
    document()?
        .get_element_by_id(SSO_CODE_FORM)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Why the server's own form sent the browser back to the sign-in page: `?failed=1` (wrong
/// email or password), `?code=1` (the authenticator code is needed, or was wrong) or
/// `?locked=1` (too many attempts). Each has its alert on the page's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentBack {
    Failed,
    NeedsCode,
    Locked,
}

impl SentBack {
    const ALL: [SentBack; 3] = [SentBack::Failed, SentBack::NeedsCode, SentBack::Locked];

    /// The one the query names (`value_of` reads a query parameter), if any.
    pub fn from_query(value_of: impl Fn(&str) -> Option<String>) -> Option<SentBack> {
        Self::ALL
            .into_iter()
            .find(|why| value_of(why.parameter()).as_deref() == Some("1"))
    }

    fn parameter(self) -> &'static str {
        match self {
            SentBack::Failed => "failed",
            SentBack::NeedsCode => "code",
            SentBack::Locked => "locked",
        }
    }

    fn alert_id(self) -> &'static str {
        match self {
            SentBack::Failed => "boot-failed",
            SentBack::NeedsCode => "boot-needs-code",
            SentBack::Locked => "boot-locked",
        }
    }
}

/// Shows the page's form for `next` (a path of this app), with the alert saying why the
/// last try was sent back, if it was.
pub fn show_sign_in_form(form: &web_sys::HtmlElement, next: Option<&str>, why: Option<SentBack>) {
    let Some(document) = document() else {
        return;
    };
    if let Some(input) = document
        .get_element_by_id("boot-next")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(next.unwrap_or_default());
    }
    for alert in SentBack::ALL {
        if let Some(element) = document
            .get_element_by_id(alert.alert_id())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            element.set_hidden(why != Some(alert));
        }
    }
    form.set_hidden(false);
}

#[cfg(test)]
mod tests {
    use super::SentBack;

    #[test]
    fn the_query_says_why_the_form_came_back() {
        let query = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(SentBack::from_query(query(&[])), None);
        assert_eq!(
            SentBack::from_query(query(&[("failed", "1")])),
            Some(SentBack::Failed)
        );
        assert_eq!(
            SentBack::from_query(query(&[("code", "1"), ("next", "/people")])),
            Some(SentBack::NeedsCode)
        );
        assert_eq!(
            SentBack::from_query(query(&[("locked", "1")])),
            Some(SentBack::Locked)
        );
        assert_eq!(SentBack::from_query(query(&[("locked", "0")])), None);
    }
}
