//! A WeChat mini-program web-view cannot pay by itself: it asks the host to open the
//! mini-program's native pay page (`wx.miniProgram.navigateTo`), which calls `wx.requestPayment`
//! and comes back. The page learns the result from the server when it is shown again.

use futures::future::LocalBoxFuture;
use futures::FutureExt;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{js, BridgeOutcome, PayBridge};

/// Hands the payment to the mini-program's pay page.
pub struct MiniProgram {
    path: String,
}

impl MiniProgram {
    /// Hands over to this mini-program page path.
    pub fn new(path: String) -> Self {
        Self { path }
    }
}

impl PayBridge for MiniProgram {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let path = self.path.clone();
        async move {
            let Some(window) = web_sys::window() else { return BridgeOutcome::Unavailable };
            let Some(mini) = js::path(&window.into(), &["wx", "miniProgram"]) else {
                return BridgeOutcome::Unavailable;
            };
            let Some(navigate) = js::path(&mini, &["navigateTo"]).and_then(|f| f.dyn_into::<Function>().ok()) else {
                return BridgeOutcome::Unavailable;
            };
            let args = Object::new();
            let _ = Reflect::set(&args, &JsValue::from_str("url"), &JsValue::from_str(&path));
            match navigate.call1(&mini, &args) {
                Ok(_) => BridgeOutcome::HandedOver,
                Err(_) => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}
