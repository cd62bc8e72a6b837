//! Kassa's desktop shell: the Tauri app around the till.
//!
//! The shell is thin: each command is a few lines that turn the UI's request into a call on
//! the till and the answer into a typed payload. The modules:
//!
//! - [`app`]: builds the Tauri app ([`app::setup`] is shared by `main` and the tests, so
//!   tests drive the very same commands through `tauri::test::mock_builder()`).
//! - [`commands`]: the commands the UI may invoke, one file per area. Each is declared in
//!   `build.rs` and granted to the main window in `capabilities/main.json`.
//! - [`till`]: [`till::Till`], the managed state: the SQLite database (`KASSA_DATA_DIR` or
//!   the OS data folder; the demo catalogue in training mode) and the cart, kept in Rust.
//! - [`sale`]: what the sale screen receives: products, categories, the cart with totals per
//!   VAT rate in öre and formatted in Swedish and English, parked sales.
//! - [`checkout_view`]: what the Pay screen receives: the checkout's state, QR code, SCA
//!   URL, amount, timeline and outcome, and the `checkout-changed` event.
//! - [`payments`]: [`payments::Payments`], the checkout engine; in training mode with
//!   kronor-sandbox running inside the app.
//! - [`credentials`]: the merchant's Kronor token in the OS keyring, with the start-up probe
//!   that refuses to save anything when no secure store is available.
//! - [`secret`]: [`secret::KronorToken`], a token that cannot be printed or serialized.
//! - [`error`]: [`error::AppError`], the `{code, message}` every command fails with.
//! - [`payload`]: the types the UI receives; their TypeScript twins in `ui/src/lib/bindings`
//!   are generated from these with ts-rs (see [`bindings`]).

pub mod app;
pub mod bindings;
pub mod checkout_view;
pub mod commands;
pub mod credentials;
pub mod error;
pub mod payload;
pub mod payments;
pub mod sale;
pub mod secret;
pub mod till;

pub use app::run;
