//! A checkout as the cashier follows it (state, QR code, SCA URL, amount, timeline,
//! connection, outcome), built from what the engine stored, so a reloaded window, a late
//! listener and the pushed `checkout-changed` event all see the same.

use serde::Serialize;

use super::events::{Followed, LoggedEvent, follow};
use super::store::Checkout;
use super::{CheckoutState, ScaCode, Tender};
use crate::money::Money;

/// One state the checkout entered, with when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "TimelineEntry.ts"))]
pub struct TimelineEntry {
    /// RFC 3339 timestamp.
    pub at: String,
    /// The state's name (`submitting`, `awaiting_customer`, `approved`, ...).
    pub state: String,
}

/// A checkout as the Pay screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CheckoutView.ts"))]
pub struct CheckoutView {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checkout_id: i64,
    pub order_number: String,
    /// How the customer pays: the Pay screen shows a Swish QR or the BankID page's.
    pub tender: Tender,
    /// `draft`, `submitting`, `awaiting_customer`, `approved`, `captured`, `receipted`,
    /// `rejected`, `cancelled`, `expired` or `failed`.
    pub state: String,
    /// Why a `failed` checkout failed (Kronor's words).
    pub failure: Option<String>,
    /// No further change will come.
    pub finished: bool,
    pub amount: Money,
    /// What the customer scans: the SCA page once Kronor has the order (invoice), or the Swish
    /// payment request's QR content once Swish gave its token (Swish).
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
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub receipt_number: Option<i64>,
    /// Paid, but the control unit has not signed the receipt yet: what is wrong with the
    /// unit, in Swedish and in English (the sale is asked again until it signs).
    pub control_unit_sv: Option<String>,
    pub control_unit_en: Option<String>,
    /// Cash: to pay, its rounding, handed over and the change to give.
    pub cash: Option<crate::cash::view::CashPaid>,
}

impl CheckoutView {
    /// The view of `checkout` from its stored log, its SCA page (if Kronor has the order) and
    /// its receipt number (if receipted).
    pub fn build(
        checkout: Checkout,
        log: &[LoggedEvent],
        sca: Option<ScaCode>,
        receipt_number: Option<i64>,
    ) -> CheckoutView {
        let Followed {
            timeline,
            connection,
            retrying,
            control_unit_waiting,
        } = follow(log);
        let finished = checkout.state.is_final();
        // The cashier sees the line from Charge on, not only after the first status arrives.
        let cash = checkout
            .cash_tendered
            .map(|tendered| crate::cash::view::CashPaid::new(checkout.amount(), tendered));
        let connection = match connection {
            _ if finished || cash.is_some() => None,
            None => Some("connecting".to_owned()),
            Some(connection) => Some(connection.name().to_owned()),
        };
        let (sca_url, qr_svg) = match sca {
            // The QR code only while the customer can still use it.
            Some(code) if !finished => (Some(code.url), Some(code.svg)),
            Some(code) => (Some(code.url), None),
            None => (None, None),
        };
        let failure = match &checkout.state {
            CheckoutState::Failed { reason } => Some(reason.clone()),
            _ => None,
        };
        let amount = checkout.amount().into();
        CheckoutView {
            checkout_id: checkout.id,
            order_number: checkout.order_number,
            tender: checkout.tender,
            state: checkout.state.name().to_owned(),
            failure,
            finished,
            amount,
            sca_url,
            qr_svg,
            timeline: timeline
                .into_iter()
                .map(|(at, state)| TimelineEntry {
                    at: at.to_string(),
                    state: state.name().to_owned(),
                })
                .collect(),
            connection,
            retrying,
            started_at: checkout.created_at.to_string(),
            receipt_number,
            control_unit_sv: control_unit_waiting.as_ref().map(|(sv, _)| sv.clone()),
            control_unit_en: control_unit_waiting.map(|(_, en)| en),
            cash,
        }
    }
}
