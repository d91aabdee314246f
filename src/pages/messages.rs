//! In-app messages: review results, payments and notices. Each row says what happened, to which
//! plate, and what to do next; a row with a next step is a link there (opening it marks it read).

use beian_contract::message::{Message, MessageKind, MessageList};
use beian_contract::paths;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::format::when;
use crate::i18n::*;
use crate::links::receipt_href;
use crate::locale;

/// A message's text in the user's language, built from its kind and parameters.
fn message_text(m: &Message) -> String {
    let i18n = use_i18n();
    let plate = m.plate_number.clone().unwrap_or_default();
    let reason = m.reason.clone().unwrap_or_default();
    match m.kind {
        MessageKind::FilingApproved => {
            t_string!(i18n, messages.filing_approved, plate = plate).to_string()
        }
        MessageKind::FilingRejected => t_string!(
            i18n,
            messages.filing_rejected,
            plate = plate,
            reason = reason
        )
        .to_string(),
        MessageKind::FilingUnderReview => {
            t_string!(i18n, messages.filing_under_review, plate = plate).to_string()
        }
        MessageKind::FilingRevoked => {
            t_string!(i18n, messages.filing_revoked, plate = plate).to_string()
        }
        MessageKind::PaymentConfirmed => {
            t_string!(i18n, messages.payment_confirmed, plate = plate).to_string()
        }
        MessageKind::Notice | MessageKind::Unknown => m.body_zh.clone(),
    }
}

/// The Messages page.
#[component]
pub fn Messages() -> impl IntoView {
    view! { <RequireSession><MessageListView /></RequireSession> }
}

#[component]
fn MessageListView() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let list =
        LocalResource::new(move || async move { api.get::<MessageList>(paths::MESSAGES).await });
    let failure = Signal::derive(move || list.get().and_then(|r| r.err()));
    let read_now = RwSignal::new(Vec::<String>::new());
    let open = move |m: &Message| {
        if m.read || read_now.with_untracked(|r| r.contains(&m.id)) {
            return;
        }
        let id = m.id.clone();
        read_now.update(|r| r.push(id.clone()));
        leptos::task::spawn_local(async move {
            let sent = match paths::fill(paths::MESSAGE_READ, &[&id]) {
                Ok(path) => api
                    .post::<_, serde::de::IgnoredAny>(&path, &())
                    .await
                    .is_ok(),
                Err(_) => false,
            };
            if !sent {
                read_now.update(|r| r.retain(|x| x != &id));
            }
        });
    };
    view! {
        <div class="page">
            <A href="/" attr:class="back-link">{t!(i18n, nav.back_home)}</A>
            <h1>{t!(i18n, messages.title)}</h1>
            <FailureNotice failure=failure on_retry=Callback::new(move |()| list.refetch()) />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || list.get().and_then(|r| r.ok()).map(|list| {
                    let empty = list.messages.is_empty();
                    view! {
                        <Show when=move || empty><p>{t!(i18n, messages.empty)}</p></Show>
                        <ul class="list">
                            {list.messages.into_iter().map(|m| {
                                let id = m.id.clone();
                                let was_read = m.read;
                                let unread = Signal::derive(move || !was_read && !read_now.with(|r| r.contains(&id)));
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
                                // A message with a next step opens it (and counts as read); a plain
                                // notice is text only.
                                match next_step(&m) {
                                    Some((href, _)) => {
                                        let m2 = m.clone();
                                        view! {
                                            <li class="message" class:message--unread=move || unread.get()>
                                                <A href=href attr:class="message__link" on:click=move |_| open(&m2)>
                                                    {body}
                                                    <span class="message__chevron" aria-hidden="true"></span>
                                                </A>
                                            </li>
                                        }.into_any()
                                    }
                                    None => {
                                        let m2 = m.clone();
                                        // Shown is read.
                                        Effect::new(move |_| open(&m2));
                                        view! {
                                            <li class="message" class:message--unread=move || unread.get()>
                                                <div class="message__link message__link--static">{body}</div>
                                            </li>
                                        }.into_any()
                                    }
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </div>
    }
}

/// Where a message leads and what the user does there, in their language; `None` for a notice.
fn next_step(m: &Message) -> Option<(String, String)> {
    let i18n = use_i18n();
    let (href, what) = match m.kind {
        MessageKind::FilingApproved => (
            "/violations".to_owned(),
            t_string!(i18n, messages.next_violations),
        ),
        MessageKind::FilingRejected => (
            "/file".to_owned(),
            t_string!(i18n, messages.next_file_again),
        ),
        MessageKind::FilingUnderReview | MessageKind::FilingRevoked => (
            "/vehicles".to_owned(),
            t_string!(i18n, messages.next_vehicles),
        ),
        MessageKind::PaymentConfirmed => match &m.order_id {
            Some(order) => (receipt_href(order), t_string!(i18n, messages.next_receipt)),
            None => (
                "/violations?tab=processed".to_owned(),
                t_string!(i18n, messages.next_processed),
            ),
        },
        MessageKind::Notice | MessageKind::Unknown => return None,
    };
    Some((href, what.to_string()))
}

fn message_title(m: &Message) -> String {
    let i18n = use_i18n();
    match m.kind {
        MessageKind::FilingApproved => t_string!(i18n, messages.title_filing_approved),
        MessageKind::FilingRejected => t_string!(i18n, messages.title_filing_rejected),
        MessageKind::FilingUnderReview => t_string!(i18n, messages.title_filing_under_review),
        MessageKind::FilingRevoked => t_string!(i18n, messages.title_filing_revoked),
        MessageKind::PaymentConfirmed => t_string!(i18n, messages.title_payment_confirmed),
        MessageKind::Notice | MessageKind::Unknown => t_string!(i18n, messages.title_notice),
    }
    .to_string()
}
