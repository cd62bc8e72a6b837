//! What every handler gets: the order engine and the connection settings. Its own file so
//! the handlers and the router that hands it to them do not import each other.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::engine::Engine;

#[derive(Clone)]
pub(crate) struct App {
    pub engine: Arc<Engine>,
    /// The legacy WebSocket protocol's `ka` period (see `SandboxConfig::ws_keep_alive`).
    pub ws_keep_alive: Duration,
    /// Held by every connection and socket task; shutdown waits until all are gone.
    _alive: mpsc::Sender<()>,
}

impl App {
    pub(crate) fn new(
        engine: Arc<Engine>,
        ws_keep_alive: Duration,
        alive: mpsc::Sender<()>,
    ) -> App {
        App {
            engine,
            ws_keep_alive,
            _alive: alive,
        }
    }
}
