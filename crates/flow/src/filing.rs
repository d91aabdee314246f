//! The filing wizard's state machine, as plain data: which steps exist, which one the user may
//! be on given what they have done, and the transitions the pages call. The app keeps it in
//! sessionStorage (key `beian.filing`) after every change, so a reload (the user switched apps to
//! read the SMS) comes back to the same step with what was typed; reading it back goes through
//! [`crate::parse_stored`]. It holds no photo, no full phone number and no ID number: the owner's
//! phone is masked by the server.

use beian_contract::filing::{
    DetailField, DocumentKind, Filing, FilingState, PhotoSlot, Relationship, VehicleMatch,
};
use beian_contract::session::SmsChallenge;
use beian_domain::{parse_plate, PlateNumber, PlateType, PROVINCES};
use serde::{Deserialize, Serialize};

/// One screen of the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    /// Choose how the owner consents.
    Method,
    /// Plate type (02 or 52).
    PlateType,
    /// Plate number and the engine number's last six.
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

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 10] = [
        Step::Method,
        Step::PlateType,
        Step::Vehicle,
        Step::QrScan,
        Step::QrPhotos,
        Step::QrDetails,
        Step::OwnerCode,
        Step::Face,
        Step::Documents,
        Step::Done,
    ];

    /// The route of this step.
    pub fn path(self) -> &'static str {
        match self {
            Step::Method => "/file/method",
            Step::PlateType => "/file/plate-type",
            Step::Vehicle => "/file/vehicle",
            Step::QrScan => "/file/scan",
            Step::QrPhotos => "/file/photos",
            Step::QrDetails => "/file/details",
            Step::OwnerCode => "/file/owner-code",
            Step::Face => "/file/face",
            Step::Documents => "/file/documents",
            Step::Done => "/file/done",
        }
    }

    /// The step shown at `path`, if any.
    pub fn from_path(path: &str) -> Option<Step> {
        let path = path.trim_end_matches('/');
        Step::ALL.into_iter().find(|s| s.path() == path)
    }

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

/// A photo the QR method asks for, and the id the server gave it once uploaded (the photo itself
/// is never stored on the device).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrPhoto {
    /// Which photo.
    pub slot: PhotoSlot,
    /// The server's id of the uploaded photo.
    pub photo_id: Option<String>,
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
pub struct Wizard {
    /// The method was chosen (the owner's SMS code: the only one this flow offers).
    pub method_chosen: bool,
    /// `02` or `52`.
    pub plate_type: Option<String>,
    /// The plate's province character.
    pub province: Option<char>,
    /// The rest of the plate as typed.
    pub plate_rest: String,
    /// The engine number's last six as typed.
    pub engine: String,
    /// The vehicle found for the entries above.
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
    /// The owner's vehicle QR code is the method (else the owner's SMS code).
    #[serde(default)]
    pub qr: bool,
    /// QR method: the photos asked for, with the ids of those uploaded.
    #[serde(default)]
    pub qr_photos: Vec<QrPhoto>,
    /// QR method: the details asked for.
    #[serde(default)]
    pub qr_details: Vec<DetailField>,
    /// QR method: the relationship to the owner chosen.
    #[serde(default)]
    pub relationship: Option<Relationship>,
    /// QR method: the details were given and checked.
    #[serde(default)]
    pub details_done: bool,
}

impl Wizard {
    /// The plate type chosen, if valid.
    pub fn plate_type(&self) -> Option<PlateType> {
        self.plate_type
            .as_deref()
            .and_then(PlateType::from_code)
            .filter(|t| t.fileable_online())
    }

    /// The whole plate as typed (province + rest). A province typed into the rest wins.
    pub fn plate_text(&self) -> String {
        let rest = self.plate_rest.trim();
        match rest.chars().next() {
            Some(c) if PROVINCES.contains(&c) => rest.to_owned(),
            _ => format!(
                "{}{}",
                self.province.map(String::from).unwrap_or_default(),
                rest
            ),
        }
    }

    /// The plate, if it is valid for the chosen type.
    pub fn plate(&self) -> Option<PlateNumber> {
        parse_plate(self.plate_type()?, &self.plate_text()).ok()
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
        if !self.method_chosen {
            Step::Method
        } else if self.qr {
            if self.found.is_none() {
                Step::QrScan
            } else if self.qr_photos.iter().any(|p| p.photo_id.is_none()) {
                Step::QrPhotos
            } else if !self.details_done {
                Step::QrDetails
            } else {
                Step::OwnerCode
            }
        } else if self.plate_type().is_none() {
            Step::PlateType
        } else if self.found.is_none() {
            Step::Vehicle
        } else {
            Step::OwnerCode
        }
    }

    /// Whether `step` may be shown now. Before a filing exists the user may go back to any
    /// earlier step; afterwards only the filing's own step (the face check may be left for
    /// the documents when the camera cannot be used, and taken again from there).
    pub fn reachable(&self, step: Step) -> bool {
        let furthest = self.furthest();
        if self.filing.is_some() {
            step == furthest
                || (step == Step::Face
                    && furthest == Step::Documents
                    && self.face_note == Some(FaceNote::NoCamera))
        } else {
            let qr_step = matches!(step, Step::QrScan | Step::QrPhotos | Step::QrDetails);
            let sms_step = matches!(step, Step::PlateType | Step::Vehicle);
            step <= furthest && !(self.qr && sms_step) && (self.qr || !qr_step)
        }
    }

    /// The method was chosen (`qr`: the owner's vehicle QR code); a change of method forgets
    /// the vehicle found and everything after it.
    pub fn choose_method(&mut self, qr: bool) {
        if self.method_chosen && self.qr != qr {
            self.forget_match();
        }
        self.method_chosen = true;
        self.qr = qr;
    }

    /// The scanned code was resolved: the vehicle, the photos and the details asked for.
    pub fn qr_found(&mut self, m: &VehicleMatch) {
        self.found(m);
        self.qr_photos = m
            .required_photos
            .iter()
            .filter(|p| p.slot != PhotoSlot::Unknown)
            .map(|p| QrPhoto {
                slot: p.slot,
                photo_id: None,
            })
            .collect();
        self.qr_details = m
            .required_details
            .iter()
            .copied()
            .filter(|d| *d != DetailField::Unknown)
            .collect();
        self.details_done = false;
    }

    /// A photo was uploaded (`Some(id)`) or is being retaken (`None`).
    pub fn set_photo(&mut self, slot: PhotoSlot, photo_id: Option<String>) {
        if let Some(p) = self.qr_photos.iter_mut().find(|p| p.slot == slot) {
            p.photo_id = photo_id;
            self.idempotency_key = None;
        }
    }

    /// The details were given and are valid.
    pub fn set_details(&mut self, engine: &str, relationship: Option<Relationship>) {
        if self.engine != engine || self.relationship != relationship {
            self.idempotency_key = None;
        }
        self.engine = engine.to_owned();
        self.relationship = relationship;
        self.details_done = true;
    }

    /// The details as typed, kept for a reload before they are given; a change must be given
    /// (checked) again and is a new attempt.
    pub fn details_typed(&mut self, engine: &str, relationship: Option<Relationship>) {
        if self.engine != engine || self.relationship != relationship {
            self.engine = engine.to_owned();
            self.relationship = relationship;
            self.details_done = false;
            self.idempotency_key = None;
        }
    }

    /// The ids of the uploaded photos, in the order asked.
    pub fn photo_ids(&self) -> Vec<String> {
        self.qr_photos
            .iter()
            .filter_map(|p| p.photo_id.clone())
            .collect()
    }

    /// Sets the plate type; a change forgets the lookup and everything after it.
    pub fn set_plate_type(&mut self, code: &str) {
        if self.plate_type.as_deref() != Some(code) {
            self.plate_type = Some(code.to_owned());
            self.forget_match();
        }
    }

    /// Sets the plate and engine entries; a change forgets the lookup and everything after it.
    pub fn set_vehicle(&mut self, province: Option<char>, plate_rest: &str, engine: &str) {
        if self.province != province || self.plate_rest != plate_rest || self.engine != engine {
            self.province = province;
            self.plate_rest = plate_rest.to_owned();
            self.engine = engine.to_owned();
            self.forget_match();
        }
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
        self.qr_photos.clear();
        self.qr_details.clear();
        self.details_done = false;
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
        self.qr_photos.clear();
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
    use beian_contract::filing::FilingMethod;

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
        w.choose_method(false);
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
        w.choose_method(false);
        assert_eq!(w.furthest(), Step::PlateType);
        w.set_plate_type("01");
        assert_eq!(w.furthest(), Step::PlateType, "01 cannot be filed online");
        w.set_plate_type("02");
        assert_eq!(w.furthest(), Step::Vehicle);
        w.set_vehicle(Some('粤'), "b67890", "305118");
        assert_eq!(w.plate().unwrap().as_str(), "粤B67890");
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
        w.set_plate_type("52");
        w.set_vehicle(Some('京'), "浙AF66888", "");
        assert_eq!(w.plate_text(), "浙AF66888");
        assert_eq!(w.plate().unwrap().as_str(), "浙AF66888");
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
        w.choose_method(true);
        assert_eq!(w.furthest(), Step::QrScan);
        assert!(
            !w.reachable(Step::PlateType) && !w.reachable(Step::Vehicle),
            "the SMS method's steps are closed"
        );
        w.qr_found(&qr_match());
        assert_eq!(
            w.qr_photos.len(),
            2,
            "a photo this app cannot name is skipped"
        );
        assert_eq!(w.furthest(), Step::QrPhotos);
        w.set_photo(PhotoSlot::VehicleFront45, Some("photo-1".into()));
        assert_eq!(w.furthest(), Step::QrPhotos, "every photo is needed");
        w.set_photo(PhotoSlot::EngineNumber, Some("photo-2".into()));
        assert_eq!(w.furthest(), Step::QrDetails);
        w.set_details("305118", Some(Relationship::Friend));
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

        w.choose_method(false);
        assert_eq!(
            (w.found.clone(), w.qr_photos.len()),
            (None, 0),
            "switching method forgets the match"
        );
        assert_eq!(w.furthest(), Step::PlateType);
        assert!(!w.reachable(Step::QrScan));
    }

    #[test]
    fn a_qr_filing_under_review_is_done_and_a_reload_keeps_only_ids() {
        let mut w = Wizard::default();
        w.choose_method(true);
        w.qr_found(&qr_match());
        w.set_photo(PhotoSlot::VehicleFront45, Some("photo-1".into()));
        let raw = serde_json::to_string(&w).unwrap();
        assert!(raw.contains("photo-1") && !raw.contains("data:") && !raw.contains("blob:"));
        assert_eq!(crate::parse_stored::<Wizard>(&raw).as_ref(), Ok(&w));
        w.filed(&filing(FilingState::PendingReview));
        assert_eq!(w.furthest(), Step::Done);
        assert!(w.qr_photos.is_empty());
    }

    #[test]
    fn steps_map_to_routes_and_stages() {
        for s in Step::ALL {
            assert_eq!(Step::from_path(s.path()), Some(s));
            assert!(s.stage() < STAGES);
        }
        assert_eq!(Step::from_path("/file/face/"), Some(Step::Face));
        assert_eq!(Step::from_path("/file"), None);
    }
}
