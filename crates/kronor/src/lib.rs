//! A typed client for Kronor's merchant GraphQL API that survives bad networks.
//!
//! Every operation is written in Rust against Kronor's real schema
//! (`schema/merchant.graphqls`) and checked by cynic at compile time. Production, staging and
//! kronor-sandbox differ only in [`Environment`].
//!
//! Map of the crate:
//! - [`client`]: [`Client`], one async method per thing the till asks Kronor.
//! - [`config`]: [`ClientConfig`], [`RetryPolicy`], [`SubscriptionProtocol`].
//! - [`environment`]: production / staging / custom URLs and the SCA page URL.
//! - [`token`]: [`MerchantToken`] (a secret: checked with `parse`, shown only as `last4`) and
//!   [`WaitToken`] (per order, shareable).
//! - [`error`]: the one [`Error`] enum the till branches on.
//! - [`clock`]: the injectable [`Sleeper`] every backoff and polling pause goes through.
//! - [`watch`]: following an order live (WebSocket) or by polling, as one stream.
//! - `operations`: the cynic query/mutation/subscription types; `http`, `ws`, `tls`: wire.
//! - `schema`, `scalars`: the generated schema module and Kronor's scalars (`bigint` as a
//!   number or a string, `timestamptz` as [`jiff::Timestamp`]).

pub mod client;
pub mod clock;
pub mod config;
pub mod environment;
pub mod error;
mod http;
mod operations;
mod scalars;
mod schema;
mod tls;
pub mod token;
pub mod watch;
mod ws;

pub use client::{Client, check_idempotency_key, check_payment_message, create_call_client_side};
pub use clock::{Sleeper, TokioSleeper};
pub use config::{ClientConfig, RetryPolicy, SubscriptionProtocol};
pub use environment::{Environment, swish_qr_content};
pub use error::Error;
pub use operations::create::{
    Address, Country, CreatedPurchaseOrder, Language, NewPurchaseOrder, PurchaseLine,
};
pub use operations::payment_request::{
    PaymentRequestState, PaymentStatus, PaymentStatusEntry, SwishDetails,
};
pub use operations::payment_session::{NewPaymentSession, PaymentSession, Refund};
pub use operations::purchase_order::{OrderStatus, PurchaseOrderState, StatusEntry};
pub use operations::purchases::{Purchase, PurchaseStatus, PurchaseStatusEntry};
pub use scalars::BigInt;
pub use token::{MerchantToken, SessionToken, TokenError, WaitToken};
pub use watch::{
    ConnectionState, POLL_INTERVAL, PaymentRequestWatch, PurchaseOrderWatch, Watch, WatchEvent,
};
