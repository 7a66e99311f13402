//! The live floor widget: status line, pause button, colour-scale choice, the picture
//! (canvas) with the floor plan over it (SVG: crisp lines and labels at any size), the
//! legend, the people per zone, and the text alternative. Built and kept current by
//! [`crate::components::floor_stream`] (see there why not as a Leptos view); this component
//! only starts the stream, hands it its element and the language, and stops it when the
//! page is left.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::floor_stream::FloorStream;
use crate::i18n::use_i18n;

/// The live floor, streamed from `url` (`None`: the address could not be made; shows
/// offline).
#[component]
pub fn FloorLive(
    /// The WebSocket URL (see [`crate::components::floor_stream::socket_url`]).
    url: Option<String>,
) -> impl IntoView {
    let t = use_i18n();
    let stream = Rc::new(FloorStream::start(url, untrack(|| t.lang())));
    let on_leave = SendWrapper::new(stream.clone());
    on_cleanup(move || on_leave.stop());
    // One effect mounts the widget once its element exists and follows the language.
    let root = NodeRef::<leptos::html::Div>::new();
    let stream = SendWrapper::new(stream);
    let mounted = std::cell::Cell::new(false);
    Effect::new(move || {
        let lang = t.lang();
        if let Some(el) = root.get() {
            if !mounted.replace(true) {
                stream.mount(el.into());
            }
            stream.set_lang(lang);
        }
    });
    view! { <div class="floor" data-state="connecting" data-plan="none" node_ref=root></div> }
}
