//! WeChat's in-app browser: `WeixinJSBridge.invoke('getBrandWCPayRequest', params, cb)` with the
//! signed parameters from the server, passed as they are. WeChat injects `WeixinJSBridge` some
//! time after the page starts and fires `WeixinJSBridgeReady` on `document` then; its answer's
//! `err_msg` is `get_brand_wcpay_request:ok|cancel|fail…`. An answer that never comes ends after
//! [`js::ANSWER_TIMEOUT_MS`].

use beian_contract::payment::WechatJsapiParams;
use beian_domain::wechat_jsapi_result;
use futures::future::LocalBoxFuture;
use futures::FutureExt;
use wasm_bindgen::JsValue;

use super::{js, BridgeOutcome, PayBridge};

/// Pays through the JSAPI bridge.
pub struct Jsapi {
    params: WechatJsapiParams,
}

impl Jsapi {
    /// A payment with these signed parameters.
    pub fn new(params: WechatJsapiParams) -> Self {
        Self { params }
    }
}

impl PayBridge for Jsapi {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let params = serde_wasm(&self.params);
        async move {
            let Some(bridge) = js::bridge("WeixinJSBridge", "WeixinJSBridgeReady").await else {
                return BridgeOutcome::Unavailable;
            };
            let Some(params) = params else {
                return BridgeOutcome::Unavailable;
            };
            let args = [JsValue::from_str("getBrandWCPayRequest"), params];
            match js::call_with_callback(&bridge, "invoke", &args, js::ANSWER_TIMEOUT_MS).await {
                js::Called::Answered(answer) => {
                    BridgeOutcome::Said(wechat_jsapi_result(&js::field_string(&answer, "err_msg")))
                }
                js::Called::NoAnswer => BridgeOutcome::NoAnswer,
                js::Called::Failed => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}

/// The parameters as a plain JS object (all strings, names as WeChat expects them).
fn serde_wasm(params: &WechatJsapiParams) -> Option<JsValue> {
    let text = serde_json::to_string(params).ok()?;
    js_sys::JSON::parse(&text).ok()
}
