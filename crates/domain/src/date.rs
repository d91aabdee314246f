//! A tiny proleptic-Gregorian civil date and a China-time (UTC+08:00) timestamp.
//!
//! No clock is read here: callers pass "today" and "now" in (the UI from `Date.now()` via
//! [`Time::from_unix_seconds`], the server from its own clock).

use std::fmt;
use std::str::FromStr;

/// Seconds in a day.
const DAY_S: i64 = 86_400;
/// Offset of China Standard Time from UTC, in seconds.
const CHINA_OFFSET_S: i64 = 8 * 3_600;

/// A calendar date between 0001-01-01 and 9999-12-31. Ordered chronologically.
///
/// With the `serde` feature it serialises as `"YYYY-MM-DD"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct Date {
    // Field order matters: the derived `Ord` compares year, then month, then day.
    y: i32,
    m: u8,
    d: u8,
}

/// Why a date string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`. Code `malformed`.
    Malformed,
    /// Well-formed, but no such day (e.g. `2023-02-29`) or outside years 1–9999. Code
    /// `invalid_date`.
    InvalidDate,
}

impl DateError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Malformed => "malformed",
            DateError::InvalidDate => "invalid_date",
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Malformed => f.write_str("expected a date as YYYY-MM-DD"),
            DateError::InvalidDate => f.write_str("no such date"),
        }
    }
}

/// Whether `y` is a Gregorian leap year.
pub fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in month `m` (1–12) of year `y`; 0 for an invalid month.
pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses a short slice that must consist of ASCII digits only.
fn digits(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

impl Date {
    /// The earliest representable date, 0001-01-01.
    pub const MIN: Date = Date { y: 1, m: 1, d: 1 };
    /// The latest representable date, 9999-12-31.
    pub const MAX: Date = Date {
        y: 9999,
        m: 12,
        d: 31,
    };
    /// 1970-01-01, day 0 of [`Date::days_since_epoch`].
    pub const EPOCH: Date = Date {
        y: 1970,
        m: 1,
        d: 1,
    };

    /// The date `y-m-d`, or `None` if there is no such day (leap years handled) or the year is
    /// outside 1–9999.
    pub fn new(y: i32, m: u8, d: u8) -> Option<Date> {
        ((1..=9999).contains(&y) && d >= 1 && d <= days_in_month(y, m)).then_some(Date { y, m, d })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.y
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.m
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.d
    }

    /// Parses `"YYYY-MM-DD"` exactly (surrounding white space ignored).
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Malformed);
        }
        let (Some(y), Some(m), Some(d)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
        else {
            return Err(DateError::Malformed);
        };
        // The digit counts bound the values, so the narrowing casts cannot truncate.
        Date::new(y as i32, m as u8, d as u8).ok_or(DateError::InvalidDate)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's `days_from_civil`, with the year starting in March.
        let (m, d) = (i64::from(self.m), i64::from(self.d));
        let y = i64::from(self.y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, or `None` outside 0001-01-01..=9999-12-31.
    pub fn from_days(days: i64) -> Option<Date> {
        if days < Date::MIN.days_since_epoch() || days > Date::MAX.days_since_epoch() {
            return None;
        }
        // Howard Hinnant's `civil_from_days`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
    }

    /// The date `days` later (earlier if negative), or `None` if that leaves the supported range.
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.days_since_epoch().checked_add(days)?)
    }

    /// The date `days` later (earlier if negative), saturating at [`Date::MIN`] / [`Date::MAX`].
    pub fn add_days(self, days: i64) -> Date {
        let target = self.days_since_epoch().saturating_add(days);
        Date::from_days(target).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
    }

    /// Days from `self` to `other`: positive if `other` is later, e.g. 2025-03-01 to 2025-03-16
    /// is 15.
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    /// Writes `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Date::parse(&s)
    }
}

/// A moment in China Standard Time (UTC+08:00, no daylight saving), to the second. Ordered
/// chronologically.
///
/// With the `serde` feature it serialises as RFC 3339 with a `+08:00` offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "String", try_from = "String")
)]
pub struct Time {
    // Field order matters for the derived `Ord`.
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
}

/// Why a timestamp string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum TimeError {
    /// Not of the form `YYYY-MM-DDTHH:MM:SS+08:00` (or `…Z`). Code `malformed`.
    Malformed,
    /// The date part names no real day. Code `invalid_date`.
    InvalidDate,
    /// Hour, minute or second out of range (leap seconds are not accepted). Code `invalid_time`.
    InvalidTime,
    /// An offset other than `+08:00` or `Z`. Code `unsupported_offset`.
    UnsupportedOffset,
}

impl TimeError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            TimeError::Malformed => "malformed",
            TimeError::InvalidDate => "invalid_date",
            TimeError::InvalidTime => "invalid_time",
            TimeError::UnsupportedOffset => "unsupported_offset",
        }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Malformed => f.write_str("expected a time as YYYY-MM-DDTHH:MM:SS+08:00"),
            TimeError::InvalidDate => f.write_str("no such date"),
            TimeError::InvalidTime => f.write_str("hour, minute or second out of range"),
            TimeError::UnsupportedOffset => f.write_str("only +08:00 and Z offsets are accepted"),
        }
    }
}

impl Time {
    /// The given China-time moment, or `None` if hour > 23, minute > 59 or second > 59.
    pub fn new(date: Date, hour: u8, minute: u8, second: u8) -> Option<Time> {
        (hour < 24 && minute < 60 && second < 60).then_some(Time {
            date,
            hour,
            minute,
            second,
        })
    }

    /// The calendar date in China.
    pub fn date(self) -> Date {
        self.date
    }

    /// The hour, 0–23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0–59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0–59.
    pub fn second(self) -> u8 {
        self.second
    }

    /// Seconds since midnight (China time), 0–86 399.
    pub fn seconds_of_day(self) -> u32 {
        u32::from(self.hour) * 3_600 + u32::from(self.minute) * 60 + u32::from(self.second)
    }

    /// The moment `secs` seconds after 1970-01-01T00:00:00Z, in China time; `None` outside the
    /// supported years. For the UI: `Time::from_unix_seconds((js_sys::Date::now() / 1000.0) as i64)`.
    pub fn from_unix_seconds(secs: i64) -> Option<Time> {
        let local = secs.checked_add(CHINA_OFFSET_S)?;
        let date = Date::from_days(local.div_euclid(DAY_S))?;
        let sod = local.rem_euclid(DAY_S);
        Time::new(
            date,
            (sod / 3_600) as u8,
            (sod % 3_600 / 60) as u8,
            (sod % 60) as u8,
        )
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.date.days_since_epoch() * DAY_S + i64::from(self.seconds_of_day()) - CHINA_OFFSET_S
    }

    /// The moment `secs` seconds later (earlier if negative), or `None` outside the supported
    /// years.
    pub fn checked_add_seconds(self, secs: i64) -> Option<Time> {
        Time::from_unix_seconds(self.unix_seconds().checked_add(secs)?)
    }

    /// Parses an RFC 3339 timestamp such as `"2025-03-01T08:30:00+08:00"`.
    ///
    /// Accepts only the offsets `+08:00` and `Z` (UTC, converted to China time, possibly changing
    /// the date). The date/time separator may be `T`, `t` or a space; fractional seconds are
    /// accepted and truncated to the second; leap seconds (`:60`) are refused.
    pub fn parse_rfc3339(s: &str) -> Result<Time, TimeError> {
        let b = s.trim().as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return Err(TimeError::Malformed);
        }
        let date_str = std::str::from_utf8(&b[..10]).map_err(|_| TimeError::Malformed)?;
        let date = Date::parse(date_str).map_err(|e| match e {
            DateError::Malformed => TimeError::Malformed,
            DateError::InvalidDate => TimeError::InvalidDate,
        })?;
        let (Some(h), Some(mi), Some(sec)) =
            (digits(&b[11..13]), digits(&b[14..16]), digits(&b[17..19]))
        else {
            return Err(TimeError::Malformed);
        };
        let mut rest = &b[19..];
        if let Some(frac) = rest.strip_prefix(b".") {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(TimeError::Malformed);
            }
            rest = &frac[n..];
        }
        let utc = match rest {
            b"Z" | b"z" => true,
            b"+08:00" => false,
            [b'+' | b'-', h1, h2, b':', m1, m2]
                if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
            {
                return Err(TimeError::UnsupportedOffset)
            }
            _ => return Err(TimeError::Malformed),
        };
        let t = Time::new(date, h as u8, mi as u8, sec as u8).ok_or(TimeError::InvalidTime)?;
        if utc {
            t.checked_add_seconds(CHINA_OFFSET_S)
                .ok_or(TimeError::InvalidDate)
        } else {
            Ok(t)
        }
    }
}

impl fmt::Display for Time {
    /// Writes RFC 3339 with the China offset, e.g. `2025-03-01T08:30:00+08:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:{:02}+08:00",
            self.date, self.hour, self.minute, self.second
        )
    }
}

impl FromStr for Time {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Time::parse_rfc3339(s)
    }
}

impl From<Time> for String {
    fn from(t: Time) -> String {
        t.to_string()
    }
}

impl TryFrom<String> for Time {
    type Error = TimeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Time::parse_rfc3339(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn new_validates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(2025, 12, 31).is_some());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 0, 1).is_none());
        assert!(Date::new(2025, 1, 0).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert!(Date::new(10_000, 1, 1).is_none());
        assert_eq!(Date::new(1, 1, 1), Some(Date::MIN));
        assert_eq!(Date::new(9999, 12, 31), Some(Date::MAX));
    }

    #[test]
    fn parse_and_display() {
        let cases = [
            ("2025-03-01", Ok(d(2025, 3, 1))),
            (" 2024-02-29 ", Ok(d(2024, 2, 29))),
            ("0001-01-01", Ok(Date::MIN)),
            ("2023-02-29", Err(DateError::InvalidDate)),
            ("2025-00-10", Err(DateError::InvalidDate)),
            ("0000-01-01", Err(DateError::InvalidDate)),
            ("2025-3-01", Err(DateError::Malformed)),
            ("2025/03/01", Err(DateError::Malformed)),
            ("20250301", Err(DateError::Malformed)),
            ("2025-03-0a", Err(DateError::Malformed)),
            ("+025-03-01", Err(DateError::Malformed)),
            ("2025-03-01T00:00", Err(DateError::Malformed)),
            ("", Err(DateError::Malformed)),
            ("２０２５-03-01", Err(DateError::Malformed)),
        ];
        for (input, expected) in cases {
            assert_eq!(Date::parse(input), expected, "{input:?}");
        }
        assert_eq!(d(2025, 3, 1).to_string(), "2025-03-01");
        assert_eq!(Date::MIN.to_string(), "0001-01-01");
        assert_eq!("2025-12-31".parse::<Date>(), Ok(d(2025, 12, 31)));
    }

    #[test]
    fn epoch_days() {
        let cases = [
            (Date::EPOCH, 0),
            (d(1970, 1, 2), 1),
            (d(1969, 12, 31), -1),
            (d(2000, 1, 1), 10_957),
            (d(2000, 3, 1), 11_017),
            (d(2024, 2, 29), 19_782),
            (d(2025, 3, 1), 20_148),
            (Date::MIN, -719_162),
            (Date::MAX, 2_932_896),
        ];
        for (date, days) in cases {
            assert_eq!(date.days_since_epoch(), days, "{date}");
            assert_eq!(Date::from_days(days), Some(date), "{days}");
        }
        assert_eq!(Date::from_days(-719_163), None);
        assert_eq!(Date::from_days(2_932_897), None);
        assert_eq!(Date::from_days(i64::MIN), None);
    }

    #[test]
    fn arithmetic() {
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2023, 2, 28).add_days(1), d(2023, 3, 1));
        assert_eq!(d(2024, 12, 31).add_days(1), d(2025, 1, 1));
        assert_eq!(d(2025, 3, 1).add_days(15), d(2025, 3, 16));
        assert_eq!(d(2025, 3, 1).add_days(-1), d(2025, 2, 28));
        assert_eq!(d(2025, 3, 1).add_days(365), d(2026, 3, 1));
        assert_eq!(Date::MAX.add_days(1), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
        assert_eq!(Date::MAX.add_days(i64::MAX), Date::MAX);
        assert_eq!(Date::MIN.add_days(i64::MIN), Date::MIN);
        assert_eq!(Date::MAX.checked_add_days(1), None);
        assert_eq!(d(2025, 3, 1).days_until(d(2025, 3, 16)), 15);
        assert_eq!(d(2025, 3, 16).days_until(d(2025, 3, 1)), -15);
        assert_eq!(d(2024, 1, 1).days_until(d(2025, 1, 1)), 366);
        assert!(d(2025, 1, 31) < d(2025, 2, 1));
        assert!(d(2024, 12, 31) < d(2025, 1, 1));
    }

    #[test]
    fn rfc3339() {
        let t = |y, m, dd, h, mi, s| Time::new(d(y, m, dd), h, mi, s).unwrap();
        let cases = [
            ("2025-03-01T08:30:00+08:00", Ok(t(2025, 3, 1, 8, 30, 0))),
            ("2025-03-01t08:30:00+08:00", Ok(t(2025, 3, 1, 8, 30, 0))),
            ("2025-03-01 08:30:00+08:00", Ok(t(2025, 3, 1, 8, 30, 0))),
            ("2025-03-01T00:30:00Z", Ok(t(2025, 3, 1, 8, 30, 0))),
            ("2025-03-01T16:00:00z", Ok(t(2025, 3, 2, 0, 0, 0))),
            ("2024-12-31T20:00:00Z", Ok(t(2025, 1, 1, 4, 0, 0))),
            ("2024-02-28T23:59:59Z", Ok(t(2024, 2, 29, 7, 59, 59))),
            ("2025-03-01T08:30:00.123+08:00", Ok(t(2025, 3, 1, 8, 30, 0))),
            ("2025-03-01T08:30:00.999999Z", Ok(t(2025, 3, 1, 16, 30, 0))),
            ("2025-03-01T23:59:59+08:00", Ok(t(2025, 3, 1, 23, 59, 59))),
            (
                "2025-03-01T08:30:00+09:00",
                Err(TimeError::UnsupportedOffset),
            ),
            (
                "2025-03-01T08:30:00-05:00",
                Err(TimeError::UnsupportedOffset),
            ),
            (
                "2025-03-01T08:30:00+00:00",
                Err(TimeError::UnsupportedOffset),
            ),
            ("2025-03-01T08:30:00", Err(TimeError::Malformed)),
            ("2025-03-01T08:30:00+0800", Err(TimeError::Malformed)),
            ("2025-03-01T08:30+08:00", Err(TimeError::Malformed)),
            ("2025-03-01T08:30:00.+08:00", Err(TimeError::Malformed)),
            ("2025-03-01", Err(TimeError::Malformed)),
            ("", Err(TimeError::Malformed)),
            ("2025-02-30T08:30:00+08:00", Err(TimeError::InvalidDate)),
            ("2025-03-01T24:00:00+08:00", Err(TimeError::InvalidTime)),
            ("2025-03-01T08:60:00+08:00", Err(TimeError::InvalidTime)),
            ("2025-03-01T23:59:60+08:00", Err(TimeError::InvalidTime)),
            ("9999-12-31T20:00:00Z", Err(TimeError::InvalidDate)),
        ];
        for (input, expected) in cases {
            assert_eq!(Time::parse_rfc3339(input), expected, "{input:?}");
        }
        let x = t(2025, 3, 1, 8, 5, 9);
        assert_eq!(x.to_string(), "2025-03-01T08:05:09+08:00");
        assert_eq!(x.to_string().parse::<Time>(), Ok(x));
    }

    #[test]
    fn unix_seconds() {
        // 2025-03-01T00:30:00Z
        let t = Time::from_unix_seconds(1_740_789_000).unwrap();
        assert_eq!(t.to_string(), "2025-03-01T08:30:00+08:00");
        assert_eq!(t.unix_seconds(), 1_740_789_000);
        let t0 = Time::from_unix_seconds(0).unwrap();
        assert_eq!(t0.to_string(), "1970-01-01T08:00:00+08:00");
        let before = Time::from_unix_seconds(-8 * 3_600 - 1).unwrap();
        assert_eq!(before.to_string(), "1969-12-31T23:59:59+08:00");
        assert_eq!(Time::from_unix_seconds(i64::MAX), None);
        assert_eq!(t.checked_add_seconds(86_400).unwrap().date(), d(2025, 3, 2));
        assert_eq!(t.seconds_of_day(), 8 * 3_600 + 30 * 60);
        assert!(t < t.checked_add_seconds(1).unwrap());
    }
}
