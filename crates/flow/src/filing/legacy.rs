//! Reading a stored wizard back, in the shape this version writes or in the flat shape earlier
//! versions wrote (one struct with a `qr` flag): a user who reloads mid-flow just after a new
//! version went live resumes where they were, with what they typed.

use beian_contract::filing::{DetailField, DocumentKind, Relationship};
use serde::Deserialize;

use super::{
    Challenge, FaceNote, FilingRef, Found, Method, QrPhoto, QrVehicle, SmsVehicle, Wizard,
};

/// Either shape; the current one is tried first.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Stored {
    Current(Current),
    Flat(Flat),
}

/// The shape [`Wizard`] is written in (its fields, no others).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Current {
    method: Option<Method>,
    other_method: Option<Method>,
    found: Option<Found>,
    challenge: Option<Challenge>,
    code: String,
    idempotency_key: Option<String>,
    filing: Option<FilingRef>,
    face_note: Option<FaceNote>,
    document_kind: Option<DocumentKind>,
}

/// The flat shape of earlier versions (the QR method's fields were added later, with defaults).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Flat {
    method_chosen: bool,
    plate_type: Option<String>,
    province: Option<char>,
    plate_rest: String,
    engine: String,
    found: Option<Found>,
    challenge: Option<Challenge>,
    code: String,
    idempotency_key: Option<String>,
    filing: Option<FilingRef>,
    face_note: Option<FaceNote>,
    document_kind: Option<DocumentKind>,
    #[serde(default)]
    qr: bool,
    #[serde(default)]
    qr_photos: Vec<QrPhoto>,
    #[serde(default)]
    qr_details: Vec<DetailField>,
    #[serde(default)]
    relationship: Option<Relationship>,
    #[serde(default)]
    details_done: bool,
}

impl From<Stored> for Wizard {
    fn from(s: Stored) -> Self {
        match s {
            Stored::Current(c) => Wizard {
                method: c.method,
                other_method: c.other_method,
                found: c.found,
                challenge: c.challenge,
                code: c.code,
                idempotency_key: c.idempotency_key,
                filing: c.filing,
                face_note: c.face_note,
                document_kind: c.document_kind,
            },
            Stored::Flat(f) => {
                let method = if !f.method_chosen {
                    None
                } else if f.qr {
                    Some(Method::Qr(QrVehicle {
                        photos: f.qr_photos,
                        details: f.qr_details,
                        engine: f.engine,
                        relationship: f.relationship,
                        details_done: f.details_done,
                    }))
                } else {
                    Some(Method::Sms(SmsVehicle {
                        plate_type: f.plate_type,
                        province: f.province,
                        plate_rest: f.plate_rest,
                        engine: f.engine,
                    }))
                };
                Wizard {
                    method,
                    other_method: None,
                    found: f.found,
                    challenge: f.challenge,
                    code: f.code,
                    idempotency_key: f.idempotency_key,
                    filing: f.filing,
                    face_note: f.face_note,
                    document_kind: f.document_kind,
                }
            }
        }
    }
}
