//! What the Pay screen receives: one checkout as the cashier follows it (state, QR code, SCA
//! URL, amount, timeline, connection, outcome), built from what the engine stored, so a
//! reloaded window or a late listener sees the same as a live one.

use kassa::checkout::{CheckoutState, qr};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;
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
    /// Checked by the till core: the personnummer's date and check digit, then each field.
    pub fn validated(self, today: jiff::civil::Date) -> Result<kassa::Customer, AppError> {
        let personnummer = kassa::customer::Personnummer::parse(&self.personnummer, today)?;
        let customer = kassa::Customer {
            personnummer,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            phone: self.phone,
            street: self.street,
            postal_code: self.postal_code,
            city: self.city,
            country: "SE".to_owned(),
        };
        Ok(customer.validated()?)
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
    /// `live`, `reconnecting` or `polling`, once the engine follows the order.
    pub connection: Option<String>,
    /// A step is being retried since the last state change (network trouble); the customer
    /// will not be charged twice.
    pub retrying: bool,
    /// When Charge was pressed (RFC 3339), for the elapsed-time clock.
    pub started_at: String,
    #[ts(type = "number | null")]
    pub receipt_number: Option<i64>,
}

/// The event the window gets whenever a checkout changes (`checkout-changed`); the screen
/// then asks for the [`CheckoutView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CheckoutChanged.ts")]
pub struct CheckoutChanged {
    #[ts(type = "number")]
    pub checkout_id: i64,
    pub state: Option<String>,
}

/// Smallest side of the QR code: large enough to scan from a phone across the counter.
const QR_MIN_PX: u32 = 320;

/// The Tauri event name for [`CheckoutChanged`].
pub const CHECKOUT_CHANGED: &str = "checkout-changed";

/// Builds the view of checkout `id` from the engine's stored checkout and event log.
pub fn view(payments: &Payments, id: i64) -> Result<CheckoutView, AppError> {
    let engine = payments.engine()?;
    let checkout = engine.checkout(id)?;
    let sca_url = checkout
        .wait_token
        .as_deref()
        .and_then(|token| payments.sca_url(token));
    let mut timeline = Vec::new();
    let mut connection = None;
    let mut retrying = false;
    for (at, kind, detail) in engine.event_log(id)? {
        let detail: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
        match kind.as_str() {
            "state" => {
                if let Some(state) = detail.get("state").and_then(|s| s.as_str()) {
                    timeline.push(TimelineEntry {
                        at,
                        state: state.to_owned(),
                    });
                }
                retrying = false;
            }
            "connection" => {
                connection = detail
                    .get("connection")
                    .and_then(|c| c.as_str())
                    .map(str::to_owned);
            }
            "retrying" => retrying = true,
            _ => {}
        }
    }
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
