//! Handling violations: the rules, the confirmation code, the decisions.

use axum::extract::State;
use axum::http::HeaderMap;
use beian_contract::handling::{
    Decision, HandleRequest, HandlingCodeRequest, HandlingResult, HandlingRules,
};
use beian_contract::message::MessageKind;
use beian_contract::paths;
use beian_contract::session::SmsChallenge;
use beian_contract::{ApiError, ErrorCode};

use crate::auth::Caller;
use crate::clock::rfc3339;
use crate::error::{ApiResult, Fail, Json};
use crate::routes::violations::{handle_check, visible};
use crate::routes::{idempotency_key, idempotent_replay, idempotent_store};
use crate::sms::{send_code, verify_code};
use crate::state::{AppState, Purpose, World};
use beian_contract::endpoint::{self as ep, Endpoint};

/// Version of the rules below.
pub const RULES_VERSION: &str = "2025.1";

const RULES_ZH: &[&str] = &[
    "一、本服务用于处理已备案机动车被交通技术监控设备（电子监控）记录的道路交通安全违法行为。处理人应为持有有效机动车驾驶证的本人。",
    "二、违法行为记分的，记分记入处理人本人的机动车驾驶证；处理人当前记分与本次记分之和达到12分的，不得在网上处理。",
    "三、非机动车所有人处理的，仅限无记分的违法行为，或备案之后发生、罚款金额不超过200元、适用简易程序的记分违法行为。",
    "四、处理后即作出处罚决定。当事人应当自处罚决定之日起15日内缴纳罚款；逾期不缴纳的，每日按罚款数额的3%加处罚款，加处罚款的数额不超过罚款本身。",
    "五、对处罚决定不服的，可以自收到决定书之日起60日内申请行政复议，或者6个月内提起行政诉讼。",
    "六、处理人确认已如实了解违法事实，自愿接受处罚，且所提供信息真实有效；冒用他人身份处理的，依法承担相应法律责任。",
];

const RULES_EN: &[&str] = &[
    "1. This service handles road traffic violations of filed vehicles recorded by traffic monitoring equipment (electronic monitoring). The handler must hold a valid driving licence in their own name.",
    "2. Points for a violation go on the handler's own driving licence; if the handler's current points plus these would reach 12, it cannot be handled online.",
    "3. A handler who is not the vehicle's owner may only handle violations without points, or violations with points that happened after the filing date, with a fine of at most ¥200, under the simplified procedure.",
    "4. Handling makes the penalty decision. The fine is due within 15 days of the decision; after that, a late surcharge of 3% of the fine per day applies, capped at the fine itself.",
    "5. If you disagree with the decision, you may apply for administrative reconsideration within 60 days or bring an administrative lawsuit within 6 months of receiving it.",
    "6. You confirm you understand the facts of the violation, accept the penalty voluntarily and that your information is true; handling in another person's name carries legal liability.",
];

/// The handling rules to agree to.
#[utoipa::path(get, path = <ep::HandlingRules as Endpoint>::PATH, tag = "handling", security(("bearer" = [])),
    responses((status = 200, description = "The rules", body = HandlingRules)))]
pub async fn handling_rules(_caller: Caller) -> axum::Json<HandlingRules> {
    axum::Json(HandlingRules {
        version: RULES_VERSION.to_string(),
        paragraphs_zh: RULES_ZH.iter().map(|s| s.to_string()).collect(),
        paragraphs_en: RULES_EN.iter().map(|s| s.to_string()).collect(),
    })
}

/// Checks that every id is visible and may be handled together; returns the sorted ids.
fn check_selection(world: &World, phone: &str, ids: &[String]) -> Result<Vec<String>, Fail> {
    if ids.is_empty() {
        return Err(Fail::validation(
            "violation_ids",
            "choose at least one violation",
        ));
    }
    let mut ids: Vec<String> = ids.to_vec();
    ids.sort();
    ids.dedup();
    let all = visible(world, phone);
    let mut extra: u8 = 0;
    for id in &ids {
        let (v, f) = all
            .iter()
            .find(|(v, _)| &v.id == id)
            .ok_or_else(|| Fail::not_found("violation").field("violation_ids"))?;
        handle_check(world, phone, v, f, extra).map_err(|e| {
            Fail::new(ErrorCode::NotHandleable, format!("{id}: {e}")).field("violation_ids")
        })?;
        extra = extra.saturating_add(v.points);
    }
    Ok(ids)
}

/// Sends the confirmation code for handling these violations to the caller.
#[utoipa::path(post, path = <ep::HandlingCode as Endpoint>::PATH, tag = "handling", request_body = HandlingCodeRequest, security(("bearer" = [])),
    responses(
        (status = 200, description = "Code sent", body = SmsChallenge),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`not_handleable`", body = ApiError),
        (status = 422, description = "`validation`", body = ApiError),
        (status = 429, description = "`too_frequent`", body = ApiError),
    ))]
pub async fn send_handling_code(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<HandlingCodeRequest>,
) -> ApiResult<axum::Json<SmsChallenge>> {
    let mut world = state.world();
    let ids = check_selection(&world, &caller.phone, &req.violation_ids)?;
    Ok(axum::Json(send_code(
        &mut world,
        &caller.phone,
        Purpose::Handling,
        ids.join(","),
        &caller.phone,
    )?))
}

/// Handles the violations: decisions with 16-digit numbers dated today; points go on the caller.
#[utoipa::path(post, path = <ep::Handle as Endpoint>::PATH, tag = "handling", request_body = HandleRequest, security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 128, pattern = r"^[!-~]+$",
        description = "1-128 visible ASCII characters; a retry with the same key and body returns the first answer")),
    responses(
        (status = 200, description = "Decisions made", body = HandlingResult),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`not_handleable`", body = ApiError),
        (status = 422, description = "`rules_not_agreed`, code errors, `validation`, `idempotency_conflict`", body = ApiError),
    ))]
pub async fn handle_violations(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(req): Json<HandleRequest>,
) -> ApiResult<axum::Json<HandlingResult>> {
    let key = idempotency_key(&headers)?;
    let mut world = state.world();
    if let Some(first) = idempotent_replay(&world, &caller.phone, paths::HANDLING, &key, &req)? {
        return serde_json::from_value(first)
            .map(axum::Json)
            .map_err(|e| Fail::new(ErrorCode::Internal, e.to_string()));
    }
    if req.rules_version != RULES_VERSION {
        return Err(Fail::new(
            ErrorCode::RulesNotAgreed,
            format!("agree to the rules version {RULES_VERSION}"),
        )
        .field("rules_version"));
    }
    let ids = check_selection(&world, &caller.phone, &req.violation_ids)?;
    let context = ids.join(",");
    let phone = caller.phone.clone();
    verify_code(&mut world, &req.challenge_id, &req.code, |c| {
        c.purpose == Purpose::Handling && c.phone == phone && c.context == context
    })?;
    let today = world.clock.today();
    let all = visible(&world, &caller.phone);
    let mut decisions = Vec::new();
    let mut points_total: u8 = 0;
    for id in &ids {
        let Some((v, _)) = all.iter().find(|(v, _)| &v.id == id) else {
            continue;
        };
        world.decision_seq += 1;
        let number = format!(
            "1101{:04}{:08}",
            today.year().rem_euclid(10_000),
            70_000_000 + world.decision_seq
        );
        let plate = world
            .vehicle(&v.vehicle_id)
            .map(|x| x.plate_number.clone())
            .unwrap_or_default();
        if let Some(rec) = world.violations.iter_mut().find(|x| x.id == v.id) {
            rec.decision_number = Some(number.clone());
            rec.decision_date = Some(today);
        }
        points_total = points_total.saturating_add(v.points);
        decisions.push(Decision {
            violation_id: v.id.clone(),
            decision_number: number,
            decision_date: today.to_string(),
            plate_number: plate,
            violation_time: rfc3339(v.time),
            fine_fen: v.fine_fen,
            surcharge_fen: 0,
            points: v.points,
        });
    }
    let user = world.user_mut(&caller.phone);
    user.points = user.points.saturating_add(points_total);
    let total_fen = decisions.iter().map(|d| d.fine_fen + d.surcharge_fen).sum();
    world.send_message(
        &caller.phone,
        MessageKind::Notice,
        None,
        None,
        format!(
            "您已处理{}起电子监控违法行为，请在15日内缴纳罚款。",
            decisions.len()
        ),
    );
    let result = HandlingResult {
        decisions,
        total_fen,
    };
    idempotent_store(
        &mut world,
        &caller.phone,
        paths::HANDLING,
        key,
        &req,
        &result,
    );
    Ok(axum::Json(result))
}
