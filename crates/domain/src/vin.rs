//! Vehicle identification numbers (GB 16735 / ISO 3779) with the check digit in position 9.

use std::fmt;

use crate::text::normalize;

/// Length of a VIN.
pub const VIN_LEN: usize = 17;

/// Position weights for the check-digit sum (position 9, the check digit itself, weighs 0).
const WEIGHTS: [u32; VIN_LEN] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Why a VIN was refused. Positions are 1-based in the normalised input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum VinError {
    /// Nothing was entered. Code `empty`.
    Empty,
    /// Not 17 characters. Code `wrong_length`.
    WrongLength {
        /// Characters entered (after normalisation).
        actual: usize,
    },
    /// I, O or Q, which VINs never use (they are easily confused with 1 and 0). Code
    /// `forbidden_letter`.
    ForbiddenLetter {
        /// 1-based position.
        position: usize,
        /// `'I'`, `'O'` or `'Q'`.
        ch: char,
    },
    /// A character that is neither a letter nor a digit. Code `bad_character`.
    BadCharacter {
        /// 1-based position.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// The check digit (position 9) does not match the rest: most likely a typing mistake. Code
    /// `check_digit`.
    CheckDigit {
        /// The check digit computed from the other 16 characters.
        expected: char,
        /// The character found in position 9.
        actual: char,
    },
}

impl VinError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            VinError::Empty => "empty",
            VinError::WrongLength { .. } => "wrong_length",
            VinError::ForbiddenLetter { .. } => "forbidden_letter",
            VinError::BadCharacter { .. } => "bad_character",
            VinError::CheckDigit { .. } => "check_digit",
        }
    }
}

impl fmt::Display for VinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VinError::Empty => f.write_str("enter the VIN"),
            VinError::WrongLength { actual } => {
                write!(f, "a VIN has {VIN_LEN} characters, found {actual}")
            }
            VinError::ForbiddenLetter { position, ch } => write!(
                f,
                "VINs never contain '{ch}' (position {position}); did you mean a digit?"
            ),
            VinError::BadCharacter { position, ch } => {
                write!(f, "'{ch}' is not allowed in a VIN (position {position})")
            }
            VinError::CheckDigit { expected, actual } => write!(
                f,
                "the VIN does not add up (check character '{actual}', expected '{expected}'): please check it"
            ),
        }
    }
}

/// A validated 17-character VIN, upper case, with a correct check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct Vin(String);

impl Vin {
    /// The normalised VIN.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Vin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Vin> for String {
    fn from(v: Vin) -> String {
        v.0
    }
}

impl TryFrom<String> for Vin {
    type Error = VinError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_vin(&s)
    }
}

/// The transliterated value of one VIN character, `None` for characters outside `[A-HJ-NPR-Z0-9]`.
fn value(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c as u32 - '0' as u32,
        'A'..='H' => c as u32 - 'A' as u32 + 1,
        'J'..='N' => c as u32 - 'J' as u32 + 1,
        'P' => 7,
        'R' => 9,
        'S'..='Z' => c as u32 - 'S' as u32 + 2,
        _ => return None,
    })
}

/// Computes the check digit (`'0'`–`'9'` or `'X'`) of a VIN after [`normalize`]; the character
/// currently in position 9 is ignored. `None` unless the input has 17 characters from
/// `[A-HJ-NPR-Z0-9]` (position 9 may hold anything).
///
/// ```
/// assert_eq!(beian_domain::vin_check_digit("1M8GDM9AXKP042788"), Some('X'));
/// ```
pub fn vin_check_digit(vin: &str) -> Option<char> {
    let norm = normalize(vin);
    let chars: Vec<char> = norm.chars().collect();
    if chars.len() != VIN_LEN {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in chars.iter().enumerate() {
        if i == 8 {
            continue;
        }
        sum += value(c)? * WEIGHTS[i];
    }
    match sum % 11 {
        10 => Some('X'),
        r => char::from_digit(r, 10),
    }
}

/// Parses a VIN after [`normalize`]. Characters are checked first (I, O, Q give
/// [`VinError::ForbiddenLetter`], anything else outside `[A-Z0-9]` gives
/// [`VinError::BadCharacter`]), then the length, then the check digit.
pub fn parse_vin(input: &str) -> Result<Vin, VinError> {
    let norm = normalize(input);
    if norm.is_empty() {
        return Err(VinError::Empty);
    }
    for (i, ch) in norm.chars().enumerate() {
        let position = i + 1;
        if matches!(ch, 'I' | 'O' | 'Q') {
            return Err(VinError::ForbiddenLetter { position, ch });
        }
        if value(ch).is_none() {
            return Err(VinError::BadCharacter { position, ch });
        }
    }
    // Only ASCII is left, so the byte length is the character count.
    if norm.len() != VIN_LEN {
        return Err(VinError::WrongLength { actual: norm.len() });
    }
    let actual = norm.as_bytes()[8] as char;
    match vin_check_digit(&norm) {
        Some(expected) if expected == actual => Ok(Vin(norm)),
        Some(expected) => Err(VinError::CheckDigit { expected, actual }),
        // Unreachable: every character was checked above; treat defensively as a bad character.
        None => Err(VinError::BadCharacter {
            position: 9,
            ch: actual,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_vins_pass() {
        for vin in [
            "1M8GDM9AXKP042788", // the textbook example, check digit X
            "11111111111111111", // 1 * sum(weights) = 89 = 8*11 + 1
            "1HGCM82633A004352", // widely cited Honda Accord sample, check digit 3
            "LSVAU218XN2183294", // synthetic Chinese-style VIN (WMI LSV), check digit X
            "JH4KA8268MC000000", // synthetic, check digit 8
        ] {
            let lower = vin.to_lowercase();
            assert_eq!(
                parse_vin(vin).map(|v| v.to_string()),
                Ok(vin.to_owned()),
                "{vin}"
            );
            assert_eq!(parse_vin(&lower).unwrap().as_str(), vin, "{lower}");
        }
        assert_eq!(vin_check_digit("1M8GDM9AXKP042788"), Some('X'));
        assert_eq!(vin_check_digit("1M8GDM9A?KP042788"), Some('X'));
        assert_eq!(
            parse_vin("１Ｍ８ＧＤＭ９ＡＸＫＰ０４２７８８")
                .unwrap()
                .as_str(),
            "1M8GDM9AXKP042788"
        );
        assert_eq!(
            parse_vin(" 1M8 GDM9-AXKP-042788 ").unwrap().as_str(),
            "1M8GDM9AXKP042788"
        );
    }

    #[test]
    fn refused() {
        use VinError::*;
        let cases = [
            ("", Empty),
            (" - ", Empty),
            ("1M8GDM9AXKP04278", WrongLength { actual: 16 }),
            ("1M8GDM9AXKP0427888", WrongLength { actual: 18 }),
            (
                "1I8GDM9AXKP042788",
                ForbiddenLetter {
                    position: 2,
                    ch: 'I',
                },
            ),
            (
                "1M8GDM9AXKPO42788",
                ForbiddenLetter {
                    position: 12,
                    ch: 'O',
                },
            ),
            (
                "q",
                ForbiddenLetter {
                    position: 1,
                    ch: 'Q',
                },
            ),
            (
                "1M8GDM9AXKP04278!",
                BadCharacter {
                    position: 17,
                    ch: '!',
                },
            ),
            (
                "车架号1M8GDM9AXKP042788",
                BadCharacter {
                    position: 1,
                    ch: '车',
                },
            ),
            (
                "1M8GDM9A0KP042788",
                CheckDigit {
                    expected: 'X',
                    actual: '0',
                },
            ),
            (
                "1M8GDM9AXKP042789",
                CheckDigit {
                    expected: '1',
                    actual: 'X',
                },
            ),
            (
                "1HGCM82643A004352",
                CheckDigit {
                    expected: '3',
                    actual: '4',
                },
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_vin(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn check_digit_helper_rejects_bad_input() {
        assert_eq!(vin_check_digit(""), None);
        assert_eq!(vin_check_digit("1M8GDM9AXKP04278"), None);
        assert_eq!(vin_check_digit("IM8GDM9AXKP042788"), None);
        assert_eq!(vin_check_digit("1M8GDM9AXKP04278Q"), None);
    }

    #[test]
    fn transliteration_table() {
        let table = "A1B2C3D4E5F6G7H8J1K2L3M4N5P7R9S2T3U4V5W6X7Y8Z9";
        let chars: Vec<char> = table.chars().collect();
        for pair in chars.chunks(2) {
            assert_eq!(value(pair[0]), pair[1].to_digit(10), "{}", pair[0]);
        }
        for c in ['I', 'O', 'Q', 'a', '-'] {
            assert_eq!(value(c), None);
        }
    }
}
