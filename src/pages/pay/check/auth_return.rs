//! A host's silent web authorization comes back to the check page with `?code=…&state=…`
//! (Alipay: `auth_code`): read it once and strip it from the address at once.

use wasm_bindgen::JsValue;

/// Query parameters a host's authorization return adds (WeChat: `code`, `state`; Alipay:
/// `app_id`, `source`, `scope`, `auth_code`, `state`).
pub const AUTH_PARAMS: [&str; 6] = ["code", "auth_code", "state", "app_id", "source", "scope"];

/// A host's authorization return in this page's address: `(code, state)`, the code absent when
/// the user declined. Removes the parameters from the address at once (`history.replaceState`),
/// so that the code and state are in no history entry, bookmark or reload.
pub fn take_auth_return() -> Option<(Option<String>, String)> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    let params = url.search_params();
    let state = params.get("state")?;
    let code = params
        .get("code")
        .or_else(|| params.get("auth_code"))
        .filter(|c| !c.is_empty());
    for name in AUTH_PARAMS {
        params.delete(name);
    }
    let search = String::from(params.to_string());
    let clean = format!(
        "{}{}{}",
        url.pathname(),
        if search.is_empty() { "" } else { "?" },
        search
    );
    if let Ok(history) = window.history() {
        let kept = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&kept, "", Some(&clean));
    }
    Some((code, state))
}
