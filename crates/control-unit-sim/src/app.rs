//! What every HTTP handler gets: the unit, the XCCSP credentials and the shutdown flag.

use std::sync::Arc;

use tokio::sync::watch;

use crate::unit::Unit;

#[derive(Clone)]
pub(crate) struct App {
    pub unit: Arc<Unit>,
    pub user: String,
    pub password: String,
    pub stop: watch::Receiver<bool>,
}
