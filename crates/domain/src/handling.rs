//! Whether a non-owner who filed a vehicle may handle (处理) one of its camera-recorded violations.
//!
//! A filer may handle violations without points; and violations with points that happened after
//! the filing date, under the simplified procedure, when the fine is at most ¥200 and the handler's
//! current points plus these stay under 12 (the points go on the handler's own licence). A filer
//! outside the licence class of the vehicle may only query. Anything else can be viewed but not
//! handled, with the reason shown.

use std::fmt;

use crate::date::Date;
use crate::money::Fen;

/// The points a violation can carry.
pub const VALID_POINTS: [u8; 6] = [12, 9, 6, 3, 1, 0];

/// Highest fine (¥200) a filer may handle for a violation with points (simplified procedure).
pub const MAX_FINE_WITH_POINTS: Fen = Fen(20_000);

/// Points at which a licence is suspended; a handler must stay below this.
pub const POINTS_LIMIT: u8 = 12;

/// Whether `points` is a points value a violation can carry: 12, 9, 6, 3, 1 or 0.
pub fn valid_points(points: u8) -> bool {
    VALID_POINTS.contains(&points)
}

/// The facts needed to decide whether a filer may handle a violation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HandlingFacts {
    /// Points of the violation (one of [`VALID_POINTS`]).
    pub points: u8,
    /// Fine of the violation.
    pub fine: Fen,
    /// Date (China time) on which the violation happened.
    pub violation_date: Date,
    /// Date on which the handler's filing of this vehicle took effect.
    pub filing_date: Date,
    /// Points already on the handler's licence in the current scoring period.
    pub handler_current_points: u8,
    /// Whether the vehicle is within the handler's licence class.
    pub within_licence_class: bool,
    /// Whether the fine is already paid.
    pub paid: bool,
    /// Whether the violation is already handled.
    pub already_handled: bool,
}

/// Why a filer may view but not handle a violation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum NotHandleable {
    /// The fine is already paid. Code `paid`.
    Paid,
    /// The violation is already handled. Code `already_handled`.
    AlreadyHandled,
    /// The vehicle is outside the handler's licence class: query only. Code
    /// `outside_licence_class`.
    OutsideLicenceClass,
    /// The record carries a points value that does not exist (data error): refuse rather than
    /// guess. Code `invalid_points`.
    InvalidPoints {
        /// The points on the record.
        points: u8,
    },
    /// The violation carries points and happened on or before the filing date: only the owner
    /// (or the driver at the time, at a counter) can handle it. Code `points_before_filing`.
    PointsBeforeFiling,
    /// The violation carries points and its fine is over ¥200, outside the simplified procedure.
    /// Code `fine_over_limit`.
    FineOverLimit {
        /// The limit, [`MAX_FINE_WITH_POINTS`].
        limit: Fen,
    },
    /// The handler's points plus this violation's would reach 12. Code `points_would_reach12`.
    PointsWouldReach12 {
        /// Points already on the handler's licence.
        current: u8,
        /// Points of this violation.
        points: u8,
    },
}

impl NotHandleable {
    /// The stable snake_case code of this reason.
    pub fn code(&self) -> &'static str {
        match self {
            NotHandleable::Paid => "paid",
            NotHandleable::AlreadyHandled => "already_handled",
            NotHandleable::OutsideLicenceClass => "outside_licence_class",
            NotHandleable::InvalidPoints { .. } => "invalid_points",
            NotHandleable::PointsBeforeFiling => "points_before_filing",
            NotHandleable::FineOverLimit { .. } => "fine_over_limit",
            NotHandleable::PointsWouldReach12 { .. } => "points_would_reach12",
        }
    }
}

impl fmt::Display for NotHandleable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotHandleable::Paid => f.write_str("already paid"),
            NotHandleable::AlreadyHandled => f.write_str("already handled"),
            NotHandleable::OutsideLicenceClass => {
                f.write_str("the vehicle is outside your licence class: you can only query")
            }
            NotHandleable::InvalidPoints { points } => {
                write!(f, "the record has an invalid points value ({points})")
            }
            NotHandleable::PointsBeforeFiling => f.write_str(
                "violations with points from before your filing can only be handled by the owner",
            ),
            NotHandleable::FineOverLimit { limit } => {
                write!(
                    f,
                    "violations with points and a fine over {limit} cannot be handled online"
                )
            }
            NotHandleable::PointsWouldReach12 { current, points } => write!(
                f,
                "you have {current} points; {points} more would reach {POINTS_LIMIT}"
            ),
        }
    }
}

/// Decides whether the filer may handle the violation.
///
/// Checked in order: paid, already handled, licence class; then a zero-point violation is
/// handleable; otherwise the points value must be valid, the violation must have happened strictly
/// after the filing date (dates only: a violation on the filing day itself cannot be shown to have
/// happened after the filing, so it is refused), the fine must be at most ¥200, and the handler's
/// points plus these must stay below 12.
pub fn may_handle(v: &HandlingFacts) -> Result<(), NotHandleable> {
    if v.paid {
        return Err(NotHandleable::Paid);
    }
    if v.already_handled {
        return Err(NotHandleable::AlreadyHandled);
    }
    if !v.within_licence_class {
        return Err(NotHandleable::OutsideLicenceClass);
    }
    if v.points == 0 {
        return Ok(());
    }
    if !valid_points(v.points) {
        return Err(NotHandleable::InvalidPoints { points: v.points });
    }
    if v.violation_date <= v.filing_date {
        return Err(NotHandleable::PointsBeforeFiling);
    }
    if v.fine > MAX_FINE_WITH_POINTS {
        return Err(NotHandleable::FineOverLimit {
            limit: MAX_FINE_WITH_POINTS,
        });
    }
    if u16::from(v.handler_current_points) + u16::from(v.points) >= u16::from(POINTS_LIMIT) {
        return Err(NotHandleable::PointsWouldReach12 {
            current: v.handler_current_points,
            points: v.points,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// A handleable 3-point, ¥200 violation ten days after filing.
    fn base() -> HandlingFacts {
        HandlingFacts {
            points: 3,
            fine: Fen::from_yuan(200),
            violation_date: d(2025, 3, 11),
            filing_date: d(2025, 3, 1),
            handler_current_points: 0,
            within_licence_class: true,
            paid: false,
            already_handled: false,
        }
    }

    #[test]
    fn table() {
        use NotHandleable::*;
        let limit = MAX_FINE_WITH_POINTS;
        let cases: Vec<(&str, HandlingFacts, Result<(), NotHandleable>)> = vec![
            ("base", base(), Ok(())),
            (
                "paid",
                HandlingFacts {
                    paid: true,
                    ..base()
                },
                Err(Paid),
            ),
            (
                "paid wins over handled",
                HandlingFacts {
                    paid: true,
                    already_handled: true,
                    ..base()
                },
                Err(Paid),
            ),
            (
                "handled",
                HandlingFacts {
                    already_handled: true,
                    ..base()
                },
                Err(AlreadyHandled),
            ),
            (
                "class",
                HandlingFacts {
                    within_licence_class: false,
                    ..base()
                },
                Err(OutsideLicenceClass),
            ),
            (
                "class, zero points",
                HandlingFacts {
                    within_licence_class: false,
                    points: 0,
                    ..base()
                },
                Err(OutsideLicenceClass),
            ),
            (
                "zero points before filing",
                HandlingFacts {
                    points: 0,
                    violation_date: d(2024, 1, 1),
                    ..base()
                },
                Ok(()),
            ),
            (
                "zero points big fine",
                HandlingFacts {
                    points: 0,
                    fine: Fen::from_yuan(2_000),
                    ..base()
                },
                Ok(()),
            ),
            (
                "zero points at 11",
                HandlingFacts {
                    points: 0,
                    handler_current_points: 11,
                    ..base()
                },
                Ok(()),
            ),
            (
                "zero points at 12",
                HandlingFacts {
                    points: 0,
                    handler_current_points: 12,
                    ..base()
                },
                Ok(()),
            ),
            (
                "before filing",
                HandlingFacts {
                    violation_date: d(2025, 2, 28),
                    ..base()
                },
                Err(PointsBeforeFiling),
            ),
            (
                "on filing day",
                HandlingFacts {
                    violation_date: d(2025, 3, 1),
                    ..base()
                },
                Err(PointsBeforeFiling),
            ),
            (
                "day after filing",
                HandlingFacts {
                    violation_date: d(2025, 3, 2),
                    ..base()
                },
                Ok(()),
            ),
            (
                "fine ¥200.00 ok",
                HandlingFacts {
                    fine: Fen(20_000),
                    ..base()
                },
                Ok(()),
            ),
            (
                "fine ¥200.01",
                HandlingFacts {
                    fine: Fen(20_001),
                    ..base()
                },
                Err(FineOverLimit { limit }),
            ),
            (
                "fine ¥1000, 6 pts",
                HandlingFacts {
                    fine: Fen::from_yuan(1_000),
                    points: 6,
                    ..base()
                },
                Err(FineOverLimit { limit }),
            ),
            (
                "8 + 3 = 11 ok",
                HandlingFacts {
                    handler_current_points: 8,
                    ..base()
                },
                Ok(()),
            ),
            (
                "9 + 3 = 12",
                HandlingFacts {
                    handler_current_points: 9,
                    ..base()
                },
                Err(PointsWouldReach12 {
                    current: 9,
                    points: 3,
                }),
            ),
            (
                "0 + 12",
                HandlingFacts {
                    points: 12,
                    ..base()
                },
                Err(PointsWouldReach12 {
                    current: 0,
                    points: 12,
                }),
            ),
            (
                "5 + 6 = 11 ok",
                HandlingFacts {
                    points: 6,
                    handler_current_points: 5,
                    ..base()
                },
                Ok(()),
            ),
            (
                "6 + 6",
                HandlingFacts {
                    points: 6,
                    handler_current_points: 6,
                    ..base()
                },
                Err(PointsWouldReach12 {
                    current: 6,
                    points: 6,
                }),
            ),
            (
                "10 + 1 ok",
                HandlingFacts {
                    points: 1,
                    handler_current_points: 10,
                    ..base()
                },
                Ok(()),
            ),
            (
                "11 + 1",
                HandlingFacts {
                    points: 1,
                    handler_current_points: 11,
                    ..base()
                },
                Err(PointsWouldReach12 {
                    current: 11,
                    points: 1,
                }),
            ),
            (
                "255 + 9 no overflow",
                HandlingFacts {
                    points: 9,
                    handler_current_points: 255,
                    ..base()
                },
                Err(PointsWouldReach12 {
                    current: 255,
                    points: 9,
                }),
            ),
            (
                "2 points invalid",
                HandlingFacts {
                    points: 2,
                    ..base()
                },
                Err(InvalidPoints { points: 2 }),
            ),
        ];
        for (name, facts, expected) in cases {
            assert_eq!(may_handle(&facts), expected, "{name}");
        }
    }

    #[test]
    fn points_values() {
        let valid: Vec<u8> = (0..=u8::MAX).filter(|&p| valid_points(p)).collect();
        assert_eq!(valid, [0, 1, 3, 6, 9, 12]);
    }

    #[test]
    fn codes() {
        assert_eq!(
            NotHandleable::PointsWouldReach12 {
                current: 1,
                points: 12
            }
            .code(),
            "points_would_reach12"
        );
        assert_eq!(
            NotHandleable::OutsideLicenceClass.code(),
            "outside_licence_class"
        );
    }
}
