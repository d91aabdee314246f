//! QR method, step 4: the details the server asked for: the engine number's last six characters
//! (read off the engine-number plate just photographed; checked with the domain rule) and the
//! applicant's relationship to the owner. The server checks them again with the filing.

use beian_contract::filing::Relationship;
use beian_domain::parse_engine_last6;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::state::{self, Step};
use super::vehicle::{engine_text, EngineProblem};
use super::{use_wizard, BackLink};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::field::TextField;
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;

const RELATIONSHIPS: [(Relationship, &str); 5] = [
    (Relationship::Spouse, "spouse"),
    (Relationship::Relative, "relative"),
    (Relationship::Employer, "employer"),
    (Relationship::Friend, "friend"),
    (Relationship::Other, "other"),
];

fn relationship_of(value: &str) -> Option<Relationship> {
    RELATIONSHIPS
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(r, _)| *r)
}

fn value_of(r: Relationship) -> Option<String> {
    RELATIONSHIPS
        .iter()
        .find(|(x, _)| *x == r)
        .map(|(_, v)| (*v).to_string())
}

/// The details screen.
#[component]
pub fn QrDetailsStep() -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let qr = wizard.with_untracked(|w| w.qr().cloned().unwrap_or_default());
    let (asks_engine, asks_relationship) = (qr.asks_engine(), qr.asks_relationship());
    let engine = RwSignal::new(qr.engine.clone());
    let relationship = RwSignal::new(qr.relationship.and_then(value_of));
    // What is typed is kept for a reload (the user switched apps to ask the owner).
    Effect::new(move |_| {
        let (e, r) = (
            engine.get(),
            relationship.get().as_deref().and_then(relationship_of),
        );
        wizard.update(|w| w.details_typed(&e, r));
    });
    let engine_problem = RwSignal::new(None::<EngineProblem>);
    let relationship_missing = RwSignal::new(false);

    let submit = move || {
        let mut ok = true;
        let mut engine_value = String::new();
        if asks_engine {
            match parse_engine_last6(&engine.get_untracked()) {
                Ok(e) => {
                    engine_problem.set(None);
                    engine_value = e.as_str().to_owned();
                    engine.set(engine_value.clone());
                }
                Err(e) => {
                    engine_problem.set(Some(EngineProblem::Format(e)));
                    ok = false;
                }
            }
        }
        let rel = relationship
            .get_untracked()
            .as_deref()
            .and_then(relationship_of);
        relationship_missing.set(asks_relationship && rel.is_none());
        if asks_relationship && rel.is_none() {
            ok = false;
        }
        if ok {
            wizard.update(|w| {
                w.set_details(&state::Details {
                    engine: engine_value,
                    relationship: rel,
                })
            });
            navigate(Step::OwnerCode.path(), Default::default());
        }
    };

    let engine_error = Signal::derive(move || engine_problem.get().as_ref().map(engine_text));
    let relationship_error = Signal::derive(move || {
        relationship_missing
            .get()
            .then(|| t_string!(i18n, qr.relationship_missing).to_string())
    });
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = engine_error.get() {
            list.push(Problem {
                target: "engine",
                message,
            });
        }
        if let Some(message) = relationship_error.get() {
            list.push(Problem {
                target: "relationship",
                message,
            });
        }
        list
    });
    let option = |value: &'static str, label: Signal<String>| RadioOption {
        value,
        label,
        hint: None,
    };

    view! {
        <BackLink to=Step::QrPhotos />
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, qr.details_title)}</h1>
        <p class="lead">{t!(i18n, qr.details_lead)}</p>
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            {asks_engine.then(|| view! {
                <TextField
                    id="engine"
                    label=Signal::derive(move || t_string!(i18n, filing.engine_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, qr.engine_hint).to_string())
                    error=engine_error
                    value=engine
                    autocomplete="off"
                />
            })}
            {asks_relationship.then(|| view! {
                <RadioGroup
                    id="relationship"
                    legend=Signal::derive(move || t_string!(i18n, qr.relationship_legend).to_string())
                    options=vec![
                        option("spouse", Signal::derive(move || t_string!(i18n, qr.relationship_spouse).to_string())),
                        option("relative", Signal::derive(move || t_string!(i18n, qr.relationship_relative).to_string())),
                        option("employer", Signal::derive(move || t_string!(i18n, qr.relationship_employer).to_string())),
                        option("friend", Signal::derive(move || t_string!(i18n, qr.relationship_friend).to_string())),
                        option("other", Signal::derive(move || t_string!(i18n, qr.relationship_other).to_string())),
                    ]
                    selected=relationship
                    error=relationship_error
                />
            })}
            <button type="submit" class="button">{t!(i18n, filing.next_button)}</button>
        </form>
    }
}
