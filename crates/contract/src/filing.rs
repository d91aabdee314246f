//! Filing (binding) a vehicle not in the applicant's name: by the owner's SMS code or by the
//! owner's vehicle QR code, then a face check or documents for staff review.
//!
//! ## The vehicle filing QR payload
//! The owner's app shows a QR code whose text is `BEIAN:1:<token>`: the literal scheme `BEIAN`,
//! the format version `1`, and an opaque token of 16–64 characters from `[A-Za-z0-9_-]`. It
//! carries nothing personal; the server resolves the token ([`crate::paths::FILING_QR_RESOLVE`]).

use serde::{Deserialize, Serialize};

/// Scheme prefix of the vehicle filing QR payload.
pub const QR_SCHEME: &str = "BEIAN";
/// Current payload format version.
pub const QR_VERSION: u32 = 1;

/// `POST /api/filings/lookup`: find a vehicle by plate and engine digits (the SMS method).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRequest {
    /// GA plate type code (`02` or `52`).
    pub plate_type: String,
    /// Plate number (normalised by the server too).
    pub plate_number: String,
    /// Last six characters of the engine number.
    pub engine_last6: String,
}

/// `POST /api/filings/qr`: resolve a scanned filing code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QrResolveRequest {
    /// The QR text as scanned (`BEIAN:1:<token>`).
    pub payload: String,
}

/// A vehicle found for filing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VehicleMatch {
    /// Opaque id of this match; used to send the owner's code and to create the filing.
    pub match_id: String,
    /// GA plate type code.
    pub plate_type: String,
    /// Plate number.
    pub plate_number: String,
    /// The owner's phone, masked.
    pub masked_owner_phone: String,
    /// Photos the applicant must take (QR method; empty for the SMS method).
    #[serde(default)]
    pub required_photos: Vec<PhotoPrompt>,
}

/// One photo the applicant is asked to take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoPrompt {
    /// Slot name used in the upload path.
    pub slot: PhotoSlot,
}

/// The photos a QR filing can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoSlot {
    /// The vehicle's front at 45°, plate readable.
    VehicleFront45,
    /// The engine-number plate.
    EngineNumber,
    /// A slot this client does not know.
    #[serde(other)]
    Unknown,
}

/// How the owner consents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilingMethod {
    /// Plate + engine digits, then the owner's SMS code.
    OwnerSms,
    /// The owner's vehicle QR code, photos, then the owner's SMS code.
    OwnerQr,
    /// A method this client does not know.
    #[serde(other)]
    Unknown,
}

/// `POST /api/filings` (with `Idempotency-Key`): apply to file the matched vehicle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateFiling {
    /// From [`VehicleMatch::match_id`].
    pub match_id: String,
    /// The owner's consent challenge.
    pub challenge_id: String,
    /// The code the owner passed on.
    pub code: String,
    /// Applicant's details for a QR filing (relationship to the owner), optional otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
}

/// Where a filing application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilingState {
    /// Required photos are still missing (QR method).
    AwaitingPhotos,
    /// The applicant's face check is next.
    AwaitingFaceCheck,
    /// The face check failed or was unavailable: documents are next.
    AwaitingDocuments,
    /// Staff review within one working day.
    PendingReview,
    /// Filed: the vehicle is in My vehicles.
    Approved,
    /// Staff rejected it (see `reason`).
    Rejected,
    /// The filing was unbound by the applicant or revoked by the owner.
    Revoked,
    /// A state this client does not know.
    #[serde(other)]
    Unknown,
}

/// A filing application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Filing {
    /// Opaque id.
    pub id: String,
    /// How it was made.
    pub method: FilingMethod,
    /// GA plate type code.
    pub plate_type: String,
    /// Plate number.
    pub plate_number: String,
    /// Where it stands.
    pub state: FilingState,
    /// Photo slots still to upload (QR method).
    #[serde(default)]
    pub missing_photos: Vec<PhotoSlot>,
    /// Document kinds already uploaded (document route).
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    /// Why staff rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it was created (RFC 3339, +08:00).
    pub created_at: String,
}

/// Verdict of a face check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaceCheckResult {
    /// Whether the face matched the applicant's identity record.
    pub passed: bool,
    /// The filing after the check (approved, or awaiting documents).
    pub filing: Filing,
}

/// An identity document for staff review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A photo of the applicant holding their ID card.
    SelfieWithIdCard,
    /// The applicant's driving licence.
    DrivingLicence,
    /// A kind this client does not know.
    #[serde(other)]
    Unknown,
}

/// Largest accepted upload, in bytes (a 1600 px JPEG is far below it).
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;
