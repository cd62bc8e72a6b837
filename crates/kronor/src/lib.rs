//! A typed client for Kronor's GraphQL API that survives bad networks.
//!
//! Every operation is written in Rust against the real schema of the role whose token runs it
//! and checked by cynic at compile time: the merchant role (`schema/merchant.graphqls`, the
//! merchant token) and the payment-gateway role (`schema/payment-gateway.graphqls`, a payment
//! session's token). Production, staging and kronor-sandbox differ only in [`Environment`].
//!
//! Map of the crate:
//! - [`client`]: [`Client`], one async method per thing the till asks Kronor.
//!   Checkouts (purchase orders: invoice, instalments), captures and returns use the merchant
//!   token. Swish:
//!   `new_payment_session` (merchant: `newPaymentSessionWithReferenceCheck`), then with the
//!   session's [`SessionToken`] `new_swish_payment` (`newSwishPayment`, flow `mcom`),
//!   `payment_request` / `watch_payment_request` (`paymentRequests`, query or live
//!   subscription) and `cancel_payment` (`cancelPayment`); `payment_request_as_merchant` and
//!   `refund_payment` (`refundPayment`) use the merchant token.
//! - [`config`]: [`ClientConfig`], [`RetryPolicy`], [`SubscriptionProtocol`].
//! - [`environment`]: production / staging / custom URLs, the SCA page URL and what a Swish QR
//!   code encodes ([`Environment::swish_qr`], [`swish_qr_content`]).
//! - [`token`]: [`MerchantToken`] (a secret: checked with `parse`, shown only as `last4`),
//!   [`SessionToken`] (a payment session's secret) and [`WaitToken`] (per order, shareable).
//! - [`error`]: the one [`Error`] enum the till branches on.
//! - [`clock`]: the injectable [`Sleeper`] every backoff and polling pause goes through.
//! - [`watch`]: following an order or a payment request live (WebSocket) or by polling, as one
//!   stream ([`Watch`]; one machinery, a `Target` per kind of thing followed).
//! - `operations`: the cynic query/mutation/subscription types, one module per role and topic
//!   (`payment_request`: session role; `payment_session`: merchant role); `http`, `ws`, `tls`:
//!   wire.
//! - `schema`, `scalars`: the generated schema modules (one per role) and Kronor's scalars
//!   (`bigint` as a number or a string, `timestamptz` as [`jiff::Timestamp`], `uuid`).

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
