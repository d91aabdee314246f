//! Addresses of pages that other pages and components link to, so that a link never means
//! importing the page it leads to.

use beian_flow::session as session_flow;

/// The address of an order's receipt.
pub fn receipt_href(order_id: &str) -> String {
    format!("/receipts/{}", js_sys::encode_uri_component(order_id))
}

/// The violations list's address for a vehicle filter (`""`: all vehicles) and tab.
pub fn violations_href(vehicle: &str, processed: bool) -> String {
    let mut query = Vec::new();
    if !vehicle.is_empty() {
        query.push(format!("vehicle={}", js_sys::encode_uri_component(vehicle)));
    }
    if processed {
        query.push("tab=processed".to_owned());
    }
    if query.is_empty() {
        "/violations".to_owned()
    } else {
        format!("/violations?{}", query.join("&"))
    }
}

/// The sign-in URL that returns to `next` afterwards; `expired` says the session ran out.
pub fn sign_in_href(next: &str, expired: bool) -> String {
    let mut href = String::from("/sign-in");
    let mut sep = '?';
    if let Some(next) = safe_next(next).filter(|n| n != "/") {
        href.push_str(&format!("?next={}", js_sys::encode_uri_component(&next)));
        sep = '&';
    }
    if expired {
        href.push(sep);
        href.push_str("expired=1");
    }
    href
}

/// Where to go for a return path from the address or from storage (`?next=`, the page a `401`
/// or [`RequireSession`](crate::components::require_session::RequireSession) left): the path,
/// query and fragment of `next` if it names a page on this site, else `None` (the caller goes
/// home). Every navigation to such a value goes through here.
///
/// A plain-text check is not enough: the URL parser the router uses drops tabs and newlines and
/// reads `\` as `/`, so `/<TAB>/evil.example` passes a "starts with one slash" test and then
/// leaves the site. So `next` is first pre-checked
/// ([`beian_flow::session::return_path_precheck`]), then parsed by the browser's own URL parser
/// against the page's origin; only a same-origin result counts, and only its path, query and
/// fragment (checked again: dot segments can make a path that starts with `//`) are used.
pub fn safe_next(next: &str) -> Option<String> {
    if !session_flow::return_path_precheck(next) {
        return None;
    }
    let origin = web_sys::window()?.location().origin().ok()?;
    let url = web_sys::Url::new_with_base(next, &origin).ok()?;
    if url.origin() != origin {
        return None;
    }
    let target = format!("{}{}{}", url.pathname(), url.search(), url.hash());
    session_flow::return_target_ok(&target).then_some(target)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn list_and_receipt_addresses_encode_what_they_carry() {
        assert_eq!(violations_href("", false), "/violations");
        assert_eq!(violations_href("", true), "/violations?tab=processed");
        assert_eq!(
            violations_href("v 1&x", true),
            "/violations?vehicle=v%201%26x&tab=processed"
        );
        assert_eq!(receipt_href("pay/1"), "/receipts/pay%2F1");
    }
}
