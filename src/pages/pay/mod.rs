//! Handling and paying violations: a flow under `/pay` with a step indicator. Unprocessed
//! violations go through the handling rules and an SMS code (which make the penalty decisions);
//! decided ones start at the check page. Paying hands the order to the host's way of paying
//! (`crate::pay`) and the result page asks the server until the order is settled. The state
//! machine is in [`state`]; each screen is one file.

pub mod check;
pub mod code;
pub mod result;
pub mod rules;
pub mod state;

use beian_contract::violation::Violation;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::flow_frame::{
    provide_flow, use_flow, use_flow_guard, use_flow_step, FlowCtx, FlowLayout,
};
use crate::components::require_session::RequireSession;
use crate::i18n::*;
use crate::storage::InSession;
use state::{Payment, Step};

pub use crate::components::flow_frame::FlowIndex as PayIndex;

/// The payment flow, shared by its screens.
pub type PayCtx = FlowCtx<Payment>;

/// The flow from context.
pub fn use_payment() -> PayCtx {
    use_flow::<Payment>()
}

/// Starts paying these violations (replacing any earlier flow) and returns the first screen's
/// address.
pub fn start_payment(violations: &[Violation]) -> String {
    let p = Payment::start(violations);
    p.save();
    p.furthest().map_or("/violations", Step::path).to_owned()
}

/// Starts paying these violations and goes to the first screen. In WeChat's in-app browser the
/// pay steps are entered by a full page load, not a client-side route change: iOS WeChat checks
/// the JSAPI payment authorization directory against the URL the web-view first loaded, which for
/// a single-page app entered at `/` or `/violations` would never be under `/pay/`. Loading
/// `/pay/…` as a document makes that URL the one checked, so the operator registers exactly
/// `https://<host>/pay/` (docs/payments.md, "The payment directory on iOS WeChat"). Everywhere else the route
/// changes in place. The flow is in sessionStorage, so the new document picks it up.
pub fn enter_payment(violations: &[Violation], navigate: &impl Fn(&str, NavigateOptions)) {
    let path = start_payment(violations);
    if crate::pay::host() == beian_domain::PayHost::WechatBrowser && path.starts_with("/pay/") {
        if let Some(window) = web_sys::window() {
            if window.location().assign(&path).is_ok() {
                return;
            }
        }
    }
    navigate(&path, Default::default());
}

/// The `/pay` layout: session required, step indicator, the current screen.
#[component]
pub fn PayFlow() -> impl IntoView {
    view! { <RequireSession><PayFrame /></RequireSession> }
}

#[component]
fn PayFrame() -> impl IntoView {
    let i18n = use_i18n();
    let flow = provide_flow::<Payment>();
    let query = use_query_map();
    let navigate = use_navigate();
    let step = use_flow_step::<Step>();

    // Back from a provider's page: the way back skips it (see `crate::pay::redirect`). Decided
    // once, when the flow's frame is built (a page load: the provider's page was a page of its
    // own); meanwhile the screen is not shown, so that nothing flashes or can be tapped.
    let leaving = match step.get_untracked() {
        Some(Step::Result) => crate::pay::redirect::returned(),
        _ => false,
    };
    let result_instead = match step.get_untracked() {
        Some(Step::Check) => crate::pay::redirect::show_result_instead(Step::Result.path()),
        _ => None,
    };
    let to_result = result_instead.is_some();
    if let Some(path) = result_instead {
        Effect::new(move |_| {
            navigate(
                &path,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    }
    // Held until the result is on screen (after which "pay again" may come back to the check
    // page as usual); for good when the page is being left.
    let hold = RwSignal::new(leaving || to_result);
    Effect::new(move |_| {
        if to_result && step.get() == Some(Step::Result) {
            hold.set(false);
        }
    });

    // Send the user to a screen they may be on. The result page may also be reached with the
    // order in the address (back from the provider's page in a tab that lost its storage).
    use_flow_guard(step, move |requested| {
        let has_order = query.with(|q| q.get("order").is_some());
        let (ok, furthest) =
            flow.with(|p| (requested.is_some_and(|s| p.reachable(s)), p.furthest()));
        if ok || (requested == Some(Step::Result) && has_order) {
            return None;
        }
        Some(furthest.map_or("/violations", Step::path))
    });

    let handles =
        Memo::new(move |_| flow.with(|p| p.needs_handling() || p.rules_version.is_some()));
    let stages = Signal::derive(move || {
        let mut s = Vec::new();
        if handles.get() {
            s.push(t_string!(i18n, pay.stage_rules).to_string());
            s.push(t_string!(i18n, pay.stage_code).to_string());
        }
        s.push(t_string!(i18n, pay.stage_check).to_string());
        s.push(t_string!(i18n, pay.stage_result).to_string());
        s
    });
    let current = Signal::derive(move || {
        let stage = step.get().map(Step::stage).unwrap_or(0);
        if handles.get() {
            stage
        } else {
            stage.saturating_sub(2)
        }
    });
    let on_step = Signal::derive(move || step.get().is_some());
    view! { <FlowLayout stages=stages current=current on_step=on_step hold=hold /> }
}

/// The violations being paid, as a compact list (plate, time, what, amount).
#[component]
pub fn ItemList() -> impl IntoView {
    let i18n = use_i18n();
    let flow = use_payment();
    let items = Memo::new(move |_| flow.with(|p| p.items.clone()));
    view! {
        <ul class="list">
            {move || items.get().into_iter().map(|it| view! {
                <li class="card">
                    <p class="card__title"><span class="plate">{it.plate_number.clone()}</span>" "{crate::format::when(&it.time)}</p>
                    <p>{it.description.clone()}</p>
                    <p class="hint">{t!(i18n, pay.item_line, points = it.points, fine = crate::format::yuan(it.fine_fen))}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
