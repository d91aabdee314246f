//! The plate's province character, picked from a grid of the 31 province abbreviations the way
//! phone users expect, as a radio group (arrow keys move between them; each tile is at least
//! 44 px; the grid reflows down to 320 px).

use beian_domain::PROVINCES;
use leptos::prelude::*;

use crate::components::bind::Bound;

/// A grid of the 31 province characters.
#[component]
pub fn ProvincePicker(
    /// Id of the first tile (the error summary's link target).
    id: &'static str,
    /// The question, as the fieldset's legend.
    #[prop(into)]
    legend: Signal<String>,
    /// The chosen province, two-way bound.
    #[prop(into)]
    selected: Bound<Option<char>>,
    /// Inline error message.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.with(Option::is_some).then(|| error_id.clone())
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <fieldset class="fieldset" aria-describedby=described_by>
                <legend class="field__label fieldset__legend">{legend}</legend>
                <Show when=move || error.with(Option::is_some)>
                    <p class="field__error" id=error_id.clone()>{move || error.get()}</p>
                </Show>
                <div class="provinces">
                    {PROVINCES.iter().enumerate().map(|(i, &p)| {
                        let input_id = if i == 0 { id.to_string() } else { format!("{id}-{i}") };
                        view! {
                            <span class="province">
                                <input
                                    class="province__input"
                                    type="radio"
                                    id=input_id.clone()
                                    name=id
                                    value=p.to_string()
                                    prop:checked=move || selected.get() == Some(p)
                                    on:change=move |_| selected.set(Some(p))
                                />
                                <label class="province__label" for=input_id lang="zh-CN">{p.to_string()}</label>
                            </span>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
