//! A plain mobile browser: the provider's web pay page (WeChat H5 `mweb_url`, the Alipay wap
//! page; the stub's sandbox page here), which sends the user back to the result page.
//!
//! The provider's page stays in the tab's history, between the check page and the result page
//! it returned to: Back from the result would show it again, offering to pay a paid order. So
//! the app notes where the history stood when it left ([`keys::PAY_RETURN`]); back on the result
//! page it goes back past the provider's pages to the check page's entry ([`returned`]), which
//! then shows the result in its place ([`show_result_instead`]). Back from there leaves the
//! flow, as after any payment. A user who comes back from the provider's page with Back, without
//! paying, lands on the check page as before.

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{BridgeOutcome, PayBridge};
use crate::api::API_BASE;
use crate::storage::{self, keys};

/// Where the history stood when the tab left for the provider.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct Left {
    /// `history.length` then: the check page was the last entry.
    length: u32,
    /// The result page was reached and went back to the check page's entry.
    returned: bool,
}

fn history_length() -> Option<u32> {
    web_sys::window()?.history().ok()?.length().ok()
}

/// Notes where the history stands, and makes sure that this page, if the browser keeps it in
/// its back-forward cache, is built afresh when shown again (its state is "leaving to pay").
fn note_leaving() {
    if let Some(length) = history_length() {
        storage::session_set(keys::PAY_RETURN, &Left { length, returned: false });
    }
    if let Some(w) = web_sys::window() {
        let on_show = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let persisted = js_sys::Reflect::get(&ev, &"persisted".into()).ok().and_then(|v| v.as_bool());
            if persisted == Some(true) {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        });
        let _ = w.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
        on_show.forget();
    }
}

/// On the result page: when the provider's page sent the tab here (its return carries the order
/// in the address), goes back past it to the check page's entry and returns `true` (the page is
/// about to be left).
pub fn returned() -> bool {
    let Some(left) = storage::session_get::<Left>(keys::PAY_RETURN) else { return false };
    let from_provider = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.starts_with("?order=") || q.contains("&order="));
    if !from_provider {
        return false;
    }
    let now = history_length().unwrap_or(0);
    if left.returned || now <= left.length {
        storage::session_remove(keys::PAY_RETURN);
        return false;
    }
    storage::session_set(keys::PAY_RETURN, &Left { returned: true, ..left });
    let delta = i64::from(left.length) - i64::from(now);
    match web_sys::window().and_then(|w| w.history().ok()) {
        Some(h) if h.go_with_delta(delta as i32).is_ok() => true,
        _ => {
            storage::session_remove(keys::PAY_RETURN);
            false
        }
    }
}

/// On the check page: whether it is the entry [`returned`] went back to, which shows the result
/// instead. Either way the note is done with.
pub fn show_result_instead() -> bool {
    let Some(left) = storage::session_get::<Left>(keys::PAY_RETURN) else { return false };
    storage::session_remove(keys::PAY_RETURN);
    left.returned
}

/// Leaves for the provider's page.
pub struct Redirect {
    url: String,
}

impl Redirect {
    /// Goes to `url`; a path is taken relative to the API base.
    pub fn new(url: String) -> Self {
        Self { url }
    }
}

impl PayBridge for Redirect {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let url = if self.url.starts_with('/') { format!("{API_BASE}{}", self.url) } else { self.url.clone() };
        async move {
            // Only http(s) targets: the URL comes from the server, never run it as script.
            let safe = url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://");
            if safe {
                note_leaving();
            }
            match web_sys::window() {
                Some(w) if safe && w.location().assign(&url).is_ok() => BridgeOutcome::HandedOver,
                _ => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}
