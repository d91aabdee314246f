//! The installable shell: registers the service worker (`/sw.js`, written into the build by
//! `cargo xtask sw`; docs/offline-shell.md) so that a repeat visit starts with
//! no network and shows the app's own offline notice.
//!
//! Feature-detected, never required: no secure context, no `navigator.serviceWorker` (some
//! host web-views, private modes), a getter or `register` that throws, or a refused
//! registration (no `sw.js` in a bundle served by something else) all leave the app exactly as
//! it is without a worker. Everything goes through `js_sys::Reflect`, so even a throwing
//! browser API can only give an `Err` here, never a panic (which would show the crash screen).

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The worker's URL: at the root, so that its scope is the whole app.
pub const SERVICE_WORKER_URL: &str = "/sw.js";

/// Asks the browser to install the worker; returns at once, whatever happens.
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !window.is_secure_context() {
        return;
    }
    let navigator = window.navigator();
    let Ok(container) = Reflect::get(&navigator, &JsValue::from_str("serviceWorker")) else {
        return;
    };
    if container.is_undefined() || container.is_null() {
        return;
    }
    let Some(register) = Reflect::get(&container, &JsValue::from_str("register"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    let Ok(promise) = register.call1(&container, &JsValue::from_str(SERVICE_WORKER_URL)) else {
        return;
    };
    let Ok(promise) = promise.dyn_into::<Promise>() else {
        return;
    };
    // Awaiting the promise handles a rejection (no "uncaught in promise" noise); the outcome
    // changes nothing for the user either way.
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
