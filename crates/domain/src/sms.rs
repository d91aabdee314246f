//! One-time SMS codes: parsing what the user typed or pasted, and the product timing rules.
//!
//! The timing rules are product assumptions (no published 12123 rule was found).

use std::fmt;

use crate::text::{is_separator, to_half_width};

/// Number of digits of an SMS code.
pub const CODE_LEN: usize = 6;
/// Seconds after sending before another code may be requested (the UI shows a countdown).
pub const RESEND_AFTER_S: u32 = 60;
/// Seconds a code stays valid after it was sent.
pub const VALID_FOR_S: u32 = 300;
/// Wrong attempts after which the code is void.
pub const MAX_TRIES: u32 = 5;

/// Seconds left before a new code may be requested, given the seconds elapsed since the last one
/// was sent (0 when resending is allowed; negative elapsed times are treated as 0).
pub fn resend_wait_s(elapsed_s: i64) -> u32 {
    let left = i64::from(RESEND_AFTER_S) - elapsed_s.max(0);
    u32::try_from(left.max(0)).unwrap_or(0)
}

/// Whether a code sent `elapsed_s` seconds ago has expired (valid for exactly [`VALID_FOR_S`]
/// seconds: expired from second 300 on).
pub fn is_expired(elapsed_s: i64) -> bool {
    elapsed_s >= i64::from(VALID_FOR_S)
}

/// Why an SMS code was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum SmsCodeError {
    /// Nothing was entered. Code `empty`.
    Empty,
    /// Only digits were entered, but not 6 of them. Code `wrong_length`.
    WrongLength {
        /// Digits entered.
        actual: usize,
    },
    /// Pasted text contains no run of exactly 6 digits. Code `not_found`.
    NotFound,
    /// Pasted text contains several different 6-digit runs, so the code cannot be picked. Code
    /// `ambiguous`.
    Ambiguous,
}

impl SmsCodeError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            SmsCodeError::Empty => "empty",
            SmsCodeError::WrongLength { .. } => "wrong_length",
            SmsCodeError::NotFound => "not_found",
            SmsCodeError::Ambiguous => "ambiguous",
        }
    }
}

impl fmt::Display for SmsCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SmsCodeError::Empty => f.write_str("enter the code from the SMS"),
            SmsCodeError::WrongLength { actual } => {
                write!(f, "the code has {CODE_LEN} digits, found {actual}")
            }
            SmsCodeError::NotFound => f.write_str("no 6-digit code found in the text"),
            SmsCodeError::Ambiguous => {
                f.write_str("the text contains several 6-digit numbers: enter the code only")
            }
        }
    }
}

/// A well-formed SMS code: exactly 6 ASCII digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct SmsCode(String);

impl SmsCode {
    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SmsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<SmsCode> for String {
    fn from(c: SmsCode) -> String {
        c.0
    }
}

impl TryFrom<String> for SmsCode {
    type Error = SmsCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_sms_code(&s)
    }
}

/// Parses an SMS code typed or pasted by the user.
///
/// Full-width digits are converted first. If the input is only digits and separators (spaces,
/// hyphens, …), those digits must be exactly 6 (`"123 456"` is accepted). Otherwise it is treated
/// as a pasted message, e.g. `"【交管12123】您的验证码是123456，5分钟内有效。"`: the code is the run of
/// exactly 6 consecutive digits in it (runs of other lengths, such as `12123`, are ignored); the
/// same run repeated is fine, two different ones are [`SmsCodeError::Ambiguous`].
pub fn parse_sms_code(input: &str) -> Result<SmsCode, SmsCodeError> {
    let text: Vec<char> = input.chars().map(to_half_width).collect();
    let compact: String = text.iter().copied().filter(|&c| !is_separator(c)).collect();
    if compact.is_empty() {
        return Err(SmsCodeError::Empty);
    }
    if compact.bytes().all(|b| b.is_ascii_digit()) {
        return if compact.len() == CODE_LEN {
            Ok(SmsCode(compact))
        } else {
            Err(SmsCodeError::WrongLength {
                actual: compact.len(),
            })
        };
    }
    let mut found: Option<String> = None;
    for run in text.split(|c| !c.is_ascii_digit()) {
        if run.len() != CODE_LEN {
            continue;
        }
        let run: String = run.iter().collect();
        match &found {
            None => found = Some(run),
            Some(prev) if *prev == run => {}
            Some(_) => return Err(SmsCodeError::Ambiguous),
        }
    }
    found.map(SmsCode).ok_or(SmsCodeError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        let cases = [
            ("123456", "123456"),
            (" 123456 ", "123456"),
            ("123 456", "123456"),
            ("12-34-56", "123456"),
            ("１２３４５６", "123456"),
            ("１２３\u{3000}４５６", "123456"),
            ("000000", "000000"),
            (
                "【交管12123】您的验证码是654321，5分钟内有效，请勿泄露。",
                "654321",
            ),
            ("【交管12123】验证码：６５４３２１", "654321"),
            (
                "Your code is 987654. Code 987654 expires in 5 min.",
                "987654",
            ),
            ("code:135790", "135790"),
            ("123456a", "123456"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_sms_code(input).unwrap().as_str(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn refused() {
        use SmsCodeError::*;
        let cases = [
            ("", Empty),
            ("  \u{3000} ", Empty),
            ("12345", WrongLength { actual: 5 }),
            ("1234567", WrongLength { actual: 7 }),
            ("123 4567", WrongLength { actual: 7 }),
            ("1", WrongLength { actual: 1 }),
            ("【交管12123】您的验证码是1234567", NotFound),
            ("验证码", NotFound),
            ("12345a", NotFound),
            ("code 123 456", NotFound),
            ("验证码123456，订单号654321", Ambiguous),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_sms_code(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn timing() {
        assert_eq!(resend_wait_s(0), 60);
        assert_eq!(resend_wait_s(-5), 60);
        assert_eq!(resend_wait_s(1), 59);
        assert_eq!(resend_wait_s(59), 1);
        assert_eq!(resend_wait_s(60), 0);
        assert_eq!(resend_wait_s(i64::MAX), 0);
        assert!(!is_expired(0));
        assert!(!is_expired(299));
        assert!(is_expired(300));
        assert_eq!(
            (CODE_LEN, RESEND_AFTER_S, VALID_FOR_S, MAX_TRIES),
            (6, 60, 300, 5)
        );
    }
}
