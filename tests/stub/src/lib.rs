//! Stateful stub of the beian REST API: the routes of [`beian_contract::paths`] over a seeded,
//! simulated world, plus `/sandbox` routes for people and tests (SMS outbox, clock, faults,
//! face-check outcome, review desk, payment page), the OpenAPI document at `/api/openapi.json`,
//! and optionally the built app.
//!
//! Start it in-process with [`serve`] (or [`serve_with_shutdown`]) on any listener; [`app`] is the
//! router alone.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
pub mod clock;
pub mod cors;
pub mod error;
pub mod faults;
pub mod limits;
pub mod oauth;
pub mod openapi;
pub mod openapi_rules;
pub mod routes;
pub mod sandbox;
pub mod seed;
pub mod server;
pub mod sms;
pub mod state;
pub mod static_files;

use std::future::Future;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::routing::{any, get, post, put};
use axum::Router;
use beian_contract::filing::MAX_UPLOAD_BYTES;
use beian_contract::{paths, MAX_JSON_BYTES};
use tokio::net::TcpListener;

pub use state::{AppState, Config};

use crate::error::Fail;
use crate::routes::{filing, handling, messages, payer, payments, session, vehicles, violations};

async fn not_found() -> Fail {
    Fail::not_found("route")
}

/// Gives axum's bare `405 Method Not Allowed` a typed body (keeping `Allow`).
async fn typed_405(resp: axum::response::Response) -> axum::response::Response {
    if resp.status() != axum::http::StatusCode::METHOD_NOT_ALLOWED {
        return resp;
    }
    let allow = resp.headers().get(header::ALLOW).cloned();
    let mut out = error::error_response(beian_contract::ApiError::new(
        beian_contract::ErrorCode::NotFound,
        "this route does not take that method (see Allow)",
    ));
    *out.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}

/// The router over a state.
pub fn app(state: AppState) -> Router {
    let image_limit = || DefaultBodyLimit::max(MAX_UPLOAD_BYTES);
    let router = Router::new()
        .route(paths::SIGN_IN_CODE, post(session::send_sign_in_code))
        .route(
            paths::SESSION,
            post(session::sign_in).delete(session::sign_out),
        )
        .route(paths::ME, get(session::me))
        .route(paths::FILING_LOOKUP, post(filing::lookup_vehicle))
        .route(paths::FILING_QR_RESOLVE, post(filing::resolve_qr))
        .route(paths::FILING_OWNER_CODE, post(filing::send_owner_code))
        .route(
            paths::FILING_MATCH_PHOTO,
            put(filing::put_match_photo).layer(image_limit()),
        )
        .route(paths::FILINGS, post(filing::create_filing))
        .route(paths::FILING, get(filing::get_filing))
        .route(
            paths::FILING_PHOTO,
            put(filing::put_photo).layer(image_limit()),
        )
        .route(
            paths::FILING_FACE_CHECK,
            post(filing::face_check).layer(image_limit()),
        )
        .route(
            paths::FILING_FACE_CHECK_NO_CAMERA,
            post(filing::face_check_no_camera),
        )
        .route(
            paths::FILING_DOCUMENT,
            put(filing::put_document).layer(image_limit()),
        )
        .route(paths::FILING_SUBMIT_REVIEW, post(filing::submit_review))
        .route(paths::VEHICLES, get(vehicles::list_vehicles))
        .route(
            paths::VEHICLE,
            axum::routing::delete(vehicles::unbind_vehicle),
        )
        .route(paths::VIOLATIONS, get(violations::list_violations))
        .route(paths::VIOLATION, get(violations::get_violation))
        .route(paths::HANDLING_RULES, get(handling::handling_rules))
        .route(paths::HANDLING_CODE, post(handling::send_handling_code))
        .route(paths::HANDLING, post(handling::handle_violations))
        .route(paths::PAYMENTS, post(payments::create_payment))
        .route(paths::PAYMENT, get(payments::get_payment))
        .route(paths::PAYER_AUTHORIZATION, post(payer::payer_authorization))
        .route(paths::PAYER, post(payer::bind_payer))
        .route(paths::PAYMENT_RECEIPT, get(payments::get_receipt))
        .route(
            paths::PAYMENT_MINI_PROGRAM,
            post(payments::mini_program_pay),
        )
        .route(paths::MESSAGES, get(messages::list_messages))
        .route(paths::MESSAGE_READ, post(messages::mark_message_read))
        .route(paths::OPENAPI, get(openapi::serve_document))
        .route(paths::API_BASE, any(not_found))
        .route("/api/{*rest}", any(not_found))
        .route(paths::SANDBOX_SMS, get(sandbox::sms_outbox))
        .route(paths::SANDBOX_RESET, post(sandbox::reset_world))
        .route(paths::SANDBOX_CLOCK, post(sandbox::advance_clock))
        .route(
            paths::SANDBOX_FAULTS,
            get(sandbox::list_faults)
                .post(sandbox::add_fault)
                .delete(sandbox::clear_faults),
        )
        .route(paths::SANDBOX_FACE_CHECK, post(sandbox::set_face_check))
        .route(paths::SANDBOX_REVIEWS, get(sandbox::list_reviews))
        .route(paths::SANDBOX_REVIEW, post(sandbox::decide_review))
        .route(paths::SANDBOX_ORDERS, get(sandbox::list_orders))
        .route(
            paths::SANDBOX_PAY_PAGE,
            get(sandbox::pay_page).post(sandbox::settle_payment),
        )
        .route(
            paths::SANDBOX_WECHAT_AUTHORIZE,
            get(oauth::wechat_page).post(oauth::wechat_answer),
        )
        .route(
            paths::SANDBOX_ALIPAY_AUTHORIZE,
            get(oauth::alipay_page).post(oauth::alipay_answer),
        )
        .route(paths::SANDBOX_BASE, any(not_found))
        .route("/sandbox/{*rest}", any(not_found))
        .route_layer(axum::middleware::from_fn(limits::body_limit));
    let router = match state.config.dist.as_deref() {
        Some(dist) => static_files::with_dist(router, dist),
        None => router.fallback(not_found),
    };
    router
        .layer(axum::middleware::map_response(typed_405))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cors::api_headers,
        ))
        .with_state(state)
}

/// Serves a fresh seeded world on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    serve_with_shutdown(listener, AppState::new(config), shutdown_signal()).await
}

/// Serves `state` on `listener` until `shutdown` completes.
pub async fn serve_with_shutdown(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    server::run(listener, app(state), shutdown).await
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
