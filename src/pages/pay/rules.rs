//! Step 1 (unprocessed violations): the electronic-monitoring handling rules as readable text;
//! the user ticks that they agree, and is told how many points go on their own licence.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::handling::HandlingRules;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::Step;
use super::{use_payment, ItemList};
use crate::api::{use_api, ApiFailure};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::i18n::*;

/// What the rules screen shows and does; made by [`use_handling_rules`].
#[derive(Clone, Copy)]
pub struct RulesAgreement {
    /// The rules, once read (read from the resource, so a `<Suspense>` waits for them).
    pub rules: Signal<Option<HandlingRules>>,
    /// Why the rules could not be read.
    pub failure: Signal<Option<ApiFailure>>,
    /// Whether the box is ticked.
    pub agreed: RwSignal<bool>,
    /// The box was ticked or unticked.
    pub tick: Callback<bool>,
    /// "Tick the box", after continuing without.
    pub error: Signal<Option<String>>,
    /// The error for the summary.
    pub problems: Signal<Vec<Problem>>,
    /// Points that go on the user's licence.
    pub points: Memo<u32>,
    /// Asks for the rules again.
    pub reload: Callback<()>,
    /// Agrees (if ticked) and goes on to the code.
    pub submit: Callback<()>,
}

/// The rules screen's state and actions.
pub fn use_handling_rules() -> RulesAgreement {
    let i18n = use_i18n();
    let api = use_api();
    let flow = use_payment();
    let navigate = use_navigate();
    let rules =
        LocalResource::new(move || async move { api.call(ep::HandlingRules, &[], &NoBody).await });
    let agreed = RwSignal::new(flow.with_untracked(|p| p.rules_version.is_some()));
    let missing = RwSignal::new(false);
    let error = Signal::derive(move || {
        missing
            .get()
            .then(|| t_string!(i18n, pay.agree_missing).to_string())
    });
    RulesAgreement {
        rules: Signal::derive(move || rules.get().and_then(|r| r.ok())),
        failure: Signal::derive(move || rules.get().and_then(|r| r.err())),
        agreed,
        error,
        tick: Callback::new(move |on: bool| {
            agreed.set(on);
            // Ticking the box clears the error.
            if on {
                missing.set(false);
            }
        }),
        problems: Signal::derive(move || {
            error
                .get()
                .map(|message| {
                    vec![Problem {
                        target: "agree",
                        message,
                    }]
                })
                .unwrap_or_default()
        }),
        points: Memo::new(move |_| flow.with(|p| p.points())),
        reload: Callback::new(move |()| rules.refetch()),
        submit: Callback::new(move |()| {
            let Some(Ok(r)) = rules.get_untracked() else {
                return;
            };
            if !agreed.get_untracked() {
                missing.set(true);
                return;
            }
            missing.set(false);
            flow.update(|p| p.agreed(&r.version));
            navigate(Step::Code.path(), Default::default());
        }),
    }
}

/// The rules screen.
#[component]
pub fn RulesStep() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_handling_rules();
    let (error, agreed, points) = (s.error, s.agreed, s.points);
    view! {
        <A href="/violations" attr:class="back-link">{t!(i18n, pay.back_to_violations)}</A>
        <ErrorSummary problems=s.problems />
        <h1>{t!(i18n, pay.rules_title)}</h1>
        <ItemList />
        <FailureNotice failure=s.failure on_retry=s.reload />
        <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
            {move || s.rules.get().map(|r| {
                view! {
                    <section class="rules" aria-labelledby="rules-heading" tabindex="0">
                        <h2 id="rules-heading">{t!(i18n, pay.rules_heading)}</h2>
                        {move || {
                            let english = i18n.get_locale() == Locale::en;
                            let paragraphs = if english { r.paragraphs_en.clone() } else { r.paragraphs_zh.clone() };
                            paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()
                        }}
                    </section>
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); s.submit.run(()); }>
                        <div class="field" class:field--error=move || error.with(Option::is_some)>
                            <Show when=move || error.with(Option::is_some)>
                                <p class="field__error" id="agree-error">{move || error.get()}</p>
                            </Show>
                            <div class="check">
                                <input type="checkbox" class="check__input" id="agree"
                                    aria-describedby=move || if error.with(Option::is_some) { "agree-hint agree-error" } else { "agree-hint" }
                                    prop:checked=move || agreed.get()
                                    on:change=move |ev| s.tick.run(event_target_checked(&ev)) />
                                <label class="check__label" for="agree">{t!(i18n, pay.agree_label)}</label>
                            </div>
                            <p class="field__hint" id="agree-hint">{move || if points.get() > 0 {
                                t_string!(i18n, pay.points_note, points = points.get()).to_string()
                            } else {
                                t_string!(i18n, pay.no_points_note).to_string()
                            }}</p>
                        </div>
                        <button type="submit" class="button">{t!(i18n, pay.continue_button)}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}
