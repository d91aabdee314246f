//! SMS method, step 2a: the plate type. Only 02 (small car, blue plate) and 52 (small
//! new-energy car, green plate) can be filed online; the others are explained, not offered.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;
use crate::pages::filing::state::Step;
use crate::pages::filing::{use_wizard, BackLink};

/// The plate type screen's state: the type picked (kept on the screen until it is submitted: a
/// change forgets the lookup), whether none was, and the submission.
#[derive(Clone, Copy)]
pub struct PlateTypeChoice {
    /// The type picked (`02`, `52`).
    pub chosen: RwSignal<Option<String>>,
    /// None was picked when submitting.
    pub missing: RwSignal<bool>,
    /// Keeps the type and goes on to the vehicle.
    pub submit: Callback<()>,
}

/// The plate type screen's state and its submission.
pub fn use_plate_type_choice() -> PlateTypeChoice {
    let wizard = use_wizard();
    let navigate = use_navigate();
    let chosen = RwSignal::new(wizard.with_untracked(|w| {
        w.sms()
            .and_then(|s| s.plate_type())
            .map(|t| t.code().to_string())
    }));
    let missing = RwSignal::new(false);
    let submit = Callback::new(move |()| {
        let Some(code) = chosen.get_untracked() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        wizard.update(|w| w.set_plate_type(&code));
        navigate(Step::Vehicle.path(), Default::default());
    });
    PlateTypeChoice {
        chosen,
        missing,
        submit,
    }
}

/// The plate type screen.
#[component]
pub fn PlateTypeStep() -> impl IntoView {
    let i18n = use_i18n();
    let c = use_plate_type_choice();
    let error = Signal::derive(move || {
        c.missing
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
    view! {
        <BackLink to=Step::Method />
        <ErrorSummary problems=problems />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); c.submit.run(()); }>
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
                selected=c.chosen
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
