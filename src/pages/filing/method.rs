//! Step 1: how the owner consents: the owner's SMS code, or the owner's vehicle QR code; before the user
//! starts, it shows where they stand against the filing limits.

use beian_contract::{paths, vehicle::VehicleList};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::{Method, MethodKind};
use super::use_wizard;
use crate::api::use_api;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;
use crate::pages::vehicles::LimitsNotice;

/// The method screen.
#[component]
pub fn MethodStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let chosen =
        RwSignal::new(wizard.with_untracked(|w| w.method_kind().map(|k| k.value().to_string())));
    let missing = RwSignal::new(false);
    let limits =
        LocalResource::new(move || async move { api.get::<VehicleList>(paths::VEHICLES).await });

    let error = Signal::derive(move || {
        missing
            .get()
            .then(|| t_string!(i18n, filing.method_missing).to_string())
    });
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| {
                vec![Problem {
                    target: "method",
                    message,
                }]
            })
            .unwrap_or_default()
    });
    let submit = move || {
        let Some(method) = chosen.get_untracked() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        let Some(kind) = MethodKind::from_value(&method) else {
            return;
        };
        wizard.update(|w| w.choose_method(kind));
        let first = Method::new(kind).first_step();
        navigate(first.path(), Default::default());
    };
    view! {
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.method_title)}</h1>
        <p class="lead">{t!(i18n, filing.method_lead)}</p>
        {move || limits.get().and_then(|r| r.ok()).map(|l| view! { <LimitsNotice limits=l.limits /> })}
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <RadioGroup
                id="method"
                legend=Signal::derive(move || t_string!(i18n, filing.method_legend).to_string())
                options=vec![
                    RadioOption {
                        value: "owner_sms",
                        label: Signal::derive(move || t_string!(i18n, filing.method_owner_sms).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, filing.method_owner_sms_hint).to_string())),
                    },
                    RadioOption {
                        value: "owner_qr",
                        label: Signal::derive(move || t_string!(i18n, qr.method_label).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, qr.method_hint).to_string())),
                    },
                ]
                selected=chosen
                error=error
            />
            <button type="submit" class="button">{t!(i18n, filing.next_button)}</button>
        </form>
        <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
    }
}
