//! Types of the stub's sandbox routes (`/sandbox/…`): the simulated world that people and tests
//! drive. A real deployment has none of these.

use serde::{Deserialize, Serialize};

/// `GET /sandbox/sms`: every SMS the stub "sent", newest last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsOutbox {
    /// The messages.
    pub messages: Vec<SmsRecord>,
}

/// One SMS the stub sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsRecord {
    /// Recipient (full number: sandbox only).
    pub to: String,
    /// Full text.
    pub text: String,
    /// The code it carries, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What it is for (`sign_in`, `owner_consent`, `handling`, `review_result`).
    pub purpose: String,
    /// When it was sent (RFC 3339, stub clock).
    pub sent_at: String,
}

/// `POST /sandbox/clock`: move the stub's clock forward (to expire codes, age decisions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockAdvance {
    /// Seconds to add.
    pub seconds: i64,
}

/// The stub's clock after a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockState {
    /// Now, on the stub's clock (RFC 3339, +08:00).
    pub now: String,
}

/// `POST /sandbox/faults`: make matching API requests fail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fault {
    /// HTTP method to match (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Path to match exactly, or a prefix ending in `*` (e.g. `/api/filings/*`).
    pub path: String,
    /// Answer with this status and a typed error body instead of the real answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The error code of that answer (default: the usual code for the status, e.g.
    /// `validation` for 422), to make the API refuse as it would for a real reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<crate::ErrorCode>,
    /// Wait this long before answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Close the connection without an answer.
    #[serde(default)]
    pub drop: bool,
    /// Apply the delay, the drop or the status only after the real handler ran: the work is
    /// done (a filing or an order created, an SMS sent) but its answer comes late, never comes
    /// or is an error, as when a connection breaks on the way back. Retries must then find the
    /// work done (idempotency keys), not do it twice.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after: bool,
    /// How many matching requests it affects (unlimited when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// `GET /sandbox/faults`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaultList {
    /// Active faults.
    pub faults: Vec<Fault>,
}

/// `POST /sandbox/face-check`: the outcome of the next face checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FaceCheckOutcome {
    /// The face matches.
    Pass,
    /// The face does not match.
    Fail,
    /// The service is down (503).
    Unavailable,
}

/// Body of `POST /sandbox/face-check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaceCheckSetting {
    /// What the next checks answer.
    pub outcome: FaceCheckOutcome,
}

/// `GET /sandbox/reviews`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewQueue {
    /// Filings pending review.
    pub pending: Vec<crate::filing::Filing>,
}

/// `GET /sandbox/orders`: every payment order, oldest first (tests count them: a double tap or
/// a retry must never create a second order for the same decisions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderList {
    /// The orders, with the phone of the user who created each.
    pub orders: Vec<SandboxOrder>,
}

/// A payment order as the sandbox shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxOrder {
    /// The user who created it (full number: sandbox only).
    pub owner: String,
    /// The host the page said it ran in.
    pub host: crate::payment::Host,
    /// Whether a newer order for some of the same decisions replaced it.
    pub superseded: bool,
    /// The payer id the order was made for (WeChat `openid`, Alipay `buyer_id`), for JSAPI and
    /// in-app tradePay orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_id: Option<String>,
    /// The order as the API shows it.
    pub order: crate::payment::PaymentOrder,
}

/// `POST /sandbox/reviews/{filing_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewDecision {
    /// Approve or reject.
    pub approve: bool,
    /// Reason, required when rejecting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /sandbox/pay/{order_id}`: how the simulated payment ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayOutcome {
    /// The user paid.
    Pay,
    /// The user cancelled.
    Cancel,
    /// The channel refused.
    Fail,
}

/// Body of `POST /sandbox/pay/{order_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaySettle {
    /// How it ends.
    pub outcome: PayOutcome,
}
