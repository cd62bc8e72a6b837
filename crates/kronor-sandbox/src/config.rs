//! How a sandbox is started.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

use crate::clock::Clock;

/// Settings for [`crate::Sandbox::start`].
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Default `127.0.0.1:8700`; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Where the SCA page sends the customer afterwards (unless `success_url` overrides it).
    pub redirect_url: Option<Url>,
    /// `None` keeps everything in memory; `Some` keeps it in this SQLite file across restarts.
    pub db: Option<PathBuf>,
    /// How long an order waits for SCA before it is cancelled. Default 10 minutes.
    pub sca_timeout: Duration,
    /// How long a Swish payment waits for the customer before it ends as `ERROR` (`TM01`).
    /// Default 180 s.
    pub swish_timeout: Duration,
    /// JSON-lines request log; `None` means the env var `KRONOR_SANDBOX_REQUEST_LOG` if set.
    pub request_log: Option<PathBuf>,
    pub clock: Clock,
    /// How often the legacy `graphql-ws` protocol sends `ka` after `connection_ack`. Default 5 s,
    /// as Hasura; zero sends only the one after the ack. Real time even with a manual clock:
    /// it feeds the client's own (real-time) inactivity timeout.
    pub ws_keep_alive: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 8700)),
            redirect_url: None,
            db: None,
            sca_timeout: Duration::from_secs(600),
            swish_timeout: Duration::from_secs(180),
            request_log: None,
            clock: Clock::system(),
            ws_keep_alive: Duration::from_secs(5),
        }
    }
}

impl SandboxConfig {
    /// `127.0.0.1:0`, everything else default: what tests want.
    pub fn local() -> Self {
        SandboxConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            ..SandboxConfig::default()
        }
    }
}

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Database {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot open the request log {path}: {source}")]
    RequestLog {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the served schema is broken: {0}")]
    Schema(String),
}
