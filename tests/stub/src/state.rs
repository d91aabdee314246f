//! The simulated world: users, vehicles, filings, violations, orders, messages, SMS; all behind one
//! mutex (the stub serves a handful of clients).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use beian_contract::filing::{DocumentKind, FilingMethod, FilingState, PhotoSlot};
use beian_contract::message::MessageKind;
use beian_contract::payment::{Channel, Host, OrderState};
use beian_contract::sandbox::{FaceCheckOutcome, Fault, SmsRecord};
use beian_domain::PlateType;

use crate::clock::Clock;

/// Settings of one stub process.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Built app to serve at `/` (SPA fallback to `index.html`).
    pub dist: Option<PathBuf>,
    /// Print each SMS to stdout (`[sms] to 138****8000 (sign_in): 123456`).
    pub log_sms: bool,
    /// Origins (`https://app.example.cn`, lower case, no path) allowed to call `/api` from a
    /// browser (CORS). Empty: none, the app is served from the API's own origin.
    pub allow_origins: Vec<String>,
}

impl Config {
    /// Whether a request's `Origin` is one of [`Config::allow_origins`].
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allow_origins.iter().any(|o| o == origin)
    }
}

/// Shared state of the server.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Mutex<World>>,
    /// Process settings.
    pub config: Arc<Config>,
}

impl AppState {
    /// A freshly seeded world.
    pub fn new(config: Config) -> Self {
        let mut world = World::seeded(Clock::default());
        world.log_sms = config.log_sms;
        AppState {
            inner: Arc::new(Mutex::new(world)),
            config: Arc::new(config),
        }
    }

    /// Locks the world (a poisoned lock is taken over: the world stays usable after a panic).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A person known to the stub.
#[derive(Clone, Debug)]
pub struct User {
    /// Mobile number (11 digits).
    pub phone: String,
    /// Full name, when known.
    pub name: Option<String>,
    /// Driving licence class.
    pub licence_class: Option<String>,
    /// Points in the current period.
    pub points: u8,
}

/// A registered vehicle.
#[derive(Clone, Debug)]
pub struct Vehicle {
    /// Internal id.
    pub id: String,
    /// GA plate type.
    pub plate_type: PlateType,
    /// Plate number (normalised).
    pub plate_number: String,
    /// Owner's phone.
    pub owner_phone: String,
    /// Full engine number.
    pub engine_number: String,
}

impl Vehicle {
    /// Last six characters of the engine number.
    pub fn engine_last6(&self) -> &str {
        &self.engine_number[self.engine_number.len().saturating_sub(6)..]
    }
}

/// State of an owner's filing QR token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrStatus {
    /// Usable until `expires_at`.
    Active,
    /// Revoked by the owner.
    Revoked,
    /// Already used for a filing.
    Used,
}

/// An owner's filing QR token.
#[derive(Clone, Debug)]
pub struct QrToken {
    /// The token text.
    pub token: String,
    /// Vehicle id.
    pub vehicle_id: String,
    /// Unix seconds after which it is expired.
    pub expires_at: i64,
    /// Status.
    pub status: QrStatus,
}

/// A vehicle found for an applicant (lookup or QR).
#[derive(Clone, Debug)]
pub struct Match {
    /// Id.
    pub id: String,
    /// Applicant's phone.
    pub applicant: String,
    /// Vehicle id.
    pub vehicle_id: String,
    /// How it was found.
    pub method: FilingMethod,
    /// The QR token, for the QR method.
    pub qr_token: Option<String>,
    /// Photos uploaded for this match (QR method): (photo id, slot), newest last.
    pub photos: Vec<(String, PhotoSlot)>,
}

/// What an SMS code is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Signing in.
    SignIn,
    /// The owner consents to a filing.
    OwnerConsent,
    /// Confirming the handling of violations.
    Handling,
    /// Review results (no code).
    ReviewResult,
}

impl Purpose {
    /// Wire name (SmsRecord.purpose).
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::SignIn => "sign_in",
            Purpose::OwnerConsent => "owner_consent",
            Purpose::Handling => "handling",
            Purpose::ReviewResult => "review_result",
        }
    }
}

/// A code sent by SMS.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// Id.
    pub id: String,
    /// Recipient.
    pub phone: String,
    /// Purpose.
    pub purpose: Purpose,
    /// The code.
    pub code: String,
    /// Unix seconds when sent.
    pub sent_at: i64,
    /// Wrong tries so far.
    pub wrong_tries: u32,
    /// Consumed by a successful answer.
    pub used: bool,
    /// What the code is bound to: the match id, or the sorted violation ids.
    pub context: String,
    /// Who asked for it (the applicant for owner consent).
    pub requester: String,
}

/// A filing application.
#[derive(Clone, Debug)]
pub struct FilingRec {
    /// Id (also the filed vehicle's id on the wire).
    pub id: String,
    /// Applicant's phone.
    pub applicant: String,
    /// Vehicle id.
    pub vehicle_id: String,
    /// Method.
    pub method: FilingMethod,
    /// State.
    pub state: FilingState,
    /// Photos still missing.
    pub missing_photos: Vec<PhotoSlot>,
    /// Documents uploaded.
    pub documents: Vec<DocumentKind>,
    /// Rejection reason.
    pub reason: Option<String>,
    /// Unix seconds of the application.
    pub created_at: i64,
    /// Unix seconds of approval.
    pub approved_at: Option<i64>,
}

impl FilingRec {
    /// Pending (any step before a decision) or approved: counts against the limits.
    pub fn is_held(&self) -> bool {
        matches!(
            self.state,
            FilingState::AwaitingPhotos
                | FilingState::AwaitingFaceCheck
                | FilingState::AwaitingDocuments
                | FilingState::PendingReview
                | FilingState::Approved
        )
    }
}

/// A camera-recorded violation.
#[derive(Clone, Debug)]
pub struct ViolationRec {
    /// Id.
    pub id: String,
    /// Vehicle id.
    pub vehicle_id: String,
    /// Unix seconds when it happened.
    pub time: i64,
    /// Place.
    pub place: String,
    /// Code.
    pub code: String,
    /// Description.
    pub description: String,
    /// Points.
    pub points: u8,
    /// Fine in fen.
    pub fine_fen: i64,
    /// Detecting authority.
    pub detecting_authority: String,
    /// Handling authority.
    pub handling_authority: String,
    /// Decision number once handled.
    pub decision_number: Option<String>,
    /// Decision date (days since epoch) once handled.
    pub decision_date: Option<beian_domain::Date>,
    /// Paid.
    pub paid: bool,
}

/// An in-app message.
#[derive(Clone, Debug)]
pub struct MessageRec {
    /// Id.
    pub id: String,
    /// Recipient's phone.
    pub to: String,
    /// Kind.
    pub kind: MessageKind,
    /// Plate concerned.
    pub plate_number: Option<String>,
    /// Reason.
    pub reason: Option<String>,
    /// Chinese text.
    pub body_zh: String,
    /// The payment order it confirms.
    pub order_id: Option<String>,
    /// Unix seconds.
    pub sent_at: i64,
    /// Read.
    pub read: bool,
}

/// A payment order.
#[derive(Clone, Debug)]
pub struct OrderRec {
    /// Id.
    pub id: String,
    /// Who created it.
    pub owner: String,
    /// Decisions paid.
    pub decision_numbers: Vec<String>,
    /// Amount in fen (as of creation).
    pub amount_fen: i64,
    /// Each decision's late surcharge (加处罚款) in fen, as of creation (the amount includes it).
    pub surcharges: Vec<(String, i64)>,
    /// Channel.
    pub channel: Channel,
    /// Host.
    pub host: Host,
    /// Where the browser goes back to: a path checked by `check_return_path`.
    pub return_path: String,
    /// The app's origin when the order was created from an allowed other origin (CORS); `None`:
    /// the app is on this server's origin.
    pub app_origin: Option<String>,
    /// Alipay in a browser: where the wap page sends the user who gives up (a same-origin path).
    pub quit_path: Option<String>,
    /// State.
    pub state: OrderState,
    /// When paid.
    pub paid_at: Option<i64>,
    /// Replaced by a newer order covering some of its decisions: can no longer be paid.
    pub superseded: bool,
    /// Random part of the channel's trade number.
    pub trade_no: String,
    /// The payer id the order was made for (JSAPI `openid`, in-app tradePay `buyer_id`).
    pub payer_id: Option<String>,
}

/// A `state` issued with a host's authorization URL: single-use, bound to the session that asked.
#[derive(Clone, Debug)]
pub struct AuthState {
    /// The session token that asked for it.
    pub session: String,
    /// The host whose payer id it is for.
    pub host: Host,
    /// The return address it was issued with.
    pub redirect_uri: String,
    /// When issued (Unix seconds).
    pub issued_at: i64,
    /// Already presented once.
    pub used: bool,
}

/// A code the simulated authorization page issued (WeChat `code`, Alipay `auth_code`).
#[derive(Clone, Debug)]
pub struct AuthCode {
    /// Which provider page issued it.
    pub host: Host,
    /// The `state` it was returned with.
    pub state: String,
    /// When issued (Unix seconds).
    pub issued_at: i64,
    /// Already exchanged once.
    pub used: bool,
}

/// A stored answer to an idempotent request.
#[derive(Clone, Debug)]
pub struct IdemRecord {
    /// Canonical JSON of the request body.
    pub request: serde_json::Value,
    /// The answer's body.
    pub response: serde_json::Value,
}

/// Everything the stub knows.
pub struct World {
    /// Virtual clock.
    pub clock: Clock,
    /// Users by phone.
    pub users: HashMap<String, User>,
    /// Session token → phone.
    pub sessions: HashMap<String, String>,
    /// Vehicles.
    pub vehicles: Vec<Vehicle>,
    /// QR tokens.
    pub qr_tokens: Vec<QrToken>,
    /// Matches by id.
    pub matches: HashMap<String, Match>,
    /// Challenges by id.
    pub challenges: HashMap<String, Challenge>,
    /// Last send per (phone, purpose), Unix seconds.
    pub last_sent: HashMap<(String, Purpose), i64>,
    /// The client address each sign-in code was sent for (challenge id → address): a `429` names
    /// the earlier, still valid code only to that client.
    pub sign_in_clients: HashMap<String, String>,
    /// SMS outbox.
    pub outbox: Vec<SmsRecord>,
    /// Filings, oldest first.
    pub filings: Vec<FilingRec>,
    /// Violations.
    pub violations: Vec<ViolationRec>,
    /// Messages, oldest first.
    pub messages: Vec<MessageRec>,
    /// Orders, oldest first.
    pub orders: Vec<OrderRec>,
    /// Authorization `state`s issued, by value.
    pub auth_states: HashMap<String, AuthState>,
    /// Authorization codes issued, by value.
    pub auth_codes: HashMap<String, AuthCode>,
    /// Mini-program login codes already exchanged (each is single-use).
    pub mini_program_codes: std::collections::HashSet<String>,
    /// Payer ids bound to sessions: (session token, host) → `openid` / `buyer_id`.
    pub payers: HashMap<(String, Host), String>,
    /// Idempotent answers by (phone, route, key).
    pub idempotency: HashMap<(String, &'static str, String), IdemRecord>,
    /// Active faults with their remaining counts.
    pub faults: Vec<Fault>,
    /// Outcome of the next face checks.
    pub face_outcome: FaceCheckOutcome,
    /// Id counter.
    pub seq: u64,
    /// Decision number counter.
    pub decision_seq: u64,
    /// Print each SMS to stdout.
    pub log_sms: bool,
    /// Recent `POST /api/filings/qr` attempts (Unix seconds) by `account:<phone>` and
    /// `client:<address>`, for its rate limit.
    pub qr_attempts: HashMap<String, Vec<i64>>,
}

impl World {
    /// An empty world on this clock.
    pub fn empty(clock: Clock) -> Self {
        World {
            clock,
            users: HashMap::new(),
            sessions: HashMap::new(),
            vehicles: Vec::new(),
            qr_tokens: Vec::new(),
            matches: HashMap::new(),
            challenges: HashMap::new(),
            last_sent: HashMap::new(),
            sign_in_clients: HashMap::new(),
            outbox: Vec::new(),
            filings: Vec::new(),
            violations: Vec::new(),
            messages: Vec::new(),
            orders: Vec::new(),
            auth_states: HashMap::new(),
            auth_codes: HashMap::new(),
            mini_program_codes: std::collections::HashSet::new(),
            payers: HashMap::new(),
            idempotency: HashMap::new(),
            faults: Vec::new(),
            face_outcome: FaceCheckOutcome::Pass,
            seq: 0,
            decision_seq: 0,
            log_sms: false,
            qr_attempts: HashMap::new(),
        }
    }

    /// A new id with a prefix (`f-12`).
    pub fn next_id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}-{}", self.seq)
    }

    /// Now on the virtual clock (Unix seconds).
    pub fn now_s(&self) -> i64 {
        self.clock.now_s()
    }

    /// The user with this phone, registering them if new.
    pub fn user_mut(&mut self, phone: &str) -> &mut User {
        self.users.entry(phone.to_string()).or_insert_with(|| User {
            phone: phone.to_string(),
            name: None,
            licence_class: None,
            points: 0,
        })
    }

    /// The vehicle with this id.
    pub fn vehicle(&self, id: &str) -> Option<&Vehicle> {
        self.vehicles.iter().find(|v| v.id == id)
    }

    /// Sends an in-app message.
    pub fn send_message(
        &mut self,
        to: &str,
        kind: MessageKind,
        plate: Option<String>,
        reason: Option<String>,
        body_zh: String,
    ) {
        let id = self.next_id("m");
        let sent_at = self.now_s();
        self.messages.push(MessageRec {
            id,
            to: to.to_string(),
            kind,
            plate_number: plate,
            reason,
            body_zh,
            order_id: None,
            sent_at,
            read: false,
        });
    }

    /// Unread messages of a user.
    pub fn unread(&self, phone: &str) -> u32 {
        self.messages
            .iter()
            .filter(|m| m.to == phone && !m.read)
            .count() as u32
    }
}
