//! What the engine tells the UI, as it happens. Serializable so the app can forward events
//! to the web view unchanged.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::CheckoutState;

/// One thing that happened to a checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutEvent {
    pub checkout_id: i64,
    /// The till's order number (Kronor's `merchantReference`).
    pub order_number: String,
    pub at: Timestamp,
    /// Milliseconds since Charge was pressed.
    pub elapsed_ms: i64,
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The checkout entered a state (already stored when this is sent).
    StateEntered { state: CheckoutState },
    /// The customer's SCA page, as a URL and as a QR code (SVG) for the screen.
    QrReady { sca_url: String, svg: String },
    /// Kronor's status set changed (e.g. `["SCA_REQUIRED"]`); unknown values are passed on.
    KronorStatus { statuses: Vec<String> },
    /// How status updates arrive now.
    Connection { connection: Connection },
    /// A step failed in a way that is retried; the checkout is not lost.
    Retrying { step: String, message: String },
    /// The checkout reached a final state.
    Finished {
        state: CheckoutState,
        journal_entry_id: Option<i64>,
        receipt_number: Option<i64>,
    },
}

/// The transport behind the status updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    Live,
    Reconnecting,
    Polling,
}

impl From<kronor::ConnectionState> for Connection {
    fn from(state: kronor::ConnectionState) -> Self {
        match state {
            kronor::ConnectionState::Live => Connection::Live,
            kronor::ConnectionState::Reconnecting => Connection::Reconnecting,
            kronor::ConnectionState::Polling => Connection::Polling,
        }
    }
}

impl EventKind {
    /// A short name for the event log table.
    pub(crate) fn log_name(&self) -> &'static str {
        match self {
            EventKind::StateEntered { .. } => "state",
            EventKind::QrReady { .. } => "qr_ready",
            EventKind::KronorStatus { .. } => "kronor_status",
            EventKind::Connection { .. } => "connection",
            EventKind::Retrying { .. } => "retrying",
            EventKind::Finished { .. } => "finished",
        }
    }
}
