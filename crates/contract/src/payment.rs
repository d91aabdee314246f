//! Payment orders for penalty decisions, paid with WeChat Pay or Alipay.

use serde::{Deserialize, Serialize};

/// The payment channel: the domain's (`unknown` for one this side does not know).
pub use beian_domain::PayChannel as Channel;

/// The host the page runs in, as detected by the client; decides how to pay. The domain's
/// (`unknown` for one this side does not know).
pub use beian_domain::PayHost as Host;

/// `POST /api/payments` (with `Idempotency-Key`): create, or reuse while unpaid, the order
/// for these decisions. One order per decision number while unpaid: a retry never charges twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePayment {
    /// The decisions to pay.
    pub decision_numbers: Vec<String>,
    /// The channel chosen.
    pub channel: Channel,
    /// Where the page runs.
    pub host: Host,
    /// Where the channel returns the user after paying in a browser: a path on the app's own
    /// origin (the result page, `/pay/result`), never a URL. The server resolves it against the
    /// app's origin, so the provider's page can only send the user back to the app. Rules:
    /// [`check_return_path`] (refused with `422 validation`, field `return_path`).
    pub return_path: String,
    /// Alipay in a browser: where the user goes on giving up on Alipay's wap page (its
    /// `quit_url`), a path on the app's own origin such as `/pay/result?quit=1` (`?order=<id>` or
    /// `&order=<id>` is appended), under the same rules as `return_path`. The server keeps it with
    /// the order, as Alipay keeps the `alipay.trade.wap.pay` request's; other channels and hosts
    /// ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quit_path: Option<String>,
}

/// Longest accepted [`CreatePayment::return_path`], in bytes.
pub const RETURN_PATH_MAX: usize = 512;

/// Why a [`CreatePayment::return_path`] is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnPathError {
    /// Empty, or longer than [`RETURN_PATH_MAX`].
    Length,
    /// Does not start with a single `/` (a URL with a scheme, `//host`, `/\host`, a relative path).
    NotAPath,
    /// Has an empty segment (`//`), a backslash, a control or non-ASCII character, a `#`, a `/`
    /// in the query, or a `%` not followed by two hex digits.
    BadCharacter,
}

impl std::fmt::Display for ReturnPathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReturnPathError::Length => "a path of 1-512 characters",
            ReturnPathError::NotAPath => "a path on the app's origin, starting with a single /, never a URL",
            ReturnPathError::BadCharacter => {
                "only URL path characters: no //, no backslash, no control characters, no fragment, no / in the query"
            }
        })
    }
}

/// Checks a return path: `/`, then non-empty segments of RFC 3986 path characters
/// (unreserved, `%XX`, sub-delims, `:`, `@`) separated by single `/` (a trailing `/` is allowed),
/// then optionally `?` and a query of the same characters and `?` (no `/`, no `#`); at most
/// [`RETURN_PATH_MAX`] bytes. This is exactly `crate::rules::RETURN_PATH_PATTERN`, the `pattern`
/// the OpenAPI document gives the field (a test compares the two).
/// Everything that could leave the app's origin (`https://…`, `//host`, `/\host`, `javascript:`,
/// a control character browsers strip) is refused.
pub fn check_return_path(path: &str) -> Result<(), ReturnPathError> {
    if path.is_empty() || path.len() > RETURN_PATH_MAX {
        return Err(ReturnPathError::Length);
    }
    let b = path.as_bytes();
    if b[0] != b'/' || matches!(b.get(1), Some(b'/' | b'\\')) {
        return Err(ReturnPathError::NotAPath);
    }
    let (path_part, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let pchar = |c: u8| c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&c);
    let valid = |s: &str, extra: &[u8]| {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                if !(i + 2 < b.len()
                    && b[i + 1].is_ascii_hexdigit()
                    && b[i + 2].is_ascii_hexdigit())
                {
                    return false;
                }
                i += 3;
            } else if pchar(b[i]) || extra.contains(&b[i]) {
                i += 1;
            } else {
                return false;
            }
        }
        true
    };
    let segments: Vec<&str> = path_part[1..].split('/').collect();
    let last = segments.len() - 1;
    let segments_ok = segments.iter().enumerate().all(|(i, seg)| {
        // only the last segment may be empty (a trailing slash, or the path `/` itself)
        (!seg.is_empty() || i == last) && valid(seg, b"")
    });
    if !segments_ok || !query.is_none_or(|q| valid(q, b"?")) {
        return Err(ReturnPathError::BadCharacter);
    }
    Ok(())
}

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Created, not paid yet.
    Pending,
    /// Paid and confirmed by the channel.
    Paid,
    /// The user cancelled; the same order can be paid again.
    Cancelled,
    /// The channel refused; the same order can be paid again.
    Failed,
    /// A state this client does not know.
    #[serde(other)]
    Unknown,
}

/// A payment order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentOrder {
    /// Opaque id.
    pub order_id: String,
    /// Decisions it pays.
    pub decision_numbers: Vec<String>,
    /// Total, in fen.
    pub amount_fen: i64,
    /// Channel.
    pub channel: Channel,
    /// State.
    pub state: OrderState,
    /// When it was paid (RFC 3339), once paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<String>,
    /// What the page does to pay; absent once paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<PayAction>,
}

/// The page of the WeChat and the Alipay mini-program that pays an order (`?order=<id>`): the
/// web-view hands over to it. Both mini-programs must have a page at this path (see
/// `docs/payments.md` and the reference pages in `docs/mini-program/`).
pub const MINI_PROGRAM_PAY_PAGE: &str = "/pages/pay/pay";

/// How the page starts the payment in its host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PayAction {
    /// WeChat in-app page: `WeixinJSBridge.invoke('getBrandWCPayRequest', params)`.
    WechatJsapi {
        /// The signed parameters, passed as they are.
        params: WechatJsapiParams,
    },
    /// WeChat mini-program web-view: load WeChat's JS-SDK and hand over with
    /// `wx.miniProgram.navigateTo({url: path})` to the mini-program's own pay page, which calls
    /// `wx.requestPayment` and navigates back.
    WechatMiniProgram {
        /// Mini-program page path with the order in its query: [`MINI_PROGRAM_PAY_PAGE`]`?order=<id>`.
        path: String,
    },
    /// Alipay mini-program web-view: load Alipay's web-view script and hand over with
    /// `my.navigateTo({url: path})` to the mini-program's own pay page, which calls `my.tradePay`
    /// and navigates back. (The web-view has no `tradePay` of its own.)
    AlipayMiniProgram {
        /// Mini-program page path with the order in its query: [`MINI_PROGRAM_PAY_PAGE`]`?order=<id>`.
        path: String,
    },
    /// Alipay app: `AlipayJSBridge.call('tradePay', {tradeNO})`.
    AlipayTradePay {
        /// Alipay trade number.
        trade_no: String,
    },
    /// Browser: go to this URL (WeChat H5 `mweb_url`, valid 5 minutes, or the Alipay wap page).
    Redirect {
        /// Where to go.
        url: String,
    },
}

/// WeChat JSAPI pay parameters; field names as the WeChat SDK expects them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[allow(non_snake_case)]
pub struct WechatJsapiParams {
    /// Official account app id.
    pub appId: String,
    /// Seconds since the epoch, as a string.
    pub timeStamp: String,
    /// Random string.
    pub nonceStr: String,
    /// `prepay_id=…`.
    pub package: String,
    /// `RSA`.
    pub signType: String,
    /// Signature.
    pub paySign: String,
}

/// `POST /api/payments/payer-authorization`: where to send the user so that the host tells the
/// server who pays. A WeChat JSAPI order needs the payer's `openid`, an Alipay in-app `tradePay`
/// order the payer's `buyer_id`; a web page learns them through the host's silent web
/// authorization (WeChat `snsapi_base`, Alipay `auth_base`), which returns to `return_path` with
/// `?code=…&state=…` (WeChat) or `?auth_code=…&state=…` (Alipay).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayerAuthorizationRequest {
    /// `wechat_browser` or `alipay_app` (the hosts whose orders need a payer id).
    pub host: Host,
    /// The app's page to come back to: a same-origin path (`/pay/check`).
    pub return_path: String,
}

/// The host's authorization page for this session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayerAuthorization {
    /// Where to send the user (the provider's authorization URL, with the server's app id, the
    /// return address and a fresh `state`: random, single-use, bound to this session, valid
    /// 5 minutes). A path is on the API's origin (the stub's sandbox page).
    pub authorize_url: String,
}

/// `POST /api/payments/payer`: the code the host returned, with the `state` it carried back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayerCode {
    /// WeChat's `code` or Alipay's `auth_code` (single-use, valid 5 minutes).
    pub code: String,
    /// The `state` the return carried.
    pub state: String,
}

/// The payer is known for this session (the id itself never leaves the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayerBinding {
    /// The host whose orders can now be made.
    pub host: Host,
}

/// `POST /api/payments/{order_id}/mini-program`: the mini-program's own pay page (opened by the
/// web-view's hand-over, `MINI_PROGRAM_PAY_PAGE?order=<id>`) asks for what its platform's pay call
/// needs. It has no session of the web page: the order id it was handed and a one-time login code
/// of the payer are the request's authority. The server turns the code into the payer's id for
/// the mini-program (WeChat `code2Session` → `openid`; Alipay `auth_base` → `buyer_id`; the code
/// is single-use) and answers the parameters of that order for that payer, nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MiniProgramPayRequest {
    /// The order's channel (`wechat` in a WeChat mini-program, `alipay` in an Alipay one).
    pub channel: Channel,
    /// `wx.login`'s `code` or `my.getAuthCode`'s `authCode` (single-use).
    pub code: String,
}

/// The answer of `POST /api/payments/{order_id}/mini-program`: exactly the arguments of the
/// platform's pay call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum MiniProgramPayParams {
    /// `wx.requestPayment({timeStamp, nonceStr, package, signType, paySign})`, all strings.
    Wechat(WechatMiniProgramPay),
    /// `my.tradePay({tradeNO: trade_no})`.
    Alipay(AlipayMiniProgramPay),
}

/// The arguments of `wx.requestPayment` (a prepay order for the mini-program's app id and the
/// payer's `openid`; no `appId`: the mini-program's own is used).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[allow(non_snake_case)]
pub struct WechatMiniProgramPay {
    /// Seconds since the epoch, as a string.
    pub timeStamp: String,
    /// Random string.
    pub nonceStr: String,
    /// `prepay_id=…`.
    pub package: String,
    /// `RSA`.
    pub signType: String,
    /// Signature.
    pub paySign: String,
}

/// The argument of `my.tradePay` (an `alipay.trade.create` for the payer's `buyer_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlipayMiniProgramPay {
    /// Alipay's trade number.
    pub trade_no: String,
}

/// `GET /api/payments/{order_id}/receipt`: what was paid, for the payer to keep. Only for a paid
/// order (`409 wrong_state` before); the amounts are those charged, surcharge included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The order.
    pub order_id: String,
    /// The channel's own transaction number.
    pub trade_no: String,
    /// Channel paid with.
    pub channel: Channel,
    /// When it was paid (RFC 3339).
    pub paid_at: String,
    /// Total charged, in fen.
    pub amount_fen: i64,
    /// One line per penalty decision paid.
    pub items: Vec<ReceiptItem>,
}

/// One decision on a [`Receipt`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptItem {
    /// Penalty decision number (16 digits).
    pub decision_number: String,
    /// Plate number.
    pub plate_number: String,
    /// When the violation happened (RFC 3339).
    pub time: String,
    /// What the violation was.
    pub description: String,
    /// Fine, in fen.
    pub fine_fen: i64,
    /// Additional fine for late payment (加处罚款) charged with it, in fen.
    pub surcharge_fen: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_on_the_apps_origin() {
        for ok in [
            "/pay/result",
            "/",
            "/pay/result/",
            "/pay/result?from=h5&x=%2F",
            "/a:b@c/~d",
        ] {
            assert_eq!(check_return_path(ok), Ok(()), "{ok:?}");
        }
        for (bad, why) in [
            ("", ReturnPathError::Length),
            ("https://evil.example/pay/result", ReturnPathError::NotAPath),
            ("javascript:alert(1)", ReturnPathError::NotAPath),
            ("//evil.example/x", ReturnPathError::NotAPath),
            ("/\\evil.example/x", ReturnPathError::NotAPath),
            ("pay/result", ReturnPathError::NotAPath),
            (" /pay/result", ReturnPathError::NotAPath),
            ("/pay//result", ReturnPathError::BadCharacter),
            ("/pay\\result", ReturnPathError::BadCharacter),
            ("/pay/result\n", ReturnPathError::BadCharacter),
            ("/\t/evil.example", ReturnPathError::BadCharacter),
            ("/pay/result#x", ReturnPathError::BadCharacter),
            (
                "/pay/result?next=//evil.example",
                ReturnPathError::BadCharacter,
            ),
            ("/pay/%zz", ReturnPathError::BadCharacter),
            ("/pay/%2", ReturnPathError::BadCharacter),
            ("/缴款", ReturnPathError::BadCharacter),
        ] {
            assert_eq!(check_return_path(bad), Err(why), "{bad:?}");
        }
        let long = format!("/{}", "a".repeat(RETURN_PATH_MAX - 1));
        assert_eq!(check_return_path(&long), Ok(()));
        assert_eq!(
            check_return_path(&format!("{long}a")),
            Err(ReturnPathError::Length)
        );
    }
}
