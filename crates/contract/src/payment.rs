//! Payment orders for penalty decisions, paid with WeChat Pay or Alipay.

use serde::{Deserialize, Serialize};

/// The payment channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// WeChat Pay.
    Wechat,
    /// Alipay.
    Alipay,
    /// A channel this client does not know.
    #[serde(other)]
    Unknown,
}

/// The host the page runs in, as detected by the client; decides how to pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Host {
    /// WeChat's in-app browser (JSAPI).
    WechatBrowser,
    /// A WeChat mini-program web-view (native pay page).
    WechatMiniProgram,
    /// The Alipay app (tradePay bridge).
    AlipayApp,
    /// An Alipay mini-program web-view.
    AlipayMiniProgram,
    /// A plain mobile browser (H5 / wap redirect).
    Browser,
    /// A host this server does not know.
    #[serde(other)]
    Unknown,
}

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
    /// Where the channel returns the user after paying in a browser (the app's result page).
    pub return_url: String,
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
    /// WeChat mini-program web-view: navigate the host to this native page path.
    WechatMiniProgram {
        /// Mini-program page path with the order in its query.
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
