//! The language context: which language the visitor reads, remembered on the device only
//! when they choose it (local storage holds nothing the visitor did not pick).

use leptos::prelude::*;
use lernort_i18n::{Lang, Localized, Msg};

use crate::dom;

/// Local-storage key for the chosen language.
pub const LANG_KEY: &str = "lernort.lang";

/// Handle to the current language; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked: views that call this update when it changes).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The text of `msg` now (tracked).
    pub fn text(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// A reactive text for views: `{t.msg(Msg::NavHome)}`.
    pub fn msg(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || msg.text(self.lang.get())
    }

    /// A centre text in the current language (tracked).
    pub fn pick(self, text: &Localized) -> String {
        text.get(self.lang.get()).to_string()
    }

    /// Switches for this visit only, remembering nothing (a kiosk screen whose address
    /// names its language).
    pub fn set_for_visit(self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The visitor chose a language: switch and remember it on this device.
    pub fn choose(self, lang: Lang) {
        self.lang.set(lang);
        dom::store(LANG_KEY, lang.code());
    }
}

/// Puts the language context in place: the remembered choice, else German.
pub fn provide_i18n() {
    let stored = dom::load(LANG_KEY).and_then(|code| Lang::from_code(&code));
    let lang = RwSignal::new(stored.unwrap_or_default());
    Effect::new(move || dom::set_document_lang(lang.get()));
    provide_context(I18n { lang });
}

/// The language context; panics outside [`crate::App`].
pub fn use_i18n() -> I18n {
    expect_context()
}
