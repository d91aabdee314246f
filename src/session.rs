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
        self.0
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// Stores a new session in memory and sessionStorage. Flows left by an expired session
    /// ([`Session::expire`]) are kept when the same user signs in again, and forgotten otherwise.
    pub fn set(&self, data: SessionData) {
        if let Some(who) = storage::session_get::<String>(keys::FLOWS_OF) {
            if who != data.masked_phone {
                forget_flows();
            }
            storage::session_remove(keys::FLOWS_OF);
        }
        storage::session_set(keys::SESSION, &data);
        self.0.set(Some(data));
    }

    /// Forgets the session everywhere, with every other per-tab state (signing out).
    pub fn clear(&self) {
        storage::session_remove(keys::SESSION);
        storage::session_remove(keys::SIGN_IN);
        storage::session_remove(keys::FLOWS_OF);
        forget_flows();
        self.0.set(None);
    }

    /// The server no longer accepts the session (`401`): the token goes, but a filing or payment
    /// in progress stays in this tab, marked with whose it is (the masked phone), so that
    /// signing in again comes back to the same step with what was typed. Someone else signing
    /// in starts afresh.
    pub fn expire(&self) {
        let who = self
            .0
            .with_untracked(|s| s.as_ref().map(|s| s.masked_phone.clone()));
        storage::session_remove(keys::SESSION);
        storage::session_remove(keys::SIGN_IN);
        // Already expired (a second request answered 401 too): the mark is there already.
        if let Some(who) = who {
            storage::session_set(keys::FLOWS_OF, &who);
        }
        self.0.set(None);
    }
}

/// Forgets the flows in progress in this tab.
fn forget_flows() {
    storage::session_remove(keys::FILING);
    storage::session_remove(keys::PAYMENT);
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn data(masked: &str) -> SessionData {
        SessionData {
            token: format!("token-{masked}"),
            masked_phone: masked.to_owned(),
        }
    }

    fn filing_kept() -> bool {
        storage::session_get::<String>(keys::FILING).is_some()
    }

    #[wasm_bindgen_test]
    fn an_expired_session_keeps_the_flow_for_the_same_user_only() {
        let session = Session(RwSignal::new(None));
        session.set(data("138****8000"));
        storage::session_set(keys::FILING, &"step");
        session.expire();
        assert!(!session.is_signed_in());
        assert_eq!(storage::session_get::<SessionData>(keys::SESSION), None);
        session.expire(); // a second 401 changes nothing
        session.set(data("138****8000"));
        assert!(filing_kept(), "the same user comes back to the flow");
        assert_eq!(storage::session_get::<String>(keys::FLOWS_OF), None);

        session.expire();
        session.set(data("139****9000"));
        assert!(!filing_kept(), "someone else starts afresh");

        storage::session_set(keys::FILING, &"step");
        storage::session_set(keys::PAYMENT, &"step");
        session.clear();
        assert!(
            !filing_kept() && storage::session_get::<String>(keys::PAYMENT).is_none(),
            "signing out forgets every flow"
        );
    }
}
