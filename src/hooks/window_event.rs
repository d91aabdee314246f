//! Listening to the window's (or the document's) events for as long as a component lives:
//! `pageshow` (shown again from the back-forward cache), `visibilitychange` (the user comes back
//! from another app). The listener is removed when the component goes, so a page that is left
//! never reacts again.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `handler` with every `event` the window receives (typed as `E`, e.g.
/// `web_sys::PageTransitionEvent` for `pageshow`) until the calling component is disposed.
/// Outside a browser it does nothing.
pub fn use_window_event<E>(event: &'static str, handler: impl FnMut(E) + 'static)
where
    E: JsCast + 'static,
{
    let target = web_sys::window().map(web_sys::EventTarget::from);
    listen(target, event, handler);
}

/// As [`use_window_event`], for events fired at the document (`visibilitychange`).
pub fn use_document_event<E>(event: &'static str, handler: impl FnMut(E) + 'static)
where
    E: JsCast + 'static,
{
    let target = web_sys::window()
        .and_then(|w| w.document())
        .map(web_sys::EventTarget::from);
    listen(target, event, handler);
}

fn listen<E>(
    target: Option<web_sys::EventTarget>,
    event: &'static str,
    mut handler: impl FnMut(E) + 'static,
) where
    E: JsCast + 'static,
{
    let Some(target) = target else {
        return;
    };
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        handler(ev.unchecked_into::<E>())
    });
    if target
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
        .is_err()
    {
        return;
    }
    let function: js_sys::Function = closure.into_js_value().unchecked_into();
    let target = SendWrapper::new(target);
    let function = SendWrapper::new(function);
    on_cleanup(move || {
        let _ = target.remove_event_listener_with_callback(event, &function);
    });
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn fire(name: &str, at_document: bool) {
        let window = web_sys::window().unwrap();
        let event = web_sys::Event::new(name).unwrap();
        if at_document {
            window.document().unwrap().dispatch_event(&event).unwrap();
        } else {
            window.dispatch_event(&event).unwrap();
        }
    }

    #[wasm_bindgen_test]
    fn listens_while_the_owner_lives_and_stops_when_it_is_disposed() {
        let owner = Owner::new();
        let on_window = Rc::new(Cell::new(0));
        let on_document = Rc::new(Cell::new(0));
        owner.with(|| {
            let n = on_window.clone();
            use_window_event("beian-test-window", move |_: web_sys::Event| {
                n.set(n.get() + 1)
            });
            let n = on_document.clone();
            use_document_event("beian-test-document", move |_: web_sys::Event| {
                n.set(n.get() + 1)
            });
        });
        fire("beian-test-window", false);
        fire("beian-test-document", true);
        assert_eq!((on_window.get(), on_document.get()), (1, 1));
        owner.cleanup();
        fire("beian-test-window", false);
        fire("beian-test-document", true);
        assert_eq!(
            (on_window.get(), on_document.get()),
            (1, 1),
            "a disposed page no longer hears the events"
        );
    }
}
