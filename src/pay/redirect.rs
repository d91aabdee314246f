//! A plain mobile browser: the provider's web pay page (WeChat H5 `mweb_url`, the Alipay wap
//! page; the stub's sandbox page here), which sends the user back to the result page.
//!
//! The URL comes from the server, and the browser is sent there only if it is safe to follow:
//! it is parsed by the browser's own URL parser (relative to the API base, or to the page when
//! the API is on the same origin) and must be `https:`; a build without an API base (the stub on
//! loopback) may also follow plain `http:` on its own origin
//! ([`beian_flow::payment::provider_page_allowed`]). Anything else is refused, with no
//! navigation.

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use super::{BridgeOutcome, PayBridge};
use crate::api::API_BASE;

/// Leaves for the provider's page.
pub struct Redirect {
    url: String,
}

impl Redirect {
    /// Goes to `url`; a relative one is taken relative to the API base.
    pub fn new(url: String) -> Self {
        Self { url }
    }
}

/// The address to send the browser to for the provider's page `url`, or `None` when it must not
/// be followed.
pub fn provider_page(url: &str) -> Option<String> {
    let page_origin = web_sys::window()?.location().origin().ok()?;
    let base = if API_BASE.is_empty() { page_origin.as_str() } else { API_BASE };
    let parsed = web_sys::Url::new_with_base(url, base).ok()?;
    beian_flow::payment::provider_page_allowed(&parsed.protocol(), &parsed.origin(), &page_origin, !API_BASE.is_empty())
        .then(|| parsed.href())
}

impl PayBridge for Redirect {
    fn pay(&self) -> LocalBoxFuture<'static, BridgeOutcome> {
        let target = provider_page(&self.url);
        async move {
            let Some(url) = target else { return BridgeOutcome::Refused };
            match web_sys::window() {
                Some(w) if w.location().assign(&url).is_ok() => BridgeOutcome::HandedOver,
                _ => BridgeOutcome::Unavailable,
            }
        }
        .boxed_local()
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn only_safe_provider_pages_are_followed() {
        let origin = web_sys::window().unwrap().location().origin().unwrap();
        // The tests are built without an API base: the stub's sandbox page on this origin is
        // followed, over the page's own scheme.
        assert_eq!(provider_page("/sandbox/pay/o-1?return=x").as_deref(), Some(format!("{origin}/sandbox/pay/o-1?return=x").as_str()));
        assert_eq!(provider_page("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=1").as_deref(), Some("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=1"));
        for hostile in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            "http://evil.example/pay",
            "//evil.example/pay",
            "/\t/evil.example/pay",
            "/\\evil.example/pay",
            "http://127.0.0.1:1/pay",
            "vbscript:msgbox(1)",
            "blob:https://evil.example/1",
            "file:///etc/passwd",
            "ftp://evil.example/",
        ] {
            // On an https page `//evil.example` would be https, which is allowed; the tests run
            // on http://127.0.0.1, so a scheme-relative URL is plain http to another origin.
            assert_eq!(provider_page(hostile), None, "{hostile:?} must not be followed");
        }
    }
}
