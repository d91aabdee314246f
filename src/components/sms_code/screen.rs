//! The two states of a screen that asks for an SMS code: first the ask (a lead and a button that
//! sends the code, or the page's own form), then the code field with resend and a submit button.
//! Errors and notices stay with the page.

use leptos::prelude::*;

use super::field::SmsCodeField;
use super::resend::{Resend, ResendText};

/// The words of the default ask (before a code is sent), already in the user's language.
#[derive(Clone, Copy)]
pub struct AskText {
    /// Who gets the code and why.
    pub lead: Signal<String>,
    /// The send button.
    pub send: Signal<String>,
    /// The send button while sending.
    pub sending: Signal<String>,
}

/// The words of the code step, already in the user's language.
#[derive(Clone, Copy)]
pub struct CodeScreenText {
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
    /// "Send a new code" and its countdown.
    pub resend: ResendText,
}

/// Where "send a new code" sits on the code step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResendPlace {
    /// Under the code field, above the submit button.
    #[default]
    UnderField,
    /// Below the form, first of the step's actions.
    BelowForm,
}

/// A screen that asks for an SMS code: the ask until a code is sent, then the code step.
#[component]
pub fn SmsCodeScreen(
    /// Whether a code has been sent (then the code step shows).
    #[prop(into)]
    sent: Signal<bool>,
    /// The default ask's words: a lead and a send button. Ignored when `ask` is given.
    #[prop(optional)]
    ask_text: Option<AskText>,
    /// The page's own ask (e.g. the sign-in number form) instead of the lead and send button.
    #[prop(optional, into)]
    ask: Option<ViewFn>,
    /// The code step's words.
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
    /// Sends the code (the default ask's button; also "send a new code" unless `on_resend`).
    on_send: Callback<()>,
    /// "Send a new code", when it does more than `on_send`.
    #[prop(optional)]
    on_resend: Option<Callback<()>>,
    /// Submits the code.
    on_submit: Callback<()>,
    /// Where "send a new code" sits.
    #[prop(optional)]
    resend_place: ResendPlace,
    /// More actions below the form (e.g. "change the number").
    #[prop(optional, into)]
    actions: Option<ViewFn>,
) -> impl IntoView {
    let busy = Signal::derive(move || sending.get() || submitting.get());
    let on_resend = on_resend.unwrap_or(on_send);
    let resend = move || view! { <Resend resend_at=resend_at text=text.resend busy=busy on_resend=on_resend /> };
    let ask = ask.unwrap_or_else(|| {
        let AskText { lead, send, sending: sending_text } = ask_text.expect("SmsCodeScreen needs ask or ask_text");
        ViewFn::from(move || view! {
            <p>{lead}</p>
            <button type="button" class="button" disabled=move || busy.get() on:click=move |_| on_send.run(())>
                {move || if sending.get() { sending_text.get() } else { send.get() }}
            </button>
        })
    });
    let below = resend_place == ResendPlace::BelowForm;
    let actions = StoredValue::new(actions);
    view! {
        {move || if !sent.get() {
            ask.run()
        } else {
            view! {
                <p class="notice notice--info" role="status">{text.sent}</p>
                <form novalidate on:submit=move |ev| { ev.prevent_default(); on_submit.run(()); }>
                    <SmsCodeField id="code" label=text.label hint=text.hint error=error value=value />
                    {(!below).then(|| view! { <div class="resend">{resend()}</div> })}
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || if submitting.get() { text.submitting.get() } else { text.submit.get() }}
                    </button>
                </form>
                {(below || actions.with_value(Option::is_some)).then(|| view! {
                    <div class="actions">
                        {below.then(resend)}
                        {actions.with_value(|a| a.as_ref().map(ViewFn::run))}
                    </div>
                })}
            }.into_any()
        }}
    }
}
