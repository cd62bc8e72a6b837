//! A local Kronor: the merchant GraphQL API (a subset of Kronor's real schema, same names and
//! types) and the payment-gateway API for payment session tokens (Swish QR) over HTTP and
//! WebSocket, a simulated BankID SCA page, a simulated Swish app page, test-card style
//! scenarios, and fault injection. Tests, benchmarks and the till's training mode all run against it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), kronor_sandbox::StartError> {
//! let sandbox = kronor_sandbox::Sandbox::start(kronor_sandbox::SandboxConfig::local()).await?;
//! println!("{} {}", sandbox.graphql_url(), sandbox.merchant_token());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Module map:
//! - [`sandbox`] — [`Sandbox`]: start, URLs, tokens, SCA and Swish decisions, shutdown.
//! - [`config`] — [`SandboxConfig`] and [`StartError`].
//! - [`clock`] — [`Clock`]: system or manual time for every timer.
//! - [`faults`] — [`Faults`]/[`Fault`]: failures on demand.
//! - [`scenarios`] — personnummer that pick a fixed path through the lifecycle.
//! - `engine` — the order lifecycle (automatic steps, SCA, timeout, cancel).
//! - `swish` — the Swish lifecycle ([`SwishDecision`]): sessions, payments, automatic step,
//!   customer decision, timeout (TM01), cancels, refunds.
//! - `store` — orders, purchases and idempotency records (`store::payments`: sessions, payment
//!   requests, refunds); `persist` mirrors them to SQLite.
//! - `model` — order records and their GraphQL rows; `payment_model` — session, payment request
//!   and refund records and rows; `validate` — Kronor's input rules (`validate::payments` for
//!   the payment side).
//! - `tokens` / `auth` — JWTs (merchant, waitToken, payment session) and reading them the way
//!   Hasura does.
//! - `graphql` — two dynamic schemas, one per role (cut from `merchant.graphqls` and
//!   `payment-gateway.graphqls`), resolvers (`graphql::sessions` for the payment side), Hasura
//!   list args.
//! - `server` — routes and accept loop; `app` — what every handler gets; `shutdown` — the
//!   flag every task watches; `http`, `ws`, `sca_page`, `swish_page`, `control` — the endpoints.
//! - `request_log` — JSON-lines log of every operation received.

mod app;
mod auth;
pub mod clock;
pub mod config;
mod control;
mod engine;
pub mod faults;
mod graphql;
mod http;
mod model;
mod payment_model;
mod persist;
mod request_log;
pub mod sandbox;
mod sca_page;
pub mod scenarios;
mod server;
mod shutdown;
mod store;
mod swish;
mod swish_page;
mod tokens;
mod validate;
mod ws;

pub use clock::Clock;
pub use config::{SandboxConfig, StartError};
pub use engine::{ScaDecision, ScaError};
pub use faults::{Fault, Faults};
pub use graphql::{GATEWAY_SCHEMA_SDL, SCHEMA_SDL};
pub use sandbox::Sandbox;
pub use swish::{SwishDecision, SwishError};
