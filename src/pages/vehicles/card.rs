//! One filed vehicle in the My vehicles list.

use beian_contract::filing::FilingState;
use beian_contract::vehicle::FiledVehicle;
use leptos::prelude::*;
use leptos_router::components::A;

use super::state_text;
use crate::i18n::*;

/// One filed vehicle: its plate, status (and the reason of a rejection), a link to its
/// violations once approved, and withdrawing or unbinding it.
#[component]
pub fn VehicleCard(
    /// The vehicle.
    vehicle: FiledVehicle,
    /// Asks whether to unbind (or withdraw) it.
    ask_unbind: Callback<FiledVehicle>,
) -> impl IntoView {
    let i18n = use_i18n();
    let v = vehicle;
    let held = !matches!(
        v.state,
        FilingState::Rejected | FilingState::Revoked | FilingState::Unknown
    );
    let pending = !matches!(v.state, FilingState::Approved) && held;
    let v2 = v.clone();
    view! {
        <li class="card vehicle">
            <h2 class="card__title plate">{v.plate_number.clone()}</h2>
            <p><span class=format!("status status--{:?}", v.state).to_lowercase()>{state_text(v.state)}</span></p>
            {v.reason.clone().map(|r| view! { <p>{t!(i18n, vehicles.reason)}" "{r}</p> })}
            <p class="hint">{t!(i18n, vehicles.filed_on, date = v.filed_on.clone())}</p>
            {(v.state == FilingState::Approved && !v.may_handle).then(|| view! {
                <p class="hint">{t!(i18n, vehicles.view_only)}</p>
            })}
            {(v.state == FilingState::Approved).then(|| {
                let href = crate::links::violations_href(&v.id, false);
                let plate = v.plate_number.clone();
                view! {
                    <p><A href=href>{t!(i18n, vehicles.violations)}<span class="visually-hidden">" "{plate}</span></A></p>
                }
            })}
            <Show when=move || held>
                <button
                    type="button"
                    class="button button--secondary"
                    aria-label={
                        let plate = v2.plate_number.clone();
                        move || {
                            let action = if pending { t_string!(i18n, vehicles.withdraw) } else { t_string!(i18n, vehicles.unbind) };
                            format!("{action} {plate}")
                        }
                    }
                    on:click={
                        let v2 = v2.clone();
                        move |_| ask_unbind.run(v2.clone())
                    }>
                    {if pending { t!(i18n, vehicles.withdraw).into_any() } else { t!(i18n, vehicles.unbind).into_any() }}
                </button>
            </Show>
        </li>
    }
}
