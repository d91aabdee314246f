//! Web storage glue. Session data (the token, a wizard's progress) goes to
//! `sessionStorage`, which dies with the tab; only the chosen language goes to
//! `localStorage`. Nothing personal (full phone or ID numbers, photos) is ever
//! written here: callers store masked or opaque values only.
//!
//! Storage can be missing or throw (Safari private mode, some host web-views,
//! iOS clearing storage between visits): every call degrades to "nothing
//! stored" instead of failing.

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};

/// A flow state kept in this tab's sessionStorage under its own key.
pub trait InSession: Serialize + DeserializeOwned + Default {
    /// Its key in sessionStorage.
    const KEY: &'static str;

    /// The state as stored in this tab, or a fresh one (also when what is stored is unreadable).
    fn load() -> Self {
        session_get(Self::KEY).unwrap_or_default()
    }

    /// Stores the state in this tab.
    fn save(&self) {
        session_set(Self::KEY, self);
    }

    /// Forgets the stored state.
    fn clear_stored() {
        session_remove(Self::KEY);
    }
}

/// Keys used in web storage, in one place so a review can see all of them.
pub mod keys {
    /// The signed-in session (token and masked phone), in sessionStorage.
    pub const SESSION: &str = "beian.session";
    /// A pending sign-in code challenge (id, masked phone, times), in sessionStorage.
    pub const SIGN_IN: &str = "beian.sign_in";
    /// The vehicle filing wizard's progress (step data, opaque ids, masked phone), in sessionStorage.
    pub const FILING: &str = "beian.filing";
    /// The payment flow's progress (violation and decision references, amounts, order id), in sessionStorage.
    pub const PAYMENT: &str = "beian.payment";
    /// Whose flows ([`FILING`], [`PAYMENT`]) an expired session left (the masked phone), in
    /// sessionStorage, until someone signs in again.
    pub const FLOWS_OF: &str = "beian.flows_of";
    /// Where the tab's history stood when it left for a payment provider's page (a number, and
    /// whether it came back), in sessionStorage: the way back skips the provider's page.
    pub const PAY_RETURN: &str = "beian.pay_return";
    /// The language the user chose, in localStorage.
    pub const LOCALE: &str = "beian.locale";
}

/// Reads a JSON value from sessionStorage; `None` when absent, unreadable (storage missing or
/// throwing) or malformed (parsed by the natively fuzzed [`beian_flow::parse_stored`]).
pub fn session_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    let raw = web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(key)
        .ok()??;
    beian_flow::parse_stored(&raw).ok()
}

/// Writes a JSON value to sessionStorage; failures (quota, disabled storage) are ignored.
pub fn session_set<T: Serialize>(key: &str, value: &T) {
    let _ = SessionStorage::set(key, value);
}

/// Removes a key from sessionStorage.
pub fn session_remove(key: &str) {
    SessionStorage::delete(key);
}

/// Reads a JSON value from localStorage (non-personal preferences only).
pub fn local_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    LocalStorage::get(key).ok()
}

/// Writes a JSON value to localStorage (non-personal preferences only).
pub fn local_set<T: Serialize>(key: &str, value: &T) {
    let _ = LocalStorage::set(key, value);
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn session_values_round_trip_and_can_be_removed() {
        session_set("beian.test", &vec![1, 2, 3]);
        assert_eq!(session_get::<Vec<i32>>("beian.test"), Some(vec![1, 2, 3]));
        session_remove("beian.test");
        assert_eq!(session_get::<Vec<i32>>("beian.test"), None);
    }

    #[wasm_bindgen_test]
    fn malformed_stored_state_reads_as_nothing_instead_of_failing() {
        let storage = web_sys::window()
            .unwrap()
            .session_storage()
            .unwrap()
            .unwrap();
        storage.set_item("beian.test.bad", "{not json").unwrap();
        assert_eq!(session_get::<Vec<i32>>("beian.test.bad"), None);
        storage
            .set_item("beian.test.bad", "\"a string, not a list\"")
            .unwrap();
        assert_eq!(session_get::<Vec<i32>>("beian.test.bad"), None);
        session_remove("beian.test.bad");
    }

    #[wasm_bindgen_test]
    fn the_locale_preference_goes_to_local_storage() {
        local_set(keys::LOCALE, &"en");
        assert_eq!(local_get::<String>(keys::LOCALE).as_deref(), Some("en"));
        let raw = web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .get_item(keys::LOCALE)
            .unwrap();
        assert_eq!(raw.as_deref(), Some("\"en\""));
        LocalStorage::delete(keys::LOCALE);
    }
}
