//! Sessions: the `Authorization: Bearer <token>` extractor.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use beian_contract::headers::BEARER_PREFIX;
use beian_contract::ErrorCode;

use crate::error::Fail;
use crate::state::AppState;

/// The signed-in caller of an `/api` route; a missing or unknown token is `401 unauthenticated`.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The caller's phone.
    pub phone: String,
    /// The session token.
    pub token: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Fail;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix(BEARER_PREFIX)
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Fail::new(ErrorCode::Unauthenticated, "sign in first: no bearer token")
            })?;
        let world = state.world();
        let phone = world.sessions.get(token).cloned().ok_or_else(|| {
            Fail::new(
                ErrorCode::Unauthenticated,
                "the session is unknown or ended",
            )
        })?;
        Ok(Caller {
            phone,
            token: token.to_string(),
        })
    }
}
