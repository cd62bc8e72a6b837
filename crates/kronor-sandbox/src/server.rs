//! Routes and the accept loop. The loop is ours (hyper per connection, not `axum::serve`) so
//! that a request can drop its own connection (fault `CommitThenDrop`) and shutdown can close
//! every socket.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::routing::{get, post};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, watch};

use crate::shutdown::stopped;
use tower::ServiceExt;

use crate::app::App;
use crate::engine::Engine;
use crate::http::DropConnection;
use crate::{control, http, sca_page, swish_page, ws};

pub(crate) fn router(
    engine: Arc<Engine>,
    ws_keep_alive: Duration,
    alive: mpsc::Sender<()>,
) -> Router {
    Router::new()
        .route("/v1/graphql", post(http::post).get(ws::upgrade))
        .route("/", get(sca_page::show).post(sca_page::decide))
        .route("/swish/", get(swish_page::show).post(swish_page::decide))
        .route(
            "/control/faults",
            post(control::inject).get(control::status),
        )
        .route("/control/clear", post(control::clear))
        .route("/control/close-websockets", post(control::close_websockets))
        .route(
            "/control/refuse-websockets",
            post(control::refuse_websockets),
        )
        .route("/control/sca", post(control::sca))
        .route("/control/swish", post(control::swish))
        .with_state(App::new(engine, ws_keep_alive, alive))
}

/// Accepts until shutdown; each connection ends on shutdown or when a handler drops it.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: keep serving the connections we have.
                Err(_) => { tokio::task::yield_now().await; continue; }
            },
            _ = stopped(&mut stop) => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let drop_conn = DropConnection(kill.clone());
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(drop_conn.clone());
                router.clone().oneshot(req.map(Body::new))
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
                _ = stopped(&mut stop) => {}
            }
        });
    }
}
