//! Harness for Kassa's end-to-end tests: the real app window, driven through
//! `tauri-driver` and WebKitWebDriver with fantoccini.
//!
//! - [`Prepared::check`]: is this the prepared environment (display, session bus with an
//!   unlocked keyring, drivers, the app binary)? Outside it the tests print why and skip;
//!   under `scripts/test.sh` (`KASSA_E2E=1`) a missing piece fails instead.
//! - [`Driver`]: one tauri-driver on free ports, stopped with SIGTERM so WebKitWebDriver
//!   goes with it; [`Launch`] adds environment and captures the app's output to a file.
//! - [`Screenshots`]: PNGs under `artifacts/screenshots/`.
//! - [`round_trips`]: the window's invokes of the shell, counted from outside the app.
//! - [`window`]: [`in_real_window`], DOM waits, text reads and key codes the scenarios share.

mod driver;
mod prepared;
pub mod round_trips;
mod screenshots;
pub mod window;

pub use driver::{Driver, Launch};
pub use prepared::Prepared;
pub use screenshots::Screenshots;
pub use window::in_real_window;

use std::path::PathBuf;

/// The workspace root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
