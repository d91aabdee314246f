//! A plain mobile browser: the provider's web pay page (WeChat H5 `mweb_url`, the Alipay wap
//! page; the stub's sandbox page here), which sends the user back to the result page.

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::{BridgeOutcome, PayBridge};
use crate::api::API_BASE;

/// Leaves for the provider's page.
pub struct Redirect {
    url: String,
}

impl Redirect {
    /// Goes to `url`; a path is taken relative to the API base.
    pub fn new(url: String) -> Self {
        Self { url }
    }
}

impl PayBridge for Redirect {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let url = if self.url.starts_with('/') { format!("{API_BASE}{}", self.url) } else { self.url.clone() };
        async move {
            // Only http(s) targets: the URL comes from the server, never run it as script.
            let safe = url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://");
            match web_sys::window() {
                Some(w) if safe && w.location().assign(&url).is_ok() => BridgeOutcome::HandedOver,
                _ => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}
