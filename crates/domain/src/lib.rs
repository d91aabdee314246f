//! Domain rules of the vehicle-filing (备案) and fine-payment flows, as plain Rust.
//!
//! This crate is shared by the Leptos UI (inline validation with specific messages) and by the stub API
//! server (the same rules on the server side). It has no browser types, no I/O and never reads a clock:
//! callers pass dates and times in. It compiles natively and to `wasm32-unknown-unknown`.
//!
//! Every parse function normalises its input first (see [`text::normalize`]) and returns a typed error
//! enum. Each error has a stable snake_case [`ErrorCode::code`] (also available as an inherent `code()`
//! method) that the UI maps to a translated message; the codes are unique within one enum, so the UI
//! keys its messages on *(field, code)*. The `Display` impls give an English fallback text for logs.
//!
//! With the `serde` feature, value types serialise as their canonical strings (validated again on
//! deserialisation), [`Fen`] as a bare integer, and error enums as objects tagged by `"code"`
//! (for example `{"code":"wrong_length","expected":7,"actual":8}`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod date;
pub mod decision;
pub mod engine;
pub mod filing_qr;
pub mod handling;
pub mod id_number;
pub mod image_header;
pub mod limits;
pub mod mobile;
pub mod money;
pub mod pay_host;
pub mod payment_window;
pub mod plate;
pub mod sms;
pub mod surcharge;
pub mod text;
pub mod vin;

pub use date::{Date, DateError, Time, TimeError};
pub use decision::is_decision_number;
pub use engine::{parse_engine_last6, EngineError, EngineTail};
pub use filing_qr::{
    parse_filing_qr, FilingQr, FilingQrError, FILING_QR_SCHEME, FILING_QR_VERSION,
};
pub use handling::{may_handle, valid_points, HandlingFacts, NotHandleable};
pub use id_number::{id_check_char, parse_id_number, IdNumber, IdNumberError};
pub use image_header::{
    check_photo_file, photo_needs_more, read_header, HeaderError, ImageFormat, ImageHeader,
    PhotoFileError,
};
pub use limits::{check_filing_limits, check_vehicle_filers, LimitError};
pub use mobile::{parse_mobile, Mobile, MobileError};
pub use money::{parse_yuan, Fen, MoneyError};
pub use pay_host::{
    alipay_trade_pay_result, is_mini_program_page_path, sdk_script_origins, wechat_jsapi_result,
    BridgeResult, PayChannel, PayHost, ALIPAY_WEB_VIEW_SDK, WECHAT_JS_SDK,
};
pub use payment_window::{next_open, payment_open};
pub use plate::{parse_plate, PlateError, PlateNumber, PlateType, UnknownPlateType, PROVINCES};
pub use sms::{parse_sms_code, SmsCode, SmsCodeError};
pub use surcharge::{due_date, late_surcharge, overdue_days, total_due};
pub use text::normalize;
pub use vin::{parse_vin, vin_check_digit, Vin, VinError};

/// An error with a stable, machine-readable code.
///
/// Implemented by every error type of this crate so generic UI code can map any of them to a
/// translated message. The code equals the inherent `code()` of the type and, with the `serde`
/// feature, the `"code"` tag of its serialised form.
pub trait ErrorCode {
    /// The stable snake_case code of this error, e.g. `"wrong_length"`.
    fn code(&self) -> &'static str;
}

/// Implements [`ErrorCode`] by delegating to the type's inherent `code()` method.
macro_rules! impl_error_code {
    ($($t:ty),* $(,)?) => {
        $(
            impl $crate::ErrorCode for $t {
                fn code(&self) -> &'static str {
                    <$t>::code(self)
                }
            }
            impl std::error::Error for $t {}
        )*
    };
}

impl_error_code!(
    DateError,
    TimeError,
    EngineError,
    FilingQrError,
    NotHandleable,
    IdNumberError,
    HeaderError,
    PhotoFileError,
    LimitError,
    MobileError,
    MoneyError,
    PlateError,
    UnknownPlateType,
    SmsCodeError,
    VinError,
);
