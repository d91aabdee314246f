//! [`use_sms_code`]: the state and the two requests of a screen that asks for an SMS code.
//! The page says how to send a code and how to verify it; the hook keeps the code as typed, its
//! problem, the failure notice and what its "try again" repeats, and the rate-limit countdown,
//! and tells the page what happened ([`SmsEvent`]). Where a refusal leads is
//! [`beian_flow::sms`]'s decision.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use beian_contract::session::SmsChallenge;
use beian_contract::ApiErrorBody;
use beian_domain::parse_sms_code;
use beian_flow::sms::{self, CodeProblem, Request, Screen, SendFailed, VerifyFailed};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::api::ApiFailure;
use crate::components::countdown::{now_ms, use_seconds_left};

/// An API request in flight, answering `T`.
pub type Answer<T> = Pin<Box<dyn Future<Output = Result<T, ApiFailure>>>>;

/// The verification request for a well-formed code, made once the page has what it needs:
/// `Err` when it cannot be sent (no randomness for its idempotency key).
pub type Verify<T> = Box<dyn FnOnce(String) -> Result<Answer<T>, ApiFailure>>;

/// What happened that the page records or shows itself.
#[derive(Clone, Debug)]
pub enum SmsEvent<T> {
    /// A code was sent.
    Sent(SmsChallenge),
    /// Sign-in: a code sent less than a minute ago still works ([`SendFailed::EarlierCode`]).
    EarlierCode {
        /// Its challenge.
        challenge_id: String,
        /// Seconds until another code may be asked for.
        seconds: u32,
    },
    /// The code was accepted.
    Verified(T),
    /// The verification was refused: the next one is a new attempt (a new idempotency key).
    /// Comes before the refusal's own event.
    AttemptSpent,
    /// Sign-in: the number was refused.
    BadNumber,
    /// What the code was for is gone: a step back.
    Gone,
    /// A rule of the service refused it (the failure, for its words).
    Refused(ApiFailure),
    /// The rules changed since the user agreed to them.
    RulesChanged,
}

/// The rate limit met when asking for a code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wait {
    /// The seconds the server said.
    pub seconds: u32,
    /// When another code may be asked for (ms since the epoch).
    pub until_ms: f64,
}

/// How a screen asks for and verifies its code.
pub struct UseSmsCodeOptions<T> {
    /// The screen (its refusals lead their own way).
    pub screen: Screen,
    /// The code typed before (kept in the flow across reloads), or empty.
    pub code: String,
    /// Whether the code step is on screen (a code was sent).
    pub sent: Signal<bool>,
    /// The request for a code; `None` when there is nothing to send it for (the page may say why).
    pub send: Rc<dyn Fn() -> Option<Answer<SmsChallenge>>>,
    /// Whether a code can be verified now and how; `None` when not (nothing happens).
    pub verify: Rc<dyn Fn() -> Option<Verify<T>>>,
    /// Told what happened.
    pub on_event: Rc<dyn Fn(SmsEvent<T>)>,
}

/// The state and actions of a screen that asks for an SMS code.
#[derive(Clone, Copy)]
pub struct SmsCode {
    /// The code as typed.
    pub code: RwSignal<String>,
    /// What is wrong with the code, if anything.
    pub problem: RwSignal<Option<CodeProblem>>,
    /// A failure that is not the code's (network, server…), shown with "try again".
    pub failure: RwSignal<Option<ApiFailure>>,
    /// The rate limit met when asking for a code, if any.
    pub wait: RwSignal<Option<Wait>>,
    /// Seconds left of `wait` (0 when none).
    pub countdown: Signal<u32>,
    /// A request for a code is in flight.
    pub sending: Signal<bool>,
    /// A verification is in flight.
    pub verifying: Signal<bool>,
    /// Either is in flight.
    pub busy: Signal<bool>,
    /// Asks for a code.
    pub send: Callback<()>,
    /// Verifies the code typed.
    pub verify: Callback<()>,
    /// Repeats what failed ("try again" of the failure notice).
    pub retry: Callback<()>,
}

impl SmsCode {
    /// Forgets the code typed, its problem and the failure notice.
    pub fn reset(&self) {
        self.code.set(String::new());
        self.problem.set(None);
        self.failure.set(None);
    }
}

/// An answer handed to an action: the action's function runs at dispatch and takes it.
type Slot<T> = SendWrapper<RefCell<Option<Answer<T>>>>;

fn slot<T>(answer: Answer<T>) -> Slot<T> {
    SendWrapper::new(RefCell::new(Some(answer)))
}

fn take<T: 'static>(slot: &Slot<T>) -> Answer<T> {
    let answer = slot.borrow_mut().take();
    Box::pin(async move {
        match answer {
            Some(answer) => answer.await,
            None => Err(ApiFailure::Unexpected { status: 0 }),
        }
    })
}

fn refusal(failure: &ApiFailure) -> Option<&ApiErrorBody> {
    match failure {
        ApiFailure::Api { error, .. } => Some(error),
        _ => None,
    }
}

/// The state and actions of the SMS-code screen described by `options`.
pub fn use_sms_code<T>(options: UseSmsCodeOptions<T>) -> SmsCode
where
    T: Clone + Send + Sync + 'static,
{
    let UseSmsCodeOptions {
        screen,
        code,
        sent,
        send,
        verify,
        on_event,
    } = options;
    let code = RwSignal::new(code);
    let problem = RwSignal::new(None::<CodeProblem>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let wait = RwSignal::new(None::<Wait>);
    let last = RwSignal::new(Request::Verify);
    let countdown = use_seconds_left(Signal::derive(move || wait.get().map(|w| w.until_ms)));

    let send_action = Action::new_local(take::<SmsChallenge>);
    let verify_action = Action::new_local(take::<T>);

    let on_sent = on_event.clone();
    Effect::new(move |_| {
        let Some(result) = send_action.value().get() else {
            return;
        };
        untrack(|| match result {
            Ok(challenge) => {
                code.set(String::new());
                problem.set(None);
                on_sent(SmsEvent::Sent(challenge));
            }
            Err(f) => match sms::send_failed(screen, refusal(&f)) {
                SendFailed::BadNumber => on_sent(SmsEvent::BadNumber),
                SendFailed::Wait { seconds } => wait.set(Some(Wait {
                    seconds,
                    until_ms: now_ms() + f64::from(seconds) * 1000.0,
                })),
                SendFailed::EarlierCode {
                    challenge_id,
                    seconds,
                } => {
                    code.set(String::new());
                    problem.set(None);
                    on_sent(SmsEvent::EarlierCode {
                        challenge_id,
                        seconds,
                    });
                }
                SendFailed::Gone => on_sent(SmsEvent::Gone),
                SendFailed::Notice => failure.set(Some(f)),
            },
        });
    });
    let on_verified = on_event;
    Effect::new(move |_| {
        let Some(result) = verify_action.value().get() else {
            return;
        };
        untrack(|| match result {
            Ok(answer) => on_verified(SmsEvent::Verified(answer)),
            Err(f) => {
                let failed = sms::verify_failed(screen, refusal(&f));
                if failed.new_attempt() {
                    on_verified(SmsEvent::AttemptSpent);
                }
                match failed {
                    VerifyFailed::Code(p) => problem.set(Some(p)),
                    VerifyFailed::Gone => on_verified(SmsEvent::Gone),
                    VerifyFailed::Refused => on_verified(SmsEvent::Refused(f)),
                    VerifyFailed::RulesChanged => on_verified(SmsEvent::RulesChanged),
                    VerifyFailed::Notice => failure.set(Some(f)),
                }
            }
        });
    });

    // Callbacks are `Send`; the page's closures need not be (the app has one thread).
    let (send, verify) = (SendWrapper::new(send), SendWrapper::new(verify));
    let send = Callback::new(move |()| {
        failure.set(None);
        wait.set(None);
        last.set(Request::Send);
        if let Some(answer) = send() {
            send_action.dispatch_local(slot(answer));
        }
    });
    let verify = Callback::new(move |()| {
        failure.set(None);
        last.set(Request::Verify);
        let Some(request) = verify() else {
            return;
        };
        match parse_sms_code(&code.get_untracked()) {
            Ok(c) => {
                problem.set(None);
                code.set(c.as_str().to_owned());
                match request(c.as_str().to_owned()) {
                    Ok(answer) => {
                        verify_action.dispatch_local(slot(answer));
                    }
                    Err(f) => failure.set(Some(f)),
                }
            }
            Err(e) => problem.set(Some(CodeProblem::from_input(&e))),
        }
    });
    let retry = Callback::new(move |()| {
        match sms::retry(screen, last.get_untracked(), sent.get_untracked()) {
            Request::Send => send.run(()),
            Request::Verify => verify.run(()),
        }
    });
    let sending = Signal::derive(move || send_action.pending().get());
    let verifying = Signal::derive(move || verify_action.pending().get());
    SmsCode {
        code,
        problem,
        failure,
        wait,
        countdown,
        sending,
        verifying,
        busy: Signal::derive(move || sending.get() || verifying.get()),
        send,
        verify,
        retry,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use beian_contract::{ApiError, ErrorCode};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn refused(error: ApiError) -> ApiFailure {
        ApiFailure::Api {
            status: error.error.code.status(),
            error: error.error,
        }
    }

    async fn settle() {
        for _ in 0..3 {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }

    /// A log shared with the closures under test.
    type Log = Rc<RefCell<Vec<String>>>;

    /// A payment code screen whose server answers from `sends` and `answers`, logging what the
    /// page is told and the codes sent.
    fn screen(
        sends: Vec<Result<SmsChallenge, ApiFailure>>,
        answers: Vec<Result<u32, ApiFailure>>,
    ) -> (SmsCode, Log, Log) {
        let events = Rc::new(RefCell::new(Vec::new()));
        let sent_codes = Rc::new(RefCell::new(Vec::new()));
        let sends = Rc::new(RefCell::new(VecDeque::from(sends)));
        let answers = Rc::new(RefCell::new(VecDeque::from(answers)));
        let record = events.clone();
        let codes = sent_codes.clone();
        let sms = use_sms_code(UseSmsCodeOptions {
            screen: Screen::PaymentCode,
            code: "12345".into(),
            sent: Signal::stored(true),
            send: Rc::new(move || {
                let answer = sends.borrow_mut().pop_front()?;
                Some(Box::pin(async move { answer }) as Answer<_>)
            }),
            verify: Rc::new(move || {
                let (answers, codes) = (answers.clone(), codes.clone());
                Some(Box::new(move |code: String| {
                    codes.borrow_mut().push(code);
                    let answer = answers.borrow_mut().pop_front().expect("an answer");
                    Ok(Box::pin(async move { answer }) as Answer<_>)
                }) as Verify<u32>)
            }),
            on_event: Rc::new(move |e: SmsEvent<u32>| record.borrow_mut().push(format!("{e:?}"))),
        });
        (sms, events, sent_codes)
    }

    #[wasm_bindgen_test]
    async fn a_refused_code_spends_the_attempt_and_try_again_repeats_a_dropped_one() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        owner.set();
        let (sms, events, codes) = screen(
            vec![],
            vec![
                Err(refused(
                    ApiError::new(ErrorCode::CodeWrong, "no").tries_left(4),
                )),
                Err(ApiFailure::Network),
                Ok(7),
            ],
        );
        settle().await;
        // Five digits: the field says so and nothing is sent.
        sms.verify.run(());
        assert_eq!(sms.problem.get_untracked(), Some(CodeProblem::Invalid));
        assert!(codes.borrow().is_empty());

        // Spaces are dropped before sending; the server refuses the code.
        sms.code.set("123 456".into());
        sms.verify.run(());
        settle().await;
        assert_eq!(codes.borrow().as_slice(), ["123456"]);
        assert_eq!(sms.code.get_untracked(), "123456");
        assert_eq!(
            sms.problem.get_untracked(),
            Some(CodeProblem::Wrong(Some(4)))
        );
        assert_eq!(events.borrow().as_slice(), ["AttemptSpent"]);

        // A dropped connection keeps the attempt and shows a notice; "try again" verifies again.
        sms.verify.run(());
        settle().await;
        assert_eq!(sms.failure.get_untracked(), Some(ApiFailure::Network));
        assert_eq!(sms.problem.get_untracked(), None);
        assert_eq!(events.borrow().len(), 1);
        sms.retry.run(());
        settle().await;
        assert_eq!(sms.failure.get_untracked(), None);
        assert_eq!(codes.borrow().len(), 3);
        assert_eq!(events.borrow().as_slice(), ["AttemptSpent", "Verified(7)"]);
    }

    #[wasm_bindgen_test]
    async fn too_frequent_counts_down_and_try_again_asks_for_the_code_again() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        owner.set();
        let limit = ApiError::new(ErrorCode::TooFrequent, "wait").retry_after(17);
        let challenge = SmsChallenge {
            challenge_id: "c-1".into(),
            masked_phone: "138****8000".into(),
            resend_after_s: 60,
            expires_in_s: 300,
        };
        let (sms, events, _) = screen(
            vec![
                Err(refused(limit)),
                Err(ApiFailure::Timeout),
                Ok(challenge.clone()),
            ],
            vec![],
        );
        settle().await;
        sms.send.run(());
        settle().await;
        assert_eq!(sms.wait.get_untracked().map(|w| w.seconds), Some(17));
        assert!((16..=17).contains(&sms.countdown.get_untracked()));
        assert_eq!(sms.failure.get_untracked(), None);

        sms.send.run(());
        settle().await;
        assert_eq!(sms.wait.get_untracked(), None);
        assert_eq!(sms.failure.get_untracked(), Some(ApiFailure::Timeout));
        sms.retry.run(());
        settle().await;
        assert_eq!(sms.failure.get_untracked(), None);
        assert_eq!(sms.code.get_untracked(), "");
        assert_eq!(
            events.borrow().as_slice(),
            [format!("{:?}", SmsEvent::<u32>::Sent(challenge))]
        );
    }
}
