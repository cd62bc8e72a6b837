//! Returning a whole sale through Kronor, exactly once: an invoice purchase with
//! `newPurchaseReturnAll`, a Swish payment with `refundPayment` (the whole amount).
//!
//! ```text
//! sale ─▶ key stored (sending) ─▶ Kronor returns ─▶ RETUR entry ─▶ returned
//!                     ↖ answer lost / Kronor busy: same key again ↙
//! ```
//!
//! The idempotency key (`kassa-<register>-<uuid>-ret`) is committed to `sale_return` before
//! the first request. An answer that never came is re-sent with the same key, so Kronor
//! returns the money once however often the till asks. The RETUR entry (negative lines,
//! pointing at the sale, in the sale's series) is registered only after Kronor confirmed.
//! A cash sale is refunded from the drawer: its key is stored the same way (one refund per
//! sale) and its RETUR entry registered at once, with nothing sent to Kronor. A sale paid in
//! parts goes back the way each part came: every Swish part refunded with `refundPayment`
//! under a key derived from the stored one (`-r1`, `-r2`...: a retry after a half-way
//! failure re-sends the same keys, so no part is refunded twice), the cash parts from the
//! drawer; its RETUR entry lists each payment negated.
//!
//! - [`Returns`]: [`Returns::return_sale`] and the state of a sale's return.
//! - [`store`]: the `sale_return` table.

pub mod store;

use std::sync::{Arc, Mutex, MutexGuard};

use futures::future::BoxFuture;
use kronor::{BigInt, Client, PurchaseStatus};

pub use store::{ReturnState, SaleReturn};

use crate::checkout::{CheckoutError, Clock, ControlUnitLink};
use crate::control_unit::{Print, UnitError};
use crate::error::Error;
use crate::journal::{Entry, EntryKind, JournalLine, NewEntry, PaymentMethod};
use crate::money::Ore;
use crate::storage::Db;

/// How many backoff rounds (each after the client's own retries) a return gets before the
/// till gives up for now; the key stays stored and the next attempt re-sends it.
pub const MAX_ROUNDS: u32 = 3;

/// `kassa-<register>-<uuid>-ret`: a return's idempotency key (at most 63 characters).
pub fn return_key(register_id: &str) -> String {
    format!("kassa-{register_id}-{}-ret", uuid::Uuid::new_v4().simple())
}

/// The key of payment `position` (from 1) of a sale paid in parts, derived from its
/// return's stored key: `kassa-<register>-<uuid>-r<position>` (at most 63 characters).
pub fn part_return_key(return_key: &str, position: usize) -> String {
    format!("{}-r{position}", return_key.trim_end_matches("-ret"))
}

/// The points of a return where a test harness may pause it (to kill the till there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnStep {
    /// The key is committed; nothing sent yet.
    KeyStored,
    /// Kronor confirmed the return; the RETUR entry is not registered yet.
    KronorAnswered,
}

impl ReturnStep {
    pub const ALL: [ReturnStep; 2] = [ReturnStep::KeyStored, ReturnStep::KronorAnswered];

    pub fn name(self) -> &'static str {
        match self {
            ReturnStep::KeyStored => "key_stored",
            ReturnStep::KronorAnswered => "kronor_answered",
        }
    }
}

/// Called at each [`ReturnStep`]; only the SIGKILL test sets one.
pub type ReturnPauseHook = Arc<dyn Fn(ReturnStep) -> BoxFuture<'static, ()> + Send + Sync>;

/// Returns whole sales for one till: its database, its Kronor, its mode.
#[derive(Clone)]
pub struct Returns {
    db: Arc<Mutex<Db>>,
    client: Client,
    clock: Arc<dyn Clock>,
    /// Training tills return training sales only, and real tills real ones.
    training: bool,
    cashier: String,
    /// One return at a time per till, so a double-click waits for the first click.
    busy: Arc<tokio::sync::Mutex<()>>,
    pause: Option<ReturnPauseHook>,
    /// The control unit that signs the RETUR receipt, and whether a counter payment's
    /// return may go without one (not on a live till).
    control_unit: Option<ControlUnitLink>,
    require_control_unit: bool,
}

impl Returns {
    pub fn new(
        db: Arc<Mutex<Db>>,
        client: Client,
        clock: Arc<dyn Clock>,
        training: bool,
        cashier: &str,
    ) -> Returns {
        Returns {
            db,
            client,
            clock,
            training,
            cashier: cashier.to_owned(),
            busy: Arc::new(tokio::sync::Mutex::new(())),
            pause: None,
            control_unit: None,
            require_control_unit: false,
        }
    }

    /// Signs every RETUR receipt with `unit`; with `required`, a counter payment's return
    /// (Swish) is refused without one, as its sale was.
    pub fn with_control_unit(mut self, unit: Option<ControlUnitLink>, required: bool) -> Returns {
        self.control_unit = unit;
        self.require_control_unit = required;
        self
    }

    /// Test seam: call `hook` at every [`ReturnStep`].
    pub fn with_pause_hook(mut self, hook: ReturnPauseHook) -> Returns {
        self.pause = Some(hook);
        self
    }

    async fn pause(&self, step: ReturnStep) {
        if let Some(hook) = &self.pause {
            hook(step).await;
        }
    }

    fn db(&self) -> Result<MutexGuard<'_, Db>, CheckoutError> {
        self.db.lock().map_err(|_| {
            CheckoutError::InvalidOrder("the till's database lock was poisoned".into())
        })
    }

    /// The return of a sale, if one was ever started.
    pub fn sale_return(&self, sale_entry_id: i64) -> Result<Option<SaleReturn>, CheckoutError> {
        let db = self.db()?;
        Ok(store::for_sale(&db, sale_entry_id)?)
    }

    /// Returns the whole sale `sale_entry_id` at Kronor and registers its RETUR entry, which
    /// is handed back. A sale already returned is refused with [`Error::AlreadyReturned`];
    /// one whose earlier attempt lost its answer is finished with the same key.
    pub async fn return_sale(&self, sale_entry_id: i64) -> Result<Entry, CheckoutError> {
        let _one_at_a_time = self.busy.lock().await;
        if let Some(entry) = self.unsigned_return(sale_entry_id)? {
            // Returned at Kronor and registered, but the unit did not sign its receipt then.
            self.sign(&entry).await?;
            return Ok(entry);
        }
        let (sale, purchase, row) = {
            let db = self.db()?;
            let sale = db.journal().entry(sale_entry_id)?;
            let purchase = self.check_returnable(&db, &sale)?;
            if let Some(existing) = db.journal().returns_of(sale.id)?.first() {
                return Err(already_returned(&sale, existing.receipt_number).into());
            }
            crate::checkout::keys::check_register_id(&sale.register_id)?;
            let row = store::start(
                &db,
                sale.id,
                &return_key(&sale.register_id),
                self.clock.now(),
            )?;
            (sale, purchase, row)
        };
        self.control_unit_ready(&sale).await?;
        self.pause(ReturnStep::KeyStored).await;
        // Cash goes back from the drawer: nothing to ask Kronor.
        let return_id = match purchase {
            _ if !sale.payments.is_empty() => self.send_parts(&row, &sale).await?,
            Some(purchase) => {
                let swish = sale.payment_method == Some(PaymentMethod::Swish);
                let refund = Refund {
                    purchase,
                    amount: sale.total,
                    key: &row.idempotency_key,
                    swish,
                };
                self.send(&row, &sale, refund).await?
            }
            None => String::new(),
        };
        self.pause(ReturnStep::KronorAnswered).await;
        let entry = self.register_return(&sale, &row, &return_id)?;
        self.sign(&entry).await?;
        Ok(entry)
    }

    /// Kronor returned the money: the RETUR entry (once) and the return marked done.
    fn register_return(
        &self,
        sale: &Entry,
        row: &SaleReturn,
        return_id: &str,
    ) -> Result<Entry, CheckoutError> {
        let db = self.db()?;
        let entry = match db.journal().returns_of(sale.id)?.into_iter().next() {
            Some(entry) => entry,
            None => db.journal().register(return_entry(
                sale,
                &self.cashier,
                self.clock.now(),
                return_id,
            ))?,
        };
        store::update(
            &db,
            row.id,
            ReturnState::Returned,
            Some(return_id).filter(|id| !id.is_empty()),
            Some(entry.id),
            None,
            self.clock.now(),
        )?;
        Ok(entry)
    }

    /// No money moves back while the control unit cannot sign the RETUR receipt.
    async fn control_unit_ready(&self, sale: &Entry) -> Result<(), CheckoutError> {
        match &self.control_unit {
            Some(link) => Ok(link.ready().await?),
            None if self.require_control_unit
                && (!sale.payments.is_empty()
                    || matches!(
                        sale.payment_method,
                        Some(PaymentMethod::Swish | PaymentMethod::Cash)
                    )) =>
            {
                Err(UnitError::not_configured().into())
            }
            None => Ok(()),
        }
    }

    async fn sign(&self, entry: &Entry) -> Result<(), CheckoutError> {
        match &self.control_unit {
            Some(link) => {
                link.sign(&self.db, entry.id, Print::Original, self.clock.as_ref())
                    .await
            }
            None => Ok(()),
        }
    }

    /// The sale's RETUR entry if it exists and the control unit has not signed it yet.
    fn unsigned_return(&self, sale_entry_id: i64) -> Result<Option<Entry>, CheckoutError> {
        if self.control_unit.is_none() {
            return Ok(None);
        }
        let db = self.db()?;
        let Some(entry) = db.journal().returns_of(sale_entry_id)?.into_iter().next() else {
            return Ok(None);
        };
        let signed = db
            .control_registration(entry.id, Print::Original)?
            .is_some_and(|r| r.signed.is_some());
        Ok((!signed).then_some(entry))
    }

    /// The Kronor purchase to return, or `None` for a cash sale (refunded from the drawer).
    fn check_returnable(&self, db: &Db, sale: &Entry) -> Result<Option<BigInt>, Error> {
        let receipt = sale.receipt_number;
        if sale.kind != EntryKind::Sale {
            return Err(Error::NotReturnable(format!(
                "Receipt {receipt} is not a sale; only a sale can be returned."
            )));
        }
        if sale.training != self.training {
            let why = if sale.training {
                "a training sale cannot be returned with real money"
            } else {
                "a real sale cannot be returned in training mode"
            };
            return Err(Error::NotReturnable(format!("Receipt {receipt}: {why}.")));
        }
        if let Some(done) = store::for_sale(db, sale.id)?.and_then(|r| r.return_entry_id) {
            return Err(already_returned(
                sale,
                db.journal().entry(done)?.receipt_number,
            ));
        }
        if !sale.payments.is_empty() {
            let unknown = sale.payments.iter().any(|p| match p.method {
                PaymentMethod::Cash => false,
                PaymentMethod::Swish => swish_payment(p).is_none(),
                _ => true,
            });
            if unknown {
                return Err(Error::NotReturnable(format!(
                    "Receipt {receipt} has a part Kassa cannot refund (not cash, nor a Swish payment it knows)."
                )));
            }
            return Ok(None);
        }
        if sale.payment_method == Some(PaymentMethod::Cash) {
            return Ok(None);
        }
        sale.kronor_purchase_id
            .as_deref()
            .and_then(|p| p.parse::<i64>().ok())
            .map(|p| Some(BigInt(p)))
            .ok_or_else(|| {
                Error::NotReturnable(format!(
                    "Receipt {receipt} was not paid through Kronor, so Kassa cannot return it."
                ))
            })
    }

    /// Refunds every Swish part of a sale paid in parts, in order, each under its own key;
    /// the cash parts go back from the drawer. Kronor's refund ids, comma-separated.
    async fn send_parts(&self, row: &SaleReturn, sale: &Entry) -> Result<String, CheckoutError> {
        let mut ids = Vec::new();
        for (i, payment) in sale.payments.iter().enumerate() {
            let Some(purchase) = swish_payment(payment) else {
                continue;
            };
            let key = part_return_key(&row.idempotency_key, i + 1);
            let refund = Refund {
                purchase,
                amount: payment.amount,
                key: &key,
                swish: true,
            };
            ids.push(self.send(row, sale, refund).await?);
        }
        Ok(ids.join(","))
    }

    /// Sends the return with its key until Kronor answers, for at most
    /// [`MAX_ROUNDS`] backoff rounds; Kronor's return (or refund) id.
    async fn send(
        &self,
        row: &SaleReturn,
        sale: &Entry,
        refund: Refund<'_>,
    ) -> Result<String, CheckoutError> {
        let sleeper = self.client.config().sleeper.clone();
        let retry = self.client.config().retry.clone();
        let Refund {
            purchase,
            amount,
            key,
            swish,
        } = refund;
        let mut round: u32 = 0;
        loop {
            let sent = if swish {
                // The customer sees this in the Swish app; Kronor's characters only.
                let message = format!("Retur kvitto {}", sale.receipt_number);
                self.client
                    .refund_payment(purchase, amount.get(), key, &message)
                    .await
                    .map(|refund| refund.transaction_id)
            } else {
                let reason = Some("Kassa: whole sale returned at the till");
                self.client
                    .return_all(purchase, key, reason)
                    .await
                    .map(|id| id.to_string())
            };
            match sent {
                Ok(id) => return Ok(id),
                Err(error) if error.is_retryable() && round < MAX_ROUNDS => {
                    tracing::warn!(%error, round, "return not confirmed yet; same key again");
                    sleeper.sleep(retry.delay(round as usize)).await;
                    round += 1;
                }
                Err(error) if error.is_retryable() => return Err(error.into()),
                Err(error) => {
                    // Refused: if Kronor shows the purchase returned, that is the answer.
                    if !swish && self.returned_at_kronor(purchase).await? {
                        return Ok(String::new());
                    }
                    let db = self.db()?;
                    let message = error.to_string();
                    store::update(
                        &db,
                        row.id,
                        ReturnState::Refused,
                        None,
                        None,
                        Some(&message),
                        self.clock.now(),
                    )?;
                    return Err(error.into());
                }
            }
        }
    }

    async fn returned_at_kronor(&self, purchase: BigInt) -> Result<bool, CheckoutError> {
        Ok(self
            .client
            .purchase_by_id(purchase)
            .await?
            .is_some_and(|p| {
                p.statuses
                    .unwrap_or_default()
                    .iter()
                    .any(|s| s.status == PurchaseStatus::Returned)
            }))
    }
}

/// One request to give money back at Kronor.
struct Refund<'a> {
    /// The invoice purchase, or the Swish payment.
    purchase: BigInt,
    /// A Swish refund's amount (an invoice is returned whole).
    amount: Ore,
    key: &'a str,
    swish: bool,
}

/// The Kronor payment of a Swish part, if it is one.
fn swish_payment(payment: &crate::journal::Payment) -> Option<BigInt> {
    (payment.method == PaymentMethod::Swish)
        .then(|| {
            payment
                .reference
                .as_deref()?
                .parse::<i64>()
                .ok()
                .map(BigInt)
        })
        .flatten()
}

fn already_returned(sale: &Entry, return_receipt: i64) -> Error {
    Error::AlreadyReturned(format!(
        "Receipt {} was already returned (return receipt {return_receipt}); a sale can be returned once.",
        sale.receipt_number
    ))
}

/// The RETUR entry of a whole sale: every line negated, pointing at the sale, same series.
pub(crate) fn return_entry(
    sale: &Entry,
    cashier: &str,
    at: jiff::Timestamp,
    return_id: &str,
) -> NewEntry {
    let neg = |o: Ore| Ore::new(-o.get());
    NewEntry {
        register_id: sale.register_id.clone(),
        training: sale.training,
        kind: EntryKind::Return,
        registered_at: at,
        cashier: cashier.to_owned(),
        payment_method: sale.payment_method,
        kronor_purchase_id: sale.kronor_purchase_id.clone(),
        merchant_reference: sale.merchant_reference.clone(),
        order_id: sale.order_id.clone(),
        customer_id: sale.customer_id,
        original_entry_id: Some(sale.id),
        note: if sale.payment_method == Some(PaymentMethod::Cash) {
            "Cash refund".to_owned()
        } else if !sale.payments.is_empty() {
            format!("Split refund {return_id}").trim_end().to_owned()
        } else if return_id.is_empty() {
            "Kronor return".to_owned()
        } else {
            format!("Kronor return {return_id}")
        },
        // Each part back the way it came (cash: the whole kronor taken).
        payments: sale
            .payments
            .iter()
            .map(|p| crate::journal::Payment {
                method: p.method,
                amount: neg(p.amount),
                reference: p.reference.clone(),
                tendered: None,
            })
            .collect(),
        lines: sale
            .lines
            .iter()
            .map(|l| JournalLine {
                quantity: -l.quantity,
                discount: neg(l.discount),
                total: neg(l.total),
                tax: neg(l.tax),
                ..l.clone()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_keys_fit_kronors_rule_and_differ() {
        let register = "a".repeat(crate::checkout::keys::MAX_REGISTER_ID);
        let key = return_key(&register);
        assert!(kronor::check_idempotency_key(&key).is_ok(), "{key}");
        assert!(key.ends_with("-ret"));
        assert_ne!(return_key("k1"), return_key("k1"));
        let parts = [part_return_key(&key, 1), part_return_key(&key, 12)];
        for part in &parts {
            assert!(kronor::check_idempotency_key(part).is_ok(), "{part}");
            assert!(!part.contains("-ret"));
        }
        assert_ne!(parts[0], parts[1]);
    }
}
