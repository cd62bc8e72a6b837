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
//! - [`sale_view`]: what the sale screen receives: products, categories, the cart with totals per
//!   VAT rate in öre and formatted in Swedish and English, parked sales.
//! - [`catalogue_admin`]: what the Catalogue screen sends and receives: products and
//!   categories to edit, problems by field and by CSV row as data, export results.
//! - [`checkout_view`]: the Pay screen's customer form, and the checkout view (built in
//!   `kassa::checkout::view`, pushed whole in the `checkout-changed` event).
//! - [`customer_display`]: the second window facing the customer: lines, total, QR code,
//!   sent to it alone as `customer-display-changed` on every cart and checkout change.
//! - [`lan`]: the laptop's LAN address, for training mode's "a phone on this Wi-Fi approves".
//! - [`history`]: what the History screen receives: pages of found receipts and a receipt
//!   as blocks the window draws (KOPIA / ÖVNING / RETUR large); the one copy ([`history::make_copy`]).
//! - [`payments`]: [`payments::Payments`], the checkout engine: in training mode with
//!   kronor-sandbox running inside the app, in live mode on the token's Kronor; saving or
//!   removing the token switches between them at runtime.
//! - [`control_unit`]: the control unit each engine registers receipts with: the one chosen
//!   in Settings (its password in the keyring), or training mode's simulator inside the app.
//! - [`credentials`]: the merchant's Kronor token (a [`kronor::MerchantToken`]) and its
//!   environment in the OS keyring, with the start-up probe that refuses to save anything
//!   when no secure store is available.
//! - [`journal_keys`]: the journal's secret key and its head in the OS keyring (made at the
//!   first start); with no keyring the journal is chained under the public key and the
//!   integrity banner says so.
//! - [`settings`]: what the Settings screen receives and saves: shop details, after-sale
//!   default, register id, language, printer; [`documents`]: X/Z reports and receipts as
//!   on-screen lines, and what became of a print or PDF.
//! - [`rendering`]: the idle-memory switches on Linux: WebKitGTK without GL (no Mesa in
//!   `kassa`), no JIT, lean webview settings, glibc returning freed memory.
//! - [`integrity`]: the start-up `quick_check` and the walk of the journal's keyed chain (to
//!   the head kept in the keyring), on a thread of its own after the window is up; the result is logged, kept for the window and sent as
//!   `integrity-checked` (the window shows a failure as a banner on every screen).
//! - [`startup`]: a till that cannot open still opens its window, which says why and where
//!   the file is, and can call nothing else.
//! - [`error`]: [`error::AppError`], the `{code, message}` every command fails with.
//! - [`payload`]: the types the UI receives; their TypeScript twins in `ui/src/lib/bindings`
//!   are generated from these with ts-rs (see [`bindings`]).

// The one list of commands (`with_commands!`), before the modules that use it.
include!("commands/list.rs");

/// Every command's name, from the one list (the capability test checks each has a grant).
pub const COMMANDS: &[&str] = with_commands!(command_names);

macro_rules! command_names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}
use command_names;

pub mod app;
pub mod bindings;
pub mod catalogue_admin;
pub mod checkout_view;
pub mod commands;
pub mod control_unit;
pub mod credentials;
pub mod customer_display;
pub mod documents;
pub mod error;
pub mod history;
pub mod integrity;
pub mod journal_keys;
pub mod lan;
pub mod payload;
pub mod payments;
pub mod rendering;
pub mod sale_view;
pub mod settings;
pub mod startup;
pub mod till;

pub use app::run;
