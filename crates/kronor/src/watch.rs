//! Following a purchase order: live over a WebSocket, polled over HTTP when no socket can be
//! had, one deduplicated stream either way.

use crate::http::Http;
use crate::operations::purchase_order::{
    OrderIdVariables, PurchaseOrderQuery, PurchaseOrderState, PurchaseOrderSubscription,
};
use crate::token::Credential;
use crate::ws::{Endpoint, Frame, Subscription};
use crate::{Error, RetryPolicy, Sleeper, WaitToken};
use cynic::{QueryBuilder, SubscriptionBuilder};
use futures::Stream;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How often the order is polled while no WebSocket can be had (as Kronor's iOS SDK does).
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What a watch reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchEvent {
    /// The order changed (never sent twice in a row for the same state).
    Update(PurchaseOrderState),
    /// How updates are arriving now.
    Connection(ConnectionState),
    /// The watch cannot go on (e.g. the token was refused); the stream ends after this.
    Failed(Error),
}

/// The transport behind a watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// Subscribed over a WebSocket; changes arrive as they happen.
    Live,
    /// The socket dropped; opening a new one.
    Reconnecting,
    /// No socket could be opened; polling over HTTP every [`POLL_INTERVAL`].
    Polling,
}

/// A stream of [`WatchEvent`]s for one purchase order. It ends after the order reaches a final
/// status ([`PurchaseOrderState::is_final`]) or after [`WatchEvent::Failed`]. Dropping it stops
/// the watch and closes its socket.
pub struct PurchaseOrderWatch {
    events: mpsc::Receiver<WatchEvent>,
    task: JoinHandle<()>,
}

impl Stream for PurchaseOrderWatch {
    type Item = WatchEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<WatchEvent>> {
        self.events.poll_recv(cx)
    }
}

impl Drop for PurchaseOrderWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(crate) struct Watcher {
    pub http: Arc<Http>,
    pub endpoint: Endpoint,
    pub retry: RetryPolicy,
    pub sleeper: Arc<dyn Sleeper>,
    pub order_id: String,
    pub wait_token: WaitToken,
}

/// Starts the watch on the current tokio runtime.
pub(crate) fn spawn(watcher: Watcher) -> PurchaseOrderWatch {
    let (sender, events) = mpsc::channel(16);
    let task = tokio::spawn(async move {
        let mut run = Run {
            watcher,
            sender,
            last: None,
        };
        let _ = run.run().await;
    });
    PurchaseOrderWatch { events, task }
}

/// Why the watch stopped: the order is final, the watch failed, or nobody listens any more.
struct Stop;

struct Run {
    watcher: Watcher,
    sender: mpsc::Sender<WatchEvent>,
    last: Option<PurchaseOrderState>,
}

impl Run {
    async fn run(&mut self) -> Result<(), Stop> {
        let variables = OrderIdVariables {
            id: self.watcher.order_id.clone(),
        };
        let operation =
            serde_json::to_value(PurchaseOrderSubscription::build(variables)).map_err(|_| Stop)?;
        let bearer = self.watcher.wait_token.bearer();
        let mut failed_connects = 0;
        let mut polling = false;
        loop {
            let opened = Subscription::<PurchaseOrderSubscription>::open(
                &self.watcher.endpoint,
                &bearer,
                operation.clone(),
            )
            .await;
            let error = match opened {
                Ok(mut subscription) => {
                    polling = false;
                    self.emit(WatchEvent::Connection(ConnectionState::Live))
                        .await?;
                    let pumped = self.pump(&mut subscription).await;
                    subscription.close().await;
                    if pumped? {
                        // The socket worked for a while: reopen it promptly.
                        failed_connects = 0;
                        self.emit(WatchEvent::Connection(ConnectionState::Reconnecting))
                            .await?;
                        self.watcher
                            .sleeper
                            .sleep(self.watcher.retry.delay(0))
                            .await;
                        continue;
                    }
                    // Opened but dropped before any result: as good as refused, so back off
                    // and poll rather than reconnect in a tight loop.
                    Error::Transport {
                        message: "WebSocket closed before any result".into(),
                    }
                }
                Err(error) => error,
            };
            if let Error::Auth { .. } = error {
                return self.fail(error).await;
            }
            tracing::debug!(%error, "no WebSocket for the watch; polling");
            if !polling {
                polling = true;
                self.emit(WatchEvent::Connection(ConnectionState::Polling))
                    .await?;
            }
            // Poll every second until the reconnect backoff has passed.
            let backoff = self.watcher.retry.delay(failed_connects);
            failed_connects += 1;
            let mut waited = Duration::ZERO;
            loop {
                self.poll_once().await?;
                self.watcher.sleeper.sleep(POLL_INTERVAL).await;
                waited += POLL_INTERVAL;
                if waited >= backoff {
                    break;
                }
            }
        }
    }

    /// Forwards live results until the socket ends (`Ok(any result arrived)`) or the watch
    /// must stop (`Err`).
    async fn pump(
        &mut self,
        subscription: &mut Subscription<PurchaseOrderSubscription>,
    ) -> Result<bool, Stop> {
        let mut received = false;
        loop {
            match subscription.next().await {
                Frame::Data(data) => {
                    received = true;
                    self.offer(data.purchase_orders).await?;
                }
                Frame::Failed(error) if !error.is_retryable() => {
                    return self.fail(error).await.map(|()| received);
                }
                Frame::Failed(error) => {
                    tracing::debug!(%error, "subscription failed; reconnecting");
                    return Ok(received);
                }
                Frame::Ended => return Ok(received),
            }
        }
    }

    async fn poll_once(&mut self) -> Result<(), Stop> {
        let variables = OrderIdVariables {
            id: self.watcher.order_id.clone(),
        };
        let credential = Credential::Wait(&self.watcher.wait_token);
        match self
            .watcher
            .http
            .run_once(&PurchaseOrderQuery::build(variables), credential)
            .await
        {
            Ok(data) => self.offer(data.purchase_orders).await,
            Err(error @ Error::Auth { .. }) => self.fail(error).await,
            // An odd answer (a proxy's 404, a half-written body) says nothing about the
            // order: the next poll may well read it, and the customer may be signing now.
            Err(error) => {
                tracing::debug!(%error, "poll failed; trying again");
                Ok(())
            }
        }
    }

    /// Emits the order's state if it differs from the last one sent; stops once it is final.
    async fn offer(&mut self, orders: Vec<PurchaseOrderState>) -> Result<(), Stop> {
        let Some(order) = orders.into_iter().next() else {
            return Ok(()); // not visible (yet) to this token
        };
        if self.last.as_ref() == Some(&order) {
            return Ok(());
        }
        let is_final = order.is_final();
        self.last = Some(order.clone());
        self.emit(WatchEvent::Update(order)).await?;
        if is_final { Err(Stop) } else { Ok(()) }
    }

    async fn fail(&mut self, error: Error) -> Result<(), Stop> {
        let _ = self.emit(WatchEvent::Failed(error)).await;
        Err(Stop)
    }

    async fn emit(&self, event: WatchEvent) -> Result<(), Stop> {
        self.sender.send(event).await.map_err(|_| Stop)
    }
}
