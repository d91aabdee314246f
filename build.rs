//! Generates the `i18n` module from `locales/*.json` (leptos_i18n), so that every
//! translation key is checked at compile time in both languages.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // `interpolate_display` lets `t_string!` fill `{{ name }}` values (messages built in code).
    let cfg = Config::new("zh-CN")?
        .add_locale("en")?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out.clone())?;
    pick_no_browser_language(&out.join("mod.rs"))?;
    Ok(())
}

/// The app never takes its language from the browser's (`src/locale.rs`: Simplified Chinese
/// unless the user chose English), but leptos_i18n's provider asks `Locale::find_locale` to match
/// `navigator.languages` against the locales, at start and on every `languagechange`. The default
/// `find_locale` parses every tag with ICU's locale parser, and that parser, its subtag tables and
/// the matching stayed in the first load (about 14 KB of wasm before wasm-opt) only to have their
/// answer overridden. The generated impl gets a `find_locale` of its own that answers zh-CN; a
/// `languagechange` can then no longer switch the app to the browser's language either.
fn pick_no_browser_language(module: &std::path::Path) -> Result<(), Box<dyn Error>> {
    const ANCHOR: &str = "fn get_all () -> & 'static [Self]";
    const OVERRIDE: &str = "fn find_locale < T : AsRef < [u8] > > (_accepted_languages : & [T]) -> Self { Self :: default () } ";
    let code = std::fs::read_to_string(module)?;
    if code.matches(ANCHOR).count() != 1 {
        return Err(format!(
            "{}: expected one `{ANCHOR}` in leptos_i18n's generated `impl Locale` (did leptos_i18n_build change its output?)",
            module.display()
        )
        .into());
    }
    std::fs::write(
        module,
        code.replacen(ANCHOR, &format!("{OVERRIDE}{ANCHOR}"), 1),
    )?;
    Ok(())
}
