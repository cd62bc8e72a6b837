//! Cash at the counter: charging the sale on it in cash, the drawer, and the cash day.

use serde::Serialize;

use super::{Mode, Till, lock};
use crate::cash::view::{CashDayView, CashOffer};
use crate::cash::{CashEventKind, DrawerOpening, cash_due};
use crate::checkout::{CheckoutEngine, CheckoutError, CheckoutState, OrderId, Started, Tender};
use crate::error::{Error, ErrorBody, Result};
use crate::language::Language;
use crate::money::Ore;

/// A cash sale as Charge answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CashSale {
    pub started: Started,
    /// The sale is paid but the drawer did not open: what to tell the cashier.
    pub drawer_problem: Option<ErrorBody>,
}

impl Till {
    /// What the cash keypad offers for the sale on the counter: its total, rounded to whole
    /// kronor, and the quick amounts.
    pub fn cash_offer(&self) -> Result<CashOffer> {
        let cart = self.cart()?;
        let totals = cart.totals(self.vat(), self.today())?;
        Ok(CashOffer::new(cash_due(totals.total)))
    }

    /// Charges the sale on the counter in cash, `tendered` handed over: registered, signed
    /// and receipted before this answers, then the drawer opens. A Swish or invoice payment
    /// already started for the sale is cancelled first; one the customer has paid (or may be
    /// paying) is never dropped, and cash is refused then. Works with no network.
    pub async fn charge_cash(
        &self,
        engine: &CheckoutEngine,
        tendered: Ore,
        mode: Mode,
    ) -> Result<CashSale, CheckoutError> {
        if mode == Mode::Live {
            self.require_merchants_shop()?;
        }
        // Cash for the rest of a sale paid in parts is a part of it, not a new payment.
        self.may_change_sale(&*self.db()?)?;
        self.leave_kronor_checkout(engine).await?;
        let started = self
            .charge_order(engine, Tender::Cash, None, Some(tendered))
            .await?;
        let mut drawer_problem = None;
        if started.checkout.state == CheckoutState::Receipted {
            self.empty_if_paid(engine, started.checkout.id)?;
            drawer_problem = self.pulse_drawer().await.err().map(|e| e.body());
        }
        Ok(CashSale {
            started,
            drawer_problem,
        })
    }

    /// The cashier switched to cash after Charge with Swish or invoice: that checkout is
    /// cancelled first. Refused if the customer paid, or Kronor cannot say yet.
    pub(super) async fn leave_kronor_checkout(
        &self,
        engine: &CheckoutEngine,
    ) -> Result<(), CheckoutError> {
        let Some(id) = self.checkout_on_counter(engine)? else {
            return Ok(());
        };
        let checkout = engine.checkout(id)?;
        if !checkout.tender.through_kronor() || checkout.state.is_final() {
            return Ok(());
        }
        let state = match checkout.state {
            CheckoutState::Draft | CheckoutState::Submitting | CheckoutState::AwaitingCustomer => {
                engine.cancel(id).await?
            }
            other => other,
        };
        let tender = Language::English.payment(checkout.tender.payment_method());
        match state {
            CheckoutState::Approved | CheckoutState::Captured | CheckoutState::Receipted => {
                Err(CheckoutError::InvalidOrder(format!(
                    "The customer has already paid {} by {tender}: do not take cash for it.",
                    checkout.totals.total,
                )))
            }
            CheckoutState::AwaitingCustomer => Err(CheckoutError::InvalidOrder(format!(
                "The {tender} payment is still being cancelled at Kronor; take cash once the pay screen says it is cancelled."
            ))),
            // Ended, or its create never answered (a bad network: the customer never saw a
            // code to pay with, and the create is cancelled the moment it lands).
            _ => self.new_order(),
        }
    }

    /// The sale on the counter gets a new order: the one it had stays with its cancelled
    /// checkout.
    fn new_order(&self) -> Result<(), CheckoutError> {
        *lock(&self.order, "order")? = Some(OrderId::new());
        Ok(())
    }

    /// Opens the drawer on demand: recorded as an opening without a sale (also with no
    /// electric drawer: the cashier opened the cash box). A refund's opening is not counted.
    pub async fn open_drawer(
        &self,
        why: DrawerOpening,
        training: bool,
        cashier: &str,
    ) -> Result<CashDayView> {
        self.pulse_drawer().await?;
        if why == DrawerOpening::NoSale {
            return self.record_cash(CashEventKind::DrawerOpened, training, cashier);
        }
        self.cash_day(training)
    }

    /// Sends the drawer its pulse (or runs its command) off the async threads: a network
    /// printer may take seconds to refuse.
    pub(super) async fn pulse_drawer(&self) -> Result<()> {
        let settings = self.db()?.till_settings()?;
        tokio::task::spawn_blocking(move || settings.drawer.open(settings.printer.as_ref()))
            .await
            .map_err(|e| Error::Internal(format!("the drawer task failed: {e}")))?
    }

    /// Records the float, money paid in or out, or the count, and answers the day.
    pub fn record_cash(
        &self,
        kind: CashEventKind,
        training: bool,
        cashier: &str,
    ) -> Result<CashDayView> {
        let db = self.db()?;
        let register = db.till_settings()?.register_id;
        let day = db.record_cash(&register, training, cashier, kind, self.now())?;
        Ok(CashDayView::new(&day))
    }

    /// Today's cash day.
    pub fn cash_day(&self, training: bool) -> Result<CashDayView> {
        let db = self.db()?;
        let register = db.till_settings()?.register_id;
        let day = db.cash_day(&register, training, self.today())?;
        Ok(CashDayView::new(&day))
    }
}
