//! A group of radio buttons in a fieldset with a legend, an optional hint and an inline error
//! (GOV.UK style: large tap targets, the error above the options).

use leptos::prelude::*;

use crate::components::bind::Bound;

/// One choice of a [`RadioGroup`].
#[derive(Clone)]
pub struct RadioOption {
    /// The value stored when chosen.
    pub value: &'static str,
    /// Visible label.
    pub label: Signal<String>,
    /// Optional hint under the label.
    pub hint: Option<Signal<String>>,
}

/// Radio buttons for one question.
#[component]
pub fn RadioGroup(
    /// Id of the first radio (the error summary's link target); the others get `-2`, `-3`…
    id: &'static str,
    /// The question, as the fieldset's legend.
    #[prop(into)]
    legend: Signal<String>,
    /// Optional hint under the legend.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The choices.
    options: Vec<RadioOption>,
    /// The chosen value, two-way bound.
    #[prop(into)]
    selected: Bound<Option<String>>,
    /// Inline error message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Called with the value the user chose, after `selected` is set (to keep it elsewhere too).
    #[prop(optional)]
    on_change: Option<Callback<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <fieldset class="fieldset" aria-describedby=described_by>
                <legend class="field__label fieldset__legend">{legend}</legend>
                {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
                <Show when=move || error.with(Option::is_some)>
                    <p class="field__error" id=error_id.clone()>{move || error.get()}</p>
                </Show>
                <div class="radios">
                    {options.into_iter().enumerate().map(|(i, o)| {
                        let input_id = if i == 0 { id.to_string() } else { format!("{id}-{}", i + 1) };
                        let value = o.value;
                        let item_hint_id = format!("{input_id}-item-hint");
                        view! {
                            <div class="radio">
                                <input
                                    class="radio__input"
                                    type="radio"
                                    id=input_id.clone()
                                    name=id
                                    value=value
                                    aria-describedby=o.hint.is_some().then(|| item_hint_id.clone())
                                    prop:checked=move || selected.with(|s| s.as_deref() == Some(value))
                                    on:change=move |_| {
                                        selected.set(Some(value.to_string()));
                                        if let Some(f) = on_change {
                                            f.run(value.to_string());
                                        }
                                    }
                                />
                                <label class="radio__label" for=input_id>{o.label}</label>
                                {o.hint.map(|h| view! { <p class="radio__hint" id=item_hint_id>{h}</p> })}
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
