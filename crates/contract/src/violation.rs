//! Camera-recorded violations of the user's filed vehicles.

use serde::{Deserialize, Serialize};

/// Whether a violation still needs handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ViolationStatus {
    /// Not yet handled.
    Unprocessed,
    /// Handled (a decision exists), paid or not.
    Processed,
    /// A status this client does not know.
    #[serde(other)]
    Unknown,
}

/// Why the user may view but not handle a violation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotHandleableReason {
    /// The vehicle is outside the user's licence class: view only.
    OutsideLicenceClass,
    /// Points, and it happened before the filing date.
    PointsBeforeFiling,
    /// Points with a fine above ¥200: not the simplified procedure.
    FineOverLimit,
    /// The points would bring the user's licence to 12.
    PointsWouldReach12,
    /// Already handled.
    AlreadyHandled,
    /// A reason this client does not know.
    #[serde(other)]
    Unknown,
}

/// The filters of [`crate::endpoint::Violations`], sent as the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ViolationQuery {
    /// `unprocessed` or `processed` (all when absent).
    #[cfg_attr(feature = "openapi", param(value_type = Option<ViolationStatus>))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Only this filed vehicle (its id from `GET /api/vehicles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_id: Option<String>,
}

/// `GET /api/violations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViolationList {
    /// Matching violations, newest first.
    pub violations: Vec<Violation>,
}

/// A violation record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Violation {
    /// Opaque id.
    pub id: String,
    /// The filed vehicle it belongs to.
    pub vehicle_id: String,
    /// GA plate type code.
    pub plate_type: String,
    /// Plate number.
    pub plate_number: String,
    /// When it happened (RFC 3339, +08:00).
    pub time: String,
    /// Where it happened.
    pub place: String,
    /// Violation code (opaque).
    pub code: String,
    /// What happened.
    pub description: String,
    /// Points (12, 9, 6, 3, 1 or 0).
    pub points: u8,
    /// Fine in fen.
    pub fine_fen: i64,
    /// Late surcharge in fen as of today (0 before a decision or within 15 days of it).
    pub surcharge_fen: i64,
    /// The authority whose camera recorded it.
    pub detecting_authority: String,
    /// The authority that handles it.
    pub handling_authority: String,
    /// Unprocessed or processed.
    pub status: ViolationStatus,
    /// 16-digit decision number, once handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_number: Option<String>,
    /// Decision date (YYYY-MM-DD), once handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_date: Option<String>,
    /// Whether the fine is paid.
    pub paid: bool,
    /// The order that paid it, once paid (its receipt is `GET /api/payments/{order_id}/receipt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_order_id: Option<String>,
    /// Set when this user may not handle it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_handleable: Option<NotHandleableReason>,
}
