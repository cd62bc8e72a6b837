//! Routes and serving until shutdown.

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::app::App;
use crate::shutdown::stopped;
use crate::{control, http};

pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route("/xccsp", post(http::post))
        .route("/", post(http::post))
        .route(
            "/control/fault",
            post(control::set_fault).get(control::get_fault),
        )
        .route(
            "/control/registrations",
            get(control::registrations).delete(control::clear_registrations),
        )
        .with_state(app)
}

/// Serves until the shutdown flag turns; requests in flight (a held `no_answer` one too)
/// finish first.
pub(crate) async fn serve(listener: TcpListener, app: App) {
    let mut stop = app.stop.clone();
    let router = router(app);
    let _ = axum::serve(listener, router)
        .with_graceful_shutdown(async move { stopped(&mut stop).await })
        .await;
}
