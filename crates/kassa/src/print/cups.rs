//! Printing through a CUPS queue with the `lp` command, which every CUPS install has.

use std::io::Write;
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use super::PrintError;

/// What is sent to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CupsFormat {
    /// ESC/POS bytes passed to the printer untouched (`-o raw`): a receipt printer.
    #[default]
    Raw,
    /// A PDF for a queue with a driver (an office printer, or cups-pdf).
    Pdf,
}

/// Sends `bytes` to CUPS queue `queue` as a job named `title` and waits until `lp` has handed
/// it over. `server` is a CUPS server (`host[:port]` or a domain socket path); `None` uses the
/// computer's own.
pub fn print_cups(
    server: Option<&str>,
    queue: &str,
    title: &str,
    bytes: &[u8],
    format: CupsFormat,
) -> Result<(), PrintError> {
    // A queue name starting with '-' would be read by lp as an option.
    let valid = !queue.is_empty()
        && !queue.starts_with('-')
        && queue
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'));
    if !valid {
        return Err(PrintError::BadQueue(queue.to_owned()));
    }
    let mut cmd = Command::new("lp");
    if let Some(server) = server {
        cmd.arg("-h").arg(server);
    }
    cmd.arg("-d").arg(queue).arg("-t").arg(title);
    if format == CupsFormat::Raw {
        cmd.args(["-o", "raw"]);
    }
    let mut child = cmd
        // No file arguments: lp prints what it reads on stdin.
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(PrintError::CupsMissing)?;
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(bytes),
        None => Ok(()),
    };
    let output = child.wait_with_output().map_err(PrintError::CupsMissing)?;
    if !output.status.success() || written.is_err() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(PrintError::CupsRefused {
            queue: queue.to_owned(),
            message: if message.is_empty() {
                format!("lp exited with {}", output.status)
            } else {
                message
            },
        });
    }
    Ok(())
}
