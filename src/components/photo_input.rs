//! Choosing or taking a photo for upload: a file input (the phone offers its camera or its
//! library), compression in the browser (long side ≤ 1600 px, JPEG), a preview, and "choose
//! another". The compressed photo is held in memory only.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::Blob;

use crate::i18n::*;
use crate::image::{self, ImageError};

/// The message for a file that cannot be used as a photo, in the user's language.
pub fn photo_error_text(e: ImageError) -> String {
    let i18n = use_i18n();
    match e {
        ImageError::Empty => t_string!(i18n, photo.empty).to_string(),
        ImageError::NotImage => t_string!(i18n, photo.not_image).to_string(),
        ImageError::Unreadable => t_string!(i18n, photo.unreadable).to_string(),
        ImageError::TooLarge => t_string!(i18n, photo.too_large).to_string(),
        ImageError::FileTooLarge { mb } => {
            t_string!(i18n, photo.file_too_large, mb = mb).to_string()
        }
        ImageError::TooManyPixels { width, height } => {
            t_string!(i18n, photo.too_many_pixels, width = width, height = height).to_string()
        }
    }
}

/// A compressed photo ready to upload, with an object URL for its preview.
#[derive(Clone)]
pub struct Photo {
    /// The JPEG.
    pub blob: SendWrapper<Blob>,
    /// Object URL of the JPEG, for the preview (revoked when replaced or unmounted).
    pub url: String,
}

/// A photo picker with preview.
#[component]
pub fn PhotoInput(
    /// Element id of the file input; also the target of error-summary links.
    id: &'static str,
    /// Visible label text.
    #[prop(into)]
    label: Signal<String>,
    /// Hint under the label.
    #[prop(into)]
    hint: Signal<String>,
    /// Inline error message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Accessible description of the preview image.
    #[prop(into)]
    preview_alt: Signal<String>,
    /// The chosen photo, compressed.
    photo: RwSignal<Option<Photo>>,
    /// Told when a chosen file cannot be used, and why.
    on_error: Callback<ImageError>,
    /// The `capture` hint (`environment`: phones open the rear camera first).
    #[prop(optional)]
    capture: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let working = RwSignal::new(false);
    // The chosen file's name, said in the app's words under its button.
    let chosen_name = RwSignal::new(None::<String>);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    // Also called when a compression ends, which may be after the input has gone: then the new
    // preview's URL is let go at once.
    let replace = move |next: Option<Photo>| {
        if let Some(old) = photo.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&old.url);
        }
        if let Some(gone) = photo.try_set(next).flatten() {
            let _ = web_sys::Url::revoke_object_url(&gone.url);
        }
    };
    on_cleanup(move || {
        if let Some(old) = photo.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&old.url);
        }
    });
    let on_change = move |ev: web_sys::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = el.files().and_then(|f| f.get(0)) else {
            return;
        };
        el.set_value("");
        chosen_name.set(Some(file.name()));
        working.set(true);
        leptos::task::spawn_local(async move {
            let result = image::compress(&file).await;
            working.set(false);
            match result {
                Ok(c) => match web_sys::Url::create_object_url_with_blob(&c.blob) {
                    Ok(url) => replace(Some(Photo {
                        blob: SendWrapper::new(c.blob),
                        url,
                    })),
                    Err(_) => {
                        let _ = on_error.try_run(ImageError::Unreadable);
                    }
                },
                Err(e) => {
                    replace(None);
                    // `try_run`: the page may have gone while the photo was being compressed.
                    let _ = on_error.try_run(e);
                }
            }
        });
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label class="field__label" for=id>{label}</label>
            <p class="field__hint" id=hint_id.clone()>{hint}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="field__error" id=error_id.clone()>{move || error.get()}</p>
            </Show>
            {move || photo.get().map(|p| view! {
                <figure class="preview">
                    <img class="preview__image" src=p.url alt=move || preview_alt.get() />
                </figure>
            })}
            // The browser's own file button speaks the browser's language ("Choose File"): the
            // input is hidden visually only (still focusable, still read with its label, still
            // reachable by WebDriver), and a second label, drawn as the app's button, opens it.
            <div class="file-picker">
                <input
                    class="file-picker__input visually-hidden"
                    id=id
                    name=id
                    type="file"
                    accept="image/*"
                    capture=capture
                    node_ref=input
                    aria-describedby=described_by
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    on:change=on_change
                />
                <label class="button button--secondary file-picker__button" for=id aria-hidden="true">
                    {move || if photo.with(Option::is_some) {
                        t_string!(i18n, photo.choose_again).to_string()
                    } else {
                        t_string!(i18n, photo.choose).to_string()
                    }}
                </label>
                <p class="hint file-picker__status">{move || match (chosen_name.get(), photo.with(Option::is_some)) {
                    (Some(name), true) => t_string!(i18n, photo.chosen, name = name).to_string(),
                    _ => t_string!(i18n, photo.none_chosen).to_string(),
                }}</p>
            </div>
            <Show when=move || working.get()>
                <p class="hint" role="status">{t!(i18n, photo.compressing)}</p>
            </Show>
        </div>
    }
}
