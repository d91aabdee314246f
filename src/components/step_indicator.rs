//! A wizard's step indicator: "step 2 of 5: vehicle", and the list of steps with the current
//! one marked (`aria-current="step"`) and the ones before it marked done.

use leptos::prelude::*;

use crate::i18n::*;

/// The progress of a multi-screen flow.
#[component]
pub fn StepIndicator(
    /// The names of the steps, in order.
    #[prop(into)]
    steps: Signal<Vec<String>>,
    /// The current step, 0-based.
    #[prop(into)]
    current: Signal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="steps" aria-label=move || t_string!(i18n, steps.label).to_string()>
            <p class="steps__count">{move || {
                let names = steps.get();
                let n = current.get().min(names.len().saturating_sub(1));
                t_string!(i18n, steps.count, n = n + 1, total = names.len(), name = names.get(n).cloned().unwrap_or_default()).to_string()
            }}</p>
            <ol class="steps__list">
                {move || {
                    let now = current.get();
                    steps.get().into_iter().enumerate().map(|(i, name)| {
                        let state = if i < now { "done" } else if i == now { "current" } else { "todo" };
                        view! {
                            <li class=format!("steps__item steps__item--{state}") aria-current=(i == now).then_some("step")>
                                <span class="steps__dot" aria-hidden="true">{i + 1}</span>
                                <span class="steps__name">{name}</span>
                                {(i < now).then(|| view! { <span class="visually-hidden">{t!(i18n, steps.done)}</span> })}
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
        </nav>
    }
}
