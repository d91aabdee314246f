//! The vehicle filing QR payload the owner's app shows: `BEIAN:1:<token>`.
//!
//! - `BEIAN`: the literal scheme (upper case),
//! - `1`: the format version (decimal, no leading zeros),
//! - `<token>`: an opaque token of [`TOKEN_MIN`]–[`TOKEN_MAX`] characters from `[A-Za-z0-9_-]`.
//!
//! The payload carries nothing personal: the server resolves the token to the vehicle. The app
//! checks the format before asking the server, so that a payment code, a web address or any other
//! text gets "this is not a vehicle filing code" at once, and a code from a newer format gets
//! "update the app". Surrounding whitespace (a trailing newline some encoders add) is ignored; the
//! token itself is case-sensitive and is never normalised.

use std::fmt;

/// Scheme of the payload.
pub const FILING_QR_SCHEME: &str = "BEIAN";
/// The payload format version this crate reads.
pub const FILING_QR_VERSION: u32 = 1;
/// Shortest token.
pub const TOKEN_MIN: usize = 16;
/// Longest token.
pub const TOKEN_MAX: usize = 64;

/// Why a scanned text is not a vehicle filing code this app can use.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum FilingQrError {
    /// The code holds no text. Code `empty`.
    Empty,
    /// A payment code (WeChat Pay, Alipay, UnionPay). Code `payment_code`.
    PaymentCode,
    /// A web address or another URI. Code `url`.
    Url,
    /// Any other text. Code `not_filing_code`.
    NotFilingCode,
    /// A filing code of another format version (a newer owner app). Code `unsupported_version`.
    UnsupportedVersion {
        /// The version found (saturated at `u32::MAX`).
        version: u32,
    },
    /// `BEIAN:1:` followed by a malformed token (damaged or forged). Code `bad_token`.
    BadToken,
}

impl FilingQrError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            FilingQrError::Empty => "empty",
            FilingQrError::PaymentCode => "payment_code",
            FilingQrError::Url => "url",
            FilingQrError::NotFilingCode => "not_filing_code",
            FilingQrError::UnsupportedVersion { .. } => "unsupported_version",
            FilingQrError::BadToken => "bad_token",
        }
    }
}

impl fmt::Display for FilingQrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilingQrError::Empty => f.write_str("the code holds no text"),
            FilingQrError::PaymentCode => f.write_str("a payment code, not a vehicle filing code"),
            FilingQrError::Url => f.write_str("a web address, not a vehicle filing code"),
            FilingQrError::NotFilingCode => f.write_str("not a vehicle filing code"),
            FilingQrError::UnsupportedVersion { version } => {
                write!(f, "vehicle filing code version {version} is not supported (expected {FILING_QR_VERSION})")
            }
            FilingQrError::BadToken => f.write_str("the vehicle filing code is damaged"),
        }
    }
}

/// A well-formed vehicle filing code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FilingQr {
    token: String,
}

impl FilingQr {
    /// The opaque token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The canonical payload text, `BEIAN:1:<token>`.
    pub fn payload(&self) -> String {
        format!("{FILING_QR_SCHEME}:{FILING_QR_VERSION}:{}", self.token)
    }
}

impl fmt::Display for FilingQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{FILING_QR_SCHEME}:{FILING_QR_VERSION}:{}", self.token)
    }
}

/// Prefixes of payment codes seen in China (lower-cased comparison).
const PAYMENT_PREFIXES: &[&str] = &[
    "wxp://",
    "weixin://wxpay",
    "https://qr.alipay.com",
    "http://qr.alipay.com",
    "alipays://",
    "alipay://",
    "https://qr.95516.com",
    "upwallet://",
    "https://payapp.weixin.qq.com",
    "https://wx.tenpay.com",
];

fn looks_like_uri(s: &str) -> bool {
    // RFC 3986 scheme followed by ':' and something; "BEIAN:" is handled before this.
    if s.to_ascii_lowercase().starts_with("www.") {
        return true;
    }
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    first_ok
        && scheme.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && (rest.starts_with("//")
            || scheme.eq_ignore_ascii_case("mailto")
            || scheme.eq_ignore_ascii_case("tel"))
}

fn valid_token(t: &str) -> bool {
    (TOKEN_MIN..=TOKEN_MAX).contains(&t.len())
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Parses a scanned text as a vehicle filing code, telling apart what else it may be.
pub fn parse_filing_qr(text: &str) -> Result<FilingQr, FilingQrError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(FilingQrError::Empty);
    }
    if let Some(rest) = s
        .strip_prefix(FILING_QR_SCHEME)
        .and_then(|r| r.strip_prefix(':'))
    {
        let (version, token) = rest.split_once(':').unwrap_or((rest, ""));
        let numeric = !version.is_empty()
            && version.len() <= 9
            && version.bytes().all(|b| b.is_ascii_digit());
        if !numeric || (version.len() > 1 && version.starts_with('0')) {
            return Err(FilingQrError::NotFilingCode);
        }
        let version: u32 = version.parse().unwrap_or(u32::MAX);
        if version != FILING_QR_VERSION {
            return Err(FilingQrError::UnsupportedVersion { version });
        }
        if !valid_token(token) {
            return Err(FilingQrError::BadToken);
        }
        return Ok(FilingQr {
            token: token.to_owned(),
        });
    }
    let lower = s.to_ascii_lowercase();
    if PAYMENT_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return Err(FilingQrError::PaymentCode);
    }
    if looks_like_uri(s) {
        return Err(FilingQrError::Url);
    }
    Err(FilingQrError::NotFilingCode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_seed_codes_and_trims_whitespace() {
        let q = parse_filing_qr("BEIAN:1:demo-qr-yueB67890-active").unwrap();
        assert_eq!(q.token(), "demo-qr-yueB67890-active");
        assert_eq!(q.payload(), "BEIAN:1:demo-qr-yueB67890-active");
        assert_eq!(
            parse_filing_qr("  BEIAN:1:demo-qr-yueB67890-active\r\n").unwrap(),
            q
        );
        assert_eq!(q.to_string(), q.payload());
    }

    #[test]
    fn token_length_and_alphabet_are_checked() {
        let ok16 = "a".repeat(16);
        let ok64 = "Z9_-".repeat(16);
        assert!(parse_filing_qr(&format!("BEIAN:1:{ok16}")).is_ok());
        assert!(parse_filing_qr(&format!("BEIAN:1:{ok64}")).is_ok());
        for bad in [
            "",
            "short",
            &"a".repeat(15),
            &"a".repeat(65),
            "demo-qr-yueB67890 active",
            "demo-qr-yueB67890/active",
            "粤B67890粤B67890粤B67890",
            "demo-qr-yueB67890-active:x",
        ] {
            assert_eq!(
                parse_filing_qr(&format!("BEIAN:1:{bad}")),
                Err(FilingQrError::BadToken),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_token_is_case_sensitive_and_the_scheme_is_exact() {
        let q = parse_filing_qr("BEIAN:1:AbCdEfGhIjKlMnOp").unwrap();
        assert_eq!(q.token(), "AbCdEfGhIjKlMnOp");
        assert_eq!(
            parse_filing_qr("beian:1:demo-qr-yueB67890-active"),
            Err(FilingQrError::NotFilingCode)
        );
        assert_eq!(
            parse_filing_qr("BEIAN1:demo-qr-yueB67890-active"),
            Err(FilingQrError::NotFilingCode)
        );
    }

    #[test]
    fn other_versions_are_told_apart_from_garbage() {
        assert_eq!(
            parse_filing_qr("BEIAN:2:demo-qr-yueB67890-active"),
            Err(FilingQrError::UnsupportedVersion { version: 2 })
        );
        assert_eq!(
            parse_filing_qr("BEIAN:10"),
            Err(FilingQrError::UnsupportedVersion { version: 10 })
        );
        assert_eq!(
            parse_filing_qr("BEIAN:999999999:x"),
            Err(FilingQrError::UnsupportedVersion {
                version: 999_999_999
            })
        );
        assert_eq!(
            parse_filing_qr("BEIAN:01:demo-qr-yueB67890-active"),
            Err(FilingQrError::NotFilingCode)
        );
        assert_eq!(
            parse_filing_qr("BEIAN:x:demo-qr-yueB67890-active"),
            Err(FilingQrError::NotFilingCode)
        );
        assert_eq!(parse_filing_qr("BEIAN:"), Err(FilingQrError::NotFilingCode));
        assert_eq!(parse_filing_qr("BEIAN:1"), Err(FilingQrError::BadToken));
    }

    #[test]
    fn payment_codes_urls_and_text_are_not_filing_codes() {
        for pay in [
            "wxp://f2f0abcdefg",
            "https://qr.alipay.com/fkx12345abc",
            "HTTPS://QR.ALIPAY.COM/ABC",
            "https://qr.95516.com/00010000/0123",
        ] {
            assert_eq!(
                parse_filing_qr(pay),
                Err(FilingQrError::PaymentCode),
                "{pay}"
            );
        }
        for url in [
            "https://example.com/BEIAN:1:demo-qr-yueB67890-active",
            "http://127.0.0.1:8080/",
            "www.12123.gov.cn",
            "mailto:a@b.cn",
        ] {
            assert_eq!(parse_filing_qr(url), Err(FilingQrError::Url), "{url}");
        }
        for text in [
            "hello",
            "粤B67890",
            "12:30",
            "WIFI:S:home;T:WPA;P:secret;;",
            "4006123123",
        ] {
            assert_eq!(
                parse_filing_qr(text),
                Err(FilingQrError::NotFilingCode),
                "{text}"
            );
        }
        assert_eq!(parse_filing_qr(" \n"), Err(FilingQrError::Empty));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(FilingQrError::PaymentCode.code(), "payment_code");
        assert_eq!(
            FilingQrError::UnsupportedVersion { version: 2 }.code(),
            "unsupported_version"
        );
        assert_eq!(
            FilingQrError::BadToken.to_string(),
            "the vehicle filing code is damaged"
        );
    }
}
