//! [`Sandbox`]: a running local Kronor.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::mpsc;
use url::Url;

use crate::clock::Clock;
use crate::config::{SandboxConfig, StartError};
use crate::engine::{Engine, ScaDecision, ScaError};
use crate::faults::Faults;
use crate::persist::Db;
use crate::request_log::RequestLog;
use crate::server;
use crate::store::Store;
use crate::swish::{SwishDecision, SwishError};
use crate::tokens::{Tokens, random_secret};

/// Lifetime of the token [`Sandbox::merchant_token`] hands out.
const MERCHANT_TOKEN_TTL: Duration = Duration::from_secs(365 * 24 * 3600);

/// A running sandbox on its own port. Dropping it shuts it down.
pub struct Sandbox {
    addr: SocketAddr,
    engine: Arc<Engine>,
    merchant_token: String,
    alive: Option<mpsc::Receiver<()>>,
}

impl Sandbox {
    /// Binds, loads the database if any, and serves on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, StartError> {
        let schema_ok = crate::graphql::schema(crate::graphql::Role::Merchant)
            .and_then(|_| crate::graphql::schema(crate::graphql::Role::PaymentGateway))
            .map(|_| ());
        schema_ok.map_err(StartError::Schema)?;
        let (db, loaded, secret) = match &config.db {
            Some(path) => {
                let (db, loaded) =
                    Db::open(path, random_secret()).map_err(|source| StartError::Database {
                        path: path.clone(),
                        source,
                    })?;
                let secret = loaded.secret.clone();
                (Some(db), Some(loaded), secret)
            }
            None => (None, None, random_secret()),
        };
        let log_path = config
            .request_log
            .clone()
            .or_else(|| std::env::var_os("KRONOR_SANDBOX_REQUEST_LOG").map(Into::into));
        let request_log = match log_path {
            Some(path) => Some(
                RequestLog::open(&path)
                    .map_err(|source| StartError::RequestLog { path, source })?,
            ),
            None => None,
        };
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| StartError::Listen {
                    addr: config.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen {
            addr: config.listen,
            source,
        })?;
        let tokens = Tokens::new(&secret, config.clock.clone());
        let merchant_token = tokens.mint_merchant(MERCHANT_TOKEN_TTL);
        let engine = Arc::new(Engine::new(
            Store::new(db, loaded),
            tokens,
            config.clock,
            Faults::new(),
            config.sca_timeout,
            config.swish_timeout,
            config.redirect_url,
            request_log,
            tokio::runtime::Handle::current(),
        ));
        engine.resume();
        let (alive_tx, alive_rx) = mpsc::channel(1);
        let router = server::router(engine.clone(), config.ws_keep_alive, alive_tx);
        tokio::spawn(server::accept_loop(
            listener,
            router,
            engine.shutdown.subscribe(),
        ));
        Ok(Sandbox {
            addr,
            engine,
            merchant_token,
            alive: Some(alive_rx),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn url(&self, scheme: &str, path: &str) -> Url {
        Url::parse(&format!("{scheme}://{}{path}", self.addr))
            .expect("a scheme, a socket address and a fixed path form a valid URL")
    }

    /// `http://HOST:PORT/v1/graphql`
    pub fn graphql_url(&self) -> Url {
        self.url("http", "/v1/graphql")
    }

    /// `ws://HOST:PORT/v1/graphql`
    pub fn ws_url(&self) -> Url {
        self.url("ws", "/v1/graphql")
    }

    /// `http://HOST:PORT/` — append `?token=<waitToken>`.
    pub fn sca_url(&self) -> Url {
        self.url("http", "/")
    }

    /// `http://HOST:PORT/swish/` — the simulated Swish app; append `?token=<waitToken>`.
    pub fn swish_url(&self) -> Url {
        self.url("http", "/swish/")
    }

    /// A merchant JWT valid for this sandbox (for a year).
    pub fn merchant_token(&self) -> String {
        self.merchant_token.clone()
    }

    /// A merchant JWT that expires after `ttl` on the sandbox clock.
    pub fn mint_merchant_token(&self, ttl: Duration) -> String {
        self.engine.tokens.mint_merchant(ttl)
    }

    pub fn faults(&self) -> Faults {
        self.engine.faults.clone()
    }

    pub fn clock(&self) -> Clock {
        self.engine.clock.clone()
    }

    /// Same effect as the SCA page's buttons.
    pub fn decide_sca(
        &self,
        purchase_order_id: &str,
        decision: ScaDecision,
    ) -> Result<(), ScaError> {
        self.engine.decide_sca(purchase_order_id, decision)
    }

    /// Waits (at most 5 s) until the purchase order has left Kronor's automatic steps (scoring
    /// after a signature), the way the SCA page does before it redirects; its status then, if
    /// there is such an order.
    pub async fn settled(&self, purchase_order_id: &str) -> Option<String> {
        let order = self.engine.settled(purchase_order_id).await?;
        Some(order.status.as_str().to_owned())
    }

    /// Same effect as the Swish page's buttons, for a payment request's waitToken.
    pub fn decide_swish(
        &self,
        wait_token: &str,
        decision: SwishDecision,
    ) -> Result<(), SwishError> {
        self.engine.decide_swish(wait_token, decision)
    }

    /// How many Swish payment requests exist.
    pub fn payment_request_count(&self) -> usize {
        self.engine.store.payment_request_count()
    }

    /// How many payment sessions exist.
    pub fn payment_session_count(&self) -> usize {
        self.engine.store.session_count()
    }

    /// How many refunds exist.
    pub fn refund_count(&self) -> usize {
        self.engine.store.refund_count()
    }

    /// Adds `status` (any string) to a payment request's status set until its next transition,
    /// pushed to subscribers. False if there is no such request.
    pub fn inject_payment_status(&self, wait_token: &str, status: &str) -> bool {
        self.engine
            .store
            .set_payment_extra_status(wait_token, status)
    }

    /// Makes every `bigint` output (ids, amounts) a JSON string (`"1000"`), as Hasura does with
    /// `HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES=true`; over HTTP and WebSocket alike.
    pub fn set_stringify_bigints(&self, on: bool) {
        self.engine
            .stringify_bigints
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Adds `status` (any string, e.g. one Kronor may add later) to the order's status set until
    /// its next transition, pushed to subscribers like a transition. False if there is no such order.
    pub fn inject_status(&self, purchase_order_id: &str, status: &str) -> bool {
        self.engine
            .store
            .set_extra_status(purchase_order_id, status)
    }

    /// How many purchase orders exist (for "exactly one order" assertions).
    pub fn purchase_order_count(&self) -> usize {
        self.engine.store.order_count()
    }

    /// Waits until every change made so far is in the `--db` file (at once without one), so
    /// another sandbox can open the file and find it all — e.g. one restarted on another
    /// address while this one is still serving.
    pub async fn flush(&self) {
        let engine = self.engine.clone();
        let _ = tokio::task::spawn_blocking(move || engine.store.flush()).await;
    }

    /// Stops accepting, closes every socket, and flushes the database.
    pub async fn shutdown(mut self) {
        let _ = self.engine.shutdown.send(true);
        if let Some(mut alive) = self.alive.take() {
            // Every connection and socket task holds a sender; `None` means all have ended.
            let _ = tokio::time::timeout(Duration::from_secs(5), alive.recv()).await;
        }
        let engine = self.engine.clone();
        let _ = tokio::task::spawn_blocking(move || engine.store.flush()).await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.engine.shutdown.send(true);
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
