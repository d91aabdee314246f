//! The Alipay app: `AlipayJSBridge.call('tradePay', {tradeNO}, cb)`; the answer's `resultCode`
//! says what happened. Alipay injects `AlipayJSBridge` after the page starts and fires
//! `AlipayJSBridgeReady` on `document`; an answer that never comes ends after
//! [`js::ANSWER_TIMEOUT_MS`]. (A mini-program web-view has no tradePay: see [`super::alipay_mini`].)

use beian_domain::alipay_trade_pay_result;
use futures::future::LocalBoxFuture;
use futures::FutureExt;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use super::{js, BridgeOutcome, PayBridge};

/// Pays through the tradePay bridge.
pub struct TradePay {
    trade_no: String,
}

impl TradePay {
    /// A payment of this Alipay trade.
    pub fn new(trade_no: String) -> Self {
        Self { trade_no }
    }
}

impl PayBridge for TradePay {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let trade_no = self.trade_no.clone();
        async move {
            let Some(bridge) = js::bridge("AlipayJSBridge", "AlipayJSBridgeReady").await else {
                return BridgeOutcome::Unavailable;
            };
            let args = Object::new();
            let _ = Reflect::set(
                &args,
                &JsValue::from_str("tradeNO"),
                &JsValue::from_str(&trade_no),
            );
            let args = [JsValue::from_str("tradePay"), args.into()];
            match js::call_with_callback(&bridge, "call", &args, js::ANSWER_TIMEOUT_MS).await {
                js::Called::Answered(answer) => BridgeOutcome::Said(alipay_trade_pay_result(
                    &js::field_string(&answer, "resultCode"),
                )),
                js::Called::NoAnswer => BridgeOutcome::NoAnswer,
                js::Called::Failed => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}
