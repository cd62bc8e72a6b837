//! The sandbox's state: purchase orders, purchases and idempotency records, in concurrent maps
//! (sharded locks, no global lock on the hot path), mirrored to SQLite when a database is open.
//!
//! Lock rule: an idempotency entry may be held while touching one other map; no other map lock
//! is ever held while taking a second one — except that `newSwishPayment` holds its session's
//! entry while it checks and inserts payment requests (order: idempotency → sessions →
//! payment requests; nothing takes them the other way round). Every change is broadcast (with a snapshot of the
//! order it touched) to the live queries, so each status an order passes through is pushed.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;
use jiff::Timestamp;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use crate::model::{
    IdempotentResult, OrderStatus, Purchase, PurchaseOrder, PurchaseStatus, without_nulls,
};
use crate::payment_model::{PaymentRequest, PaymentSession, Refund};
use crate::persist::{Db, Loaded};
use crate::validate::NewOrder;

mod payments;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("the idempotency key {0:?} was already used with other data")]
    KeyUsedWithOtherData(String),
    #[error("purchase order {0:?} not found")]
    UnknownPurchaseOrder(String),
    #[error("purchase {0} not found")]
    UnknownPurchase(i64),
    #[error("payment session {0:?} not found")]
    UnknownSession(String),
    #[error("payment {0:?} not found")]
    UnknownPayment(String),
    #[error(
        "this session already has a payment that is {status}; a new one may start only after DECLINED, ERROR or CANCELLED"
    )]
    SessionHasPayment { status: &'static str },
    #[error("the payment is {status}, it can no longer be cancelled")]
    PaymentNotOpen { status: &'static str },
    #[error("there is no open payment to cancel")]
    NoOpenPayment,
    #[error("the payment is {status}; only a PAID payment can be refunded")]
    PaymentNotPaid { status: &'static str },
    #[error(
        "refund amount {amount} is out of range: it must be between 1 and {left} (the paid amount minus what was already refunded)"
    )]
    RefundAmount { amount: i64, left: i64 },
    #[error("purchase {id} is {status}, it cannot be {action}")]
    WrongPurchaseStatus {
        id: i64,
        status: &'static str,
        action: &'static str,
    },
}

pub(crate) struct Store {
    orders: DashMap<String, PurchaseOrder>,
    purchases: DashMap<i64, Purchase>,
    idempotency: DashMap<String, IdempotentResult>,
    sessions: DashMap<String, PaymentSession>,
    /// By waitToken.
    payment_requests: DashMap<String, PaymentRequest>,
    refunds: DashMap<String, Refund>,
    /// Purchase, capture and return ids share one sequence, like database serials would.
    next_id: AtomicI64,
    changes: broadcast::Sender<Change>,
    db: Option<Db>,
}

/// What changed: an order or a payment request (with its new state), or anything else.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    Order(Arc<PurchaseOrder>),
    Payment(Arc<PaymentRequest>),
    Other,
}

/// What a create call did.
pub(crate) enum Created {
    New(PurchaseOrder),
    Repeat(PurchaseOrder),
}

impl Store {
    pub(crate) fn new(db: Option<Db>, loaded: Option<Loaded>) -> Store {
        let store = Store {
            orders: DashMap::new(),
            purchases: DashMap::new(),
            idempotency: DashMap::new(),
            sessions: DashMap::new(),
            payment_requests: DashMap::new(),
            refunds: DashMap::new(),
            next_id: AtomicI64::new(1000),
            changes: broadcast::channel(4096).0,
            db,
        };
        if let Some(loaded) = loaded {
            let mut max_id = 999;
            for o in loaded.orders {
                max_id = max_id.max(o.resulting_purchase_id.unwrap_or(0));
                store.orders.insert(o.id.clone(), o);
            }
            for p in loaded.purchases {
                max_id = max_id
                    .max(p.id)
                    .max(p.capture_id.unwrap_or(0))
                    .max(p.return_id.unwrap_or(0));
                store.purchases.insert(p.id, p);
            }
            for (k, v) in loaded.idempotency {
                store.idempotency.insert(k, v);
            }
            max_id = max_id.max(store.load_payments(
                loaded.sessions,
                loaded.payment_requests,
                loaded.refunds,
            ));
            store.next_id.store(max_id + 1, Ordering::Relaxed);
        }
        store
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    fn changed(&self, change: Change) {
        // No receivers is fine: nobody is watching.
        let _ = self.changes.send(change);
    }

    fn order_changed(&self, order: &PurchaseOrder) {
        if let Some(db) = &self.db {
            db.save_order(order);
        }
        if self.changes.receiver_count() > 0 {
            self.changed(Change::Order(Arc::new(order.clone())));
        }
    }

    pub(crate) fn next_id(&self) -> i64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn flush(&self) {
        if let Some(db) = &self.db {
            db.flush();
        }
    }

    pub(crate) fn order(&self, id: &str) -> Option<PurchaseOrder> {
        self.orders.get(id).map(|o| o.clone())
    }

    pub(crate) fn order_count(&self) -> usize {
        self.orders.len()
    }

    pub(crate) fn all_orders(&self) -> Vec<PurchaseOrder> {
        self.orders.iter().map(|o| o.clone()).collect()
    }

    /// Rows of the merchant's orders; `only` narrows to one id without scanning.
    pub(crate) fn order_rows(&self, merchant_id: &str, only: Option<&str>) -> Vec<Value> {
        let mut rows: Vec<(Timestamp, Value)> = match only {
            Some(id) => self
                .orders
                .get(id)
                .filter(|o| o.merchant_id == merchant_id)
                .map(|o| vec![(o.created_at, o.row())])
                .unwrap_or_default(),
            None => self
                .orders
                .iter()
                .filter(|o| o.merchant_id == merchant_id)
                .map(|o| (o.created_at, o.row()))
                .collect(),
        };
        rows.sort_by_key(|r| r.0);
        rows.into_iter().map(|(_, r)| r).collect()
    }

    pub(crate) fn purchase_rows(&self, merchant_id: &str) -> Vec<Value> {
        let mut rows: Vec<(i64, Value)> = self
            .purchases
            .iter()
            .filter(|p| p.merchant_id == merchant_id)
            .map(|p| (p.id, p.row()))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows.into_iter().map(|(_, r)| r).collect()
    }

    /// Creates the order, or answers a repeat of the same request with the same order.
    /// Concurrent identical requests race on one map entry, so exactly one order is created.
    pub(crate) fn create_order(
        &self,
        merchant_id: &str,
        new: NewOrder,
        input: Value,
        now: Timestamp,
        sca_deadline: Timestamp,
        wait_token: impl FnOnce(&str) -> String,
    ) -> Result<Created, StoreError> {
        let input = without_nulls(input);
        match self.orders.entry(new.idempotency_key.clone()) {
            Entry::Occupied(e) => {
                let existing = e.get();
                if existing.merchant_id == merchant_id && existing.input == input {
                    Ok(Created::Repeat(existing.clone()))
                } else {
                    Err(StoreError::KeyUsedWithOtherData(new.idempotency_key))
                }
            }
            Entry::Vacant(v) => {
                let order = PurchaseOrder {
                    wait_token: wait_token(&new.idempotency_key),
                    id: new.idempotency_key,
                    merchant_id: merchant_id.to_owned(),
                    merchant_reference: new.merchant_reference,
                    national_identification_number: new.national_identification_number,
                    purchase_country: new.purchase_country,
                    purchase_language: new.purchase_language,
                    total_amount: new.total_amount,
                    tax_amount: new.tax_amount,
                    lines: new.lines,
                    created_at: now,
                    status: OrderStatus::PreFlightScoring,
                    entered_at: now,
                    resulting_purchase_id: None,
                    sca_deadline,
                    version: 1,
                    extra_status: None,
                    input,
                };
                v.insert(order.clone());
                self.order_changed(&order);
                Ok(Created::New(order))
            }
        }
    }

    /// Moves an order to `to` if its status passes `allowed`; answers the status it had.
    pub(crate) fn transition(
        &self,
        id: &str,
        allowed: impl Fn(OrderStatus) -> bool,
        to: OrderStatus,
        now: Timestamp,
        purchase_id: Option<i64>,
    ) -> Result<PurchaseOrder, Option<OrderStatus>> {
        let order = {
            let mut o = self.orders.get_mut(id).ok_or(None)?;
            if !allowed(o.status) {
                return Err(Some(o.status));
            }
            o.status = to;
            o.entered_at = now;
            o.version += 1;
            o.extra_status = None;
            if purchase_id.is_some() {
                o.resulting_purchase_id = purchase_id;
            }
            o.clone()
        };
        self.order_changed(&order);
        Ok(order)
    }

    /// Adds a raw status string to an order's status set, as a future Kronor might.
    pub(crate) fn set_extra_status(&self, id: &str, status: &str) -> bool {
        let order = {
            let Some(mut o) = self.orders.get_mut(id) else {
                return false;
            };
            o.extra_status = Some(status.to_owned());
            o.version += 1;
            o.clone()
        };
        self.order_changed(&order);
        true
    }

    pub(crate) fn insert_purchase(&self, purchase: Purchase) {
        if let Some(db) = &self.db {
            db.save_purchase(&purchase);
        }
        self.purchases.insert(purchase.id, purchase);
        self.changed(Change::Other);
    }

    pub(crate) fn remove_purchase(&self, id: i64) {
        self.purchases.remove(&id);
        self.changed(Change::Other);
    }

    /// `newPurchaseCaptureAll`: captures a purchase waiting for capture, once per key.
    pub(crate) fn capture_all(
        &self,
        merchant_id: &str,
        key: &str,
        purchase_id: i64,
        input: Value,
        now: Timestamp,
    ) -> Result<Value, StoreError> {
        self.once(merchant_id, "capture", key, input, || {
            let capture_id = self.next_id();
            let order_id = self.update_purchase(
                merchant_id,
                purchase_id,
                PurchaseStatus::WaitingForCapture,
                "captured",
                |p| {
                    p.status = PurchaseStatus::CaptureDone;
                    p.entered_at = now;
                    p.capture_id = Some(capture_id);
                },
            )?;
            // The order follows its purchase, as Kronor shows CAPTURE_DONE on both.
            let _ = self.transition(
                &order_id,
                |s| s == OrderStatus::WaitingForCapture,
                OrderStatus::CaptureDone,
                now,
                None,
            );
            Ok(json!({ "captureId": capture_id }))
        })
    }

    /// `newPurchaseReturnAll`: returns a captured purchase, once per key.
    pub(crate) fn return_all(
        &self,
        merchant_id: &str,
        key: &str,
        purchase_id: i64,
        input: Value,
        now: Timestamp,
    ) -> Result<Value, StoreError> {
        self.once(merchant_id, "return", key, input, || {
            let return_id = self.next_id();
            self.update_purchase(
                merchant_id,
                purchase_id,
                PurchaseStatus::CaptureDone,
                "returned",
                |p| {
                    p.status = PurchaseStatus::Returned;
                    p.entered_at = now;
                    p.return_id = Some(return_id);
                },
            )?;
            Ok(json!({ "returnId": return_id }))
        })
    }

    fn update_purchase(
        &self,
        merchant_id: &str,
        id: i64,
        required: PurchaseStatus,
        action: &'static str,
        change: impl FnOnce(&mut Purchase),
    ) -> Result<String, StoreError> {
        let purchase = {
            let mut p = self
                .purchases
                .get_mut(&id)
                .filter(|p| p.merchant_id == merchant_id)
                .ok_or(StoreError::UnknownPurchase(id))?;
            if p.status != required {
                return Err(StoreError::WrongPurchaseStatus {
                    id,
                    status: p.status.as_str(),
                    action,
                });
            }
            change(&mut p);
            p.clone()
        };
        if let Some(db) = &self.db {
            db.save_purchase(&purchase);
        }
        self.changed(Change::Other);
        Ok(purchase.purchase_order_id)
    }

    /// Runs `op` once per (merchant, operation, key); repeats get the stored response, a repeat
    /// with other input an error. A failed `op` stores nothing, so it can be retried.
    fn once(
        &self,
        merchant_id: &str,
        operation: &str,
        key: &str,
        input: Value,
        op: impl FnOnce() -> Result<Value, StoreError>,
    ) -> Result<Value, StoreError> {
        let input = without_nulls(input);
        match self
            .idempotency
            .entry(format!("{merchant_id}\u{1f}{operation}\u{1f}{key}"))
        {
            Entry::Occupied(e) if e.get().input == input => Ok(e.get().response.clone()),
            Entry::Occupied(_) => Err(StoreError::KeyUsedWithOtherData(key.to_owned())),
            Entry::Vacant(v) => {
                let response = op()?;
                let record = IdempotentResult {
                    input,
                    response: response.clone(),
                };
                if let Some(db) = &self.db {
                    db.save_idempotency(v.key(), &record);
                }
                v.insert(record);
                Ok(response)
            }
        }
    }
}
