//! The checks of the fuzz targets in `fuzz/` (one function per target), kept here so that the
//! normal `cargo test` replays every committed corpus seed (`fuzz/corpus/<target>/`) through the
//! very same code, and cargo-fuzz only adds the random inputs.
//!
//! Each check feeds the bytes to a parser of outside input the way the app does (text pasted or
//! typed, a scanned code, an API answer, a value read back from sessionStorage, a chosen file's
//! first bytes) and asserts that it answers with a value or a typed error, never a panic, and
//! that an accepted value is consistent (canonical, re-parses to itself, fits its rules).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use beian_contract::error::ApiError;
use beian_contract::filing::{FaceCheckResult, Filing, UploadedPhoto, VehicleMatch};
use beian_contract::handling::{HandlingResult, HandlingRules};
use beian_contract::message::MessageList;
use beian_contract::payment::PaymentOrder;
use beian_contract::session::{Me, SessionGrant, SmsChallenge};
use beian_contract::vehicle::VehicleList;
use beian_contract::violation::{Violation, ViolationList};
use beian_domain::image_header::{
    self as header, check_photo_file, photo_needs_more, read_header, PhotoFileError,
};
use beian_domain::*;
use beian_flow::filing::{MethodKind, Step as FilingStep, Wizard};
use beian_flow::payment::{payable, Payment, Step as PayStep};
use beian_flow::session::{SessionData, SignInPending};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One fuzz target's check: it panics when the input breaks a rule.
pub type Check = fn(&[u8]);

/// Every target: its name (the `fuzz/fuzz_targets/<name>.rs` file and corpus folder) and check.
pub const TARGETS: &[(&str, Check)] = &[
    ("filing_qr", filing_qr),
    ("api_responses", api_responses),
    ("stored_state", stored_state),
    ("sms_code", sms_code),
    ("plate", plate),
    ("engine", engine),
    ("vin", vin),
    ("mobile", mobile),
    ("id_number", id_number),
    ("image_header", image_header),
];

/// Text the way the browser hands it to the app (invalid UTF-8 replaced).
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// A scanned code into the vehicle filing QR payload parser: an accepted code round-trips
/// through its canonical payload, and is only accepted with the exact prefix.
pub fn filing_qr(data: &[u8]) {
    let text = text(data);
    match parse_filing_qr(&text) {
        Ok(q) => {
            assert!(text.trim().starts_with("BEIAN:1:"));
            assert_eq!(parse_filing_qr(&q.payload()).as_ref(), Ok(&q));
            assert!((16..=64).contains(&q.token().len()));
        }
        Err(FilingQrError::UnsupportedVersion { version }) => assert_ne!(version, 1),
        Err(e) => assert!(!e.code().is_empty()),
    }
}

/// Decodes `text` as the API client does (`serde_json::from_str`, an empty body as `null`);
/// what decodes serialises and decodes again to the same value.
fn decode<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(text: &str) -> Option<T> {
    let text = if text.trim().is_empty() { "null" } else { text };
    let value: T = serde_json::from_str(text).ok()?;
    let again: T =
        serde_json::from_str(&serde_json::to_string(&value).expect("a decoded value serialises"))
            .expect("a serialised value decodes");
    assert_eq!(again, value, "decode → encode → decode changed the value");
    Some(value)
}

/// An API answer body into every response type the app decodes and the error envelope, and
/// what the app then computes from it (amounts, what may be paid, the wizard's transitions).
pub fn api_responses(data: &[u8]) {
    let text = text(data);
    decode::<FaceCheckResult>(&text);
    decode::<UploadedPhoto>(&text);
    decode::<HandlingRules>(&text);
    decode::<Me>(&text);
    decode::<SessionGrant>(&text);
    decode::<VehicleList>(&text);
    decode::<MessageList>(&text);
    if let Some(e) = decode::<ApiError>(&text) {
        let _ = (e.error.code, e.error.field, e.error.retry_after_s);
    }
    if let Some(c) = decode::<SmsChallenge>(&text) {
        let mut w = Wizard::default();
        w.code_sent(&c, 1.7e12);
        let mut p = Payment::default();
        p.code_sent(&c, 1.7e12);
    }
    if let Some(m) = decode::<VehicleMatch>(&text) {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Qr);
        w.qr_found(&m);
        walk_wizard(&w);
    }
    if let Some(f) = decode::<Filing>(&text) {
        let mut w = Wizard::default();
        w.filed(&f);
        walk_wizard(&w);
    }
    let violations = decode::<ViolationList>(&text)
        .map(|l| l.violations)
        .unwrap_or_default();
    let one = decode::<Violation>(&text);
    for v in violations.iter().chain(one.iter()) {
        let _ = payable(v);
        let _ = (Fen(v.fine_fen) + Fen(v.surcharge_fen)).to_string();
    }
    if !violations.is_empty() {
        walk_payment(&Payment::start(&violations));
    }
    if let Some(r) = decode::<HandlingResult>(&text) {
        let mut p = Payment::start(&violations);
        p.decided(&r);
        walk_payment(&p);
    }
    if let Some(o) = decode::<PaymentOrder>(&text) {
        let mut p = Payment::default();
        p.ordered(&o);
        let _ = p.amount_confirmed(&o);
        let _ = Fen(o.amount_fen).to_string();
        walk_payment(&p);
    }
}

/// Everything the screens ask of a wizard.
fn walk_wizard(w: &Wizard) {
    let furthest = w.furthest();
    assert!(
        w.reachable(furthest) || w.filing.is_none(),
        "the furthest step is reachable"
    );
    for &s in FilingStep::ALL {
        let _ = w.reachable(s);
    }
    if let Some(s) = w.sms() {
        let _ = (
            s.plate_type(),
            s.plate_text(),
            s.plate(),
            s.lookup_request(),
        );
    }
    if let Some(q) = w.qr() {
        let _ = q.check_details(&q.engine, q.relationship);
    }
    let _ = (w.photo_ids(), w.create_request("123456"));
}

/// Everything the screens ask of a payment flow.
fn walk_payment(p: &Payment) {
    for &s in PayStep::ALL {
        let _ = p.reachable(s);
    }
    if let Some(s) = p.furthest() {
        assert!(p.reachable(s));
    }
    let _ = (
        p.points(),
        p.total().to_string(),
        p.decision_numbers(),
        p.needs_handling(),
    );
    for i in &p.items {
        let _ = i.due().to_string();
    }
}

/// A value read back from sessionStorage into each stored state (session, pending sign-in,
/// filing wizard, payment flow, the language), then used as the screens use it.
pub fn stored_state(data: &[u8]) {
    let raw = text(data);
    let _ = beian_flow::parse_stored::<SessionData>(&raw);
    let _ = beian_flow::parse_stored::<SignInPending>(&raw);
    let _ = beian_flow::parse_stored::<String>(&raw);
    if let Ok(w) = beian_flow::parse_stored::<Wizard>(&raw) {
        walk_wizard(&w);
        // Stored again, it reads back (floats may move by one unit in the last place, so no
        // equality here: serde_json's default float parsing is not always correctly rounded).
        let again = beian_flow::to_stored(&w).expect("a wizard serialises");
        let back = beian_flow::parse_stored::<Wizard>(&again).expect("a stored wizard reads back");
        assert_eq!(back.furthest(), w.furthest());
    }
    if let Ok(p) = beian_flow::parse_stored::<Payment>(&raw) {
        walk_payment(&p);
    }
}

/// Typed or pasted text (a whole SMS) into the SMS code parser.
pub fn sms_code(data: &[u8]) {
    match parse_sms_code(&text(data)) {
        Ok(c) => {
            assert_eq!(c.as_str().len(), 6);
            assert!(c.as_str().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(parse_sms_code(c.as_str()).as_ref(), Ok(&c));
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
}

/// A typed plate number, for every plate type.
pub fn plate(data: &[u8]) {
    let text = text(data);
    for kind in PlateType::ALL {
        if let Ok(p) = parse_plate(kind, &text) {
            assert_eq!(p.kind(), kind);
            assert!(PROVINCES.contains(&p.province()));
            let _ = p.office();
            assert_eq!(
                parse_plate(kind, p.as_str()).as_ref(),
                Ok(&p),
                "canonical plates re-parse"
            );
        }
    }
}

/// The typed last six characters of an engine number.
pub fn engine(data: &[u8]) {
    if let Ok(e) = parse_engine_last6(&text(data)) {
        assert_eq!(e.as_str().chars().count(), 6);
        assert_eq!(parse_engine_last6(e.as_str()).as_ref(), Ok(&e));
    }
}

/// A typed VIN.
pub fn vin(data: &[u8]) {
    let text = text(data);
    let _ = vin_check_digit(&text);
    if let Ok(v) = parse_vin(&text) {
        assert_eq!(v.as_str().len(), 17);
        assert_eq!(vin_check_digit(v.as_str()), v.as_str().chars().nth(8));
        assert_eq!(parse_vin(v.as_str()).as_ref(), Ok(&v));
    }
}

/// A typed mobile number.
pub fn mobile(data: &[u8]) {
    if let Ok(m) = parse_mobile(&text(data)) {
        assert_eq!(m.as_str().len(), 11);
        let masked = m.masked();
        assert!(
            !masked.contains(m.as_str()),
            "the masked number hides the middle digits"
        );
        assert_eq!(parse_mobile(m.as_str()).as_ref(), Ok(&m));
    }
}

/// A typed resident ID number.
pub fn id_number(data: &[u8]) {
    let text = text(data);
    let _ = id_check_char(&text);
    if let Ok(id) = parse_id_number(&text) {
        assert_eq!(id.as_str().len(), 18);
        assert!(!id.masked().contains(id.as_str()));
        let _ = id.birth_date();
        assert_eq!(parse_id_number(id.as_str()).as_ref(), Ok(&id));
    }
}

/// A chosen file's first bytes into the picture header reader and the photo file check.
pub fn image_header(data: &[u8]) {
    let header = read_header(data);
    let size = data.len() as u64;
    match check_photo_file(data, size) {
        Ok(h) => {
            assert_eq!(header, Ok(h));
            if let Some((w, h)) = h.size {
                assert!(w > 0 && h > 0 && u64::from(w) * u64::from(h) <= header::MAX_PHOTO_PIXELS);
            }
        }
        Err(PhotoFileError::TooManyPixels { width, height }) => {
            assert_eq!(header.map(|h| h.size), Ok(Some((width, height))));
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    assert!(
        !photo_needs_more(data, size),
        "the whole file never needs more bytes"
    );
    for cut in [data.len() / 2, data.len().saturating_sub(1)] {
        let _ = photo_needs_more(&data[..cut], size);
    }
}
