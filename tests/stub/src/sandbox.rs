//! Sandbox routes (`/sandbox/…`): the SMS outbox, reset, clock, faults, face-check outcome, the
//! review desk and the simulated payment page.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use beian_contract::filing::Filing;
use beian_contract::filing::FilingState;
use beian_contract::payment::{Channel, PaymentOrder};
use beian_contract::sandbox::{
    ClockAdvance, ClockState, FaceCheckSetting, Fault, FaultList, OrderList, PayOutcome, PaySettle,
    ReviewDecision, ReviewQueue, SandboxOrder, SmsOutbox,
};
use beian_contract::{ApiError, ErrorCode};
use beian_domain::parse_mobile;
use serde::Deserialize;

use crate::clock::{rfc3339, Clock};
use crate::error::{ApiResult, Fail, Json, Query};
use crate::routes::filing::{approve, reject};
use crate::routes::filing_view;
use crate::routes::payments::settle;
use crate::state::{AppState, World};

/// Filter of the outbox.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SmsQuery {
    /// Only messages to this phone.
    pub to: Option<String>,
}

/// Every SMS the stub sent, oldest first.
#[utoipa::path(get, path = "/sandbox/sms", tag = "sandbox", params(SmsQuery),
    responses((status = 200, description = "The outbox", body = SmsOutbox)))]
pub async fn sms_outbox(
    State(state): State<AppState>,
    Query(q): Query<SmsQuery>,
) -> axum::Json<SmsOutbox> {
    let world = state.world();
    let to = q.to.as_deref().filter(|s| !s.is_empty()).map(|t| {
        parse_mobile(t)
            .map(|m| m.as_str().to_string())
            .unwrap_or(t.to_string())
    });
    let messages = world
        .outbox
        .iter()
        .filter(|m| to.as_ref().is_none_or(|t| &m.to == t))
        .cloned()
        .collect();
    axum::Json(SmsOutbox { messages })
}

/// Resets everything to the seed (clock, faults and face-check outcome too).
#[utoipa::path(post, path = "/sandbox/reset", tag = "sandbox", responses((status = 204, description = "Reset")))]
pub async fn reset_world(State(state): State<AppState>) -> StatusCode {
    let mut world = state.world();
    let log = world.log_sms;
    *world = World::seeded(Clock::default());
    world.log_sms = log;
    StatusCode::NO_CONTENT
}

/// Moves the clock.
#[utoipa::path(post, path = "/sandbox/clock", tag = "sandbox", request_body = ClockAdvance,
    responses((status = 200, description = "The clock now", body = ClockState), (status = 422, description = "`validation`", body = ApiError)))]
pub async fn advance_clock(
    State(state): State<AppState>,
    Json(req): Json<ClockAdvance>,
) -> ApiResult<axum::Json<ClockState>> {
    if req.seconds.unsigned_abs() > 20 * 365 * 86_400 {
        return Err(Fail::validation("seconds", "at most 20 years at a time"));
    }
    let mut world = state.world();
    world.clock.advance(req.seconds);
    Ok(axum::Json(ClockState {
        now: rfc3339(world.now_s()),
    }))
}

/// Active faults.
#[utoipa::path(get, path = "/sandbox/faults", tag = "sandbox", responses((status = 200, description = "Faults", body = FaultList)))]
pub async fn list_faults(State(state): State<AppState>) -> axum::Json<FaultList> {
    axum::Json(FaultList {
        faults: state.world().faults.clone(),
    })
}

/// Adds a fault for `/api/*` requests.
#[utoipa::path(post, path = "/sandbox/faults", tag = "sandbox", request_body = Fault,
    responses((status = 200, description = "Faults now", body = FaultList), (status = 422, description = "`validation`", body = ApiError)))]
pub async fn add_fault(
    State(state): State<AppState>,
    Json(f): Json<Fault>,
) -> ApiResult<axum::Json<FaultList>> {
    if !(f.path.starts_with('/') || f.path == "*") {
        return Err(Fail::validation(
            "path",
            "a path starting with /, optionally ending in *",
        ));
    }
    if f.status.is_some_and(|s| !(400..=599).contains(&s)) {
        return Err(Fail::validation("status", "an error status 400-599"));
    }
    if f.times == Some(0) {
        return Err(Fail::validation(
            "times",
            "at least 1 (leave it out for unlimited)",
        ));
    }
    let mut world = state.world();
    world.faults.push(f);
    Ok(axum::Json(FaultList {
        faults: world.faults.clone(),
    }))
}

/// Clears all faults.
#[utoipa::path(delete, path = "/sandbox/faults", tag = "sandbox", responses((status = 204, description = "Cleared")))]
pub async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.world().faults.clear();
    StatusCode::NO_CONTENT
}

/// Sets the outcome of the next face checks.
#[utoipa::path(post, path = "/sandbox/face-check", tag = "sandbox", request_body = FaceCheckSetting,
    responses((status = 200, description = "Set", body = FaceCheckSetting)))]
pub async fn set_face_check(
    State(state): State<AppState>,
    Json(s): Json<FaceCheckSetting>,
) -> axum::Json<FaceCheckSetting> {
    state.world().face_outcome = s.outcome;
    axum::Json(s)
}

/// Filings waiting for staff review.
#[utoipa::path(get, path = "/sandbox/reviews", tag = "sandbox", responses((status = 200, description = "The queue", body = ReviewQueue)))]
pub async fn list_reviews(State(state): State<AppState>) -> axum::Json<ReviewQueue> {
    let world = state.world();
    let pending = world
        .filings
        .iter()
        .filter(|f| f.state == FilingState::PendingReview)
        .map(|f| filing_view(&world, f))
        .collect();
    axum::Json(ReviewQueue { pending })
}

/// Every payment order, oldest first.
#[utoipa::path(get, path = "/sandbox/orders", tag = "sandbox", responses((status = 200, description = "The orders", body = OrderList)))]
pub async fn list_orders(State(state): State<AppState>) -> axum::Json<OrderList> {
    let world = state.world();
    let orders = world
        .orders
        .iter()
        .map(|o| SandboxOrder {
            owner: o.owner.clone(),
            host: o.host,
            superseded: o.superseded,
            payer_id: o.payer_id.clone(),
            order: crate::routes::payments::order_view(&world, o),
        })
        .collect();
    axum::Json(OrderList { orders })
}

/// Approves or rejects (with a reason) a filing under review.
#[utoipa::path(post, path = "/sandbox/reviews/{filing_id}", tag = "sandbox", request_body = ReviewDecision,
    params(("filing_id" = String, Path, description = "Filing id")),
    responses(
        (status = 200, description = "Decided", body = Filing),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`", body = ApiError),
        (status = 422, description = "`validation` (reason)", body = ApiError),
    ))]
pub async fn decide_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(d): Json<ReviewDecision>,
) -> ApiResult<axum::Json<Filing>> {
    let mut world = state.world();
    let f = world
        .filings
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| Fail::not_found("filing"))?;
    if f.state != FilingState::PendingReview {
        return Err(Fail::new(
            ErrorCode::WrongState,
            "the filing is not pending review",
        ));
    }
    if d.approve {
        approve(&mut world, &id);
    } else {
        let reason = d
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .ok_or_else(|| Fail::validation("reason", "a reason is required to reject"))?;
        reject(&mut world, &id, reason);
    }
    let f = world
        .filings
        .iter()
        .find(|f| f.id == id)
        .cloned()
        .ok_or_else(|| Fail::not_found("filing"))?;
    Ok(axum::Json(filing_view(&world, &f)))
}

/// `s` escaped for HTML text and attribute values (the sandbox's pages and the simulated
/// authorization pages).
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The simulated WeChat Pay / Alipay page (HTML).
///
/// It takes no return address: like a real provider's page it sends the user back only to the
/// order's own `return_path`, on the app's origin (a `?return=` in the link is ignored).
#[utoipa::path(get, path = "/sandbox/pay/{order_id}", tag = "sandbox",
    params(("order_id" = String, Path, description = "Order id")),
    responses((status = 200, description = "HTML page with Pay / Cancel / Fail buttons", content_type = "text/html", body = String),
              (status = 404, description = "No such order", content_type = "text/html", body = String)))]
pub async fn pay_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let world = state.world();
    let Some(o) = world.orders.iter().find(|o| o.id == id) else {
        return (StatusCode::NOT_FOUND, Html("<!doctype html><html lang=\"zh-CN\"><title>订单不存在</title><main><h1>订单不存在 / No such order</h1></main></html>".to_string())).into_response();
    };
    let (brand, color) = match o.channel {
        Channel::Alipay => ("支付宝 Alipay", "#1677ff"),
        _ => ("微信支付 WeChat Pay", "#07c160"),
    };
    // Alipay's wap cashier offers a way out to the merchant's `quit_url`, here the
    // order's `quit_path` on the app's origin (the order stays unpaid);
    // WeChat's H5 page has none (the user goes back).
    let quit = match (&o.channel, &o.quit_path) {
        (Channel::Alipay, Some(quit)) => format!(
            r#"<p><a class="quit" href="{}">放弃付款，返回商家 <span lang="en">Quit, back to the merchant</span></a></p>"#,
            esc(&on_app_origin(o, quit))
        ),
        _ => String::new(),
    };
    let amount = beian_domain::Fen(o.amount_fen).yuan_string();
    let html = format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{brand} · 模拟收银台</title>
<style>
body{{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f5f5;color:#111}}
header{{background:{color};color:#fff;padding:16px 20px;font-size:1.1rem}}
main{{max-width:420px;margin:0 auto;padding:24px 20px}}
.amount{{font-size:2.2rem;font-weight:600;text-align:center;margin:16px 0}}
dl{{background:#fff;border-radius:8px;padding:12px 16px}} dt{{color:#555;font-size:.9rem}} dd{{margin:0 0 8px 0;word-break:break-all}}
button{{display:block;width:100%;min-height:48px;margin:12px 0;font-size:1rem;border-radius:8px;border:1px solid #ccc;background:#fff;color:#111}}
button.pay{{background:{color};border-color:{color};color:#fff}}
a.quit{{display:block;text-align:center;padding:12px 0;color:#0b4fa8}}
p.note{{color:#555;font-size:.85rem}}
</style></head>
<body><header role="banner">{brand} <span lang="en">(sandbox)</span></header>
<main>
<h1>确认付款 <span lang="en">Confirm payment</span></h1>
<p class="amount" aria-label="金额 {amount} 元">¥{amount}</p>
<dl><dt>订单号 Order</dt><dd>{id}</dd><dt>决定书编号 Decisions</dt><dd>{decisions}</dd></dl>
<form method="post" action="/sandbox/pay/{id}">
<button class="pay" type="submit" name="outcome" value="pay">支付 Pay</button>
<button type="submit" name="outcome" value="cancel">取消 Cancel</button>
<button type="submit" name="outcome" value="fail">模拟失败 Fail</button>
</form>
{quit}
<p class="note">这是测试桩的模拟支付页面，不会产生真实扣款。This simulated page never charges real money.</p>
</main></body></html>"#,
        id = esc(&o.id),
        decisions = esc(&o.decision_numbers.join(", ")),
    );
    Html(html).into_response()
}

/// The payment page's form (`application/x-www-form-urlencoded`).
#[derive(utoipa::ToSchema)]
pub struct PayForm {
    /// `pay`, `cancel` or `fail`.
    pub outcome: PayOutcome,
}

/// Where the page sends the user back: the order's `return_path` (checked when the order was
/// made) with `?order=<id>`, on the app's origin (the one the order came from when that is an
/// allowed other origin, else this server's, as a path).
fn back_to_app(o: &crate::state::OrderRec) -> String {
    on_app_origin(o, &o.return_path)
}

/// `path` (a checked return or quit path) with `?order=<id>`, on the order's app origin.
fn on_app_origin(o: &crate::state::OrderRec, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!(
        "{}{path}{sep}order={}",
        o.app_origin.as_deref().unwrap_or(""),
        crate::routes::payments::encode_query(&o.id)
    )
}

/// Settles a simulated payment: JSON [`PaySettle`] answers the order; the page's form answers
/// `303` back to the app: the order's `return_path` with `?order=<id>` (a `return` field in the
/// form is ignored).
#[utoipa::path(post, path = "/sandbox/pay/{order_id}", tag = "sandbox",
    request_body(content((PaySettle = "application/json"), (PayForm = "application/x-www-form-urlencoded"))),
    params(("order_id" = String, Path, description = "Order id")),
    responses(
        (status = 200, description = "Settled (JSON request)", body = PaymentOrder),
        (status = 303, description = "Settled (form request): back to the order's `return_path` on the app's origin, with `?order=<id>`"),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`already_paid`, `wrong_state`", body = ApiError),
    ))]
pub async fn settle_payment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("application/x-www-form-urlencoded") {
        let form: PayForm = parse_pay_form(&body)?;
        let mut world = state.world();
        let Some(back) = world.orders.iter().find(|o| o.id == id).map(back_to_app) else {
            return Err(Fail::not_found("order"));
        };
        match settle(&mut world, &id, form.outcome) {
            Ok(_) => {}
            Err(e) if e.code() == ErrorCode::NotFound => return Err(e),
            Err(_) => {}
        }
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response());
    }
    let settle_req: PaySettle = serde_json::from_slice(&body)
        .map_err(|e| Fail::new(ErrorCode::BadRequest, e.to_string()))?;
    let mut world = state.world();
    let order = settle(&mut world, &id, settle_req.outcome)?;
    Ok(axum::Json(order).into_response())
}

fn parse_pay_form(body: &[u8]) -> Result<PayForm, Fail> {
    let outcome = form_urlencoded::parse(body)
        .find(|(k, _)| k == "outcome")
        .map(|(_, v)| v.into_owned());
    let outcome = match outcome.as_deref() {
        Some("pay") => PayOutcome::Pay,
        Some("cancel") => PayOutcome::Cancel,
        Some("fail") => PayOutcome::Fail,
        _ => return Err(Fail::validation("outcome", "pay, cancel or fail")),
    };
    Ok(PayForm { outcome })
}
