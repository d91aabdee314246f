//! Headers of the API's answers: `Cache-Control: no-store` on everything under `/api` (personal
//! data; errors too), `X-Content-Type-Options: nosniff` on every answer, and CORS for the
//! configured origins only ([`crate::Config::allow_origins`]; none by default: the app is served
//! from the API's own origin and needs no CORS).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use beian_contract::headers::{AUTHORIZATION, IDEMPOTENCY_KEY, RETRY_AFTER};

use crate::state::AppState;

/// The methods the API's routes take (a preflight names these and no others).
pub const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE";

/// How long a browser may cache a preflight answer, in seconds.
pub const MAX_AGE_S: u32 = 600;

/// The request headers the app sends that are not CORS-safelisted: the session token, the body's
/// type (`application/json`, `image/jpeg`) and the idempotency key.
pub fn allow_headers() -> String {
    format!("{AUTHORIZATION}, Content-Type, {IDEMPOTENCY_KEY}")
}

/// Normalises an origin given on the command line: `http(s)://host[:port]`, lower case, no path
/// (a single trailing `/` is dropped), no user, query or fragment. `None` when it is not one.
pub fn parse_origin(text: &str) -> Option<String> {
    let s = text.trim().to_ascii_lowercase();
    let s = s.strip_suffix('/').unwrap_or(&s);
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && !rest.starts_with(':')
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| s.to_string())
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The middleware (outermost: injected faults get the same headers).
pub async fn api_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let cors = api && !state.config.allow_origins.is_empty();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| cors && state.config.allows_origin(o))
        .map(str::to_owned);
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = match (&origin, preflight) {
        // An allowed origin's preflight: the methods and headers the API uses, nothing more.
        (Some(_), true) => {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            if let Ok(v) = HeaderValue::from_str(&allow_headers()) {
                h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
            }
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(MAX_AGE_S));
            r
        }
        // Anything else (another origin's preflight included) is answered as without CORS: the
        // browser then refuses to let that origin read it.
        _ => next.run(req).await,
    };
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if cors {
        // The answer depends on the Origin (and, for a preflight, on what it asks for).
        h.append(header::VARY, HeaderValue::from_static("Origin"));
        if preflight {
            h.append(
                header::VARY,
                HeaderValue::from_static(
                    "Access-Control-Request-Method, Access-Control-Request-Headers",
                ),
            );
        }
    }
    if let Some(o) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        if !preflight {
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(RETRY_AFTER),
            );
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_host_only() {
        assert_eq!(
            parse_origin("https://App.Example.cn/").as_deref(),
            Some("https://app.example.cn")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        for bad in [
            "app.example.cn",
            "https://",
            "https://a.cn/path",
            "https://u@a.cn",
            "javascript:x",
            "https://a.cn?x",
            "*",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
    }
}
