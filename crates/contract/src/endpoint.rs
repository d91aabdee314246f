//! Every endpoint of the API, declared once: its method, its path template ([`crate::paths`]),
//! what the request carries and what the answer is. The app's client sends requests only through
//! these declarations, the stub registers its routes from them ([`ALL`]), and a stub test checks
//! that each one is routed and described in the OpenAPI document, and that nothing else is.
//!
//! Each endpoint is a zero-sized type implementing [`Endpoint`]; the path's `{…}` parts are filled
//! with [`Endpoint::path`] (percent-encoded, dot and empty segments refused).

use serde::{Deserialize, Serialize};

use crate::paths::{self, BadSegment};
use crate::{filing, handling, message, payment, session, vehicle, violation};

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name on the wire (`GET`, `POST`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// How a request's [`Endpoint::Request`] travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carried {
    /// Nothing: no body, no query.
    Nothing,
    /// A JSON body (`application/json`).
    Json,
    /// The query string (a flat struct of optional values).
    Query,
    /// An image body (`image/jpeg` or `image/png`), at most [`filing::MAX_UPLOAD_BYTES`].
    Image,
}

/// A request type: says how it travels.
pub trait Request {
    /// How it travels.
    const CARRIED: Carried;
}

/// The request of an endpoint that takes nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NoBody;

impl Request for NoBody {
    const CARRIED: Carried = Carried::Nothing;
}

/// The request of an endpoint whose body is an image (the client sends the bytes as they are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Image;

impl Request for Image {
    const CARRIED: Carried = Carried::Image;
}

/// The answer of an endpoint that answers `204 No Content` (any body is ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoContent;

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| NoContent)
    }
}

/// The answer of an endpoint whose JSON this crate does not describe (the OpenAPI document).
pub type AnyJson = serde::de::IgnoredAny;

macro_rules! json_requests {
    ($($t:ty),* $(,)?) => {$(
        impl Request for $t {
            const CARRIED: Carried = Carried::Json;
        }
    )*};
}

json_requests!(
    session::CodeRequest,
    session::SignIn,
    filing::LookupRequest,
    filing::QrResolveRequest,
    filing::CreateFiling,
    handling::HandlingCodeRequest,
    handling::HandleRequest,
    payment::CreatePayment,
    payment::PayerAuthorizationRequest,
    payment::PayerCode,
    payment::MiniProgramPayRequest,
);

impl Request for violation::ViolationQuery {
    const CARRIED: Carried = Carried::Query;
}

/// One endpoint of the API.
pub trait Endpoint {
    /// Its method.
    const METHOD: Method;
    /// Its path template, with `{name}` placeholders ([`crate::paths`]).
    const PATH: &'static str;
    /// Whether it creates something and so takes an `Idempotency-Key` header (a retry with the
    /// same key and body gets the first answer).
    const IDEMPOTENT: bool;
    /// Whether it works without a session.
    const PUBLIC: bool;
    /// What the request carries.
    type Request: Request;
    /// The answer's body on success.
    type Answer;

    /// The path with its placeholders filled by `values`, in order ([`paths::fill`]).
    fn path(values: &[&str]) -> Result<String, BadSegment> {
        paths::fill(Self::PATH, values)
    }
}

/// An endpoint as data: what [`ALL`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declared {
    /// The type's name (e.g. `CreatePayment`).
    pub name: &'static str,
    /// Its method.
    pub method: Method,
    /// Its path template.
    pub path: &'static str,
    /// How its request travels.
    pub carried: Carried,
    /// Whether it takes an `Idempotency-Key`.
    pub idempotent: bool,
    /// Whether it works without a session.
    pub public: bool,
}

impl Declared {
    /// The declaration of `E`.
    pub const fn of<E: Endpoint>(name: &'static str) -> Declared {
        Declared {
            name,
            method: E::METHOD,
            path: E::PATH,
            carried: <E::Request as Request>::CARRIED,
            idempotent: E::IDEMPOTENT,
            public: E::PUBLIC,
        }
    }
}

macro_rules! endpoints {
    (@has $want:ident) => { false };
    (@has idempotent idempotent $($rest:ident)*) => { true };
    (@has public public $($rest:ident)*) => { true };
    (@has $want:ident $other:ident $($rest:ident)*) => { endpoints!(@has $want $($rest)*) };
    ($(
        $(#[$doc:meta])*
        $name:ident = $method:ident $path:path $(, $flag:ident)*: $req:ty => $ans:ty;
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug)]
            pub struct $name;

            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                const IDEMPOTENT: bool = endpoints!(@has idempotent $($flag)*);
                const PUBLIC: bool = endpoints!(@has public $($flag)*);
                type Request = $req;
                type Answer = $ans;
            }
        )*

        /// Every endpoint, in declaration order.
        pub const ALL: &[Declared] = &[$(Declared::of::<$name>(stringify!($name))),*];
    };
}

endpoints! {
    /// Sends a sign-in code to a phone.
    SignInCode = Post paths::SIGN_IN_CODE, public: session::CodeRequest => session::SmsChallenge;
    /// Exchanges a code for a session.
    SignIn = Post paths::SESSION, public: session::SignIn => session::SessionGrant;
    /// Ends the session (sign-out).
    SignOut = Delete paths::SESSION: NoBody => NoContent;
    /// The signed-in user.
    Me = Get paths::ME: NoBody => session::Me;

    /// Looks a vehicle up by plate and engine digits.
    FilingLookup = Post paths::FILING_LOOKUP: filing::LookupRequest => filing::VehicleMatch;
    /// Resolves a scanned vehicle filing code.
    FilingQrResolve = Post paths::FILING_QR_RESOLVE: filing::QrResolveRequest => filing::VehicleMatch;
    /// Sends the owner a consent code for a match.
    FilingOwnerCode = Post paths::FILING_OWNER_CODE: NoBody => session::SmsChallenge;
    /// A prompted photo for a QR match, before the filing exists.
    FilingMatchPhoto = Put paths::FILING_MATCH_PHOTO: Image => filing::UploadedPhoto;
    /// Creates a filing application.
    CreateFiling = Post paths::FILINGS, idempotent: filing::CreateFiling => filing::Filing;
    /// One filing application.
    GetFiling = Get paths::FILING: NoBody => filing::Filing;
    /// A prompted photo for a QR filing.
    FilingPhoto = Put paths::FILING_PHOTO: Image => filing::Filing;
    /// The applicant's face still.
    FaceCheck = Post paths::FILING_FACE_CHECK: Image => filing::FaceCheckResult;
    /// The applicant cannot take the face check: staff review of documents instead (repeating
    /// it is harmless).
    FaceCheckNoCamera = Post paths::FILING_FACE_CHECK_NO_CAMERA: NoBody => filing::Filing;
    /// An identity document for staff review.
    FilingDocument = Put paths::FILING_DOCUMENT: Image => filing::Filing;
    /// Submits the uploaded documents for review.
    SubmitReview = Post paths::FILING_SUBMIT_REVIEW: NoBody => filing::Filing;

    /// The user's filed vehicles and limits.
    Vehicles = Get paths::VEHICLES: NoBody => vehicle::VehicleList;
    /// Unbinds a filed vehicle.
    UnbindVehicle = Delete paths::VEHICLE: NoBody => NoContent;

    /// Violations of filed vehicles.
    Violations = Get paths::VIOLATIONS: violation::ViolationQuery => violation::ViolationList;
    /// One violation.
    GetViolation = Get paths::VIOLATION: NoBody => violation::Violation;

    /// The handling rules to agree to.
    HandlingRules = Get paths::HANDLING_RULES: NoBody => handling::HandlingRules;
    /// Sends the payment-confirmation code to the user.
    HandlingCode = Post paths::HANDLING_CODE: handling::HandlingCodeRequest => session::SmsChallenge;
    /// Handles violations, making the decisions.
    Handle = Post paths::HANDLING, idempotent: handling::HandleRequest => handling::HandlingResult;

    /// Creates, or reuses while unpaid, the payment order for some decisions.
    CreatePayment = Post paths::PAYMENTS, idempotent: payment::CreatePayment => payment::PaymentOrder;
    /// A payment order's state.
    GetPayment = Get paths::PAYMENT: NoBody => payment::PaymentOrder;
    /// The host's authorization page for this session, to learn the payer's id.
    PayerAuthorization = Post paths::PAYER_AUTHORIZATION: payment::PayerAuthorizationRequest => payment::PayerAuthorization;
    /// Exchanges the authorization code for the payer's id, bound to this session.
    BindPayer = Post paths::PAYER: payment::PayerCode => payment::PayerBinding;
    /// The mini-program's pay page asks for its platform's pay parameters (no session).
    MiniProgramPay = Post paths::PAYMENT_MINI_PROGRAM, public: payment::MiniProgramPayRequest => payment::MiniProgramPayParams;
    /// The receipt of a paid order (`409 wrong_state` while unpaid).
    Receipt = Get paths::PAYMENT_RECEIPT: NoBody => payment::Receipt;

    /// In-app messages.
    Messages = Get paths::MESSAGES: NoBody => message::MessageList;
    /// Marks a message read.
    MarkMessageRead = Post paths::MESSAGE_READ: NoBody => NoContent;

    /// The OpenAPI document of this API.
    OpenApi = Get paths::OPENAPI, public: NoBody => AnyJson;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_method_and_path_is_declared_once() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(
                    (a.method, a.path) != (b.method, b.path),
                    "{} and {} are the same route",
                    a.name,
                    b.name
                );
            }
        }
    }

    #[test]
    fn bodies_fit_their_methods() {
        for e in ALL {
            assert!(e.path.starts_with(paths::API_BASE), "{}", e.name);
            match e.method {
                Method::Get | Method::Delete => assert!(
                    matches!(e.carried, Carried::Nothing | Carried::Query),
                    "{} sends a body with {:?}",
                    e.name,
                    e.method
                ),
                Method::Post | Method::Put => {
                    assert_ne!(e.carried, Carried::Query, "{}", e.name)
                }
            }
            assert!(
                !e.idempotent || e.method == Method::Post,
                "{}: only creating POSTs take a key",
                e.name
            );
        }
    }

    #[test]
    fn paths_are_filled_per_endpoint() {
        assert_eq!(
            FilingDocument::path(&["f-1", "driving_licence"]).unwrap(),
            "/api/filings/f-1/documents/driving_licence"
        );
        assert_eq!(GetPayment::path(&[".."]), Err(BadSegment::Dot));
        assert_eq!(Me::path(&["x"]), Err(BadSegment::Count));
    }
}
