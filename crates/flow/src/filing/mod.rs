//! The filing wizard's state machine, as plain data: which steps exist, which one the user may
//! be on given what they have done, the transitions the pages call and the requests they send.
//! The method ([`Method`]) carries its own data: the SMS method's entries ([`sms`]) or what the
//! QR method's code asked for ([`qr`]); each method has its list of steps ([`Method::steps`]).
//! Where each failure leads is in [`outcome`]. The app keeps the wizard in sessionStorage (key
//! `beian.filing`) after every change, so a reload (the user switched apps to read the SMS) comes
//! back to the same step with what was typed; reading it back goes through
//! [`crate::parse_stored`], which also reads the flat shape earlier versions wrote. It holds no
//! photo, no full phone number and no ID number: the owner's phone is masked by the server.

mod legacy;
pub mod outcome;
pub mod qr;
pub mod sms;

use beian_contract::filing::{
    CreateFiling, DocumentKind, Filing, FilingState, PhotoSlot, Relationship, VehicleMatch,
};
use beian_contract::session::SmsChallenge;
use serde::{Deserialize, Serialize};

pub use qr::{Details, DetailsProblems, QrPhoto, QrVehicle};
pub use sms::{PlateProblem, SmsVehicle, VehicleProblems};

/// One screen of the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    /// Choose how the owner consents.
    Method,
    /// SMS method: plate type (02 or 52).
    PlateType,
    /// SMS method: plate number and the engine number's last six.
    Vehicle,
    /// QR method: scan the owner's vehicle filing code (camera or photo).
    QrScan,
    /// QR method: the photos the server asks for.
    QrPhotos,
    /// QR method: the details the server asks for.
    QrDetails,
    /// The vehicle found; send the owner's code and enter it.
    OwnerCode,
    /// The applicant's face check.
    Face,
    /// Identity documents for staff review (face check failed or impossible).
    Documents,
    /// Finished: approved, or under review.
    Done,
}

crate::flow_steps!(Step, "/file", [
    Method => "method",
    PlateType => "plate-type",
    Vehicle => "vehicle",
    QrScan => "scan",
    QrPhotos => "photos",
    QrDetails => "details",
    OwnerCode => "owner-code",
    Face => "face",
    Documents => "documents",
    Done => "done",
]);

impl Step {
    /// Which of the [`STAGES`] of the step indicator this step belongs to (0-based).
    pub fn stage(self) -> usize {
        match self {
            Step::Method => 0,
            Step::PlateType | Step::Vehicle | Step::QrScan | Step::QrPhotos | Step::QrDetails => 1,
            Step::OwnerCode => 2,
            Step::Face | Step::Documents => 3,
            Step::Done => 4,
        }
    }
}

/// How many stages the step indicator shows.
pub const STAGES: usize = 5;

/// The steps before a method is chosen.
const NO_METHOD_STEPS: &[Step] = &[Step::Method];
/// The SMS method's steps, in order.
const SMS_STEPS: &[Step] = &[
    Step::Method,
    Step::PlateType,
    Step::Vehicle,
    Step::OwnerCode,
    Step::Face,
    Step::Documents,
    Step::Done,
];
/// The QR method's steps, in order.
const QR_STEPS: &[Step] = &[
    Step::Method,
    Step::QrScan,
    Step::QrPhotos,
    Step::QrDetails,
    Step::OwnerCode,
    Step::Face,
    Step::Documents,
    Step::Done,
];

/// Which way the owner consents, without its data (what the method screen offers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodKind {
    /// The owner's SMS code, after a lookup by plate and engine digits.
    Sms,
    /// The owner's vehicle QR code, photos and details, then the owner's SMS code.
    Qr,
}

impl MethodKind {
    /// Both, in the order offered.
    pub const ALL: [MethodKind; 2] = [MethodKind::Sms, MethodKind::Qr];

    /// Its value in a form (`owner_sms`, `owner_qr`).
    pub fn value(self) -> &'static str {
        match self {
            MethodKind::Sms => "owner_sms",
            MethodKind::Qr => "owner_qr",
        }
    }

    /// The kind of a form value.
    pub fn from_value(value: &str) -> Option<MethodKind> {
        Self::ALL.into_iter().find(|k| k.value() == value)
    }
}

/// The method chosen, with what the user gave for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The owner's SMS code method.
    Sms(SmsVehicle),
    /// The owner's vehicle QR code method.
    Qr(QrVehicle),
}

impl Method {
    /// A method with nothing given yet.
    pub fn new(kind: MethodKind) -> Method {
        match kind {
            MethodKind::Sms => Method::Sms(SmsVehicle::default()),
            MethodKind::Qr => Method::Qr(QrVehicle::default()),
        }
    }

    /// Its kind.
    pub fn kind(&self) -> MethodKind {
        match self {
            Method::Sms(_) => MethodKind::Sms,
            Method::Qr(_) => MethodKind::Qr,
        }
    }

    /// The steps of this method, in order.
    pub fn steps(&self) -> &'static [Step] {
        match self {
            Method::Sms(_) => SMS_STEPS,
            Method::Qr(_) => QR_STEPS,
        }
    }

    /// The first step after the method screen.
    pub fn first_step(&self) -> Step {
        self.steps()[1]
    }

    /// The step before the owner's code.
    pub fn before_owner_code(&self) -> Step {
        match self {
            Method::Sms(_) => Step::Vehicle,
            Method::Qr(_) => Step::QrDetails,
        }
    }
}

/// The vehicle the lookup found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// Opaque match id (for the owner's code and the filing).
    pub match_id: String,
    /// Plate number as the server normalised it.
    pub plate_number: String,
    /// The owner's phone, masked by the server.
    pub masked_owner_phone: String,
}

/// The owner's consent code that was sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Challenge {
    /// Opaque challenge id.
    pub challenge_id: String,
    /// Where it went, masked.
    pub masked_phone: String,
    /// When another code may be asked for (ms since the epoch).
    pub resend_at_ms: f64,
    /// When this code expires (ms since the epoch).
    pub expires_at_ms: f64,
}

impl Challenge {
    /// The code the server just sent (`now_ms`: the time it answered).
    pub fn sent(c: &SmsChallenge, now_ms: f64) -> Self {
        Self {
            challenge_id: c.challenge_id.clone(),
            masked_phone: c.masked_phone.clone(),
            resend_at_ms: now_ms + f64::from(c.resend_after_s) * 1000.0,
            expires_at_ms: now_ms + f64::from(c.expires_in_s) * 1000.0,
        }
    }
}

/// The filing application once created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingRef {
    /// Filing id.
    pub id: String,
    /// Plate number.
    pub plate_number: String,
    /// Where it stands.
    pub state: FilingState,
}

/// Why the user is at the documents step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaceNote {
    /// The face check did not match.
    Failed,
    /// The face check service was unavailable.
    Unavailable,
    /// The camera could not be used.
    NoCamera,
}

/// Everything the wizard knows. Only opaque ids, masked numbers and what the user typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "legacy::Stored")]
pub struct Wizard {
    /// The method chosen, with its data (`None` until chosen).
    pub method: Option<Method>,
    /// The other method's data, set aside when the user switched methods, so that switching
    /// back loses nothing typed (its match, if any, is forgotten).
    pub other_method: Option<Method>,
    /// The vehicle found (by the lookup or the scanned code).
    pub found: Option<Found>,
    /// The owner's code that was sent.
    pub challenge: Option<Challenge>,
    /// The code as typed.
    pub code: String,
    /// Idempotency key of the current filing attempt (one per attempt, reused on retries).
    pub idempotency_key: Option<String>,
    /// The created filing.
    pub filing: Option<FilingRef>,
    /// Why the documents step is shown.
    pub face_note: Option<FaceNote>,
    /// The document kind chosen.
    pub document_kind: Option<DocumentKind>,
}

impl Wizard {
    /// The SMS method's entries, when that is the method.
    pub fn sms(&self) -> Option<&SmsVehicle> {
        match &self.method {
            Some(Method::Sms(s)) => Some(s),
            _ => None,
        }
    }

    /// The QR method's data, when that is the method.
    pub fn qr(&self) -> Option<&QrVehicle> {
        match &self.method {
            Some(Method::Qr(q)) => Some(q),
            _ => None,
        }
    }

    fn sms_mut(&mut self) -> Option<&mut SmsVehicle> {
        match &mut self.method {
            Some(Method::Sms(s)) => Some(s),
            _ => None,
        }
    }

    fn qr_mut(&mut self) -> Option<&mut QrVehicle> {
        match &mut self.method {
            Some(Method::Qr(q)) => Some(q),
            _ => None,
        }
    }

    /// The kind of method chosen.
    pub fn method_kind(&self) -> Option<MethodKind> {
        self.method.as_ref().map(Method::kind)
    }

    /// The steps of the chosen method (only the method screen before one is chosen).
    pub fn steps(&self) -> &'static [Step] {
        self.method.as_ref().map_or(NO_METHOD_STEPS, Method::steps)
    }

    /// The step before the owner's code (for its "back" link).
    pub fn before_owner_code(&self) -> Step {
        self.method
            .as_ref()
            .map_or(Step::Method, Method::before_owner_code)
    }

    /// The furthest step the user may be on now.
    pub fn furthest(&self) -> Step {
        if let Some(f) = &self.filing {
            return match f.state {
                FilingState::AwaitingFaceCheck if self.face_note == Some(FaceNote::NoCamera) => {
                    Step::Documents
                }
                FilingState::AwaitingFaceCheck | FilingState::AwaitingPhotos => Step::Face,
                FilingState::AwaitingDocuments => Step::Documents,
                _ => Step::Done,
            };
        }
        match &self.method {
            None => Step::Method,
            Some(Method::Qr(q)) => {
                if self.found.is_none() {
                    Step::QrScan
                } else if q.photos_missing() {
                    Step::QrPhotos
                } else if !q.details_done {
                    Step::QrDetails
                } else {
                    Step::OwnerCode
                }
            }
            Some(Method::Sms(s)) => {
                if s.plate_type().is_none() {
                    Step::PlateType
                } else if self.found.is_none() {
                    Step::Vehicle
                } else {
                    Step::OwnerCode
                }
            }
        }
    }

    /// Whether `step` may be shown now. Before a filing exists the user may go back to any
    /// earlier step of the chosen method; afterwards only the filing's own step (the face check
    /// may be left for the documents when the camera cannot be used, and taken again from there).
    pub fn reachable(&self, step: Step) -> bool {
        let furthest = self.furthest();
        if self.filing.is_some() {
            return step == furthest
                || (step == Step::Face
                    && furthest == Step::Documents
                    && self.face_note == Some(FaceNote::NoCamera));
        }
        let steps = self.steps();
        let at = |s: Step| steps.iter().position(|x| *x == s);
        matches!((at(step), at(furthest)), (Some(i), Some(f)) if i <= f)
    }

    /// The method was chosen; a change of method forgets the vehicle found and everything
    /// after it, and sets the other method's entries aside.
    pub fn choose_method(&mut self, kind: MethodKind) {
        if self.method_kind() == Some(kind) {
            return;
        }
        self.forget_match();
        let other = self.other_method.take().filter(|m| m.kind() == kind);
        self.other_method = self
            .method
            .replace(other.unwrap_or_else(|| Method::new(kind)));
    }

    /// The scanned code was resolved: the vehicle, the photos and the details asked for.
    pub fn qr_found(&mut self, m: &VehicleMatch) {
        self.found(m);
        if let Some(q) = self.qr_mut() {
            q.asked(m);
        }
    }

    /// A photo was uploaded (`Some(id)`) or is being retaken (`None`).
    pub fn set_photo(&mut self, slot: PhotoSlot, photo_id: Option<String>) {
        let Some(q) = self.qr_mut() else { return };
        if let Some(p) = q.photos.iter_mut().find(|p| p.slot == slot) {
            p.photo_id = photo_id;
            self.idempotency_key = None;
        }
    }

    /// The details were given and are valid.
    pub fn set_details(&mut self, details: &Details) {
        let Some(q) = self.qr_mut() else { return };
        let changed = q.engine != details.engine || q.relationship != details.relationship;
        q.engine = details.engine.clone();
        q.relationship = details.relationship;
        q.details_done = true;
        if changed {
            self.idempotency_key = None;
        }
    }

    /// The details as typed, kept for a reload before they are given; a change must be given
    /// (checked) again and is a new attempt.
    pub fn details_typed(&mut self, engine: &str, relationship: Option<Relationship>) {
        let Some(q) = self.qr_mut() else { return };
        if q.engine != engine || q.relationship != relationship {
            q.engine = engine.to_owned();
            q.relationship = relationship;
            q.details_done = false;
            self.idempotency_key = None;
        }
    }

    /// The ids of the uploaded photos, in the order asked (none for the SMS method).
    pub fn photo_ids(&self) -> Vec<String> {
        self.qr().map(QrVehicle::photo_ids).unwrap_or_default()
    }

    /// Sets the plate type (SMS method); a change forgets the lookup and everything after it.
    pub fn set_plate_type(&mut self, code: &str) {
        let Some(s) = self.sms_mut() else { return };
        if s.plate_type.as_deref() != Some(code) {
            s.plate_type = Some(code.to_owned());
            self.forget_match();
        }
    }

    /// Sets the plate and engine entries (SMS method); a change forgets the lookup and
    /// everything after it.
    pub fn set_vehicle(&mut self, province: Option<char>, plate_rest: &str, engine: &str) {
        let Some(s) = self.sms_mut() else { return };
        if s.province != province || s.plate_rest != plate_rest || s.engine != engine {
            s.province = province;
            s.plate_rest = plate_rest.to_owned();
            s.engine = engine.to_owned();
            self.forget_match();
        }
    }

    /// The province picked (SMS method).
    pub fn set_province(&mut self, province: Option<char>) {
        let Some(s) = self.sms().cloned() else { return };
        self.set_vehicle(province, &s.plate_rest, &s.engine);
    }

    /// The rest of the plate as typed (SMS method); a whole plate typed there selects its
    /// province.
    pub fn set_plate_rest(&mut self, rest: &str) {
        let Some(s) = self.sms().cloned() else { return };
        let typed = SmsVehicle {
            plate_rest: rest.to_owned(),
            ..SmsVehicle::default()
        }
        .typed_province();
        self.set_vehicle(typed.or(s.province), rest, &s.engine);
    }

    /// The engine digits as typed (SMS method).
    pub fn set_engine(&mut self, engine: &str) {
        let Some(s) = self.sms().cloned() else { return };
        self.set_vehicle(s.province, &s.plate_rest, engine);
    }

    /// The lookup found the vehicle.
    pub fn found(&mut self, m: &VehicleMatch) {
        self.found = Some(Found {
            match_id: m.match_id.clone(),
            plate_number: m.plate_number.clone(),
            masked_owner_phone: m.masked_owner_phone.clone(),
        });
        self.challenge = None;
        self.code.clear();
        self.idempotency_key = None;
    }

    /// The match is gone on the server (expired or used): look the vehicle up again.
    pub fn forget_match(&mut self) {
        self.found = None;
        if let Some(q) = self.qr_mut() {
            q.forget();
        }
        self.challenge = None;
        self.code.clear();
        self.idempotency_key = None;
    }

    /// A code went to the owner at `now_ms`. A new code starts a new filing attempt.
    pub fn code_sent(&mut self, c: &SmsChallenge, now_ms: f64) {
        self.challenge = Some(Challenge::sent(c, now_ms));
        self.code.clear();
        self.idempotency_key = None;
    }

    /// The request that creates the filing with the owner's `code` (already checked), or
    /// `None` when no vehicle is found or no code was sent. The QR method adds its details and
    /// the ids of its photos.
    pub fn create_request(&self, code: &str) -> Option<CreateFiling> {
        let (relationship, engine_last6, photo_ids) = match self.qr() {
            Some(q) => (
                q.relationship,
                Some(q.engine.clone()).filter(|e| !e.is_empty()),
                q.photo_ids(),
            ),
            None => (None, None, vec![]),
        };
        Some(CreateFiling {
            match_id: self.found.as_ref()?.match_id.clone(),
            challenge_id: self.challenge.as_ref()?.challenge_id.clone(),
            code: code.to_owned(),
            relationship,
            engine_last6,
            photo_ids,
        })
    }

    /// The idempotency key of this attempt, made with `new_key` the first time. When no key can
    /// be made (no source of randomness) nothing is kept and the error comes back: a request is
    /// never sent with a key that is not random.
    pub fn attempt_key<E>(
        &mut self,
        new_key: impl FnOnce() -> Result<String, E>,
    ) -> Result<String, E> {
        if let Some(key) = &self.idempotency_key {
            return Ok(key.clone());
        }
        let key = new_key()?;
        self.idempotency_key = Some(key.clone());
        Ok(key)
    }

    /// The code was refused (wrong, expired…): the next submission is a new attempt.
    pub fn attempt_failed(&mut self) {
        self.idempotency_key = None;
    }

    /// The filing was created (or its state changed).
    pub fn filed(&mut self, f: &Filing) {
        self.filing = Some(FilingRef {
            id: f.id.clone(),
            plate_number: f.plate_number.clone(),
            state: f.state,
        });
        self.found = None;
        if let Some(q) = self.qr_mut() {
            q.photos.clear();
        }
        self.challenge = None;
        self.code.clear();
        self.idempotency_key = None;
    }

    /// The face check could not be done or did not pass: go to the documents.
    pub fn to_documents(&mut self, note: FaceNote) {
        self.face_note = Some(note);
        if note != FaceNote::NoCamera {
            if let Some(f) = &mut self.filing {
                f.state = FilingState::AwaitingDocuments;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key maker that always succeeds with `k`.
    fn key(k: &'static str) -> impl FnOnce() -> Result<String, &'static str> {
        move || Ok(k.to_owned())
    }
    use beian_contract::filing::{DetailField, FilingMethod};

    fn vehicle_match() -> VehicleMatch {
        VehicleMatch {
            match_id: "match-1".into(),
            plate_type: "02".into(),
            plate_number: "粤B67890".into(),
            masked_owner_phone: "135****5000".into(),
            required_photos: vec![],
            required_details: vec![],
        }
    }

    fn challenge() -> SmsChallenge {
        SmsChallenge {
            challenge_id: "c-1".into(),
            masked_phone: "135****5000".into(),
            resend_after_s: 60,
            expires_in_s: 300,
        }
    }

    fn filing(state: FilingState) -> Filing {
        Filing {
            id: "f-1".into(),
            method: FilingMethod::OwnerSms,
            plate_type: "02".into(),
            plate_number: "粤B67890".into(),
            state,
            missing_photos: vec![],
            documents: vec![],
            reason: None,
            created_at: "2026-01-01T10:00:00+08:00".into(),
        }
    }

    fn at_owner_code() -> Wizard {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Sms);
        w.set_plate_type("02");
        w.set_vehicle(Some('粤'), "b67890", "305118");
        w.found(&vehicle_match());
        w
    }

    #[test]
    fn steps_open_one_after_another_and_earlier_ones_stay_open() {
        let mut w = Wizard::default();
        assert_eq!(w.furthest(), Step::Method);
        assert!(!w.reachable(Step::PlateType));
        w.choose_method(MethodKind::Sms);
        assert_eq!(w.furthest(), Step::PlateType);
        w.set_plate_type("01");
        assert_eq!(w.furthest(), Step::PlateType, "01 cannot be filed online");
        w.set_plate_type("02");
        assert_eq!(w.furthest(), Step::Vehicle);
        w.set_vehicle(Some('粤'), "b67890", "305118");
        assert_eq!(w.sms().unwrap().plate().unwrap().as_str(), "粤B67890");
        assert_eq!(
            w.furthest(),
            Step::Vehicle,
            "the lookup opens the next step, not the entries"
        );
        w.found(&vehicle_match());
        assert_eq!(w.furthest(), Step::OwnerCode);
        assert!(w.reachable(Step::Method) && w.reachable(Step::Vehicle));
        assert!(!w.reachable(Step::Face) && !w.reachable(Step::Done));
    }

    #[test]
    fn a_full_plate_typed_into_the_rest_wins_over_the_picked_province() {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Sms);
        w.set_plate_type("52");
        w.set_vehicle(Some('京'), "浙AF66888", "");
        let s = w.sms().unwrap();
        assert_eq!(s.plate_text(), "浙AF66888");
        assert_eq!(s.plate().unwrap().as_str(), "浙AF66888");
    }

    #[test]
    fn a_whole_plate_typed_selects_its_province_and_each_entry_is_kept() {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Sms);
        w.set_plate_type("02");
        w.set_province(Some('京'));
        w.set_plate_rest("粤B6789");
        w.set_engine("305118");
        let s = w.sms().unwrap();
        assert_eq!(
            (s.province, s.plate_rest.as_str(), s.engine.as_str()),
            (Some('粤'), "粤B6789", "305118")
        );
        w.set_plate_rest("B6789");
        assert_eq!(w.sms().unwrap().province, Some('粤'), "kept once picked");
        let mut q = Wizard::default();
        q.choose_method(MethodKind::Qr);
        q.set_plate_rest("粤B6789");
        assert_eq!(q.sms(), None, "no SMS entries under the QR method");
    }

    #[test]
    fn changing_what_identifies_the_vehicle_forgets_the_lookup_and_the_code() {
        let mut w = at_owner_code();
        w.code_sent(&challenge(), 1_000.0);
        w.code = "123456".into();
        w.set_vehicle(Some('粤'), "b67890", "305118");
        assert!(w.found.is_some(), "unchanged entries keep the lookup");
        w.set_vehicle(Some('粤'), "B67890", "305118");
        assert_eq!(
            (w.found.clone(), w.challenge.clone(), w.code.as_str()),
            (None, None, "")
        );
        assert_eq!(w.furthest(), Step::Vehicle);

        let mut w = at_owner_code();
        w.set_plate_type("52");
        assert_eq!(w.furthest(), Step::Vehicle);
    }

    #[test]
    fn one_idempotency_key_per_attempt() {
        let mut w = at_owner_code();
        w.code_sent(&challenge(), 1_000.0);
        let c = w.challenge.clone().unwrap();
        assert_eq!((c.resend_at_ms, c.expires_at_ms), (61_000.0, 301_000.0));
        assert_eq!(
            w.attempt_key(|| Err("no randomness")),
            Err("no randomness"),
            "no key, no attempt"
        );
        let first = w.attempt_key(key("k1")).unwrap();
        assert_eq!(
            w.attempt_key(key("k2")).unwrap(),
            first,
            "a retry (double tap, timeout) reuses the key"
        );
        w.attempt_failed();
        assert_eq!(
            w.attempt_key(key("k3")).unwrap(),
            "k3",
            "a corrected code is a new attempt"
        );
        w.code_sent(&challenge(), 2_000.0);
        assert_eq!(w.idempotency_key, None, "a new code is a new attempt");
    }

    #[test]
    fn after_filing_only_the_filings_own_step_is_open() {
        let mut w = at_owner_code();
        w.filed(&filing(FilingState::AwaitingFaceCheck));
        assert_eq!(w.furthest(), Step::Face);
        assert!(
            !w.reachable(Step::OwnerCode)
                && !w.reachable(Step::Vehicle)
                && !w.reachable(Step::Documents)
        );
        assert_eq!((w.found.clone(), w.idempotency_key.clone()), (None, None));

        w.to_documents(FaceNote::NoCamera);
        assert_eq!(w.furthest(), Step::Documents);
        assert!(
            w.reachable(Step::Face),
            "the face check can be tried again after allowing the camera"
        );

        let mut w = at_owner_code();
        w.filed(&filing(FilingState::AwaitingFaceCheck));
        w.to_documents(FaceNote::Failed);
        assert_eq!(w.furthest(), Step::Documents);
        assert!(
            !w.reachable(Step::Face),
            "a failed face check cannot be retried"
        );
        w.filed(&filing(FilingState::PendingReview));
        assert_eq!(w.furthest(), Step::Done);

        let mut w = at_owner_code();
        w.filed(&filing(FilingState::Approved));
        assert_eq!(w.furthest(), Step::Done);
    }

    #[test]
    fn it_survives_a_reload_and_holds_nothing_personal() {
        let mut w = at_owner_code();
        w.code_sent(&challenge(), 1_000.0);
        w.code = "12 34".into();
        let raw = serde_json::to_string(&w).unwrap();
        assert_eq!(crate::parse_stored::<Wizard>(&raw), Ok(w));
        assert!(raw.contains("135****5000") && !raw.contains("13500135000"));
    }

    fn qr_match() -> VehicleMatch {
        use beian_contract::filing::PhotoPrompt;
        VehicleMatch {
            required_photos: vec![
                PhotoPrompt {
                    slot: PhotoSlot::VehicleFront45,
                },
                PhotoPrompt {
                    slot: PhotoSlot::Unknown,
                },
                PhotoPrompt {
                    slot: PhotoSlot::EngineNumber,
                },
            ],
            required_details: vec![DetailField::EngineLast6, DetailField::Relationship],
            ..vehicle_match()
        }
    }

    #[test]
    fn the_qr_method_goes_scan_photos_details_then_the_owners_code() {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Qr);
        assert_eq!(w.furthest(), Step::QrScan);
        assert!(
            !w.reachable(Step::PlateType) && !w.reachable(Step::Vehicle),
            "the SMS method's steps are closed"
        );
        w.qr_found(&qr_match());
        assert_eq!(
            w.qr().unwrap().photos.len(),
            2,
            "a photo this app cannot name is skipped"
        );
        assert_eq!(w.furthest(), Step::QrPhotos);
        w.set_photo(PhotoSlot::VehicleFront45, Some("photo-1".into()));
        assert_eq!(w.furthest(), Step::QrPhotos, "every photo is needed");
        w.set_photo(PhotoSlot::EngineNumber, Some("photo-2".into()));
        assert_eq!(w.furthest(), Step::QrDetails);
        w.set_details(&Details {
            engine: "305118".into(),
            relationship: Some(Relationship::Friend),
        });
        assert_eq!(w.furthest(), Step::OwnerCode);
        assert_eq!(
            w.photo_ids(),
            vec!["photo-1".to_string(), "photo-2".to_string()]
        );
        let first = w.attempt_key(key("k1")).unwrap();
        w.set_photo(PhotoSlot::EngineNumber, None);
        assert_eq!(w.furthest(), Step::QrPhotos, "a retake reopens the photos");
        assert_ne!(
            w.attempt_key(key("k2")).unwrap(),
            first,
            "a changed photo is a new attempt"
        );

        w.choose_method(MethodKind::Sms);
        assert_eq!(
            (w.found.clone(), w.qr(), w.other_method.clone()),
            (
                None,
                None,
                Some(Method::Qr(QrVehicle {
                    photos: vec![],
                    details: vec![],
                    engine: "305118".into(),
                    relationship: Some(Relationship::Friend),
                    details_done: false,
                }))
            ),
            "switching method forgets the match and what it asked for"
        );
        assert_eq!(w.furthest(), Step::PlateType);
        assert!(!w.reachable(Step::QrScan));
    }

    #[test]
    fn a_qr_filing_under_review_is_done_and_a_reload_keeps_only_ids() {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Qr);
        w.qr_found(&qr_match());
        w.set_photo(PhotoSlot::VehicleFront45, Some("photo-1".into()));
        let raw = serde_json::to_string(&w).unwrap();
        assert!(raw.contains("photo-1") && !raw.contains("data:") && !raw.contains("blob:"));
        assert_eq!(crate::parse_stored::<Wizard>(&raw).as_ref(), Ok(&w));
        w.filed(&filing(FilingState::PendingReview));
        assert_eq!(w.furthest(), Step::Done);
        assert!(w.qr().unwrap().photos.is_empty());
    }

    #[test]
    fn steps_map_to_routes_and_stages() {
        for &s in Step::ALL {
            assert_eq!(Step::from_path(s.path()), Some(s));
            assert_eq!(s.path(), format!("/file/{}", crate::FlowStep::segment(s)));
            assert!(s.stage() < STAGES);
        }
        assert_eq!(Step::from_path("/file/face/"), Some(Step::Face));
        assert_eq!(Step::from_path("/file"), None);
        assert!(<Step as crate::FlowStep>::in_flow("/file"));
        assert!(<Step as crate::FlowStep>::in_flow("/file/done"));
        assert!(!<Step as crate::FlowStep>::in_flow("/files"));
        for steps in [SMS_STEPS, QR_STEPS] {
            assert!(steps.windows(2).all(|w| w[0] < w[1]), "in order");
        }
    }

    #[test]
    fn each_method_opens_only_its_own_steps() {
        let mut w = Wizard::default();
        assert_eq!(w.steps(), &[Step::Method]);
        w.choose_method(MethodKind::Sms);
        w.set_plate_type("02");
        w.found(&vehicle_match());
        for s in [Step::QrScan, Step::QrPhotos, Step::QrDetails] {
            assert!(!w.reachable(s), "{s:?}");
        }
        assert_eq!(w.before_owner_code(), Step::Vehicle);
        w.choose_method(MethodKind::Qr);
        assert_eq!(w.before_owner_code(), Step::QrDetails);
        assert_eq!(
            w.method.as_ref().map(Method::first_step),
            Some(Step::QrScan)
        );
    }

    #[test]
    fn switching_method_and_back_keeps_what_was_typed() {
        let mut w = at_owner_code();
        w.choose_method(MethodKind::Qr);
        w.choose_method(MethodKind::Sms);
        let s = w.sms().unwrap();
        assert_eq!(
            (s.plate_text(), s.engine.as_str()),
            ("粤b67890".to_string(), "305118")
        );
        assert_eq!(w.furthest(), Step::Vehicle, "the lookup is done again");
    }

    #[test]
    fn the_filing_request_carries_what_the_method_gave() {
        let mut w = at_owner_code();
        assert_eq!(w.create_request("123456"), None, "no code sent yet");
        w.code_sent(&challenge(), 1_000.0);
        assert_eq!(
            w.create_request("123456"),
            Some(CreateFiling {
                match_id: "match-1".into(),
                challenge_id: "c-1".into(),
                code: "123456".into(),
                relationship: None,
                engine_last6: None,
                photo_ids: vec![],
            }),
            "the SMS method sends no details and no photos"
        );

        let mut w = Wizard::default();
        w.choose_method(MethodKind::Qr);
        w.qr_found(&qr_match());
        w.set_photo(PhotoSlot::VehicleFront45, Some("photo-1".into()));
        w.set_photo(PhotoSlot::EngineNumber, Some("photo-2".into()));
        w.set_details(&Details {
            engine: "E20488".into(),
            relationship: Some(Relationship::Spouse),
        });
        w.code_sent(&challenge(), 1_000.0);
        let body = w.create_request("654321").unwrap();
        assert_eq!(
            (body.relationship, body.engine_last6, body.photo_ids),
            (
                Some(Relationship::Spouse),
                Some("E20488".to_string()),
                vec!["photo-1".to_string(), "photo-2".to_string()]
            )
        );
    }

    /// What an earlier version (one flat struct with a `qr` flag) stored, mid-flow.
    const FLAT_SMS: &str = r#"{"method_chosen":true,"plate_type":"02","province":"粤","plate_rest":"b67890","engine":"305118","found":{"match_id":"match-3","plate_number":"粤B67890","masked_owner_phone":"135****5000"},"challenge":{"challenge_id":"ch-4","masked_phone":"135****5000","resend_at_ms":1764567890123.0,"expires_at_ms":1764568130123.0},"code":"12 34","idempotency_key":null,"filing":null,"face_note":null,"document_kind":null}"#;
    const FLAT_QR: &str = r#"{"method_chosen":true,"plate_type":null,"province":null,"plate_rest":"","engine":"e2048","found":{"match_id":"match-7","plate_number":"粤B67890","masked_owner_phone":"135****5000"},"challenge":null,"code":"","idempotency_key":"k-1","filing":null,"face_note":null,"document_kind":null,"qr":true,"qr_photos":[{"slot":"vehicle_front45","photo_id":"photo-1"},{"slot":"engine_number","photo_id":null}],"qr_details":["engine_last6","relationship"],"relationship":"relative","details_done":false}"#;

    #[test]
    fn a_wizard_stored_by_an_earlier_version_resumes_where_it_was() {
        let w = crate::parse_stored::<Wizard>(FLAT_SMS).unwrap();
        assert_eq!(w.furthest(), Step::OwnerCode);
        assert_eq!(w.sms().unwrap().plate().unwrap().as_str(), "粤B67890");
        assert_eq!(w.code, "12 34");
        assert_eq!(w.challenge.as_ref().unwrap().challenge_id, "ch-4");

        let w = crate::parse_stored::<Wizard>(FLAT_QR).unwrap();
        assert_eq!(w.furthest(), Step::QrPhotos);
        let q = w.qr().unwrap();
        assert_eq!(
            (q.engine.as_str(), q.relationship),
            ("e2048", Some(Relationship::Relative))
        );
        assert_eq!(w.photo_ids(), vec!["photo-1".to_string()]);
        assert_eq!(w.idempotency_key.as_deref(), Some("k-1"));

        // Stored again, it is in the new shape and reads back the same.
        let again = crate::to_stored(&w).unwrap();
        assert!(!again.contains("method_chosen"));
        assert_eq!(crate::parse_stored::<Wizard>(&again), Ok(w));

        // A value of neither shape is still an error (read as "nothing stored").
        assert!(crate::parse_stored::<Wizard>(r#"{"method_chosen":"yes"}"#).is_err());
        assert!(crate::parse_stored::<Wizard>(r#"{"method":{"bike":{}}}"#).is_err());
    }
}
