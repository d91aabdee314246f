//! `/receipts/:order`: the receipt of a paid order, to keep: every decision paid (number, plate,
//! fine, additional fine for late payment), the total, when and how it was paid, the order and
//! transaction numbers. Reached from the result page, from a paid violation in the processed
//! list and from the message that confirms the payment.
//!
//! Keeping it: "Print or save as PDF" opens the browser's print dialog (`window.print()`, in
//! WebKit and Chromium; the print stylesheet leaves only the receipt); "Save as image" draws the
//! receipt on a canvas and downloads the PNG where the browser can download, and always shows
//! the image, which a phone saves with a long press (WeChat's and Alipay's web-views do not
//! download files).
//!
//! The state is in [`hook`], the receipt's lines in [`lines`], the image in [`image`].

pub mod hook;
pub mod image;
pub mod lines;

use beian_contract::payment::Receipt;
use beian_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::i18n::*;
use hook::{use_receipt, use_receipt_image};
use lines::{is_number, lines};

/// The receipt page.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    view! { <RequireSession><ReceiptView /></RequireSession> }
}

/// The receipt, or why it cannot be shown.
#[component]
fn ReceiptView() -> impl IntoView {
    let i18n = use_i18n();
    let r = use_receipt();
    view! {
        <div class="page page--narrow">
            <A href="/violations?tab=processed" attr:class="back-link no-print">{t!(i18n, receipt.back)}</A>
            <FailureNotice failure=r.failure on_retry=r.reload />
            {move || r.refusal.get().map(|c| view! {
                <h1>{t!(i18n, pay.receipt_title)}</h1>
                <p class="notice notice--error" role="alert">{if c == ErrorCode::WrongState {
                    t_string!(i18n, receipt.not_paid).to_string()
                } else {
                    t_string!(i18n, pay.order_not_found).to_string()
                }}</p>
            })}
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || r.receipt.get().map(|r| view! { <ReceiptBody receipt=r /> })}
            </Suspense>
        </div>
    }
}

/// The receipt itself, with printing and saving as an image.
#[component]
fn ReceiptBody(
    /// The paid order's receipt.
    receipt: Receipt,
) -> impl IntoView {
    let i18n = use_i18n();
    let saving = use_receipt_image(receipt.clone());
    let (image, image_failed) = (saving.image, saving.failed);
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="receipt" aria-labelledby="receipt-title">
            <h1 id="receipt-title">{t!(i18n, pay.receipt_title)}</h1>
            <p class="hint receipt__lead no-print">{t!(i18n, receipt.lead)}</p>
            {move || {
                let (head, items) = lines(&receipt);
                view! {
                    <dl class="summary card">
                        {head.into_iter().enumerate().map(|(i, (k, v))| view! {
                            <div><dt>{k}</dt><dd class:number=is_number(i, false)>{v}</dd></div>
                        }).collect_view()}
                    </dl>
                    <h2>{t!(i18n, pay.receipt_decisions)}</h2>
                    <ul class="list">
                        {items.into_iter().map(|lines| view! {
                            <li class="card">
                                <dl class="summary summary--compact">
                                    {lines.into_iter().enumerate().map(|(i, (k, v))| view! {
                                        <div><dt>{k}</dt><dd class:number=is_number(i, true)>{v}</dd></div>
                                    }).collect_view()}
                                </dl>
                            </li>
                        }).collect_view()}
                    </ul>
                }
            }}
        </section>
        <div class="receipt__actions no-print">
            <button type="button" class="button" on:click=print>{t!(i18n, receipt.print)}</button>
            <button type="button" class="button button--secondary" on:click=move |_| saving.save.run(())>{t!(i18n, receipt.save_image)}</button>
            <Show when=move || image_failed.get()>
                <p class="notice notice--error" role="alert">{t!(i18n, receipt.image_failed)}</p>
            </Show>
            {move || image.get().map(|url| view! {
                <figure class="receipt__image">
                    <p class="notice notice--info" role="status">{t!(i18n, receipt.image_ready)}</p>
                    <img src=url alt=move || t_string!(i18n, receipt.image_alt).to_string() />
                </figure>
            })}
        </div>
    }
}
