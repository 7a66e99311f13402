//! The routes, mounted under the base path with the security headers.

use axum::extract::{Request, State};
use axum::middleware::{from_fn_with_state, map_response_with_state, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use http::header::LOCATION;
use http::uri::PathAndQuery;
use http::{HeaderValue, StatusCode, Uri};
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;

use crate::base::BasePath;
use crate::coworking::coworking_handler;
use crate::files::serve_file;
use crate::floor::{floor_handler, floor_picture_handler};
use crate::health::healthz;
use crate::responses;
use crate::security::add_security_headers;
use crate::state::AppState;

/// The whole gateway: [`routes`] mounted under the base path with [`mount`].
pub fn router(state: AppState) -> Router {
    mount(&state, routes(state.clone()))
}

/// The gateway's routes, with paths relative to the base path: `/healthz`, `/floor`
/// (the live floor, WebSocket), `/api/floor.png` (its picture for link previews), `/api/coworking`
/// (co-working availability, JSON), and the files of dist for everything else (the
/// fallback).
///
/// Later features add their routes here, or to the returned router before
/// passing it to [`mount`]:
///
/// ```no_run
/// # use lernort_gateway::{mount, routes, AppState, Config};
/// # let state = AppState::load(Config::default()).expect("valid dist");
/// use axum::routing::get;
/// let app = mount(&state, routes(state.clone()).route("/coworking", get(|| async { "co-working" })));
/// ```
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/floor", get(floor_handler))
        .route("/api/coworking", get(coworking_handler))
        .route("/api/floor.png", get(floor_picture_handler))
        .fallback(serve_file)
        .with_state(state)
}

/// Serves `routes` under the state's base path, gives every response the security
/// headers (see [`add_security_headers`](crate::add_security_headers)) and answers a
/// request body over `[server] max_body_bytes` with 413.
///
/// Under a base path such as `/lernort/`, `/lernort/x` reaches `routes` as
/// `/x`, `/lernort` is redirected (308) to `/lernort/`, and every other path
/// is 404.
pub fn mount(state: &AppState, routes: Router) -> Router {
    let service = ServiceBuilder::new()
        .layer(map_response_with_state(state.clone(), add_security_headers))
        .layer(from_fn_with_state(state.config().base.clone(), within_base))
        .layer(RequestBodyLimitLayer::new(
            state.config().server.max_body_bytes,
        ))
        .service(routes);
    Router::new().fallback_service(service)
}

/// Strips the base path from the request, or answers it when it is outside.
async fn within_base(State(base): State<BasePath>, mut request: Request, next: Next) -> Response {
    if base.is_root() {
        return next.run(request).await;
    }
    let prefix = base.without_trailing_slash();
    let uri = request.uri();
    let path = uri.path();
    if path == prefix {
        return redirect_to_base(&base, uri.query());
    }
    let Some(rest) = path
        .strip_prefix(prefix)
        .filter(|rest| rest.starts_with('/'))
    else {
        return responses::not_found();
    };
    let path_and_query = match uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = PathAndQuery::try_from(path_and_query).ok();
    match Uri::from_parts(parts) {
        Ok(stripped) => *request.uri_mut() = stripped,
        Err(_) => return responses::not_found(),
    }
    next.run(request).await
}

/// 308 to the base path with its trailing slash, keeping the query.
fn redirect_to_base(base: &BasePath, query: Option<&str>) -> Response {
    let location = match query {
        Some(query) => format!("{base}?{query}"),
        None => base.to_string(),
    };
    let mut response = Response::default();
    *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}
