//! Small helpers for calling the hosts' JavaScript bridges, which are plain global objects.

use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// How long to wait for a host bridge to announce itself.
pub const READY_TIMEOUT_MS: u32 = 3_000;
/// How long to wait for a bridge to answer a pay call. The host calls back when its pay sheet
/// closes; a bridge that never calls back (a host that drops the call) must not leave the
/// user on a busy button: after this the result page asks the server instead, and says so. A
/// late answer changes nothing (the server is asked whatever a bridge says).
pub const ANSWER_TIMEOUT_MS: u32 = 30_000;

/// What came of a call into a host bridge.
pub enum Called {
    /// The host called back with this value.
    Answered(JsValue),
    /// The host took the call and did not call back in time.
    NoAnswer,
    /// The method is missing or threw.
    Failed,
}

/// `window[name]` when it is a string.
pub fn global_string(name: &str) -> Option<String> {
    let window = web_sys::window()?;
    Reflect::get(&window, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Reads `object.a.b…` when every step is an object (or function).
pub fn path(root: &JsValue, names: &[&str]) -> Option<JsValue> {
    let mut current = root.clone();
    for name in names {
        if !(current.is_object() || current.is_function()) {
            return None;
        }
        current = Reflect::get(&current, &JsValue::from_str(name)).ok()?;
    }
    (!current.is_undefined() && !current.is_null()).then_some(current)
}

/// `window[name]`, waiting up to [`READY_TIMEOUT_MS`] for the host's `ready_event` on `document`
/// when the bridge is not injected yet (hosts inject it after the page starts).
pub async fn bridge(name: &str, ready_event: &str) -> Option<Object> {
    let window = web_sys::window()?;
    let get = || path(&window.clone().into(), &[name]).and_then(|v| v.dyn_into::<Object>().ok());
    if let Some(found) = get() {
        return Some(found);
    }
    let document = window.document()?;
    let (tx, rx) = oneshot::channel::<()>();
    let mut tx = Some(tx);
    let on_ready = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = tx.take() {
            let _ = tx.send(());
        }
    });
    let _ =
        document.add_event_listener_with_callback(ready_event, on_ready.as_ref().unchecked_ref());
    let _ = select(rx, TimeoutFuture::new(READY_TIMEOUT_MS)).await;
    let _ = document
        .remove_event_listener_with_callback(ready_event, on_ready.as_ref().unchecked_ref());
    get()
}

/// Calls `target[method](args…, callback)` and resolves with the callback's first argument, or
/// [`Called::NoAnswer`] after `timeout_ms`.
pub async fn call_with_callback(
    target: &Object,
    method: &str,
    args: &[JsValue],
    timeout_ms: u32,
) -> Called {
    let Some(function) = Reflect::get(target, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return Called::Failed;
    };
    let (tx, rx) = oneshot::channel::<JsValue>();
    let callback = Closure::once(move |answer: JsValue| {
        let _ = tx.send(answer);
    });
    let all = js_sys::Array::new();
    for a in args {
        all.push(a);
    }
    all.push(callback.as_ref());
    if function.apply(target, &all).is_err() {
        return Called::Failed;
    }
    let answer = match select(rx, TimeoutFuture::new(timeout_ms)).await {
        Either::Left((Ok(answer), _)) => Called::Answered(answer),
        Either::Left((Err(_), _)) => Called::Failed,
        Either::Right(_) => Called::NoAnswer,
    };
    // The host may still call back later (its pay sheet closing): keep the closure alive so that
    // a late call is a no-op rather than a call into a freed function.
    callback.forget();
    answer
}

/// A string property of an answer object (numbers are turned into strings: Alipay sends
/// `resultCode` as either).
pub fn field_string(answer: &JsValue, name: &str) -> String {
    let value = Reflect::get(answer, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    value
        .as_string()
        .or_else(|| value.as_f64().map(|n| format!("{n}")))
        .unwrap_or_default()
}
