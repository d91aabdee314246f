//! The mini-programs' web-view SDKs, loaded only in their host, and the hand-over to the
//! mini-program's own pay page.
//!
//! A page inside a mini-program's `<web-view>` can only talk to the mini-program through a script
//! the platform publishes, loaded with a `<script>` tag from its documented address:
//!
//! - WeChat: the JS-SDK (1.3.2 or later gives `wx.miniProgram`), [`WECHAT_SDK`]; WeChat documents
//!   `res2.wx.qq.com` as the fallback when `res.wx.qq.com` cannot be reached, so both are tried.
//! - Alipay: [`ALIPAY_WEB_VIEW_SDK`], a special host the Alipay container answers itself (it does
//!   not resolve anywhere else, which is one more reason to load it only in that host); it gives `my`.
//!
//! The scripts are loaded only when the order's action says the page is in that host, never in
//! `index.html`, so no other user downloads them. The Content-Security-Policy names exactly their
//! origins in `script-src` (`tests/stub/src/static_files.rs`).
//!
//! No `integrity` attribute: neither platform publishes a hash, and both serve these files from
//! addresses whose content they update in place (WeChat's `jweixin-1.6.0.js` has been re-issued
//! under the same name; Alipay's is served by the app itself and differs between app versions), so
//! a pinned hash would stop payment the day the platform changes its file. The origins are pinned
//! by the CSP, the files come over HTTPS, and they run only inside the platform's own app, which
//! could in any case run what it likes in its web-view.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{js, BridgeOutcome};

pub use beian_domain::{ALIPAY_WEB_VIEW_SDK, WECHAT_JS_SDK as WECHAT_SDK};
/// How long one script may take to load before the next address is tried (or the load fails).
pub const LOAD_TIMEOUT_MS: u32 = 8_000;
/// How long to wait for `navigateTo`'s `success` or `fail`. Without either by then, the host has
/// taken the call (the web-view may be covered by the pay page and its callbacks late): handed over,
/// and the result page asks the server.
pub const NAVIGATE_TIMEOUT_MS: u32 = 3_000;

/// Makes sure `names` (e.g. `wx.miniProgram`) exists, loading the first script of `urls` that
/// loads. `None` when none loads, or the object is still missing after loading.
pub async fn ensure(names: &[&str], urls: &[&str]) -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    if let Some(found) = js::path(&window, names) {
        return Some(found);
    }
    for url in urls {
        if load_script(url).await {
            if let Some(found) = js::path(&window, names) {
                return Some(found);
            }
        }
    }
    None
}

/// Appends `<script src=url>` to the document and resolves with whether it loaded (`load`) or not
/// (`error`: a network error, a 404, the CSP; or no answer within [`LOAD_TIMEOUT_MS`]). A script
/// that did not load is removed again, so a retry starts afresh.
async fn load_script(url: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(script) = document.create_element("script") else {
        return false;
    };
    if script.set_attribute("src", url).is_err() {
        return false;
    }
    let (tx, rx) = oneshot::channel::<bool>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let answer = |ok: bool| {
        let tx = tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(ok);
            }
        })
    };
    let (on_load, on_error) = (answer(true), answer(false));
    let _ = script.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
    let _ = script.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let parent: Option<web_sys::Element> = document
        .head()
        .map(Into::into)
        .or_else(|| document.body().map(Into::into));
    let Some(parent) = parent else { return false };
    if parent.append_child(&script).is_err() {
        return false;
    }
    let loaded = match select(rx, TimeoutFuture::new(LOAD_TIMEOUT_MS)).await {
        Either::Left((Ok(ok), _)) => ok,
        _ => false,
    };
    let _ = script.remove_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
    let _ = script.remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    if !loaded {
        script.remove();
    }
    loaded
}

pub use beian_domain::is_mini_program_page_path as is_page_path;

/// Calls `target.navigateTo({url: path, success, fail})` (the same call in `wx.miniProgram` and in
/// Alipay's `my`) and says how the hand-over went.
pub async fn navigate_to(target: &JsValue, path: &str) -> BridgeOutcome {
    let Some(navigate) =
        js::path(target, &["navigateTo"]).and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return BridgeOutcome::SdkFailed;
    };
    let (tx, rx) = oneshot::channel::<bool>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let answer = |ok: bool| {
        let tx = tx.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(ok);
            }
        })
    };
    let (success, fail) = (answer(true), answer(false));
    let args = Object::new();
    let _ = Reflect::set(&args, &JsValue::from_str("url"), &JsValue::from_str(path));
    let _ = Reflect::set(&args, &JsValue::from_str("success"), success.as_ref());
    let _ = Reflect::set(&args, &JsValue::from_str("fail"), fail.as_ref());
    if navigate.call1(target, &args).is_err() {
        return BridgeOutcome::HandOffFailed;
    }
    let outcome = match select(rx, TimeoutFuture::new(NAVIGATE_TIMEOUT_MS)).await {
        Either::Left((Ok(false), _)) => BridgeOutcome::HandOffFailed,
        _ => BridgeOutcome::HandedOver,
    };
    // The host may still call back after the timeout: leave the callbacks alive (two small closures).
    success.forget();
    fail.forget();
    outcome
}
