//! Where each failure of a filing screen's request leads: which field it is said at, whether it
//! blocks the filing, whether the user goes elsewhere. Pure functions of the API's typed error
//! (its code, the field it blamed, whether a retry may help), so the pages only show the result.

use beian_contract::ErrorCode;

/// Whether the API refused the filing itself (the vehicle, the limits, the filing's state, a
/// photo, a QR code's state) rather than failing for another reason: these have words of the
/// filing flow and are not retried as they are.
pub fn refuses_filing(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::VehicleNotFound
            | ErrorCode::EngineMismatch
            | ErrorCode::PlateTypeNotFileable
            | ErrorCode::OwnVehicle
            | ErrorCode::AlreadyFiled
            | ErrorCode::LimitVehicles
            | ErrorCode::LimitDaily
            | ErrorCode::LimitYearly
            | ErrorCode::LimitVehicleFilers
            | ErrorCode::WrongState
            | ErrorCode::FaceCheckUnavailable
            | ErrorCode::PhotoRejected
            | ErrorCode::PayloadTooLarge
            | ErrorCode::PhotoMissing
            | ErrorCode::QrExpired
            | ErrorCode::QrRevoked
            | ErrorCode::QrUsed
    )
}

/// Where a failed vehicle lookup (SMS method) is said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupFailure {
    /// At the engine digits.
    Engine,
    /// At the plate.
    Plate,
    /// Above the form: the user's filing limits are reached.
    Limit,
    /// The usual notice (network, server…), with a retry where one may help.
    Other,
}

/// Where a failed vehicle lookup is said.
pub fn lookup_failure(code: Option<ErrorCode>, field: Option<&str>) -> LookupFailure {
    match (code, field) {
        (Some(ErrorCode::EngineMismatch), _)
        | (Some(ErrorCode::Validation), Some("engine_last6")) => LookupFailure::Engine,
        (
            Some(
                ErrorCode::VehicleNotFound
                | ErrorCode::PlateTypeNotFileable
                | ErrorCode::OwnVehicle
                | ErrorCode::AlreadyFiled
                | ErrorCode::LimitVehicleFilers
                | ErrorCode::Validation,
            ),
            _,
        ) => LookupFailure::Plate,
        (Some(ErrorCode::LimitVehicles | ErrorCode::LimitDaily | ErrorCode::LimitYearly), _) => {
            LookupFailure::Limit
        }
        _ => LookupFailure::Other,
    }
}

/// What a failed resolution of a scanned code (QR method) leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolveFailure {
    /// The code (expired, revoked, used, unknown, malformed) or the filing it leads to was
    /// refused: said as such; the camera does not send the same code again.
    Refused,
    /// Too many codes resolved lately: the wait is said, and the same code may be sent once it
    /// is over.
    RateLimited,
    /// Not the code's fault: the usual notice, with a retry where one may help.
    Other,
}

/// What a failed resolution of a scanned code leads to (`transient`: a retry may help).
pub fn resolve_failure(code: Option<ErrorCode>, transient: bool) -> ResolveFailure {
    match code {
        Some(
            ErrorCode::QrExpired
            | ErrorCode::QrRevoked
            | ErrorCode::QrUsed
            | ErrorCode::QrInvalid
            | ErrorCode::Validation,
        ) if !transient => ResolveFailure::Refused,
        Some(c) if !transient && refuses_filing(c) => ResolveFailure::Refused,
        Some(ErrorCode::RateLimited | ErrorCode::TooFrequent) => ResolveFailure::RateLimited,
        _ => ResolveFailure::Other,
    }
}

/// Whether a failed photo upload (QR method) means the match is gone (the code must be scanned
/// again).
pub fn upload_loses_match(code: Option<ErrorCode>) -> bool {
    code == Some(ErrorCode::NotFound)
}

/// What a failed face check leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaceFailure {
    /// The service is unavailable: on to the documents.
    ToDocuments,
    /// The filing is no longer waiting for a face check: said, and the filing fetched again
    /// (which moves the user to its step).
    WrongState,
    /// The still was refused (unusable, too large): said; another may be taken.
    StillRefused,
    /// The usual notice, with a retry of the same still.
    Other,
}

/// What a failed face check leads to.
pub fn face_failure(code: Option<ErrorCode>) -> FaceFailure {
    match code {
        Some(ErrorCode::FaceCheckUnavailable) => FaceFailure::ToDocuments,
        Some(ErrorCode::WrongState) => FaceFailure::WrongState,
        Some(ErrorCode::PhotoRejected | ErrorCode::PayloadTooLarge) => FaceFailure::StillRefused,
        _ => FaceFailure::Other,
    }
}

/// Where a failed submission of documents is said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentsFailure {
    /// At the photo (refused, too large, missing on the server).
    Photo,
    /// Above the form: the filing is not waiting for documents.
    Blocked,
    /// The usual notice, with a retry.
    Other,
}

/// Where a failed submission of documents is said.
pub fn documents_failure(code: Option<ErrorCode>) -> DocumentsFailure {
    match code {
        Some(ErrorCode::PhotoRejected | ErrorCode::PayloadTooLarge | ErrorCode::PhotoMissing) => {
            DocumentsFailure::Photo
        }
        Some(ErrorCode::WrongState) => DocumentsFailure::Blocked,
        _ => DocumentsFailure::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_failure_is_said_where_the_user_can_act_on_it() {
        use LookupFailure::*;
        let cases = [
            (Some(ErrorCode::EngineMismatch), None, Engine),
            (Some(ErrorCode::Validation), Some("engine_last6"), Engine),
            (Some(ErrorCode::Validation), Some("plate_number"), Plate),
            (Some(ErrorCode::VehicleNotFound), None, Plate),
            (Some(ErrorCode::AlreadyFiled), None, Plate),
            (Some(ErrorCode::LimitDaily), None, Limit),
            (Some(ErrorCode::LimitVehicles), None, Limit),
            (Some(ErrorCode::Internal), None, Other),
            (None, None, Other),
        ];
        for (code, field, expected) in cases {
            assert_eq!(lookup_failure(code, field), expected, "{code:?} {field:?}");
        }
    }

    #[test]
    fn a_refused_code_is_not_sent_again_but_a_busy_server_is_not_the_codes_fault() {
        use ResolveFailure::*;
        assert_eq!(resolve_failure(Some(ErrorCode::QrExpired), false), Refused);
        assert_eq!(resolve_failure(Some(ErrorCode::QrInvalid), false), Refused);
        assert_eq!(resolve_failure(Some(ErrorCode::OwnVehicle), false), Refused);
        assert_eq!(
            resolve_failure(Some(ErrorCode::LimitYearly), false),
            Refused
        );
        assert_eq!(
            resolve_failure(Some(ErrorCode::RateLimited), true),
            RateLimited
        );
        assert_eq!(
            resolve_failure(Some(ErrorCode::TooFrequent), false),
            RateLimited
        );
        assert_eq!(resolve_failure(Some(ErrorCode::Internal), true), Other);
        assert_eq!(resolve_failure(Some(ErrorCode::QrExpired), true), Other);
        assert_eq!(resolve_failure(None, true), Other);
    }

    #[test]
    fn face_and_documents_failures() {
        assert_eq!(
            face_failure(Some(ErrorCode::FaceCheckUnavailable)),
            FaceFailure::ToDocuments
        );
        assert_eq!(
            face_failure(Some(ErrorCode::WrongState)),
            FaceFailure::WrongState
        );
        assert_eq!(
            face_failure(Some(ErrorCode::PayloadTooLarge)),
            FaceFailure::StillRefused
        );
        assert_eq!(face_failure(None), FaceFailure::Other);
        assert_eq!(
            documents_failure(Some(ErrorCode::PhotoMissing)),
            DocumentsFailure::Photo
        );
        assert_eq!(
            documents_failure(Some(ErrorCode::WrongState)),
            DocumentsFailure::Blocked
        );
        assert_eq!(documents_failure(None), DocumentsFailure::Other);
        assert!(upload_loses_match(Some(ErrorCode::NotFound)));
        assert!(!upload_loses_match(Some(ErrorCode::PhotoRejected)));
    }
}
