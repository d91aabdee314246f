//! Step 1 (unprocessed violations): the electronic-monitoring handling rules as readable text;
//! the user ticks that they agree, and is told how many points go on their own licence.

use beian_contract::endpoint::{self as ep, NoBody};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::Step;
use super::{use_payment, ItemList};
use crate::api::use_api;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::i18n::*;

/// The rules screen.
#[component]
pub fn RulesStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let flow = use_payment();
    let navigate = use_navigate();
    let rules =
        LocalResource::new(move || async move { api.call(ep::HandlingRules, &[], &NoBody).await });
    let failure = Signal::derive(move || rules.get().and_then(|r| r.err()));
    let agreed = RwSignal::new(flow.with_untracked(|p| p.rules_version.is_some()));
    let missing = RwSignal::new(false);
    let points = Memo::new(move |_| flow.with(|p| p.points()));
    let error = Signal::derive(move || {
        missing
            .get()
            .then(|| t_string!(i18n, pay.agree_missing).to_string())
    });
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| {
                vec![Problem {
                    target: "agree",
                    message,
                }]
            })
            .unwrap_or_default()
    });
    let submit = Callback::new(move |()| {
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
    });
    view! {
        <A href="/violations" attr:class="back-link">{t!(i18n, pay.back_to_violations)}</A>
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, pay.rules_title)}</h1>
        <ItemList />
        <FailureNotice failure=failure on_retry=Callback::new(move |()| rules.refetch()) />
        <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
            {move || rules.get().and_then(|r| r.ok()).map(|r| {
                view! {
                    <section class="rules" aria-labelledby="rules-heading" tabindex="0">
                        <h2 id="rules-heading">{t!(i18n, pay.rules_heading)}</h2>
                        {move || {
                            let english = i18n.get_locale() == Locale::en;
                            let paragraphs = if english { r.paragraphs_en.clone() } else { r.paragraphs_zh.clone() };
                            paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()
                        }}
                    </section>
                    <form novalidate on:submit=move |ev| { ev.prevent_default(); submit.run(()); }>
                        <div class="field" class:field--error=move || error.with(Option::is_some)>
                            <Show when=move || error.with(Option::is_some)>
                                <p class="field__error" id="agree-error">{move || error.get()}</p>
                            </Show>
                            <div class="check">
                                <input type="checkbox" class="check__input" id="agree"
                                    aria-describedby=move || if error.with(Option::is_some) { "agree-hint agree-error" } else { "agree-hint" }
                                    prop:checked=move || agreed.get()
                                    on:change=move |ev| { agreed.set(event_target_checked(&ev)); if event_target_checked(&ev) { missing.set(false); } } />
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
