//! The filing wizard's state machine, as plain data: which steps exist, which one the user may
//! be on given what they have done, and the transitions the pages call. It is kept in
//! sessionStorage ([`keys::FILING`]) after every change, so a reload (the user switched apps to
//! read the SMS) comes back to the same step with what was typed. It holds no photo, no full
//! phone number and no ID number: the owner's phone is masked by the server.

use beian_contract::filing::{DocumentKind, Filing, FilingState, VehicleMatch};
use beian_contract::session::SmsChallenge;
use beian_domain::{parse_plate, PlateNumber, PlateType, PROVINCES};
use serde::{Deserialize, Serialize};

use crate::storage::{self, keys};

/// One screen of the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    /// Choose how the owner consents.
    Method,
    /// Plate type (02 or 52).
    PlateType,
    /// Plate number and the engine number's last six.
    Vehicle,
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
    pub const ALL: [Step; 7] =
        [Step::Method, Step::PlateType, Step::Vehicle, Step::OwnerCode, Step::Face, Step::Documents, Step::Done];

    /// The route of this step.
    pub fn path(self) -> &'static str {
        match self {
            Step::Method => "/file/method",
            Step::PlateType => "/file/plate-type",
            Step::Vehicle => "/file/vehicle",
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
            Step::PlateType | Step::Vehicle => 1,
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
}

impl Wizard {
    /// The wizard as stored in this tab, or a fresh one.
    pub fn load() -> Self {
        storage::session_get(keys::FILING).unwrap_or_default()
    }

    /// Stores the wizard in this tab.
    pub fn save(&self) {
        storage::session_set(keys::FILING, self);
    }

    /// Forgets the wizard in this tab.
    pub fn clear_stored() {
        storage::session_remove(keys::FILING);
    }

    /// The plate type chosen, if valid.
    pub fn plate_type(&self) -> Option<PlateType> {
        self.plate_type.as_deref().and_then(PlateType::from_code).filter(|t| t.fileable_online())
    }

    /// The whole plate as typed (province + rest). A province typed into the rest wins.
    pub fn plate_text(&self) -> String {
        let rest = self.plate_rest.trim();
        match rest.chars().next() {
            Some(c) if PROVINCES.contains(&c) => rest.to_owned(),
            _ => format!("{}{}", self.province.map(String::from).unwrap_or_default(), rest),
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
                FilingState::AwaitingFaceCheck if self.face_note == Some(FaceNote::NoCamera) => Step::Documents,
                FilingState::AwaitingFaceCheck | FilingState::AwaitingPhotos => Step::Face,
                FilingState::AwaitingDocuments => Step::Documents,
                _ => Step::Done,
            };
        }
        if !self.method_chosen {
            Step::Method
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
            step == furthest || (step == Step::Face && furthest == Step::Documents && self.face_note == Some(FaceNote::NoCamera))
        } else {
            step <= furthest
        }
    }

    /// The method was chosen.
    pub fn choose_method(&mut self) {
        self.method_chosen = true;
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
        self.challenge = None;
        self.code.clear();
        self.idempotency_key = None;
    }

    /// A code went to the owner at `now_ms`. A new code starts a new filing attempt.
    pub fn code_sent(&mut self, c: &SmsChallenge, now_ms: f64) {
        self.challenge = Some(Challenge {
            challenge_id: c.challenge_id.clone(),
            masked_phone: c.masked_phone.clone(),
            resend_at_ms: now_ms + f64::from(c.resend_after_s) * 1000.0,
            expires_at_ms: now_ms + f64::from(c.expires_in_s) * 1000.0,
        });
        self.code.clear();
        self.idempotency_key = None;
    }

    /// The idempotency key of this attempt, made with `new_key` the first time.
    pub fn attempt_key(&mut self, new_key: impl FnOnce() -> String) -> String {
        self.idempotency_key.get_or_insert_with(new_key).clone()
    }

    /// The code was refused (wrong, expired…): the next submission is a new attempt.
    pub fn attempt_failed(&mut self) {
        self.idempotency_key = None;
    }

    /// The filing was created (or its state changed).
    pub fn filed(&mut self, f: &Filing) {
        self.filing = Some(FilingRef { id: f.id.clone(), plate_number: f.plate_number.clone(), state: f.state });
        self.found = None;
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use beian_contract::filing::FilingMethod;
    use wasm_bindgen_test::wasm_bindgen_test;

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
        SmsChallenge { challenge_id: "c-1".into(), masked_phone: "135****5000".into(), resend_after_s: 60, expires_in_s: 300 }
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
        w.choose_method();
        w.set_plate_type("02");
        w.set_vehicle(Some('粤'), "b67890", "305118");
        w.found(&vehicle_match());
        w
    }

    #[wasm_bindgen_test]
    fn steps_open_one_after_another_and_earlier_ones_stay_open() {
        let mut w = Wizard::default();
        assert_eq!(w.furthest(), Step::Method);
        assert!(!w.reachable(Step::PlateType));
        w.choose_method();
        assert_eq!(w.furthest(), Step::PlateType);
        w.set_plate_type("01");
        assert_eq!(w.furthest(), Step::PlateType, "01 cannot be filed online");
        w.set_plate_type("02");
        assert_eq!(w.furthest(), Step::Vehicle);
        w.set_vehicle(Some('粤'), "b67890", "305118");
        assert_eq!(w.plate().unwrap().as_str(), "粤B67890");
        assert_eq!(w.furthest(), Step::Vehicle, "the lookup opens the next step, not the entries");
        w.found(&vehicle_match());
        assert_eq!(w.furthest(), Step::OwnerCode);
        assert!(w.reachable(Step::Method) && w.reachable(Step::Vehicle));
        assert!(!w.reachable(Step::Face) && !w.reachable(Step::Done));
    }

    #[wasm_bindgen_test]
    fn a_full_plate_typed_into_the_rest_wins_over_the_picked_province() {
        let mut w = Wizard::default();
        w.set_plate_type("52");
        w.set_vehicle(Some('京'), "浙AF66888", "");
        assert_eq!(w.plate_text(), "浙AF66888");
        assert_eq!(w.plate().unwrap().as_str(), "浙AF66888");
    }

    #[wasm_bindgen_test]
    fn changing_what_identifies_the_vehicle_forgets_the_lookup_and_the_code() {
        let mut w = at_owner_code();
        w.code_sent(&challenge(), 1_000.0);
        w.code = "123456".into();
        w.set_vehicle(Some('粤'), "b67890", "305118");
        assert!(w.found.is_some(), "unchanged entries keep the lookup");
        w.set_vehicle(Some('粤'), "B67890", "305118");
        assert_eq!((w.found.clone(), w.challenge.clone(), w.code.as_str()), (None, None, ""));
        assert_eq!(w.furthest(), Step::Vehicle);

        let mut w = at_owner_code();
        w.set_plate_type("52");
        assert_eq!(w.furthest(), Step::Vehicle);
    }

    #[wasm_bindgen_test]
    fn one_idempotency_key_per_attempt() {
        let mut w = at_owner_code();
        w.code_sent(&challenge(), 1_000.0);
        let c = w.challenge.clone().unwrap();
        assert_eq!((c.resend_at_ms, c.expires_at_ms), (61_000.0, 301_000.0));
        let first = w.attempt_key(|| "k1".into());
        assert_eq!(w.attempt_key(|| "k2".into()), first, "a retry (double tap, timeout) reuses the key");
        w.attempt_failed();
        assert_eq!(w.attempt_key(|| "k3".into()), "k3", "a corrected code is a new attempt");
        w.code_sent(&challenge(), 2_000.0);
        assert_eq!(w.idempotency_key, None, "a new code is a new attempt");
    }

    #[wasm_bindgen_test]
    fn after_filing_only_the_filings_own_step_is_open() {
        let mut w = at_owner_code();
        w.filed(&filing(FilingState::AwaitingFaceCheck));
        assert_eq!(w.furthest(), Step::Face);
        assert!(!w.reachable(Step::OwnerCode) && !w.reachable(Step::Vehicle) && !w.reachable(Step::Documents));
        assert_eq!((w.found.clone(), w.idempotency_key.clone()), (None, None));

        w.to_documents(FaceNote::NoCamera);
        assert_eq!(w.furthest(), Step::Documents);
        assert!(w.reachable(Step::Face), "the face check can be tried again after allowing the camera");

        let mut w = at_owner_code();
        w.filed(&filing(FilingState::AwaitingFaceCheck));
        w.to_documents(FaceNote::Failed);
        assert_eq!(w.furthest(), Step::Documents);
        assert!(!w.reachable(Step::Face), "a failed face check cannot be retried");
        w.filed(&filing(FilingState::PendingReview));
        assert_eq!(w.furthest(), Step::Done);

        let mut w = at_owner_code();
        w.filed(&filing(FilingState::Approved));
        assert_eq!(w.furthest(), Step::Done);
    }

    #[wasm_bindgen_test]
    fn it_survives_a_reload_and_holds_nothing_personal() {
        let mut w = at_owner_code();
        w.code_sent(&challenge(), 1_000.0);
        w.code = "12 34".into();
        w.save();
        assert_eq!(Wizard::load(), w);
        let raw = web_sys::window().unwrap().session_storage().unwrap().unwrap().get_item(keys::FILING).unwrap().unwrap();
        assert!(raw.contains("135****5000") && !raw.contains("13500135000"));
        Wizard::clear_stored();
        assert_eq!(Wizard::load(), Wizard::default());
    }

    #[wasm_bindgen_test]
    fn steps_map_to_routes_and_stages() {
        for s in Step::ALL {
            assert_eq!(Step::from_path(s.path()), Some(s));
            assert!(s.stage() < STAGES);
        }
        assert_eq!(Step::from_path("/file/face/"), Some(Step::Face));
        assert_eq!(Step::from_path("/file"), None);
    }
}
