//! The payer's identity for in-app payments. A WeChat JSAPI order is made for the payer's
//! `openid`, an Alipay in-app `tradePay` order for the payer's `buyer_id`; a web page learns them
//! through the host's silent web authorization (WeChat `snsapi_base`, Alipay `auth_base`): the
//! server gives the authorization URL with a fresh `state` (random, single-use, bound to the
//! session, 5 minutes), the host returns to the page with a code and the `state`, and the server
//! exchanges the code (single-use, 5 minutes) and binds the payer id to the session. The id never
//! leaves the server. The stub's authorization pages are in [`crate::oauth`].

use axum::extract::State;
use axum::http::{header, HeaderMap};
use beian_contract::payment::{
    Host, PayerAuthorization, PayerAuthorizationRequest, PayerBinding, PayerCode,
};
use beian_contract::{paths, ErrorCode};

use crate::auth::Caller;
use crate::error::{ApiResult, Fail, Json};
use crate::routes::payments::encode_query;
use crate::sms::random_token;
use crate::state::{AppState, AuthState, World};
use beian_contract::endpoint::{self as ep, Endpoint};

/// The stub's WeChat official account app id (as in WeChat's documentation examples).
pub const WECHAT_APP_ID: &str = "wx2421b1c4370ec43b";
/// The stub's Alipay app id.
pub const ALIPAY_APP_ID: &str = "2021000000000001";
/// How long a `state` and a code stay valid (WeChat: a code unused for 5 minutes expires).
pub const AUTH_TTL_S: i64 = 300;

/// Whether an order of this channel in this host is made for a payer id (JSAPI, in-app tradePay).
pub fn needs_payer(host: Host, channel: beian_contract::payment::Channel) -> bool {
    use beian_contract::payment::Channel;
    matches!(
        (host, channel),
        (Host::WechatBrowser, Channel::Wechat) | (Host::AlipayApp, Channel::Alipay)
    )
}

/// The payer id the stub's simulated provider gives this person: WeChat's `openid` is per user
/// and app id (28 characters, starting `o`), Alipay's `buyer_id` a 16-digit number starting `2088`.
pub fn payer_id_for(host: Host, phone: &str) -> String {
    // FNV-1a: stable across runs, so a test can predict nothing but still see the same id twice.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in phone.bytes().chain(format!("{host:?}").bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    match host {
        Host::AlipayApp => format!("2088{:012}", h % 1_000_000_000_000),
        _ => format!("o{:016x}{:011x}", h, h.rotate_left(17) & 0xfff_ffff_ffff)
            .chars()
            .take(28)
            .collect(),
    }
}

/// The payer id bound to this session for `host`, if any.
pub fn bound_payer(world: &World, session: &str, host: Host) -> Option<String> {
    world.payers.get(&(session.to_string(), host)).cloned()
}

/// The authorization page of the host, for this session.
#[utoipa::path(post, path = <ep::PayerAuthorization as Endpoint>::PATH, tag = "payments", request_body = PayerAuthorizationRequest, security(("bearer" = [])),
    responses(
        (status = 200, description = "The host's authorization URL, with a fresh `state` bound to this session (single-use, 5 minutes). \
            WeChat: `…?appid=…&redirect_uri=…&response_type=code&scope=snsapi_base&state=…#wechat_redirect`, back with `?code=…&state=…`; \
            Alipay: `…?app_id=…&scope=auth_base&redirect_uri=…&state=…`, back with `?auth_code=…&state=…`. \
            A user who does not allow it comes back with `state` and no code.", body = PayerAuthorization),
        (status = 422, description = "`validation` (`host` not `wechat_browser` / `alipay_app`, `return_path` not a same-origin path)", body = beian_contract::ApiError),
    ))]
pub async fn payer_authorization(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(req): Json<PayerAuthorizationRequest>,
) -> ApiResult<axum::Json<PayerAuthorization>> {
    if !matches!(req.host, Host::WechatBrowser | Host::AlipayApp) {
        return Err(Fail::validation(
            "host",
            "only wechat_browser and alipay_app orders need a payer id",
        ));
    }
    let path = req.return_path.as_str();
    beian_contract::payment::check_return_path(path)
        .map_err(|e| Fail::validation("return_path", e.to_string()))?;
    // The registered authorization domain is this server's (the stub serves the app too).
    let authority = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    let redirect_uri = format!("http://{authority}{path}");
    let value = random_token(32);
    let mut world = state.world();
    let now = world.now_s();
    world
        .auth_states
        .retain(|_, s| now - s.issued_at <= AUTH_TTL_S);
    world.auth_states.insert(
        value.clone(),
        AuthState {
            session: caller.token.clone(),
            host: req.host,
            redirect_uri: redirect_uri.clone(),
            issued_at: now,
            used: false,
        },
    );
    let authorize_url = match req.host {
        Host::AlipayApp => format!(
            "{}?app_id={ALIPAY_APP_ID}&scope=auth_base&redirect_uri={}&state={value}",
            paths::SANDBOX_ALIPAY_AUTHORIZE,
            encode_query(&redirect_uri)
        ),
        _ => format!(
            "{}?appid={WECHAT_APP_ID}&redirect_uri={}&response_type=code&scope=snsapi_base&state={value}#wechat_redirect",
            paths::SANDBOX_WECHAT_AUTHORIZE,
            encode_query(&redirect_uri)
        ),
    };
    Ok(axum::Json(PayerAuthorization { authorize_url }))
}

/// Exchanges the host's code for the payer id and binds it to this session.
#[utoipa::path(post, path = <ep::BindPayer as Endpoint>::PATH, tag = "payments", request_body = PayerCode, security(("bearer" = [])),
    responses(
        (status = 200, description = "The payer id is bound to this session (it is never sent to the client)", body = PayerBinding),
        (status = 422, description = "`auth_state_invalid` (not issued to this session, used, or older than 5 minutes), \
            `auth_code_invalid` (unknown, used, older than 5 minutes, or not returned with this state), `validation`", body = beian_contract::ApiError),
    ))]
pub async fn bind_payer(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<PayerCode>,
) -> ApiResult<axum::Json<PayerBinding>> {
    if req.code.is_empty() {
        return Err(Fail::validation("code", "the code the host returned"));
    }
    crate::routes::within("code", &req.code, beian_contract::rules::PAYER_CODE_MAX)?;
    crate::routes::within("state", &req.state, beian_contract::rules::PAYER_CODE_MAX)?;
    let mut world = state.world();
    let now = world.now_s();
    // The state is spent by any attempt: a second try with it is refused.
    let issued = world
        .auth_states
        .get_mut(&req.state)
        .filter(|s| s.session == caller.token)
        .map(|s| {
            let fresh = !s.used && now - s.issued_at <= AUTH_TTL_S;
            s.used = true;
            (fresh, s.host)
        });
    let host = match issued {
        Some((true, host)) => host,
        _ => {
            return Err(Fail::new(
                ErrorCode::AuthStateInvalid,
                "the state was not issued to this session, was used, or expired",
            )
            .field("state"))
        }
    };
    let code_ok = world.auth_codes.get_mut(&req.code).is_some_and(|c| {
        let ok =
            !c.used && c.host == host && c.state == req.state && now - c.issued_at <= AUTH_TTL_S;
        c.used = true;
        ok
    });
    if !code_ok {
        return Err(Fail::new(
            ErrorCode::AuthCodeInvalid,
            "the code is unknown, used, expired or from another authorization",
        )
        .field("code"));
    }
    let id = payer_id_for(host, &caller.phone);
    world.payers.insert((caller.token.clone(), host), id);
    Ok(axum::Json(PayerBinding { host }))
}
