//! A panic must not leave a blank page: the hook replaces the page with a short, bilingual
//! "something went wrong" screen and a reload button (plain DOM: the app itself is gone).

use wasm_bindgen::JsCast;

/// Installs the panic hook. The panic's details go to the console only (no personal data is
/// ever in a panic message: inputs are not formatted into panics).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("beian: {info}").into());
        show_crash_screen();
    }));
}

fn show_crash_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let lang_en = document
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .is_some_and(|l| l.starts_with("en"));
    let (title, text, button) = if lang_en {
        ("Something went wrong", "Sorry, the page ran into a problem. Reload the page to carry on; what you entered in this tab is kept where possible.", "Reload the page")
    } else {
        (
            "出错了",
            "抱歉，页面遇到问题。请重新加载页面后继续；本页已填写的内容会尽量保留。",
            "重新加载页面",
        )
    };
    body.set_inner_html("");
    let main = document.create_element("main").ok();
    if let Some(main) = main {
        main.set_class_name("crash");
        // The page's one landmark holds an alert (a `main` may not take the alert role itself).
        if let Ok(alert) = document.create_element("div") {
            let _ = alert.set_attribute("role", "alert");
            if let Ok(h1) = document.create_element("h1") {
                h1.set_text_content(Some(title));
                let _ = alert.append_child(&h1);
            }
            if let Ok(p) = document.create_element("p") {
                p.set_text_content(Some(text));
                let _ = alert.append_child(&p);
            }
            let _ = main.append_child(&alert);
        }
        if let Ok(button_el) = document.create_element("button") {
            button_el.set_text_content(Some(button));
            button_el.set_class_name("button");
            let _ = button_el.set_attribute("type", "button");
            let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            });
            if let Some(el) = button_el.dyn_ref::<web_sys::HtmlElement>() {
                el.set_onclick(Some(reload.as_ref().unchecked_ref()));
            }
            reload.forget();
            let _ = main.append_child(&button_el);
        }
        let _ = body.append_child(&main);
    }
}
