//! The signed-in session and a pending sign-in code, as the app keeps them in a tab: only an
//! opaque token, opaque ids and masked phone numbers.

use serde::{Deserialize, Serialize};

/// What the app keeps about a signed-in user. Only masked data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// Opaque bearer token issued by the API.
    pub token: String,
    /// The user's phone, masked (138****1234), for display.
    pub masked_phone: String,
}

/// A sign-in code challenge waiting for its code; nothing personal (the number is masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInPending {
    /// Opaque challenge id.
    pub challenge_id: String,
    /// Where the code went, masked.
    pub masked_phone: String,
    /// When another code may be asked for (ms since the epoch).
    pub resend_at_ms: f64,
    /// When the code expires (ms since the epoch).
    pub expires_at_ms: f64,
}
