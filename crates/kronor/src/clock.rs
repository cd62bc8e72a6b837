//! Waiting, injectable: production sleeps on tokio's timer, tests record the delays asked for.

use futures::future::BoxFuture;
use std::time::Duration;

/// Something that can wait. Every backoff and polling pause of the client goes through it.
pub trait Sleeper: Send + Sync + 'static {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Sleeps on tokio's timer.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
