//! How a simulator is started.

use std::net::{Ipv4Addr, SocketAddr};

/// Settings for [`crate::Simulator::start`].
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Default `127.0.0.1:0` (a free port). `/control/*` listens here too, so keep it on
    /// loopback unless the control endpoints may be reached from elsewhere.
    pub listen: SocketAddr,
    /// HTTP Basic auth of `POST /xccsp`. Default `kassa` / `kassa`.
    pub user: String,
    pub password: String,
    /// The manufacturing number answered as `UnitId` / `Id`. Default `CCSIM000000000001`.
    pub unit_id: String,
    /// The key of the control code's HMAC. Default `kassa-simulator`.
    pub secret: String,
    /// Default `2.1.0`.
    pub firmware: String,
    /// `Type`. Default `CleanCash Simulator`.
    pub unit_type: String,
    /// `InstalledLicenses`. Default 1.
    pub installed_licences: u32,
    /// Also serve CCSP on a pty from the start (else [`crate::Simulator::open_serial`]).
    pub serial: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            user: "kassa".into(),
            password: "kassa".into(),
            unit_id: "CCSIM000000000001".into(),
            secret: "kassa-simulator".into(),
            firmware: "2.1.0".into(),
            unit_type: "CleanCash Simulator".into(),
            installed_licences: 1,
            serial: false,
        }
    }
}

/// Why a simulator did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Serial(#[from] crate::serial::SerialError),
}
