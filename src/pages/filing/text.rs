//! Words shared by the filing screens of both methods: the flow's refusals, and the problems of
//! the plate and of the engine digits (typed on the SMS method's vehicle screen and on the QR
//! method's details screen).

use beian_contract::ErrorCode;
use beian_domain::{EngineError, PlateError};

use super::state::{outcome, PlateProblem};
use crate::api::ApiFailure;
use crate::i18n::*;

/// What is wrong with the engine digits: as typed, or as the server said.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineProblem {
    /// The digits break the domain rule.
    Format(EngineError),
    /// The server refused them.
    Api(ApiFailure),
}

/// What is wrong with the plate: as typed, or as the server said.
#[derive(Clone, Debug, PartialEq)]
pub enum PlateIssue {
    /// As typed.
    Typed(PlateProblem),
    /// The server refused the plate (or the vehicle).
    Api(ApiFailure),
}

/// Words for the typed API errors of this flow that are not about a single field's format
/// (limits, vehicle state, filing state). `None` for errors the screen handles itself.
pub fn flow_error_text(failure: &ApiFailure) -> Option<String> {
    let i18n = use_i18n();
    let code = *failure.code()?;
    if !outcome::refuses_filing(code) {
        return None;
    }
    Some(
        match code {
            ErrorCode::VehicleNotFound => t_string!(i18n, filing.err_vehicle_not_found),
            ErrorCode::EngineMismatch => t_string!(i18n, filing.err_engine_mismatch),
            ErrorCode::PlateTypeNotFileable => t_string!(i18n, filing.err_plate_type_not_fileable),
            ErrorCode::OwnVehicle => t_string!(i18n, filing.err_own_vehicle),
            ErrorCode::AlreadyFiled => t_string!(i18n, filing.err_already_filed),
            ErrorCode::LimitVehicles => t_string!(i18n, filing.err_limit_vehicles),
            ErrorCode::LimitDaily => t_string!(i18n, filing.err_limit_daily),
            ErrorCode::LimitYearly => t_string!(i18n, filing.err_limit_yearly),
            ErrorCode::LimitVehicleFilers => t_string!(i18n, filing.err_limit_vehicle_filers),
            ErrorCode::WrongState => t_string!(i18n, filing.err_wrong_state),
            ErrorCode::FaceCheckUnavailable => t_string!(i18n, filing.err_face_check_unavailable),
            ErrorCode::QrExpired => t_string!(i18n, qr.err_expired),
            ErrorCode::QrRevoked => t_string!(i18n, qr.err_revoked),
            ErrorCode::QrUsed => t_string!(i18n, qr.err_used),
            ErrorCode::PhotoMissing => t_string!(i18n, filing.err_photo_missing),
            // Only a photo can be over the limit (413): the app never sends large JSON.
            ErrorCode::PhotoRejected | ErrorCode::PayloadTooLarge => {
                t_string!(i18n, filing.err_photo_rejected)
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// The engine digits' problem in words.
pub fn engine_text(p: &EngineProblem) -> String {
    let i18n = use_i18n();
    match p {
        EngineProblem::Format(EngineError::Empty) => {
            t_string!(i18n, filing.engine_empty).to_string()
        }
        EngineProblem::Format(EngineError::WrongLength { actual }) => {
            t_string!(i18n, filing.engine_wrong_length, actual = *actual).to_string()
        }
        EngineProblem::Format(EngineError::BadCharacter { position, ch }) => t_string!(
            i18n,
            filing.engine_bad_character,
            position = *position,
            ch = ch.to_string()
        )
        .to_string(),
        EngineProblem::Api(f) => flow_error_text(f)
            .unwrap_or_else(|| t_string!(i18n, filing.engine_rejected).to_string()),
    }
}

/// The plate's problem in words.
pub fn plate_text(p: &PlateIssue) -> String {
    let i18n = use_i18n();
    match p {
        PlateIssue::Typed(PlateProblem::NoProvince) => {
            t_string!(i18n, filing.plate_no_province).to_string()
        }
        PlateIssue::Typed(PlateProblem::Format(e)) => match e {
            PlateError::Empty => t_string!(i18n, filing.plate_empty).to_string(),
            PlateError::UnknownProvince { ch } => {
                t_string!(i18n, filing.plate_unknown_province, ch = ch.to_string()).to_string()
            }
            PlateError::BadOffice { ch } => {
                t_string!(i18n, filing.plate_bad_office, ch = ch.to_string()).to_string()
            }
            PlateError::WrongLength { expected, actual } => t_string!(
                i18n,
                filing.plate_wrong_length,
                expected = *expected,
                actual = *actual
            )
            .to_string(),
            PlateError::BadCharacter { position, ch } => t_string!(
                i18n,
                filing.plate_bad_character,
                position = *position,
                ch = ch.to_string()
            )
            .to_string(),
            PlateError::NotFileableKind { ch } => {
                t_string!(i18n, filing.plate_not_fileable_kind, ch = ch.to_string()).to_string()
            }
            PlateError::NotFileableType { .. } => {
                t_string!(i18n, filing.err_plate_type_not_fileable).to_string()
            }
            PlateError::LooksLikeNewEnergy => {
                t_string!(i18n, filing.plate_looks_like_new_energy).to_string()
            }
            PlateError::LooksLikeSmallCar => {
                t_string!(i18n, filing.plate_looks_like_small_car).to_string()
            }
        },
        PlateIssue::Api(f) => {
            flow_error_text(f).unwrap_or_else(|| t_string!(i18n, filing.plate_rejected).to_string())
        }
    }
}
