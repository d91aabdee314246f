//! Limits: request body sizes (`413 payload_too_large`) and the rate limit of resolving vehicle
//! filing codes (`429 rate_limited`), both contract rules (`beian_contract::MAX_JSON_BYTES`,
//! `beian_contract::filing::{MAX_UPLOAD_BYTES, QR_RESOLVE_WINDOW_S}`).

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use beian_contract::endpoint::{self, Carried};
use beian_contract::filing::MAX_UPLOAD_BYTES;
use beian_contract::{ApiError, ErrorCode, MAX_JSON_BYTES};

use crate::error::Fail;
use crate::state::World;

/// Whether a route (its path template) takes an image body, as its endpoint declares.
pub fn is_image_route(route: &str) -> bool {
    endpoint::ALL
        .iter()
        .any(|e| e.path == route && e.carried == Carried::Image)
}

/// How much of an over-limit body is read (and dropped) so that the client gets the `413`
/// rather than a connection reset while it is still sending.
const DRAIN_MAX: usize = 4 * MAX_UPLOAD_BYTES;

/// The largest body a route (its path template) takes.
pub fn limit_for(route: Option<&str>) -> usize {
    match route {
        Some(r) if is_image_route(r) => MAX_UPLOAD_BYTES,
        _ => MAX_JSON_BYTES,
    }
}

/// The `413` answer.
pub fn too_large(limit: usize) -> Fail {
    Fail::new(
        ErrorCode::PayloadTooLarge,
        format!("the body is larger than this route takes ({limit} bytes)"),
    )
    .field("body")
}

/// Route middleware: a body whose `Content-Length` is over the route's limit is answered `413`
/// before any handler runs. (A body without a length is cut at the same limit by
/// `DefaultBodyLimit`, whose rejection the extractors turn into the same `413`.)
pub async fn body_limit(req: Request, next: Next) -> Response {
    let limit = limit_for(
        req.extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str),
    );
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => {
            if n <= DRAIN_MAX as u64 {
                let _ = axum::body::to_bytes(req.into_body(), DRAIN_MAX).await;
            }
            too_large(limit).into_response()
        }
        _ => next.run(req).await,
    }
}

/// The client's address (the connection's peer; `unknown` when the router runs without the
/// server loop). A server behind a proxy would take the address the proxy reports.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".to_owned()),
        ))
    }
}

/// Counts one attempt against every `(key, max)` in a sliding window of `window_s` seconds
/// (virtual clock), or refuses it with `429 rate_limited` and the seconds until the oldest counted
/// attempt of a full key leaves the window. A refused attempt is not counted.
pub fn count_attempt(
    log: &mut std::collections::HashMap<String, Vec<i64>>,
    now: i64,
    keys: &[(String, usize)],
    window_s: i64,
) -> Result<(), Fail> {
    let mut wait = 0;
    for (key, max) in keys {
        let times = log.entry(key.clone()).or_default();
        // After the sandbox clock moved back, later attempts are forgotten too.
        times.retain(|&t| t > now - window_s && t <= now);
        if times.len() >= *max {
            let oldest = times.iter().copied().min().unwrap_or(now);
            wait = wait.max(oldest + window_s - now);
        }
    }
    if wait > 0 {
        return Err(Fail(
            ApiError::new(
                ErrorCode::RateLimited,
                "too many attempts; wait retry_after_s",
            )
            .retry_after(u32::try_from(wait).unwrap_or(u32::MAX)),
        ));
    }
    for (key, _) in keys {
        log.entry(key.clone()).or_default().push(now);
    }
    Ok(())
}

/// The rate limit of `POST /api/filings/qr`, per account and per client.
pub fn count_qr_attempt(world: &mut World, account: &str, client: &str) -> Result<(), Fail> {
    use beian_contract::filing::{
        QR_RESOLVE_PER_ACCOUNT, QR_RESOLVE_PER_CLIENT, QR_RESOLVE_WINDOW_S,
    };
    let now = world.now_s();
    count_attempt(
        &mut world.qr_attempts,
        now,
        &[
            (format!("account:{account}"), QR_RESOLVE_PER_ACCOUNT),
            (format!("client:{client}"), QR_RESOLVE_PER_CLIENT),
        ],
        i64::from(QR_RESOLVE_WINDOW_S),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_slides_and_refusals_are_not_counted() {
        let mut log = std::collections::HashMap::new();
        let keys = [("a".to_owned(), 2)];
        assert!(count_attempt(&mut log, 100, &keys, 60).is_ok());
        assert!(count_attempt(&mut log, 110, &keys, 60).is_ok());
        let refused = count_attempt(&mut log, 120, &keys, 60).unwrap_err();
        assert_eq!(refused.0.error.retry_after_s, Some(40));
        assert!(count_attempt(&mut log, 159, &keys, 60).is_err());
        assert!(
            count_attempt(&mut log, 160, &keys, 60).is_ok(),
            "the first left the window"
        );
        assert_eq!(log["a"], vec![110, 160]);
    }
}
