//! Filing (binding) a vehicle not in the applicant's name: by the owner's SMS code or by the
//! owner's vehicle QR code, then a face check or documents for staff review.
//!
//! ## The vehicle filing QR payload
//! The owner's app shows a QR code whose text is `BEIAN:1:<token>`: the literal scheme `BEIAN`,
//! the format version `1`, and an opaque token of 16–64 characters from `[A-Za-z0-9_-]`. It
//! carries nothing personal; the server resolves the token ([`crate::paths::FILING_QR_RESOLVE`]).
//! The parser both sides use is `beian_domain::parse_filing_qr`.
//!
//! ## The QR method, step by step
//! 1. `POST /api/filings/qr` resolves the scanned payload to a [`VehicleMatch`] listing the
//!    `required_photos` and the `required_details`.
//! 2. `PUT /api/filings/matches/{match_id}/photos/{slot}` uploads each photo and answers an
//!    [`UploadedPhoto`] id (the client keeps only the id).
//! 3. `POST /api/filings/matches/{match_id}/owner-code` sends the owner's consent code.
//! 4. `POST /api/filings` with the code, the details and the `photo_ids` creates the filing, which
//!    goes straight to staff review (`pending_review`): staff compare the photos with the record.

use serde::{Deserialize, Serialize};

/// Scheme prefix of the vehicle filing QR payload.
pub const QR_SCHEME: &str = "BEIAN";
/// Current payload format version.
pub const QR_VERSION: u32 = 1;

/// The message of the one answer (`422 qr_invalid`, field `payload`) for every payload the
/// server cannot resolve: not a filing code, a malformed (damaged) token, or a well-formed token
/// it does not know. The same status, code, message and field for all of them, so an answer never
/// tells a forged or guessed token from a damaged one.
pub const QR_INVALID_MESSAGE: &str =
    "not a valid vehicle filing code, or no longer valid: ask the owner to show the code again";

/// `POST /api/filings/qr` is rate limited (it would otherwise let a client probe tokens): at
/// most [`QR_RESOLVE_PER_ACCOUNT`] resolutions per signed-in account and
/// [`QR_RESOLVE_PER_CLIENT`] per client address within any [`QR_RESOLVE_WINDOW_S`] seconds;
/// beyond that `429 rate_limited` with `Retry-After` (and `retry_after_s`) until the oldest
/// counted attempt leaves the window. Every resolution counts (found or not) except those
/// answered `429`.
pub const QR_RESOLVE_WINDOW_S: u32 = 600;
/// See [`QR_RESOLVE_WINDOW_S`].
pub const QR_RESOLVE_PER_ACCOUNT: usize = 10;
/// See [`QR_RESOLVE_WINDOW_S`] (several users may share an address behind a carrier's NAT).
pub const QR_RESOLVE_PER_CLIENT: usize = 30;

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

/// `POST /api/filings/qr`: resolve a scanned vehicle filing code.
///
/// The owner's app shows a QR code whose text is `BEIAN:1:<token>`: the literal scheme `BEIAN`
/// (upper case), the format version `1` (decimal), and an opaque, case-sensitive token of 16–64
/// characters from `[A-Za-z0-9_-]`. Whitespace around it is ignored. It carries nothing
/// personal: this route resolves the token. Tokens expire (`qr_expired`), can be revoked by the
/// owner (`qr_revoked`) and are used up by the filing they create (`qr_used`); any other text, a
/// malformed or an unknown token is `qr_invalid`, all with one message ([`QR_INVALID_MESSAGE`]).
/// Rate limited: [`QR_RESOLVE_WINDOW_S`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"payload": "BEIAN:1:demo-qr-yueB67890-active"})))]
pub struct QrResolveRequest {
    /// The QR text as scanned: `BEIAN:1:<token>`, token 16–64 characters of `[A-Za-z0-9_-]`.
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
    /// Details the applicant must give with [`CreateFiling`] (QR method; empty for the SMS method).
    #[serde(default)]
    pub required_details: Vec<DetailField>,
}

/// A detail the applicant gives when filing by QR code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DetailField {
    /// The last six characters of the engine number (read off the engine-number plate):
    /// [`CreateFiling::engine_last6`].
    EngineLast6,
    /// The applicant's relationship to the owner: [`CreateFiling::relationship`].
    Relationship,
    /// A field this client does not know.
    #[serde(other)]
    Unknown,
}

/// The applicant's relationship to the vehicle's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Spouse.
    Spouse,
    /// Parent, child or another relative.
    Relative,
    /// The owner is the applicant's employer (or a colleague).
    Employer,
    /// A friend.
    Friend,
    /// Anything else.
    Other,
    /// A value this server does not know (refused with `validation`).
    #[serde(other)]
    Unknown,
}

/// A prompted photo uploaded for a match (QR method), referenced by id afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedPhoto {
    /// Opaque id; send it in [`CreateFiling::photo_ids`].
    pub photo_id: String,
    /// The slot it fills.
    pub slot: PhotoSlot,
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
    /// The applicant's relationship to the owner (QR method, when required; always with `photo_ids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<Relationship>,
    /// The engine number's last six characters (QR method, when required; always with `photo_ids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_last6: Option<String>,
    /// Ids of the photos uploaded for the match (QR method): one per required slot. With them the
    /// filing goes to staff review at once; without them it waits for photos (`awaiting_photos`).
    /// A match found by plate (SMS method) takes no photos: ids sent with it are `photo_missing`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photo_ids: Vec<String>,
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
