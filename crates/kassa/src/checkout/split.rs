//! A sale paid in parts ("200 in cash, the rest by Swish"). The sale's lines and totals are
//! fixed when its first part is taken (`split_sale`); each part is a checkout of its own, with
//! its own order and keys, paying `part_amount` of it. Once the paid parts cover the sale it
//! is registered once, with every payment, and each part is receipted with that one entry.
//! A split cancelled part-way gives back what was paid: a Swish part refunded through Kronor
//! (its key stored before the refund is sent), a cash part handed back from the drawer.
//!
//! ```text
//! part:  (as any checkout) → approved ──┬─ split paid      → receipted (the sale's entry)
//!                                       └─ split cancelled → refunded
//! ```

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::engine::{Charge, CheckoutEngine, Inner, PartOf, Started, Step};
use super::store::{self, Changes, Checkout};
use super::{CheckoutError, CheckoutState, OrderId, Tender};
use crate::cart::{Cart, Totals};
use crate::cash::cash_due;
use crate::error::Error;
use crate::journal::{NewEntry, Payment};
use crate::money::Ore;
use crate::storage::Db;
use crate::vat::sale_date;

/// Where a split sale is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "SplitState.ts"))]
pub enum SplitState {
    /// Parts are being taken.
    Open,
    /// Paid in full and in the journal.
    Registered,
    /// Given up: what was paid is (being) given back.
    Cancelled,
}

impl SplitState {
    fn key(self) -> &'static str {
        match self {
            SplitState::Open => "open",
            SplitState::Registered => "registered",
            SplitState::Cancelled => "cancelled",
        }
    }

    fn from_key(key: &str) -> Option<SplitState> {
        [
            SplitState::Open,
            SplitState::Registered,
            SplitState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// A sale paid in parts, with its parts (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SplitSale {
    pub order_id: String,
    pub register_id: String,
    pub training: bool,
    pub cashier: String,
    pub totals: Totals,
    pub state: SplitState,
    pub journal_entry_id: Option<i64>,
    pub parts: Vec<Checkout>,
}

/// A part that brought money in and keeps it (paid; not refunded).
pub fn is_paid(part: &Checkout) -> bool {
    matches!(
        part.state,
        CheckoutState::Approved | CheckoutState::Captured | CheckoutState::Receipted
    )
}

impl SplitSale {
    /// What the paid parts brought in.
    pub fn paid(&self) -> Ore {
        self.parts
            .iter()
            .filter(|p| is_paid(p))
            .map(|p| p.amount())
            .sum()
    }

    /// What is left to pay (never below zero).
    pub fn remainder(&self) -> Ore {
        let left = self.totals.total - self.paid();
        if left.is_negative() { Ore::ZERO } else { left }
    }

    /// The part still waiting for its customer (at most one at a time), if any.
    pub fn pending(&self) -> Option<&Checkout> {
        self.parts
            .iter()
            .find(|p| !p.state.is_final() && !is_paid(p))
    }

    /// Whether the paid parts cover the sale: nothing left, or (with cash among them) less
    /// than half a krona, which cash rounds away.
    pub fn is_covered(&self) -> bool {
        let left = self.remainder();
        let cash = self
            .parts
            .iter()
            .any(|p| is_paid(p) && p.tender == Tender::Cash);
        left == Ore::ZERO || (cash && cash_due(left).to_pay == Ore::ZERO)
    }

    /// The sale's payments for the journal, in the order they were taken.
    pub fn payments(&self) -> Vec<Payment> {
        self.parts
            .iter()
            .filter(|p| is_paid(p))
            .map(|p| Payment {
                method: p.tender.payment_method(),
                amount: p.amount(),
                reference: p.purchase_id.clone(),
                tendered: p.cash_tendered,
            })
            .collect()
    }

    /// What a new part of `tender` may pay: `wanted` (all that is left if none), checked
    /// against what is left. Cash is whole kronor: all that is left rounds to them.
    pub fn next_part(&self, tender: Tender, wanted: Option<Ore>) -> Result<Ore, Error> {
        if self.state != SplitState::Open {
            return Err(Error::SplitExceeds(
                "This sale is no longer being paid in parts.".into(),
            ));
        }
        if let Some(pending) = self.pending() {
            return Err(Error::SplitExceeds(format!(
                "The {} part of {} is still waiting for the customer: let it finish, or cancel it, first.",
                crate::language::Language::English.payment(pending.tender.payment_method()),
                pending.amount()
            )));
        }
        let left = self.remainder();
        let most = match tender {
            Tender::Cash => cash_due(left).to_pay,
            _ => left,
        };
        let amount = wanted.unwrap_or(most);
        if amount > most {
            return Err(Error::SplitExceeds(format!(
                "The part of {amount} is more than the {most} left to pay."
            )));
        }
        if amount <= Ore::ZERO {
            return Err(Error::SplitExceeds(format!(
                "A part must be more than 0,00 kr (the {most} left to pay, or less)."
            )));
        }
        if tender == Tender::Cash && amount.get() % 100 != 0 {
            return Err(Error::SplitExceeds(format!(
                "Cash is taken in whole kronor: {amount} cannot be a cash part."
            )));
        }
        Ok(amount)
    }
}

/// What to charge as one part of the sale on the counter.
pub struct PartCharge<'a> {
    /// The sale's order (its `split_sale`); made with the first part.
    pub split_order: &'a OrderId,
    /// This part's own order (and so its own keys).
    pub part_order: &'a OrderId,
    /// The sale on the counter; its totals are fixed by the first part.
    pub cart: &'a Cart,
    pub tender: Tender,
    /// What this part pays; all that is left when not given.
    pub amount: Option<Ore>,
    /// Cash: what the customer handed over for this part (exactly the part when not given).
    pub tendered: Option<Ore>,
}

impl CheckoutEngine {
    /// Takes one part of a sale paid in parts: the first part fixes the sale, each part is
    /// checked against what is left, and a part that covers the rest registers the sale
    /// (a cash part before this answers; a Swish part once the customer paid).
    pub async fn charge_part(&self, part: PartCharge<'_>) -> Result<Started, CheckoutError> {
        let inner = &self.inner;
        let split = match inner.with_db(|db| load(db, part.split_order.as_str()))? {
            Some(split) => split,
            None => {
                let now = inner.clock.now();
                let totals = part.cart.totals(&inner.settings.vat, sale_date(now))?;
                if totals.lines.is_empty() {
                    return Err(Error::EmptySale.into());
                }
                let settings = &inner.settings;
                inner.with_db(|db| {
                    open(
                        db,
                        part.split_order,
                        &settings.register_id,
                        settings.training,
                        &inner.cashier(),
                        &totals,
                        now,
                    )
                })?;
                inner.split(part.split_order.as_str())?
            }
        };
        let amount = split.next_part(part.tender, part.amount)?;
        // Cash handed over with nothing typed: the part, exactly.
        let tendered = match part.tender {
            Tender::Cash => part.tendered.or(Some(amount)),
            _ => part.tendered,
        };
        self.charge(Charge {
            order_id: part.part_order,
            cart: part.cart,
            tender: part.tender,
            customer: None,
            customer_id: None,
            tendered,
            split: Some(PartOf {
                order: part.split_order,
                totals: &split.totals,
                amount,
            }),
        })
        .await
    }

    /// A split sale with its parts.
    pub fn split(&self, split_order: &str) -> Result<SplitSale, CheckoutError> {
        self.inner.split(split_order)
    }

    /// The split sale the till is taking parts of (of this engine's mode), if any. A till
    /// file is one register's: a register id changed in Settings meanwhile still finds it.
    pub fn open_split(&self) -> Result<Option<SplitSale>, CheckoutError> {
        let training = self.inner.settings.training;
        let order = self.inner.with_db(|db| {
            Ok(db
                .conn()
                .query_row(
                    "SELECT order_id FROM split_sale WHERE state = 'open' AND training = ?1 \
                     ORDER BY created_at DESC LIMIT 1",
                    [training],
                    |r| r.get::<_, String>(0),
                )
                .optional()?)
        })?;
        order.map(|o| self.inner.split(&o)).transpose()
    }

    /// Cancels a split sale part-way: the part waiting for its customer is cancelled, and
    /// every paid part given back (Swish refunded through Kronor, cash marked handed back).
    /// Refused once the sale is registered. A refund Kronor does not answer now is sent
    /// again by the part's driver, with the same key, until it does.
    pub async fn cancel_split(&self, split_order: &str) -> Result<SplitSale, CheckoutError> {
        let inner = &self.inner;
        let split = inner.split(split_order)?;
        if split.state == SplitState::Registered {
            return Err(CheckoutError::NotCancellable("receipted"));
        }
        let at = inner.clock.now();
        inner.with_db(|db| set_state(db, split_order, SplitState::Cancelled, None, at))?;
        for part in &split.parts {
            if !part.state.is_final() && !is_paid(part) {
                // One the customer approved meanwhile comes back approved: refunded below.
                self.cancel(part.id).await?;
            }
        }
        for part in inner.split(split_order)?.parts {
            if is_paid(&part)
                && let Err(error) = inner.refund_part(&part).await
            {
                tracing::warn!(%error, part = part.id, "refund not through yet; its driver goes on");
                self.spawn_driver(part.id);
            }
        }
        inner.split(split_order)
    }
}

impl Inner {
    pub(super) fn split(&self, split_order: &str) -> Result<SplitSale, CheckoutError> {
        self.with_db(|db| load(db, split_order))?.ok_or_else(|| {
            Error::NotFound(format!(
                "The sale paid in parts {split_order} does not exist."
            ))
            .into()
        })
    }

    /// A paid part: the sale is registered once its parts cover it (until then the part
    /// waits, paid, for the others); a part of a cancelled sale is given back; a part of a
    /// sale registered before a crash is receipted with that entry.
    pub(super) async fn register_part(
        &self,
        part: &Checkout,
        split_order: &str,
    ) -> Result<(), CheckoutError> {
        // Paid; the sale is not in the journal yet.
        self.pause(Step::Approved).await;
        let split = self.split(split_order)?;
        match split.state {
            SplitState::Cancelled => return self.refund_part(part).await,
            SplitState::Registered => {
                if let Some(entry) = split.journal_entry_id {
                    self.receipt_part(part, entry)?;
                }
                return Ok(());
            }
            SplitState::Open if !split.is_covered() => return Ok(()),
            SplitState::Open => {}
        }
        let entry = self
            .register_once(&split.order_id, |at| sale_of(&split, at))
            .await?;
        let at = self.clock.now();
        self.with_db(|db| set_state(db, split_order, SplitState::Registered, Some(entry), at))?;
        self.pause(Step::Registered).await;
        // Every paid part ends with the one receipt; this one last, so whoever follows it
        // sees the others receipted already.
        for other in split.parts.iter().filter(|p| is_paid(p) && p.id != part.id) {
            self.receipt_part(other, entry)?;
            if let Ok(other) = self.load(other.id) {
                self.finished(&other);
            }
        }
        self.receipt_part(part, entry)
    }

    fn receipt_part(&self, part: &Checkout, entry: i64) -> Result<(), CheckoutError> {
        let changes = Changes {
            journal_entry_id: Some(entry),
            ..Changes::default()
        };
        self.move_to(part, CheckoutState::Receipted, changes)?;
        Ok(())
    }

    /// Gives a paid part of a cancelled split back: a cash part is handed back from the
    /// drawer; a Swish part is refunded through Kronor under a key stored first, so a
    /// refund sent again after a crash is the same refund.
    pub(super) async fn refund_part(&self, part: &Checkout) -> Result<(), CheckoutError> {
        let part = self.load(part.id)?;
        if part.state == CheckoutState::Refunded {
            return Ok(());
        }
        if part.tender == Tender::Swish {
            let key = match &part.refund_key {
                Some(key) => key.clone(),
                None => {
                    let order = OrderId::parse(&part.order_id)?;
                    let key = super::keys::refund_key(&part.register_id, &order);
                    self.with_db(|db| {
                        db.conn().execute(
                            "UPDATE checkout SET refund_key = ?2 WHERE id = ?1 AND refund_key IS NULL",
                            params![part.id, key],
                        )?;
                        Ok(())
                    })?;
                    key
                }
            };
            let payment = super::drive::purchase_id(&part)?;
            let message = format!("Aterbetalning {}", part.order_number.replace('-', " "));
            let refund = self
                .client
                .refund_payment(payment, part.amount().get(), &key, &message)
                .await?;
            self.with_db(|db| {
                db.conn().execute(
                    "UPDATE checkout SET refund_id = ?2 WHERE id = ?1",
                    params![part.id, refund.transaction_id],
                )?;
                Ok(())
            })?;
        }
        self.move_to(&part, CheckoutState::Refunded, Changes::default())?;
        Ok(())
    }
}

/// The one sale a split sale registers, with every payment.
fn sale_of(split: &SplitSale, at: Timestamp) -> NewEntry {
    let mut sale = NewEntry::sale_in_parts(
        &split.register_id,
        split.training,
        at,
        &split.cashier,
        split.payments(),
        &split.totals,
    );
    sale.order_id = Some(split.order_id.clone());
    sale.merchant_reference = split.parts.first().map(|p| p.order_number.clone());
    sale
}

/// What the paid parts of the till's open split sale brought in, if it has one: the sale on
/// the counter cannot change meanwhile. Either mode's: the shell switches mode only with no
/// split open.
pub fn paid_in_open_split(db: &Db) -> Result<Option<Ore>, Error> {
    Ok(db
        .conn()
        .query_row(
            "SELECT coalesce((SELECT sum(c.part_amount_ore) FROM checkout c \
             WHERE c.split_order_id = s.order_id \
             AND c.state IN ('approved', 'captured', 'receipted')), 0) \
             FROM split_sale s WHERE s.state = 'open' LIMIT 1",
            [],
            |r| r.get(0).map(Ore::new),
        )
        .optional()?)
}

/// Stores split sale `order` with the totals its first part fixes; an existing one is kept.
fn open(
    db: &Db,
    order: &OrderId,
    register_id: &str,
    training: bool,
    cashier: &str,
    totals: &Totals,
    at: Timestamp,
) -> Result<(), CheckoutError> {
    let totals =
        serde_json::to_string(totals).map_err(|e| CheckoutError::InvalidOrder(e.to_string()))?;
    db.conn().execute(
        "INSERT INTO split_sale (order_id, register_id, training, cashier, totals_json, state, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?6) \
         ON CONFLICT (order_id) DO NOTHING",
        params![
            order.as_str(),
            register_id,
            training,
            cashier,
            totals,
            at.to_string()
        ],
    )?;
    Ok(())
}

/// Moves an open split sale on (registered with its entry, or cancelled); one already moved
/// stays as it is.
fn set_state(
    db: &Db,
    order: &str,
    to: SplitState,
    entry: Option<i64>,
    at: Timestamp,
) -> Result<(), CheckoutError> {
    db.conn().execute(
        "UPDATE split_sale SET state = ?2, journal_entry_id = coalesce(?3, journal_entry_id), \
         updated_at = ?4 WHERE order_id = ?1 AND state = 'open'",
        params![order, to.key(), entry, at.to_string()],
    )?;
    Ok(())
}

fn load(db: &Db, order: &str) -> Result<Option<SplitSale>, CheckoutError> {
    let head = db
        .conn()
        .query_row(
            "SELECT order_id, register_id, training, cashier, totals_json, state, \
             journal_entry_id FROM split_sale WHERE order_id = ?1",
            [order],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((order_id, register_id, training, cashier, totals, state, entry)) = head else {
        return Ok(None);
    };
    let corrupt = |what: &str| {
        CheckoutError::Till(Error::DatabaseCorrupt(format!(
            "split sale {order_id} has {what}"
        )))
    };
    let totals = serde_json::from_str(&totals).map_err(|_| corrupt("unreadable totals"))?;
    let state = SplitState::from_key(&state).ok_or_else(|| corrupt("an unknown state"))?;
    let ids: Vec<i64> = db
        .conn()
        .prepare_cached("SELECT id FROM checkout WHERE split_order_id = ?1 ORDER BY id")?
        .query_map([order], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let parts = ids
        .into_iter()
        .map(|id| store::load(db, id))
        .collect::<Result<_, _>>()?;
    Ok(Some(SplitSale {
        order_id,
        register_id,
        training,
        cashier,
        totals,
        state,
        journal_entry_id: entry,
        parts,
    }))
}
