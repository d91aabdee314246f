//! In-app messages (review results and notices).

use serde::{Deserialize, Serialize};

/// `GET /api/messages`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageList {
    /// Newest first.
    pub messages: Vec<Message>,
    /// How many are unread.
    pub unread: u32,
}

/// What a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A filing was approved.
    FilingApproved,
    /// A filing was rejected.
    FilingRejected,
    /// A filing is under review.
    FilingUnderReview,
    /// The owner revoked a filing.
    FilingRevoked,
    /// A payment was confirmed.
    PaymentConfirmed,
    /// A general notice.
    Notice,
    /// A kind this client does not know.
    #[serde(other)]
    Unknown,
}

/// One message. Its text is built by the client from `kind` and `params` in the user's
/// language; `body_zh` is the server's own Chinese text for kinds the client does not know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Opaque id.
    pub id: String,
    /// What it is about.
    pub kind: MessageKind,
    /// Plate number it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate_number: Option<String>,
    /// Reason (rejections), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The payment order it confirms (`payment_confirmed`), whose receipt it links to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The server's Chinese text.
    pub body_zh: String,
    /// When it was sent (RFC 3339).
    pub sent_at: String,
    /// Whether the user opened it.
    pub read: bool,
}
