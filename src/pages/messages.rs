//! In-app messages: review results, payments and notices. Each row says what happened, to which
//! plate, and what to do next; a row with a next step is a link there (opening it marks it read).
//! The state is in [`hook`], the wording in [`words`].

pub mod hook;
pub mod words;

use beian_contract::message::Message;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::format::when;
use crate::i18n::*;
use crate::locale;
use hook::{use_messages, Inbox};
use words::{message_text, message_title, next_step};

/// The Messages page.
#[component]
pub fn Messages() -> impl IntoView {
    view! { <RequireSession><MessageListView /></RequireSession> }
}

/// The list of messages.
#[component]
fn MessageListView() -> impl IntoView {
    let i18n = use_i18n();
    let inbox = use_messages();
    view! {
        <div class="page">
            <A href="/" attr:class="back-link">{t!(i18n, nav.back_home)}</A>
            <h1>{t!(i18n, messages.title)}</h1>
            <FailureNotice failure=inbox.failure on_retry=inbox.reload />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || inbox.list.get().map(|list| {
                    let empty = list.messages.is_empty();
                    view! {
                        <Show when=move || empty><p>{t!(i18n, messages.empty)}</p></Show>
                        <ul class="list">
                            {list.messages.into_iter().map(|m| view! { <MessageRow message=m inbox=inbox /> }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </div>
    }
}

/// One message: a link to its next step (opening it marks it read), or, for a plain notice,
/// text that counts as read once shown.
#[component]
fn MessageRow(
    /// The message.
    message: Message,
    /// The list's state (what is read, marking read).
    inbox: Inbox,
) -> impl IntoView {
    let i18n = use_i18n();
    let m = message;
    let unread = inbox.unread(&m);
    let body = {
        let m = m.clone();
        move || {
            let _ = locale::is_english().get();
            view! {
                <span class="message__head">
                    <span class="message__title">{message_title(&m)}</span>
                    <Show when=move || unread.get()><span class="badge">{t!(i18n, messages.unread)}</span></Show>
                </span>
                <span class="message__text">{message_text(&m)}</span>
                {next_step(&m).map(|(_, what)| view! { <span class="message__next">{what}</span> })}
                <span class="hint message__time">{when(&m.sent_at)}</span>
            }
        }
    };
    match next_step(&m) {
        Some((href, _)) => view! {
            <li class="message" class:message--unread=move || unread.get()>
                <A href=href attr:class="message__link" on:click=move |_| inbox.open.run(m.clone())>
                    {body}
                    <span class="message__chevron" aria-hidden="true"></span>
                </A>
            </li>
        }
        .into_any(),
        None => {
            // Shown is read (once it is on screen).
            Effect::new(move |_| inbox.open.run(m.clone()));
            view! {
                <li class="message" class:message--unread=move || unread.get()>
                    <div class="message__link message__link--static">{body}</div>
                </li>
            }
            .into_any()
        }
    }
}
