//! The operator's side, on its own loopback-only listener (`[server] metrics_addr`):
//! `GET /metrics` (the floor's and the connections' counters) and `GET /healthz` with
//! the details the public `{base}healthz` keeps to itself.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::HeaderValue;
use serde::Serialize;

use crate::connections::{Admission, ConnectionCounts};
use crate::floor::Metrics;
use crate::health::health_details;
use crate::state::AppState;

/// What the operator's listener knows: the app and the public listener's connections.
#[derive(Clone, Debug)]
pub struct AdminState {
    /// The app, its floor and co-working.
    pub app: AppState,
    /// The public listener's connection caps and counts.
    pub connections: Admission,
}

/// The operator's routes: `/metrics` and `/healthz`, at the root (no base path).
pub fn admin_router(state: AdminState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(details))
        .with_state(state)
}

/// The body of `GET /metrics`: the floor's counters at the top (absent without a
/// floor), the connections under `connections`.
#[derive(Serialize)]
struct Body {
    #[serde(flatten)]
    floor: Option<Metrics>,
    connections: Connections,
}

#[derive(Serialize)]
struct Connections {
    open: u32,
    max: u32,
    max_per_client: u32,
    refused_full: u64,
    refused_client_full: u64,
}

impl From<ConnectionCounts> for Connections {
    fn from(counts: ConnectionCounts) -> Self {
        Connections {
            open: counts.open,
            max: counts.max,
            max_per_client: counts.max_per_client,
            refused_full: counts.refused_full,
            refused_client_full: counts.refused_client_full,
        }
    }
}

async fn metrics(State(state): State<AdminState>) -> Response {
    let body = Body {
        floor: state.app.floor().map(|floor| floor.metrics()),
        connections: state.connections.counts().into(),
    };
    json(serde_json::to_string(&body).unwrap_or_default())
}

async fn details(State(state): State<AdminState>) -> Response {
    json(health_details(&state.app))
}

fn json(body: String) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
