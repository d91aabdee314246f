//! My filed vehicles, limits usage, unbinding.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use beian_contract::filing::FilingState;
use beian_contract::vehicle::{FiledVehicle, FilingLimits, VehicleList};
use beian_contract::ApiError;
use beian_domain::limits::{
    MAX_APPLICATIONS_PER_DAY, MAX_APPLICATIONS_PER_YEAR, MAX_FILED_VEHICLES_PER_USER,
};

use crate::auth::Caller;
use crate::clock::date_of;
use crate::error::{ApiResult, Fail};
use crate::routes::filing::usage;
use crate::routes::licence_covers;
use crate::state::AppState;
use beian_contract::endpoint::{self as ep, Endpoint};

/// The caller's filed vehicles and applications, newest first, with the limits.
#[utoipa::path(get, path = <ep::Vehicles as Endpoint>::PATH, tag = "vehicles", security(("bearer" = [])),
    responses((status = 200, description = "Vehicles and limits", body = VehicleList)))]
pub async fn list_vehicles(
    State(state): State<AppState>,
    caller: Caller,
) -> axum::Json<VehicleList> {
    let world = state.world();
    let licence = world
        .users
        .get(&caller.phone)
        .and_then(|u| u.licence_class.clone());
    let mut vehicles: Vec<(i64, FiledVehicle)> = world
        .filings
        .iter()
        .filter(|f| f.applicant == caller.phone && f.state != FilingState::Revoked)
        .filter_map(|f| {
            let v = world.vehicle(&f.vehicle_id)?;
            Some((
                f.created_at,
                FiledVehicle {
                    id: f.id.clone(),
                    plate_type: v.plate_type.code().to_string(),
                    plate_number: v.plate_number.clone(),
                    method: f.method,
                    state: f.state,
                    reason: f.reason.clone(),
                    filed_on: date_of(f.approved_at.unwrap_or(f.created_at)).to_string(),
                    may_handle: licence_covers(licence.as_deref(), v.plate_type),
                },
            ))
        })
        .collect();
    vehicles.sort_by_key(|v| std::cmp::Reverse(v.0));
    let (held, day, year) = usage(&world, &caller.phone);
    axum::Json(VehicleList {
        vehicles: vehicles.into_iter().map(|(_, v)| v).collect(),
        limits: FilingLimits {
            vehicles_held: held,
            max_vehicles: MAX_FILED_VEHICLES_PER_USER,
            applications_today: day,
            max_per_day: MAX_APPLICATIONS_PER_DAY,
            applications_this_year: year,
            max_per_year: MAX_APPLICATIONS_PER_YEAR,
        },
    })
}

/// Unbinds a filed vehicle (or withdraws an application).
#[utoipa::path(delete, path = <ep::UnbindVehicle as Endpoint>::PATH, tag = "vehicles", security(("bearer" = [])),
    params(("vehicle_id" = String, Path, description = "The filed vehicle's id")),
    responses((status = 204, description = "Unbound"), (status = 404, description = "`not_found` (not the caller's)", body = ApiError)))]
pub async fn unbind_vehicle(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let mut world = state.world();
    let f = world
        .filings
        .iter_mut()
        .find(|f| f.id == id && f.applicant == caller.phone && f.is_held())
        .ok_or_else(|| Fail::not_found("filed vehicle"))?;
    f.state = FilingState::Revoked;
    Ok(StatusCode::NO_CONTENT)
}
