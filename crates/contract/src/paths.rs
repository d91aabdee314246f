//! Route paths, shared by the client (which fills the `{…}` parts) and the stub (which routes them).
//! Paths with parameters are written in axum 0.8 / OpenAPI style (`{id}`). What each API route
//! takes and answers, and with which method, is declared once in [`crate::endpoint`].

/// Prefix of every API route.
pub const API_BASE: &str = "/api";

/// The route of [`crate::endpoint::SignInCode`].
pub const SIGN_IN_CODE: &str = "/api/session/code";
/// The route of [`crate::endpoint::SignIn`] and [`crate::endpoint::SignOut`].
pub const SESSION: &str = "/api/session";
/// The route of [`crate::endpoint::Me`].
pub const ME: &str = "/api/me";

/// The route of [`crate::endpoint::FilingLookup`].
pub const FILING_LOOKUP: &str = "/api/filings/lookup";
/// The route of [`crate::endpoint::FilingQrResolve`].
pub const FILING_QR_RESOLVE: &str = "/api/filings/qr";
/// The route of [`crate::endpoint::FilingOwnerCode`].
pub const FILING_OWNER_CODE: &str = "/api/filings/matches/{match_id}/owner-code";
/// The route of [`crate::endpoint::FilingMatchPhoto`].
pub const FILING_MATCH_PHOTO: &str = "/api/filings/matches/{match_id}/photos/{slot}";
/// The route of [`crate::endpoint::CreateFiling`].
pub const FILINGS: &str = "/api/filings";
/// The route of [`crate::endpoint::GetFiling`].
pub const FILING: &str = "/api/filings/{filing_id}";
/// The route of [`crate::endpoint::FilingPhoto`].
pub const FILING_PHOTO: &str = "/api/filings/{filing_id}/photos/{slot}";
/// The route of [`crate::endpoint::FaceCheck`].
pub const FILING_FACE_CHECK: &str = "/api/filings/{filing_id}/face-check";
/// The route of [`crate::endpoint::FaceCheckNoCamera`].
pub const FILING_FACE_CHECK_NO_CAMERA: &str = "/api/filings/{filing_id}/face-check/no-camera";
/// The route of [`crate::endpoint::FilingDocument`].
pub const FILING_DOCUMENT: &str = "/api/filings/{filing_id}/documents/{kind}";
/// The route of [`crate::endpoint::SubmitReview`].
pub const FILING_SUBMIT_REVIEW: &str = "/api/filings/{filing_id}/review";

/// The route of [`crate::endpoint::Vehicles`].
pub const VEHICLES: &str = "/api/vehicles";
/// The route of [`crate::endpoint::UnbindVehicle`].
pub const VEHICLE: &str = "/api/vehicles/{vehicle_id}";

/// The route of [`crate::endpoint::Violations`].
pub const VIOLATIONS: &str = "/api/violations";
/// The route of [`crate::endpoint::GetViolation`].
pub const VIOLATION: &str = "/api/violations/{violation_id}";

/// The route of [`crate::endpoint::HandlingRules`].
pub const HANDLING_RULES: &str = "/api/handling/rules";
/// The route of [`crate::endpoint::HandlingCode`].
pub const HANDLING_CODE: &str = "/api/handling/code";
/// The route of [`crate::endpoint::Handle`].
pub const HANDLING: &str = "/api/handling";

/// The route of [`crate::endpoint::CreatePayment`].
pub const PAYMENTS: &str = "/api/payments";
/// The route of [`crate::endpoint::GetPayment`].
pub const PAYMENT: &str = "/api/payments/{order_id}";
/// The route of [`crate::endpoint::PayerAuthorization`].
pub const PAYER_AUTHORIZATION: &str = "/api/payments/payer-authorization";
/// The route of [`crate::endpoint::BindPayer`].
pub const PAYER: &str = "/api/payments/payer";
/// The route of [`crate::endpoint::MiniProgramPay`].
pub const PAYMENT_MINI_PROGRAM: &str = "/api/payments/{order_id}/mini-program";
/// The route of [`crate::endpoint::Receipt`].
pub const PAYMENT_RECEIPT: &str = "/api/payments/{order_id}/receipt";

/// The route of [`crate::endpoint::Messages`].
pub const MESSAGES: &str = "/api/messages";
/// The route of [`crate::endpoint::MarkMessageRead`].
pub const MESSAGE_READ: &str = "/api/messages/{message_id}/read";

/// The route of [`crate::endpoint::OpenApi`].
pub const OPENAPI: &str = "/api/openapi.json";

/// Prefix of the sandbox routes (stub only: people and tests drive the simulated world there).
pub const SANDBOX_BASE: &str = "/sandbox";
/// `GET`: the SMS outbox ([`crate::sandbox::SmsOutbox`]).
pub const SANDBOX_SMS: &str = "/sandbox/sms";
/// `POST`: reset all state to the seed.
pub const SANDBOX_RESET: &str = "/sandbox/reset";
/// `POST`: move the stub's clock ([`crate::sandbox::ClockAdvance`]).
pub const SANDBOX_CLOCK: &str = "/sandbox/clock";
/// `GET`/`POST`/`DELETE`: fault injection ([`crate::sandbox::Fault`]).
pub const SANDBOX_FAULTS: &str = "/sandbox/faults";
/// `POST`: outcome of the next face check ([`crate::sandbox::FaceCheckOutcome`]).
pub const SANDBOX_FACE_CHECK: &str = "/sandbox/face-check";
/// `GET`: filings waiting for staff review ([`crate::sandbox::ReviewQueue`]).
pub const SANDBOX_REVIEWS: &str = "/sandbox/reviews";
/// `POST`: decide a review ([`crate::sandbox::ReviewDecision`]).
pub const SANDBOX_REVIEW: &str = "/sandbox/reviews/{filing_id}";
/// `GET`: every payment order ([`crate::sandbox::OrderList`]).
pub const SANDBOX_ORDERS: &str = "/sandbox/orders";
/// `GET`: the simulated WeChat Pay / Alipay page for an order (HTML).
pub const SANDBOX_PAY_PAGE: &str = "/sandbox/pay/{order_id}";
/// `POST`: settle a simulated payment ([`crate::sandbox::PayOutcome`]).
pub const SANDBOX_PAY: &str = "/sandbox/pay/{order_id}";
/// `GET`: the simulated WeChat web authorization page (`snsapi_base`), HTML; `POST`: its answer.
pub const SANDBOX_WECHAT_AUTHORIZE: &str = "/sandbox/oauth/wechat/authorize";
/// `GET`: the simulated Alipay web authorization page (`auth_base`), HTML; `POST`: its answer.
pub const SANDBOX_ALIPAY_AUTHORIZE: &str = "/sandbox/oauth/alipay/authorize";

/// Why a value cannot fill a path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadSegment {
    /// An empty value: `/api/payments/` is another route (the list), not an order.
    Empty,
    /// `.` or `..`: a URL parser resolves them (so does `%2E`/`%2e`, which is why encoding them
    /// is not enough), and `/api/payments/..` is an authenticated request for `/api/`.
    Dot,
    /// More values than placeholders, or fewer.
    Count,
}

impl std::fmt::Display for BadSegment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BadSegment::Empty => "an empty path segment",
            BadSegment::Dot => "a dot segment (. or ..)",
            BadSegment::Count => "a value count that differs from the placeholders",
        })
    }
}

impl std::error::Error for BadSegment {}

/// Fills `{name}` placeholders of a path in order, percent-encoding each value (everything but
/// ASCII letters, digits and `-_.~`, so a value is always exactly one segment). Refuses an
/// empty value, `.` and `..` (which a URL parser would resolve into another route), and a
/// number of values other than the number of placeholders: no request is made for such a path.
pub fn fill(template: &str, values: &[&str]) -> Result<String, BadSegment> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        let v = values.next().ok_or(BadSegment::Count)?;
        match *v {
            "" => return Err(BadSegment::Empty),
            "." | ".." => return Err(BadSegment::Dot),
            _ => encode_segment(v, &mut out),
        }
        rest = &rest[end..];
    }
    if values.next().is_some() {
        return Err(BadSegment::Count);
    }
    out.push_str(rest);
    Ok(out)
}

fn encode_segment(value: &str, out: &mut String) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_in_order_and_encodes_them() {
        assert_eq!(
            fill(FILING_PHOTO, &["f-1", "front"]).unwrap(),
            "/api/filings/f-1/photos/front"
        );
        assert_eq!(
            fill(VEHICLE, &["a/b c"]).unwrap(),
            "/api/vehicles/a%2Fb%20c"
        );
        assert_eq!(fill(ME, &[]).unwrap(), ME);
    }

    #[test]
    fn dot_and_empty_segments_are_refused_not_sent() {
        // `/api/payments/..` is `/api/` once a URL parser resolves it; `/api/filings/../photos/x`
        // would move an upload to another route.
        assert_eq!(fill(PAYMENT, &[".."]), Err(BadSegment::Dot));
        assert_eq!(fill(PAYMENT, &["."]), Err(BadSegment::Dot));
        assert_eq!(fill(FILING_PHOTO, &["..", "front"]), Err(BadSegment::Dot));
        assert_eq!(fill(FILING_PHOTO, &["f-1", ".."]), Err(BadSegment::Dot));
        assert_eq!(fill(PAYMENT, &[""]), Err(BadSegment::Empty));
        assert_eq!(fill(PAYMENT, &[]), Err(BadSegment::Count));
        assert_eq!(fill(PAYMENT, &["a", "b"]), Err(BadSegment::Count));
    }

    #[test]
    fn every_other_value_stays_inside_its_one_segment() {
        // Whatever the value, the filled path is the template's prefix, one segment that a URL
        // parser does not resolve, and the template's suffix.
        for v in [
            "%2e%2e", "%2E.", ".%2e", "...", ".a", "a.", "a/../b", "..\\x", "?x=1", "#y", "\t..",
            "..\n", "%", "订单", " .. ",
        ] {
            let path = fill(PAYMENT, &[v]).unwrap();
            let seg = path.strip_prefix("/api/payments/").unwrap();
            assert!(
                !seg.is_empty() && !seg.contains(['/', '\\', '?', '#']),
                "{v:?} gave {path}"
            );
            let lower = seg.to_ascii_lowercase().replace("%2e", ".");
            assert!(
                lower != "." && lower != "..",
                "{v:?} gave the dot segment {path}"
            );
        }
    }
}
