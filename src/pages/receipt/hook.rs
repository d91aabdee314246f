//! The receipt page's state: the receipt asked for by order, why it cannot be shown, and saving
//! it as an image.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::payment::Receipt;
use beian_contract::ErrorCode;
use beian_domain::PayHost;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::image::{download, draw};
use super::lines::lines;
use crate::api::{use_api, ApiFailure};
use crate::i18n::*;

/// The receipt of the order in the address; made by [`use_receipt`].
#[derive(Clone, Copy)]
pub struct ReceiptLookup {
    /// The receipt, once read (read from the resource, so a `<Suspense>` waits for it).
    pub receipt: Signal<Option<Receipt>>,
    /// The server's refusal: no such order (`NotFound`) or not paid (`WrongState`).
    pub refusal: Signal<Option<ErrorCode>>,
    /// Any other failure, with "try again".
    pub failure: Signal<Option<ApiFailure>>,
    /// Asks again.
    pub reload: Callback<()>,
}

/// The receipt named by the address's `:order`.
pub fn use_receipt() -> ReceiptLookup {
    let api = use_api();
    let params = use_params_map();
    let order = Memo::new(move |_| params.with(|p| p.get("order").unwrap_or_default()));
    let receipt = LocalResource::new(move || {
        let id = order.get();
        async move { api.call(ep::Receipt, &[&id], &NoBody).await }
    });
    let refusal = Signal::derive(move || {
        receipt
            .get()
            .and_then(|r| r.err())
            .and_then(|f| f.code().copied())
            .filter(|c| matches!(c, ErrorCode::NotFound | ErrorCode::WrongState))
    });
    ReceiptLookup {
        receipt: Signal::derive(move || receipt.get().and_then(|r| r.ok())),
        refusal,
        failure: Signal::derive(move || {
            receipt
                .get()
                .and_then(|r| r.err())
                .filter(|_| refusal.get().is_none())
        }),
        reload: Callback::new(move |()| receipt.refetch()),
    }
}

/// Saving a receipt as an image; made by [`use_receipt_image`].
#[derive(Clone, Copy)]
pub struct ReceiptImage {
    /// The image drawn (a PNG data URL), shown to save with a long press.
    pub image: RwSignal<Option<String>>,
    /// The image could not be drawn.
    pub failed: RwSignal<bool>,
    /// Draws the image (and downloads it in a browser).
    pub save: Callback<()>,
}

/// Saving `receipt` as an image.
pub fn use_receipt_image(receipt: Receipt) -> ReceiptImage {
    let i18n = use_i18n();
    let image = RwSignal::new(None::<String>);
    let failed = RwSignal::new(false);
    let save = Callback::new(move |()| {
        let r = &receipt;
        let (head, items) = lines(r);
        let title = t_string!(i18n, receipt.image_title).to_string();
        let decisions = t_string!(i18n, pay.receipt_decisions).to_string();
        match draw(&title, &decisions, &head, &items) {
            Some(url) => {
                failed.set(false);
                // In a browser the PNG also downloads; a web-view ignores the download, and
                // the image below is saved with a long press.
                if crate::pay::host() == PayHost::Browser {
                    download(&url, &format!("receipt-{}.png", r.order_id));
                }
                image.set(Some(url));
            }
            None => failed.set(true),
        }
    });
    ReceiptImage {
        image,
        failed,
        save,
    }
}
