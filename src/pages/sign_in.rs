//! Sign-in with a mobile number and an SMS code, one question per screen: the number, then the
//! code. A pending code survives a reload (its id and the masked number are kept in
//! sessionStorage; the full number only in memory). After signing in the user goes back to
//! where they were (`?next=`), which only ever names a path on this site.

use std::rc::Rc;

use beian_contract::{endpoint as ep, session as wire};
use beian_domain::{parse_mobile, MobileError};
use beian_flow::sms::{earlier_code_times, Screen};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::use_api;
use crate::components::countdown::now_ms;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::field::TextField;
use crate::components::sms_code::{
    problem_text, use_sms_code, Answer, CodeScreenText, ResendPlace, ResendText, SmsCode,
    SmsCodeScreen, SmsEvent, UseSmsCodeOptions, Verify,
};
use crate::i18n::*;
use crate::session::{use_session, SessionData};
use crate::storage::{self, keys};

// The return-path checks live with the other addresses, so a component can link here
// without importing this page.
pub use crate::links::{safe_next, sign_in_href};

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

/// The sign-in screen's state: the number, the pending code, and the code's hook.
#[derive(Clone, Copy)]
struct SignInState {
    /// The number as typed (in memory only).
    phone: RwSignal<String>,
    /// What is wrong with the number.
    phone_problem: RwSignal<Option<PhoneProblem>>,
    /// The code waiting to be entered (kept in sessionStorage).
    pending: RwSignal<Option<Pending>>,
    /// The code step shows a code sent earlier (the server named it when refusing a new one).
    earlier_code: RwSignal<bool>,
    /// The code's requests and state.
    sms: SmsCode,
    /// A code went to this number less than a minute ago and cannot be entered (used, or
    /// void): the number step counts down to a new one.
    waiting: Signal<bool>,
    /// "Send a new code" on the code step.
    resend: Callback<()>,
    /// Back to the number step.
    change_number: Callback<()>,
}

/// The sign-in screen's state and actions.
fn use_sign_in() -> SignInState {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let phone = RwSignal::new(String::new());
    let phone_problem = RwSignal::new(None::<PhoneProblem>);
    let pending = RwSignal::new(storage::session_get::<Pending>(keys::SIGN_IN));
    let earlier_code = RwSignal::new(false);
    let set_pending = move |p: Option<Pending>| {
        match &p {
            Some(p) => storage::session_set(keys::SIGN_IN, p),
            None => storage::session_remove(keys::SIGN_IN),
        }
        pending.set(p);
    };
    let send = move || match parse_mobile(&phone.get_untracked()) {
        Ok(mobile) => {
            phone_problem.set(None);
            let body = wire::CodeRequest {
                phone: mobile.as_str().to_owned(),
            };
            Some(Box::pin(async move { api.call(ep::SignInCode, &[], &body).await }) as Answer<_>)
        }
        Err(MobileError::Empty) => {
            phone_problem.set(Some(PhoneProblem::Empty));
            None
        }
        Err(_) => {
            phone_problem.set(Some(PhoneProblem::Invalid));
            None
        }
    };
    let verify = move || {
        let challenge_id =
            pending.with_untracked(|p| p.as_ref().map(|p| p.challenge_id.clone()))?;
        Some(Box::new(move |code| {
            let body = wire::SignIn { challenge_id, code };
            Ok(Box::pin(async move { api.call(ep::SignIn, &[], &body).await }) as Answer<_>)
        }) as Verify<wire::SessionGrant>)
    };
    let on_event = move |event: SmsEvent<wire::SessionGrant>| match event {
        SmsEvent::Sent(c) => {
            let now = now_ms();
            earlier_code.set(false);
            set_pending(Some(Pending {
                challenge_id: c.challenge_id,
                masked_phone: c.masked_phone,
                resend_at_ms: now + f64::from(c.resend_after_s) * 1000.0,
                expires_at_ms: now + f64::from(c.expires_in_s) * 1000.0,
            }));
        }
        // The code sent earlier still works: ask for it, and count down to a new one.
        SmsEvent::EarlierCode {
            challenge_id,
            seconds,
        } => {
            let (resend_at_ms, expires_at_ms) = earlier_code_times(seconds, now_ms());
            let masked_phone = parse_mobile(&phone.get_untracked())
                .map(|m| m.masked())
                .unwrap_or_default();
            earlier_code.set(true);
            set_pending(Some(Pending {
                challenge_id,
                masked_phone,
                resend_at_ms,
                expires_at_ms,
            }));
        }
        SmsEvent::BadNumber => phone_problem.set(Some(PhoneProblem::Invalid)),
        SmsEvent::Verified(grant) => {
            set_pending(None);
            session.set(SessionData {
                token: grant.token,
                masked_phone: grant.me.masked_phone,
            });
            let next = query.with_untracked(|q| q.get("next")).unwrap_or_default();
            navigate(
                &safe_next(&next).unwrap_or_else(|| "/".to_owned()),
                Default::default(),
            );
        }
        _ => {}
    };
    let sms = use_sms_code(UseSmsCodeOptions {
        screen: Screen::SignIn,
        code: String::new(),
        sent: Signal::derive(move || pending.with(Option::is_some)),
        send: Rc::new(send),
        verify: Rc::new(verify),
        on_event: Rc::new(on_event),
    });
    // The wait is for the number it was asked for: another number may be sent a code at once.
    Effect::new(move |prev: Option<String>| {
        let now = phone.get();
        if prev.is_some_and(|p| p != now) {
            sms.wait.set(None);
        }
        now
    });
    let waiting = Signal::derive(move || sms.wait.with(Option::is_some) && sms.countdown.get() > 0);
    // The number lives in memory only; after a reload the user types it again.
    let resend = Callback::new(move |()| {
        if parse_mobile(&phone.get_untracked()).is_ok() {
            sms.send.run(());
        } else {
            set_pending(None);
        }
    });
    let change_number = Callback::new(move |()| {
        set_pending(None);
        earlier_code.set(false);
        sms.reset();
    });
    SignInState {
        phone,
        phone_problem,
        pending,
        earlier_code,
        sms,
        waiting,
        resend,
        change_number,
    }
}

/// The sign-in page.
#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let s = use_sign_in();
    let sms = s.sms;
    let problems = Signal::derive(move || {
        let (target, message) = if s.pending.with(Option::is_none) {
            ("phone", s.phone_problem.get().map(phone_text))
        } else {
            (
                "code",
                sms.problem.get().map(|p| problem_text(Screen::SignIn, p)),
            )
        };
        message
            .map(|message| Problem { target, message })
            .into_iter()
            .collect::<Vec<_>>()
    });
    let sent = Signal::derive(move || {
        let phone = s.pending.with(|p| {
            p.as_ref()
                .map(|p| p.masked_phone.clone())
                .unwrap_or_default()
        });
        if s.earlier_code.get() {
            t_string!(i18n, sign_in.code_sent_earlier, phone = phone).to_string()
        } else {
            t_string!(i18n, sign_in.code_sent, phone = phone).to_string()
        }
    });
    let text = CodeScreenText {
        sent,
        label: Signal::derive(move || t_string!(i18n, sign_in.code_label).to_string()),
        hint: Signal::derive(move || t_string!(i18n, sign_in.code_hint).to_string()),
        submit: Signal::derive(move || t_string!(i18n, sign_in.submit).to_string()),
        submitting: Signal::derive(move || t_string!(i18n, sign_in.submitting).to_string()),
        resend: ResendText {
            button: Signal::derive(move || t_string!(i18n, sign_in.resend).to_string()),
            wait: Callback::new(move |seconds: u32| {
                t_string!(i18n, sign_in.resend_in, seconds = seconds).to_string()
            }),
        },
    };
    view! {
        <div class="page page--narrow">
            <ErrorSummary problems=problems />
            <h1>{t!(i18n, sign_in.title)}</h1>
            <Show when=move || query.with(|q| q.get("expired").is_some())>
                <p class="notice notice--info" role="status">{t!(i18n, sign_in.session_expired)}</p>
            </Show>
            <Show when=move || query.with(|q| q.get("signed_out").is_some())>
                <p class="notice notice--info" role="status">{t!(i18n, sign_in.signed_out)}</p>
            </Show>
            <FailureNotice failure=sms.failure on_retry=sms.retry />
            <SmsCodeScreen
                sent=Signal::derive(move || s.pending.with(Option::is_some))
                ask=move || view! { <PhoneStep s=s /> }
                text=text
                error=Signal::derive(move || sms.problem.get().map(|p| problem_text(Screen::SignIn, p)))
                value=sms.code
                resend_at=Signal::derive(move || s.pending.with(|p| p.as_ref().map(|p| p.resend_at_ms)))
                sending=sms.sending
                submitting=sms.verifying
                on_send=sms.send
                on_resend=s.resend
                on_submit=sms.verify
                resend_place=ResendPlace::BelowForm
                actions=move || view! {
                    <button type="button" class="link-button" on:click=move |_| s.change_number.run(())>
                        {t!(i18n, sign_in.change_phone)}
                    </button>
                }
            />
        </div>
    }
}

/// The number step: the number, and the button that sends it a code.
#[component]
fn PhoneStep(s: SignInState) -> impl IntoView {
    let i18n = use_i18n();
    let sms = s.sms;
    let waiting = s.waiting;
    view! {
        <p class="lead">{t!(i18n, sign_in.lead)}</p>
        <form novalidate on:submit=move |ev| { ev.prevent_default(); sms.send.run(()); }>
            <TextField
                id="phone"
                label=Signal::derive(move || t_string!(i18n, sign_in.phone_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, sign_in.phone_hint).to_string())
                error=Signal::derive(move || s.phone_problem.get().map(phone_text))
                value=s.phone
                input_type="tel"
                inputmode="tel"
                autocomplete="tel-national"
            />
            <Show when=move || waiting.get()>
                <p class="notice notice--warning" role="status">{t!(i18n, sign_in.code_sent_recently)}</p>
            </Show>
            <button type="submit" class="button" disabled=move || sms.busy.get() || waiting.get()>
                {move || if sms.sending.get() {
                    t_string!(i18n, sign_in.sending).to_string()
                } else if waiting.get() {
                    t_string!(i18n, sign_in.resend_in, seconds = sms.countdown.get()).to_string()
                } else {
                    t_string!(i18n, sign_in.send_code).to_string()
                }}
            </button>
        </form>
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
