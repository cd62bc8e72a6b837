//! `--log-requests FILE` / `KRONOR_SANDBOX_REQUEST_LOG`: one JSON line per GraphQL operation.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde_json::{Value, json};

pub(crate) struct RequestLog(Mutex<File>);

impl RequestLog {
    pub(crate) fn open(path: &Path) -> std::io::Result<RequestLog> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(RequestLog(Mutex::new(file)))
    }

    /// Appends `{"transport", "role", "operationName", "query", "variables"}` as one line;
    /// `role` is the token's role claim (`merchant`, `payment-gateway`, `purchase-order`), null
    /// when the token was refused.
    pub(crate) fn record(
        &self,
        transport: &str,
        role: Option<&str>,
        operation_name: Option<&str>,
        query: &str,
        variables: &Value,
    ) {
        let mut line = json!({
            "transport": transport,
            "role": role,
            "operationName": operation_name,
            "query": query,
            "variables": variables,
        })
        .to_string();
        line.push('\n');
        if let Ok(mut file) = self.0.lock() {
            // One write per line, so concurrent lines never interleave.
            if let Err(e) = file.write_all(line.as_bytes()) {
                tracing::warn!("kronor-sandbox: request log write failed: {e}");
            }
        }
    }
}
