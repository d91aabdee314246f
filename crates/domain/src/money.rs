//! Money as an integer number of fen (分, 1/100 yuan). No floating point anywhere.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

use crate::text::to_half_width;

/// An amount of money in fen (1 yuan = 100 fen).
///
/// Arithmetic saturates at the `i64` bounds instead of overflowing. With the `serde` feature it
/// serialises as a bare integer number of fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(transparent)
)]
pub struct Fen(pub i64);

impl Fen {
    /// Zero.
    pub const ZERO: Fen = Fen(0);

    /// `yuan` whole yuan (saturating).
    pub fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan.saturating_mul(100))
    }

    /// The amount in fen.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// The amount in yuan with two decimals and no currency sign, e.g. `"200.00"`, `"-0.05"`.
    pub fn yuan_string(self) -> String {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }
}

impl fmt::Display for Fen {
    /// Writes `¥200.00` (negative amounts as `-¥0.05`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.yuan_string();
        match s.strip_prefix('-') {
            Some(abs) => write!(f, "-¥{abs}"),
            None => write!(f, "¥{s}"),
        }
    }
}

impl Add for Fen {
    type Output = Fen;
    /// Saturating addition.
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Fen {
    type Output = Fen;
    /// Saturating subtraction.
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Fen {
    /// Saturating sum.
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Fen> for Fen {
    /// Saturating sum.
    fn sum<I: Iterator<Item = &'a Fen>>(iter: I) -> Fen {
        iter.copied().sum()
    }
}

/// Why an amount typed in yuan was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum MoneyError {
    /// Nothing was entered. Code `empty`.
    Empty,
    /// A minus sign: amounts are never negative. Code `negative`.
    Negative,
    /// A character other than a digit and one decimal point. Code `bad_character`.
    BadCharacter {
        /// 1-based position in the input after the currency sign and spaces were removed.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// Missing digits before or after the decimal point, or more than one point (e.g. `".5"`,
    /// `"5."`, `"1.2.3"`). Code `malformed`.
    Malformed,
    /// More than two decimals (fen is the smallest unit). Code `too_many_decimals`.
    TooManyDecimals,
    /// Too large to represent. Code `too_large`.
    TooLarge,
}

impl MoneyError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Empty => "empty",
            MoneyError::Negative => "negative",
            MoneyError::BadCharacter { .. } => "bad_character",
            MoneyError::Malformed => "malformed",
            MoneyError::TooManyDecimals => "too_many_decimals",
            MoneyError::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => f.write_str("enter an amount"),
            MoneyError::Negative => f.write_str("the amount cannot be negative"),
            MoneyError::BadCharacter { position, ch } => {
                write!(
                    f,
                    "'{ch}' is not allowed in an amount (position {position})"
                )
            }
            MoneyError::Malformed => f.write_str("expected an amount such as 200 or 200.50"),
            MoneyError::TooManyDecimals => f.write_str("at most two decimals are allowed"),
            MoneyError::TooLarge => f.write_str("the amount is too large"),
        }
    }
}

/// Parses an amount in yuan, e.g. `"200"`, `"200.5"`, `"200.50"`, `"¥200"`, `"２００．５"`,
/// `"200元"`, into fen.
///
/// White space is removed, full-width characters are accepted, and one leading `¥`/`￥` or one
/// trailing `元` is ignored. Minus signs are refused ([`MoneyError::Negative`]), as are thousands
/// separators and a `+` ([`MoneyError::BadCharacter`]). At most two decimals.
pub fn parse_yuan(input: &str) -> Result<Fen, MoneyError> {
    let cleaned: String = input
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let s = cleaned.strip_prefix(['¥', '￥']).unwrap_or(&cleaned);
    let s = s.strip_suffix('元').unwrap_or(s);
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    if s.contains(['-', '\u{2212}']) {
        return Err(MoneyError::Negative);
    }
    if let Some((i, ch)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
    {
        return Err(MoneyError::BadCharacter {
            position: i + 1,
            ch,
        });
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int_part.is_empty() || frac_part.is_some_and(|f| f.is_empty() || f.contains('.')) {
        return Err(MoneyError::Malformed);
    }
    let frac = frac_part.unwrap_or("");
    if frac.len() > 2 {
        return Err(MoneyError::TooManyDecimals);
    }
    let mut fen: i64 = 0;
    for b in int_part.bytes() {
        fen = fen
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
            .ok_or(MoneyError::TooLarge)?;
    }
    let mut frac_fen: i64 = 0;
    for i in 0..2 {
        let digit = frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
        frac_fen = frac_fen * 10 + digit;
    }
    fen.checked_mul(100)
        .and_then(|v| v.checked_add(frac_fen))
        .map(Fen)
        .ok_or(MoneyError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting() {
        let cases = [
            (Fen(20_000), "200.00", "¥200.00"),
            (Fen(20_050), "200.50", "¥200.50"),
            (Fen(5), "0.05", "¥0.05"),
            (Fen(0), "0.00", "¥0.00"),
            (Fen(-5), "-0.05", "-¥0.05"),
            (Fen(-12_345), "-123.45", "-¥123.45"),
            (
                Fen(i64::MAX),
                "92233720368547758.07",
                "¥92233720368547758.07",
            ),
            (
                Fen(i64::MIN),
                "-92233720368547758.08",
                "-¥92233720368547758.08",
            ),
        ];
        for (fen, plain, shown) in cases {
            assert_eq!(fen.yuan_string(), plain);
            assert_eq!(fen.to_string(), shown);
        }
        assert_eq!(Fen::from_yuan(200), Fen(20_000));
        assert_eq!(Fen::from_yuan(i64::MAX), Fen(i64::MAX));
        assert_eq!(Fen::from_yuan(-1).fen(), -100);
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(Fen(100) + Fen(50), Fen(150));
        assert_eq!(Fen(100) - Fen(150), Fen(-50));
        assert_eq!(Fen(i64::MAX) + Fen(1), Fen(i64::MAX));
        assert_eq!(Fen(i64::MIN) - Fen(1), Fen(i64::MIN));
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen(1).checked_sub(Fen(2)), Some(Fen(-1)));
        let v = [Fen(20_000), Fen(600), Fen(5)];
        assert_eq!(v.iter().sum::<Fen>(), Fen(20_605));
        assert_eq!(v.into_iter().sum::<Fen>(), Fen(20_605));
        assert_eq!(
            [Fen(i64::MAX), Fen(1)].into_iter().sum::<Fen>(),
            Fen(i64::MAX)
        );
        assert!(Fen(1) < Fen(2));
    }

    #[test]
    fn parse_accepted() {
        let cases = [
            ("200", 20_000),
            ("200.5", 20_050),
            ("200.50", 20_050),
            ("200.05", 20_005),
            ("0", 0),
            ("0.01", 1),
            ("0.1", 10),
            ("007", 700),
            (" 200 ", 20_000),
            ("¥200", 20_000),
            ("￥ 200.00", 20_000),
            ("200元", 20_000),
            ("２００．５", 20_050),
            ("92233720368547758.07", i64::MAX),
        ];
        for (input, fen) in cases {
            assert_eq!(parse_yuan(input), Ok(Fen(fen)), "{input:?}");
        }
    }

    #[test]
    fn parse_refused() {
        use MoneyError::*;
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("¥", Empty),
            ("-1", Negative),
            ("-0.01", Negative),
            ("－5", Negative),
            ("¥-5", Negative),
            ("1-", Negative),
            (
                "+1",
                BadCharacter {
                    position: 1,
                    ch: '+',
                },
            ),
            (
                "1,000",
                BadCharacter {
                    position: 2,
                    ch: ',',
                },
            ),
            (
                "1e3",
                BadCharacter {
                    position: 2,
                    ch: 'e',
                },
            ),
            (
                "二百",
                BadCharacter {
                    position: 1,
                    ch: '二',
                },
            ),
            (
                "$5",
                BadCharacter {
                    position: 1,
                    ch: '$',
                },
            ),
            (".5", Malformed),
            ("5.", Malformed),
            (".", Malformed),
            ("1.2.3", Malformed),
            ("200.505", TooManyDecimals),
            ("0.001", TooManyDecimals),
            ("92233720368547758.08", TooLarge),
            ("99999999999999999999", TooLarge),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_yuan(input), Err(expected), "{input:?}");
        }
    }
}
