//! Mainland China mobile numbers: 11 digits matching `^1[3-9]\d{9}$`.

use std::fmt;

use crate::text::normalize;

/// Number of digits of a mobile number (without country code).
pub const MOBILE_LEN: usize = 11;

/// Why a mobile number was refused. Positions are 1-based in the national number, after the
/// country code (if any) was removed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum MobileError {
    /// Nothing (or only a country code) was entered. Code `empty`.
    Empty,
    /// Not 11 digits. Code `wrong_length`.
    WrongLength {
        /// Digits entered, without the country code.
        actual: usize,
    },
    /// The number does not start with 13–19, so it is not a mainland mobile number (for example a
    /// landline or a foreign number). Code `not_mobile`.
    NotMobile,
    /// A character that is not a digit. Code `bad_character`.
    BadCharacter {
        /// 1-based position in the national number.
        position: usize,
        /// The offending character.
        ch: char,
    },
}

impl MobileError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            MobileError::Empty => "empty",
            MobileError::WrongLength { .. } => "wrong_length",
            MobileError::NotMobile => "not_mobile",
            MobileError::BadCharacter { .. } => "bad_character",
        }
    }
}

impl fmt::Display for MobileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MobileError::Empty => f.write_str("enter the mobile number"),
            MobileError::WrongLength { actual } => {
                write!(f, "a mobile number has {MOBILE_LEN} digits, found {actual}")
            }
            MobileError::NotMobile => f.write_str("a mainland mobile number starts with 13 to 19"),
            MobileError::BadCharacter { position, ch } => {
                write!(
                    f,
                    "only digits are allowed, found '{ch}' at position {position}"
                )
            }
        }
    }
}

/// A validated mainland mobile number: 11 digits, without country code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct Mobile(String);

impl Mobile {
    /// The 11 digits, e.g. `"13800138000"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for display with the middle four digits hidden, e.g. `"138****8000"`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Mobile> for String {
    fn from(m: Mobile) -> String {
        m.0
    }
}

impl TryFrom<String> for Mobile {
    type Error = MobileError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_mobile(&s)
    }
}

/// Removes a country code `+86` or `0086`, or a bare `86` when it is followed by exactly 11 more
/// characters (a bare `86` cannot otherwise be told from the start of a number).
fn strip_country_code(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix("+86") {
        rest
    } else if let Some(rest) = s.strip_prefix("0086") {
        rest
    } else if s.len() == MOBILE_LEN + 2 && s.starts_with("86") {
        &s[2..]
    } else {
        s
    }
}

/// Parses a mobile number after [`normalize`] (spaces and hyphens removed, full-width digits
/// accepted), with an optional `+86`, `0086` or `86` prefix.
///
/// Checks in order: empty, characters (digits only), the `1[3-9]` prefix (checked as soon as one or
/// two digits are there, so typing `2…` is flagged at once), then the length.
pub fn parse_mobile(input: &str) -> Result<Mobile, MobileError> {
    let norm = normalize(input);
    let national = strip_country_code(&norm);
    if national.is_empty() {
        return Err(MobileError::Empty);
    }
    if let Some((i, ch)) = national
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(MobileError::BadCharacter {
            position: i + 1,
            ch,
        });
    }
    let bytes = national.as_bytes();
    if bytes[0] != b'1' || bytes.get(1).is_some_and(|b| !(b'3'..=b'9').contains(b)) {
        return Err(MobileError::NotMobile);
    }
    if bytes.len() != MOBILE_LEN {
        return Err(MobileError::WrongLength {
            actual: bytes.len(),
        });
    }
    Ok(Mobile(national.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        let cases = [
            "13800138000",
            " 138 0013 8000 ",
            "138-0013-8000",
            "+8613800138000",
            "+86 138 0013 8000",
            "+86-138-0013-8000",
            "008613800138000",
            "0086 13800138000",
            "8613800138000",
            "１３８００１３８０００",
            "＋８６１３８００１３８０００",
        ];
        for input in cases {
            assert_eq!(
                parse_mobile(input).unwrap().as_str(),
                "13800138000",
                "{input:?}"
            );
        }
        for prefix in 3..=9 {
            let n = format!("1{prefix}012345678");
            assert_eq!(parse_mobile(&n).unwrap().as_str(), n);
        }
    }

    #[test]
    fn refused() {
        use MobileError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("+86", Empty),
            ("0086", Empty),
            ("1380013800", WrongLength { actual: 10 }),
            ("138001380001", WrongLength { actual: 12 }),
            ("138", WrongLength { actual: 3 }),
            ("1", WrongLength { actual: 1 }),
            ("+86138", WrongLength { actual: 3 }),
            ("12800138000", NotMobile),
            ("10800138000", NotMobile),
            ("23800138000", NotMobile),
            ("2", NotMobile),
            ("01062345678", NotMobile),
            (
                "+1 555 123 4567",
                BadCharacter {
                    position: 1,
                    ch: '+',
                },
            ),
            (
                "1380013800O",
                BadCharacter {
                    position: 11,
                    ch: 'O',
                },
            ),
            (
                "138.0013.8000",
                BadCharacter {
                    position: 4,
                    ch: '.',
                },
            ),
            (
                "(+86)13800138000",
                BadCharacter {
                    position: 1,
                    ch: '(',
                },
            ),
            // "86" is only a country code when 11 digits follow.
            ("86138001380", NotMobile),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_mobile(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn masked() {
        let m = parse_mobile("13812341234").unwrap();
        assert_eq!(m.masked(), "138****1234");
        let m = parse_mobile("+86 199 0000 5678").unwrap();
        assert_eq!(m.masked(), "199****5678");
        assert_eq!(m.to_string(), "19900005678");
    }
}
