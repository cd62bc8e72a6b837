//! The cash drawer: opened by a pulse through the receipt printer's drawer port (ESC/POS
//! `ESC p`), or by a configured command for a drawer on its own port. A drawer says nothing
//! back, so the till never claims it is open or shut: it reports that the pulse went, or why
//! it could not.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

use crate::error::{Error, Result};
use crate::print::Printer;

/// ESC p m t1 t2: pulse drawer pin 2 (`m = 0`) on for 25 × 2 ms, off for 250 × 2 ms.
pub const PULSE: [u8; 5] = [0x1b, b'p', 0, 25, 250];

/// How long a drawer command may take before the cashier is told it failed.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(5);

/// How the drawer is opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Drawer {
    /// No drawer (or one opened by hand).
    #[default]
    None,
    /// The drawer hangs off the receipt printer's drawer port.
    Printer,
    /// A command that opens it, e.g. `kassa-drawer /dev/ttyUSB0`; words split as a shell
    /// would, run without a shell.
    Command { command: String },
}

/// Why the drawer opens: the cash day counts openings without a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawerOpening {
    Sale,
    Refund,
    /// On demand (F-key): recorded as an opening without a sale.
    NoSale,
}

impl Drawer {
    /// Sends the opening pulse (or runs the command). `printer` is the till's receipt printer.
    pub fn open(&self, printer: Option<&Printer>) -> Result<()> {
        match self {
            Drawer::None => Ok(()),
            Drawer::Printer => {
                let printer = printer.ok_or_else(|| {
                    Error::DrawerFailed(
                        "The drawer opens through the receipt printer, but no printer is set up in Settings.".into(),
                    )
                })?;
                printer.send_escpos(&PULSE, "Kassa: open drawer").map_err(|e| {
                    Error::DrawerFailed(format!(
                        "The drawer's opening signal did not reach the printer: {e} Open the drawer with its key."
                    ))
                })
            }
            Drawer::Command { command } => run(command),
        }
    }
}

/// Refuses a drawer command that cannot be run as written.
pub fn check_command(command: &str) -> Result<()> {
    words(command).map(drop)
}

fn words(command: &str) -> Result<Vec<String>> {
    match shlex::split(command.trim()) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => Err(Error::DrawerFailed(format!(
            "The drawer command \"{}\" cannot be read; write the program and its arguments.",
            command.trim()
        ))),
    }
}

fn run(command: &str) -> Result<()> {
    let words = words(command)?;
    let failed = |why: String| {
        Err(Error::DrawerFailed(format!(
            "The drawer command {} failed: {why}. Open the drawer with its key.",
            words[0]
        )))
    };
    let mut child = match Command::new(&words[0])
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => return failed(e.to_string()),
    };
    match child.wait_timeout(COMMAND_TIMEOUT) {
        Ok(Some(status)) if status.success() => Ok(()),
        Ok(Some(status)) => failed(format!("it ended with {status}")),
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            failed(format!("no answer within {} s", COMMAND_TIMEOUT.as_secs()))
        }
        Err(e) => failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pulse_goes_to_a_network_printer() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let got = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut stream, &mut bytes).unwrap();
            bytes
        });
        let printer = Printer::Network { address };
        Drawer::Printer.open(Some(&printer)).unwrap();
        assert_eq!(got.join().unwrap(), PULSE);
    }

    #[test]
    fn no_printer_or_a_failing_command_says_so() {
        let e = Drawer::Printer.open(None).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::DrawerFailed);
        let e = Drawer::Command {
            command: "false".into(),
        }
        .open(None)
        .unwrap_err();
        assert!(e.to_string().contains("false failed"), "{e}");
        let e = Drawer::Command {
            command: "/no/such/drawer-tool".into(),
        }
        .open(None)
        .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::DrawerFailed);
        assert!(check_command("'unclosed").is_err());
        assert!(check_command("  ").is_err());
        Drawer::Command {
            command: "true".into(),
        }
        .open(None)
        .unwrap();
        Drawer::None.open(None).unwrap();
    }
}
