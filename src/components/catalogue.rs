//! The course catalogue in the app: loaded on the pages that need it (never on the start
//! page's first view), parsed with [`Catalogue::parse`] and indexed once per visit, then
//! kept for the rest of the visit; and the visitor's favourites, kept on the device.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use lernort_catalogue::{Catalogue, SearchIndex};
use lernort_i18n::Msg;
use lernort_routes::is_slug;

use crate::api::{fetch_text, LoadError};
use crate::components::page::use_centre;
use crate::dom;
use crate::i18n::use_i18n;

/// A loaded catalogue with its search index.
pub struct Data {
    /// The catalogue as read.
    pub catalogue: Catalogue,
    /// Built once after loading.
    pub index: SearchIndex,
    /// The folder of the catalogue file with its trailing `/` (images are relative to it).
    pub folder: String,
}

impl Data {
    /// Reads and indexes a catalogue file; `path` is where it was loaded from.
    pub fn new(json: &str, path: &str) -> Result<Data, String> {
        let catalogue = Catalogue::parse(json).map_err(|e| e.0)?;
        mark("lernort-catalogue-parsed");
        let index = SearchIndex::new(&catalogue);
        mark("lernort-catalogue-indexed");
        let folder = path.rfind('/').map_or("", |i| &path[..=i]).to_string();
        Ok(Data {
            catalogue,
            index,
            folder,
        })
    }
}

/// Where loading the catalogue stands.
#[derive(Clone)]
pub enum Load {
    /// On its way.
    Loading,
    /// Here, searchable.
    Ready(Arc<Data>),
    /// Missing or unreadable; the technical reason, for the operators.
    Failed(String),
}

thread_local! {
    /// The catalogue of this visit, once loaded: going back and forth between the list and
    /// a course does not load or index it again.
    static LOADED: RefCell<Option<Arc<Data>>> = const { RefCell::new(None) };
}

/// A User Timing mark (read by the benchmark in bench/catalogue/).
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// The catalogue state for a page: ready at once when this visit has loaded it before,
/// otherwise loading starts now (aborted if the visitor leaves the page first).
pub fn use_catalogue() -> RwSignal<Load> {
    let state = RwSignal::new(
        LOADED
            .with(|l| l.borrow().clone())
            .map_or(Load::Loading, Load::Ready),
    );
    if matches!(state.get_untracked(), Load::Loading) {
        load(state, use_centre().sources.catalogue.clone());
    }
    state
}

fn load(state: RwSignal<Load>, path: String) {
    state.set(Load::Loading);
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let result = match fetch_text(&path).await {
            Ok(json) => {
                mark("lernort-catalogue-fetched");
                Data::new(&json, &path).map(Arc::new)
            }
            Err(LoadError::Status(code)) => Err(format!("{path}: HTTP {code}")),
            Err(LoadError::Network(error)) => Err(format!("{path}: request failed: {error}")),
            Err(LoadError::Config(_)) => Err(path.clone()),
        };
        state.set(match result {
            Ok(data) => {
                LOADED.with(|l| *l.borrow_mut() = Some(data.clone()));
                Load::Ready(data)
            }
            Err(reason) => Load::Failed(reason),
        });
    });
}

/// Puts a catalogue in place as if this visit had loaded it (for tests, which have no
/// server to fetch it from).
pub fn preload(json: &str, path: &str) -> Result<(), String> {
    let data = Arc::new(Data::new(json, path)?);
    LOADED.with(|l| *l.borrow_mut() = Some(data));
    Ok(())
}

/// What a page shows while the catalogue is not ready: a loading line, or the error in
/// plain words with a retry button (the rest of the site keeps working). Nothing once it
/// is ready.
pub fn catalogue_status(state: RwSignal<Load>) -> impl IntoView {
    let t = use_i18n();
    let path = use_centre().sources.catalogue.clone();
    // The retry loads within the page's owner (not the error view's, which the retry
    // replaces), so that leaving the page still aborts the request.
    let owner = Owner::current();
    move || match state.get() {
        Load::Loading => Some(
            view! { <p class="catalogue-loading" role="status">{t.msg(Msg::CatalogueLoading)}</p> }
                .into_any(),
        ),
        Load::Ready(_) => None,
        Load::Failed(reason) => {
            let (path, owner) = (path.clone(), owner.clone());
            Some(
                view! {
                    <div class="notice catalogue-error" role="alert">
                        <p>{t.msg(Msg::CatalogueError)}</p>
                        <p>
                            <button
                                type="button"
                                class="button"
                                on:click=move |_| match &owner {
                                    Some(owner) => owner.with(|| load(state, path.clone())),
                                    None => load(state, path.clone()),
                                }
                            >
                                {t.msg(Msg::RetryButton)}
                            </button>
                        </p>
                        <details>
                            <summary>{t.msg(Msg::ConfigErrorDetails)}</summary>
                            <p class="error-detail">{reason}</p>
                        </details>
                    </div>
                }
                .into_any(),
            )
        }
    }
}

/// The loaded catalogue (tracked), if it is ready.
pub fn ready(state: RwSignal<Load>) -> Option<Arc<Data>> {
    state.with(|s| match s {
        Load::Ready(data) => Some(data.clone()),
        _ => None,
    })
}

/// Local-storage key of the favourites: a JSON array of course slugs.
pub const FAVOURITES_KEY: &str = "lernort.favourites";

/// Reads the stored favourites: a JSON array of slugs. Whatever is not a slug is left
/// out, duplicates too; a broken value gives an empty list.
pub fn parse_favourites(text: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or("");
    for item in inner.split(',') {
        let item = item.trim();
        let Some(slug) = item.strip_prefix('"').and_then(|i| i.strip_suffix('"')) else {
            continue;
        };
        if is_slug(slug) && !list.iter().any(|s| s == slug) {
            list.push(slug.to_string());
        }
    }
    list
}

/// The favourites as a JSON array (slugs need no escaping).
pub fn favourites_json(list: &[String]) -> String {
    let mut out = String::from("[");
    for (i, slug) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(slug);
        out.push('"');
    }
    out.push(']');
    out
}

/// The courses the visitor marked, kept in local storage on this device only. Nothing is
/// stored until the visitor marks a course; removing the last one removes the key.
#[derive(Clone, Copy)]
pub struct Favourites(RwSignal<Vec<String>>);

impl Favourites {
    /// The favourites stored on this device.
    pub fn load() -> Favourites {
        let stored = dom::load(FAVOURITES_KEY).unwrap_or_default();
        Favourites(RwSignal::new(parse_favourites(&stored)))
    }

    /// The slugs, in the order they were added (tracked).
    pub fn list(self) -> Vec<String> {
        self.0.get()
    }

    /// The slugs, untracked.
    pub fn list_untracked(self) -> Vec<String> {
        self.0.get_untracked()
    }

    /// Whether `slug` is marked (tracked).
    pub fn is_saved(self, slug: &str) -> bool {
        self.0.with(|list| list.iter().any(|s| s == slug))
    }

    /// Whether `slug` is marked (untracked).
    pub fn contains(self, slug: &str) -> bool {
        self.0.with_untracked(|list| list.iter().any(|s| s == slug))
    }

    /// Marks `slug`, or unmarks it if it is marked; stores the result.
    pub fn toggle(self, slug: &str) {
        self.0
            .update(|list| match list.iter().position(|s| s == slug) {
                Some(i) => {
                    list.remove(i);
                }
                None => list.push(slug.to_string()),
            });
        self.0.with_untracked(|list| {
            if list.is_empty() {
                let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
                if let Some(storage) = storage {
                    let _ = storage.remove_item(FAVOURITES_KEY);
                }
            } else {
                dom::store(FAVOURITES_KEY, &favourites_json(list));
            }
        });
    }
}
