//! The nightly settlement window in which payment is refused.
//!
//! Product assumption (no published rule found): payment is closed from 23:45:00 (inclusive) to
//! 00:05:00 (exclusive), China time. So 23:44:59 is open, 23:45:00 is closed, 00:04:59 is closed and
//! 00:05:00 is open again.

use crate::date::Time;

/// Seconds of day at which payment closes: 23:45:00 (closed from this second on).
pub const CLOSES_AT_S: u32 = 23 * 3_600 + 45 * 60;
/// Seconds of day at which payment reopens: 00:05:00 (open from this second on).
pub const OPENS_AT_S: u32 = 5 * 60;

/// Whether payment is possible at `t` (China time): false from 23:45:00 inclusive to 00:05:00
/// exclusive.
pub fn payment_open(t: &Time) -> bool {
    let s = t.seconds_of_day();
    (OPENS_AT_S..CLOSES_AT_S).contains(&s)
}

/// The first moment at or after `t` at which payment is possible: `t` itself when open, else
/// 00:05:00 of the same day (if `t` is just after midnight) or of the next day (if `t` is 23:45 or
/// later). Saturates at the last supported day.
pub fn next_open(t: &Time) -> Time {
    if payment_open(t) {
        return *t;
    }
    let date = if t.seconds_of_day() >= CLOSES_AT_S {
        t.date().add_days(1)
    } else {
        t.date()
    };
    Time::new(date, 0, 5, 0).unwrap_or(*t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn t(s: &str) -> Time {
        Time::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn window_boundaries() {
        let cases = [
            ("2025-03-01T12:00:00+08:00", true),
            ("2025-03-01T23:44:59+08:00", true),
            ("2025-03-01T23:45:00+08:00", false),
            ("2025-03-01T23:59:59+08:00", false),
            ("2025-03-02T00:00:00+08:00", false),
            ("2025-03-02T00:04:59+08:00", false),
            ("2025-03-02T00:05:00+08:00", true),
            ("2025-03-02T00:05:01+08:00", true),
            // 15:50 UTC is 23:50 in China.
            ("2025-03-01T15:50:00Z", false),
            ("2025-03-01T15:44:00Z", true),
        ];
        for (s, open) in cases {
            assert_eq!(payment_open(&t(s)), open, "{s}");
        }
    }

    #[test]
    fn next_open_table() {
        let cases = [
            ("2025-03-01T12:00:00+08:00", "2025-03-01T12:00:00+08:00"),
            ("2025-03-01T23:45:00+08:00", "2025-03-02T00:05:00+08:00"),
            ("2025-03-01T23:59:59+08:00", "2025-03-02T00:05:00+08:00"),
            ("2025-03-02T00:00:00+08:00", "2025-03-02T00:05:00+08:00"),
            ("2025-03-02T00:04:59+08:00", "2025-03-02T00:05:00+08:00"),
            ("2024-12-31T23:50:00+08:00", "2025-01-01T00:05:00+08:00"),
            ("2024-02-28T23:50:00+08:00", "2024-02-29T00:05:00+08:00"),
        ];
        for (from, to) in cases {
            assert_eq!(next_open(&t(from)).to_string(), to, "{from}");
            assert!(payment_open(&next_open(&t(from))));
        }
        let last = Time::new(Date::MAX, 23, 50, 0).unwrap();
        assert!(next_open(&last) >= Time::new(Date::MAX, 0, 5, 0).unwrap());
    }
}
