//! Step 3: the owner's consent. Shows the vehicle found (plate, the owner's masked phone), sends
//! the owner a code, and creates the filing application with the code the owner passes on.
//! The creation carries one idempotency key per attempt, kept in the wizard, so a double tap or
//! a retry after a dropped connection never applies twice.

use std::rc::Rc;

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::{CreateFiling, Filing};
use beian_flow::sms::Screen;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{flow_error_text, use_wizard, BackLink};
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::countdown::now_ms;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::sms_code::{
    problem_text, use_sms_code, Answer, AskText, CodeScreenText, ResendText, SmsCode,
    SmsCodeScreen, SmsEvent, UseSmsCodeOptions, Verify,
};
use crate::i18n::*;

/// The owner's code screen's state: the code's hook and the refusals it shows.
#[derive(Clone, Copy)]
struct OwnerCode {
    /// The code's requests and state.
    sms: SmsCode,
    /// A rule of the service refused the filing.
    blocked: RwSignal<Option<ApiFailure>>,
    /// The vehicle match is gone: look the vehicle up again.
    match_gone: RwSignal<bool>,
}

/// The owner's code screen's state and actions.
fn use_owner_code() -> OwnerCode {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let blocked = RwSignal::new(None::<ApiFailure>);
    let match_gone = RwSignal::new(false);
    let send = move || {
        let match_id = wizard.with_untracked(|w| w.found.as_ref().map(|f| f.match_id.clone()))?;
        Some(
            Box::pin(async move { api.call(ep::FilingOwnerCode, &[&match_id], &NoBody).await })
                as Answer<_>,
        )
    };
    let verify = move || {
        blocked.set(None);
        // The request as crates/flow builds it for this method; nothing to verify without a
        // match and a code sent.
        let request = wizard.with_untracked(|w| w.create_request(""))?;
        Some(Box::new(move |code| {
            let mut key = Err(ApiFailure::NoRandomness);
            wizard.update(|w| key = w.attempt_key(new_idempotency_key));
            let key = key?;
            let body = CreateFiling { code, ..request };
            Ok(
                Box::pin(async move { api.call_with_key(ep::CreateFiling, &[], &body, &key).await })
                    as Answer<_>,
            )
        }) as Verify<Filing>)
    };
    let on_event = move |event: SmsEvent<Filing>| match event {
        SmsEvent::Sent(c) => wizard.update(|w| w.code_sent(&c, now_ms())),
        SmsEvent::Verified(filing) => {
            wizard.update(|w| w.filed(&filing));
            navigate(
                wizard.with_untracked(|w| w.furthest()).path(),
                Default::default(),
            );
        }
        SmsEvent::AttemptSpent => wizard.update(|w| w.attempt_failed()),
        SmsEvent::Gone => match_gone.set(true),
        SmsEvent::Refused(f) => blocked.set(Some(f)),
        _ => {}
    };
    let sms = use_sms_code(UseSmsCodeOptions {
        screen: Screen::OwnerCode,
        code: wizard.with_untracked(|w| w.code.clone()),
        sent: Signal::derive(move || wizard.with(|w| w.challenge.is_some())),
        send: Rc::new(send),
        verify: Rc::new(verify),
        on_event: Rc::new(on_event),
    });
    Effect::new(move |_| {
        let c = sms.code.get();
        wizard.update(|w| w.code = c);
    });
    OwnerCode {
        sms,
        blocked,
        match_gone,
    }
}

/// The screen's words.
fn owner_code_text() -> (AskText, CodeScreenText) {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let ask = AskText {
        lead: Signal::derive(move || t_string!(i18n, filing.owner_lead).to_string()),
        send: Signal::derive(move || t_string!(i18n, filing.send_owner_code).to_string()),
        sending: Signal::derive(move || t_string!(i18n, filing.sending).to_string()),
    };
    let code = CodeScreenText {
        sent: Signal::derive(move || {
            let phone = wizard.with(|w| {
                w.challenge
                    .as_ref()
                    .map(|c| c.masked_phone.clone())
                    .unwrap_or_default()
            });
            t_string!(i18n, filing.owner_code_sent, phone = phone).to_string()
        }),
        label: Signal::derive(move || t_string!(i18n, filing.owner_code_label).to_string()),
        hint: Signal::derive(move || t_string!(i18n, filing.owner_code_hint).to_string()),
        submit: Signal::derive(move || t_string!(i18n, filing.submit_application).to_string()),
        submitting: Signal::derive(move || t_string!(i18n, filing.submitting).to_string()),
        resend: ResendText::sms_code(),
    };
    (ask, code)
}

/// The owner's code screen.
#[component]
pub fn OwnerCodeStep() -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let OwnerCode {
        sms,
        blocked,
        match_gone,
    } = use_owner_code();
    let (ask_text, text) = owner_code_text();
    let code_error = Signal::derive(move || {
        sms.problem
            .get()
            .map(|p| problem_text(Screen::OwnerCode, p))
    });
    let blocked_text = Signal::derive(move || blocked.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        let gone = match_gone
            .get()
            .then(|| t_string!(i18n, filing.match_gone).to_string());
        [
            ("blocked", blocked_text.get()),
            ("look-up-again", gone),
            ("code", code_error.get()),
        ]
        .into_iter()
        .filter_map(|(target, message)| {
            Some(Problem {
                target,
                message: message?,
            })
        })
        .collect::<Vec<_>>()
    });
    let found = Memo::new(move |_| wizard.with(|w| w.found.clone()));

    // A memo: the code step is drawn again only when a code is first sent, not at each keystroke.
    let sent = Memo::new(move |_| wizard.with(|w| w.challenge.is_some()));

    view! {
        {move || view! { <BackLink to=wizard.with(|w| w.before_owner_code()) /> }}
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.owner_title)}</h1>
        {move || found.get().map(|f| view! {
            <dl class="summary card">
                <div><dt>{t!(i18n, filing.summary_plate)}</dt><dd class="plate">{f.plate_number.clone()}</dd></div>
                <div><dt>{t!(i18n, filing.summary_owner_phone)}</dt><dd>{f.masked_owner_phone.clone()}</dd></div>
            </dl>
        })}
        {move || blocked_text.get().map(|text| view! {
            <div class="notice notice--error" id="blocked" tabindex="-1">
                <p>{text}</p>
                <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
            </div>
        })}
        <Show when=move || match_gone.get()>
            <div class="notice notice--error">
                <p>{t!(i18n, filing.match_gone)}</p>
                <button type="button" id="look-up-again" class="button button--secondary" on:click=move |_| wizard.update(|w| w.forget_match())>
                    {t!(i18n, filing.look_up_again)}
                </button>
            </div>
        </Show>
        <FailureNotice failure=sms.failure on_retry=sms.retry />
        {move || sms.wait.get().map(|w| view! {
            <p class="notice notice--warning" role="alert">{t!(i18n, errors.too_frequent, seconds = w.seconds)}</p>
        })}
        <SmsCodeScreen
            sent=sent
            ask_text=ask_text
            text=text
            error=code_error
            value=sms.code
            resend_at=Signal::derive(move || wizard.with(|w| w.challenge.as_ref().map(|c| c.resend_at_ms)))
            sending=sms.sending
            submitting=sms.verifying
            on_send=sms.send
            on_submit=sms.verify
        />
    }
}
