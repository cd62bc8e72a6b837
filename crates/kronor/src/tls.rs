//! One rustls configuration (ring provider, Mozilla roots) for both HTTPS and WSS.
//!
//! ring rather than reqwest's default aws-lc-rs: no C/cmake build on the tills' build machines,
//! and the same provider serves tokio-tungstenite.

use crate::Error;
use std::sync::Arc;

pub(crate) fn client_config() -> Result<rustls::ClientConfig, Error> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| Error::Transport {
        message: format!("TLS setup failed: {e}"),
    })?
    .with_root_certificates(roots)
    .with_no_client_auth();
    // HTTP/2 when Kronor offers it, HTTP/1.1 otherwise.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The WebSocket handshake is HTTP/1.1 only.
pub(crate) fn websocket_config(base: &rustls::ClientConfig) -> rustls::ClientConfig {
    let mut config = base.clone();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}
