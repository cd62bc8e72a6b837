//! The checkout: a cart becomes a Kronor payment, the customer pays off a QR code, and the
//! sale is registered in the journal, exactly once. Two tenders ([`Tender`]) share one state
//! machine: Swish (a payment session and a Swish payment request; the customer pays in the
//! Swish app; paid is final) and invoice (a purchase order; the customer signs with BankID; the
//! purchase is captured).
//!
//! ```text
//! draft → submitting → awaiting_customer → approved → captured → receipted
//!                    ↘ failed(reason)    ↘ rejected / cancelled / expired
//! ```
//!
//! Every move is stored in SQLite (`checkout`, with an append-only `checkout_event` log) before
//! the engine acts on it. Idempotency keys derive from the till's order id and are stored
//! before the first request, so a crash at any point resumes into the same Kronor order.
//!
//! - [`engine`]: [`CheckoutEngine`]: Charge, Cancel, Resume, events.
//! - `drive`: the steps that move one checkout forward.
//! - [`state`]: [`CheckoutState`] and the allowed moves.
//! - [`store`]: the tables.
//! - [`request`]: the Kronor order for a priced cart and customer.
//! - [`tender`]: [`Tender`], Swish or invoice.
//! - [`split`]: a sale paid in parts ([`SplitSale`]), each part a checkout of its own.
//! - `swish`: the Swish steps (payment session, payment request, its status, cancel).
//! - [`keys`]: [`OrderId`] and the keys derived from it.
//! - [`qr`]: the SCA page as an SVG QR code (drawn once per checkout).
//! - [`events`]: [`CheckoutEvent`], what the UI is told, and the stored log read back typed.
//! - [`view`]: [`CheckoutView`], one checkout as the Pay screen shows it.
//! - [`clock`]: the injectable [`Clock`].
//! - [`error`]: [`CheckoutError`] with codes for the UI.

pub mod clock;
mod control;
mod drive;
pub mod engine;
pub mod error;
pub mod events;
pub mod keys;
pub mod qr;
pub mod request;
pub mod split;
pub mod state;
pub mod store;
mod swish;
pub mod tender;
pub mod view;

pub use clock::{Clock, SystemClock};
pub use control::ControlUnitLink;
pub use engine::{
    Charge, CheckoutEngine, CheckoutSettings, PartOf, PauseHook, ScaCode, Started, Step,
};
pub use error::{CheckoutError, CheckoutErrorBody};
pub use events::{CheckoutEvent, Connection, EventKind, Logged, LoggedEvent};
pub use keys::OrderId;
pub use split::{PartCharge, SplitSale, SplitState};
pub use state::CheckoutState;
pub use store::Checkout;
pub use tender::Tender;
pub use view::{CheckoutView, TimelineEntry};
