//! The Messages screen's state: the list, and marking a message read when it is opened (or,
//! for a plain notice, shown).

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::message::{Message, MessageList};
use leptos::prelude::*;

use crate::api::{use_api, ApiFailure};

/// What the Messages screen shows and does; made by [`use_messages`].
#[derive(Clone, Copy)]
pub struct Inbox {
    /// The messages, once read (read from the resource, so a `<Suspense>` waits).
    pub list: Signal<Option<MessageList>>,
    /// Why the list could not be read.
    pub failure: Signal<Option<ApiFailure>>,
    /// Ids marked read since the list was read (a failed mark is taken back).
    pub read_now: RwSignal<Vec<String>>,
    /// Marks a message read (once), on the server.
    pub open: Callback<Message>,
    /// Asks for the list again.
    pub reload: Callback<()>,
}

impl Inbox {
    /// Whether `m` is still unread, as far as this page knows.
    pub fn unread(&self, m: &Message) -> Signal<bool> {
        let (id, was_read, read_now) = (m.id.clone(), m.read, self.read_now);
        Signal::derive(move || !was_read && !read_now.with(|r| r.contains(&id)))
    }
}

/// The Messages screen's state and actions.
pub fn use_messages() -> Inbox {
    let api = use_api();
    let list =
        LocalResource::new(move || async move { api.call(ep::Messages, &[], &NoBody).await });
    let read_now = RwSignal::new(Vec::<String>::new());
    let open = Callback::new(move |m: Message| {
        if m.read || read_now.with_untracked(|r| r.contains(&m.id)) {
            return;
        }
        let id = m.id.clone();
        read_now.update(|r| r.push(id.clone()));
        leptos::task::spawn_local(async move {
            let sent = api.call(ep::MarkMessageRead, &[&id], &NoBody).await.is_ok();
            if !sent {
                read_now.update(|r| r.retain(|x| x != &id));
            }
        });
    });
    Inbox {
        list: Signal::derive(move || list.get().and_then(|r| r.ok())),
        failure: Signal::derive(move || list.get().and_then(|r| r.err())),
        read_now,
        open,
        reload: Callback::new(move |()| list.refetch()),
    }
}
