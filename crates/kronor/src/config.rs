//! How the client behaves: environment, credentials, timeouts, retries, subscription protocol.

use crate::{Environment, MerchantToken, Sleeper, TokioSleeper};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Everything a [`Client`](crate::Client) needs. Build with [`ClientConfig::new`] and adjust
/// the public fields.
#[derive(Clone)]
pub struct ClientConfig {
    pub environment: Environment,
    pub token: MerchantToken,
    /// Time to open a TCP/TLS connection (default 5 s).
    pub connect_timeout: Duration,
    /// Time for one whole request and its answer (default 15 s). Past it, a mutation's outcome
    /// is unknown.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Sent as `User-Agent` (default `kassa/<version>`).
    pub user_agent: String,
    /// The WebSocket subprotocol for status streams.
    pub subscription_protocol: SubscriptionProtocol,
    /// A status stream that brings no frame at all (data, keep-alive or pong) for this long
    /// is taken for dead, closed and replaced (default 20 s; Hasura sends a keep-alive every
    /// 5 s, and on `graphql-transport-ws` the client pings at a third of this).
    pub subscription_idle_timeout: Duration,
    /// Every pause (backoff, polling) goes through this; tests inject one that records.
    pub sleeper: Arc<dyn Sleeper>,
}

impl ClientConfig {
    pub fn new(environment: Environment, token: MerchantToken) -> Self {
        ClientConfig {
            environment,
            token,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            retry: RetryPolicy::default(),
            user_agent: concat!("kassa/", env!("CARGO_PKG_VERSION")).to_owned(),
            subscription_protocol: SubscriptionProtocol::default(),
            subscription_idle_timeout: Duration::from_secs(20),
            sleeper: Arc::new(TokioSleeper),
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("environment", &self.environment)
            .field("token", &self.token)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("subscription_protocol", &self.subscription_protocol)
            .field("subscription_idle_timeout", &self.subscription_idle_timeout)
            .finish_non_exhaustive()
    }
}

/// Pauses between attempts of a retryable failure; one attempt more than there are delays.
/// Also the backoff between WebSocket reconnects (the last delay repeats).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub delays: Vec<Duration>,
}

impl RetryPolicy {
    /// No retries: one attempt only.
    pub fn none() -> Self {
        RetryPolicy { delays: Vec::new() }
    }

    /// The pause before retry number `retry` (0-based); the last delay repeats.
    pub fn delay(&self, retry: usize) -> Duration {
        self.delays
            .get(retry)
            .or(self.delays.last())
            .copied()
            .unwrap_or(Duration::from_millis(500))
    }
}

impl Default for RetryPolicy {
    /// Kronor's SDKs' backoff: 0.5, 1, 2, 4, 8 s.
    fn default() -> Self {
        RetryPolicy {
            delays: [500, 1000, 2000, 4000, 8000]
                .into_iter()
                .map(Duration::from_millis)
                .collect(),
        }
    }
}

/// WebSocket subprotocols Hasura speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SubscriptionProtocol {
    /// `graphql-transport-ws` (graphql-ws library; current).
    #[default]
    GraphqlTransportWs,
    /// `graphql-ws` (legacy subscriptions-transport-ws; Kronor's mobile SDKs).
    GraphqlWs,
}

impl SubscriptionProtocol {
    pub(crate) fn name(self) -> &'static str {
        match self {
            SubscriptionProtocol::GraphqlTransportWs => "graphql-transport-ws",
            SubscriptionProtocol::GraphqlWs => "graphql-ws",
        }
    }
}
