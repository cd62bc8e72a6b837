//! Raw printing to a network printer (port 9100): connect, write everything, close.

use std::io::Write;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use super::PrintError;

/// The raw-printing port of network receipt printers.
pub const DEFAULT_PORT: u16 = 9100;

fn resolve(address: &str) -> Result<Vec<SocketAddr>, PrintError> {
    let bad = || PrintError::BadAddress(address.to_owned());
    let trimmed = address.trim();
    if trimmed.is_empty() {
        return Err(bad());
    }
    let with_port = if trimmed.parse::<SocketAddr>().is_ok() || trimmed.contains(':') {
        trimmed.to_owned()
    } else {
        format!("{trimmed}:{DEFAULT_PORT}")
    };
    let addrs: Vec<SocketAddr> = with_port.to_socket_addrs().map_err(|_| bad())?.collect();
    if addrs.is_empty() {
        return Err(bad());
    }
    Ok(addrs)
}

/// Sends `bytes` to the printer at `address` (`host` or `host:port`, port 9100 by default),
/// waiting at most `timeout` for the connection and each write.
pub fn print_tcp(address: &str, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    let mut last_err = None;
    for addr in resolve(address)? {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(mut stream) => {
                let sent = stream
                    .set_write_timeout(Some(timeout))
                    .and_then(|()| stream.write_all(bytes))
                    .and_then(|()| stream.flush())
                    .and_then(|()| stream.shutdown(std::net::Shutdown::Write));
                return sent.map_err(|source| PrintError::SendFailed {
                    address: address.to_owned(),
                    source,
                });
            }
            Err(e) => last_err = Some(e),
        }
    }
    Err(PrintError::Unreachable {
        address: address.to_owned(),
        source: last_err.unwrap_or_else(|| std::io::Error::other("no address")),
    })
}
