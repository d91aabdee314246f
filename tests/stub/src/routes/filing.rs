//! Filing a vehicle: lookup / QR resolve, the owner's consent code, the application, photos,
//! face check, documents and review.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use beian_contract::filing::{
    CreateFiling, DetailField, DocumentKind, FaceCheckResult, Filing, FilingMethod, FilingState,
    LookupRequest, PhotoPrompt, PhotoSlot, QrResolveRequest, Relationship, UploadedPhoto,
    VehicleMatch, QR_INVALID_MESSAGE,
};
use beian_contract::message::MessageKind;
use beian_contract::paths;
use beian_contract::sandbox::FaceCheckOutcome;
use beian_contract::session::SmsChallenge;
use beian_contract::{ApiError, ErrorCode};
use beian_domain::{
    check_filing_limits, check_vehicle_filers, parse_engine_last6, parse_filing_qr, parse_plate,
    LimitError, PlateError, PlateType,
};

use crate::auth::Caller;
use crate::clock::date_of;
use crate::error::{ApiResult, Fail, Json};
use crate::limits::{count_qr_attempt, ClientAddr};
use crate::routes::{
    check_image, filing_view, idempotency_key, idempotent_replay, idempotent_store, within,
};
use crate::sms::{deliver, mask, send_code, verify_code};
use crate::state::{AppState, FilingRec, Match, Purpose, QrStatus, Vehicle, World};
use beian_contract::endpoint::{self as ep, Endpoint};
use beian_contract::rules;

/// The photos a QR filing asks for.
const QR_PHOTOS: [PhotoSlot; 2] = [PhotoSlot::VehicleFront45, PhotoSlot::EngineNumber];
/// The details a QR filing asks for.
const QR_DETAILS: [DetailField; 2] = [DetailField::EngineLast6, DetailField::Relationship];

/// Applications by a user: (held vehicles, today, this year).
pub fn usage(world: &World, phone: &str) -> (u32, u32, u32) {
    let today = world.clock.today();
    let mine = || world.filings.iter().filter(|f| f.applicant == phone);
    let held = mine().filter(|f| f.is_held()).count() as u32;
    let day = mine().filter(|f| date_of(f.created_at) == today).count() as u32;
    let year = mine()
        .filter(|f| date_of(f.created_at).year() == today.year())
        .count() as u32;
    (held, day, year)
}

/// May `phone` apply to file `vehicle`? (own vehicle, already filed, limits)
fn check_applicable(world: &World, phone: &str, vehicle: &Vehicle) -> Result<(), Fail> {
    if vehicle.owner_phone == phone {
        return Err(Fail::new(
            ErrorCode::OwnVehicle,
            "the vehicle is registered to you: no filing needed",
        ));
    }
    if world
        .filings
        .iter()
        .any(|f| f.applicant == phone && f.vehicle_id == vehicle.id && f.is_held())
    {
        return Err(Fail::new(
            ErrorCode::AlreadyFiled,
            "you already filed or applied to file this vehicle",
        ));
    }
    let (held, day, year) = usage(world, phone);
    check_filing_limits(held, day, year).map_err(limit_fail)?;
    let filers = world
        .filings
        .iter()
        .filter(|f| f.vehicle_id == vehicle.id && f.is_held() && f.applicant != vehicle.owner_phone)
        .count() as u32;
    check_vehicle_filers(filers).map_err(limit_fail)
}

fn limit_fail(e: LimitError) -> Fail {
    let code = match e {
        LimitError::TooManyVehicles { .. } => ErrorCode::LimitVehicles,
        LimitError::VehicleFilersFull { .. } => ErrorCode::LimitVehicleFilers,
        LimitError::DailyLimitReached { .. } => ErrorCode::LimitDaily,
        LimitError::YearlyLimitReached { .. } => ErrorCode::LimitYearly,
    };
    Fail::new(code, e.to_string())
}

fn new_match(
    world: &mut World,
    phone: &str,
    vehicle: &Vehicle,
    method: FilingMethod,
    qr_token: Option<String>,
) -> VehicleMatch {
    let id = world.next_id("match");
    world.matches.insert(
        id.clone(),
        Match {
            id: id.clone(),
            applicant: phone.to_string(),
            vehicle_id: vehicle.id.clone(),
            method,
            qr_token,
            photos: vec![],
        },
    );
    VehicleMatch {
        match_id: id,
        plate_type: vehicle.plate_type.code().to_string(),
        plate_number: vehicle.plate_number.clone(),
        masked_owner_phone: mask(&vehicle.owner_phone),
        required_photos: if method == FilingMethod::OwnerQr {
            QR_PHOTOS.iter().map(|&slot| PhotoPrompt { slot }).collect()
        } else {
            vec![]
        },
        required_details: if method == FilingMethod::OwnerQr {
            QR_DETAILS.to_vec()
        } else {
            vec![]
        },
    }
}

/// Finds a vehicle by plate and engine digits (the SMS method).
#[utoipa::path(post, path = <ep::FilingLookup as Endpoint>::PATH, tag = "filing", request_body = LookupRequest, security(("bearer" = [])),
    responses(
        (status = 200, description = "Found", body = VehicleMatch),
        (status = 404, description = "`vehicle_not_found`", body = ApiError),
        (status = 409, description = "`own_vehicle`, `already_filed`, `limit_vehicles`, `limit_vehicle_filers`, `limit_daily`, `limit_yearly`", body = ApiError),
        (status = 422, description = "`validation`, `plate_type_not_fileable`, `engine_mismatch`", body = ApiError),
    ))]
pub async fn lookup_vehicle(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<LookupRequest>,
) -> ApiResult<axum::Json<VehicleMatch>> {
    within("plate_type", &req.plate_type, rules::PLATE_TYPE_MAX)?;
    within("plate_number", &req.plate_number, rules::PLATE_NUMBER_MAX)?;
    within("engine_last6", &req.engine_last6, rules::ENGINE_MAX)?;
    let plate_type = PlateType::from_code(&req.plate_type)
        .ok_or_else(|| Fail::validation("plate_type", "unknown plate type code"))?;
    if !plate_type.fileable_online() {
        return Err(Fail::new(
            ErrorCode::PlateTypeNotFileable,
            "only plate types 02 and 52 can be filed online",
        )
        .field("plate_type"));
    }
    let plate = parse_plate(plate_type, &req.plate_number).map_err(|e| match e {
        PlateError::NotFileableKind { .. } | PlateError::NotFileableType { .. } => {
            Fail::new(ErrorCode::PlateTypeNotFileable, e.to_string()).field("plate_number")
        }
        _ => Fail::validation("plate_number", e.to_string()),
    })?;
    let engine = parse_engine_last6(&req.engine_last6)
        .map_err(|e| Fail::validation("engine_last6", e.to_string()))?;
    let mut world = state.world();
    let vehicle = world
        .vehicles
        .iter()
        .find(|v| v.plate_type == plate_type && v.plate_number == plate.as_str())
        .cloned()
        .ok_or_else(|| {
            Fail::new(
                ErrorCode::VehicleNotFound,
                "no vehicle with that plate type and number",
            )
        })?;
    if vehicle.engine_last6() != engine.as_str() {
        return Err(Fail::new(
            ErrorCode::EngineMismatch,
            "the engine number does not match",
        )
        .field("engine_last6"));
    }
    check_applicable(&world, &caller.phone, &vehicle)?;
    Ok(axum::Json(new_match(
        &mut world,
        &caller.phone,
        &vehicle,
        FilingMethod::OwnerSms,
        None,
    )))
}

/// Resolves a scanned vehicle filing code (the QR method).
///
/// The payload is `BEIAN:1:<token>` (scheme `BEIAN`, format version `1`, an opaque token of 16–64
/// characters from `[A-Za-z0-9_-]`); it carries nothing personal. The answer lists the photos
/// (`required_photos`) and details (`required_details`) the applicant must give.
#[utoipa::path(post, path = <ep::FilingQrResolve as Endpoint>::PATH, tag = "filing", request_body = QrResolveRequest, security(("bearer" = [])),
    responses(
        (status = 200, description = "Found; take the required photos", body = VehicleMatch),
        (status = 409, description = "`qr_used`, `own_vehicle`, `already_filed`, limits", body = ApiError),
        (status = 410, description = "`qr_expired`, `qr_revoked`", body = ApiError),
        (status = 422, description = "`qr_invalid`: one answer (same message and field) for text that is no filing code, a damaged token and an unknown one", body = ApiError),
        (status = 429, description = "`rate_limited`: more than 10 resolutions by this account, or 30 from this client address, in 10 minutes; wait `retry_after_s`", body = ApiError,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ))]
pub async fn resolve_qr(
    State(state): State<AppState>,
    caller: Caller,
    client: ClientAddr,
    Json(req): Json<QrResolveRequest>,
) -> ApiResult<axum::Json<VehicleMatch>> {
    within("payload", &req.payload, rules::QR_PAYLOAD_MAX)?;
    let mut world = state.world();
    count_qr_attempt(&mut world, &caller.phone, &client.0)?;
    // One answer for text that is no filing code, a damaged token and an unknown one.
    let invalid = || Fail::new(ErrorCode::QrInvalid, QR_INVALID_MESSAGE).field("payload");
    let parsed = parse_filing_qr(&req.payload).map_err(|_| invalid())?;
    let token = parsed.token();
    let now = world.now_s();
    let qr = world
        .qr_tokens
        .iter()
        .find(|q| q.token == token)
        .cloned()
        .ok_or_else(invalid)?;
    match qr.status {
        QrStatus::Revoked => {
            return Err(Fail::new(
                ErrorCode::QrRevoked,
                "the owner revoked this code",
            ))
        }
        QrStatus::Used => return Err(Fail::new(ErrorCode::QrUsed, "this code was already used")),
        QrStatus::Active if now >= qr.expires_at => {
            return Err(Fail::new(
                ErrorCode::QrExpired,
                "the code has expired; ask the owner to refresh it",
            ))
        }
        QrStatus::Active => {}
    }
    let vehicle = world
        .vehicle(&qr.vehicle_id)
        .cloned()
        .ok_or_else(|| Fail::new(ErrorCode::VehicleNotFound, "no such vehicle"))?;
    check_applicable(&world, &caller.phone, &vehicle)?;
    Ok(axum::Json(new_match(
        &mut world,
        &caller.phone,
        &vehicle,
        FilingMethod::OwnerQr,
        Some(qr.token),
    )))
}

/// Uploads a prompted photo for a QR match, before the filing exists; a new upload to the same
/// slot replaces the earlier one.
#[utoipa::path(put, path = <ep::FilingMatchPhoto as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("match_id" = String, Path, description = "From the match"), ("slot" = crate::openapi::SlotParam, Path, description = "Photo slot")),
    request_body(content((crate::openapi::Image = "image/jpeg"), (crate::openapi::Image = "image/png")), description = "The photo, at most 4 MiB"),
    responses(
        (status = 200, description = "Stored; send `photo_id` with the filing", body = UploadedPhoto),
        (status = 404, description = "`not_found` (match)", body = ApiError),
        (status = 409, description = "`wrong_state` (not a QR match)", body = ApiError),
        (status = 422, description = "`photo_rejected`, `validation` (slot)", body = ApiError),
    ))]
pub async fn put_match_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path((match_id, slot)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<axum::Json<UploadedPhoto>> {
    let slot = parse_slot(&slot).ok_or_else(|| Fail::validation("slot", "unknown photo slot"))?;
    let mut world = state.world();
    let m = world
        .matches
        .get(&match_id)
        .filter(|m| m.applicant == caller.phone)
        .ok_or_else(|| Fail::not_found("match"))?;
    if m.method != FilingMethod::OwnerQr {
        return Err(Fail::new(
            ErrorCode::WrongState,
            "only a QR match takes photos before the filing",
        ));
    }
    check_image(&headers, &body_or_reject(body)?)?;
    let photo_id = world.next_id("photo");
    if let Some(m) = world.matches.get_mut(&match_id) {
        m.photos.retain(|(_, s)| *s != slot);
        m.photos.push((photo_id.clone(), slot));
    }
    Ok(axum::Json(UploadedPhoto { photo_id, slot }))
}

/// Checks the details and photos sent with a QR filing (before the owner's code is checked, so a
/// mistake here does not use up a try of the code).
fn check_qr_details(req: &CreateFiling, m: &Match, vehicle: &Vehicle) -> Result<(), Fail> {
    match req.relationship {
        None => {
            return Err(Fail::validation(
                "relationship",
                "choose the relationship to the owner",
            ))
        }
        Some(Relationship::Unknown) => {
            return Err(Fail::validation("relationship", "unknown relationship"))
        }
        Some(_) => {}
    }
    within(
        "engine_last6",
        req.engine_last6.as_deref().unwrap_or(""),
        rules::ENGINE_MAX,
    )?;
    let engine = parse_engine_last6(req.engine_last6.as_deref().unwrap_or(""))
        .map_err(|e| Fail::validation("engine_last6", e.to_string()))?;
    if vehicle.engine_last6() != engine.as_str() {
        return Err(Fail::new(
            ErrorCode::EngineMismatch,
            "the engine number does not match",
        )
        .field("engine_last6"));
    }
    for id in &req.photo_ids {
        if !m.photos.iter().any(|(p, _)| p == id) {
            return Err(Fail::new(
                ErrorCode::PhotoMissing,
                format!("photo {id} was not uploaded for this match (or was replaced)"),
            )
            .field("photo_ids"));
        }
    }
    for slot in QR_PHOTOS {
        let sent = m
            .photos
            .iter()
            .any(|(p, s)| *s == slot && req.photo_ids.contains(p));
        if !sent {
            return Err(Fail::new(
                ErrorCode::PhotoMissing,
                format!("the {slot:?} photo is missing"),
            )
            .field("photo_ids"));
        }
    }
    Ok(())
}

/// Sends the owner the consent code for a match.
#[utoipa::path(post, path = <ep::FilingOwnerCode as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("match_id" = String, Path, description = "From the match")),
    responses(
        (status = 200, description = "Code sent to the owner", body = SmsChallenge),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 429, description = "`too_frequent`", body = ApiError),
    ))]
pub async fn send_owner_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(match_id): Path<String>,
) -> ApiResult<axum::Json<SmsChallenge>> {
    let mut world = state.world();
    let m = world
        .matches
        .get(&match_id)
        .filter(|m| m.applicant == caller.phone)
        .cloned()
        .ok_or_else(|| Fail::not_found("match"))?;
    let owner = world
        .vehicle(&m.vehicle_id)
        .map(|v| v.owner_phone.clone())
        .ok_or_else(|| Fail::not_found("vehicle"))?;
    Ok(axum::Json(send_code(
        &mut world,
        &owner,
        Purpose::OwnerConsent,
        m.id,
        &caller.phone,
    )?))
}

/// Applies to file the matched vehicle with the owner's code.
#[utoipa::path(post, path = <ep::CreateFiling as Endpoint>::PATH, tag = "filing", request_body = CreateFiling, security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 128, pattern = r"^[!-~]+$",
        description = "1-128 visible ASCII characters; a retry with the same key and body returns the first answer")),
    responses(
        (status = 201, description = "Created (or the first answer to this key)", body = Filing),
        (status = 404, description = "`not_found` (match)", body = ApiError),
        (status = 409, description = "`already_filed`, limits, `qr_used`", body = ApiError),
        (status = 410, description = "`qr_expired`, `qr_revoked`", body = ApiError),
        (status = 422, description = "`validation` (e.g. `Idempotency-Key`, `relationship`, `engine_last6`), `engine_mismatch`, `photo_missing`, `idempotency_conflict`, code errors", body = ApiError),
    ))]
pub async fn create_filing(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(req): Json<CreateFiling>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let mut world = state.world();
    if let Some(first) = idempotent_replay(&world, &caller.phone, paths::FILINGS, &key, &req)? {
        return Ok((StatusCode::CREATED, axum::Json(first)).into_response());
    }
    let m = world
        .matches
        .get(&req.match_id)
        .filter(|m| m.applicant == caller.phone)
        .cloned()
        .ok_or_else(|| Fail::not_found("match").field("match_id"))?;
    let vehicle = world
        .vehicle(&m.vehicle_id)
        .cloned()
        .ok_or_else(|| Fail::not_found("vehicle"))?;
    check_applicable(&world, &caller.phone, &vehicle)?;
    let now = world.now_s();
    if let Some(token) = &m.qr_token {
        if let Some(qr) = world.qr_tokens.iter().find(|q| &q.token == token) {
            match qr.status {
                QrStatus::Used => {
                    return Err(Fail::new(ErrorCode::QrUsed, "this code was already used"))
                }
                QrStatus::Revoked => {
                    return Err(Fail::new(
                        ErrorCode::QrRevoked,
                        "the owner revoked this code",
                    ))
                }
                QrStatus::Active if now >= qr.expires_at => {
                    return Err(Fail::new(ErrorCode::QrExpired, "the code has expired"))
                }
                QrStatus::Active => {}
            }
        }
    }
    // The QR method with its photos and details (sent together) goes to staff review at once;
    // without photos it waits for them on the filing (`awaiting_photos`).
    if m.method != FilingMethod::OwnerQr && !req.photo_ids.is_empty() {
        // Photos are uploaded for QR matches only: these ids cannot be this match's.
        return Err(
            Fail::new(ErrorCode::PhotoMissing, "photos belong to a QR match only")
                .field("photo_ids"),
        );
    }
    let qr_complete = m.method == FilingMethod::OwnerQr && !req.photo_ids.is_empty();
    if qr_complete {
        check_qr_details(&req, &m, &vehicle)?;
    }
    let phone = caller.phone.clone();
    verify_code(&mut world, &req.challenge_id, &req.code, |c| {
        c.purpose == Purpose::OwnerConsent && c.context == m.id && c.requester == phone
    })?;
    if let Some(token) = &m.qr_token {
        if let Some(qr) = world.qr_tokens.iter_mut().find(|q| &q.token == token) {
            qr.status = QrStatus::Used;
        }
    }
    let (state_, missing) = match m.method {
        FilingMethod::OwnerQr if qr_complete => (FilingState::PendingReview, vec![]),
        FilingMethod::OwnerQr => (FilingState::AwaitingPhotos, QR_PHOTOS.to_vec()),
        _ => (FilingState::AwaitingFaceCheck, vec![]),
    };
    let id = world.next_id("f");
    let rec = FilingRec {
        id,
        applicant: caller.phone.clone(),
        vehicle_id: vehicle.id.clone(),
        method: m.method,
        state: state_,
        missing_photos: missing,
        documents: vec![],
        reason: None,
        created_at: now,
        approved_at: None,
    };
    let view = filing_view(&world, &rec);
    world.filings.push(rec);
    world.matches.remove(&m.id);
    if qr_complete {
        world.send_message(
            &caller.phone,
            MessageKind::FilingUnderReview,
            Some(vehicle.plate_number.clone()),
            None,
            format!(
                "您申请备案的机动车{}已提交人工审核，将在1个工作日内完成。",
                vehicle.plate_number
            ),
        );
    }
    idempotent_store(&mut world, &caller.phone, paths::FILINGS, key, &req, &view);
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

fn my_filing<'a>(world: &'a mut World, phone: &str, id: &str) -> Result<&'a mut FilingRec, Fail> {
    world
        .filings
        .iter_mut()
        .find(|f| f.id == id && f.applicant == phone)
        .ok_or_else(|| Fail::not_found("filing"))
}

fn wrong_state(f: &FilingRec, step: &str) -> Fail {
    Fail::new(
        ErrorCode::WrongState,
        format!("{step} is not possible while the filing is {:?}", f.state),
    )
}

/// One filing application.
#[utoipa::path(get, path = <ep::GetFiling as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("filing_id" = String, Path, description = "Filing id")),
    responses((status = 200, description = "The filing", body = Filing), (status = 404, description = "`not_found`", body = ApiError)))]
pub async fn get_filing(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Filing>> {
    let mut world = state.world();
    let f = my_filing(&mut world, &caller.phone, &id)?.clone();
    Ok(axum::Json(filing_view(&world, &f)))
}

fn parse_slot(s: &str) -> Option<PhotoSlot> {
    match s {
        "vehicle_front45" => Some(PhotoSlot::VehicleFront45),
        "engine_number" => Some(PhotoSlot::EngineNumber),
        _ => None,
    }
}

fn body_or_reject(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Fail> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return crate::limits::too_large(beian_contract::filing::MAX_UPLOAD_BYTES);
        }
        Fail::new(
            ErrorCode::PhotoRejected,
            format!("the upload could not be read: {e}"),
        )
        .field("body")
    })
}

/// Uploads a prompted photo of a QR filing.
#[utoipa::path(put, path = <ep::FilingPhoto as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("filing_id" = String, Path, description = "Filing id"), ("slot" = crate::openapi::SlotParam, Path, description = "Photo slot")),
    request_body(content((crate::openapi::Image = "image/jpeg"), (crate::openapi::Image = "image/png")), description = "The photo, at most 4 MiB"),
    responses(
        (status = 200, description = "Stored", body = Filing),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`", body = ApiError),
        (status = 422, description = "`photo_rejected`, `validation` (slot)", body = ApiError),
    ))]
pub async fn put_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, slot)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<axum::Json<Filing>> {
    let slot = parse_slot(&slot).ok_or_else(|| Fail::validation("slot", "unknown photo slot"))?;
    let mut world = state.world();
    let f = my_filing(&mut world, &caller.phone, &id)?;
    if f.state != FilingState::AwaitingPhotos {
        return Err(wrong_state(f, "uploading photos"));
    }
    check_image(&headers, &body_or_reject(body)?)?;
    f.missing_photos.retain(|s| *s != slot);
    if f.missing_photos.is_empty() {
        f.state = FilingState::AwaitingFaceCheck;
    }
    let f = f.clone();
    Ok(axum::Json(filing_view(&world, &f)))
}

/// Approves a filing: state, message to the applicant, SMS to applicant and owner.
pub fn approve(world: &mut World, id: &str) {
    let now = world.now_s();
    let Some(f) = world.filings.iter_mut().find(|f| f.id == id) else {
        return;
    };
    f.state = FilingState::Approved;
    f.approved_at = Some(now);
    let (applicant, vehicle_id) = (f.applicant.clone(), f.vehicle_id.clone());
    let Some(v) = world.vehicle(&vehicle_id).cloned() else {
        return;
    };
    world.send_message(
        &applicant,
        MessageKind::FilingApproved,
        Some(v.plate_number.clone()),
        None,
        format!(
            "您申请备案的机动车{}已通过审核，可在“我的车辆”中查询。",
            v.plate_number
        ),
    );
    notify_sms(world, &applicant, &v, true, None);
}

fn notify_sms(
    world: &mut World,
    applicant: &str,
    v: &Vehicle,
    approved: bool,
    reason: Option<&str>,
) {
    let (to_applicant, to_owner) = if approved {
        (
            format!("【交管12123】您申请备案的机动车{}已通过。", v.plate_number),
            format!(
                "【交管12123】用户{}已备案您的机动车{}，如有异议可在交管12123中撤销。",
                mask(applicant),
                v.plate_number
            ),
        )
    } else {
        let r = reason.unwrap_or("");
        (
            format!(
                "【交管12123】您申请备案的机动车{}未通过审核，原因：{r}。",
                v.plate_number
            ),
            format!(
                "【交管12123】用户{}备案您的机动车{}的申请未通过审核。",
                mask(applicant),
                v.plate_number
            ),
        )
    };
    deliver(world, applicant, Purpose::ReviewResult, to_applicant, None);
    deliver(world, &v.owner_phone, Purpose::ReviewResult, to_owner, None);
}

/// Rejects a filing with a reason: message to the applicant, SMS to applicant and owner.
pub fn reject(world: &mut World, id: &str, reason: &str) {
    let Some(f) = world.filings.iter_mut().find(|f| f.id == id) else {
        return;
    };
    f.state = FilingState::Rejected;
    f.reason = Some(reason.to_string());
    let (applicant, vehicle_id) = (f.applicant.clone(), f.vehicle_id.clone());
    let Some(v) = world.vehicle(&vehicle_id).cloned() else {
        return;
    };
    world.send_message(
        &applicant,
        MessageKind::FilingRejected,
        Some(v.plate_number.clone()),
        Some(reason.to_string()),
        format!(
            "您申请备案的机动车{}未通过审核，原因：{reason}。",
            v.plate_number
        ),
    );
    notify_sms(world, &applicant, &v, false, Some(reason));
}

/// Checks the applicant's face (outcome set by `POST /sandbox/face-check`).
#[utoipa::path(post, path = <ep::FaceCheck as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("filing_id" = String, Path, description = "Filing id")),
    request_body(content((crate::openapi::Image = "image/jpeg"), (crate::openapi::Image = "image/png")), description = "A still of the applicant's face"),
    responses(
        (status = 200, description = "Checked: approved, or awaiting documents when `passed` is false", body = FaceCheckResult),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`", body = ApiError),
        (status = 422, description = "`photo_rejected`", body = ApiError),
        (status = 503, description = "`face_check_unavailable`: the filing now awaits documents", body = ApiError),
    ))]
pub async fn face_check(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<axum::Json<FaceCheckResult>> {
    let mut world = state.world();
    let outcome = world.face_outcome;
    let f = my_filing(&mut world, &caller.phone, &id)?;
    if f.state != FilingState::AwaitingFaceCheck {
        return Err(wrong_state(f, "a face check"));
    }
    check_image(&headers, &body_or_reject(body)?)?;
    let passed = match outcome {
        FaceCheckOutcome::Pass => true,
        FaceCheckOutcome::Fail => {
            f.state = FilingState::AwaitingDocuments;
            false
        }
        FaceCheckOutcome::Unavailable => {
            f.state = FilingState::AwaitingDocuments;
            return Err(Fail(
                ApiError::new(
                    ErrorCode::FaceCheckUnavailable,
                    "the face check service is unavailable: upload documents",
                )
                .retry_after(60),
            ));
        }
    };
    if passed {
        approve(&mut world, &id);
    }
    let f = world
        .filings
        .iter()
        .find(|f| f.id == id)
        .cloned()
        .ok_or_else(|| Fail::not_found("filing"))?;
    Ok(axum::Json(FaceCheckResult {
        passed,
        filing: filing_view(&world, &f),
    }))
}

/// The applicant cannot take the face check (no camera, or the camera was refused): documents go
/// to staff review instead. Idempotent: a filing already awaiting documents is answered as it is.
#[utoipa::path(post, path = <ep::FaceCheckNoCamera as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("filing_id" = String, Path, description = "Filing id")),
    responses(
        (status = 200, description = "The filing, now awaiting documents", body = Filing),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`", body = ApiError),
    ))]
pub async fn face_check_no_camera(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Filing>> {
    let mut world = state.world();
    let f = my_filing(&mut world, &caller.phone, &id)?;
    match f.state {
        FilingState::AwaitingFaceCheck => f.state = FilingState::AwaitingDocuments,
        FilingState::AwaitingDocuments => {}
        _ => return Err(wrong_state(f, "documents instead of a face check")),
    }
    let f = f.clone();
    Ok(axum::Json(filing_view(&world, &f)))
}

/// Uploads an identity document for staff review.
#[utoipa::path(put, path = <ep::FilingDocument as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("filing_id" = String, Path, description = "Filing id"), ("kind" = crate::openapi::DocumentKindParam, Path, description = "Document kind")),
    request_body(content((crate::openapi::Image = "image/jpeg"), (crate::openapi::Image = "image/png")), description = "The document photo"),
    responses(
        (status = 200, description = "Stored", body = Filing),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`", body = ApiError),
        (status = 422, description = "`photo_rejected`, `validation` (kind)", body = ApiError),
    ))]
pub async fn put_document(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, kind)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<axum::Json<Filing>> {
    let kind = match kind.as_str() {
        "selfie_with_id_card" => DocumentKind::SelfieWithIdCard,
        "driving_licence" => DocumentKind::DrivingLicence,
        _ => return Err(Fail::validation("kind", "unknown document kind")),
    };
    let mut world = state.world();
    let f = my_filing(&mut world, &caller.phone, &id)?;
    if f.state != FilingState::AwaitingDocuments {
        return Err(wrong_state(f, "uploading documents"));
    }
    check_image(&headers, &body_or_reject(body)?)?;
    if !f.documents.contains(&kind) {
        f.documents.push(kind);
    }
    let f = f.clone();
    Ok(axum::Json(filing_view(&world, &f)))
}

/// Submits the documents for staff review.
#[utoipa::path(post, path = <ep::SubmitReview as Endpoint>::PATH, tag = "filing", security(("bearer" = [])),
    params(("filing_id" = String, Path, description = "Filing id")),
    responses(
        (status = 200, description = "Pending review", body = Filing),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`", body = ApiError),
        (status = 422, description = "`photo_missing` (no document yet)", body = ApiError),
    ))]
pub async fn submit_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Filing>> {
    let mut world = state.world();
    let f = my_filing(&mut world, &caller.phone, &id)?;
    if f.state != FilingState::AwaitingDocuments {
        return Err(wrong_state(f, "submitting for review"));
    }
    if f.documents.is_empty() {
        return Err(
            Fail::new(ErrorCode::PhotoMissing, "upload a document first").field("documents"),
        );
    }
    f.state = FilingState::PendingReview;
    let f = f.clone();
    let plate = world.vehicle(&f.vehicle_id).map(|v| v.plate_number.clone());
    world.send_message(
        &caller.phone,
        MessageKind::FilingUnderReview,
        plate.clone(),
        None,
        format!(
            "您申请备案的机动车{}已提交人工审核，将在1个工作日内完成。",
            plate.unwrap_or_default()
        ),
    );
    Ok(axum::Json(filing_view(&world, &f)))
}
