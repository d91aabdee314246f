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

use beian_contract::payment::{Channel, Receipt};
use beian_contract::{paths, ErrorCode};
use beian_domain::PayHost;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use crate::api::use_api;
use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::format::{when, yuan};
use crate::i18n::*;

/// The receipt page.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    view! { <RequireSession><ReceiptView /></RequireSession> }
}

#[component]
fn ReceiptView() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let order = Memo::new(move |_| params.with(|p| p.get("order").unwrap_or_default()));
    let receipt = LocalResource::new(move || {
        let id = order.get();
        async move {
            api.get::<Receipt>(&paths::fill(paths::PAYMENT_RECEIPT, &[&id])?)
                .await
        }
    });
    let refusal = Signal::derive(move || {
        receipt
            .get()
            .and_then(|r| r.err())
            .and_then(|f| f.code().copied())
            .filter(|c| matches!(c, ErrorCode::NotFound | ErrorCode::WrongState))
    });
    let failure = Signal::derive(move || {
        receipt
            .get()
            .and_then(|r| r.err())
            .filter(|_| refusal.get().is_none())
    });
    view! {
        <div class="page page--narrow">
            <A href="/violations?tab=processed" attr:class="back-link no-print">{t!(i18n, receipt.back)}</A>
            <FailureNotice failure=failure on_retry=Callback::new(move |()| receipt.refetch()) />
            {move || refusal.get().map(|c| view! {
                <h1>{t!(i18n, pay.receipt_title)}</h1>
                <p class="notice notice--error" role="alert">{if c == ErrorCode::WrongState {
                    t_string!(i18n, receipt.not_paid).to_string()
                } else {
                    t_string!(i18n, pay.order_not_found).to_string()
                }}</p>
            })}
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || receipt.get().and_then(|r| r.ok()).map(|r| view! { <ReceiptBody receipt=r /> })}
            </Suspense>
        </div>
    }
}

/// The channel's name.
fn channel_text(c: Channel) -> String {
    let i18n = use_i18n();
    match c {
        Channel::Wechat => t_string!(i18n, pay.wechat).to_string(),
        Channel::Alipay => t_string!(i18n, pay.alipay).to_string(),
        Channel::Unknown => String::new(),
    }
}

/// One line of the receipt: a label and its value (`""` label: a heading).
type Line = (String, String);

/// The receipt as lines, in the user's language: the same words on screen and in the image.
fn lines(r: &Receipt) -> (Vec<Line>, Vec<Vec<Line>>) {
    let i18n = use_i18n();
    let head = vec![
        (
            t_string!(i18n, pay.receipt_amount).to_string(),
            yuan(r.amount_fen),
        ),
        (
            t_string!(i18n, pay.receipt_time).to_string(),
            when(&r.paid_at),
        ),
        (
            t_string!(i18n, pay.receipt_channel).to_string(),
            channel_text(r.channel),
        ),
        (
            t_string!(i18n, pay.receipt_order).to_string(),
            r.order_id.clone(),
        ),
        (
            t_string!(i18n, receipt.trade_no).to_string(),
            r.trade_no.clone(),
        ),
    ];
    let items = r
        .items
        .iter()
        .map(|it| {
            vec![
                (
                    t_string!(i18n, violations.decision_number).to_string(),
                    it.decision_number.clone(),
                ),
                (
                    t_string!(i18n, violations.plate).to_string(),
                    it.plate_number.clone(),
                ),
                (t_string!(i18n, violations.time).to_string(), when(&it.time)),
                (
                    t_string!(i18n, violations.what).to_string(),
                    it.description.clone(),
                ),
                (
                    t_string!(i18n, violations.fine).to_string(),
                    yuan(it.fine_fen),
                ),
                (
                    t_string!(i18n, violations.surcharge).to_string(),
                    yuan(it.surcharge_fen),
                ),
                (
                    t_string!(i18n, receipt.subtotal).to_string(),
                    yuan(it.fine_fen + it.surcharge_fen),
                ),
            ]
        })
        .collect();
    (head, items)
}

/// Values shown in tabular digits, on one line: the decision and order numbers (the channel's
/// transaction number is long enough to need wrapping on the narrowest phones).
fn is_number(label_index: usize, in_item: bool) -> bool {
    if in_item {
        label_index == 0
    } else {
        label_index == 3
    }
}

#[component]
fn ReceiptBody(receipt: Receipt) -> impl IntoView {
    let i18n = use_i18n();
    let image = RwSignal::new(None::<String>);
    let image_failed = RwSignal::new(false);
    let r = receipt.clone();
    let render = move || {
        let (head, items) = lines(&r);
        let title = t_string!(i18n, receipt.image_title).to_string();
        let decisions = t_string!(i18n, pay.receipt_decisions).to_string();
        match draw(&title, &decisions, &head, &items) {
            Some(url) => {
                image_failed.set(false);
                // In a browser the PNG also downloads; a web-view ignores the download, and
                // the image below is saved with a long press.
                if crate::pay::host() == PayHost::Browser {
                    download(&url, &format!("receipt-{}.png", r.order_id));
                }
                image.set(Some(url));
            }
            None => image_failed.set(true),
        }
    };
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
            <button type="button" class="button button--secondary" on:click=move |_| render()>{t!(i18n, receipt.save_image)}</button>
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

/// Draws the receipt on a canvas and returns it as a PNG data URL.
fn draw(title: &str, decisions: &str, head: &[Line], items: &[Vec<Line>]) -> Option<String> {
    const W: f64 = 750.0;
    const PAD: f64 = 40.0;
    const ROW: f64 = 46.0;
    let rows = head.len() + items.iter().map(|i| i.len() + 1).sum::<usize>();
    let height = PAD * 2.0 + 70.0 + 60.0 + ROW * rows as f64;
    let document = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(W as u32);
    canvas.set_height(height as u32);
    let cx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let font = "\"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", sans-serif";
    cx.set_fill_style_str("#ffffff");
    cx.fill_rect(0.0, 0.0, W, height);
    cx.set_fill_style_str("#1457a8");
    cx.fill_rect(0.0, 0.0, W, 12.0);
    cx.set_fill_style_str("#1b1f24");
    cx.set_font(&format!("bold 40px {font}"));
    cx.set_text_baseline("top");
    let _ = cx.fill_text(title, PAD, PAD);
    let mut y = PAD + 70.0;
    let row = |cx: &web_sys::CanvasRenderingContext2d, y: f64, k: &str, v: &str| {
        cx.set_font(&format!("28px {font}"));
        cx.set_fill_style_str("#4a5260");
        let _ = cx.fill_text(k, PAD, y);
        // The value takes what the label leaves (squeezed rather than drawn over the label).
        // (Estimated, 28 px: a Hanzi is square, Latin letters about half as wide.)
        let label_width: f64 = k
            .chars()
            .map(|c| if c.is_ascii() { 16.0 } else { 28.0 })
            .sum();
        cx.set_font(&format!("bold 28px {font}"));
        cx.set_fill_style_str("#1b1f24");
        cx.set_text_align("right");
        let _ = cx.fill_text_with_max_width(
            v,
            W - PAD,
            y,
            (W - PAD * 2.0 - label_width - 24.0).max(120.0),
        );
        cx.set_text_align("left");
        cx.set_fill_style_str("#c9ced6");
        cx.fill_rect(PAD, y + ROW - 10.0, W - PAD * 2.0, 1.0);
    };
    for (k, v) in head {
        row(&cx, y, k, v);
        y += ROW;
    }
    y += 20.0;
    cx.set_font(&format!("bold 32px {font}"));
    cx.set_fill_style_str("#1b1f24");
    let _ = cx.fill_text(decisions, PAD, y);
    y += 40.0 + 20.0;
    for item in items {
        for (k, v) in item {
            row(&cx, y, k, v);
            y += ROW;
        }
        y += ROW;
    }
    canvas.to_data_url_with_type("image/png").ok()
}

/// Starts downloading `url` as `name` (ignored where the browser cannot download).
fn download(url: &str, name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", url);
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("hidden", "");
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.unchecked_ref::<web_sys::HtmlElement>().click();
        let _ = body.remove_child(&a);
    }
}
