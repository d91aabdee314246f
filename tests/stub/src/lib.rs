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
use axum::handler::Handler;
use axum::http::header;
use axum::routing::{any, get, on, post, MethodFilter};
use axum::Router;
use beian_contract::endpoint::{self as ep, Carried, Endpoint, Method, Request};
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

/// Registers handlers at the routes the contract declares ([`beian_contract::endpoint`]): each
/// endpoint's method and path come from its declaration, so a route changed there changes here.
struct Routes(Router<AppState>);

impl Routes {
    /// `handler` answers endpoint `E` (an image body gets the image size limit).
    fn at<E: Endpoint, H, T>(self, _: E, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match E::METHOD {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Delete => MethodFilter::DELETE,
        };
        let mut route = on(filter, handler);
        if <E::Request as Request>::CARRIED == Carried::Image {
            route = route.layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES));
        }
        Routes(self.0.route(E::PATH, route))
    }
}

/// The router over a state.
pub fn app(state: AppState) -> Router {
    let router = Routes(Router::new())
        .at(ep::SignInCode, session::send_sign_in_code)
        .at(ep::SignIn, session::sign_in)
        .at(ep::SignOut, session::sign_out)
        .at(ep::Me, session::me)
        .at(ep::FilingLookup, filing::lookup_vehicle)
        .at(ep::FilingQrResolve, filing::resolve_qr)
        .at(ep::FilingOwnerCode, filing::send_owner_code)
        .at(ep::FilingMatchPhoto, filing::put_match_photo)
        .at(ep::CreateFiling, filing::create_filing)
        .at(ep::GetFiling, filing::get_filing)
        .at(ep::FilingPhoto, filing::put_photo)
        .at(ep::FaceCheck, filing::face_check)
        .at(ep::FaceCheckNoCamera, filing::face_check_no_camera)
        .at(ep::FilingDocument, filing::put_document)
        .at(ep::SubmitReview, filing::submit_review)
        .at(ep::Vehicles, vehicles::list_vehicles)
        .at(ep::UnbindVehicle, vehicles::unbind_vehicle)
        .at(ep::Violations, violations::list_violations)
        .at(ep::GetViolation, violations::get_violation)
        .at(ep::HandlingRules, handling::handling_rules)
        .at(ep::HandlingCode, handling::send_handling_code)
        .at(ep::Handle, handling::handle_violations)
        .at(ep::CreatePayment, payments::create_payment)
        .at(ep::GetPayment, payments::get_payment)
        .at(ep::PayerAuthorization, payer::payer_authorization)
        .at(ep::BindPayer, payer::bind_payer)
        .at(ep::MiniProgramPay, payments::mini_program_pay)
        .at(ep::Receipt, payments::get_receipt)
        .at(ep::Messages, messages::list_messages)
        .at(ep::MarkMessageRead, messages::mark_message_read)
        .at(ep::OpenApi, openapi::serve_document)
        .0
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
