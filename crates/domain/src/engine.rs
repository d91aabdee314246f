//! The last six characters of the engine number, asked for by the SMS filing method.

use std::fmt;

use crate::text::normalize;

/// Number of characters of the engine number that are asked for.
pub const ENGINE_TAIL_LEN: usize = 6;

/// Why an engine-number tail was refused. Positions are 1-based in the normalised input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum EngineError {
    /// Nothing was entered. Code `empty`.
    Empty,
    /// Not exactly 6 characters. Code `wrong_length`.
    WrongLength {
        /// Characters entered (after normalisation).
        actual: usize,
    },
    /// A character other than a letter or digit. Code `bad_character`.
    BadCharacter {
        /// 1-based position in the normalised input.
        position: usize,
        /// The offending character.
        ch: char,
    },
}

impl EngineError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Empty => "empty",
            EngineError::WrongLength { .. } => "wrong_length",
            EngineError::BadCharacter { .. } => "bad_character",
        }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Empty => f.write_str("enter the last 6 characters of the engine number"),
            EngineError::WrongLength { actual } => write!(
                f,
                "enter exactly {ENGINE_TAIL_LEN} characters of the engine number, found {actual}"
            ),
            EngineError::BadCharacter { position, ch } => write!(
                f,
                "only letters and digits are allowed, found '{ch}' at position {position}"
            ),
        }
    }
}

/// The validated last six characters of an engine number: upper-case letters and digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct EngineTail(String);

impl EngineTail {
    /// The six normalised characters, e.g. `"A12345"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EngineTail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<EngineTail> for String {
    fn from(e: EngineTail) -> String {
        e.0
    }
}

impl TryFrom<String> for EngineTail {
    type Error = EngineError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_engine_last6(&s)
    }
}

/// Parses the last six characters of an engine number after [`normalize`] (so lower case, full-width
/// characters and spaces are accepted). Characters are checked before the length, so a wrong
/// character is reported with its position even while the input is incomplete.
pub fn parse_engine_last6(input: &str) -> Result<EngineTail, EngineError> {
    let norm = normalize(input);
    if norm.is_empty() {
        return Err(EngineError::Empty);
    }
    if let Some((i, ch)) = norm
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(EngineError::BadCharacter {
            position: i + 1,
            ch,
        });
    }
    // Only ASCII is left, so the byte length is the character count.
    if norm.len() != ENGINE_TAIL_LEN {
        return Err(EngineError::WrongLength { actual: norm.len() });
    }
    Ok(EngineTail(norm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        let cases = [
            ("123456", "123456"),
            ("a12345", "A12345"),
            ("ＡＢ１２３４", "AB1234"),
            (" ab 12-34 ", "AB1234"),
            ("OIQ000", "OIQ000"),
            ("zzzzzz", "ZZZZZZ"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_engine_last6(input).unwrap().as_str(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn refused() {
        use EngineError::*;
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("12345", WrongLength { actual: 5 }),
            ("1234567", WrongLength { actual: 7 }),
            ("A", WrongLength { actual: 1 }),
            (
                "12345!",
                BadCharacter {
                    position: 6,
                    ch: '!',
                },
            ),
            (
                "发动机123",
                BadCharacter {
                    position: 1,
                    ch: '发',
                },
            ),
            (
                "12.456",
                BadCharacter {
                    position: 3,
                    ch: '.',
                },
            ),
            (
                "1234é6",
                BadCharacter {
                    position: 5,
                    ch: 'é',
                },
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_engine_last6(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn codes() {
        assert_eq!(EngineError::Empty.code(), "empty");
        assert_eq!(
            EngineError::WrongLength { actual: 1 }.code(),
            "wrong_length"
        );
        assert_eq!(
            EngineError::BadCharacter {
                position: 1,
                ch: 'x'
            }
            .code(),
            "bad_character"
        );
    }
}
