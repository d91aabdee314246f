//! Where a payment page runs, and what the host's pay bridges answer.
//!
//! The page pays differently inside WeChat, a WeChat mini-program web-view, the Alipay app or a
//! plain mobile browser (see docs/domain.md, "Paying from a web page"). The host is recognised from the
//! user agent the host app itself sets (it is the only signal these apps document) plus WeChat's
//! `window.__wxjs_environment`; the bridges' result strings and codes are mapped to one
//! [`BridgeResult`] so the flow logic is the same in every host. A bridge's "ok" is never proof of
//! payment: the caller still asks the server for the order's state.

/// The host app the page runs in. The API carries it as is (`beian_contract::payment::Host`):
/// the client says where it pays, and the server picks the way to pay from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Host))]
pub enum PayHost {
    /// WeChat's in-app browser: pays through the JSAPI bridge (`WeixinJSBridge`).
    WechatBrowser,
    /// A WeChat mini-program web-view: hands over to the mini-program's native pay page.
    WechatMiniProgram,
    /// The Alipay app's browser: pays through `AlipayJSBridge.call('tradePay')`.
    AlipayApp,
    /// An Alipay mini-program web-view: hands over to the mini-program's own pay page (`my.navigateTo`).
    AlipayMiniProgram,
    /// Any other (mobile) browser: the provider's web pay page, then back.
    Browser,
    /// A host this side does not know (a newer peer's value on the wire); never detected.
    #[cfg_attr(feature = "serde", serde(other))]
    Unknown,
}

/// WeChat's JS-SDK, which gives a mini-program web-view `wx.miniProgram` (1.3.2 or later), at the
/// address WeChat documents, then at the fallback host WeChat documents for when the first cannot
/// be reached. Loaded only in a WeChat mini-program web-view.
pub const WECHAT_JS_SDK: [&str; 2] = [
    "https://res.wx.qq.com/open/js/jweixin-1.6.0.js",
    "https://res2.wx.qq.com/open/js/jweixin-1.6.0.js",
];

/// Alipay's script for pages in an Alipay mini-program's web-view (gives `my`). `appx` is a
/// host the Alipay container answers itself; it resolves nowhere else. Loaded only in that host.
pub const ALIPAY_WEB_VIEW_SDK: &str = "https://appx/web-view.min.js";

/// The origins of every host SDK script above: exactly what the app's Content-Security-Policy
/// adds to `script-src`.
pub fn sdk_script_origins() -> Vec<&'static str> {
    WECHAT_JS_SDK
        .iter()
        .copied()
        .chain([ALIPAY_WEB_VIEW_SDK])
        .map(origin)
        .collect()
}

/// Whether `path` is a mini-program page path (`/pages/…?…`) that a web-view may hand over to:
/// never a URL, a scheme or anything a browser could read as another host. The path comes from
/// the server's pay action; only the mini-program's own pages may be opened.
pub fn is_mini_program_page_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains(':')
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// `scheme://host` of an absolute URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

/// The two payment channels. The API carries it as is (`beian_contract::payment::Channel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Channel))]
pub enum PayChannel {
    /// WeChat Pay.
    Wechat,
    /// Alipay.
    Alipay,
    /// A channel this side does not know (a newer peer's value on the wire): no host pays with it.
    #[cfg_attr(feature = "serde", serde(other))]
    Unknown,
}

impl PayHost {
    /// Recognises the host from the user agent and WeChat's `window.__wxjs_environment`
    /// (`"miniprogram"` inside a mini-program web-view; absent elsewhere, or until the WeChat
    /// bridge is ready).
    pub fn detect(user_agent: &str, wxjs_environment: Option<&str>) -> PayHost {
        let ua = user_agent.to_ascii_lowercase();
        if ua.contains("micromessenger") {
            if ua.contains("miniprogram")
                || wxjs_environment.is_some_and(|e| e.eq_ignore_ascii_case("miniprogram"))
            {
                PayHost::WechatMiniProgram
            } else {
                PayHost::WechatBrowser
            }
        } else if ua.contains("alipayclient") {
            // Alipay mini-program web-views add `AliApp` or `MiniProgram` to the Alipay agent.
            if ua.contains("miniprogram") {
                PayHost::AlipayMiniProgram
            } else {
                PayHost::AlipayApp
            }
        } else if ua.contains("aliapp") {
            // Other Alibaba hosts (e.g. a mini-program container) say `AliApp(...)` without `AlipayClient`.
            PayHost::AlipayMiniProgram
        } else {
            PayHost::Browser
        }
    }

    /// Whether `channel` can pay inside this host. WeChat blocks Alipay pages (the user must open
    /// the page in a browser); the Alipay app cannot pay with WeChat Pay; nothing pays with an
    /// unknown channel.
    pub fn supports(self, channel: PayChannel) -> bool {
        !matches!(
            (self, channel),
            (
                PayHost::WechatBrowser | PayHost::WechatMiniProgram,
                PayChannel::Alipay
            ) | (
                PayHost::AlipayApp | PayHost::AlipayMiniProgram,
                PayChannel::Wechat
            ) | (_, PayChannel::Unknown)
        )
    }

    /// The channel offered first in this host: the host's own; WeChat Pay in a browser.
    pub fn preferred_channel(self) -> PayChannel {
        match self {
            PayHost::AlipayApp | PayHost::AlipayMiniProgram => PayChannel::Alipay,
            _ => PayChannel::Wechat,
        }
    }
}

/// What a pay bridge said. None of these is proof: the order's state on the server decides.
/// The payment flow keeps the last one (under the variant names) until the result page has asked
/// the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BridgeResult {
    /// The bridge reports success (WeChat `:ok`, Alipay 9000).
    Ok,
    /// The payment is being processed (Alipay 8000, 6004): ask the server.
    Processing,
    /// The user cancelled (WeChat `:cancel`, Alipay 6001).
    Cancelled,
    /// The payment failed (WeChat `:fail`, Alipay 4000).
    Failed,
    /// The bridge had a network error (Alipay 6002).
    NetworkError,
    /// The user left the pay sheet without finishing (Alipay 99: "forgot password" and quit, iOS):
    /// not a final state, but nothing is under way either; ask the server once, do not wait.
    Left,
    /// An answer this client does not know: ask the server.
    Unknown,
    /// The host's bridge was missing.
    Unavailable,
    /// The bridge took the call but never answered: the server is asked instead.
    NoAnswer,
}

/// Maps `WeixinJSBridge.invoke('getBrandWCPayRequest')`'s `err_msg` to a [`BridgeResult`].
/// WeChat documents `get_brand_wcpay_request:ok`, `:cancel` and `:fail`; real answers also carry
/// variants and messages after `fail` (`:fail_no_permission`, `:fail_nopermission`,
/// `:fail 调用支付JSAPI缺少参数：total_fee`, `:fail:…`): every `fail…` is a failure, never "unknown"
/// (which would keep the user waiting for a minute of polling).
pub fn wechat_jsapi_result(err_msg: &str) -> BridgeResult {
    let Some((_, outcome)) = err_msg.split_once(':') else {
        return BridgeResult::Unknown;
    };
    let outcome = outcome.trim().to_ascii_lowercase();
    let word: String = outcome
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    match word.as_str() {
        "ok" => BridgeResult::Ok,
        "cancel" => BridgeResult::Cancelled,
        "fail" => BridgeResult::Failed,
        _ => BridgeResult::Unknown,
    }
}

/// Maps `AlipayJSBridge.call('tradePay')`'s `resultCode` (a string or a number in the bridge's
/// answer) to a [`BridgeResult`]. Alipay's jsapi `tradePay` documents 9000 paid, 8000 processing,
/// 4000 failed, 6001 cancelled by the user, 6002 network error, 6004 result unknown (may have
/// succeeded) and 99 "the user tapped Forgot password and quit the pay page" (iOS).
pub fn alipay_trade_pay_result(result_code: &str) -> BridgeResult {
    match result_code.trim() {
        "9000" => BridgeResult::Ok,
        "8000" | "6004" => BridgeResult::Processing,
        "6001" => BridgeResult::Cancelled,
        "4000" => BridgeResult::Failed,
        "6002" => BridgeResult::NetworkError,
        "99" => BridgeResult::Left,
        _ => BridgeResult::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
    const WECHAT_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN";
    const WECHAT_MINI_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20240404 MMWEBID/1234 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef";
    const ALIPAY_ANDROID: &str = "Mozilla/5.0 (Linux; U; Android 14; zh-CN; 22081212C) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.65 Mobile Safari/537.36 UCBS/3.22.2.65_231201183549 ChannelId(8) NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:WIFI,ws:393|0|2.75) AliApp(AP/10.5.96.8000) AlipayClient/10.5.96.8000 Language/zh-Hans useStatusBar/true isConcaveScreen/true Region/CNAriver/1.0.0";
    const ALIPAY_MINI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Ariver/1.1.0 AliApp(AP/10.6.0.6000) Nebula WK RVKType(0) AlipayDefined(nt:WIFI,ws:390|780|3.0) AlipayClient/10.6.0.6000 Language/zh-Hans Region/CN NebulaX/1.0.0 MiniProgram";

    #[test]
    fn detects_every_host() {
        let table: &[(&str, Option<&str>, PayHost)] = &[
            (IPHONE_SAFARI, None, PayHost::Browser),
            (ANDROID_CHROME, None, PayHost::Browser),
            ("", None, PayHost::Browser),
            (WECHAT_IOS, None, PayHost::WechatBrowser),
            (WECHAT_IOS, Some("browser"), PayHost::WechatBrowser),
            // iOS mini-program web-views do not always say `miniProgram`: the environment does.
            (WECHAT_IOS, Some("miniprogram"), PayHost::WechatMiniProgram),
            (WECHAT_MINI_ANDROID, None, PayHost::WechatMiniProgram),
            (ALIPAY_ANDROID, None, PayHost::AlipayApp),
            (ALIPAY_MINI, None, PayHost::AlipayMiniProgram),
            (
                "Mozilla/5.0 AliApp(DingTalk/7.0)",
                None,
                PayHost::AlipayMiniProgram,
            ),
            // The WeChat environment flag means nothing outside WeChat.
            (ANDROID_CHROME, Some("miniprogram"), PayHost::Browser),
        ];
        for (ua, env, want) in table {
            assert_eq!(PayHost::detect(ua, *env), *want, "{ua} / {env:?}");
        }
    }

    #[test]
    fn sdk_origins_are_exactly_the_hosts_scripts() {
        assert_eq!(
            sdk_script_origins(),
            [
                "https://res.wx.qq.com",
                "https://res2.wx.qq.com",
                "https://appx"
            ]
        );
        assert!(WECHAT_JS_SDK
            .iter()
            .all(|u| u.ends_with("/open/js/jweixin-1.6.0.js")));
    }

    #[test]
    fn only_mini_program_page_paths_are_handed_over() {
        assert!(is_mini_program_page_path("/pages/pay/pay?order=pay-1"));
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "javascript:alert(1)",
            "pages/pay/pay",
            "/pages/pay pay",
            "/\\evil",
            "/a\nb",
            "",
        ] {
            assert!(!is_mini_program_page_path(bad), "{bad:?}");
        }
    }

    #[test]
    fn channels_per_host() {
        use PayChannel::*;
        assert!(PayHost::Browser.supports(Wechat) && PayHost::Browser.supports(Alipay));
        assert!(
            PayHost::WechatBrowser.supports(Wechat) && !PayHost::WechatBrowser.supports(Alipay)
        );
        assert!(!PayHost::WechatMiniProgram.supports(Alipay));
        assert!(PayHost::AlipayApp.supports(Alipay) && !PayHost::AlipayApp.supports(Wechat));
        assert!(!PayHost::AlipayMiniProgram.supports(Wechat));
        assert!(!PayHost::Browser.supports(PayChannel::Unknown));
        assert!(!PayHost::Unknown.supports(PayChannel::Unknown));
        for host in [
            PayHost::Browser,
            PayHost::WechatBrowser,
            PayHost::WechatMiniProgram,
            PayHost::AlipayApp,
            PayHost::AlipayMiniProgram,
        ] {
            assert!(host.supports(host.preferred_channel()), "{host:?}");
        }
    }

    #[test]
    fn bridge_answers() {
        assert_eq!(
            wechat_jsapi_result("get_brand_wcpay_request:ok"),
            BridgeResult::Ok
        );
        assert_eq!(
            wechat_jsapi_result("get_brand_wcpay_request:cancel"),
            BridgeResult::Cancelled
        );
        assert_eq!(
            wechat_jsapi_result("get_brand_wcpay_request:fail"),
            BridgeResult::Failed
        );
        // `fail` with a variant or a message is still a failure.
        for fail in [
            "get_brand_wcpay_request:fail_nopermission",
            "get_brand_wcpay_request:fail_no_permission",
            "get_brand_wcpay_request:fail 调用支付JSAPI缺少参数：total_fee",
            "get_brand_wcpay_request:fail:prepay_id expired",
            "get_brand_wcpay_request:FAIL",
        ] {
            assert_eq!(wechat_jsapi_result(fail), BridgeResult::Failed, "{fail}");
        }
        assert_eq!(
            wechat_jsapi_result("get_brand_wcpay_request:okay"),
            BridgeResult::Unknown
        );
        assert_eq!(wechat_jsapi_result("fail"), BridgeResult::Unknown);
        assert_eq!(wechat_jsapi_result(""), BridgeResult::Unknown);
        let table = [
            ("9000", BridgeResult::Ok),
            ("8000", BridgeResult::Processing),
            ("6004", BridgeResult::Processing),
            ("6001", BridgeResult::Cancelled),
            ("4000", BridgeResult::Failed),
            ("6002", BridgeResult::NetworkError),
            ("99", BridgeResult::Left),
            (" 9000 ", BridgeResult::Ok),
            ("90000", BridgeResult::Unknown),
            ("", BridgeResult::Unknown),
        ];
        for (code, want) in table {
            assert_eq!(alipay_trade_pay_result(code), want, "{code:?}");
        }
    }
}
