//! The stub's virtual clock: real time plus an offset that `POST /sandbox/clock` moves forward.

use std::time::{SystemTime, UNIX_EPOCH};

use beian_domain::{Date, Time};

/// Real now plus an offset, read in China time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// Seconds added to real time.
    pub offset_s: i64,
}

impl Clock {
    /// Seconds since the Unix epoch on the virtual clock.
    pub fn now_s(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + self.offset_s
    }

    /// Now, in China time.
    pub fn now(&self) -> Time {
        time_at(self.now_s())
    }

    /// Today's date in China.
    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// Moves the clock forward (or back, for negative values).
    pub fn advance(&mut self, seconds: i64) {
        self.offset_s = self.offset_s.saturating_add(seconds);
    }
}

/// The China-time moment of a Unix timestamp (clamped into the supported years).
pub fn time_at(unix_s: i64) -> Time {
    Time::from_unix_seconds(unix_s)
        .or_else(|| Time::from_unix_seconds(0))
        .expect("the epoch is representable")
}

/// RFC 3339 text (`+08:00`) of a Unix timestamp.
pub fn rfc3339(unix_s: i64) -> String {
    time_at(unix_s).to_string()
}

/// China date of a Unix timestamp.
pub fn date_of(unix_s: i64) -> Date {
    time_at(unix_s).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_china_time() {
        assert_eq!(rfc3339(0), "1970-01-01T08:00:00+08:00");
        let mut c = Clock::default();
        let a = c.now_s();
        c.advance(301);
        assert!(c.now_s() - a >= 301);
    }
}
