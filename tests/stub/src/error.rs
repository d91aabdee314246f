//! The typed error answer: every failure is an [`ApiError`] JSON body with the status of its code.

use axum::extract::rejection::{BytesRejection, FailedToBufferBody, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use beian_contract::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;

/// A failed request: wraps the contract's [`ApiError`].
#[derive(Debug, Clone)]
pub struct Fail(pub ApiError);

/// Result type of handlers.
pub type ApiResult<T> = Result<T, Fail>;

impl Fail {
    /// An error with a code and a developer message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Fail(ApiError::new(code, message))
    }

    /// A `422 validation` error about one field.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Fail(ApiError::new(ErrorCode::Validation, message).field(field))
    }

    /// A `404 not_found`.
    pub fn not_found(what: &str) -> Self {
        Fail::new(ErrorCode::NotFound, format!("no such {what}"))
    }

    /// Names the field at fault.
    pub fn field(mut self, field: &str) -> Self {
        self.0 = self.0.field(field);
        self
    }

    /// The error code.
    pub fn code(&self) -> ErrorCode {
        self.0.error.code
    }
}

impl From<ApiError> for Fail {
    fn from(e: ApiError) -> Self {
        Fail(e)
    }
}

/// Builds the HTTP answer of an error (status from the code, `Retry-After` when known).
pub fn error_response(err: ApiError) -> Response {
    let status =
        StatusCode::from_u16(err.error.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let retry = err.error.retry_after_s;
    let mut resp = (status, axum::Json(err)).into_response();
    if let Some(s) = retry {
        if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    resp
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        error_response(self.0)
    }
}

/// JSON body extractor whose rejections are typed errors: a body over
/// [`beian_contract::MAX_JSON_BYTES`] is `413 payload_too_large`, a wrong content type or broken
/// JSON is `400 bad_request`, JSON of the wrong shape is `422 validation` naming the field when serde says.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Fail;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

fn json_rejection(rej: JsonRejection) -> Fail {
    match rej {
        JsonRejection::JsonDataError(e) => {
            let text = e.body_text();
            Fail::validation(field_of(&text).as_deref().unwrap_or("body"), text)
        }
        JsonRejection::BytesRejection(BytesRejection::FailedToBufferBody(
            FailedToBufferBody::LengthLimitError(_),
        )) => crate::limits::too_large(beian_contract::MAX_JSON_BYTES),
        JsonRejection::BytesRejection(BytesRejection::FailedToBufferBody(_)) => {
            Fail::new(ErrorCode::BadRequest, "could not read the body")
        }
        other => Fail::new(ErrorCode::BadRequest, other.body_text()),
    }
}

/// Extracts the field name from a serde error text such as "missing field `phone`" or
/// "phone: invalid type".
fn field_of(text: &str) -> Option<String> {
    if let Some(i) = text.find("field `") {
        let rest = &text[i + 7..];
        return rest.find('`').map(|j| rest[..j].to_string());
    }
    let detail = text.split_once(": ").map(|(_, d)| d).unwrap_or(text);
    let (path, _) = detail.split_once(": ")?;
    let path = path.trim();
    (!path.is_empty() && !path.contains(' ')).then(|| path.to_string())
}

/// Query extractor with typed errors (`422 validation`).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Fail;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let text = e.body_text();
                Err(Fail::validation(
                    field_of(&text).as_deref().unwrap_or("query"),
                    text,
                ))
            }
            Err(e) => Err(Fail::validation("query", e.body_text())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_field_names_in_serde_messages() {
        assert_eq!(field_of("Failed to deserialize the JSON body into the target type: missing field `phone` at line 1 column 2").as_deref(), Some("phone"));
        assert_eq!(field_of("Failed to deserialize the JSON body into the target type: channel: unknown variant `x`").as_deref(), Some("channel"));
    }
}
