//! The CleanCash XCCSP client: one XML document POSTed per request, HTTP Basic auth with the
//! URL's user and password, a timeout per request. The password never appears in `Debug`,
//! `Display`, logs or errors.

pub mod xml;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures::future::BoxFuture;
use percent_encoding::percent_decode_str;
use url::Url;
use zeroize::Zeroizing;

use super::{ControlUnit, Identity, Record, Registration, UnitError, UnitErrorKind, UnitStatus};
use xml::Answer;

/// The largest answer read; anything bigger is garbled.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// An XCCSP control unit at one URL.
pub struct XccspClient {
    http: reqwest::Client,
    /// The URL without user and password: the only form that reaches reqwest and its errors.
    url: Url,
    user: String,
    password: Option<Zeroizing<String>>,
    timeout: Duration,
    /// The number of register requests sent so far; the next one's `SerialNo` is this + 1.
    serial: AtomicU64,
}

/// The URL as it may be shown: user kept, password gone.
pub(crate) fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    // Setting the password fails only for URLs that cannot have one; then there is none.
    let _ = shown.set_password(None);
    shown.to_string()
}

fn decoded(part: &str) -> Result<String, UnitError> {
    percent_decode_str(part)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| {
            UnitError::new(
                UnitErrorKind::Address,
                "the control unit's user or password is not UTF-8",
            )
        })
}

fn tls_config() -> Result<rustls::ClientConfig, UnitError> {
    // ring and the Mozilla roots, like kronor: one TLS stack in the till.
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| UnitError::new(UnitErrorKind::Address, format!("TLS setup failed: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth())
}

impl XccspClient {
    /// A client for `url` (`http(s)://user:pass@host:port/path`); `timeout` bounds each request
    /// from connecting to the last byte of the answer.
    pub fn new(url: Url, timeout: Duration) -> Result<XccspClient, UnitError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(UnitError::new(
                UnitErrorKind::Address,
                "an XCCSP address is http:// or https://",
            ));
        }
        let user = decoded(url.username())?;
        let password = url.password().map(decoded).transpose()?.map(Zeroizing::new);
        let mut bare = url;
        let _ = bare.set_password(None);
        let _ = bare.set_username("");
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()
            .map_err(|e| {
                UnitError::new(
                    UnitErrorKind::Address,
                    format!("cannot build the HTTP client: {}", e.without_url()),
                )
            })?;
        Ok(XccspClient {
            http,
            url: bare,
            user,
            password,
            timeout,
            serial: AtomicU64::new(0),
        })
    }

    /// Parses `address` and builds the client.
    pub fn from_address(address: &str, timeout: Duration) -> Result<XccspClient, UnitError> {
        match super::UnitAddress::parse(address)? {
            super::UnitAddress::Xccsp(url) => XccspClient::new(url, timeout),
            super::UnitAddress::Ccsp { .. } => Err(UnitError::new(
                UnitErrorKind::Address,
                "a serial address is not an XCCSP unit",
            )),
        }
    }

    async fn post(&self, body: std::io::Result<Vec<u8>>) -> Result<Answer, UnitError> {
        let body = body.map_err(|e| {
            UnitError::new(
                UnitErrorKind::Garbled,
                format!("cannot write the request: {e}"),
            )
        })?;
        let mut request = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .body(body);
        if !self.user.is_empty() || self.password.is_some() {
            request = request.basic_auth(&self.user, self.password.as_ref().map(|p| p.as_str()));
        }
        let mut response = request.send().await.map_err(|e| self.transport(e))?;
        let status = response.status();
        // A unit's answer is a few hundred bytes; a bigger one is not read into memory whole.
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(e))? {
            if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(UnitError::new(
                    UnitErrorKind::Garbled,
                    format!("the answer is larger than {MAX_ANSWER_BYTES} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        // A Fault is a Fault whatever the HTTP status (some servers send it with 500).
        let answer = Answer::read(&bytes);
        if let Ok(answer) = &answer
            && let Some(fault) = answer.fault()
        {
            return Err(fault);
        }
        if status != reqwest::StatusCode::OK {
            return Err(UnitError::new(
                UnitErrorKind::Http(status.as_u16()),
                format!("the unit answered HTTP {}", status.as_u16()),
            ));
        }
        answer
    }

    fn transport(&self, e: reqwest::Error) -> UnitError {
        let e = e.without_url();
        if e.is_timeout() {
            UnitError::new(
                UnitErrorKind::Timeout,
                format!("no answer within {} ms", self.timeout.as_millis()),
            )
        } else {
            UnitError::new(
                UnitErrorKind::Unreachable,
                format!("cannot reach the unit at {}: {e}", redacted(&self.url)),
            )
        }
    }
}

impl fmt::Debug for XccspClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XccspClient")
            .field("url", &redacted(&self.url))
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("serial", &self.serial.load(Ordering::Relaxed))
            .finish()
    }
}

impl fmt::Display for XccspClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XCCSP control unit at {}", redacted(&self.url))
    }
}

impl ControlUnit for XccspClient {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, UnitError>> {
        Box::pin(async move { self.post(xml::identity_request()).await?.identity() })
    }

    fn status(&self) -> BoxFuture<'_, Result<UnitStatus, UnitError>> {
        Box::pin(async move { self.post(xml::status_request()).await?.status() })
    }

    fn register<'a>(
        &'a self,
        record: &'a Record,
    ) -> BoxFuture<'a, Result<Registration, UnitError>> {
        Box::pin(async move {
            let serial_no = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
            let body = xml::register_request(record, serial_no, serial_no == 1);
            self.post(body).await?.registration()
        })
    }
}
