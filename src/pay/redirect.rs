//! A plain mobile browser: the provider's web pay page (WeChat H5 `mweb_url`, the Alipay wap
//! page; the stub's sandbox page here), which sends the user back to the result page.
//!
//! The URL comes from the server, and the browser is sent there only if it is safe to follow:
//! it is parsed by the browser's own URL parser (relative to the API base, or to the page when
//! the API is on the same origin) and must be `https:`; a build without an API base (the stub on
//! loopback) may also follow plain `http:` on its own origin
//! ([`beian_flow::payment::provider_page_allowed`]). Anything else is refused, with no
//! navigation.
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
    /// The provider's page was left by its "quit" (Alipay's wap `quit_url`): the result page
    /// must still say so once the check page's entry shows it.
    #[serde(default)]
    quit: bool,
}

fn history_length() -> Option<u32> {
    web_sys::window()?.history().ok()?.length().ok()
}

/// Notes where the history stands, and makes sure that this page, if the browser keeps it in
/// its back-forward cache and the result page went back to it ([`returned`]), is built afresh
/// when shown again, so that it shows the result. (Shown again by the user's own Back, the page
/// stays as it was and asks the server itself.)
fn note_leaving() {
    if let Some(length) = history_length() {
        storage::session_set(
            keys::PAY_RETURN,
            &Left {
                length,
                returned: false,
                quit: false,
            },
        );
    }
    if let Some(w) = web_sys::window() {
        let on_show = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let persisted = js_sys::Reflect::get(&ev, &"persisted".into())
                .ok()
                .and_then(|v| v.as_bool());
            let sent_back =
                storage::session_get::<Left>(keys::PAY_RETURN).is_some_and(|l| l.returned);
            if persisted == Some(true) && sent_back {
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
    let Some(left) = storage::session_get::<Left>(keys::PAY_RETURN) else {
        return false;
    };
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let from_provider = search.starts_with("?order=") || search.contains("&order=");
    if !from_provider {
        return false;
    }
    let now = history_length().unwrap_or(0);
    if left.returned || now <= left.length {
        storage::session_remove(keys::PAY_RETURN);
        return false;
    }
    let quit = search.starts_with("?quit=1") || search.contains("&quit=1");
    storage::session_set(
        keys::PAY_RETURN,
        &Left {
            returned: true,
            quit,
            ..left
        },
    );
    let delta = i64::from(left.length) - i64::from(now);
    match web_sys::window().and_then(|w| w.history().ok()) {
        Some(h) if h.go_with_delta(delta as i32).is_ok() => true,
        _ => {
            storage::session_remove(keys::PAY_RETURN);
            false
        }
    }
}

/// On the check page: when it is the entry [`returned`] went back to, the result page to show
/// instead (with `?quit=1` when the provider's page was left by its "quit"). Either way the note
/// is done with.
pub fn show_result_instead(result_path: &str) -> Option<String> {
    let left = storage::session_get::<Left>(keys::PAY_RETURN)?;
    storage::session_remove(keys::PAY_RETURN);
    left.returned.then(|| {
        if left.quit {
            format!("{result_path}?quit=1")
        } else {
            result_path.to_owned()
        }
    })
}

/// Leaves for the provider's page.
pub struct Redirect {
    url: String,
}

impl Redirect {
    /// Goes to `url`; a relative one is taken relative to the API base.
    pub fn new(url: String) -> Self {
        Self { url }
    }
}

/// The address to send the browser to for the provider's page `url`, or `None` when it must not
/// be followed.
pub fn provider_page(url: &str) -> Option<String> {
    let page_origin = web_sys::window()?.location().origin().ok()?;
    let base = if API_BASE.is_empty() {
        page_origin.as_str()
    } else {
        API_BASE
    };
    let parsed = web_sys::Url::new_with_base(url, base).ok()?;
    beian_flow::payment::provider_page_allowed(
        &parsed.protocol(),
        &parsed.origin(),
        &page_origin,
        !API_BASE.is_empty(),
    )
    .then(|| parsed.href())
}

impl PayBridge for Redirect {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let target = provider_page(&self.url);
        async move {
            let Some(url) = target else {
                return BridgeOutcome::Refused;
            };
            note_leaving();
            match web_sys::window() {
                Some(w) if w.location().assign(&url).is_ok() => BridgeOutcome::HandedOver,
                _ => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn only_safe_provider_pages_are_followed() {
        let origin = web_sys::window().unwrap().location().origin().unwrap();
        // The tests are built without an API base: the stub's sandbox page on this origin is
        // followed, over the page's own scheme.
        assert_eq!(
            provider_page("/sandbox/pay/o-1?return=x").as_deref(),
            Some(format!("{origin}/sandbox/pay/o-1?return=x").as_str())
        );
        assert_eq!(
            provider_page("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=1")
                .as_deref(),
            Some("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=1")
        );
        for hostile in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            "http://evil.example/pay",
            "//evil.example/pay",
            "/\t/evil.example/pay",
            "/\\evil.example/pay",
            "http://127.0.0.1:1/pay",
            "vbscript:msgbox(1)",
            "blob:https://evil.example/1",
            "file:///etc/passwd",
            "ftp://evil.example/",
        ] {
            // On an https page `//evil.example` would be https, which is allowed; the tests run
            // on http://127.0.0.1, so a scheme-relative URL is plain http to another origin.
            assert_eq!(
                provider_page(hostile),
                None,
                "{hostile:?} must not be followed"
            );
        }
    }
}
