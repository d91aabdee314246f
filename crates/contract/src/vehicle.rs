//! The user's filed vehicles and filing limits.

use serde::{Deserialize, Serialize};

use crate::filing::{FilingMethod, FilingState};

/// `GET /api/vehicles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VehicleList {
    /// Filed vehicles and applications, newest first.
    pub vehicles: Vec<FiledVehicle>,
    /// Where the user stands against the limits.
    pub limits: FilingLimits,
}

/// A vehicle the user filed or applied to file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiledVehicle {
    /// Opaque id (also the filing's id).
    pub id: String,
    /// GA plate type code.
    pub plate_type: String,
    /// Plate number.
    pub plate_number: String,
    /// How it was filed.
    pub method: FilingMethod,
    /// Status.
    pub state: FilingState,
    /// Rejection reason, when rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Date filed (YYYY-MM-DD).
    pub filed_on: String,
    /// Whether violations may be handled (not only viewed): within the user's licence class.
    pub may_handle: bool,
}

/// Limits and usage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilingLimits {
    /// Vehicles held (pending or approved).
    pub vehicles_held: u32,
    /// At most this many.
    pub max_vehicles: u32,
    /// Applications made today.
    pub applications_today: u32,
    /// At most this many a day.
    pub max_per_day: u32,
    /// Applications this calendar year.
    pub applications_this_year: u32,
    /// At most this many a year.
    pub max_per_year: u32,
}
