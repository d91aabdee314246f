//! Late-payment surcharge (加处罚款) under art. 72 of the Administrative Penalty Law.
//!
//! # Reading of the rule
//!
//! The fine is due within 15 days of the decision. Following the usual Chinese rule for periods
//! (the day the period starts is not counted), the 15 days are the 15 days *after* the decision
//! date, so the last day to pay without surcharge is `decision_date + 15` (see [`due_date`]): on
//! days 0..=15 after the decision nothing is added. From day 16 on, each day overdue adds 3 % of
//! the fine; day 16 is the first overdue day. The total surcharge never exceeds the fine itself
//! (reached on the 34th overdue day: 34 × 3 % = 102 %).
//!
//! For camera records the decision is made when the violation is handled, so callers pass the
//! handling date as `decision_date`.
//!
//! Not modelled: extension of the deadline when its last day is a public holiday.
//!
//! # Rounding
//!
//! The surcharge is computed on the total, exactly in integers:
//! `floor(fine_fen × 3 × overdue_days / 100)`, then capped at the fine. (Not rounded per day.) This
//! is monotonic in the number of days and never exceeds the fine.

use crate::date::Date;
use crate::money::Fen;

/// Days after the decision date within which the fine may be paid without surcharge.
pub const PAYMENT_PERIOD_DAYS: i64 = 15;

/// Surcharge per overdue day, in percent of the fine.
pub const SURCHARGE_PERCENT_PER_DAY: i64 = 3;

/// The last day on which the fine can be paid without surcharge: 15 days after the decision date
/// (saturating at [`Date::MAX`]).
pub fn due_date(decision_date: Date) -> Date {
    decision_date.add_days(PAYMENT_PERIOD_DAYS)
}

/// Days overdue on `today`: 0 up to and including [`due_date`], then 1, 2, …
pub fn overdue_days(decision_date: Date, today: Date) -> i64 {
    (decision_date.days_until(today) - PAYMENT_PERIOD_DAYS).max(0)
}

/// The late surcharge owed on `today` for `fine` decided on `decision_date`: 3 % of the fine per
/// overdue day, on the total, rounded down to the fen, capped at the fine. Zero for a fine that is
/// zero or negative, and on or before the due date (also if `today` is before the decision).
pub fn late_surcharge(fine: Fen, decision_date: Date, today: Date) -> Fen {
    let days = overdue_days(decision_date, today);
    if fine.0 <= 0 || days == 0 {
        return Fen::ZERO;
    }
    // i128 cannot overflow here: |fine| < 2^63, 3 < 2^2, days < 2^22 (the date range).
    let raw = i128::from(fine.0) * i128::from(SURCHARGE_PERCENT_PER_DAY) * i128::from(days) / 100;
    let capped = raw.min(i128::from(fine.0));
    // `capped` is between 0 and `fine.0`, so it fits in an i64.
    Fen(i64::try_from(capped).unwrap_or(fine.0))
}

/// The fine plus the late surcharge owed on `today`.
pub fn total_due(fine: Fen, decision_date: Date, today: Date) -> Fen {
    fine + late_surcharge(fine, decision_date, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn due_date_is_fifteen_days_later() {
        assert_eq!(due_date(d(2025, 3, 1)), d(2025, 3, 16));
        assert_eq!(due_date(d(2024, 12, 20)), d(2025, 1, 4));
        assert_eq!(due_date(d(2024, 2, 14)), d(2024, 2, 29));
        assert_eq!(due_date(Date::MAX), Date::MAX);
    }

    #[test]
    fn boundary_day_15_is_free_day_16_is_charged() {
        let decided = d(2025, 3, 1);
        let fine = Fen::from_yuan(200);
        // Day 0 (same day) .. day 15 (2025-03-16): nothing.
        for offset in 0..=15 {
            let today = decided.add_days(offset);
            assert_eq!(
                late_surcharge(fine, decided, today),
                Fen::ZERO,
                "day {offset}"
            );
            assert_eq!(overdue_days(decided, today), 0);
        }
        // Day 16 (2025-03-17): first overdue day, 3 % of ¥200 = ¥6.
        assert_eq!(late_surcharge(fine, decided, d(2025, 3, 17)), Fen(600));
        assert_eq!(overdue_days(decided, d(2025, 3, 17)), 1);
        assert_eq!(total_due(fine, decided, d(2025, 3, 17)), Fen(20_600));
    }

    #[test]
    fn table() {
        let decided = d(2025, 3, 1);
        let cases: &[(i64, i64, i64)] = &[
            // (fine in fen, days after decision, expected surcharge in fen)
            (20_000, 17, 1_200),   // 2 days overdue: 6 %
            (20_000, 25, 6_000),   // 10 days: 30 %
            (20_000, 48, 19_800),  // 33 days: 99 %
            (20_000, 49, 20_000),  // 34 days: 102 % capped at 100 %
            (20_000, 400, 20_000), // long overdue: still capped
            (5_000, 16, 150),      // ¥50, 1 day: ¥1.50
            (10_000, 18, 900),     // ¥100, 3 days: ¥9
            (1, 16, 0),            // 0.03 fen rounds down
            (33, 16, 0),           // 0.99 fen rounds down
            (34, 16, 1),           // 1.02 fen rounds down to 1
            (50, 17, 3),           // 2 x 1.5 fen = 3 on the total (per-day rounding would give 2)
            (1, 49, 1),            // capped at the fine
            (0, 100, 0),           // no fine, no surcharge
            (-100, 100, 0),        // defensive: negative fine
            (20_000, -5, 0),       // "today" before the decision
        ];
        for &(fine, after, expected) in cases {
            assert_eq!(
                late_surcharge(Fen(fine), decided, decided.add_days(after)),
                Fen(expected),
                "fine {fine} after {after} days"
            );
        }
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let fine = Fen(i64::MAX);
        assert_eq!(late_surcharge(fine, Date::MIN, Date::MAX), fine);
        assert_eq!(
            late_surcharge(fine, Date::MIN, Date::MIN.add_days(16)),
            // floor((2^63 - 1) * 3 / 100), computed independently.
            Fen(276_701_161_105_643_274)
        );
        assert_eq!(total_due(fine, Date::MIN, Date::MAX), Fen(i64::MAX));
    }
}
