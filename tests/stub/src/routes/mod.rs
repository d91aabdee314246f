//! API routes, one module per area, and helpers they share (idempotency, image checks, views).

pub mod filing;
pub mod handling;
pub mod messages;
pub mod payer;
pub mod payments;
pub mod session;
pub mod vehicles;
pub mod violations;

use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use beian_contract::filing::{Filing, MAX_UPLOAD_BYTES};
use beian_contract::headers::IDEMPOTENCY_KEY;
use beian_contract::ErrorCode;
use serde::Serialize;

use crate::clock::rfc3339;
use crate::error::Fail;
use crate::state::{FilingRec, IdemRecord, World};

/// Refuses a field longer than the contract's limit (`422 validation`), before it is parsed; the
/// limits are in `beian_contract::rules` and the document states them as `maxLength`.
pub fn within(field: &str, value: &str, max: usize) -> Result<(), Fail> {
    if value.chars().count() > max {
        return Err(Fail::validation(field, format!("at most {max} characters")));
    }
    Ok(())
}

/// The `Idempotency-Key` header: 1–128 visible ASCII characters (`422 validation` otherwise).
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, Fail> {
    let value = headers.get(IDEMPOTENCY_KEY).ok_or_else(|| {
        Fail::validation(IDEMPOTENCY_KEY, "the Idempotency-Key header is required")
    })?;
    let key = value
        .to_str()
        .map_err(|_| Fail::validation(IDEMPOTENCY_KEY, "the key must be visible ASCII"))?;
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Fail::validation(
            IDEMPOTENCY_KEY,
            "the key must be 1-128 visible ASCII characters",
        ));
    }
    Ok(key.to_string())
}

/// The first answer to this key, if the same body was sent before; `idempotency_conflict` if the
/// key was used with another body.
pub fn idempotent_replay<B: Serialize>(
    world: &World,
    phone: &str,
    route: &'static str,
    key: &str,
    body: &B,
) -> Result<Option<serde_json::Value>, Fail> {
    let request = serde_json::to_value(body).unwrap_or_default();
    match world
        .idempotency
        .get(&(phone.to_string(), route, key.to_string()))
    {
        None => Ok(None),
        Some(rec) if rec.request == request => Ok(Some(rec.response.clone())),
        Some(_) => Err(Fail::new(
            ErrorCode::IdempotencyConflict,
            "this Idempotency-Key was used with a different body",
        )
        .field(IDEMPOTENCY_KEY)),
    }
}

/// Remembers the answer to an idempotent request.
pub fn idempotent_store<B: Serialize, R: Serialize>(
    world: &mut World,
    phone: &str,
    route: &'static str,
    key: String,
    body: &B,
    resp: &R,
) {
    let request = serde_json::to_value(body).unwrap_or_default();
    let response = serde_json::to_value(resp).unwrap_or_default();
    world.idempotency.insert(
        (phone.to_string(), route, key),
        IdemRecord { request, response },
    );
}

/// Checks an uploaded image: `image/jpeg` or `image/png`, at most [`MAX_UPLOAD_BYTES`], and the
/// bytes start like a JPEG or PNG file (`422 photo_rejected` otherwise).
pub fn check_image(headers: &HeaderMap, body: &Bytes) -> Result<(), Fail> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ctype = ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let is_jpeg = body.starts_with(&[0xFF, 0xD8, 0xFF]);
    let is_png = body.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]);
    let reject = |m: &str| Err(Fail::new(ErrorCode::PhotoRejected, m.to_string()).field("body"));
    if body.is_empty() {
        return reject("the image is empty");
    }
    if body.len() > MAX_UPLOAD_BYTES {
        return Err(crate::limits::too_large(MAX_UPLOAD_BYTES));
    }
    match ctype.as_str() {
        "image/jpeg" | "image/jpg" if is_jpeg => Ok(()),
        "image/png" if is_png => Ok(()),
        "image/jpeg" | "image/jpg" | "image/png" => reject("the bytes are not a JPEG or PNG image"),
        _ => reject("send the image as image/jpeg or image/png"),
    }
}

/// The wire view of a filing.
pub fn filing_view(world: &World, f: &FilingRec) -> Filing {
    let (plate_type, plate_number) = world
        .vehicle(&f.vehicle_id)
        .map(|v| (v.plate_type.code().to_string(), v.plate_number.clone()))
        .unwrap_or_default();
    Filing {
        id: f.id.clone(),
        method: f.method,
        plate_type,
        plate_number,
        state: f.state,
        missing_photos: f.missing_photos.clone(),
        documents: f.documents.clone(),
        reason: f.reason.clone(),
        created_at: rfc3339(f.created_at),
    }
}

/// Whether a licence class covers small passenger cars (02 / 52).
// TODO(beian-domain): switch to a domain `licence_covers(class, plate_type)` once it exists.
pub fn licence_covers(class: Option<&str>, plate_type: beian_domain::PlateType) -> bool {
    use beian_domain::PlateType::*;
    let Some(class) = class else { return false };
    let small = matches!(plate_type, SmallCar | SmallNewEnergy);
    let covers_small = ["A1", "A2", "A3", "B1", "B2", "C1", "C2"];
    small
        && class
            .split([',', ' '])
            .any(|c| covers_small.contains(&c.trim().to_ascii_uppercase().as_str()))
}
