//! Resident identity card numbers (GB 11643-1999): 17 digits and a check character.

use std::fmt;

use crate::date::Date;
use crate::text::normalize;

/// Length of a resident ID number.
pub const ID_LEN: usize = 18;

/// Weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character, indexed by the weighted sum modulo 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why an ID number was refused. Positions are 1-based in the normalised input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum IdNumberError {
    /// Nothing was entered. Code `empty`.
    Empty,
    /// Not 18 characters (old 15-digit numbers are not accepted). Code `wrong_length`.
    WrongLength {
        /// Characters entered (after normalisation).
        actual: usize,
    },
    /// A character other than a digit, or an X anywhere but in last position. Code
    /// `bad_character`.
    BadCharacter {
        /// 1-based position.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// Digits 7–14 are not a real date between 1900-01-01 and 2100-12-31. Code `bad_birth_date`.
    BadBirthDate,
    /// The check character (last) does not match: most likely a typing mistake. Code
    /// `check_digit`.
    CheckDigit {
        /// The check character computed from the first 17 digits.
        expected: char,
        /// The character found in last position.
        actual: char,
    },
}

impl IdNumberError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Empty => "empty",
            IdNumberError::WrongLength { .. } => "wrong_length",
            IdNumberError::BadCharacter { .. } => "bad_character",
            IdNumberError::BadBirthDate => "bad_birth_date",
            IdNumberError::CheckDigit { .. } => "check_digit",
        }
    }
}

impl fmt::Display for IdNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdNumberError::Empty => f.write_str("enter the ID number"),
            IdNumberError::WrongLength { actual } => {
                write!(f, "an ID number has {ID_LEN} characters, found {actual}")
            }
            IdNumberError::BadCharacter { position, ch } => {
                write!(f, "'{ch}' is not allowed at position {position}")
            }
            IdNumberError::BadBirthDate => {
                f.write_str("digits 7 to 14 are not a valid date of birth")
            }
            IdNumberError::CheckDigit { .. } => {
                f.write_str("the ID number does not add up: please check it")
            }
        }
    }
}

/// A validated resident ID number (18 characters, last one a digit or `X`).
///
/// Its `Debug` output is masked so it does not leak into logs; use [`IdNumber::masked`] for display
/// and [`IdNumber::as_str`] only to send it to the server.
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct IdNumber(String);

impl IdNumber {
    /// The whole number. Do not display or store it on the device; see [`IdNumber::masked`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number for display: first 3 and last 4 characters kept, the 11 between replaced by `*`,
    /// e.g. `"110***********002X"`.
    pub fn masked(&self) -> String {
        format!(
            "{}{}{}",
            &self.0[..3],
            "*".repeat(ID_LEN - 7),
            &self.0[ID_LEN - 4..]
        )
    }

    /// The date of birth encoded in digits 7–14.
    pub fn birth_date(&self) -> Date {
        birth_date_of(&self.0).unwrap_or(Date::MIN)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

impl From<IdNumber> for String {
    fn from(n: IdNumber) -> String {
        n.0
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_id_number(&s)
    }
}

/// The check character for the first 17 digits of `digits17` (after [`normalize`]); `None` unless
/// the input has at least 17 characters of which the first 17 are ASCII digits (an 18th character,
/// if present, is ignored).
///
/// ```
/// assert_eq!(beian_domain::id_check_char("11010519491231002"), Some('X'));
/// ```
pub fn id_check_char(digits17: &str) -> Option<char> {
    let norm = normalize(digits17);
    let bytes = norm.as_bytes();
    if !(17..=ID_LEN).contains(&bytes.len()) {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * w;
    }
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// The birth date in digits 7–14 of an all-ASCII number, if it is a real date in 1900..=2100.
fn birth_date_of(s: &str) -> Option<Date> {
    let digits = s.get(6..14)?;
    let num = |r: std::ops::Range<usize>| digits.get(r)?.parse::<u32>().ok();
    let y = num(0..4)?;
    let m = num(4..6)?;
    let d = num(6..8)?;
    let date = Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )?;
    let min = Date::new(1900, 1, 1)?;
    let max = Date::new(2100, 12, 31)?;
    (min..=max).contains(&date).then_some(date)
}

/// Parses a resident ID number after [`normalize`] (a lower-case `x` is accepted).
///
/// Checks in order: empty, characters (digits, and X only in position 18), length 18, the birth date
/// in digits 7–14, then the check character (weights `7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2`, sum mod 11
/// indexes `"10X98765432"`). The birth date is only checked to be a real date in 1900–2100; whether it
/// lies in the future is not checked (no clock is read here).
pub fn parse_id_number(input: &str) -> Result<IdNumber, IdNumberError> {
    let norm = normalize(input);
    if norm.is_empty() {
        return Err(IdNumberError::Empty);
    }
    for (i, ch) in norm.chars().enumerate() {
        let ok = ch.is_ascii_digit() || (ch == 'X' && i == ID_LEN - 1);
        if !ok {
            return Err(IdNumberError::BadCharacter {
                position: i + 1,
                ch,
            });
        }
    }
    // Only ASCII is left, so the byte length is the character count.
    if norm.len() != ID_LEN {
        return Err(IdNumberError::WrongLength { actual: norm.len() });
    }
    if birth_date_of(&norm).is_none() {
        return Err(IdNumberError::BadBirthDate);
    }
    let actual = norm.as_bytes()[ID_LEN - 1] as char;
    let expected = id_check_char(&norm).ok_or(IdNumberError::BadCharacter {
        position: ID_LEN,
        ch: actual,
    })?;
    if expected != actual {
        return Err(IdNumberError::CheckDigit { expected, actual });
    }
    Ok(IdNumber(norm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_example_passes() {
        // The example in GB 11643-1999.
        let id = parse_id_number("11010519491231002X").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.masked(), "110***********002X");
        assert_eq!(id.birth_date(), Date::new(1949, 12, 31).unwrap());
        assert_eq!(format!("{id:?}"), "IdNumber(\"110***********002X\")");
        for input in [
            "11010519491231002x",
            " 110105 19491231 002X ",
            "110105-19491231-002x",
            "１１０１０５１９４９１２３１００２ｘ",
        ] {
            assert_eq!(parse_id_number(input), Ok(id.clone()), "{input:?}");
        }
    }

    #[test]
    fn other_valid_numbers() {
        // Synthetic numbers; check characters computed independently (Python) with the published weights.
        // Includes the 2000-02-29 leap day and both ends of the accepted birth-date range.
        for (input, check) in [
            ("44052419800101001", '3'),
            ("32010619900307123", '4'),
            ("51010720000229008", '8'),
            ("65010219000101000", '8'),
            ("65010221001231000", '1'),
        ] {
            assert_eq!(id_check_char(input), Some(check), "{input}");
            let full = format!("{input}{check}");
            assert!(parse_id_number(&full).is_ok(), "{full}");
        }
    }

    #[test]
    fn refused() {
        use IdNumberError::*;
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("11010519491231002", WrongLength { actual: 17 }),
            ("110105194912310", WrongLength { actual: 15 }),
            ("11010519491231002X1", WrongLength { actual: 19 }),
            (
                "110105194912310021",
                CheckDigit {
                    expected: 'X',
                    actual: '1',
                },
            ),
            (
                "11010519491231003X",
                CheckDigit {
                    expected: '8',
                    actual: 'X',
                },
            ),
            (
                "X10105194912310021",
                BadCharacter {
                    position: 1,
                    ch: 'X',
                },
            ),
            (
                "1101051949123100X2",
                BadCharacter {
                    position: 17,
                    ch: 'X',
                },
            ),
            (
                "11010519491231002Y",
                BadCharacter {
                    position: 18,
                    ch: 'Y',
                },
            ),
            (
                "身份证11010519491231002X",
                BadCharacter {
                    position: 1,
                    ch: '身',
                },
            ),
            // 1949-02-30 does not exist.
            ("110105194902300020", BadBirthDate),
            // 1900 is not a leap year.
            ("110105190002290025", BadBirthDate),
            // Month 13.
            ("110105194913010029", BadBirthDate),
            // Day 00.
            ("110105194912000021", BadBirthDate),
            // Before 1900 and after 2100. (All these carry the correct check character.)
            ("110105189912310023", BadBirthDate),
            ("110105210101010020", BadBirthDate),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_id_number(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn check_char_helper() {
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id_check_char("11010519491231002X"), Some('X'));
        assert_eq!(id_check_char("1101051949123100"), None);
        assert_eq!(id_check_char("1101051949123100A"), None);
        assert_eq!(id_check_char("11010519491231002X9"), None);
    }
}
