//! Imprint, privacy notice and accessibility statement, from the centre config.

use leptos::either::Either;
use leptos::prelude::*;
use lernort_centre::text::segments;
use lernort_centre::Section;
use lernort_i18n::{Lang, Msg};

use crate::components::page::{use_centre, use_page_title};
use crate::i18n::use_i18n;

/// Which legal text a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegalText {
    /// Imprint (§ 5 DDG).
    Imprint,
    /// Privacy notice (Art. 13 GDPR).
    Privacy,
    /// Accessibility statement (BITV NRW).
    Accessibility,
}

impl LegalText {
    fn title(self) -> Msg {
        match self {
            LegalText::Imprint => Msg::ImprintTitle,
            LegalText::Privacy => Msg::PrivacyTitle,
            LegalText::Accessibility => Msg::AccessibilityTitle,
        }
    }
}

/// A legal page. Sections without an English version are shown in German, marked
/// `lang="de"` so screen readers switch voice, with a note saying so.
/// A paragraph with its email and web addresses as links.
fn linked(text: &str) -> impl IntoView {
    segments(text)
        .into_iter()
        .map(|segment| match segment.href() {
            Some(href) => Either::Left(view! { <a href=href>{segment.text().to_string()}</a> }),
            None => Either::Right(segment.text().to_string()),
        })
        .collect_view()
}

#[component]
pub fn LegalPage(
    /// Which text.
    text: LegalText,
) -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    use_page_title(text.title());
    let sections: Vec<Section> = match text {
        LegalText::Imprint => centre.legal.imprint.clone(),
        LegalText::Privacy => centre.legal.privacy.clone(),
        LegalText::Accessibility => centre.legal.accessibility.clone(),
    };
    let all_translated = sections.iter().all(Section::is_translated);
    let body = move || {
        let lang = t.lang();
        sections
            .iter()
            .map(|section| {
                let shown = if section.is_translated() {
                    lang
                } else {
                    Lang::De
                };
                view! {
                    <section lang=shown.code()>
                        <h2>{section.heading.get(shown).to_string()}</h2>
                        {section
                            .paragraphs
                            .iter()
                            .map(|p| view! { <p>{linked(p.get(shown))}</p> })
                            .collect_view()}
                    </section>
                }
            })
            .collect_view()
    };
    view! {
        <div class="page text-page">
            <h1>{t.msg(text.title())}</h1>
            <Show when=move || !all_translated && t.lang() != Lang::De>
                <p class="notice">{t.msg(Msg::GermanOnlyNotice)}</p>
            </Show>
            {body}
        </div>
    }
}
