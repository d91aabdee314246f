//! Handling violations: agreeing to the rules, confirming with an SMS code, getting decisions.

use serde::{Deserialize, Serialize};

/// `GET /api/handling/rules`: the electronic-monitoring handling rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingRules {
    /// Version the user agrees to; sent back with [`HandleRequest::rules_version`].
    pub version: String,
    /// Paragraphs in Chinese.
    pub paragraphs_zh: Vec<String>,
    /// Paragraphs in English.
    pub paragraphs_en: Vec<String>,
}

/// `POST /api/handling/code`: ask for the confirmation code for these violations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingCodeRequest {
    /// The violations to handle.
    pub violation_ids: Vec<String>,
}

/// `POST /api/handling` (with `Idempotency-Key`): handle the violations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandleRequest {
    /// The violations to handle.
    pub violation_ids: Vec<String>,
    /// The rules version agreed to.
    pub rules_version: String,
    /// The confirmation challenge.
    pub challenge_id: String,
    /// The code.
    pub code: String,
}

/// The decisions made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlingResult {
    /// One decision per violation.
    pub decisions: Vec<Decision>,
    /// Sum of fines and surcharges, in fen.
    pub total_fen: i64,
}

/// A penalty decision to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    /// The violation it decides.
    pub violation_id: String,
    /// 16-digit decision number.
    pub decision_number: String,
    /// Decision date (YYYY-MM-DD).
    pub decision_date: String,
    /// Plate number.
    pub plate_number: String,
    /// When the violation happened (RFC 3339).
    pub violation_time: String,
    /// Fine, in fen.
    pub fine_fen: i64,
    /// Late surcharge as of today, in fen.
    pub surcharge_fen: i64,
    /// Points that go on the handler's licence.
    pub points: u8,
}
