//! The one typed API client. Every request names its endpoint, declared once in
//! [`beian_contract::endpoint`] (method, path, request and answer types), and goes through
//! [`Api::call`] / [`Api::call_with_key`] (`fetch`) or, for images whose upload progress is shown,
//! [`Api::upload`] (`XMLHttpRequest`); each
//! - sends the bearer token only to the API base (same origin by default),
//! - aborts the request when the component that started it is cleaned up
//!   (navigation) and after [`TIMEOUT_MS`], so nothing is left hanging,
//! - turns every failure into an [`ApiFailure`] the UI can explain in words,
//! - on `401` ends the session (keeping the flow in progress for the same user) and hands
//!   control to the sign-in page.
//!
//! Wire types come from `beian-contract`, the single source of truth shared
//! with the stub server.

mod failure;

pub use failure::ApiFailure;

use beian_contract::endpoint::{self, Carried, Endpoint, Image};
use beian_contract::{headers, ApiError};
use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::{de::DeserializeOwned, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::session::Session;

/// Client-side timeout for one request, in milliseconds.
pub const TIMEOUT_MS: u32 = 15_000;

/// Base URL of the API, fixed at build time with `BEIAN_API_BASE`
/// (e.g. `https://api.example.cn`); empty means the app's own origin.
pub const API_BASE: &str = match option_env!("BEIAN_API_BASE") {
    Some(base) => base,
    None => "",
};

/// Handle to the API, provided as context; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Api {
    session: Session,
    on_unauthenticated: Callback<()>,
}

impl Api {
    /// Creates the client. `on_unauthenticated` runs after a `401` cleared the session.
    pub fn new(session: Session, on_unauthenticated: Callback<()>) -> Self {
        Self {
            session,
            on_unauthenticated,
        }
    }

    /// Sends endpoint `E`'s request and decodes its answer. `params` fill the path's `{…}`
    /// parts in order (an empty, `.` or `..` value, or a wrong count, sends nothing and fails with
    /// [`ApiFailure::BadLink`]); `request` travels as `E` declares (nothing, a JSON body or the
    /// query string). An endpoint that creates something goes through [`Api::call_with_key`], an
    /// image through [`Api::upload`].
    pub async fn call<E>(
        &self,
        _: E,
        params: &[&str],
        request: &E::Request,
    ) -> Result<E::Answer, ApiFailure>
    where
        E: Endpoint,
        E::Request: Serialize,
        E::Answer: DeserializeOwned,
    {
        const { assert!(!E::IDEMPOTENT, "this endpoint takes a key: call_with_key") };
        self.exchange::<E>(params, request, None).await
    }

    /// Like [`Api::call`], for an endpoint that creates something: sends `key` as its
    /// `Idempotency-Key`, so that a retry with the same key gets the first answer.
    pub async fn call_with_key<E>(
        &self,
        _: E,
        params: &[&str],
        request: &E::Request,
        key: &str,
    ) -> Result<E::Answer, ApiFailure>
    where
        E: Endpoint,
        E::Request: Serialize,
        E::Answer: DeserializeOwned,
    {
        const { assert!(E::IDEMPOTENT, "this endpoint takes no key: call") };
        self.exchange::<E>(params, request, Some(key)).await
    }

    /// Sends an image (`image/jpeg` or `image/png` bytes) to endpoint `E` and decodes its answer,
    /// telling `on_progress` how much of it has gone (`Some(percent)`, or `None` while the
    /// browser cannot say). `fetch` has no upload progress, so images go through
    /// `XMLHttpRequest`, with the same headers, base URL, timeout, abort on cleanup and error
    /// mapping as every other request. The timeout counts from the last sign of progress: a slow
    /// upload that keeps moving is not cut.
    pub async fn upload<E>(
        &self,
        _: E,
        params: &[&str],
        image: &web_sys::Blob,
        on_progress: impl Fn(Option<u8>) + 'static,
    ) -> Result<E::Answer, ApiFailure>
    where
        E: Endpoint<Request = Image>,
        E::Answer: DeserializeOwned,
    {
        let path = E::path(params)?;
        let content_type = match image.type_().as_str() {
            "image/png" => "image/png",
            _ => "image/jpeg",
        };
        let request = Prepared::new(
            E::METHOD,
            &path,
            self.session.token_untracked(),
            None,
            Some(content_type),
        );
        let outcome = SendWrapper::new(xhr_send(request, image.clone(), on_progress));
        let (status, text) = outcome.await?;
        self.answer(status, text)
    }

    /// Ends the server session for `token` (sign-out). Best effort: the local session is already
    /// gone, so a failure or a `401` here changes nothing on screen.
    pub fn end_session(
        &self,
        token: Option<String>,
    ) -> impl std::future::Future<Output = ()> + 'static {
        async move {
            if token.is_some() {
                let request = Prepared::new(
                    <endpoint::SignOut as Endpoint>::METHOD,
                    <endpoint::SignOut as Endpoint>::PATH,
                    token,
                    None,
                    None,
                );
                let _ = raw_send(request, None).await;
            }
        }
    }

    /// Sends one request of `E` with timeout, abort-on-cleanup and error mapping.
    async fn exchange<E>(
        &self,
        params: &[&str],
        request: &E::Request,
        idempotency_key: Option<&str>,
    ) -> Result<E::Answer, ApiFailure>
    where
        E: Endpoint,
        E::Request: Serialize,
        E::Answer: DeserializeOwned,
    {
        let mut path = E::path(params)?;
        let encoding = |_| ApiFailure::Unexpected { status: 0 };
        let body = match <E::Request as endpoint::Request>::CARRIED {
            Carried::Nothing => None,
            Carried::Json => Some(serde_json::to_string(request).map_err(encoding)?),
            Carried::Query => {
                path.push_str(&query_string(
                    &serde_json::to_value(request).map_err(encoding)?,
                ));
                None
            }
            // `Image` has no `Serialize`: images go through `upload`.
            Carried::Image => return Err(ApiFailure::Unexpected { status: 0 }),
        };
        let content_type = body.is_some().then_some("application/json");
        let request = Prepared::new(
            E::METHOD,
            &path,
            self.session.token_untracked(),
            idempotency_key,
            content_type,
        );
        let outcome = SendWrapper::new(raw_send(request, body));
        let (status, text) = outcome.await?;
        self.answer(status, text)
    }

    /// What an HTTP answer means: a `401` signs out, a 2xx is decoded, anything else becomes
    /// the typed error the API sent, or a server / unexpected failure.
    fn answer<T: DeserializeOwned>(&self, status: u16, text: String) -> Result<T, ApiFailure> {
        if status == 401 {
            self.session.expire();
            self.on_unauthenticated.run(());
            return Err(ApiFailure::Unauthenticated);
        }
        if (200..300).contains(&status) {
            let text = if text.trim().is_empty() {
                "null"
            } else {
                text.as_str()
            };
            return serde_json::from_str(text).map_err(|_| ApiFailure::Decode);
        }
        Err(match serde_json::from_str::<ApiError>(&text) {
            Ok(error) => ApiFailure::Api {
                status,
                error: error.error,
            },
            Err(_) if status >= 500 => ApiFailure::Server { status },
            Err(_) => ApiFailure::Unexpected { status },
        })
    }
}

/// One request as it goes out: the URL under the API base and its headers. Built once, sent by
/// `fetch` ([`raw_send`]) or by `XMLHttpRequest` ([`xhr_send`]).
struct Prepared {
    method: endpoint::Method,
    url: String,
    headers: Vec<(&'static str, String)>,
}

impl Prepared {
    fn new(
        method: endpoint::Method,
        path: &str,
        token: Option<String>,
        idempotency_key: Option<&str>,
        content_type: Option<&'static str>,
    ) -> Self {
        let mut list = vec![("Accept", "application/json".to_string())];
        // The token goes only to the API base: a path, never an absolute URL elsewhere.
        if let Some(token) = token.as_deref() {
            list.push((headers::AUTHORIZATION, headers::bearer(token)));
        }
        if let Some(key) = idempotency_key {
            list.push((headers::IDEMPOTENCY_KEY, key.to_string()));
        }
        if let Some(content_type) = content_type {
            list.push(("Content-Type", content_type.to_string()));
        }
        Self {
            method,
            url: format!("{API_BASE}{path}"),
            headers: list,
        }
    }
}

/// gloo's name for a method.
fn gloo_method(method: endpoint::Method) -> Method {
    match method {
        endpoint::Method::Get => Method::GET,
        endpoint::Method::Post => Method::POST,
        endpoint::Method::Put => Method::PUT,
        endpoint::Method::Delete => Method::DELETE,
    }
}

/// `?name=value&…` from a flat JSON object (absent and `null` values left out), each value
/// percent-encoded; empty when nothing is set.
fn query_string(values: &serde_json::Value) -> String {
    let pairs: Vec<String> = values
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, value)| {
            let value = match value {
                serde_json::Value::Null => return None,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some(format!(
                "{}={}",
                js_sys::encode_uri_component(name),
                js_sys::encode_uri_component(&value)
            ))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Runs `abort` when the current owner is cleaned up (e.g. the user navigated away).
fn abort_on_cleanup(abort: impl FnOnce() + 'static) {
    let abort = SendWrapper::new(Cell::new(Some(Box::new(abort) as Box<dyn FnOnce()>)));
    Owner::on_cleanup(move || {
        if let Some(abort) = Cell::take(&*abort) {
            abort();
        }
    });
}

/// Waits for `exchange` for at most [`TIMEOUT_MS`] since it started, or since the last time
/// `activity` moved (when given: the `Date.now()` of the last progress event); then calls
/// `abort` and fails with [`ApiFailure::Timeout`].
async fn within_timeout(
    exchange: impl std::future::Future<Output = Result<(u16, String), ApiFailure>>,
    activity: Option<Rc<Cell<f64>>>,
    abort: impl FnOnce(),
) -> Result<(u16, String), ApiFailure> {
    let mut exchange = Box::pin(exchange);
    let started = js_sys::Date::now();
    let limit = f64::from(TIMEOUT_MS);
    let mut wait = TIMEOUT_MS;
    loop {
        match select(exchange, TimeoutFuture::new(wait)).await {
            Either::Left((result, _)) => return result,
            Either::Right((_, pending)) => {
                // Idle since the start or the last progress, whichever came later: wait only for
                // what is left of the limit, so the limit holds to the millisecond, not to the
                // next whole period.
                let last = activity.as_ref().map_or(started, |a| a.get().max(started));
                let idle = js_sys::Date::now() - last;
                if idle < limit {
                    wait = ((limit - idle).ceil() as u32).max(1);
                    exchange = pending;
                    continue;
                }
                abort();
                return Err(ApiFailure::Timeout);
            }
        }
    }
}

/// Performs the fetch; returns the status and body text.
async fn raw_send(request: Prepared, body: Option<String>) -> Result<(u16, String), ApiFailure> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    if let Some(c) = controller.clone() {
        abort_on_cleanup(move || c.abort());
    }

    let mut builder = RequestBuilder::new(&request.url)
        .method(gloo_method(request.method))
        .abort_signal(signal.as_ref());
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiFailure::Unexpected { status: 0 })?;

    let exchange = async move {
        let response = request.send().await.map_err(|_| network_failure())?;
        let status = response.status();
        let text = response.text().await.map_err(|_| network_failure())?;
        Ok::<_, ApiFailure>((status, text))
    };
    within_timeout(exchange, None, move || {
        if let Some(c) = controller {
            c.abort();
        }
    })
    .await
}

/// Sends `body` with `XMLHttpRequest`, the one browser API that reports upload progress;
/// returns the status and body text.
async fn xhr_send(
    request: Prepared,
    body: web_sys::Blob,
    on_progress: impl Fn(Option<u8>) + 'static,
) -> Result<(u16, String), ApiFailure> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiFailure::Unexpected { status: 0 })?;
    xhr.open_with_async(request.method.as_str(), &request.url, true)
        .map_err(|_| ApiFailure::Unexpected { status: 0 })?;
    for (name, value) in &request.headers {
        xhr.set_request_header(name, value)
            .map_err(|_| ApiFailure::Unexpected { status: 0 })?;
    }

    let (done_tx, done_rx) =
        futures::channel::oneshot::channel::<Result<(u16, String), ApiFailure>>();
    let done_tx = Rc::new(RefCell::new(Some(done_tx)));
    let finish = {
        let xhr = xhr.clone();
        move |answered: bool| {
            let Some(tx) = done_tx.borrow_mut().take() else {
                return;
            };
            let outcome = if answered {
                Ok((
                    xhr.status().unwrap_or(0),
                    xhr.response_text().ok().flatten().unwrap_or_default(),
                ))
            } else {
                Err(network_failure())
            };
            let _ = tx.send(outcome);
        }
    };
    let activity = Rc::new(Cell::new(0.0f64));
    let on_load = Closure::<dyn FnMut()>::new({
        let finish = finish.clone();
        move || finish(true)
    });
    // An error, or an abort (cleanup or timeout): no answer came.
    let on_fail = Closure::<dyn FnMut()>::new(move || finish(false));
    // Only bytes that moved count as progress: browsers also fire progress events while nothing
    // moves (a server that stalls before reading the body), and those must not hold the timeout off.
    let moved = |seen: &Cell<f64>, loaded: f64| {
        let grew = loaded > seen.get();
        if grew {
            seen.set(loaded);
        }
        grew
    };
    let on_upload = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new({
        let activity = activity.clone();
        let sent = Cell::new(0.0f64);
        move |ev: web_sys::ProgressEvent| {
            if moved(&sent, ev.loaded()) {
                activity.set(js_sys::Date::now());
            }
            on_progress(upload_percent(
                ev.length_computable(),
                ev.loaded(),
                ev.total(),
            ));
        }
    });
    // The answer coming in counts as progress too (for the timeout).
    let on_download = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new({
        let activity = activity.clone();
        let received = Cell::new(0.0f64);
        move |ev: web_sys::ProgressEvent| {
            if moved(&received, ev.loaded()) {
                activity.set(js_sys::Date::now());
            }
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_fail.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_fail.as_ref().unchecked_ref()));
    xhr.set_onprogress(Some(on_download.as_ref().unchecked_ref()));
    // Upload events are reported only when a listener is there before `send`.
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_upload.as_ref().unchecked_ref()));
    }
    // The handlers go before the closures do: nothing can call a dropped closure, whether the
    // request ended, timed out or this future was dropped.
    let _handlers = Detach {
        xhr: xhr.clone(),
        _closures: (on_load, on_fail, on_upload, on_download),
    };

    abort_on_cleanup({
        let xhr = xhr.clone();
        move || {
            let _ = xhr.abort();
        }
    });
    xhr.send_with_opt_blob(Some(&body))
        .map_err(|_| network_failure())?;

    let exchange = async move { done_rx.await.unwrap_or_else(|_| Err(network_failure())) };
    within_timeout(exchange, Some(activity), || {
        let _ = xhr.abort();
    })
    .await
}

/// The share of an upload sent, in whole percent (`None` when the browser cannot say).
fn upload_percent(computable: bool, loaded: f64, total: f64) -> Option<u8> {
    (computable && total > 0.0).then(|| ((loaded / total) * 100.0).floor().clamp(0.0, 100.0) as u8)
}

/// Clears an `XMLHttpRequest`'s handlers, then drops their closures.
struct Detach<C> {
    xhr: web_sys::XmlHttpRequest,
    _closures: C,
}

impl<C> Drop for Detach<C> {
    fn drop(&mut self) {
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        self.xhr.set_onprogress(None);
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
    }
}

/// A fetch that failed without an HTTP answer: offline or a dropped connection.
fn network_failure() -> ApiFailure {
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    if online {
        ApiFailure::Network
    } else {
        ApiFailure::Offline
    }
}

/// Provides the API client as context.
pub fn provide_api(api: Api) {
    provide_context(api);
}

/// The API client from context.
pub fn use_api() -> Api {
    expect_context::<Api>()
}

/// A fresh idempotency key (random, 128 bits, hex) for a creating request, from the browser's
/// `crypto.getRandomValues`. Without it (missing, throwing, or leaving the bytes untouched) there
/// is no key and [`ApiFailure::NoRandomness`]: a fixed key would make two different payments or
/// filings look like one retry to the server, so the request is not sent at all.
pub fn new_idempotency_key() -> Result<String, ApiFailure> {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .filter(|c| !c.is_undefined() && !c.is_null())
        .ok_or(ApiFailure::NoRandomness)?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| ApiFailure::NoRandomness)?;
    // All zeros (2^-128 by chance) is a getRandomValues that filled nothing.
    if bytes.iter().all(|b| *b == 0) {
        return Err(ApiFailure::NoRandomness);
    }
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use beian_contract::violation::ViolationQuery;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn query(q: &ViolationQuery) -> String {
        query_string(&serde_json::to_value(q).unwrap())
    }

    #[wasm_bindgen_test]
    fn a_query_request_travels_as_its_encoded_query_string() {
        let q = ViolationQuery {
            status: Some("processed".into()),
            vehicle_id: Some("v 1/&=2".into()),
        };
        assert_eq!(query(&q), "?status=processed&vehicle_id=v%201%2F%26%3D2");
        let only_status = ViolationQuery {
            status: Some("unprocessed".into()),
            vehicle_id: None,
        };
        assert_eq!(query(&only_status), "?status=unprocessed");
        assert_eq!(query(&ViolationQuery::default()), "");
    }
}
