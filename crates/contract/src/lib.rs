//! Wire contract of the beian REST API (base path [`paths::API_BASE`]).
//!
//! Every request and response body exchanged between the WASM app and the server (the stub in
//! `tests/stub`) is defined here, together with the endpoints, each declared once with its method, path, request and answer ([`endpoint`]),
//! the route paths ([`paths`]), the header names
//! ([`headers`]) and the error envelope ([`error::ApiError`]). Both sides compile these very types,
//! so they cannot drift apart.
//!
//! Conventions:
//! - JSON bodies, field names in `snake_case` (except where an external SDK dictates otherwise,
//!   e.g. [`payment::WechatJsapiParams`]).
//! - Timestamps are RFC 3339 strings in China Standard Time (`+08:00`), e.g.
//!   `2025-03-01T08:30:00+08:00`; calendar dates are `YYYY-MM-DD`.
//! - Money is an integer number of fen (1 yuan = 100 fen) in `i64` fields named `*_fen`.
//! - Ids are opaque strings.
//! - Enums are `snake_case` strings; those a client reads carry an `Unknown` variant so a newer
//!   server can add values without breaking older clients.
//!
//! - Request bodies: JSON bodies are at most [`MAX_JSON_BYTES`], image uploads at most
//!   [`filing::MAX_UPLOAD_BYTES`]; a larger body is refused with `413 payload_too_large`.
//! - Every answer under `/api` carries `Cache-Control: no-store` (they hold personal data; errors
//!   too) and `X-Content-Type-Options: nosniff`. Cross-origin use is allowed only to the origins
//!   the server is configured with (the app is same-origin by default and needs none).
//!
//! With the `openapi` feature every type also derives `utoipa::ToSchema`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod endpoint;
pub mod error;
pub mod filing;
pub mod handling;
pub mod headers;
pub mod message;
pub mod paths;
pub mod payment;
pub mod rules;
pub mod sandbox;
pub mod session;
pub mod vehicle;
pub mod violation;

pub use error::{ApiError, ApiErrorBody, ErrorCode};

/// Largest JSON request body, in bytes (the largest real one, a filing with its details, is
/// well under 4 KiB). A larger body answers `413 payload_too_large`.
pub const MAX_JSON_BYTES: usize = 64 * 1024;
