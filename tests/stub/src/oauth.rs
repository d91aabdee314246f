//! The simulated WeChat and Alipay web authorization pages (`/sandbox/oauth/…`), standing in for
//! `https://open.weixin.qq.com/connect/oauth2/authorize` (`snsapi_base`) and
//! `https://openauth.alipay.com/oauth2/publicAppAuthorize.htm` (`auth_base`).
//!
//! They check what the real pages check (the app id, the scope, a return address on the
//! registered domain, which for the stub is its own) and return as the real ones do: on "allow",
//! to `redirect_uri` with `?code=…&state=…` (WeChat) or `?app_id=…&source=alipay_wallet&scope=auth_base&auth_code=…&state=…`
//! (Alipay). Both scopes are silent in the real apps (no page is shown); the page here lets a
//! person or a test choose, and "decline" returns with `state` and no code, which is what WeChat
//! documents for a user who refuses authorization (the only "no" a page can get back; a user who
//! closes the page does not come back at all).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use beian_contract::payment::Host;
use serde::Deserialize;

use crate::error::{Fail, Query};
use crate::routes::payer::{ALIPAY_APP_ID, WECHAT_APP_ID};
use crate::routes::payments::encode_query;
use crate::sandbox::esc;
use crate::sms::random_token;
use crate::state::{AppState, AuthCode};

/// Query of the simulated authorization pages (WeChat's names; Alipay's `app_id` too).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuthorizeQuery {
    /// WeChat: the official account's app id.
    pub appid: Option<String>,
    /// Alipay: the app id.
    pub app_id: Option<String>,
    /// Where to return (absolute, on the registered domain).
    pub redirect_uri: Option<String>,
    /// WeChat: `code`.
    pub response_type: Option<String>,
    /// `snsapi_base` / `snsapi_userinfo` (WeChat), `auth_base` / `auth_user` (Alipay).
    pub scope: Option<String>,
    /// Returned as it is.
    pub state: Option<String>,
}

fn error_page(text: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>授权失败</title><main><h1>{}</h1></main></html>",
            esc(text)
        )),
    )
        .into_response()
}

/// Whether `uri` is an http(s) address on the same host as this request (the stub's "registered
/// authorization domain").
fn on_registered_domain(uri: &str, headers: &HeaderMap) -> bool {
    let authority = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"));
    rest.is_some_and(|r| {
        !authority.is_empty() && r.split(['/', '?', '#']).next() == Some(authority)
    })
}

fn page(host: Host, q: &AuthorizeQuery, headers: &HeaderMap) -> Response {
    let wechat = host == Host::WechatBrowser;
    let (app_ok, scope_ok) = if wechat {
        (
            q.appid.as_deref() == Some(WECHAT_APP_ID) && q.response_type.as_deref() == Some("code"),
            matches!(q.scope.as_deref(), Some("snsapi_base" | "snsapi_userinfo")),
        )
    } else {
        (
            q.app_id.as_deref() == Some(ALIPAY_APP_ID),
            matches!(q.scope.as_deref(), Some("auth_base" | "auth_user")),
        )
    };
    if !app_ok {
        return error_page(if wechat {
            "appid 或 response_type 参数错误"
        } else {
            "app_id 参数错误"
        });
    }
    if !scope_ok {
        return error_page("scope 参数错误或没有 scope 权限");
    }
    let Some(redirect_uri) = q
        .redirect_uri
        .as_deref()
        .filter(|u| on_registered_domain(u, headers))
    else {
        return error_page("redirect_uri 域名与后台配置不一致");
    };
    let state = q.state.as_deref().unwrap_or("");
    let (brand, color, what, action) = if wechat {
        (
            "微信",
            "#07c160",
            "你的微信身份标识（openid），用于微信支付",
            crate::oauth::WECHAT_PATH,
        )
    } else {
        (
            "支付宝",
            "#1677ff",
            "你的支付宝用户标识（user_id），用于支付宝付款",
            crate::oauth::ALIPAY_PATH,
        )
    };
    Html(format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{brand}授权 · 模拟</title>
<style>
body{{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f5f5;color:#111}}
header{{background:{color};color:#fff;padding:16px 20px;font-size:1.1rem}}
main{{max-width:420px;margin:0 auto;padding:24px 20px}}
button{{display:block;width:100%;min-height:48px;margin:12px 0;font-size:1rem;border-radius:8px;border:1px solid #ccc;background:#fff;color:#111}}
button.allow{{background:{color};border-color:{color};color:#fff}}
p.note{{color:#555;font-size:.85rem}}
</style></head>
<body><header role="banner">{brand} <span lang="en">(sandbox)</span></header>
<main>
<h1>{brand}授权 <span lang="en">Authorize</span></h1>
<p>交通安全综合服务管理平台申请获取{what}。</p>
<form method="post" action="{action}">
<input type="hidden" name="redirect_uri" value="{redirect_uri}">
<input type="hidden" name="state" value="{state}">
<button class="allow" type="submit" name="outcome" value="allow">允许 Allow</button>
<button type="submit" name="outcome" value="decline">拒绝 Decline</button>
</form>
<p class="note">真实的静默授权（{scope}）不显示此页面。这是测试桩的模拟授权页面。The real silent authorization shows no page; this simulated one lets you choose.</p>
</main></body></html>"#,
        redirect_uri = esc(redirect_uri),
        state = esc(state),
        scope = esc(q.scope.as_deref().unwrap_or("")),
    ))
    .into_response()
}

/// Path of the simulated WeChat page.
pub const WECHAT_PATH: &str = beian_contract::paths::SANDBOX_WECHAT_AUTHORIZE;
/// Path of the simulated Alipay page.
pub const ALIPAY_PATH: &str = beian_contract::paths::SANDBOX_ALIPAY_AUTHORIZE;

/// The simulated WeChat authorization page (HTML).
#[utoipa::path(get, path = "/sandbox/oauth/wechat/authorize", tag = "sandbox", params(AuthorizeQuery),
    responses((status = 200, description = "HTML page with Allow / Decline", content_type = "text/html", body = String),
              (status = 400, description = "A wrong app id, scope or return address (HTML)", content_type = "text/html", body = String)))]
pub async fn wechat_page(headers: HeaderMap, Query(q): Query<AuthorizeQuery>) -> Response {
    page(Host::WechatBrowser, &q, &headers)
}

/// The simulated Alipay authorization page (HTML).
#[utoipa::path(get, path = "/sandbox/oauth/alipay/authorize", tag = "sandbox", params(AuthorizeQuery),
    responses((status = 200, description = "HTML page with Allow / Decline", content_type = "text/html", body = String),
              (status = 400, description = "A wrong app id, scope or return address (HTML)", content_type = "text/html", body = String)))]
pub async fn alipay_page(headers: HeaderMap, Query(q): Query<AuthorizeQuery>) -> Response {
    page(Host::AlipayApp, &q, &headers)
}

/// The pages' form (`application/x-www-form-urlencoded`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AuthorizeForm {
    /// `allow` or `decline`.
    pub outcome: String,
    /// Where to return.
    pub redirect_uri: String,
    /// Returned as it is.
    pub state: String,
}

fn answer(
    state: &AppState,
    host: Host,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Fail> {
    let (mut outcome, mut redirect_uri, mut st) = (String::new(), String::new(), String::new());
    for (k, v) in form_urlencoded::parse(body) {
        match &*k {
            "outcome" => outcome = v.into_owned(),
            "redirect_uri" => redirect_uri = v.into_owned(),
            "state" => st = v.into_owned(),
            _ => {}
        }
    }
    if !matches!(outcome.as_str(), "allow" | "decline") {
        return Err(Fail::validation("outcome", "allow or decline"));
    }
    if !on_registered_domain(&redirect_uri, headers) {
        return Err(Fail::validation(
            "redirect_uri",
            "an address on the registered domain",
        ));
    }
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    let state_q = encode_query(&st);
    let location = if outcome == "allow" {
        let code = random_token(32);
        let mut world = state.world();
        let issued_at = world.now_s();
        world.auth_codes.insert(
            code.clone(),
            AuthCode {
                host,
                state: st.clone(),
                issued_at,
                used: false,
            },
        );
        match host {
            Host::AlipayApp => format!(
                "{redirect_uri}{sep}app_id={ALIPAY_APP_ID}&source=alipay_wallet&scope=auth_base&auth_code={code}&state={state_q}"
            ),
            _ => format!("{redirect_uri}{sep}code={code}&state={state_q}"),
        }
    } else {
        format!("{redirect_uri}{sep}state={state_q}")
    };
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}

/// The WeChat page's answer: `303` to the return address.
#[utoipa::path(post, path = "/sandbox/oauth/wechat/authorize", tag = "sandbox",
    request_body(content = AuthorizeForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Back to `redirect_uri` with `code` and `state` (allow) or `state` only (decline)"),
              (status = 422, description = "`validation` (`outcome`, a `redirect_uri` off the registered domain)", body = beian_contract::ApiError)))]
pub async fn wechat_answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    answer(&state, Host::WechatBrowser, &headers, &body)
}

/// The Alipay page's answer: `303` to the return address.
#[utoipa::path(post, path = "/sandbox/oauth/alipay/authorize", tag = "sandbox",
    request_body(content = AuthorizeForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Back to `redirect_uri` with `auth_code` and `state` (allow) or `state` only (decline)"),
              (status = 422, description = "`validation` (`outcome`, a `redirect_uri` off the registered domain)", body = beian_contract::ApiError)))]
pub async fn alipay_answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Fail> {
    answer(&state, Host::AlipayApp, &headers, &body)
}
