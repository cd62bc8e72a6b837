//! Shutdown as every task sees it: a `watch` flag that turns true once.

use tokio::sync::watch;

/// Resolves once shutdown has begun (or its sender is gone).
pub(crate) async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
