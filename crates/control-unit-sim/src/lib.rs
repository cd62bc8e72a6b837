//! A local CleanCash control unit (kontrollenhet): XCCSP (XML over HTTP) and CCSP (frames
//! over a pseudo-terminal), both as `docs/control-unit-wire.md` defines them, with the
//! page's deterministic control code and faults on demand. Kassa's training mode, tests and
//! benchmarks all run against it; it shares no code with Kassa's own client.
//!
//! ```no_run
//! # async fn demo() -> Result<(), control_unit_sim::StartError> {
//! let sim = control_unit_sim::Simulator::start(control_unit_sim::SimConfig::default()).await?;
//! let port = sim.open_serial()?;
//! println!("{} {}", sim.xccsp_url(), port.url());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Module map:
//! - [`simulator`] — [`Simulator`]: start, URLs, the pty, faults, registrations, shutdown.
//! - [`config`] — [`SimConfig`] and [`StartError`].
//! - [`record`] — [`Record`]: the signed record and the page's field rules.
//! - [`control_code`] — the HMAC-SHA256 control code.
//! - [`faults`] — [`Fault`]/[`Faults`]: a sticky fault and one-shot faults.
//! - `unit` — the unit whichever protocol asked: identity, status, registering, faults;
//!   [`Registration`] and [`Identity`].
//! - `xccsp` — `xccsp::read` reads requests (quick-xml `NsReader`), `xccsp::write` writes
//!   the answers.
//! - [`frame`] — CCSP framing (LLL, LRC); `ccsp` — CCSP messages.
//! - `http` — `POST /xccsp` with Basic auth; `control` — `/control/*`; `server` — routes;
//!   `app` — what every handler gets; `serial` — the pty and its serving task
//!   ([`SerialPort`]); `shutdown` — the flag every task watches.

mod app;
mod ccsp;
pub mod config;
mod control;
pub mod control_code;
pub mod faults;
pub mod frame;
mod http;
pub mod record;
mod serial;
mod server;
mod shutdown;
pub mod simulator;
mod unit;
mod xccsp;

pub use config::{SimConfig, StartError};
pub use control_code::control_code;
pub use faults::{Fault, Faults};
pub use record::{Record, Vat};
pub use serial::{SerialError, SerialPort};
pub use simulator::Simulator;
pub use unit::{Identity, Protocol, Registration};
pub use xccsp::NAMESPACE;
