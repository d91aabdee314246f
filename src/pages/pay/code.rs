//! Step 2 (unprocessed violations): confirm by an SMS code sent to the signed-in user's own
//! phone. The code makes the penalty decisions (`POST /api/handling`, one idempotency key per
//! attempt, so a double tap or a retry after a dropped connection decides only once).

use beian_contract::handling::{HandleRequest, HandlingCodeRequest};
use beian_contract::{endpoint as ep, ErrorCode};
use beian_domain::parse_sms_code;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::Step;
use super::use_payment;
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::countdown::now_ms;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::sms_code::{CodeProblem, CodeScreenText, SendThenEnterCode};
use crate::i18n::*;
use crate::pages::violations::yuan;

fn code_text(p: &CodeProblem) -> String {
    let i18n = use_i18n();
    match p {
        CodeProblem::Empty => t_string!(i18n, errors.code_empty).to_string(),
        CodeProblem::Invalid => t_string!(i18n, errors.code_invalid).to_string(),
        CodeProblem::Wrong(Some(tries)) => {
            t_string!(i18n, errors.code_wrong, tries = *tries).to_string()
        }
        CodeProblem::Wrong(None) => t_string!(i18n, errors.code_wrong_no_count).to_string(),
        CodeProblem::Expired => t_string!(i18n, errors.code_expired).to_string(),
        CodeProblem::Exhausted => t_string!(i18n, errors.code_exhausted).to_string(),
        CodeProblem::Unknown => t_string!(i18n, errors.challenge_unknown).to_string(),
    }
}

/// The confirmation-code screen.
#[component]
pub fn CodeStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let flow = use_payment();
    let navigate = use_navigate();
    let code = RwSignal::new(flow.with_untracked(|p| p.code.clone()));
    let code_problem = RwSignal::new(None::<CodeProblem>);
    let blocked = RwSignal::new(false);
    let rules_changed = RwSignal::new(false);
    let rate_limited = RwSignal::new(None::<u32>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let last_request = RwSignal::new(None::<&'static str>);

    Effect::new(move |_| {
        let c = code.get();
        flow.update(|p| p.code = c);
    });

    let send = Action::new_local(move |ids: &Vec<String>| {
        let body = HandlingCodeRequest {
            violation_ids: ids.clone(),
        };
        async move { api.call(ep::HandlingCode, &[], &body).await }
    });
    Effect::new(move |_| {
        let Some(result) = send.value().get() else {
            return;
        };
        match result {
            Ok(c) => {
                code.set(String::new());
                code_problem.set(None);
                flow.update(|p| p.code_sent(&c, now_ms()));
            }
            Err(f) => match f.code() {
                Some(ErrorCode::TooFrequent) => rate_limited.set(Some(match &f {
                    ApiFailure::Api { error, .. } => error.retry_after_s.unwrap_or(60),
                    _ => 60,
                })),
                Some(ErrorCode::NotHandleable | ErrorCode::NotFound) => blocked.set(true),
                _ => failure.set(Some(f)),
            },
        }
    });
    let send_code = move || {
        failure.set(None);
        rate_limited.set(None);
        last_request.set(Some("send"));
        send.dispatch(
            flow.with_untracked(|p| p.items.iter().map(|i| i.violation_id.clone()).collect()),
        );
    };

    let handle = Action::new_local(move |(body, key): &(HandleRequest, String)| {
        let (body, key) = (body.clone(), key.clone());
        async move { api.call_with_key(ep::Handle, &[], &body, &key).await }
    });
    Effect::new(move |_| {
        let Some(result) = handle.value().get() else {
            return;
        };
        match result {
            Ok(r) => {
                flow.update(|p| p.decided(&r));
                navigate(Step::Check.path(), Default::default());
            }
            Err(f) => {
                if let Some(p) = CodeProblem::from_failure(&f) {
                    flow.update(|p| p.handling_failed());
                    code_problem.set(Some(p));
                } else {
                    match f.code() {
                        Some(ErrorCode::NotHandleable | ErrorCode::NotFound) => {
                            flow.update(|p| p.handling_failed());
                            blocked.set(true);
                        }
                        Some(ErrorCode::RulesNotAgreed) => {
                            flow.update(|p| {
                                p.handling_failed();
                                p.rules_version = None;
                            });
                            rules_changed.set(true);
                        }
                        // Network, timeout, server: the same attempt (same key) is retried.
                        _ => failure.set(Some(f)),
                    }
                }
            }
        }
    });
    let submit = move || {
        failure.set(None);
        last_request.set(Some("handle"));
        let Some((challenge_id, rules_version, ids)) = flow.with_untracked(|p| {
            Some((
                p.challenge.as_ref()?.challenge_id.clone(),
                p.rules_version.clone()?,
                p.items
                    .iter()
                    .map(|i| i.violation_id.clone())
                    .collect::<Vec<_>>(),
            ))
        }) else {
            return;
        };
        match parse_sms_code(&code.get_untracked()) {
            Ok(c) => {
                code_problem.set(None);
                code.set(c.as_str().to_owned());
                let mut key = Err(ApiFailure::NoRandomness);
                flow.update(|p| key = p.handling_attempt_key(new_idempotency_key));
                let key = match key {
                    Ok(key) => key,
                    Err(f) => return failure.set(Some(f)),
                };
                let body = HandleRequest {
                    violation_ids: ids,
                    rules_version,
                    challenge_id,
                    code: c.as_str().to_owned(),
                };
                handle.dispatch((body, key));
            }
            Err(e) => code_problem.set(Some(CodeProblem::from_input(&e))),
        }
    };

    let code_error = Signal::derive(move || code_problem.get().as_ref().map(code_text));
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if blocked.get() {
            list.push(Problem {
                target: "blocked",
                message: t_string!(i18n, pay.not_handleable_now).to_string(),
            });
        }
        if rules_changed.get() {
            list.push(Problem {
                target: "rules-changed",
                message: t_string!(i18n, pay.rules_changed).to_string(),
            });
        }
        if let Some(message) = code_error.get() {
            list.push(Problem {
                target: "code",
                message,
            });
        }
        list
    });
    let challenge = Memo::new(move |_| flow.with(|p| p.challenge.clone()));
    let resend_at =
        Signal::derive(move || flow.with(|p| p.challenge.as_ref().map(|c| c.resend_at_ms)));
    let summary =
        Memo::new(move |_| flow.with(|p| (p.items.len(), yuan(p.total().fen()), p.points())));

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
        <FailureNotice
            failure=failure
            on_retry=Callback::new(move |()| if last_request.get_untracked() == Some("send") { send_code() } else { submit() })
        />
        {move || rate_limited.get().map(|s| view! {
            <p class="notice notice--warning" role="alert">{t!(i18n, errors.too_frequent, seconds = s)}</p>
        })}
        <SendThenEnterCode
            sent=Signal::derive(move || challenge.with(Option::is_some))
            text=CodeScreenText {
                lead: Signal::derive(move || t_string!(i18n, pay.code_send_lead).to_string()),
                send: Signal::derive(move || t_string!(i18n, pay.send_code).to_string()),
                sending: Signal::derive(move || t_string!(i18n, pay.sending).to_string()),
                sent: Signal::derive(move || {
                    let phone = challenge.with(|c| c.as_ref().map(|c| c.masked_phone.clone()).unwrap_or_default());
                    t_string!(i18n, pay.code_sent, phone = phone).to_string()
                }),
                label: Signal::derive(move || t_string!(i18n, pay.code_label).to_string()),
                hint: Signal::derive(move || t_string!(i18n, pay.code_hint).to_string()),
                submit: Signal::derive(move || t_string!(i18n, pay.confirm_code).to_string()),
                submitting: Signal::derive(move || t_string!(i18n, pay.confirming).to_string()),
            }
            error=code_error
            value=code
            resend_at=resend_at
            sending=Signal::derive(move || send.pending().get())
            submitting=Signal::derive(move || handle.pending().get())
            on_send=Callback::new(move |()| send_code())
            on_submit=Callback::new(move |()| submit())
        />
    }
}
