//! Payment orders: one per decision number while unpaid, actions per host, settlement.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use beian_contract::message::MessageKind;
use beian_contract::paths;
use beian_contract::payment::{
    check_return_path, AlipayMiniProgramPay, Channel, CreatePayment, Host, MiniProgramPayParams,
    MiniProgramPayRequest, OrderState, PayAction, PaymentOrder, Receipt, ReceiptItem,
    WechatJsapiParams, WechatMiniProgramPay, MINI_PROGRAM_PAY_PAGE,
};
use beian_contract::sandbox::PayOutcome;
use beian_contract::{ApiError, ErrorCode};
use beian_domain::{is_decision_number, payment_open};

use crate::auth::Caller;
use crate::clock::rfc3339;
use crate::error::{ApiResult, Fail, Json};
use crate::routes::violations::{surcharge, visible};
use crate::routes::{idempotency_key, idempotent_replay, idempotent_store};
use crate::sms::random_token;
use crate::state::{AppState, OrderRec, World};
use beian_contract::endpoint::{self as ep, Endpoint};

/// The simulated WeChat Pay prepay order's JSAPI parameters for `o` (the in-app browser's
/// `getBrandWCPayRequest`; a mini-program's `wx.requestPayment` takes the same but `appId`).
fn wechat_prepay(world: &World, o: &OrderRec) -> WechatJsapiParams {
    WechatJsapiParams {
        appId: "wx2421b1c4370ec43b".into(),
        timeStamp: world.now_s().to_string(),
        nonceStr: o.trade_no.chars().rev().take(32).collect(),
        package: format!("prepay_id=wx{}{}", o.id.replace('-', ""), &o.trade_no[..12]),
        signType: "RSA".into(),
        paySign: format!("{}{}==", o.trade_no, o.trade_no.to_lowercase()),
    }
}

/// The simulated Alipay trade number of `o` (`tradePay` in the app, `my.tradePay` in a
/// mini-program).
fn alipay_trade_no(o: &OrderRec) -> String {
    format!("2025{}", &o.trade_no[..20])
}

/// The page action for an unpaid order.
fn action(world: &World, o: &OrderRec) -> PayAction {
    match o.host {
        Host::WechatBrowser => PayAction::WechatJsapi {
            params: wechat_prepay(world, o),
        },
        // Both mini-programs pay on their own page (`wx.requestPayment`, `my.tradePay`); the
        // web-view only hands the order over.
        Host::WechatMiniProgram => PayAction::WechatMiniProgram {
            path: format!("{MINI_PROGRAM_PAY_PAGE}?order={}", encode_query(&o.id)),
        },
        Host::AlipayMiniProgram => PayAction::AlipayMiniProgram {
            path: format!("{MINI_PROGRAM_PAY_PAGE}?order={}", encode_query(&o.id)),
        },
        Host::AlipayApp => PayAction::AlipayTradePay {
            trade_no: alipay_trade_no(o),
        },
        // The provider's page knows the order, and so where to send the user back: the link
        // carries nothing else.
        Host::Browser | Host::Unknown => PayAction::Redirect {
            url: paths::fill(paths::SANDBOX_PAY_PAGE, &[&o.id])
                .expect("the stub's order ids are never empty or dots"),
        },
    }
}

/// Percent-encodes a query value.
pub fn encode_query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The wire view of an order.
pub fn order_view(world: &World, o: &OrderRec) -> PaymentOrder {
    PaymentOrder {
        order_id: o.id.clone(),
        decision_numbers: o.decision_numbers.clone(),
        amount_fen: o.amount_fen,
        channel: o.channel,
        state: o.state,
        paid_at: o.paid_at.map(rfc3339),
        action: (o.state != OrderState::Paid).then(|| action(world, o)),
    }
}

/// Creates the order for these decisions, or returns the unpaid one that covers exactly them.
#[utoipa::path(post, path = <ep::CreatePayment as Endpoint>::PATH, tag = "payments", request_body = CreatePayment, security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 128, pattern = r"^[!-~]+$",
        description = "1-128 visible ASCII characters; a retry with the same key and body returns the first answer")),
    responses(
        (status = 201, description = "The order (new, or the existing unpaid one for these decisions)", body = PaymentOrder),
        (status = 404, description = "`not_found` (decision)", body = ApiError),
        (status = 409, description = "`payment_window_closed` (23:45-00:05), `already_paid`", body = ApiError),
        (status = 422, description = "`validation` (e.g. `return_path` or `quit_path` not a path on the app's origin), `channel_unavailable`, `idempotency_conflict`, `payer_required` (a `wechat_browser` + `wechat` or `alipay_app` + `alipay` order before the payer's id is bound to the session)", body = ApiError),
    ))]
pub async fn create_payment(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(req): Json<CreatePayment>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let mut world = state.world();
    if let Some(first) = idempotent_replay(&world, &caller.phone, paths::PAYMENTS, &key, &req)? {
        let id = first
            .get("order_id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        if let Some(o) = world.orders.iter().find(|o| o.id == id) {
            return Ok((StatusCode::CREATED, axum::Json(order_view(&world, o))).into_response());
        }
    }
    let mut numbers = req.decision_numbers.clone();
    numbers.sort();
    numbers.dedup();
    if numbers.is_empty() || !numbers.iter().all(|n| is_decision_number(n)) {
        return Err(Fail::validation(
            "decision_numbers",
            "one or more 16-digit decision numbers",
        ));
    }
    if req.host == Host::Unknown {
        return Err(Fail::validation("host", "unknown host"));
    }
    check_return_path(&req.return_path)
        .map_err(|e| Fail::validation("return_path", e.to_string()))?;
    // Alipay's wap page sends a user who gives up to `quit_path`: the same rules as the return.
    if let Some(quit) = &req.quit_path {
        check_return_path(quit).map_err(|e| Fail::validation("quit_path", e.to_string()))?;
    }
    if !req.host.supports(req.channel) {
        return Err(Fail::new(
            ErrorCode::ChannelUnavailable,
            "this channel cannot pay inside this host: open the page in a browser",
        )
        .field("channel"));
    }
    // A JSAPI / in-app tradePay order is made for the payer: their id must be bound first.
    let payer_id = crate::routes::payer::bound_payer(&world, &caller.token, req.host);
    if crate::routes::payer::needs_payer(req.host, req.channel) && payer_id.is_none() {
        return Err(Fail::new(
            ErrorCode::PayerRequired,
            "a JSAPI / in-app tradePay order needs the payer's id: authorize at POST /api/payments/payer-authorization first",
        )
        .field("host"));
    }
    let payer_id = payer_id.filter(|_| crate::routes::payer::needs_payer(req.host, req.channel));
    if !payment_open(&world.clock.now()) {
        return Err(Fail::new(
            ErrorCode::PaymentWindowClosed,
            "payments are closed for settlement between 23:45 and 00:05",
        ));
    }
    let all = visible(&world, &caller.phone);
    let mut amount = 0;
    let mut surcharges = Vec::new();
    for n in &numbers {
        let (v, _) = all
            .iter()
            .find(|(v, _)| v.decision_number.as_deref() == Some(n.as_str()))
            .ok_or_else(|| Fail::not_found("decision").field("decision_numbers"))?;
        if v.paid {
            return Err(Fail::new(
                ErrorCode::AlreadyPaid,
                format!("decision {n} is already paid"),
            ));
        }
        let late = surcharge(&world, v);
        surcharges.push((n.clone(), late));
        amount += v.fine_fen + late;
    }
    // The app's origin, when it calls from another origin this server allows (CORS): the
    // provider's page sends the user back there. Same origin: `None`.
    let app_origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| state.config.allows_origin(o))
        .map(str::to_owned);
    let open = |o: &OrderRec| o.state != OrderState::Paid && !o.superseded;
    let existing = world
        .orders
        .iter()
        .position(|o| open(o) && o.decision_numbers == numbers);
    let id = if let Some(i) = existing {
        let o = &mut world.orders[i];
        o.channel = req.channel;
        o.host = req.host;
        o.return_path = req.return_path.clone();
        o.app_origin = app_origin;
        o.payer_id = payer_id;
        o.quit_path = req.quit_path.clone();
        o.amount_fen = amount;
        o.surcharges = surcharges;
        o.state = OrderState::Pending;
        o.id.clone()
    } else {
        for o in world
            .orders
            .iter_mut()
            .filter(|o| open(o) && o.decision_numbers.iter().any(|d| numbers.contains(d)))
        {
            o.superseded = true;
            o.state = OrderState::Cancelled;
        }
        let id = world.next_id("pay");
        world.orders.push(OrderRec {
            id: id.clone(),
            owner: caller.phone.clone(),
            decision_numbers: numbers,
            amount_fen: amount,
            surcharges,
            channel: req.channel,
            host: req.host,
            return_path: req.return_path.clone(),
            app_origin,
            quit_path: req.quit_path.clone(),
            state: OrderState::Pending,
            paid_at: None,
            superseded: false,
            trade_no: random_token(32),
            payer_id,
        });
        id
    };
    let o = world
        .orders
        .iter()
        .find(|o| o.id == id)
        .cloned()
        .ok_or_else(|| Fail::not_found("order"))?;
    let view = order_view(&world, &o);
    idempotent_store(&mut world, &caller.phone, paths::PAYMENTS, key, &req, &view);
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

/// The caller's order `id` (someone else's is `not_found`, as an unknown one).
fn own_order<'w>(world: &'w World, caller: &Caller, id: &str) -> Result<&'w OrderRec, Fail> {
    world
        .orders
        .iter()
        .find(|o| o.id == id && o.owner == caller.phone)
        .ok_or_else(|| Fail::not_found("order"))
}

/// A payment order's state.
#[utoipa::path(get, path = <ep::GetPayment as Endpoint>::PATH, tag = "payments", security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Order id")),
    responses((status = 200, description = "The order", body = PaymentOrder), (status = 404, description = "`not_found`", body = ApiError)))]
pub async fn get_payment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<PaymentOrder>> {
    let world = state.world();
    let o = own_order(&world, &caller, &id)?;
    Ok(axum::Json(order_view(&world, o)))
}

/// Settles an order as the simulated channel would.
pub fn settle(world: &mut World, id: &str, outcome: PayOutcome) -> Result<PaymentOrder, Fail> {
    let now = world.now_s();
    let i = world
        .orders
        .iter()
        .position(|o| o.id == id)
        .ok_or_else(|| Fail::not_found("order"))?;
    if world.orders[i].state == OrderState::Paid {
        return Err(Fail::new(
            ErrorCode::AlreadyPaid,
            "the order is already paid",
        ));
    }
    if world.orders[i].superseded {
        return Err(Fail::new(
            ErrorCode::WrongState,
            "the order was replaced by a newer one",
        ));
    }
    match outcome {
        PayOutcome::Pay => {
            let o = &mut world.orders[i];
            o.state = OrderState::Paid;
            o.paid_at = Some(now);
            let (owner, numbers, amount, order_id) = (
                o.owner.clone(),
                o.decision_numbers.clone(),
                o.amount_fen,
                o.id.clone(),
            );
            for v in world.violations.iter_mut().filter(|v| {
                v.decision_number
                    .as_ref()
                    .is_some_and(|n| numbers.contains(n))
            }) {
                v.paid = true;
            }
            // The plate(s) paid for, so that the message says which vehicle without opening it.
            let mut plates: Vec<String> = Vec::new();
            for v in world.violations.iter().filter(|v| {
                v.decision_number
                    .as_ref()
                    .is_some_and(|n| numbers.contains(n))
            }) {
                if let Some(p) = world.vehicle(&v.vehicle_id).map(|x| x.plate_number.clone()) {
                    if !plates.contains(&p) {
                        plates.push(p);
                    }
                }
            }
            world.send_message(
                &owner,
                MessageKind::PaymentConfirmed,
                (!plates.is_empty()).then(|| plates.join("、")),
                None,
                format!(
                    "您已成功缴纳罚款{}元（决定书编号：{}）。",
                    beian_domain::Fen(amount).yuan_string(),
                    numbers.join("、")
                ),
            );
            if let Some(m) = world.messages.last_mut() {
                m.order_id = Some(order_id);
            }
        }
        PayOutcome::Cancel => world.orders[i].state = OrderState::Cancelled,
        PayOutcome::Fail => world.orders[i].state = OrderState::Failed,
    }
    let o = world.orders[i].clone();
    Ok(order_view(world, &o))
}

/// The receipt of a paid order.
#[utoipa::path(get, path = <ep::Receipt as Endpoint>::PATH, tag = "payments", security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Order id")),
    responses(
        (status = 200, description = "The receipt", body = Receipt),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`wrong_state`: the order is not paid", body = ApiError),
    ))]
pub async fn get_receipt(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Receipt>> {
    let world = state.world();
    let o = own_order(&world, &caller, &id)?;
    let (OrderState::Paid, Some(paid_at)) = (o.state, o.paid_at) else {
        return Err(Fail::new(ErrorCode::WrongState, "the order is not paid"));
    };
    let items = o
        .decision_numbers
        .iter()
        .map(|n| {
            let v = world
                .violations
                .iter()
                .find(|v| v.decision_number.as_deref() == Some(n.as_str()));
            ReceiptItem {
                decision_number: n.clone(),
                plate_number: v
                    .and_then(|v| world.vehicle(&v.vehicle_id))
                    .map(|x| x.plate_number.clone())
                    .unwrap_or_default(),
                time: v.map(|v| rfc3339(v.time)).unwrap_or_default(),
                description: v.map(|v| v.description.clone()).unwrap_or_default(),
                fine_fen: v.map_or(0, |v| v.fine_fen),
                surcharge_fen: o
                    .surcharges
                    .iter()
                    .find(|(d, _)| d == n)
                    .map_or(0, |(_, s)| *s),
            }
        })
        .collect();
    Ok(axum::Json(Receipt {
        order_id: o.id.clone(),
        trade_no: trade_no(o),
        channel: o.channel,
        paid_at: rfc3339(paid_at),
        amount_fen: o.amount_fen,
        items,
    }))
}

/// The channel's transaction number of an order, as its action names it.
fn trade_no(o: &OrderRec) -> String {
    format!("2025{}", &o.trade_no[..20])
}

/// The parameters a mini-program's own pay page needs for an order the web-view handed over
/// (`/pages/pay/pay?order=<id>`). No session: the order id and the payer's one-time login code
/// are the request's authority, and the answer is the pay call's arguments and nothing else.
#[utoipa::path(post, path = <ep::MiniProgramPay as Endpoint>::PATH, tag = "payments",
    params(("order_id" = String, Path, description = "Order id, from the pay page's path")),
    request_body = MiniProgramPayRequest,
    responses(
        (status = 200, description = "The pay call's arguments: `wx.requestPayment`'s five strings, or `my.tradePay`'s trade number", body = MiniProgramPayParams),
        (status = 404, description = "`not_found`", body = ApiError),
        (status = 409, description = "`already_paid`; `wrong_state` (the order is not waiting for payment)", body = ApiError),
        (status = 422, description = "`validation` (`code`, `channel`), `channel_unavailable` (the order was not handed to this platform's mini-program), `auth_code_invalid` (a login code used before)", body = ApiError),
    ))]
pub async fn mini_program_pay(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(req): Json<MiniProgramPayRequest>,
) -> ApiResult<axum::Json<MiniProgramPayParams>> {
    if req.code.is_empty() {
        return Err(Fail::validation("code", "the mini-program's login code"));
    }
    crate::routes::within("code", &req.code, beian_contract::rules::PAYER_CODE_MAX)?;
    let host = match req.channel {
        Channel::Wechat => Host::WechatMiniProgram,
        Channel::Alipay => Host::AlipayMiniProgram,
        Channel::Unknown => return Err(Fail::validation("channel", "wechat or alipay")),
    };
    let mut world = state.world();
    let i = world
        .orders
        .iter()
        .position(|o| o.id == id && !o.superseded)
        .ok_or_else(|| Fail::not_found("order"))?;
    let o = &world.orders[i];
    if o.host != host || o.channel != req.channel {
        return Err(Fail::new(
            ErrorCode::ChannelUnavailable,
            "this order was not handed to this platform's mini-program",
        ));
    }
    match o.state {
        OrderState::Pending => {}
        OrderState::Paid => return Err(Fail::new(ErrorCode::AlreadyPaid, "the order is paid")),
        _ => {
            return Err(Fail::new(
                ErrorCode::WrongState,
                "the order is not waiting for payment",
            ))
        }
    }
    // WeChat's code2Session and Alipay's auth_base take a login code once.
    if !world.mini_program_codes.insert(req.code.clone()) {
        return Err(
            Fail::new(ErrorCode::AuthCodeInvalid, "the login code was used before").field("code"),
        );
    }
    let payer = format!("mp-{}-{}", host_tag(host), random_token(16));
    world.orders[i].payer_id = Some(payer);
    let o = &world.orders[i];
    let params = match req.channel {
        Channel::Alipay => MiniProgramPayParams::Alipay(AlipayMiniProgramPay {
            trade_no: alipay_trade_no(o),
        }),
        _ => {
            let p = wechat_prepay(&world, o);
            MiniProgramPayParams::Wechat(WechatMiniProgramPay {
                timeStamp: p.timeStamp,
                nonceStr: p.nonceStr,
                package: p.package,
                signType: p.signType,
                paySign: p.paySign,
            })
        }
    };
    Ok(axum::Json(params))
}

fn host_tag(host: Host) -> &'static str {
    match host {
        Host::AlipayMiniProgram => "alipay",
        _ => "wechat",
    }
}
