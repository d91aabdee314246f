//! Quantity limits on filing vehicles that are not in the user's name.

use std::fmt;

/// Filed non-own vehicles a user may hold at a time.
pub const MAX_FILED_VEHICLES_PER_USER: u32 = 3;
/// Non-owner filers a vehicle may have at a time.
pub const MAX_FILERS_PER_VEHICLE: u32 = 3;
/// Filing applications a user may submit per day.
pub const MAX_APPLICATIONS_PER_DAY: u32 = 1;
/// Filing applications a user may submit per calendar year.
pub const MAX_APPLICATIONS_PER_YEAR: u32 = 5;

/// Why a new filing application is not allowed now.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "code", rename_all = "snake_case")
)]
pub enum LimitError {
    /// The user already holds the maximum number of filed vehicles; one must be revoked first.
    /// Code `too_many_vehicles`.
    TooManyVehicles {
        /// The limit, [`MAX_FILED_VEHICLES_PER_USER`].
        max: u32,
    },
    /// The vehicle already has the maximum number of non-owner filers. Code
    /// `vehicle_filers_full`.
    VehicleFilersFull {
        /// The limit, [`MAX_FILERS_PER_VEHICLE`].
        max: u32,
    },
    /// The user already applied today; try again tomorrow. Code `daily_limit_reached`.
    DailyLimitReached {
        /// The limit, [`MAX_APPLICATIONS_PER_DAY`].
        max: u32,
    },
    /// The user used up this calendar year's applications. Code `yearly_limit_reached`.
    YearlyLimitReached {
        /// The limit, [`MAX_APPLICATIONS_PER_YEAR`].
        max: u32,
    },
}

impl LimitError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            LimitError::TooManyVehicles { .. } => "too_many_vehicles",
            LimitError::VehicleFilersFull { .. } => "vehicle_filers_full",
            LimitError::DailyLimitReached { .. } => "daily_limit_reached",
            LimitError::YearlyLimitReached { .. } => "yearly_limit_reached",
        }
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::TooManyVehicles { max } => {
                write!(f, "you already have {max} filed vehicles; revoke one first")
            }
            LimitError::VehicleFilersFull { max } => {
                write!(f, "this vehicle already has {max} filers")
            }
            LimitError::DailyLimitReached { max } => {
                write!(f, "at most {max} application per day; try again tomorrow")
            }
            LimitError::YearlyLimitReached { max } => {
                write!(f, "at most {max} applications per calendar year")
            }
        }
    }
}

/// Whether the user may submit one more filing application, given the vehicles they currently
/// hold and the applications they already submitted today and this calendar year.
///
/// Checked in order: vehicles held, then the yearly limit (so a user who is out for the year is not
/// told to "try tomorrow"), then the daily limit.
pub fn check_filing_limits(
    current_vehicles: u32,
    applications_today: u32,
    applications_this_year: u32,
) -> Result<(), LimitError> {
    if current_vehicles >= MAX_FILED_VEHICLES_PER_USER {
        return Err(LimitError::TooManyVehicles {
            max: MAX_FILED_VEHICLES_PER_USER,
        });
    }
    if applications_this_year >= MAX_APPLICATIONS_PER_YEAR {
        return Err(LimitError::YearlyLimitReached {
            max: MAX_APPLICATIONS_PER_YEAR,
        });
    }
    if applications_today >= MAX_APPLICATIONS_PER_DAY {
        return Err(LimitError::DailyLimitReached {
            max: MAX_APPLICATIONS_PER_DAY,
        });
    }
    Ok(())
}

/// Whether a vehicle that currently has `current_filers` non-owner filers may get one more.
pub fn check_vehicle_filers(current_filers: u32) -> Result<(), LimitError> {
    if current_filers >= MAX_FILERS_PER_VEHICLE {
        return Err(LimitError::VehicleFilersFull {
            max: MAX_FILERS_PER_VEHICLE,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filing_limits_table() {
        use LimitError::*;
        let cases = [
            ((0, 0, 0), Ok(())),
            ((2, 0, 4), Ok(())),
            ((3, 0, 0), Err(TooManyVehicles { max: 3 })),
            ((7, 5, 9), Err(TooManyVehicles { max: 3 })),
            ((0, 1, 1), Err(DailyLimitReached { max: 1 })),
            ((2, 1, 4), Err(DailyLimitReached { max: 1 })),
            ((0, 0, 5), Err(YearlyLimitReached { max: 5 })),
            ((0, 1, 5), Err(YearlyLimitReached { max: 5 })),
            (
                (u32::MAX, u32::MAX, u32::MAX),
                Err(TooManyVehicles { max: 3 }),
            ),
        ];
        for ((v, d, y), expected) in cases {
            assert_eq!(check_filing_limits(v, d, y), expected, "{v} {d} {y}");
        }
    }

    #[test]
    fn vehicle_filers() {
        assert_eq!(check_vehicle_filers(0), Ok(()));
        assert_eq!(check_vehicle_filers(2), Ok(()));
        assert_eq!(
            check_vehicle_filers(3),
            Err(LimitError::VehicleFilersFull { max: 3 })
        );
        assert_eq!(
            LimitError::VehicleFilersFull { max: 3 }.code(),
            "vehicle_filers_full"
        );
    }
}
