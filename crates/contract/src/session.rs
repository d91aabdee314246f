//! Signing in with a phone number and an SMS code; SMS code challenges in general.

use serde::{Deserialize, Serialize};

/// `POST /api/session/code`: ask for a sign-in code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    /// Mainland mobile number, 11 digits (a +86 prefix, spaces and hyphens are accepted).
    pub phone: String,
}

/// A code was sent by SMS; answer it with the code before `expires_in_s`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsChallenge {
    /// Opaque id to send back with the code.
    pub challenge_id: String,
    /// Where the code went, masked (138****1234).
    pub masked_phone: String,
    /// Seconds before another code may be asked for (60).
    pub resend_after_s: u32,
    /// Seconds the code stays valid (300).
    pub expires_in_s: u32,
}

/// `POST /api/session`: sign in with the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// From [`SmsChallenge::challenge_id`].
    pub challenge_id: String,
    /// The 6-digit code.
    pub code: String,
}

/// A new session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionGrant {
    /// Bearer token for `Authorization`.
    pub token: String,
    /// Who signed in.
    pub me: Me,
}

/// The signed-in user, as the app may show it (nothing unmasked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The user's phone, masked.
    pub masked_phone: String,
    /// Name with all but the first character masked (张**), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_name: Option<String>,
    /// Driving licence class (e.g. `C1`), when the user holds one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_class: Option<String>,
    /// Points recorded on the licence in the current period.
    pub points: u8,
    /// Unread in-app messages.
    pub unread_messages: u32,
}
