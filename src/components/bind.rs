//! A value an input reads and writes: a signal of the page's own, or a slice of a flow's state
//! (`FlowCtx::slice`), so that an input binds straight to the field it edits.

use leptos::prelude::*;

/// What an input shows (`get`, tracked) and where what is typed goes (`set`).
pub struct Bound<T: Send + Sync + 'static> {
    get: Signal<T>,
    set: SignalSetter<T>,
}

impl<T: Send + Sync + 'static> Clone for Bound<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Bound<T> {}

impl<T: Clone + Send + Sync + 'static> Bound<T> {
    /// The value, tracked.
    pub fn get(&self) -> T {
        self.get.get()
    }

    /// Reads the value, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.get.with(f)
    }

    /// Writes the value.
    pub fn set(&self, value: T) {
        self.set.set(value);
    }
}

impl<T: Clone + Send + Sync + 'static> From<RwSignal<T>> for Bound<T> {
    fn from(s: RwSignal<T>) -> Self {
        Bound {
            get: s.into(),
            set: SignalSetter::map(move |v| s.set(v)),
        }
    }
}

impl<T: Send + Sync + 'static> From<(Signal<T>, SignalSetter<T>)> for Bound<T> {
    fn from((get, set): (Signal<T>, SignalSetter<T>)) -> Self {
        Bound { get, set }
    }
}
