//! Serving the built app (`--dist`) with an SPA fallback to `index.html`.

use std::path::Path;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Adds the app's files as the router's fallback: unknown non-`/api`, non-`/sandbox` GET paths
/// answer `index.html` (client-side routing); `.wasm` goes out as `application/wasm`.
pub fn with_dist<S: Clone + Send + Sync + 'static>(router: Router<S>, dist: &Path) -> Router<S> {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(index));
    router.fallback_service(
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .service(files),
    )
}
