//! Step 3: the owner's consent. Shows the vehicle found (plate, the owner's masked phone), sends
//! the owner a code, and creates the filing application with the code the owner passes on.
//! The creation carries one idempotency key per attempt, kept in the wizard, so a double tap or
//! a retry after a dropped connection never applies twice.

use beian_contract::filing::{CreateFiling, Filing};
use beian_contract::{paths, session::SmsChallenge, ErrorCode};
use beian_domain::parse_sms_code;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{flow_error_text, use_wizard, BackLink};
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::countdown::now_ms;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::sms_code::{CodeProblem, CodeScreenText, SendThenEnterCode};
use crate::i18n::*;

fn code_text(p: &CodeProblem) -> String {
    let i18n = use_i18n();
    match p {
        CodeProblem::Empty => t_string!(i18n, errors.code_empty).to_string(),
        CodeProblem::Invalid => t_string!(i18n, errors.code_invalid).to_string(),
        CodeProblem::Wrong(Some(tries)) => {
            t_string!(i18n, filing.owner_code_wrong, tries = *tries).to_string()
        }
        CodeProblem::Wrong(None) => t_string!(i18n, errors.code_wrong_no_count).to_string(),
        CodeProblem::Expired => t_string!(i18n, filing.owner_code_expired).to_string(),
        CodeProblem::Exhausted => t_string!(i18n, filing.owner_code_exhausted).to_string(),
        CodeProblem::Unknown => t_string!(i18n, errors.challenge_unknown).to_string(),
    }
}

/// The owner's code screen.
#[component]
pub fn OwnerCodeStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let code = RwSignal::new(wizard.with_untracked(|w| w.code.clone()));
    let code_problem = RwSignal::new(None::<CodeProblem>);
    let blocked = RwSignal::new(None::<ApiFailure>);
    let match_gone = RwSignal::new(false);
    let rate_limited = RwSignal::new(None::<u32>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let last_request = RwSignal::new(None::<&'static str>);

    Effect::new(move |_| {
        let c = code.get();
        wizard.update(|w| w.code = c);
    });

    let send = Action::new_local(move |match_id: &String| {
        let path = paths::fill(paths::FILING_OWNER_CODE, &[match_id]);
        async move { api.post::<_, SmsChallenge>(&path?, &()).await }
    });
    Effect::new(move |_| {
        let Some(result) = send.value().get() else {
            return;
        };
        match result {
            Ok(c) => {
                code.set(String::new());
                code_problem.set(None);
                wizard.update(|w| w.code_sent(&c, now_ms()));
            }
            Err(f) => match f.code() {
                Some(ErrorCode::TooFrequent) => rate_limited.set(Some(match &f {
                    ApiFailure::Api { error, .. } => error.retry_after_s.unwrap_or(60),
                    _ => 60,
                })),
                Some(ErrorCode::NotFound) => match_gone.set(true),
                _ => failure.set(Some(f)),
            },
        }
    });
    let send_code = move || {
        failure.set(None);
        rate_limited.set(None);
        last_request.set(Some("send"));
        if let Some(id) = wizard.with_untracked(|w| w.found.as_ref().map(|f| f.match_id.clone())) {
            send.dispatch(id);
        }
    };

    let create = Action::new_local(move |(body, key): &(CreateFiling, String)| {
        let (body, key) = (body.clone(), key.clone());
        async move {
            api.post_idempotent::<_, Filing>(paths::FILINGS, &body, &key)
                .await
        }
    });
    Effect::new(move |_| {
        let Some(result) = create.value().get() else {
            return;
        };
        match result {
            Ok(filing) => {
                wizard.update(|w| w.filed(&filing));
                let next = wizard.with_untracked(|w| w.furthest());
                navigate(next.path(), Default::default());
            }
            Err(f) => {
                if let Some(p) = CodeProblem::from_failure(&f) {
                    wizard.update(|w| w.attempt_failed());
                    code_problem.set(Some(p));
                } else if f.code() == Some(&ErrorCode::NotFound) {
                    wizard.update(|w| w.attempt_failed());
                    match_gone.set(true);
                } else if flow_error_text(&f).is_some() {
                    wizard.update(|w| w.attempt_failed());
                    blocked.set(Some(f));
                } else {
                    // Network, timeout, server: the same attempt (same key) is retried.
                    failure.set(Some(f));
                }
            }
        }
    });
    let submit = move || {
        failure.set(None);
        blocked.set(None);
        last_request.set(Some("create"));
        if wizard.with_untracked(|w| w.create_request("").is_none()) {
            return;
        }
        match parse_sms_code(&code.get_untracked()) {
            Ok(c) => {
                code_problem.set(None);
                code.set(c.as_str().to_owned());
                let mut key = Err(ApiFailure::NoRandomness);
                wizard.update(|w| key = w.attempt_key(new_idempotency_key));
                let key = match key {
                    Ok(key) => key,
                    Err(f) => return failure.set(Some(f)),
                };
                if let Some(body) = wizard.with_untracked(|w| w.create_request(c.as_str())) {
                    create.dispatch((body, key));
                }
            }
            Err(e) => code_problem.set(Some(CodeProblem::from_input(&e))),
        }
    };
    let look_up_again = move |_| {
        wizard.update(|w| w.forget_match());
    };

    let code_error = Signal::derive(move || code_problem.get().as_ref().map(code_text));
    let blocked_text = Signal::derive(move || blocked.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = blocked_text.get() {
            list.push(Problem {
                target: "blocked",
                message,
            });
        }
        if match_gone.get() {
            list.push(Problem {
                target: "look-up-again",
                message: t_string!(i18n, filing.match_gone).to_string(),
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
    let found = Memo::new(move |_| wizard.with(|w| w.found.clone()));
    let challenge = Memo::new(move |_| wizard.with(|w| w.challenge.clone()));
    let resend_at =
        Signal::derive(move || wizard.with(|w| w.challenge.as_ref().map(|c| c.resend_at_ms)));

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
                <button type="button" id="look-up-again" class="button button--secondary" on:click=look_up_again>
                    {t!(i18n, filing.look_up_again)}
                </button>
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
                lead: Signal::derive(move || t_string!(i18n, filing.owner_lead).to_string()),
                send: Signal::derive(move || t_string!(i18n, filing.send_owner_code).to_string()),
                sending: Signal::derive(move || t_string!(i18n, filing.sending).to_string()),
                sent: Signal::derive(move || {
                    let phone = challenge.with(|c| c.as_ref().map(|c| c.masked_phone.clone()).unwrap_or_default());
                    t_string!(i18n, filing.owner_code_sent, phone = phone).to_string()
                }),
                label: Signal::derive(move || t_string!(i18n, filing.owner_code_label).to_string()),
                hint: Signal::derive(move || t_string!(i18n, filing.owner_code_hint).to_string()),
                submit: Signal::derive(move || t_string!(i18n, filing.submit_application).to_string()),
                submitting: Signal::derive(move || t_string!(i18n, filing.submitting).to_string()),
            }
            error=code_error
            value=code
            resend_at=resend_at
            sending=Signal::derive(move || send.pending().get())
            submitting=Signal::derive(move || create.pending().get())
            on_send=Callback::new(move |()| send_code())
            on_submit=Callback::new(move |()| submit())
        />
    }
}
