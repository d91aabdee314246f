//! Paying in the host the page runs in. The host is detected once ([`host`]); each way of paying
//! is a thin module behind the one [`PayBridge`] trait, so the payment flow is the same in every
//! host: create the order, hand its [`PayAction`] to [`bridge_for`], then ask the server for the
//! order's state whatever the bridge said (a bridge's "ok" is never proof of payment).
//!
//! - [`wechat_jsapi`]: WeChat's in-app browser, `WeixinJSBridge.invoke('getBrandWCPayRequest')`;
//! - [`wechat_mini`]: a WeChat mini-program web-view, `wx.miniProgram.navigateTo` to the native pay page;
//! - [`alipay`]: the Alipay app, `AlipayJSBridge.call('tradePay')`;
//! - [`redirect`]: a plain browser, the provider's web page, which returns to the result page.

pub mod alipay;
mod js;
pub mod redirect;
pub mod wechat_jsapi;
pub mod wechat_mini;

use beian_contract::payment::{Channel, Host, PayAction};
use beian_domain::{BridgeResult, PayChannel, PayHost};
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
        PayAction::WechatMiniProgram { path } => Box::new(wechat_mini::MiniProgram::new(path.clone())),
        PayAction::AlipayTradePay { trade_no } => Box::new(alipay::TradePay::new(trade_no.clone())),
        PayAction::Redirect { url } => Box::new(redirect::Redirect::new(url.clone())),
    }
}

/// The host this page runs in, from the user agent and WeChat's `__wxjs_environment`.
pub fn host() -> PayHost {
    let ua = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    let env = js::global_string("__wxjs_environment");
    PayHost::detect(&ua, env.as_deref())
}

/// The wire form of a host.
pub fn wire_host(host: PayHost) -> Host {
    match host {
        PayHost::WechatBrowser => Host::WechatBrowser,
        PayHost::WechatMiniProgram => Host::WechatMiniProgram,
        PayHost::AlipayApp => Host::AlipayApp,
        PayHost::AlipayMiniProgram => Host::AlipayMiniProgram,
        PayHost::Browser => Host::Browser,
    }
}

/// The wire form of a channel.
pub fn wire_channel(channel: PayChannel) -> Channel {
    match channel {
        PayChannel::Wechat => Channel::Wechat,
        PayChannel::Alipay => Channel::Alipay,
    }
}

/// The domain form of a wire channel (`None` for one this client does not know).
pub fn domain_channel(channel: Channel) -> Option<PayChannel> {
    match channel {
        Channel::Wechat => Some(PayChannel::Wechat),
        Channel::Alipay => Some(PayChannel::Alipay),
        Channel::Unknown => None,
    }
}
