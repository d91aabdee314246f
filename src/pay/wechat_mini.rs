//! A WeChat mini-program web-view cannot pay by itself: it loads WeChat's JS-SDK (which gives
//! `wx.miniProgram`, see [`super::sdk`]) and asks the host to open the mini-program's own pay page
//! (`wx.miniProgram.navigateTo`), which calls `wx.requestPayment` and navigates back. The page
//! learns the result from the server when it is shown again.

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::{sdk, BridgeOutcome, PayBridge};

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
            if !sdk::is_page_path(&path) {
                return BridgeOutcome::Unavailable;
            }
            let Some(mini) = sdk::ensure(&["wx", "miniProgram"], &sdk::WECHAT_SDK).await else {
                return BridgeOutcome::SdkFailed;
            };
            sdk::navigate_to(&mini, &path).await
        }
        .boxed_local()
    }
}
