//! The catalogue page's widget: search box, filters, count, sort, reset, results and
//! "Mehr anzeigen", built with [`course_dom`]'s helpers and brought up to date by one
//! call, [`CatalogueUi::update`], from one effect in the page. The state it shows is the
//! URL's query string; it holds no state of its own except what it built.

use std::time::Duration;

use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use lernort_catalogue::{Query, Sort};
use lernort_i18n::{Lang, Msg};
use lernort_routes::Route;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlFormElement};

use crate::components::catalogue::Data;
use crate::components::course_dom::{
    add, add_button, add_text, attr, filter_controls, form_query, set_form, Rows,
};
use crate::dom::Listener;
use crate::router::href;
use lernort_i18n::fill;

/// How many results are shown at first, and added by "Mehr anzeigen".
pub const PAGE: usize = 20;

/// `n` results in words.
pub fn count_text(n: usize, lang: Lang) -> String {
    match n {
        0 => Msg::ResultsNone.text(lang).to_string(),
        1 => Msg::ResultsOne.text(lang).to_string(),
        n => fill(Msg::ResultsMany.text(lang), &[&n.to_string()]),
    }
}

/// How many filters are set (the search text and the order do not count).
pub fn active_filters(q: &Query) -> usize {
    let lists = [
        q.categories.len(),
        q.providers.len(),
        q.audiences.len(),
        q.languages.len(),
    ];
    let flags = [
        q.from.is_some(),
        q.to.is_some(),
        q.weekdays.contains(&true),
        q.parts_of_day.contains(&true),
        q.attendance.is_some(),
        q.free_only,
        q.step_free,
        q.hide_full,
        q.include_past,
    ];
    lists.iter().filter(|n| **n > 0).count() + flags.iter().filter(|f| **f).count()
}

/// The built widget, for one language.
pub struct CatalogueUi {
    lang: Lang,
    form: HtmlFormElement,
    details: Element,
    summary: Element,
    count: Element,
    status: Element,
    list: Element,
    more: Element,
    more_text: Element,
    saved: Element,
    rows: Rows,
    /// The reset and "Mehr anzeigen" buttons' clicks.
    _clicks: [Listener; 2],
    /// The normalised query the results are for, and the results.
    shown_query: Option<String>,
    /// The state last read from the form.
    from_form: Option<String>,
    results: Vec<usize>,
    announced: String,
    pending: Option<TimeoutHandle>,
}

impl CatalogueUi {
    /// Builds the widget into `root` (emptied first). Its buttons call `on_reset`, `on_more`
    /// ("Mehr anzeigen") and `on_favourite` (with the course's slug).
    pub fn build(
        root: &Element,
        data: &Data,
        lang: Lang,
        on_reset: impl FnMut() + 'static,
        on_more: impl FnMut() + 'static,
        on_favourite: impl Fn(&str) + 'static,
    ) -> CatalogueUi {
        root.set_text_content(None);
        let text = |msg: Msg| msg.text(lang);

        let saved_link = add(&add(root, "p", "fav-link"), "a", "");
        attr(&saved_link, "href", &href(&Route::Favourites));
        crate::components::course_dom::text(&saved_link, text(Msg::FavouritesTitle));
        let saved = add(&saved_link, "span", "");

        let form = add(root, "form", "catalogue-form");
        attr(&form, "role", "search");
        let search = add(&form, "div", "catalogue-search");
        attr(
            &add_text(&search, "label", "", text(Msg::CatalogueSearchLabel)),
            "for",
            "kurssuche",
        );
        let input = add(&search, "input", "");
        for (name, value) in [
            ("id", "kurssuche"),
            ("type", "search"),
            ("name", "q"),
            ("maxlength", "200"),
            ("autocomplete", "off"),
            ("enterkeyhint", "search"),
            ("aria-describedby", "kurssuche-hilfe"),
        ] {
            attr(&input, name, value);
        }
        attr(
            &add_text(&search, "p", "hint", text(Msg::CatalogueSearchHint)),
            "id",
            "kurssuche-hilfe",
        );

        let details = add(&form, "details", "filters");
        let summary = add(&details, "summary", "");
        filter_controls(&add(&details, "div", "filter-groups"), data, lang);

        let bar = add(&form, "div", "result-bar");
        let count = add(&bar, "p", "result-count");
        attr(&count, "id", "ergebnisse");
        let controls = add(&bar, "div", "sort-reset");
        let sort = add(&controls, "label", "sort");
        add_text(&sort, "span", "", text(Msg::SortLabel));
        let select = add(&sort, "select", "");
        attr(&select, "name", "sort");
        for (value, order) in [("", Sort::Date), ("titel", Sort::Title)] {
            attr(
                &add_text(&select, "option", "", order.label(lang)),
                "value",
                value,
            );
        }
        let reset = add_button(&controls, "button secondary reset", text(Msg::ResetFilters));

        let status = add(root, "p", "visually-hidden");
        attr(&status, "role", "status");
        let list = add(root, "ol", "course-list");
        attr(&list, "aria-labelledby", "ergebnisse");
        let more = add(root, "p", "more");
        let more_button = add_button(&more, "button secondary more-button", text(Msg::ShowMore));
        let more_text = add(&more, "span", "");

        CatalogueUi {
            lang,
            form: form.unchecked_into(),
            details,
            summary,
            count,
            status,
            list,
            more,
            more_text,
            saved,
            rows: Rows::new(on_favourite),
            _clicks: [
                Listener::new(&reset, "click", on_reset),
                Listener::new(&more_button, "click", on_more),
            ],
            shown_query: None,
            from_form: None,
            results: Vec::new(),
            announced: String::new(),
            pending: None,
        }
    }

    /// The language it was built for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the filters are unfolded (kept when the widget is rebuilt).
    pub fn filters_open(&self) -> bool {
        self.details.has_attribute("open")
    }

    /// Unfolds the filters.
    pub fn open_filters(&self) {
        attr(&self.details, "open", "");
    }

    /// The form's state, normalised, as the URL's query string.
    pub fn form_state(&mut self) -> String {
        let state = Query::from_query_string(&form_query(&self.form)).to_query_string();
        self.from_form = Some(state.clone());
        state
    }

    /// Shows the state of `query_string`: the controls, count, results (the first
    /// `limit`), favourites. Searches again only when the query changed.
    pub fn update(
        &mut self,
        data: &Data,
        query_string: &str,
        limit: usize,
        saved: &[String],
        now: i64,
    ) {
        let lang = self.lang;
        let query = Query::from_query_string(query_string);
        let normal = query.to_query_string();
        if self.shown_query.as_deref() != Some(normal.as_str()) {
            self.results = data.index.search(&data.catalogue, &query, now);
            // The form already shows what it was just read as.
            if self.from_form.as_deref() != Some(normal.as_str()) {
                set_form(&self.form, &normal);
            }
            let label = Msg::CatalogueFilters.text(lang);
            let summary = match active_filters(&query) {
                0 => label.to_string(),
                n => format!(
                    "{label} {}",
                    fill(Msg::FiltersActive.text(lang), &[&n.to_string()])
                ),
            };
            self.summary.set_text_content(Some(&summary));
            self.shown_query = Some(normal.clone());
        }
        let total = self.results.len();
        let count = count_text(total, lang);
        if self.announced != count {
            self.count.set_text_content(Some(&count));
            // The live region speaks the count once typing pauses, not on every keystroke.
            if let Some(pending) = self.pending.take() {
                pending.clear();
            }
            let status = self.status.clone();
            let spoken = count.clone();
            self.pending = set_timeout_with_handle(
                move || status.set_text_content(Some(&spoken)),
                Duration::from_millis(800),
            )
            .ok();
            self.announced = count;
        }
        let shown = total.min(limit);
        self.rows.show(
            &self.list,
            data,
            &self.results[..shown],
            lang,
            now,
            &normal,
            saved,
        );
        if shown < total {
            let _ = self.more.remove_attribute("hidden");
            self.more_text.set_text_content(Some(&fill(
                Msg::ShownOf.text(lang),
                &[&shown.to_string(), &total.to_string()],
            )));
        } else {
            attr(&self.more, "hidden", "");
        }
        let saved_count = match saved.len() {
            0 => String::new(),
            n => format!(" ({n})"),
        };
        self.saved.set_text_content(Some(&saved_count));
    }

    /// Stops a pending announcement (the page is going away).
    pub fn stop(&mut self) {
        if let Some(pending) = self.pending.take() {
            pending.clear();
        }
    }
}
