//! Who is signed in, shared by every page through the reactive context.

use confitrek_types::{Me, Role};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// The app has just started and is asking the server who we are.
    Checking,
    /// Not signed in, or the session expired: the login page should bring the user back.
    SignedOut,
    /// The user chose to sign out: the next sign-in starts afresh.
    LoggedOut,
    SignedIn(Me),
}

#[derive(Debug, Clone, Copy)]
pub struct Session(RwSignal<SessionState>);

impl Session {
    pub fn provide() -> Self {
        let session = Session(RwSignal::new(SessionState::Checking));
        provide_context(session);
        session
    }

    pub fn get() -> Self {
        expect_context::<Session>()
    }

    pub fn state(&self) -> SessionState {
        self.0.get()
    }

    pub fn me(&self) -> Option<Me> {
        self.0.with(|state| match state {
            SessionState::SignedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    pub fn me_untracked(&self) -> Option<Me> {
        self.0.with_untracked(|state| match state {
            SessionState::SignedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    pub fn role(&self) -> Option<Role> {
        self.0.with(|state| match state {
            SessionState::SignedIn(me) => Some(me.role),
            _ => None,
        })
    }

    /// The answer of the start-up check, unless a sign-in or sign-out got there first.
    pub fn settle(&self, me: Option<Me>) {
        self.0.update(|state| {
            if *state == SessionState::Checking {
                *state = me.map_or(SessionState::SignedOut, SessionState::SignedIn);
            }
        });
    }

    /// The role for a decision made once, when a page is drawn.
    pub fn role_untracked(&self) -> Option<Role> {
        self.0.with_untracked(|state| match state {
            SessionState::SignedIn(me) => Some(me.role),
            _ => None,
        })
    }

    pub fn sign_in(&self, me: Me) {
        self.0.set(SessionState::SignedIn(me));
    }

    pub fn expire(&self) {
        self.0.set(SessionState::SignedOut);
    }

    pub fn log_out(&self) {
        self.0.set(SessionState::LoggedOut);
    }
}
