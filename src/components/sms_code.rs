//! Entering an SMS code: one numeric field with the one-time-code autofill hint that accepts a
//! pasted message (the 6-digit code is picked out of it with `parse_sms_code`), and the resend
//! button behind a countdown. Used wherever a code is asked for (owner's consent, payments).

use beian_contract::ErrorCode;
use beian_domain::{parse_sms_code, SmsCodeError};
use leptos::prelude::*;

use crate::api::ApiFailure;

use crate::components::countdown::use_seconds_left;
use crate::i18n::*;

/// What is wrong with an entered SMS code. Each page words these for its own code (the
/// user's, the owner's); which problem it is is decided here, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    /// Nothing entered.
    Empty,
    /// Not a 6-digit code (or the server said the field is malformed).
    Invalid,
    /// Wrong code; tries left when the server said.
    Wrong(Option<u8>),
    /// Older than 5 minutes.
    Expired,
    /// Five wrong tries voided it.
    Exhausted,
    /// The challenge is unknown or already used.
    Unknown,
}

impl CodeProblem {
    /// The problem with what was typed, from the domain parser's refusal.
    pub fn from_input(error: &SmsCodeError) -> Self {
        match error {
            SmsCodeError::Empty => Self::Empty,
            _ => Self::Invalid,
        }
    }

    /// The problem with the code when the API refused it for the code's sake; `None` for
    /// every other failure (network, server, limits…), which the page explains otherwise.
    pub fn from_failure(failure: &ApiFailure) -> Option<Self> {
        match (failure, failure.code()?) {
            (ApiFailure::Api { error, .. }, ErrorCode::CodeWrong) => {
                Some(Self::Wrong(error.tries_left))
            }
            (_, ErrorCode::CodeExpired) => Some(Self::Expired),
            (_, ErrorCode::CodeExhausted) => Some(Self::Exhausted),
            (_, ErrorCode::ChallengeUnknown) => Some(Self::Unknown),
            // Only when the server blames the code itself: another field's refusal is not the code's.
            (_, ErrorCode::Validation) if failure.field() == Some("code") => Some(Self::Invalid),
            _ => None,
        }
    }
}

/// A code field with paste support and a "send again in N s" countdown.
#[component]
pub fn SmsCodeField(
    /// Element id of the input; also the target of error-summary links.
    id: &'static str,
    /// Visible label text.
    #[prop(into)]
    label: Signal<String>,
    /// Hint under the label.
    #[prop(into)]
    hint: Signal<String>,
    /// Inline error message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The code as typed, two-way bound.
    value: RwSignal<String>,
    /// When another code may be asked for (ms since the epoch); `None` allows it now.
    #[prop(into)]
    resend_at: Signal<Option<f64>>,
    /// Asks for another code.
    on_resend: Callback<()>,
    /// Disables the resend button while a request is in flight.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let resend_in = use_seconds_left(resend_at);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text").ok())
            .unwrap_or_default();
        if let Ok(code) = parse_sms_code(&text) {
            ev.prevent_default();
            value.set(code.as_str().to_owned());
        }
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label class="field__label" for=id>{label}</label>
            <p class="field__hint" id=hint_id.clone()>{hint}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="field__error" id=error_id.clone()>{move || error.get()}</p>
            </Show>
            <input
                class="field__input field__input--code"
                id=id
                name=id
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                spellcheck="false"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:paste=on_paste
            />
        </div>
        <div class="resend">
            {move || if resend_in.get() > 0 {
                view! { <p class="hint" aria-live="off">{t!(i18n, sms_code.resend_in, seconds = resend_in.get())}</p> }.into_any()
            } else {
                view! {
                    <button type="button" class="button button--secondary" disabled=move || busy.get() on:click=move |_| on_resend.run(())>
                        {t!(i18n, sms_code.resend)}
                    </button>
                }.into_any()
            }}
        </div>
    }
}

/// The words of a [`SendThenEnterCode`] screen, already in the user's language.
#[derive(Clone, Copy)]
pub struct CodeScreenText {
    /// Shown before the code is sent: who gets it and why.
    pub lead: Signal<String>,
    /// The send button.
    pub send: Signal<String>,
    /// The send button while sending.
    pub sending: Signal<String>,
    /// The status once sent (names the masked phone).
    pub sent: Signal<String>,
    /// The code field's label.
    pub label: Signal<String>,
    /// The code field's hint.
    pub hint: Signal<String>,
    /// The submit button.
    pub submit: Signal<String>,
    /// The submit button while submitting.
    pub submitting: Signal<String>,
}

/// The two states of a screen that asks for an SMS code: first a button that sends it, then the
/// code field (with resend) and a submit button. Errors and notices stay with the page.
#[component]
pub fn SendThenEnterCode(
    /// Whether a code has been sent (then the field shows).
    #[prop(into)]
    sent: Signal<bool>,
    /// The screen's words.
    text: CodeScreenText,
    /// Inline error of the code field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The code as typed, two-way bound.
    value: RwSignal<String>,
    /// When another code may be asked for (ms since the epoch).
    #[prop(into)]
    resend_at: Signal<Option<f64>>,
    /// A send request is in flight.
    #[prop(into)]
    sending: Signal<bool>,
    /// A submission is in flight.
    #[prop(into)]
    submitting: Signal<bool>,
    /// Sends (or sends again) the code.
    on_send: Callback<()>,
    /// Submits the code.
    on_submit: Callback<()>,
) -> impl IntoView {
    let busy = Signal::derive(move || sending.get() || submitting.get());
    view! {
        {move || if !sent.get() {
            view! {
                <p>{text.lead}</p>
                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| on_send.run(())>
                    {move || if sending.get() { text.sending.get() } else { text.send.get() }}
                </button>
            }.into_any()
        } else {
            view! {
                <p class="notice notice--info" role="status">{text.sent}</p>
                <form novalidate on:submit=move |ev| { ev.prevent_default(); on_submit.run(()); }>
                    <SmsCodeField
                        id="code"
                        label=text.label
                        hint=text.hint
                        error=error
                        value=value
                        resend_at=resend_at
                        on_resend=on_send
                        busy=busy
                    />
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || if submitting.get() { text.submitting.get() } else { text.submit.get() }}
                    </button>
                </form>
            }.into_any()
        }}
    }
}
