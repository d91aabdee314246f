//! Every way a request can fail, as the UI needs to tell them apart.

use beian_contract::{ApiErrorBody, ErrorCode};

/// Why a request did not produce the expected answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// The API answered with a typed error (validation, state, limits…).
    Api {
        /// HTTP status of the answer.
        status: u16,
        /// The typed error body.
        error: ApiErrorBody,
    },
    /// The session is missing or expired (HTTP 401); the user is sent to sign in.
    Unauthenticated,
    /// The browser is offline.
    Offline,
    /// The connection failed or was dropped while online.
    Network,
    /// No answer within the client timeout; the request was aborted.
    Timeout,
    /// The server failed (5xx) without a typed error.
    Server {
        /// HTTP status of the answer.
        status: u16,
    },
    /// The answer was not what the contract says.
    Decode,
    /// Any other unexpected answer.
    Unexpected {
        /// HTTP status of the answer (0 when none).
        status: u16,
    },
    /// An id from the address or from storage that cannot name a record (empty, `.` or `..`):
    /// no request was sent (it would have reached another route).
    BadLink,
    /// The browser gave no randomness for an idempotency key (`crypto.getRandomValues` missing
    /// or broken): the creating request was not sent.
    NoRandomness,
}

impl From<beian_contract::paths::BadSegment> for ApiFailure {
    fn from(_: beian_contract::paths::BadSegment) -> Self {
        ApiFailure::BadLink
    }
}

impl ApiFailure {
    /// The typed error code, when the API sent one.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            ApiFailure::Api { error, .. } => Some(&error.code),
            _ => None,
        }
    }

    /// The field the API blamed, when it named one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiFailure::Api { error, .. } => error.field.as_deref(),
            _ => None,
        }
    }

    /// Whether trying the same request again may succeed (network, timeout, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiFailure::Offline
            | ApiFailure::Network
            | ApiFailure::Timeout
            | ApiFailure::Server { .. } => true,
            ApiFailure::Api { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}
