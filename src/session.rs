//! The signed-in session: the bearer token lives in memory and in
//! sessionStorage (never localStorage), so it survives a reload of the tab but
//! not the tab itself.

use leptos::prelude::*;

use crate::storage::{self, keys};

pub use beian_flow::session::SessionData;

/// Reactive handle to the session, provided as context by [`provide_session`].
#[derive(Clone, Copy)]
pub struct Session(RwSignal<Option<SessionData>>);

impl Session {
    /// The current session, tracked.
    pub fn get(&self) -> Option<SessionData> {
        self.0.get()
    }

    /// Whether someone is signed in, tracked.
    pub fn is_signed_in(&self) -> bool {
        self.0.with(Option::is_some)
    }

    /// The bearer token without tracking (for requests).
    pub fn token_untracked(&self) -> Option<String> {
        self.0.with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// Stores a new session in memory and sessionStorage.
    pub fn set(&self, data: SessionData) {
        storage::session_set(keys::SESSION, &data);
        self.0.set(Some(data));
    }

    /// Forgets the session everywhere, with every other per-tab state (a pending sign-in, the
    /// filing wizard, the payment flow).
    pub fn clear(&self) {
        storage::session_remove(keys::SESSION);
        storage::session_remove(keys::SIGN_IN);
        storage::session_remove(keys::FILING);
        storage::session_remove(keys::PAYMENT);
        self.0.set(None);
    }
}

/// Restores the session from sessionStorage and provides it as context.
pub fn provide_session() -> Session {
    let restored = storage::session_get::<SessionData>(keys::SESSION);
    let session = Session(RwSignal::new(restored));
    provide_context(session);
    session
}

/// The session from context. Panics only if called outside the App tree.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
