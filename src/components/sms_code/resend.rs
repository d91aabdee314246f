//! "Send a new code", behind the countdown to when the server allows it.

use leptos::prelude::*;

use crate::components::countdown::use_seconds_left;
use crate::i18n::*;

/// The words of [`Resend`], already in the user's language.
#[derive(Clone, Copy)]
pub struct ResendText {
    /// The button.
    pub button: Signal<String>,
    /// The countdown, from the seconds left.
    pub wait: Callback<u32, String>,
}

/// The countdown while another code may not be asked for, then the button that asks for it.
#[component]
pub fn Resend(
    /// When another code may be asked for (ms since the epoch); `None` allows it now.
    #[prop(into)]
    resend_at: Signal<Option<f64>>,
    /// The words.
    text: ResendText,
    /// Disables the button while a request is in flight.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asks for another code.
    on_resend: Callback<()>,
) -> impl IntoView {
    let resend_in = use_seconds_left(resend_at);
    move || {
        if resend_in.get() > 0 {
            view! { <p class="hint" aria-live="off">{move || text.wait.run(resend_in.get())}</p> }
                .into_any()
        } else {
            view! {
                <button type="button" class="button button--secondary" disabled=move || busy.get() on:click=move |_| on_resend.run(())>
                    {text.button}
                </button>
            }
            .into_any()
        }
    }
}

impl ResendText {
    /// The usual words: "send a new code" and "you can send a new code in N s".
    pub fn sms_code() -> Self {
        let i18n = use_i18n();
        Self {
            button: Signal::derive(move || t_string!(i18n, sms_code.resend).to_string()),
            wait: Callback::new(move |seconds: u32| {
                t_string!(i18n, sms_code.resend_in, seconds = seconds).to_string()
            }),
        }
    }
}
