//! The receipt as a PNG: drawn on a canvas, downloaded where the browser can download.

use wasm_bindgen::JsCast;

use super::lines::Line;

/// Draws the receipt on a canvas and returns it as a PNG data URL.
pub fn draw(title: &str, decisions: &str, head: &[Line], items: &[Vec<Line>]) -> Option<String> {
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
pub fn download(url: &str, name: &str) {
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
