//! Paying the sale on the counter in parts: each part by Swish or in cash, what is left shown
//! after each, the sale locked while parts are paid, and a cancel that says what to give
//! back. The split sale itself lives in the till's file, so a restart finds it again.

use serde::Serialize;

use super::{Mode, Till, lock};
use crate::cash::cash_due;
use crate::checkout::split::is_paid;
use crate::checkout::{
    CheckoutEngine, CheckoutError, CheckoutState, OrderId, PartCharge, SplitSale, SplitState,
    Tender,
};
use crate::error::{ErrorBody, Result};
use crate::money::{Money, Ore};

/// One part of a sale paid in parts, as the pay screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "SplitPart.ts"))]
pub struct SplitPart {
    /// The part's own checkout (a Swish part's QR code and status are that checkout's).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub checkout_id: i64,
    pub tender: Tender,
    pub amount: Money,
    /// `paid`, `waiting` (for the customer), `refunded` or `ended` (declined, expired,
    /// cancelled: it brought nothing in).
    pub status: PartStatus,
    /// Cash: handed over, and the change given.
    pub tendered: Option<Money>,
    pub change: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "PartStatus.ts"))]
pub enum PartStatus {
    Waiting,
    Paid,
    Refunded,
    Ended,
}

/// The sale on the counter while it is paid in parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "SplitView.ts"))]
pub struct SplitView {
    pub order_id: String,
    pub state: SplitState,
    pub total: Money,
    pub paid: Money,
    /// Left to pay by Swish.
    pub remainder: Money,
    /// Left to pay in cash (whole kronor).
    pub remainder_cash: Money,
    pub parts: Vec<SplitPart>,
    /// The part waiting for its customer, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub pending_checkout: Option<i64>,
    /// Once registered: the sale's receipt.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub journal_entry_id: Option<i64>,
    /// Cancelled: the cash to hand back to the customer, and what went back to their Swish.
    pub hand_back_cash: Money,
    pub refunded_swish: Money,
}

impl SplitView {
    pub fn new(split: &SplitSale) -> SplitView {
        let status = |p: &crate::checkout::Checkout| match p.state {
            _ if is_paid(p) => PartStatus::Paid,
            CheckoutState::Refunded => PartStatus::Refunded,
            ref s if s.is_final() => PartStatus::Ended,
            _ => PartStatus::Waiting,
        };
        let cancelled = split.state == SplitState::Cancelled;
        // Cancelled: what was (or is being) given back, per tender.
        let given_back = |tender: Tender| -> Ore {
            if !cancelled {
                return Ore::ZERO;
            }
            split
                .parts
                .iter()
                .filter(|p| p.tender == tender)
                .filter(|p| matches!(status(p), PartStatus::Refunded | PartStatus::Paid))
                .map(|p| p.amount())
                .sum()
        };
        let remainder = if split.is_covered() {
            Ore::ZERO
        } else {
            split.remainder()
        };
        SplitView {
            order_id: split.order_id.clone(),
            state: split.state,
            total: split.totals.total.into(),
            paid: split.paid().into(),
            remainder: remainder.into(),
            remainder_cash: cash_due(remainder).to_pay.into(),
            pending_checkout: split.pending().map(|p| p.id),
            journal_entry_id: split.journal_entry_id,
            hand_back_cash: given_back(Tender::Cash).into(),
            refunded_swish: given_back(Tender::Swish).into(),
            parts: split
                .parts
                .iter()
                .map(|p| SplitPart {
                    checkout_id: p.id,
                    tender: p.tender,
                    amount: p.amount().into(),
                    status: status(p),
                    tendered: p.cash_tendered.map(Money::from),
                    change: p.cash_tendered.map(|t| (t - p.amount()).into()),
                })
                .collect(),
        }
    }
}

/// What taking a part answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartTaken {
    pub split: SplitView,
    /// The part's checkout (a Swish part: its QR code follows as for any checkout).
    pub started: crate::checkout::Started,
    /// A cash part is in the drawer but the drawer did not open: what to tell the cashier.
    pub drawer_problem: Option<ErrorBody>,
}

impl Till {
    /// The sale on the counter's payment in parts, if one is open (also after a restart).
    pub fn split(&self, engine: &CheckoutEngine) -> Result<Option<SplitView>> {
        let split = engine.open_split().map_err(super::into_core)?;
        Ok(split.as_ref().map(SplitView::new))
    }

    /// Refuses a change to the sale, or paying it another way, while parts of it are paid
    /// (or waiting to be).
    pub(super) fn refuse_if_split(&self, db: &crate::Db) -> Result<()> {
        match crate::checkout::split::paid_in_open_split(db)? {
            Some(paid) => Err(crate::Error::SplitInProgress {
                paid: paid.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Takes one part of the sale on the counter: `amount` of it (all that is left when not
    /// given) by Swish, or in cash with `tendered` handed over. The first part fixes the sale
    /// and locks it; a part that covers the rest registers it. A Swish or invoice payment
    /// started for the whole sale is cancelled first (refused if the customer paid it).
    pub async fn pay_part(
        &self,
        engine: &CheckoutEngine,
        tender: Tender,
        amount: Option<Ore>,
        tendered: Option<Ore>,
        mode: Mode,
    ) -> Result<PartTaken, CheckoutError> {
        if mode == Mode::Live {
            self.require_merchants_shop()?;
        }
        self.require_cashier(&*self.db()?)?;
        // One part at a time: a double-click never takes two.
        let _turn = self.part_gate.lock().await;
        let split_order = match engine.open_split()? {
            Some(split) => OrderId::parse(&split.order_id)?,
            None => {
                self.leave_kronor_checkout(engine).await?;
                OrderId::new()
            }
        };
        let part_order = OrderId::new();
        let cart = self.cart()?;
        let started = engine
            .charge_part(PartCharge {
                split_order: &split_order,
                part_order: &part_order,
                cart: &cart,
                tender,
                amount,
                tendered,
            })
            .await?;
        *lock(&self.order, "order")? = Some(part_order);
        let mut drawer_problem = None;
        if tender == Tender::Cash {
            drawer_problem = self.pulse_drawer().await.err().map(|e| e.body());
        }
        if started.checkout.state == CheckoutState::Receipted {
            self.empty_if_paid(engine, started.checkout.id)?;
        }
        let split = engine.split(split_order.as_str())?;
        Ok(PartTaken {
            split: SplitView::new(&split),
            started,
            drawer_problem,
        })
    }

    /// Cancels the payment in parts: the waiting part is cancelled and what was paid given
    /// back (Swish refunded; the view says how much cash to hand back). The sale stays on the
    /// counter, to be paid another way or cleared. The drawer opens for cash to hand back.
    pub async fn cancel_split(&self, engine: &CheckoutEngine) -> Result<SplitView, CheckoutError> {
        let _turn = self.part_gate.lock().await;
        let Some(split) = engine.open_split()? else {
            return Err(crate::Error::NotFound("No sale is being paid in parts.".into()).into());
        };
        let split = engine.cancel_split(&split.order_id).await?;
        *lock(&self.order, "order")? = None;
        let view = SplitView::new(&split);
        if view.hand_back_cash.ore != 0
            && let Err(error) = self.pulse_drawer().await
        {
            tracing::warn!(%error, "drawer did not open for the cash to hand back");
        }
        Ok(view)
    }
}
