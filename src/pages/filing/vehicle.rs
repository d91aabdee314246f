//! Step 2b: which vehicle: the plate number (province picked from a grid, the rest typed) and
//! the last six characters of the engine number, checked as typed by the domain rules, then
//! looked up on the server.

use beian_contract::filing::{LookupRequest, VehicleMatch};
use beian_contract::{paths, ErrorCode};
use beian_domain::{EngineError, PlateError, PROVINCES};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::{self, Step};
use super::{flow_error_text, use_wizard, BackLink};
use crate::api::{use_api, ApiFailure};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::field::TextField;
use crate::components::province_picker::ProvincePicker;
use crate::i18n::*;

/// What is wrong with the plate.
#[derive(Clone, Debug, PartialEq)]
enum PlateProblem {
    NoProvince,
    Format(PlateError),
    Api(ApiFailure),
}

/// What is wrong with the engine digits.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EngineProblem {
    Format(EngineError),
    Api(ApiFailure),
}

fn plate_text(p: &PlateProblem) -> String {
    let i18n = use_i18n();
    match p {
        PlateProblem::NoProvince => t_string!(i18n, filing.plate_no_province).to_string(),
        PlateProblem::Format(e) => match e {
            PlateError::Empty => t_string!(i18n, filing.plate_empty).to_string(),
            PlateError::UnknownProvince { ch } => {
                t_string!(i18n, filing.plate_unknown_province, ch = ch.to_string()).to_string()
            }
            PlateError::BadOffice { ch } => {
                t_string!(i18n, filing.plate_bad_office, ch = ch.to_string()).to_string()
            }
            PlateError::WrongLength { expected, actual } => t_string!(
                i18n,
                filing.plate_wrong_length,
                expected = *expected,
                actual = *actual
            )
            .to_string(),
            PlateError::BadCharacter { position, ch } => t_string!(
                i18n,
                filing.plate_bad_character,
                position = *position,
                ch = ch.to_string()
            )
            .to_string(),
            PlateError::NotFileableKind { ch } => {
                t_string!(i18n, filing.plate_not_fileable_kind, ch = ch.to_string()).to_string()
            }
            PlateError::NotFileableType { .. } => {
                t_string!(i18n, filing.err_plate_type_not_fileable).to_string()
            }
            PlateError::LooksLikeNewEnergy => {
                t_string!(i18n, filing.plate_looks_like_new_energy).to_string()
            }
            PlateError::LooksLikeSmallCar => {
                t_string!(i18n, filing.plate_looks_like_small_car).to_string()
            }
        },
        PlateProblem::Api(f) => {
            flow_error_text(f).unwrap_or_else(|| t_string!(i18n, filing.plate_rejected).to_string())
        }
    }
}

pub(crate) fn engine_text(p: &EngineProblem) -> String {
    let i18n = use_i18n();
    match p {
        EngineProblem::Format(EngineError::Empty) => {
            t_string!(i18n, filing.engine_empty).to_string()
        }
        EngineProblem::Format(EngineError::WrongLength { actual }) => {
            t_string!(i18n, filing.engine_wrong_length, actual = *actual).to_string()
        }
        EngineProblem::Format(EngineError::BadCharacter { position, ch }) => t_string!(
            i18n,
            filing.engine_bad_character,
            position = *position,
            ch = ch.to_string()
        )
        .to_string(),
        EngineProblem::Api(f) => flow_error_text(f)
            .unwrap_or_else(|| t_string!(i18n, filing.engine_rejected).to_string()),
    }
}

/// The vehicle screen.
#[component]
pub fn VehicleStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let (province0, rest0, engine0) = wizard.with_untracked(|w| {
        let s = w.sms().cloned().unwrap_or_default();
        (s.province, s.plate_rest, s.engine)
    });
    let province = RwSignal::new(province0);
    let rest = RwSignal::new(rest0);
    let engine = RwSignal::new(engine0);
    let plate_problem = RwSignal::new(None::<PlateProblem>);
    let engine_problem = RwSignal::new(None::<EngineProblem>);
    let blocked = RwSignal::new(None::<ApiFailure>);
    let failure = RwSignal::new(None::<ApiFailure>);

    // What is typed is kept for a reload; a change forgets an earlier lookup.
    Effect::new(move |_| {
        let (p, r, e) = (province.get(), rest.get(), engine.get());
        wizard.update(|w| w.set_vehicle(p, &r, &e));
    });
    // A full plate typed into the field selects its province.
    Effect::new(move |_| {
        if let Some(c) = rest.with(|r| r.trim().chars().next()) {
            if PROVINCES.contains(&c) && province.get_untracked() != Some(c) {
                province.set(Some(c));
            }
        }
    });

    let lookup = Action::new_local(move |req: &LookupRequest| {
        let req = req.clone();
        async move {
            api.post::<_, VehicleMatch>(paths::FILING_LOOKUP, &req)
                .await
        }
    });
    Effect::new(move |_| {
        let Some(result) = lookup.value().get() else {
            return;
        };
        match result {
            Ok(m) => {
                wizard.update(|w| w.found(&m));
                navigate(Step::OwnerCode.path(), Default::default());
            }
            Err(f) => match (f.code(), f.field()) {
                (Some(ErrorCode::EngineMismatch), _)
                | (Some(ErrorCode::Validation), Some("engine_last6")) => {
                    engine_problem.set(Some(EngineProblem::Api(f)))
                }
                (
                    Some(
                        ErrorCode::VehicleNotFound
                        | ErrorCode::PlateTypeNotFileable
                        | ErrorCode::OwnVehicle
                        | ErrorCode::AlreadyFiled
                        | ErrorCode::LimitVehicleFilers
                        | ErrorCode::Validation,
                    ),
                    _,
                ) => plate_problem.set(Some(PlateProblem::Api(f))),
                (
                    Some(ErrorCode::LimitVehicles | ErrorCode::LimitDaily | ErrorCode::LimitYearly),
                    _,
                ) => blocked.set(Some(f)),
                _ => failure.set(Some(f)),
            },
        }
    });

    let submit = move || {
        failure.set(None);
        blocked.set(None);
        let Some(request) = wizard.with_untracked(|w| w.sms().map(|s| s.lookup_request())) else {
            return;
        };
        match request {
            Ok(req) => {
                plate_problem.set(None);
                engine_problem.set(None);
                lookup.dispatch(req);
            }
            Err(p) => {
                plate_problem.set(p.plate.map(|p| match p {
                    state::PlateProblem::NoProvince => PlateProblem::NoProvince,
                    state::PlateProblem::Format(e) => PlateProblem::Format(e),
                }));
                engine_problem.set(p.engine.map(EngineProblem::Format));
            }
        }
    };

    let plate_error = Signal::derive(move || plate_problem.get().as_ref().map(plate_text));
    let engine_error = Signal::derive(move || engine_problem.get().as_ref().map(engine_text));
    let blocked_text = Signal::derive(move || blocked.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = blocked_text.get() {
            list.push(Problem {
                target: "limit",
                message,
            });
        }
        if let Some(message) = plate_error.get() {
            let target = if matches!(plate_problem.get(), Some(PlateProblem::NoProvince)) {
                "province"
            } else {
                "plate"
            };
            list.push(Problem { target, message });
        }
        if let Some(message) = engine_error.get() {
            list.push(Problem {
                target: "engine",
                message,
            });
        }
        list
    });
    let province_error = Signal::derive(move || {
        matches!(plate_problem.get(), Some(PlateProblem::NoProvince))
            .then(|| t_string!(i18n, filing.plate_no_province).to_string())
    });
    let rest_error = Signal::derive(move || match plate_problem.get() {
        Some(PlateProblem::NoProvince) | None => None,
        Some(p) => Some(plate_text(&p)),
    });
    let type_name = move || {
        wizard.with(|w| match w.sms().and_then(|s| s.plate_type.as_deref()) {
            Some("52") => t_string!(i18n, filing.plate_type_52).to_string(),
            _ => t_string!(i18n, filing.plate_type_02).to_string(),
        })
    };

    view! {
        <BackLink to=Step::PlateType />
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.vehicle_title)}</h1>
        <p class="hint">{t!(i18n, filing.vehicle_type_chosen)}" "<strong>{type_name}</strong>" "
            <A href=Step::PlateType.path()>{t!(i18n, filing.change)}</A></p>
        {move || blocked_text.get().map(|text| view! {
            <div class="notice notice--error" id="limit" tabindex="-1">
                <p>{text}</p>
                <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
            </div>
        })}
        <FailureNotice failure=failure on_retry=Callback::new(move |()| submit()) />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <ProvincePicker
                id="province"
                legend=Signal::derive(move || t_string!(i18n, filing.province_legend).to_string())
                selected=province
                error=province_error
            />
            <TextField
                id="plate"
                label=Signal::derive(move || t_string!(i18n, filing.plate_label).to_string())
                hint=Signal::derive(move || wizard.with(|w| if w.sms().and_then(|s| s.plate_type.as_deref()) == Some("52") {
                    t_string!(i18n, filing.plate_hint_52).to_string()
                } else {
                    t_string!(i18n, filing.plate_hint_02).to_string()
                }))
                error=rest_error
                value=rest
                autocomplete="off"
            />
            <TextField
                id="engine"
                label=Signal::derive(move || t_string!(i18n, filing.engine_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, filing.engine_hint).to_string())
                error=engine_error
                value=engine
                autocomplete="off"
            />
            <button type="submit" class="button" disabled=move || lookup.pending().get()>
                {move || if lookup.pending().get() { t_string!(i18n, filing.looking_up).to_string() } else { t_string!(i18n, filing.look_up).to_string() }}
            </button>
        </form>
    }
}
