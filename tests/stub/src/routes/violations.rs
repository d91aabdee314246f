//! Violations of the caller's approved filed vehicles, with who-may-handle and late surcharges.

use axum::extract::{Path, State};
use beian_contract::filing::FilingState;
use beian_contract::payment::OrderState;
use beian_contract::violation::{
    NotHandleableReason, Violation, ViolationList, ViolationQuery, ViolationStatus,
};
use beian_contract::ApiError;
use beian_domain::{late_surcharge, may_handle, Fen, HandlingFacts, NotHandleable};

use crate::auth::Caller;
use crate::clock::{date_of, rfc3339};
use crate::error::{ApiResult, Fail, Query};
use crate::routes::licence_covers;
use crate::state::{AppState, FilingRec, ViolationRec, World};
use beian_contract::endpoint::{self as ep, Endpoint};

/// Violations the caller may see, each with the caller's approved filing of its vehicle.
pub fn visible(world: &World, phone: &str) -> Vec<(ViolationRec, FilingRec)> {
    let mut out: Vec<(ViolationRec, FilingRec)> = world
        .filings
        .iter()
        .filter(|f| f.applicant == phone && f.state == FilingState::Approved)
        .flat_map(|f| {
            world
                .violations
                .iter()
                .filter(move |v| v.vehicle_id == f.vehicle_id)
                .map(move |v| (v.clone(), f.clone()))
        })
        .collect();
    out.sort_by_key(|x| std::cmp::Reverse(x.0.time));
    out
}

/// Late surcharge owed today (0 before a decision or once paid).
pub fn surcharge(world: &World, v: &ViolationRec) -> i64 {
    match v.decision_date {
        Some(d) if !v.paid => late_surcharge(Fen(v.fine_fen), d, world.clock.today()).0,
        _ => 0,
    }
}

/// Whether `phone` may handle `v` (filed by `filing`), with `extra_points` already selected.
pub fn handle_check(
    world: &World,
    phone: &str,
    v: &ViolationRec,
    filing: &FilingRec,
    extra_points: u8,
) -> Result<(), NotHandleable> {
    let user = world.users.get(phone);
    let plate_type = world
        .vehicle(&v.vehicle_id)
        .map(|x| x.plate_type)
        .unwrap_or(beian_domain::PlateType::Other);
    may_handle(&HandlingFacts {
        points: v.points,
        fine: Fen(v.fine_fen),
        violation_date: date_of(v.time),
        filing_date: date_of(filing.approved_at.unwrap_or(filing.created_at)),
        handler_current_points: user.map_or(0, |u| u.points).saturating_add(extra_points),
        within_licence_class: licence_covers(
            user.and_then(|u| u.licence_class.as_deref()),
            plate_type,
        ),
        paid: v.paid,
        already_handled: v.decision_number.is_some(),
    })
}

/// The contract's reason for a domain refusal.
pub fn reason(e: &NotHandleable) -> NotHandleableReason {
    match e {
        NotHandleable::Paid | NotHandleable::AlreadyHandled => NotHandleableReason::AlreadyHandled,
        NotHandleable::OutsideLicenceClass => NotHandleableReason::OutsideLicenceClass,
        NotHandleable::PointsBeforeFiling => NotHandleableReason::PointsBeforeFiling,
        NotHandleable::FineOverLimit { .. } | NotHandleable::InvalidPoints { .. } => {
            NotHandleableReason::FineOverLimit
        }
        NotHandleable::PointsWouldReach12 { .. } => NotHandleableReason::PointsWouldReach12,
    }
}

/// The wire view of a violation for `phone`.
pub fn view(world: &World, phone: &str, v: &ViolationRec, filing: &FilingRec) -> Violation {
    let vehicle = world.vehicle(&v.vehicle_id);
    Violation {
        id: v.id.clone(),
        vehicle_id: filing.id.clone(),
        plate_type: vehicle
            .map(|x| x.plate_type.code().to_string())
            .unwrap_or_default(),
        plate_number: vehicle.map(|x| x.plate_number.clone()).unwrap_or_default(),
        time: rfc3339(v.time),
        place: v.place.clone(),
        code: v.code.clone(),
        description: v.description.clone(),
        points: v.points,
        fine_fen: v.fine_fen,
        surcharge_fen: surcharge(world, v),
        detecting_authority: v.detecting_authority.clone(),
        handling_authority: v.handling_authority.clone(),
        status: if v.decision_number.is_some() {
            ViolationStatus::Processed
        } else {
            ViolationStatus::Unprocessed
        },
        decision_number: v.decision_number.clone(),
        decision_date: v.decision_date.map(|d| d.to_string()),
        paid: v.paid,
        paid_order_id: v
            .decision_number
            .as_ref()
            .filter(|_| v.paid)
            .and_then(|n| {
                world
                    .orders
                    .iter()
                    .find(|o| o.state == OrderState::Paid && o.decision_numbers.contains(n))
            })
            .map(|o| o.id.clone()),
        not_handleable: handle_check(world, phone, v, filing, 0)
            .err()
            .map(|e| reason(&e)),
    }
}

/// Violations of the caller's approved filed vehicles, newest first.
#[utoipa::path(get, path = <ep::Violations as Endpoint>::PATH, tag = "violations", security(("bearer" = [])),
    params(ViolationQuery),
    responses(
        (status = 200, description = "Violations", body = ViolationList),
        (status = 404, description = "`not_found` (vehicle_id not the caller's)", body = ApiError),
        (status = 422, description = "`validation` (status)", body = ApiError),
    ))]
pub async fn list_violations(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ViolationQuery>,
) -> ApiResult<axum::Json<ViolationList>> {
    let status = match q.status.as_deref() {
        None => None,
        Some("unprocessed") => Some(ViolationStatus::Unprocessed),
        Some("processed") => Some(ViolationStatus::Processed),
        Some(_) => {
            return Err(Fail::validation(
                "status",
                "status is unprocessed or processed",
            ))
        }
    };
    let world = state.world();
    if let Some(vid) = q.vehicle_id.as_deref().filter(|s| !s.is_empty()) {
        let mine = world.filings.iter().any(|f| {
            f.id == vid && f.applicant == caller.phone && f.state == FilingState::Approved
        });
        if !mine {
            return Err(Fail::not_found("filed vehicle").field("vehicle_id"));
        }
    }
    let violations = visible(&world, &caller.phone)
        .iter()
        .filter(|(_, f)| {
            q.vehicle_id
                .as_deref()
                .is_none_or(|vid| vid.is_empty() || f.id == vid)
        })
        .map(|(v, f)| view(&world, &caller.phone, v, f))
        .filter(|v| status.is_none_or(|s| v.status == s))
        .collect();
    Ok(axum::Json(ViolationList { violations }))
}

/// One violation.
#[utoipa::path(get, path = <ep::GetViolation as Endpoint>::PATH, tag = "violations", security(("bearer" = [])),
    params(("violation_id" = String, Path, description = "Violation id")),
    responses((status = 200, description = "The violation", body = Violation), (status = 404, description = "`not_found`", body = ApiError)))]
pub async fn get_violation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Violation>> {
    let world = state.world();
    let (v, f) = visible(&world, &caller.phone)
        .into_iter()
        .find(|(v, _)| v.id == id)
        .ok_or_else(|| Fail::not_found("violation"))?;
    Ok(axum::Json(view(&world, &caller.phone, &v, &f)))
}
