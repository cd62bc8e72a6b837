//! Following a purchase order or a payment request: live over a WebSocket, polled over HTTP
//! when no socket can be had, one deduplicated stream either way. The machinery is shared; a
//! [`Target`] says what is followed.

use crate::http::Http;
use crate::operations::payment_request::{
    PaymentRequestQuery, PaymentRequestState, PaymentRequestSubscription, WaitTokenVariables,
};
use crate::operations::purchase_order::{
    OrderIdVariables, PurchaseOrderQuery, PurchaseOrderState, PurchaseOrderSubscription,
};
use crate::scalars::Uuid;
use crate::token::{Credential, SessionToken};
use crate::ws::{Endpoint, Frame, Subscription};
use crate::{Error, RetryPolicy, Sleeper, WaitToken};
use cynic::{QueryBuilder, SubscriptionBuilder};
use futures::Stream;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How often the state is polled while no WebSocket can be had (as Kronor's iOS SDK does).
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What a watch reports. `T` is what is followed: a purchase order (the default, so older
/// code naming `WatchEvent` alone keeps compiling) or a [`PaymentRequestState`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchEvent<T = PurchaseOrderState> {
    /// The state changed (never sent twice in a row for the same state).
    Update(T),
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

/// A stream of [`WatchEvent`]s for one followed thing. It ends after a final state
/// ([`PurchaseOrderState::is_final`], [`PaymentRequestState::is_final`]) or after
/// [`WatchEvent::Failed`]. Dropping it stops the watch and closes its socket.
pub struct Watch<T> {
    events: mpsc::Receiver<WatchEvent<T>>,
    task: JoinHandle<()>,
}

/// Following one purchase order.
pub type PurchaseOrderWatch = Watch<PurchaseOrderState>;
/// Following one payment request (a Swish payment), with its session's token.
pub type PaymentRequestWatch = Watch<PaymentRequestState>;

impl<T> Stream for Watch<T> {
    type Item = WatchEvent<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<WatchEvent<T>>> {
        self.events.poll_recv(cx)
    }
}

impl<T> Drop for Watch<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What a watch follows: its subscription, the same read as a query, and when to stop.
pub(crate) trait Target: Send + Sync + 'static {
    type State: Clone + PartialEq + Send + Sync + 'static;
    /// One live-query result as the subscription sends it.
    type Live: DeserializeOwned + Send + 'static;

    fn credential(&self) -> Credential<'_>;
    /// The subscription as `{query, variables, operationName}`.
    fn subscription(&self) -> serde_json::Result<serde_json::Value>;
    fn from_live(live: Self::Live) -> Option<Self::State>;
    /// One read over HTTP, no retries (polling has its own rhythm).
    fn poll(&self, http: &Http) -> impl Future<Output = Result<Option<Self::State>, Error>> + Send;
    fn is_final(state: &Self::State) -> bool;
}

pub(crate) struct PurchaseOrderTarget {
    pub order_id: String,
    pub wait_token: WaitToken,
}

impl Target for PurchaseOrderTarget {
    type State = PurchaseOrderState;
    type Live = PurchaseOrderSubscription;

    fn credential(&self) -> Credential<'_> {
        Credential::Wait(&self.wait_token)
    }

    fn subscription(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(PurchaseOrderSubscription::build(OrderIdVariables {
            id: self.order_id.clone(),
        }))
    }

    fn from_live(live: PurchaseOrderSubscription) -> Option<PurchaseOrderState> {
        live.purchase_orders.into_iter().next()
    }

    async fn poll(&self, http: &Http) -> Result<Option<PurchaseOrderState>, Error> {
        let operation = PurchaseOrderQuery::build(OrderIdVariables {
            id: self.order_id.clone(),
        });
        let data = http.run_once(&operation, self.credential()).await?;
        Ok(data.purchase_orders.into_iter().next())
    }

    fn is_final(state: &PurchaseOrderState) -> bool {
        state.is_final()
    }
}

pub(crate) struct PaymentRequestTarget {
    pub wait_token: String,
    pub session: SessionToken,
}

impl PaymentRequestTarget {
    fn variables(&self) -> WaitTokenVariables {
        WaitTokenVariables {
            wait_token: Uuid(self.wait_token.clone()),
        }
    }
}

impl Target for PaymentRequestTarget {
    type State = PaymentRequestState;
    type Live = PaymentRequestSubscription;

    fn credential(&self) -> Credential<'_> {
        Credential::Session(&self.session)
    }

    fn subscription(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(PaymentRequestSubscription::build(self.variables()))
    }

    fn from_live(live: PaymentRequestSubscription) -> Option<PaymentRequestState> {
        live.payment_requests.into_iter().next().map(Into::into)
    }

    async fn poll(&self, http: &Http) -> Result<Option<PaymentRequestState>, Error> {
        let operation = PaymentRequestQuery::build(self.variables());
        let data = http.run_once(&operation, self.credential()).await?;
        Ok(data.payment_requests.into_iter().next().map(Into::into))
    }

    fn is_final(state: &PaymentRequestState) -> bool {
        state.is_final()
    }
}

pub(crate) struct Watcher<W> {
    pub http: Arc<Http>,
    pub endpoint: Endpoint,
    pub retry: RetryPolicy,
    pub sleeper: Arc<dyn Sleeper>,
    pub target: W,
}

/// Starts the watch on the current tokio runtime.
pub(crate) fn spawn<W: Target>(watcher: Watcher<W>) -> Watch<W::State> {
    let (sender, events) = mpsc::channel(16);
    let task = tokio::spawn(async move {
        let mut run = Run {
            watcher,
            sender,
            last: None,
        };
        let _ = run.run().await;
    });
    Watch { events, task }
}

/// Why the watch stopped: the state is final, the watch failed, or nobody listens any more.
struct Stop;

struct Run<W: Target> {
    watcher: Watcher<W>,
    sender: mpsc::Sender<WatchEvent<W::State>>,
    last: Option<W::State>,
}

impl<W: Target> Run<W> {
    async fn run(&mut self) -> Result<(), Stop> {
        let operation = self.watcher.target.subscription().map_err(|_| Stop)?;
        let bearer = self.watcher.http.bearer(self.watcher.target.credential());
        let mut failed_connects = 0;
        let mut polling = false;
        loop {
            let opened =
                Subscription::<W::Live>::open(&self.watcher.endpoint, &bearer, operation.clone())
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
    async fn pump(&mut self, subscription: &mut Subscription<W::Live>) -> Result<bool, Stop> {
        let mut received = false;
        loop {
            match subscription.next().await {
                Frame::Data(data) => {
                    received = true;
                    self.offer(W::from_live(data)).await?;
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
        match self.watcher.target.poll(&self.watcher.http).await {
            Ok(state) => self.offer(state).await,
            Err(error @ Error::Auth { .. }) => self.fail(error).await,
            // An odd answer (a proxy's 404, a half-written body) says nothing about the
            // order or payment: the next poll may well read it, and the customer may be
            // signing or paying now.
            Err(error) => {
                tracing::debug!(%error, "poll failed; trying again");
                Ok(())
            }
        }
    }

    /// Emits the state if it differs from the last one sent; stops once it is final.
    async fn offer(&mut self, state: Option<W::State>) -> Result<(), Stop> {
        let Some(state) = state else {
            return Ok(()); // not visible (yet) to this token
        };
        if self.last.as_ref() == Some(&state) {
            return Ok(());
        }
        let is_final = W::is_final(&state);
        self.last = Some(state.clone());
        self.emit(WatchEvent::Update(state)).await?;
        if is_final { Err(Stop) } else { Ok(()) }
    }

    async fn fail(&mut self, error: Error) -> Result<(), Stop> {
        let _ = self.emit(WatchEvent::Failed(error)).await;
        Err(Stop)
    }

    async fn emit(&self, event: WatchEvent<W::State>) -> Result<(), Stop> {
        self.sender.send(event).await.map_err(|_| Stop)
    }
}
