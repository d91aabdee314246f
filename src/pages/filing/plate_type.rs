//! Step 2a: the plate type. Only 02 (small car, blue plate) and 52 (small new-energy car,
//! green plate) can be filed online; the others are explained, not offered.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::state::Step;
use super::{use_wizard, BackLink};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;

/// The plate type screen.
#[component]
pub fn PlateTypeStep() -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let chosen = RwSignal::new(wizard.with_untracked(|w| {
        w.sms()
            .and_then(|s| s.plate_type())
            .map(|t| t.code().to_string())
    }));
    let missing = RwSignal::new(false);
    let error = Signal::derive(move || {
        missing
            .get()
            .then(|| t_string!(i18n, filing.plate_type_missing).to_string())
    });
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| {
                vec![Problem {
                    target: "plate-type",
                    message,
                }]
            })
            .unwrap_or_default()
    });
    let submit = move || {
        let Some(code) = chosen.get_untracked() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        wizard.update(|w| w.set_plate_type(&code));
        navigate(Step::Vehicle.path(), Default::default());
    };
    view! {
        <BackLink to=Step::Method />
        <ErrorSummary problems=problems />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h1>{t!(i18n, filing.plate_type_title)}</h1>
            <RadioGroup
                id="plate-type"
                legend=Signal::derive(move || t_string!(i18n, filing.plate_type_legend).to_string())
                options=vec![
                    RadioOption {
                        value: "02",
                        label: Signal::derive(move || t_string!(i18n, filing.plate_type_02).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, filing.plate_type_02_hint).to_string())),
                    },
                    RadioOption {
                        value: "52",
                        label: Signal::derive(move || t_string!(i18n, filing.plate_type_52).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, filing.plate_type_52_hint).to_string())),
                    },
                ]
                selected=chosen
                error=error
            />
            <details class="details">
                <summary>{t!(i18n, filing.plate_type_others_summary)}</summary>
                <p>{t!(i18n, filing.plate_type_others_body)}</p>
            </details>
            <button type="submit" class="button">{t!(i18n, filing.next_button)}</button>
        </form>
    }
}
