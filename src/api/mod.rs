//! The one typed API client. Every request goes through [`Api::send`], which
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

use beian_contract::{headers, ApiError};
use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::{de::DeserializeOwned, Serialize};

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
        Self { session, on_unauthenticated }
    }

    /// `GET path` and decode the JSON answer.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiFailure> {
        self.send(Method::GET, path, None, None).await
    }

    /// `POST path` with a JSON body and decode the JSON answer.
    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiFailure> {
        let body = serde_json::to_string(body).map_err(|_| ApiFailure::Unexpected { status: 0 })?;
        self.send(Method::POST, path, Some(body), None).await
    }

    /// `POST path` with a JSON body and an `Idempotency-Key`, for requests that create something.
    pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: &str,
    ) -> Result<T, ApiFailure> {
        let body = serde_json::to_string(body).map_err(|_| ApiFailure::Unexpected { status: 0 })?;
        self.send(Method::POST, path, Some(body), Some(key)).await
    }

    /// Sends an image (`image/jpeg` or `image/png` bytes) with `method` (`PUT` or `POST`) and
    /// decodes the JSON answer: photo, face-check and document uploads.
    pub async fn send_image<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        image: &web_sys::Blob,
    ) -> Result<T, ApiFailure> {
        let content_type = match image.type_().as_str() {
            "image/png" => "image/png",
            _ => "image/jpeg",
        };
        let body = Body::Binary { data: image.clone(), content_type };
        self.send_body(method, path, Some(body), None).await
    }

    /// `DELETE path`, ignoring any answer body.
    pub async fn delete(&self, path: &str) -> Result<(), ApiFailure> {
        self.send::<serde::de::IgnoredAny>(Method::DELETE, path, None, None).await.map(|_| ())
    }

    /// Ends the server session for `token` (sign-out). Best effort: the local session is already
    /// gone, so a failure or a `401` here changes nothing on screen.
    pub fn end_session(&self, token: Option<String>) -> impl std::future::Future<Output = ()> + 'static {
        async move {
            if token.is_some() {
                let url = format!("{API_BASE}{}", beian_contract::paths::SESSION);
                let _ = raw_send(Method::DELETE, url, None, token, None).await;
            }
        }
    }

    /// Sends one request with timeout, abort-on-cleanup and error mapping.
    pub async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> Result<T, ApiFailure> {
        self.send_body(method, path, body.map(Body::Json), idempotency_key).await
    }

    async fn send_body<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Body>,
        idempotency_key: Option<&str>,
    ) -> Result<T, ApiFailure> {
        let url = format!("{API_BASE}{path}");
        let token = self.session.token_untracked();
        let outcome = SendWrapper::new(raw_send(method, url, body, token, idempotency_key.map(str::to_owned)));
        let (status, text) = outcome.await?;
        if status == 401 {
            self.session.expire();
            self.on_unauthenticated.run(());
            return Err(ApiFailure::Unauthenticated);
        }
        if (200..300).contains(&status) {
            let text = if text.trim().is_empty() { "null" } else { text.as_str() };
            return serde_json::from_str(text).map_err(|_| ApiFailure::Decode);
        }
        Err(match serde_json::from_str::<ApiError>(&text) {
            Ok(error) => ApiFailure::Api { status, error: error.error },
            Err(_) if status >= 500 => ApiFailure::Server { status },
            Err(_) => ApiFailure::Unexpected { status },
        })
    }
}

/// A request body: JSON text, or binary data with its content type.
enum Body {
    Json(String),
    Binary { data: web_sys::Blob, content_type: &'static str },
}

/// Performs the fetch; returns the status and body text.
async fn raw_send(
    method: Method,
    url: String,
    body: Option<Body>,
    token: Option<String>,
    idempotency_key: Option<String>,
) -> Result<(u16, String), ApiFailure> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    // Abort in-flight requests when the owner goes away (e.g. the user navigated).
    let on_cleanup = SendWrapper::new(controller.clone());
    Owner::on_cleanup(move || {
        if let Some(c) = on_cleanup.take() {
            c.abort();
        }
    });

    let mut builder = RequestBuilder::new(&url).method(method).abort_signal(signal.as_ref());
    builder = builder.header("Accept", "application/json");
    // The token goes only to the API base: a path, never an absolute URL elsewhere.
    if let Some(token) = token.as_deref() {
        builder = builder.header(headers::AUTHORIZATION, &headers::bearer(token));
    }
    if let Some(key) = idempotency_key.as_deref() {
        builder = builder.header(headers::IDEMPOTENCY_KEY, key);
    }
    let request = match body {
        Some(Body::Json(body)) => builder.header("Content-Type", "application/json").body(body),
        Some(Body::Binary { data, content_type }) => builder.header("Content-Type", content_type).body(data),
        None => builder.build(),
    }
    .map_err(|_| ApiFailure::Unexpected { status: 0 })?;

    let exchange = async move {
        let response = request.send().await.map_err(|_| network_failure())?;
        let status = response.status();
        let text = response.text().await.map_err(|_| network_failure())?;
        Ok::<_, ApiFailure>((status, text))
    };
    match select(Box::pin(exchange), TimeoutFuture::new(TIMEOUT_MS)).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            if let Some(c) = controller {
                c.abort();
            }
            Err(ApiFailure::Timeout)
        }
    }
}

/// A fetch that failed without an HTTP answer: offline or a dropped connection.
fn network_failure() -> ApiFailure {
    let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
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

/// A fresh idempotency key (random, 128 bits, hex) for a creating request.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
