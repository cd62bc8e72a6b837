//! What the Pay screen receives: one checkout as the cashier follows it (state, QR code, SCA
//! URL, amount, timeline, connection, outcome), built from what the engine stored, so a
//! reloaded window or a late listener sees the same as a live one.

use kassa::checkout::{CheckoutState, qr};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, ErrorCode};
use crate::payments::Payments;
use crate::sale::Money;

/// The invoice customer as the Pay screen's form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "CustomerInput.ts")]
pub struct CustomerInput {
    pub personnummer: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

impl CustomerInput {
    fn form(self) -> kassa::customer::CustomerForm {
        kassa::customer::CustomerForm {
            personnummer: self.personnummer,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            phone: self.phone,
            street: self.street,
            postal_code: self.postal_code,
            city: self.city,
            country: "SE".to_owned(),
        }
    }

    /// Every invalid field, checked by the till core (none: the form is good).
    pub fn problems(self, today: jiff::civil::Date) -> Vec<CustomerProblem> {
        match self.form().check(today) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(CustomerProblem::from).collect(),
        }
    }

    /// Checked by the till core; refused with the first invalid field named in `field`.
    pub fn validated(self, today: jiff::civil::Date) -> Result<kassa::Customer, AppError> {
        self.form()
            .check(today)
            .map_err(|problems| match problems.into_iter().next() {
                Some(problem) => {
                    let field = problem.field.name();
                    AppError::from(kassa::Error::from(problem)).at_field(field)
                }
                None => AppError::new(ErrorCode::InvalidCustomer, "the customer was refused"),
            })
    }
}

/// One invalid field of the customer form, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CustomerProblem.ts")]
pub struct CustomerProblem {
    /// The field as [`CustomerInput`] names it: `personnummer`, `first_name`, `email`...
    pub field: String,
    /// What is wrong, for the UI's translation: `missing`, `too_long`, `control_character`,
    /// `personnummer_format`, `personnummer_date`, `personnummer_check_digit`, `email`,
    /// `phone`, `postal_code`, `country`.
    pub problem: String,
    /// English detail for logs and support.
    pub message: String,
}

impl From<kassa::customer::FieldProblem> for CustomerProblem {
    fn from(p: kassa::customer::FieldProblem) -> Self {
        CustomerProblem {
            field: p.field.name().to_owned(),
            problem: p.problem.name().to_owned(),
            message: p.message,
        }
    }
}

/// One state the checkout entered, with when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "TimelineEntry.ts")]
pub struct TimelineEntry {
    /// RFC 3339 timestamp.
    pub at: String,
    /// The state's name (`submitting`, `awaiting_customer`, `approved`, ...).
    pub state: String,
}

/// A checkout as the Pay screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CheckoutView.ts")]
pub struct CheckoutView {
    #[ts(type = "number")]
    pub checkout_id: i64,
    pub order_number: String,
    /// `draft`, `submitting`, `awaiting_customer`, `approved`, `captured`, `receipted`,
    /// `rejected`, `cancelled`, `expired` or `failed`.
    pub state: String,
    /// Why a `failed` checkout failed (Kronor's words).
    pub failure: Option<String>,
    /// No further change will come.
    pub finished: bool,
    pub amount: Money,
    /// The customer's SCA page, once Kronor has the order.
    pub sca_url: Option<String>,
    /// The QR code of `sca_url` as SVG markup (the engine's own rendering; no script).
    pub qr_svg: Option<String>,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// `connecting` from Charge until the engine follows the order, then `live`,
    /// `reconnecting` or `polling`; none once the checkout has finished.
    pub connection: Option<String>,
    /// A step is being retried since the last state change (network trouble); the customer
    /// will not be charged twice.
    pub retrying: bool,
    /// When Charge was pressed (RFC 3339), for the elapsed-time clock.
    pub started_at: String,
    #[ts(type = "number | null")]
    pub receipt_number: Option<i64>,
}

/// Smallest side of the QR code: large enough to scan from a phone across the counter.
const QR_MIN_PX: u32 = 320;

/// Builds the view of checkout `id` from the engine's stored checkout and event log.
pub fn view(payments: &Payments, id: i64) -> Result<CheckoutView, AppError> {
    let engine = payments.engine()?;
    let checkout = engine.checkout(id)?;
    let sca_url = checkout
        .wait_token
        .as_deref()
        .and_then(|token| payments.sca_url(token));
    let Followed {
        timeline,
        connection,
        retrying,
    } = follow(&engine.event_log(id)?);
    // The cashier sees the line from Charge on, not only after the first status arrives.
    let connection = match connection {
        _ if checkout.state.is_final() => None,
        None => Some("connecting".to_owned()),
        some => some,
    };
    // The QR code only while the customer can still use it.
    let qr_svg = match &sca_url {
        Some(url) if !checkout.state.is_final() => Some(qr::render(url, QR_MIN_PX)?.svg),
        _ => None,
    };
    let receipt_number = match checkout.state {
        CheckoutState::Receipted => engine.receipt(id)?.map(|entry| entry.receipt_number),
        _ => None,
    };
    let failure = match &checkout.state {
        CheckoutState::Failed { reason } => Some(reason.clone()),
        _ => None,
    };
    Ok(CheckoutView {
        checkout_id: checkout.id,
        order_number: checkout.order_number,
        state: checkout.state.name().to_owned(),
        failure,
        finished: checkout.state.is_final(),
        amount: checkout.totals.total.into(),
        sca_url,
        qr_svg,
        timeline,
        connection,
        retrying,
        started_at: checkout.created_at.to_string(),
        receipt_number,
    })
}

/// What the stored event log says: the states with their times, the last connection state,
/// and whether a step is being retried since the last state change.
struct Followed {
    timeline: Vec<TimelineEntry>,
    connection: Option<String>,
    retrying: bool,
}

/// Folds the engine's event log (`(at, kind, detail JSON)`, oldest first).
fn follow(log: &[(String, String, String)]) -> Followed {
    let mut followed = Followed {
        timeline: Vec::new(),
        connection: None,
        retrying: false,
    };
    for (at, kind, detail) in log {
        let detail: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
        match kind.as_str() {
            "state" => {
                if let Some(state) = detail.get("state").and_then(|s| s.as_str()) {
                    followed.timeline.push(TimelineEntry {
                        at: at.clone(),
                        state: state.to_owned(),
                    });
                }
                followed.retrying = false;
            }
            "connection" => {
                followed.connection = detail
                    .get("connection")
                    .and_then(|c| c.as_str())
                    .map(str::to_owned);
                // Following Kronor live again: whatever was retried got through.
                if followed.connection.as_deref() == Some("live") {
                    followed.retrying = false;
                }
            }
            "retrying" => followed.retrying = true,
            _ => {}
        }
    }
    followed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: &str, kind: &str, detail: serde_json::Value) -> (String, String, String) {
        (at.to_owned(), kind.to_owned(), detail.to_string())
    }

    #[test]
    fn network_trouble_shows_while_a_step_is_retried_and_clears_on_the_next_state() {
        let mut log = vec![
            entry(
                "2026-11-27T10:00:00Z",
                "state",
                serde_json::json!({"state": "submitting"}),
            ),
            entry(
                "2026-11-27T10:00:01Z",
                "retrying",
                serde_json::json!({"step": "submitting", "message": "Kronor could not be reached"}),
            ),
        ];
        let trouble = follow(&log);
        assert!(trouble.retrying, "the cashier must see network trouble");
        assert_eq!(trouble.timeline.len(), 1);

        log.push(entry(
            "2026-11-27T10:00:03Z",
            "state",
            serde_json::json!({"state": "awaiting_customer"}),
        ));
        log.push(entry(
            "2026-11-27T10:00:03Z",
            "connection",
            serde_json::json!({"connection": "live"}),
        ));
        let recovered = follow(&log);
        assert!(!recovered.retrying, "the retry succeeded");
        assert_eq!(recovered.connection.as_deref(), Some("live"));
        let states: Vec<&str> = recovered
            .timeline
            .iter()
            .map(|t| t.state.as_str())
            .collect();
        assert_eq!(states, ["submitting", "awaiting_customer"]);
    }
}
