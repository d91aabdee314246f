//! Where the user stands against the filing limits (My vehicles, and the filing's first screen).

use beian_contract::vehicle::FilingLimits;
use leptos::prelude::*;

use crate::i18n::*;

/// Where the user stands against the filing limits, with a warning for each limit reached.
#[component]
pub fn LimitsNotice(
    /// The limits and usage from `GET /api/vehicles`.
    limits: FilingLimits,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = limits;
    let vehicles_full = l.vehicles_held >= l.max_vehicles;
    let year_full = l.applications_this_year >= l.max_per_year;
    let day_full = l.applications_today >= l.max_per_day;
    let any = vehicles_full || year_full || day_full;
    view! {
        <section class="limits" aria-labelledby="limits-title">
            <h2 id="limits-title" class="limits__title">{t!(i18n, vehicles.limits_title)}</h2>
            <p class="hint">{t!(i18n, vehicles.limits,
                held = l.vehicles_held, max = l.max_vehicles,
                today = l.applications_today, per_day = l.max_per_day,
                year = l.applications_this_year, per_year = l.max_per_year)}</p>
            <Show when=move || any>
                <div class="notice notice--warning">
                    {vehicles_full.then(|| view! { <p>{t!(i18n, vehicles.limit_vehicles_reached, max = l.max_vehicles)}</p> })}
                    {year_full.then(|| view! { <p>{t!(i18n, vehicles.limit_yearly_reached, max = l.max_per_year)}</p> })}
                    {(day_full && !year_full).then(|| view! { <p>{t!(i18n, vehicles.limit_daily_reached)}</p> })}
                </div>
            </Show>
        </section>
    }
}
