//! Paying in the host the page runs in. The host is detected once ([`host`]); each way of paying
//! is a thin module behind the one [`PayBridge`] trait, so the payment flow is the same in every
//! host: create the order, hand its [`PayAction`] to [`bridge_for`], then ask the server for the
//! order's state whatever the bridge said (a bridge's "ok" is never proof of payment).
//!
//! - [`wechat_jsapi`]: WeChat's in-app browser, `WeixinJSBridge.invoke('getBrandWCPayRequest')`;
//! - [`wechat_mini`]: a WeChat mini-program web-view, WeChat's JS-SDK loaded ([`sdk`]), then
//!   `wx.miniProgram.navigateTo` to the mini-program's pay page;
//! - [`alipay`]: the Alipay app, `AlipayJSBridge.call('tradePay')`;
//! - [`alipay_mini`]: an Alipay mini-program web-view, Alipay's web-view script loaded, then
//!   `my.navigateTo` to the mini-program's pay page;
//! - [`redirect`]: a plain browser, the provider's web page, which returns to the result page.

pub mod alipay;
pub mod alipay_mini;
mod js;
pub mod redirect;
pub mod sdk;
pub mod wechat_jsapi;
pub mod wechat_mini;

use beian_contract::payment::PayAction;
use beian_domain::{BridgeResult, PayHost};
use futures::future::LocalBoxFuture;

/// What happened when the page handed the payment to its host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BridgeOutcome {
    /// The bridge answered (not proof of payment).
    Said(BridgeResult),
    /// The page handed over to another page (provider's web page, mini-program pay page); the
    /// result is read from the server when the user comes back.
    HandedOver,
    /// The host's bridge is not there (e.g. the page was opened outside the host app, or the
    /// bridge never became ready).
    Unavailable,
    /// The bridge took the call but did not answer in time: the server is asked instead.
    NoAnswer,
    /// A mini-program web-view's SDK script did not load (network, 404, timeout): nothing was
    /// handed over.
    SdkFailed,
    /// The mini-program refused to open its pay page (`navigateTo`'s `fail`).
    HandOffFailed,
    /// The provider's page is not safe to follow (not `https:`, or a scheme that runs script):
    /// the browser stayed here.
    Refused,
}

/// One way of starting a payment in a host.
pub trait PayBridge {
    /// Starts the payment and resolves with what the host said.
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome>;
}

/// The bridge that carries out `action`.
pub fn bridge_for(action: &PayAction) -> Box<dyn PayBridge> {
    match action {
        PayAction::WechatJsapi { params } => Box::new(wechat_jsapi::Jsapi::new(params.clone())),
        PayAction::WechatMiniProgram { path } => {
            Box::new(wechat_mini::MiniProgram::new(path.clone()))
        }
        PayAction::AlipayMiniProgram { path } => {
            Box::new(alipay_mini::AlipayMiniProgram::new(path.clone()))
        }
        PayAction::AlipayTradePay { trade_no } => Box::new(alipay::TradePay::new(trade_no.clone())),
        PayAction::Redirect { url } => Box::new(redirect::Redirect::new(url.clone())),
    }
}

/// The host as the user agent alone tells it (before WeChat's bridge is ready, a WeChat
/// mini-program web-view on iOS looks like WeChat's browser).
pub fn host() -> PayHost {
    PayHost::detect(&user_agent(), None)
}

/// The host this page runs in, from the user agent and WeChat's `__wxjs_environment`. WeChat sets
/// that variable only when its bridge is ready (`WeixinJSBridgeReady`), so inside WeChat this
/// waits for the bridge (up to [`js::READY_TIMEOUT_MS`]) before reading it.
pub async fn host_when_ready() -> PayHost {
    let first = host();
    if first != PayHost::WechatBrowser {
        return first;
    }
    let _ = js::bridge("WeixinJSBridge", "WeixinJSBridgeReady").await;
    PayHost::detect(
        &user_agent(),
        js::global_string("__wxjs_environment").as_deref(),
    )
}

fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}
