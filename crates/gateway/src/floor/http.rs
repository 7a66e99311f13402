//! The floor's HTTP side: the WebSocket upgrade at `{base}floor`.

use std::sync::atomic::Ordering;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::header::{HOST, ORIGIN};
use http::{HeaderMap, StatusCode};
use lernort_floor_protocol::SUBPROTOCOL;

use super::client::Client;
use super::{ClientSlot, Floor, Mode};
use crate::config::{is_known_host, is_same_origin};
use crate::connections::ConnectionSocket;
use crate::responses::plain_no_store;
use crate::state::AppState;

/// Read buffer of a client's socket: clients send nothing but pings and close frames.
const READ_BUFFER: usize = 4 * 1024;

/// Bytes collected before a write to a client's socket (a flush always writes).
const WRITE_BUFFER: usize = 8 * 1024;

/// `GET {base}floor`: upgrades to the read-only floor stream (subprotocol
/// `lernort-floor.v1` when the browser asks for it).
///
/// Before the upgrade: 503 with a short reason when the floor is unavailable or
/// `max_clients` are connected, 403 when the `Origin` header is neither the gateway's
/// own (same host and port as `Host`) nor in `allowed_origins`. Requests without `Origin`
/// (non-browser tools) are allowed.
pub async fn floor_handler(
    State(state): State<AppState>,
    socket: Option<Extension<ConnectionSocket>>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Some(floor) = state.floor() else {
        return plain_no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 the floor stream is not set up\n".to_owned(),
        );
    };
    let live = match &floor.inner.mode {
        Mode::Live(live) => live,
        Mode::Unavailable(reason) => {
            return plain_no_store(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("503 the floor is unavailable: {reason}\n"),
            );
        }
    };
    let counters = &floor.inner.counters;
    let limits = &floor.inner.limits;
    if !origin_allowed(floor, &headers, state.site_host().as_deref()) {
        counters.rejected_origin.fetch_add(1, Ordering::Relaxed);
        return plain_no_store(
            StatusCode::FORBIDDEN,
            "403 this origin may not open the floor stream\n".to_owned(),
        );
    }
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let Some(slot) = ClientSlot::acquire(counters, limits.max_clients) else {
        counters.rejected_busy.fetch_add(1, Ordering::Relaxed);
        return plain_no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 too many floor clients, try again later\n".to_owned(),
        );
    };
    if live.frames.upgrade().is_none() {
        return plain_no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 the floor stream has stopped\n".to_owned(),
        );
    }
    // A small kernel buffer: a client that stops reading fills it within seconds, and its
    // sends then time out and drop it; autotuned, loopback's grows to megabytes, minutes
    // of frames held for a reader that is gone.
    if let Some(Extension(socket)) = socket {
        if let Err(e) = socket.set_send_buffer(limits.send_buffer_bytes) {
            eprintln!("lernort-gateway: floor: cannot set the send buffer: {e}");
        }
    }
    let client = Client {
        layout_text: live.layout_text.clone(),
        counters: counters.clone(),
        send_timeout: limits.send_timeout(),
        max_send_timeouts: limits.max_send_timeouts,
        _slot: slot,
    };
    let groups = live.groups.clone();
    upgrade
        .protocols([SUBPROTOCOL])
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_message_size(limits.max_message_size)
        .max_frame_size(limits.max_message_size)
        .on_upgrade(move |socket| async move { groups.join(socket, client) })
}

/// Whether the request's `Origin` (if any) may open the stream: the gateway's own origin
/// under a host name the site is known by ([`is_known_host`]: not one an attacker pointed
/// at it, DNS rebinding), or one of `allowed_origins`.
fn origin_allowed(floor: &Floor, headers: &HeaderMap, site_host: Option<&str>) -> bool {
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let limits = &floor.inner.limits;
    let same = headers
        .get(HOST)
        .and_then(|host| host.to_str().ok())
        .is_some_and(|host| {
            is_same_origin(origin, host) && is_known_host(host, site_host, &limits.allowed_hosts)
        });
    same || limits
        .allowed_origins
        .iter()
        .any(|allowed| allowed.matches(origin))
}
