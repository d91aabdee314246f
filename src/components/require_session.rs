//! Pages that need a signed-in user wrap their content in [`RequireSession`]: without a session
//! the user goes to sign-in, and comes back here afterwards.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::links::sign_in_href;
use crate::session::use_session;

/// Renders its children only for a signed-in user; otherwise redirects to sign-in with a
/// return path.
#[component]
pub fn RequireSession(
    /// The protected content.
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        // A 401 already sent the user to sign-in (with `expired`): do not redirect over it.
        let on_sign_in = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .is_some_and(|p| p.starts_with("/sign-in"));
        if !session.is_signed_in() && !on_sign_in {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            navigate(&sign_in_href(&here, false), Default::default());
        }
    });
    view! { <Show when=move || session.is_signed_in()>{children()}</Show> }
}
