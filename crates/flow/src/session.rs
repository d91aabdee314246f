//! The signed-in session and a pending sign-in code, as the app keeps them in a tab: only an
//! opaque token, opaque ids and masked phone numbers.

use serde::{Deserialize, Serialize};

/// What the app keeps about a signed-in user. Only masked data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// Opaque bearer token issued by the API.
    pub token: String,
    /// The user's phone, masked (138****1234), for display.
    pub masked_phone: String,
}

/// A sign-in code challenge waiting for its code; nothing personal (the number is masked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInPending {
    /// Opaque challenge id.
    pub challenge_id: String,
    /// Where the code went, masked.
    pub masked_phone: String,
    /// When another code may be asked for (ms since the epoch).
    pub resend_at_ms: f64,
    /// When the code expires (ms since the epoch).
    pub expires_at_ms: f64,
}

/// First check of a return path (`/sign-in?next=…`), before the browser's URL parser has the
/// last word (the app parses what passes against the page's origin and compares origins).
/// Accepts only a path on this site written plainly: it starts with one `/`, holds no ASCII
/// control character, space or backslash anywhere (a URL parser drops tabs and newlines and reads
/// `\` as `/`, which is how `/<TAB>/evil.example` becomes `//evil.example`), and is not the
/// sign-in page itself. Everything else sends the user home.
pub fn return_path_precheck(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\')
        && !is_sign_in(next)
}

/// Final check of the path, query and fragment the browser's parser made of a same-origin return
/// path, before the router navigates to it: it must still be a plain path (dot segments can turn
/// `/a/..//evil.example` into the path `//evil.example`, which a router reads as another host).
pub fn return_target_ok(target: &str) -> bool {
    return_path_precheck(target)
}

fn is_sign_in(path: &str) -> bool {
    let p = path
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    p == "/sign-in" || p.starts_with("/sign-in/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_return_path_is_a_plain_path_on_this_site() {
        for ok in [
            "/",
            "/violations",
            "/file/vehicle?x=1#y",
            "/messages?tab=unread",
            "/a%2F%2Fb",
            "/signing",
        ] {
            assert!(return_path_precheck(ok), "{ok:?} should pass");
        }
        for bad in [
            "",
            "violations",
            "//evil.example/x",
            "/\\evil.example",
            "/\t/evil.example/phish",
            "/\n/evil.example",
            "/\r/evil.example",
            "/x\t",
            " /x",
            "/x y",
            "/x\u{7f}",
            "/\0",
            "https://evil.example/",
            "javascript:alert(1)",
            "/x\\..\\..\\evil",
            "/sign-in",
            "/sign-in?next=/x",
            "/SIGN-IN#a",
            "/sign-in/",
        ] {
            assert!(!return_path_precheck(bad), "{bad:?} should be refused");
        }
        assert!(
            !return_target_ok("//evil.example/phish"),
            "a parsed path that starts with // is another host to a router"
        );
    }
}
