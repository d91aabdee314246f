use crate::{
    channel::Sender,
    graph::{
        AnySource, AnySubscriber, ReactiveNode, SourceSet, Subscriber,
        ToAnySubscriber,
    },
};
use or_poisoned::OrPoisoned;
use std::sync::{Arc, RwLock, Weak};

/// Handles internal subscription logic for effects.
#[derive(Debug)]
pub struct EffectInner {
    pub(crate) dirty: bool,
    pub(crate) observer: Sender,
    pub(crate) sources: SourceSet,
    /// This effect's id as a subscriber (see `to_any_subscriber`), to leave
    /// its sources when it is dropped.
    id: usize,
}

impl EffectInner {
    pub(crate) fn new_arc(dirty: bool, observer: Sender) -> Arc<RwLock<Self>> {
        Arc::new_cyclic(|this: &Weak<RwLock<Self>>| {
            RwLock::new(EffectInner {
                dirty,
                observer,
                sources: SourceSet::new(),
                id: this.as_ptr() as usize,
            })
        })
    }
}

impl Drop for EffectInner {
    // A dropped effect leaves the subscriber set of each of its sources:
    // otherwise a source that outlives it (an app-wide signal) keeps its entry,
    // and with it the effect's allocation, for as long as the source lives.
    fn drop(&mut self) {
        let this = AnySubscriber(self.id, Weak::<RwLock<Self>>::new());
        self.sources.clear_sources(&this);
    }
}

impl ToAnySubscriber for Arc<RwLock<EffectInner>> {
    fn to_any_subscriber(&self) -> AnySubscriber {
        AnySubscriber(
            Arc::as_ptr(self) as usize,
            Arc::downgrade(self) as Weak<dyn Subscriber + Send + Sync>,
        )
    }
}

impl ReactiveNode for RwLock<EffectInner> {
    fn mark_subscribers_check(&self) {}

    fn update_if_necessary(&self) -> bool {
        let mut guard = self.write().or_poisoned();

        if guard.dirty {
            guard.dirty = false;
            return true;
        }

        let sources = guard.sources.clone();

        drop(guard);

        sources
            .into_iter()
            .any(|source| source.update_if_necessary())
    }

    fn mark_check(&self) {
        self.write().or_poisoned().observer.notify()
    }

    fn mark_dirty(&self) {
        let mut lock = self.write().or_poisoned();
        lock.dirty = true;
        lock.observer.notify()
    }
}

impl Subscriber for RwLock<EffectInner> {
    fn add_source(&self, source: AnySource) {
        self.write().or_poisoned().sources.insert(source);
    }

    fn clear_sources(&self, subscriber: &AnySubscriber) {
        self.write().or_poisoned().sources.clear_sources(subscriber);
    }
}
