//! Sign-in with a mobile number and an SMS code, one question per screen: the number, then the
//! code. A pending code survives a reload (its id and the masked number are kept in
//! sessionStorage; the full number only in memory). After signing in the user goes back to
//! where they were (`?next=`), which only ever names a path on this site.

use beian_contract::{endpoint as ep, session as wire, ErrorCode};
use beian_domain::sms::{RESEND_AFTER_S, VALID_FOR_S};
use beian_domain::{parse_mobile, parse_sms_code, MobileError};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{use_api, ApiFailure};
use crate::components::countdown::{now_ms, use_seconds_left};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::field::TextField;
use crate::components::sms_code::CodeProblem;
use crate::i18n::*;
use crate::session::{use_session, SessionData};
use crate::storage::{self, keys};

// The return-path checks live with the other addresses, so a component can link here
// without importing this page.
pub use crate::links::{safe_next, sign_in_href};

// A code challenge waiting for its code; nothing personal (the number is masked).
use beian_flow::session::SignInPending as Pending;

/// What is wrong with the number field.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PhoneProblem {
    Empty,
    Invalid,
}

fn phone_text(p: PhoneProblem) -> String {
    let i18n = use_i18n();
    match p {
        PhoneProblem::Empty => t_string!(i18n, errors.phone_empty).to_string(),
        PhoneProblem::Invalid => t_string!(i18n, errors.phone_invalid).to_string(),
    }
}

fn code_text(p: CodeProblem) -> String {
    let i18n = use_i18n();
    match p {
        CodeProblem::Empty => t_string!(i18n, errors.code_empty).to_string(),
        CodeProblem::Invalid => t_string!(i18n, errors.code_invalid).to_string(),
        CodeProblem::Wrong(Some(tries)) => {
            t_string!(i18n, errors.code_wrong, tries = tries).to_string()
        }
        CodeProblem::Wrong(None) => t_string!(i18n, errors.code_wrong_no_count).to_string(),
        CodeProblem::Expired => t_string!(i18n, errors.code_expired).to_string(),
        CodeProblem::Exhausted => t_string!(i18n, errors.code_exhausted).to_string(),
        CodeProblem::Unknown => t_string!(i18n, errors.challenge_unknown).to_string(),
    }
}

/// The sign-in page.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();

    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let pending = RwSignal::new(storage::session_get::<Pending>(keys::SIGN_IN));
    let phone_problem = RwSignal::new(None::<PhoneProblem>);
    let code_problem = RwSignal::new(None::<CodeProblem>);
    let failure = RwSignal::new(None::<ApiFailure>);
    // A code went to this number less than a minute ago and cannot be entered (used, or void):
    // when a new one may be asked for (ms since the epoch).
    let rate_limited = RwSignal::new(None::<f64>);
    let wait_left = use_seconds_left(Signal::derive(move || rate_limited.get()));
    let waiting = Signal::derive(move || rate_limited.get().is_some() && wait_left.get() > 0);
    // The code step shows a code sent earlier (the server named it when refusing a new one).
    let earlier_code = RwSignal::new(false);
    // The wait is for the number it was asked for: another number may be sent a code at once.
    Effect::new(move |prev: Option<String>| {
        let now = phone.get();
        if prev.is_some_and(|p| p != now) {
            rate_limited.set(None);
        }
        now
    });

    let resend_deadline =
        Signal::derive(move || pending.with(|p| p.as_ref().map(|p| p.resend_at_ms)));
    let resend_in = use_seconds_left(resend_deadline);

    let set_pending = move |p: Option<Pending>| {
        match &p {
            Some(p) => storage::session_set(keys::SIGN_IN, p),
            None => storage::session_remove(keys::SIGN_IN),
        }
        pending.set(p);
    };

    // --- step 1: the number ---
    let send_code = Action::new_local(move |number: &String| {
        let body = wire::CodeRequest {
            phone: number.clone(),
        };
        async move { api.call(ep::SignInCode, &[], &body).await }
    });
    Effect::new(move |_| {
        let Some(result) = send_code.value().get() else {
            return;
        };
        match result {
            Ok(challenge) => {
                let now = now_ms();
                code.set(String::new());
                code_problem.set(None);
                earlier_code.set(false);
                set_pending(Some(Pending {
                    challenge_id: challenge.challenge_id,
                    masked_phone: challenge.masked_phone,
                    resend_at_ms: now + f64::from(challenge.resend_after_s) * 1000.0,
                    expires_at_ms: now + f64::from(challenge.expires_in_s) * 1000.0,
                }));
            }
            Err(f) => match f.code() {
                Some(ErrorCode::Validation) => phone_problem.set(Some(PhoneProblem::Invalid)),
                Some(ErrorCode::TooFrequent) => {
                    let (wait_s, open) = match &f {
                        ApiFailure::Api { error, .. } => (
                            error.retry_after_s.unwrap_or(RESEND_AFTER_S),
                            error.challenge_id.clone(),
                        ),
                        _ => (RESEND_AFTER_S, None),
                    };
                    let now = now_ms();
                    let resend_at_ms = now + f64::from(wait_s) * 1000.0;
                    match open {
                        // The code sent earlier still works: ask for it, and count down to a new one.
                        Some(challenge_id) => {
                            let masked_phone = parse_mobile(&phone.get_untracked())
                                .map(|m| m.masked())
                                .unwrap_or_default();
                            // It went out at most (60 - wait) s ago and lives 5 minutes from then.
                            let sent_ago_s = RESEND_AFTER_S.saturating_sub(wait_s);
                            code.set(String::new());
                            code_problem.set(None);
                            earlier_code.set(true);
                            set_pending(Some(Pending {
                                challenge_id,
                                masked_phone,
                                resend_at_ms,
                                expires_at_ms: now
                                    + f64::from(VALID_FOR_S.saturating_sub(sent_ago_s)) * 1000.0,
                            }));
                        }
                        None => rate_limited.set(Some(resend_at_ms)),
                    }
                }
                _ => failure.set(Some(f)),
            },
        }
    });
    let submit_phone = move || {
        failure.set(None);
        rate_limited.set(None);
        match parse_mobile(&phone.get_untracked()) {
            Ok(mobile) => {
                phone_problem.set(None);
                send_code.dispatch(mobile.as_str().to_owned());
            }
            Err(MobileError::Empty) => phone_problem.set(Some(PhoneProblem::Empty)),
            Err(_) => phone_problem.set(Some(PhoneProblem::Invalid)),
        }
    };

    // --- step 2: the code ---
    let sign_in = Action::new_local(move |(challenge_id, code): &(String, String)| {
        let body = wire::SignIn {
            challenge_id: challenge_id.clone(),
            code: code.clone(),
        };
        async move { api.call(ep::SignIn, &[], &body).await }
    });
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            let Some(result) = sign_in.value().get() else {
                return;
            };
            match result {
                Ok(grant) => {
                    set_pending(None);
                    session.set(SessionData {
                        token: grant.token,
                        masked_phone: grant.me.masked_phone,
                    });
                    let next = query.with_untracked(|q| q.get("next")).unwrap_or_default();
                    let target = safe_next(&next).unwrap_or_else(|| "/".to_owned());
                    navigate(&target, Default::default());
                }
                Err(f) => match CodeProblem::from_failure(&f) {
                    Some(p) => code_problem.set(Some(p)),
                    None => failure.set(Some(f)),
                },
            }
        }
    });
    let submit_code = move || {
        failure.set(None);
        let Some(p) = pending.get_untracked() else {
            return;
        };
        match parse_sms_code(&code.get_untracked()) {
            Ok(c) => {
                code_problem.set(None);
                code.set(c.as_str().to_owned());
                sign_in.dispatch((p.challenge_id, c.as_str().to_owned()));
            }
            Err(e) => code_problem.set(Some(CodeProblem::from_input(&e))),
        }
    };
    let resend = move || {
        // The number lives in memory only; after a reload the user types it again.
        if parse_mobile(&phone.get_untracked()).is_ok() {
            submit_phone();
        } else {
            set_pending(None);
        }
    };
    let change_number = move || {
        set_pending(None);
        earlier_code.set(false);
        code.set(String::new());
        code_problem.set(None);
        failure.set(None);
    };

    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if pending.with(Option::is_none) {
            if let Some(p) = phone_problem.get() {
                list.push(Problem {
                    target: "phone",
                    message: phone_text(p),
                });
            }
        } else if let Some(p) = code_problem.get() {
            list.push(Problem {
                target: "code",
                message: code_text(p),
            });
        }
        list
    });
    let phone_error = Signal::derive(move || phone_problem.get().map(phone_text));
    let code_error = Signal::derive(move || code_problem.get().map(code_text));
    let busy = Signal::derive(move || send_code.pending().get() || sign_in.pending().get());
    let expired_notice = move || query.with(|q| q.get("expired").is_some());
    let signed_out_notice = move || query.with(|q| q.get("signed_out").is_some());

    view! {
        <div class="page page--narrow">
            <ErrorSummary problems=problems />
            <h1>{t!(i18n, sign_in.title)}</h1>
            <Show when=expired_notice>
                <p class="notice notice--info" role="status">{t!(i18n, sign_in.session_expired)}</p>
            </Show>
            <Show when=signed_out_notice>
                <p class="notice notice--info" role="status">{t!(i18n, sign_in.signed_out)}</p>
            </Show>
            <FailureNotice
                failure=failure
                on_retry=Callback::new(move |()| {
                    if pending.with_untracked(Option::is_some) { submit_code() } else { submit_phone() }
                })
            />
            {move || match pending.get() {
                None => view! {
                    <p class="lead">{t!(i18n, sign_in.lead)}</p>
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); submit_phone(); }>
                        <TextField
                            id="phone"
                            label=Signal::derive(move || t_string!(i18n, sign_in.phone_label).to_string())
                            hint=Signal::derive(move || t_string!(i18n, sign_in.phone_hint).to_string())
                            error=phone_error
                            value=phone
                            input_type="tel"
                            inputmode="tel"
                            autocomplete="tel-national"
                        />
                        <Show when=move || waiting.get()>
                            <p class="notice notice--warning" role="status">{t!(i18n, sign_in.code_sent_recently)}</p>
                        </Show>
                        <button type="submit" class="button" disabled=move || busy.get() || (waiting.get())>
                            {move || if send_code.pending().get() {
                                t_string!(i18n, sign_in.sending).to_string()
                            } else if waiting.get() {
                                t_string!(i18n, sign_in.resend_in, seconds = wait_left.get()).to_string()
                            } else {
                                t_string!(i18n, sign_in.send_code).to_string()
                            }}
                        </button>
                    </form>
                }.into_any(),
                Some(p) => view! {
                    <p class="notice notice--info" role="status">{
                        let masked = p.masked_phone.clone();
                        move || if earlier_code.get() {
                            t_string!(i18n, sign_in.code_sent_earlier, phone = masked.clone()).to_string()
                        } else {
                            t_string!(i18n, sign_in.code_sent, phone = masked.clone()).to_string()
                        }
                    }</p>
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); submit_code(); }>
                        <TextField
                            id="code"
                            label=Signal::derive(move || t_string!(i18n, sign_in.code_label).to_string())
                            hint=Signal::derive(move || t_string!(i18n, sign_in.code_hint).to_string())
                            error=code_error
                            value=code
                            inputmode="numeric"
                            autocomplete="one-time-code"
                        />
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {move || if sign_in.pending().get() { t_string!(i18n, sign_in.submitting).to_string() } else { t_string!(i18n, sign_in.submit).to_string() }}
                        </button>
                    </form>
                    <div class="actions">
                        {move || if resend_in.get() > 0 {
                            view! { <p class="hint" aria-live="off">{t!(i18n, sign_in.resend_in, seconds = resend_in.get())}</p> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="button button--secondary" disabled=move || busy.get() on:click=move |_| resend()>
                                    {t!(i18n, sign_in.resend)}
                                </button>
                            }.into_any()
                        }}
                        <button type="button" class="link-button" on:click=move |_| change_number()>
                            {t!(i18n, sign_in.change_phone)}
                        </button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn next_only_ever_names_a_path_on_this_site() {
        assert_eq!(
            safe_next("/messages?tab=unread").as_deref(),
            Some("/messages?tab=unread")
        );
        assert_eq!(
            safe_next("/file/vehicle?x=1#y").as_deref(),
            Some("/file/vehicle?x=1#y")
        );
        // The browser's parser has the last word: dot segments are resolved, what is left must
        // still be a plain path.
        assert_eq!(
            safe_next("/a/../violations").as_deref(),
            Some("/violations")
        );
        assert_eq!(safe_next("/a/..//evil.example/x"), None);
        assert_eq!(safe_next("/././/evil.example"), None);
        assert_eq!(safe_next("/x/../sign-in?next=/y"), None);
        assert_eq!(safe_next("/%2e%2e//evil.example"), None);
        for hostile in [
            "//evil.example/x",
            "https://evil.example/",
            "/\\evil.example",
            "/sign-in?next=/x",
            "",
            "/\t/evil.example/phish",
            "/\n/evil.example/phish",
            "/\r/evil.example/phish",
            "/\\/evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "///evil.example",
            "/\u{0}x",
            "\t/evil.example",
            "http:evil.example",
        ] {
            assert_eq!(safe_next(hostile), None, "{hostile:?}");
        }
    }

    #[wasm_bindgen_test]
    fn the_sign_in_link_carries_the_return_path_encoded() {
        assert_eq!(
            sign_in_href("/messages?a=1&b=2", true),
            "/sign-in?next=%2Fmessages%3Fa%3D1%26b%3D2&expired=1"
        );
        assert_eq!(sign_in_href("/", false), "/sign-in");
        assert_eq!(
            sign_in_href("https://evil.example/", true),
            "/sign-in?expired=1"
        );
    }
}
