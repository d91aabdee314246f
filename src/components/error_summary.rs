//! The error summary shown at the top of a form (GOV.UK pattern): a heading
//! and one link per problem, each pointing at the field it concerns. It takes
//! focus when problems appear so screen-reader users hear them at once.

use leptos::html::Div;
use leptos::prelude::*;

use crate::i18n::*;

/// One problem: the id of the field it concerns (or of a page section) and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Element id the link points at (`#id`).
    pub target: &'static str,
    /// The message, already in the user's language.
    pub message: String,
}

/// Lists the form's problems; renders nothing when there are none.
#[component]
pub fn ErrorSummary(
    /// The problems to list, in the order of the fields on the page.
    #[prop(into)]
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if !problems.with(Vec::is_empty) {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <Show when=move || !problems.with(Vec::is_empty)>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=node aria-labelledby="error-summary-title">
                <h2 id="error-summary-title" class="error-summary__title">{t!(i18n, errors.summary_title)}</h2>
                <ul class="error-summary__list">
                    <For each=move || problems.get() key=|p| (p.target, p.message.clone()) let:p>
                        <li><a
                            href=format!("#{}", p.target)
                            on:click=move |ev| {
                                ev.prevent_default();
                                focus_field(p.target);
                            }
                        >{p.message}</a></li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// Moves focus to the field with this id and brings it into view (GOV.UK error-summary behaviour).
fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    el.scroll_into_view();
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
