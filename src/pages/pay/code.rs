//! Step 2 (unprocessed violations): confirm by an SMS code sent to the signed-in user's own
//! phone. The code makes the penalty decisions (`POST /api/handling`, one idempotency key per
//! attempt, so a double tap or a retry after a dropped connection decides only once).

use std::rc::Rc;

use beian_contract::endpoint as ep;
use beian_contract::handling::{HandleRequest, HandlingCodeRequest, HandlingResult};
use beian_flow::sms::Screen;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::Step;
use super::use_payment;
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::countdown::now_ms;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::sms_code::{
    problem_text, use_sms_code, Answer, AskText, CodeScreenText, ResendText, SmsCode,
    SmsCodeScreen, SmsEvent, UseSmsCodeOptions, Verify,
};
use crate::format::yuan;
use crate::i18n::*;

/// The payment code screen's state: the code's hook and the refusals it shows.
#[derive(Clone, Copy)]
struct PaymentCode {
    /// The code's requests and state.
    sms: SmsCode,
    /// The violations cannot be handled now: back to the violations.
    blocked: RwSignal<bool>,
    /// The rules changed since the user agreed: read them again.
    rules_changed: RwSignal<bool>,
}

/// The payment code screen's state and actions.
fn use_payment_code() -> PaymentCode {
    let api = use_api();
    let flow = use_payment();
    let navigate = use_navigate();
    let blocked = RwSignal::new(false);
    let rules_changed = RwSignal::new(false);
    let send = move || {
        let body = HandlingCodeRequest {
            violation_ids: flow
                .with_untracked(|p| p.items.iter().map(|i| i.violation_id.clone()).collect()),
        };
        Some(Box::pin(async move { api.call(ep::HandlingCode, &[], &body).await }) as Answer<_>)
    };
    let verify = move || {
        let (challenge_id, rules_version, violation_ids) = flow.with_untracked(|p| {
            Some((
                p.challenge.as_ref()?.challenge_id.clone(),
                p.rules_version.clone()?,
                p.items
                    .iter()
                    .map(|i| i.violation_id.clone())
                    .collect::<Vec<_>>(),
            ))
        })?;
        Some(Box::new(move |code| {
            let mut key = Err(ApiFailure::NoRandomness);
            flow.update(|p| key = p.handling_attempt_key(new_idempotency_key));
            let key = key?;
            let body = HandleRequest {
                violation_ids,
                rules_version,
                challenge_id,
                code,
            };
            Ok(
                Box::pin(async move { api.call_with_key(ep::Handle, &[], &body, &key).await })
                    as Answer<_>,
            )
        }) as Verify<HandlingResult>)
    };
    let on_event = move |event: SmsEvent<HandlingResult>| match event {
        SmsEvent::Sent(c) => flow.update(|p| p.code_sent(&c, now_ms())),
        SmsEvent::Verified(r) => {
            flow.update(|p| p.decided(&r));
            navigate(Step::Check.path(), Default::default());
        }
        SmsEvent::AttemptSpent => flow.update(|p| p.handling_failed()),
        SmsEvent::Gone => blocked.set(true),
        SmsEvent::RulesChanged => {
            flow.update(|p| p.rules_version = None);
            rules_changed.set(true);
        }
        _ => {}
    };
    let sms = use_sms_code(UseSmsCodeOptions {
        screen: Screen::PaymentCode,
        code: flow.with_untracked(|p| p.code.clone()),
        sent: Signal::derive(move || flow.with(|p| p.challenge.is_some())),
        send: Rc::new(send),
        verify: Rc::new(verify),
        on_event: Rc::new(on_event),
    });
    Effect::new(move |_| {
        let c = sms.code.get();
        flow.update(|p| p.code = c);
    });
    PaymentCode {
        sms,
        blocked,
        rules_changed,
    }
}

/// The screen's words.
fn payment_code_text() -> (AskText, CodeScreenText) {
    let i18n = use_i18n();
    let flow = use_payment();
    let ask = AskText {
        lead: Signal::derive(move || t_string!(i18n, pay.code_send_lead).to_string()),
        send: Signal::derive(move || t_string!(i18n, pay.send_code).to_string()),
        sending: Signal::derive(move || t_string!(i18n, pay.sending).to_string()),
    };
    let code = CodeScreenText {
        sent: Signal::derive(move || {
            let phone = flow.with(|p| {
                p.challenge
                    .as_ref()
                    .map(|c| c.masked_phone.clone())
                    .unwrap_or_default()
            });
            t_string!(i18n, pay.code_sent, phone = phone).to_string()
        }),
        label: Signal::derive(move || t_string!(i18n, pay.code_label).to_string()),
        hint: Signal::derive(move || t_string!(i18n, pay.code_hint).to_string()),
        submit: Signal::derive(move || t_string!(i18n, pay.confirm_code).to_string()),
        submitting: Signal::derive(move || t_string!(i18n, pay.confirming).to_string()),
        resend: ResendText::sms_code(),
    };
    (ask, code)
}

/// The confirmation-code screen.
#[component]
pub fn CodeStep() -> impl IntoView {
    let i18n = use_i18n();
    let flow = use_payment();
    let PaymentCode {
        sms,
        blocked,
        rules_changed,
    } = use_payment_code();
    let (ask_text, text) = payment_code_text();
    let code_error = Signal::derive(move || {
        sms.problem
            .get()
            .map(|p| problem_text(Screen::PaymentCode, p))
    });
    let problems = Signal::derive(move || {
        let blocked = blocked
            .get()
            .then(|| t_string!(i18n, pay.not_handleable_now).to_string());
        let rules = rules_changed
            .get()
            .then(|| t_string!(i18n, pay.rules_changed).to_string());
        [
            ("blocked", blocked),
            ("rules-changed", rules),
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
    let summary =
        Memo::new(move |_| flow.with(|p| (p.items.len(), yuan(p.total().fen()), p.points())));

    // A memo: the code step is drawn again only when a code is first sent, not at each keystroke.
    let sent = Memo::new(move |_| flow.with(|p| p.challenge.is_some()));

    view! {
        <A href=Step::Rules.path() attr:class="back-link">{t!(i18n, pay.back)}</A>
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, pay.code_title)}</h1>
        <p class="lead">{move || {
            let (count, total, points) = summary.get();
            // English has a singular ("1 violation"); Chinese words both alike.
            if count == 1 {
                t_string!(i18n, pay.code_lead_one, total = total, points = points).to_string()
            } else {
                t_string!(i18n, pay.code_lead, count = count, total = total, points = points).to_string()
            }
        }}</p>
        <Show when=move || blocked.get()>
            <div class="notice notice--error" id="blocked" tabindex="-1">
                <p>{t!(i18n, pay.not_handleable_now)}</p>
                <p><A href="/violations">{t!(i18n, pay.back_to_violations)}</A></p>
            </div>
        </Show>
        <Show when=move || rules_changed.get()>
            <div class="notice notice--error" id="rules-changed" tabindex="-1">
                <p>{t!(i18n, pay.rules_changed)}</p>
                <p><A href=Step::Rules.path()>{t!(i18n, pay.read_rules_again)}</A></p>
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
            resend_at=Signal::derive(move || flow.with(|p| p.challenge.as_ref().map(|c| c.resend_at_ms)))
            sending=sms.sending
            submitting=sms.verifying
            on_send=sms.send
            on_submit=sms.verify
        />
    }
}
