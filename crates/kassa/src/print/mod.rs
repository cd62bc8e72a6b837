//! Sending a document to a printer: raw ESC/POS over TCP (port 9100, "JetDirect"), or a CUPS
//! queue through `lp`, either a receipt printer taking raw ESC/POS or an ordinary printer (an
//! office printer, cups-pdf) taking the document as PDF.
//!
//! Printing happens after the sale is registered and never touches the journal, so a failed
//! print loses nothing: the caller keeps the bytes, shows the [`PrintError`] and may retry.

mod cups;
mod tcp;

pub use cups::{CupsFormat, print_cups};
pub use tcp::{DEFAULT_PORT, print_tcp};

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::receipt::Layout;
use crate::receipt::escpos::{self, Paper};

/// Where receipts go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Printer {
    /// A network thermal printer taking raw ESC/POS, e.g. `192.168.1.50:9100`.
    Network { address: String },
    /// A CUPS queue by name, on this computer's CUPS or on `server` (`host[:port]` or a
    /// domain socket path), sent ESC/POS or PDF as `format` says.
    Cups {
        queue: String,
        server: Option<String>,
        #[serde(default)]
        format: CupsFormat,
    },
}

/// How long to wait for a network printer before telling the cashier.
pub const TIMEOUT: Duration = Duration::from_secs(5);

impl Printer {
    /// Prints `layout` the way this printer takes it: ESC/POS for `paper` on a receipt
    /// printer, a PDF (A4-independent: the document's own page) on an ordinary CUPS queue.
    pub fn print(&self, layout: &Layout, paper: Paper) -> crate::Result<()> {
        match self {
            Printer::Cups {
                queue,
                server,
                format: CupsFormat::Pdf,
            } => {
                let pdf = crate::receipt::pdf::render(layout)?;
                print_cups(
                    server.as_deref(),
                    queue,
                    &layout.title,
                    &pdf,
                    CupsFormat::Pdf,
                )?;
                Ok(())
            }
            _ => Ok(self.send_escpos(&escpos::render(layout, paper), &layout.title)?),
        }
    }

    /// Sends an ESC/POS stream; `title` names the job in a CUPS queue.
    pub fn send_escpos(&self, bytes: &[u8], title: &str) -> Result<(), PrintError> {
        match self {
            Printer::Network { address } => print_tcp(address, bytes, TIMEOUT),
            Printer::Cups { queue, server, .. } => {
                print_cups(server.as_deref(), queue, title, bytes, CupsFormat::Raw)
            }
        }
    }
}

/// Why a print did not happen. The sale is registered either way.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(
        "The printer address \"{0}\" is not valid; write it like 192.168.1.50 or 192.168.1.50:9100."
    )]
    BadAddress(String),
    #[error(
        "The printer at {address} did not answer ({source}). Check that it is on and connected, then print again."
    )]
    Unreachable {
        address: String,
        source: std::io::Error,
    },
    #[error("Sending to the printer at {address} failed halfway ({source}); print again.")]
    SendFailed {
        address: String,
        source: std::io::Error,
    },
    #[error("The print queue name \"{0}\" is not valid.")]
    BadQueue(String),
    #[error(
        "CUPS printing is not available on this computer ({0}); install CUPS or use a network printer."
    )]
    CupsMissing(std::io::Error),
    #[error("CUPS refused the print on queue \"{queue}\": {message}")]
    CupsRefused { queue: String, message: String },
}

/// A print failure reaches the UI as `print_failed` with the message above; the sale it was
/// printing for is untouched and the same bytes can be sent again.
impl From<PrintError> for crate::Error {
    fn from(e: PrintError) -> Self {
        crate::Error::PrintFailed(e.to_string())
    }
}
