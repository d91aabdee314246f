//! Fault injection for `/api/*`: delays, error statuses and dropped connections, set through
//! `/sandbox/faults`.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use beian_contract::sandbox::Fault;
use beian_contract::{ApiError, ErrorCode};

use crate::error::error_response;
use crate::state::AppState;

/// Marks a response whose connection must be closed without answering.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// Whether a fault applies to a request.
pub fn matches(fault: &Fault, method: &str, path: &str) -> bool {
    let method_ok = fault
        .method
        .as_deref()
        .is_none_or(|m| m.eq_ignore_ascii_case(method));
    let path_ok = match fault.path.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => fault.path == path,
    };
    method_ok && path_ok
}

/// The error code answered for an injected status.
pub fn code_for_status(status: u16) -> ErrorCode {
    use ErrorCode::*;
    match status {
        400 => BadRequest,
        401 => Unauthenticated,
        404 => NotFound,
        409 => WrongState,
        410 => QrExpired,
        422 => Validation,
        429 => RateLimited,
        502..=504 => Unavailable,
        _ => Internal,
    }
}

/// The middleware: finds the first matching fault, counts it down, applies it.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !(path == "/api" || path.starts_with("/api/")) {
        return next.run(req).await;
    }
    let method = req.method().as_str().to_string();
    let fault = {
        let mut world = state.world();
        let hit = world.faults.iter().position(|f| matches(f, &method, &path));
        hit.map(|i| {
            let f = world.faults[i].clone();
            if let Some(times) = world.faults[i].times.as_mut() {
                *times = times.saturating_sub(1);
                if *times == 0 {
                    world.faults.remove(i);
                }
            }
            f
        })
    };
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    // With `after`, the request is handled for real first and only its answer is faulted.
    let mut unhandled = Some((req, next));
    let mut handled = None;
    if fault.after {
        if let Some((req, next)) = unhandled.take() {
            handled = Some(next.run(req).await);
        }
    }
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms.min(120_000))).await;
    }
    if fault.drop {
        let mut resp = ().into_response();
        resp.extensions_mut().insert(DropConnection);
        return resp;
    }
    if let Some(status) = fault.status {
        let code = fault.code.unwrap_or_else(|| code_for_status(status));
        let mut err = ApiError::new(
            code,
            format!("injected fault: {status} for {method} {path}"),
        );
        if matches!(status, 429 | 503) {
            err = err.retry_after(1);
        }
        let mut resp = error_response(err);
        if let Ok(s) = axum::http::StatusCode::from_u16(status) {
            *resp.status_mut() = s;
        }
        return resp;
    }
    match (handled, unhandled) {
        (Some(resp), _) => resp,
        (None, Some((req, next))) => next.run(req).await,
        (None, None) => unreachable!("a request is either handled or not"),
    }
}
