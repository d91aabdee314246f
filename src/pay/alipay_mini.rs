//! An Alipay mini-program web-view has no `tradePay` of its own: it loads Alipay's web-view script
//! (which gives `my`, see [`super::sdk`]) and opens the mini-program's own pay page with
//! `my.navigateTo`; that page calls `my.tradePay` and navigates back. The page learns the result
//! from the server when it is shown again.

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::{sdk, BridgeOutcome, PayBridge};

/// Hands the payment to the Alipay mini-program's pay page.
pub struct AlipayMiniProgram {
    path: String,
}

impl AlipayMiniProgram {
    /// Hands over to this mini-program page path.
    pub fn new(path: String) -> Self {
        Self { path }
    }
}

impl PayBridge for AlipayMiniProgram {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let path = self.path.clone();
        async move {
            if !sdk::is_page_path(&path) {
                return BridgeOutcome::Unavailable;
            }
            let Some(my) = sdk::ensure(&["my"], &[sdk::ALIPAY_WEB_VIEW_SDK]).await else {
                return BridgeOutcome::SdkFailed;
            };
            sdk::navigate_to(&my, &path).await
        }
        .boxed_local()
    }
}
