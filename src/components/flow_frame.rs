//! The frame every multi-screen flow (filing, payment) shares: the flow's state in context and in
//! this tab's sessionStorage ([`FlowCtx`]), the step at the current address ([`use_flow_step`]),
//! the redirect guard that sends a user who asks for a screen they cannot be on to one they can
//! ([`use_flow_guard`]), and the layout with the step indicator ([`FlowLayout`]). Each flow
//! supplies only its own rules: where a request for a step leads, and the stages it shows.

use beian_flow::FlowStep;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::step_indicator::StepIndicator;
use crate::i18n::*;
use crate::storage::InSession;

/// A flow's state, shared by the screens of the flow; every change is stored in this tab.
pub struct FlowCtx<S: 'static>(RwSignal<S>);

impl<S: 'static> Clone for FlowCtx<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: 'static> Copy for FlowCtx<S> {}

impl<S: InSession + Clone + Send + Sync + 'static> FlowCtx<S> {
    /// The state, tracked.
    pub fn get(&self) -> S {
        self.0.get()
    }

    /// Reads part of the state, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&S) -> R) -> R {
        self.0.with(f)
    }

    /// Reads part of the state, untracked.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&S) -> R) -> R {
        self.0.with_untracked(f)
    }

    /// Changes the state and stores it in this tab.
    pub fn update(&self, f: impl FnOnce(&mut S)) {
        self.0.update(|s| {
            f(s);
            s.save();
        });
    }

    /// A slice of the state: `get` reads a field (tracked), `set` writes it (and stores the
    /// state), so an input binds straight to the flow's field.
    pub fn slice<T: Clone + Send + Sync + PartialEq + 'static>(
        &self,
        get: impl Fn(&S) -> T + Send + Sync + 'static,
        set: impl Fn(&mut S, T) + Send + Sync + 'static,
    ) -> (Signal<T>, SignalSetter<T>) {
        let ctx = *self;
        let memo = Memo::new(move |_| ctx.with(&get));
        let setter = SignalSetter::map(move |v: T| ctx.update(|s| set(s, v)));
        (memo.into(), setter)
    }

    /// Starts over.
    pub fn reset(&self)
    where
        S: Default,
    {
        S::clear_stored();
        self.0.set(S::default());
    }
}

/// Reads the flow's state from this tab and provides it to the flow's screens.
pub fn provide_flow<S: InSession + Clone + Send + Sync + 'static>() -> FlowCtx<S> {
    let ctx = FlowCtx(RwSignal::new(S::load()));
    provide_context(ctx);
    ctx
}

/// The flow's state from context.
pub fn use_flow<S: InSession + Clone + Send + Sync + 'static>() -> FlowCtx<S> {
    expect_context::<FlowCtx<S>>()
}

/// The step at the current address (`None` at the flow's base path or elsewhere).
pub fn use_flow_step<St: FlowStep + PartialEq>() -> Memo<Option<St>> {
    let location = use_location();
    Memo::new(move |_| location.pathname.with(|p| St::from_path(p)))
}

/// Sends the user to the address `target` gives for the step they asked for (`None`: the
/// flow's base path), when it gives one; the current entry of the history is replaced. Nothing
/// happens while the address is outside the flow: the frame is about to go (a link to another
/// page), and the user is never pulled back into the flow.
pub fn use_flow_guard<St: FlowStep + PartialEq>(
    step: Memo<Option<St>>,
    target: impl Fn(Option<St>) -> Option<&'static str> + 'static,
) {
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !location.pathname.with(|p| St::in_flow(p)) {
            return;
        }
        if let Some(t) = target(step.get()) {
            navigate(
                t,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
}

/// A flow's layout: the step indicator (on a step's screen), then the screen. While `hold` is
/// true only "loading" is shown, so that nothing flashes or can be tapped.
#[component]
pub fn FlowLayout(
    /// The stages the indicator names.
    stages: Signal<Vec<String>>,
    /// The current stage (0-based).
    current: Signal<usize>,
    /// Whether a step's screen is shown (not the flow's base path).
    on_step: Signal<bool>,
    /// Show only "loading" meanwhile.
    #[prop(optional, into)]
    hold: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page page--narrow">
            <Show when=move || !hold.get() fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                <Show when=move || on_step.get()>
                    <StepIndicator steps=stages current=current />
                </Show>
                <Outlet />
            </Show>
        </div>
    }
}

/// A flow's base path (`/file`, `/pay`): the guard sends the user on; meanwhile, "loading".
#[component]
pub fn FlowIndex() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p role="status">{t!(i18n, status.loading)}</p> }
}
