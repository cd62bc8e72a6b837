//! The laptop's address on the local network, for training mode's LAN switch: a phone on
//! the same Wi-Fi opens the SCA page at this address.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, ErrorCode};
use crate::payments::Payments;

/// Training mode's LAN switch as the Pay screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "TrainingLan.ts")]
pub struct TrainingLan {
    /// The SCA page is reachable from the local network (not only from this laptop).
    pub enabled: bool,
    /// Where the customer's SCA page is served now (`http://192.168.1.20:41234/`), in
    /// training mode.
    pub sca_base: Option<String>,
}

impl TrainingLan {
    pub fn of(payments: &Payments) -> TrainingLan {
        TrainingLan {
            enabled: !payments.training_listen().is_loopback(),
            sca_base: payments.sandbox().map(|s| s.sca_url().to_string()),
        }
    }
}

/// Any routable address will do: `connect` on a UDP socket only picks the route and the
/// source address for it; no packet is sent.
const ROUTE_PROBE: (Ipv4Addr, u16) = (Ipv4Addr::new(192, 0, 2, 1), 9);

/// The address this laptop uses towards the network (the Wi-Fi or Ethernet interface).
pub fn lan_address() -> Result<IpAddr, AppError> {
    let none = |why: String| {
        AppError::new(
            ErrorCode::PaymentUnavailable,
            format!("no local network address found: {why}"),
        )
    };
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).map_err(|e| none(e.to_string()))?;
    socket
        .connect(ROUTE_PROBE)
        .map_err(|e| none(format!("no route ({e}); is the laptop on a network?")))?;
    let ip = socket.local_addr().map_err(|e| none(e.to_string()))?.ip();
    if ip.is_loopback() || ip.is_unspecified() {
        return Err(none(format!("only {ip}")));
    }
    Ok(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lan_address_is_never_loopback() {
        // A machine without a network says so instead of answering 127.0.0.1.
        match lan_address() {
            Ok(ip) => assert!(!ip.is_loopback() && !ip.is_unspecified(), "{ip}"),
            Err(error) => {
                assert_eq!(error.code, ErrorCode::PaymentUnavailable);
                assert!(
                    error.message.contains("no local network address"),
                    "{error}"
                );
            }
        }
    }
}
