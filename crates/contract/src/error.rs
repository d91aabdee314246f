//! The error envelope every non-2xx answer carries: `{"error": {...}}`.

use serde::{Deserialize, Serialize};

/// Body of every error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// What went wrong.
    pub error: ApiErrorBody,
}

/// A typed error: the client shows a message chosen by [`ErrorCode`], never `message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// Machine-readable reason.
    pub code: ErrorCode,
    /// Developer-facing explanation in English (not shown to users).
    pub message: String,
    /// The request field the error is about, when there is one (e.g. `phone`, `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For [`ErrorCode::CodeWrong`]: tries left before the code is void.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u8>,
    /// For rate limits and `503`: seconds until a retry may succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u32>,
    /// With `too_frequent` on a sign-in code: the challenge of the code sent earlier to that number,
    /// still valid and unused, so that the code already received can be entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_id: Option<String>,
}

/// Every error code the API can answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field is missing or malformed (see `field`). HTTP 422.
    Validation,
    /// The body is not valid JSON for this route. HTTP 400.
    BadRequest,
    /// The request body is larger than the route takes ([`crate::MAX_JSON_BYTES`] for JSON,
    /// [`crate::filing::MAX_UPLOAD_BYTES`] for an image). HTTP 413.
    PayloadTooLarge,
    /// No valid session. HTTP 401.
    Unauthenticated,
    /// The resource does not exist (or is not the caller's). HTTP 404.
    NotFound,
    /// The SMS code is wrong; `tries_left` says how many remain. HTTP 422.
    CodeWrong,
    /// The SMS code is older than 5 minutes. HTTP 422.
    CodeExpired,
    /// Five wrong tries voided the code. HTTP 422.
    CodeExhausted,
    /// The code challenge is unknown or was already used. HTTP 422.
    ChallengeUnknown,
    /// A new code was asked for within 60 s of the last; `retry_after_s` says when. HTTP 429.
    TooFrequent,
    /// Generic rate limit (e.g. resolving vehicle filing codes); `retry_after_s` says when. HTTP 429.
    RateLimited,
    /// No vehicle with that plate type and number. HTTP 404.
    VehicleNotFound,
    /// The engine number's last six characters do not match the vehicle. HTTP 422.
    EngineMismatch,
    /// This plate type cannot be filed online (only 02 and 52). HTTP 422.
    PlateTypeNotFileable,
    /// The vehicle is registered to the applicant: no filing needed. HTTP 409.
    OwnVehicle,
    /// The applicant already filed this vehicle (pending or approved). HTTP 409.
    AlreadyFiled,
    /// The applicant already holds 3 filed vehicles. HTTP 409.
    LimitVehicles,
    /// The vehicle already has 3 non-owner filers. HTTP 409.
    LimitVehicleFilers,
    /// One filing application per day. HTTP 409.
    LimitDaily,
    /// Five filing applications per calendar year. HTTP 409.
    LimitYearly,
    /// The scanned text is not a vehicle filing code the server can resolve: malformed, or a
    /// token it does not know. One answer for both (see [`crate::filing::QR_INVALID_MESSAGE`]).
    /// HTTP 422.
    QrInvalid,
    /// The vehicle filing code has expired; ask the owner to refresh it. HTTP 410.
    QrExpired,
    /// The owner revoked the filing code. HTTP 410.
    QrRevoked,
    /// The filing code was already used. HTTP 409.
    QrUsed,
    /// A required photo is missing. HTTP 422.
    PhotoMissing,
    /// The uploaded file is not an acceptable image (type, size). HTTP 422.
    PhotoRejected,
    /// The face check service is unavailable: use the document route. HTTP 503.
    FaceCheckUnavailable,
    /// The filing is not in a state that allows this step. HTTP 409.
    WrongState,
    /// The user may not handle this violation (reason in `message`). HTTP 409.
    NotHandleable,
    /// The handling rules were not agreed to (or an old version was). HTTP 422.
    RulesNotAgreed,
    /// Payments are closed for settlement (23:45–00:05). HTTP 409.
    PaymentWindowClosed,
    /// The decision is already paid. HTTP 409.
    AlreadyPaid,
    /// The same idempotency key was used with a different body. HTTP 422.
    IdempotencyConflict,
    /// The payment channel cannot be used in this host (e.g. Alipay inside WeChat). HTTP 422.
    ChannelUnavailable,
    /// A WeChat JSAPI or Alipay in-app tradePay order needs the payer's id (WeChat `openid`,
    /// Alipay `buyer_id`) and none is bound to this session: authorize first
    /// (`POST /api/payments/payer-authorization`). HTTP 422.
    PayerRequired,
    /// The authorization `state` was not issued to this session, was already used or is older than
    /// 5 minutes (a forged or replayed return). HTTP 422.
    AuthStateInvalid,
    /// The provider's authorization code is unknown, already used (single-use) or older than
    /// 5 minutes. HTTP 422.
    AuthCodeInvalid,
    /// The server failed. HTTP 500.
    Internal,
    /// The service is temporarily unavailable. HTTP 503.
    Unavailable,
    /// A code this client does not know (sent by a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The HTTP status the API answers this code with.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest => 400,
            Unauthenticated => 401,
            NotFound | VehicleNotFound => 404,
            OwnVehicle | AlreadyFiled | LimitVehicles | LimitVehicleFilers | LimitDaily
            | LimitYearly | QrUsed | WrongState | NotHandleable | PaymentWindowClosed
            | AlreadyPaid => 409,
            QrExpired | QrRevoked => 410,
            PayloadTooLarge => 413,
            TooFrequent | RateLimited => 429,
            Internal | Unknown => 500,
            FaceCheckUnavailable | Unavailable => 503,
            Validation | CodeWrong | CodeExpired | CodeExhausted | ChallengeUnknown
            | EngineMismatch | PlateTypeNotFileable | QrInvalid | PhotoMissing | PhotoRejected
            | RulesNotAgreed | IdempotencyConflict | ChannelUnavailable | PayerRequired
            | AuthStateInvalid | AuthCodeInvalid => 422,
        }
    }
}

impl ApiError {
    /// An error with just a code and a developer message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ApiErrorBody {
                code,
                message: message.into(),
                field: None,
                tries_left: None,
                retry_after_s: None,
                challenge_id: None,
            },
        }
    }

    /// Names the request field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.error.field = Some(field.into());
        self
    }

    /// Sets the tries left (for [`ErrorCode::CodeWrong`]).
    pub fn tries_left(mut self, n: u8) -> Self {
        self.error.tries_left = Some(n);
        self
    }

    /// Sets the seconds until a retry may succeed.
    pub fn retry_after(mut self, s: u32) -> Self {
        self.error.retry_after_s = Some(s);
        self
    }

    /// Names the still-open challenge (with `too_frequent` on a sign-in code).
    pub fn challenge(mut self, id: impl Into<String>) -> Self {
        self.error.challenge_id = Some(id.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_from_a_newer_server_still_decode() {
        let e: ApiError =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"x"}}"#).unwrap();
        assert_eq!(e.error.code, ErrorCode::Unknown);
    }

    #[test]
    fn optional_fields_are_left_out_when_absent() {
        let json = serde_json::to_string(&ApiError::new(ErrorCode::CodeExpired, "old")).unwrap();
        assert_eq!(json, r#"{"error":{"code":"code_expired","message":"old"}}"#);
        let json = serde_json::to_string(
            &ApiError::new(ErrorCode::CodeWrong, "no")
                .field("code")
                .tries_left(3),
        )
        .unwrap();
        assert!(json.contains(r#""field":"code""#) && json.contains(r#""tries_left":3"#));
    }
}
