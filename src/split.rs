//! Route-level code splitting: the pages a first visit does not need are split out of the app's
//! wasm into chunks that load when their route is opened (docs/code-splitting.md).
//!
//! Each `split_page!` below marks one page's view function as a split point of
//! [`wasm_split_helpers`](leptos::wasm_split) (the runtime of Leptos 0.8's `#[lazy]`).
//! trunk's `post_build` hook (`cargo xtask post-build`, xtask/src/split.rs) builds the app, then
//! `wasm_split_cli_support` moves every split point, and the code only it reaches, into the chunk
//! named by its group (`sign_in`, `account`, `fines`, `filing`; code shared by groups goes to
//! shared chunks); the rest, with the home page, stays in the main wasm. Sign-in is a chunk too:
//! a signed-in driver, whose visits start at home, never needs it, and a cold `/sign-in` fetches
//! its chunks beside the main module (`index.html`'s first screen, from the list
//! `cargo xtask post-build` writes there). Without that step (the browser unit tests, `cargo check`) the
//! split points are plain calls.
//!
//! A page is a [`SplitPage`]: the router awaits its chunk before it leaves the page the user is
//! on, so there is no blank in between. Unlike Leptos's own `#[lazy_route]`, a chunk that cannot
//! be fetched (offline before the service worker had it, a dropped connection) is not a panic:
//! the split points are `fallible` and the page says it could not load, with a retry.
//! [`prefetch_all`] fetches every chunk once the first page has painted, so that later moves
//! do not wait on the network.

// The `wasm_split` attribute writes the extern import/export pair the splitting tool rewrites.
#![allow(unsafe_code)]

use futures::future::LocalBoxFuture;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::ChooseView;

use crate::i18n::*;

/// A page whose view lives in a split-out chunk: `load` fetches the chunk (once) and builds the
/// view; `preload` only fetches it.
#[derive(Clone, Copy)]
pub struct SplitPage {
    load: fn() -> LocalBoxFuture<'static, Result<AnyView, SplitLoaderError>>,
    preload: fn() -> LocalBoxFuture<'static, Result<(), SplitLoaderError>>,
}

impl ChooseView for SplitPage {
    async fn choose(self) -> AnyView {
        match (self.load)().await {
            Ok(view) => view,
            Err(err) => {
                warn_not_loaded(&err);
                view! { <PageLoadFailed page=self /> }.into_any()
            }
        }
    }

    async fn preload(&self) {
        // A failure shows when the page is chosen (above); nothing to say twice.
        let _ = (self.preload)().await;
    }
}

fn warn_not_loaded(err: &SplitLoaderError) {
    web_sys::console::warn_1(&format!("a page of the app could not be loaded: {err:?}").into());
}

/// What a page whose chunk could not be fetched shows: the cause the user can act on and a
/// retry, which fetches the chunk again and shows the page in this one's place. It is no reload:
/// what is only in memory stays (the number typed on a cold sign-in's first screen, which
/// `index.html` hands to the page once it is there).
#[component]
fn PageLoadFailed(
    /// The page to load again.
    page: SplitPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = RwSignal::new_local(None::<AnyView>);
    let trying = RwSignal::new(false);
    // The page is built under this one's owner, so that it is cleaned up with the route.
    let owner = Owner::current().unwrap_or_default();
    let retry = move |_| {
        if trying.get_untracked() {
            return;
        }
        trying.set(true);
        owner.with(|| {
            leptos::task::spawn_local_scoped(async move {
                match (page.load)().await {
                    Ok(view) => loaded.set(Some(view)),
                    Err(err) => {
                        warn_not_loaded(&err);
                        trying.set(false);
                    }
                }
            })
        });
    };
    move || {
        loaded.track();
        match loaded.try_update_untracked(Option::take).flatten() {
            Some(view) => Either::Left(view),
            None => Either::Right(view! {
                <div class="page">
                    <div class="error-summary" role="alert" tabindex="-1">
                        <h1>{t!(i18n, split.title)}</h1>
                        <p>{t!(i18n, split.body)}</p>
                    </div>
                    <p>
                        <button
                            type="button"
                            class="button"
                            on:click=retry.clone()
                            aria-disabled=move || trying.get().then_some("true")
                        >
                            {t!(i18n, split.retry)}
                        </button>
                    </p>
                </div>
            }),
        }
    }
}

/// Declares split pages: `name => group: Component,` gives a `const name: SplitPage` whose view
/// is `<Component/>`, split into the chunk of `group`.
macro_rules! split_pages {
    ($($name:ident, $view_fn:ident, $preload_fn:ident => $group:ident: $component:path;)*) => {
        $(
            #[wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload_fn))]
            fn $view_fn() -> Result<AnyView, SplitLoaderError> {
                Ok(untrack(|| $component()).into_any())
            }

            #[allow(non_upper_case_globals)]
            pub const $name: SplitPage = SplitPage {
                load: || Box::pin($view_fn()),
                preload: || Box::pin($preload_fn()),
            };
        )*

        /// Every split page, for [`prefetch_all`].
        const ALL: &[SplitPage] = &[$($name),*];
    };
}

use crate::pages::filing::qr::{details::QrDetailsStep, photos::QrPhotosStep, scan::QrScanStep};
use crate::pages::filing::sms::{plate_type::PlateTypeStep, vehicle::VehicleStep};
use crate::pages::filing::{
    documents::DocumentsStep, done::DoneStep, face::FaceStep, method::MethodStep,
    owner_code::OwnerCodeStep, FilingFlow, FilingIndex,
};
use crate::pages::pay::{
    check::CheckStep, code::CodeStep, result::ResultStep, rules::RulesStep, PayFlow, PayIndex,
};
use crate::pages::violations::{detail::ViolationDetail, list::Violations};
use crate::pages::{messages::Messages, receipt::ReceiptPage, sign_in::SignIn, vehicles::Vehicles};

split_pages! {
    VEHICLES, vehicles_view, vehicles_preload => account: Vehicles;
    MESSAGES, messages_view, messages_preload => account: Messages;
    VIOLATIONS, violations_view, violations_preload => fines: Violations;
    VIOLATION_DETAIL, violation_detail_view, violation_detail_preload => fines: ViolationDetail;
    PAY_FLOW, pay_flow_view, pay_flow_preload => fines: PayFlow;
    PAY_INDEX, pay_index_view, pay_index_preload => fines: PayIndex;
    PAY_RULES, pay_rules_view, pay_rules_preload => fines: RulesStep;
    PAY_CODE, pay_code_view, pay_code_preload => fines: CodeStep;
    PAY_CHECK, pay_check_view, pay_check_preload => fines: CheckStep;
    PAY_RESULT, pay_result_view, pay_result_preload => fines: ResultStep;
    RECEIPT, receipt_view, receipt_preload => fines: ReceiptPage;
    FILING_FLOW, filing_flow_view, filing_flow_preload => filing: FilingFlow;
    FILING_INDEX, filing_index_view, filing_index_preload => filing: FilingIndex;
    FILING_METHOD, filing_method_view, filing_method_preload => filing: MethodStep;
    FILING_PLATE_TYPE, filing_plate_type_view, filing_plate_type_preload => filing: PlateTypeStep;
    FILING_VEHICLE, filing_vehicle_view, filing_vehicle_preload => filing: VehicleStep;
    FILING_SCAN, filing_scan_view, filing_scan_preload => filing: QrScanStep;
    FILING_PHOTOS, filing_photos_view, filing_photos_preload => filing: QrPhotosStep;
    FILING_DETAILS, filing_details_view, filing_details_preload => filing: QrDetailsStep;
    FILING_OWNER_CODE, filing_owner_code_view, filing_owner_code_preload => filing: OwnerCodeStep;
    FILING_FACE, filing_face_view, filing_face_preload => filing: FaceStep;
    FILING_DOCUMENTS, filing_documents_view, filing_documents_preload => filing: DocumentsStep;
    FILING_DONE, filing_done_view, filing_done_preload => filing: DoneStep;
    // Last in `prefetch_all`'s order: a signed-in user (who has the session) does not need it first.
    SIGN_IN, sign_in_view, sign_in_preload => sign_in: SignIn;
}

/// Fetches every chunk, one after another, so that opening another page later does not wait on
/// the network; called once the first page is on screen (`crate::start`). A chunk already fetched
/// (or being fetched by a navigation) is not fetched again; one that fails is tried again when its
/// page is opened.
pub fn prefetch_all() {
    leptos::task::spawn_local(async {
        for page in ALL {
            page.preload().await;
        }
    });
}

/// Fetch ahead: once the page the user is on is idle (its own start-up and requests done), fetch
/// what the next step is likely to need, so that the tap that leads there waits on nothing:
///
/// - a signed-in home: the filing pages' chunk (filing a vehicle is the service's first task);
/// - a signed-out home: the sign-in page's chunk (its one way on). A cold `/sign-in` does not
///   wait for this: `index.html` fetches that chunk beside the main module;
/// - the filing method page: the QR decoder, whose worker downloads and compiles its wasm off the
///   main thread ([`crate::scan::warm_up`]) for the scan page to take. Leaving the filing flow
///   by any page other than the scan stops it.
///
/// Idle means after the router's navigation and in the browser's idle time (`requestIdleCallback`
/// where there is one, else a short timer): the current page's own work and fetches start first.
pub fn use_fetch_ahead(session: crate::session::Session) {
    let location = leptos_router::hooks::use_location();
    let routing = use_context::<crate::components::layout::Routing>().map(|r| r.0);
    Effect::new(move |_| {
        if routing.is_some_and(|r| r.get()) {
            return;
        }
        let path = location.pathname.get();
        let signed_in = session.is_signed_in();
        match path.trim_end_matches('/') {
            "" => {
                let next = if signed_in { FILING_METHOD } else { SIGN_IN };
                when_idle(move || {
                    leptos::task::spawn_local(async move {
                        next.preload().await;
                    })
                })
            }
            "/file/method" => when_idle(|| {
                WARMED.set(true);
                leptos::task::spawn_local(async {
                    let _ = warm_up_decoder().await;
                });
            }),
            "/file/scan" => {}
            _ if WARMED.replace(false) => leptos::task::spawn_local(async {
                let _ = cool_down_decoder().await;
            }),
            _ => {}
        }
    });
}

thread_local! {
    /// A decoder may have been started ahead (and not taken): see [`use_fetch_ahead`].
    static WARMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

// The decoder's glue (`crate::scan`) is the filing pages' code: these two stay in their chunk,
// which the filing method page has loaded already.
#[wasm_split(filing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn warm_up_decoder() -> Result<(), SplitLoaderError> {
    crate::scan::warm_up();
    Ok(())
}

#[wasm_split(filing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn cool_down_decoder() -> Result<(), SplitLoaderError> {
    crate::scan::cool_down();
    Ok(())
}

/// Runs `f` in the browser's idle time (`requestIdleCallback`, at most 1 s away), or after a
/// short timer where there is none (WebKit).
fn when_idle(f: impl FnOnce() + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let ric = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match ric {
        Some(ric) => {
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"timeout".into(), &JsValue::from(1000));
            let _ = ric.call2(&window, &callback, &opts);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                100,
            );
        }
    }
}
