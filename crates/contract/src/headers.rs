//! HTTP header names used by the API.

/// Carries the session token: `Authorization: Bearer <token>`.
pub const AUTHORIZATION: &str = "Authorization";

/// Prefix of the [`AUTHORIZATION`] value before the token (note the trailing space).
pub const BEARER_PREFIX: &str = "Bearer ";

/// Client-chosen key (1–128 visible ASCII characters, e.g. a UUID) that makes a creating `POST`
/// safe to retry: the same key with the same body returns the first result instead of creating a
/// second resource. Required on `POST /filings` and `POST /payments`.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Seconds to wait before retrying; sent with `429` and `503` answers (mirrors
/// [`crate::ApiErrorBody::retry_after_s`]).
pub const RETRY_AFTER: &str = "Retry-After";

/// Builds the value of the [`AUTHORIZATION`] header for a session token.
pub fn bearer(token: &str) -> String {
    format!("{BEARER_PREFIX}{token}")
}
