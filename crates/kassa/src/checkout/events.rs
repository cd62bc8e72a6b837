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
    /// The sale is paid and in the journal, but the control unit has not signed its receipt:
    /// the same record is sent again until it does. The unit's problem in both languages.
    ControlUnitWaiting { sv: String, en: String },
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
            EventKind::ControlUnitWaiting { .. } => "control_unit_waiting",
            EventKind::Finished { .. } => "finished",
        }
    }
}

/// One row of a checkout's stored event log, read back typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    pub at: Timestamp,
    pub kind: Logged,
}

/// What a stored log row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    /// The checkout entered a state.
    State(CheckoutState),
    /// Kronor gave the SCA page (the log keeps the URL only; the QR code is drawn from it).
    QrReady { sca_url: String },
    /// An observation as it was sent: a Kronor status, a connection change, a retry, the end.
    Event(EventKind),
}

impl LoggedEvent {
    /// Reads a stored row back; `None` for a row this build cannot read (a newer till's).
    pub(crate) fn from_stored(at: &str, kind: &str, detail: &str) -> Option<LoggedEvent> {
        let at = at.parse().ok()?;
        let kind = match kind {
            "state" => Logged::State(serde_json::from_str(detail).ok()?),
            "qr_ready" => Logged::QrReady {
                sca_url: detail.to_owned(),
            },
            _ => Logged::Event(serde_json::from_str(detail).ok()?),
        };
        Some(LoggedEvent { at, kind })
    }
}

/// What the stored log says as the cashier follows it: the states with their times, the last
/// connection state, and whether a step is being retried since the last state change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followed {
    /// `(when, state)`, oldest first.
    pub timeline: Vec<(Timestamp, CheckoutState)>,
    pub connection: Option<Connection>,
    pub retrying: bool,
    /// The control unit's problem `(sv, en)` while a paid sale waits for its code.
    pub control_unit_waiting: Option<(String, String)>,
}

/// Folds a checkout's log (oldest first).
pub fn follow(log: &[LoggedEvent]) -> Followed {
    let mut followed = Followed::default();
    for event in log {
        match &event.kind {
            Logged::State(state) => {
                followed.timeline.push((event.at, state.clone()));
                followed.retrying = false;
                followed.control_unit_waiting = None;
            }
            Logged::Event(EventKind::Connection { connection }) => {
                followed.connection = Some(*connection);
                // Following Kronor live again: whatever was retried got through.
                if *connection == Connection::Live {
                    followed.retrying = false;
                }
            }
            Logged::Event(EventKind::Retrying { .. }) => followed.retrying = true,
            Logged::Event(EventKind::ControlUnitWaiting { sv, en }) => {
                followed.control_unit_waiting = Some((sv.clone(), en.clone()));
            }
            _ => {}
        }
    }
    followed
}

impl Connection {
    pub fn name(self) -> &'static str {
        match self {
            Connection::Live => "live",
            Connection::Reconnecting => "reconnecting",
            Connection::Polling => "polling",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn network_trouble_shows_while_a_step_is_retried_and_clears_on_the_next_state() {
        let mut log = vec![
            LoggedEvent {
                at: at("2026-11-27T10:00:00Z"),
                kind: Logged::State(CheckoutState::Submitting),
            },
            LoggedEvent {
                at: at("2026-11-27T10:00:01Z"),
                kind: Logged::Event(EventKind::Retrying {
                    step: "submitting".into(),
                    message: "Kronor could not be reached".into(),
                }),
            },
        ];
        let trouble = follow(&log);
        assert!(trouble.retrying, "the cashier must see network trouble");
        assert_eq!(trouble.timeline.len(), 1);

        log.push(LoggedEvent {
            at: at("2026-11-27T10:00:03Z"),
            kind: Logged::State(CheckoutState::AwaitingCustomer),
        });
        log.push(LoggedEvent {
            at: at("2026-11-27T10:00:03Z"),
            kind: Logged::Event(EventKind::Connection {
                connection: Connection::Live,
            }),
        });
        let recovered = follow(&log);
        assert!(!recovered.retrying, "the retry succeeded");
        assert_eq!(recovered.connection, Some(Connection::Live));
        let states: Vec<&str> = recovered.timeline.iter().map(|(_, s)| s.name()).collect();
        assert_eq!(states, ["submitting", "awaiting_customer"]);
    }

    #[test]
    fn stored_rows_read_back_typed() {
        let state = LoggedEvent::from_stored(
            "2026-11-27T10:00:00Z",
            "state",
            r#"{"state":"failed","reason":"no"}"#,
        )
        .expect("a state row");
        assert_eq!(
            state.kind,
            Logged::State(CheckoutState::Failed {
                reason: "no".into()
            })
        );
        let connection = LoggedEvent::from_stored(
            "2026-11-27T10:00:00Z",
            "connection",
            r#"{"type":"connection","connection":"polling"}"#,
        )
        .expect("a connection row");
        assert_eq!(
            connection.kind,
            Logged::Event(EventKind::Connection {
                connection: Connection::Polling
            })
        );
        let qr = LoggedEvent::from_stored("2026-11-27T10:00:00Z", "qr_ready", "https://sca/x")
            .expect("a qr row");
        assert_eq!(
            qr.kind,
            Logged::QrReady {
                sca_url: "https://sca/x".into()
            }
        );
        assert_eq!(LoggedEvent::from_stored("yesterday", "state", "{}"), None);
    }
}
