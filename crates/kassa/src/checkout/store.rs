//! Checkouts in SQLite: every state change is one transaction that also appends to the
//! event log, and only moves [`CheckoutState::may_become`] allows are written.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{CheckoutError, CheckoutState, LoggedEvent, OrderId, Tender};
use crate::cart::Totals;
use crate::customer::Customer;
use crate::storage::Db;

/// A checkout as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkout {
    pub id: i64,
    pub order_id: String,
    pub order_number: String,
    pub register_id: String,
    pub state: CheckoutState,
    pub tender: Tender,
    /// Invoice: the purchase order's key; Swish: the payment session's.
    pub idempotency_key: String,
    pub capture_key: String,
    /// Swish: the payment request's key.
    pub payment_key: Option<String>,
    pub totals: Totals,
    /// The invoice customer; none for Swish.
    pub customer: Option<Customer>,
    pub customer_id: Option<i64>,
    pub training: bool,
    pub cashier: String,
    pub kronor_order_id: Option<String>,
    /// Invoice: the purchase order's waitToken; Swish: the payment request's.
    pub wait_token: Option<String>,
    /// Swish: Kronor's payment-request token the customer's Swish app scans.
    pub swish_qr: Option<String>,
    /// Invoice: Kronor's purchase id; Swish: the payment id (`resultingPaymentId`).
    pub purchase_id: Option<String>,
    pub capture_id: Option<String>,
    pub cancel_requested: bool,
    pub journal_entry_id: Option<i64>,
    pub created_at: Timestamp,
    /// Cash: what the customer handed over.
    pub cash_tendered: Option<crate::money::Ore>,
    /// A part of a sale paid in parts: that sale's order id, and what this part pays of it.
    pub split_order_id: Option<String>,
    pub part_amount: Option<crate::money::Ore>,
    /// A paid part of a cancelled split: the refund's key (stored before it is sent) and
    /// Kronor's refund id once it answered.
    pub refund_key: Option<String>,
    pub refund_id: Option<String>,
}

impl Checkout {
    /// What this checkout charges: its part of a split sale, else the sale's total.
    pub fn amount(&self) -> crate::money::Ore {
        self.part_amount.unwrap_or(self.totals.total)
    }
}

/// What a new checkout is made of.
pub(crate) struct NewCheckout<'a> {
    pub order_id: &'a OrderId,
    pub register_id: &'a str,
    pub tender: Tender,
    pub idempotency_key: String,
    pub capture_key: String,
    pub payment_key: Option<String>,
    pub totals: &'a Totals,
    pub customer: Option<&'a Customer>,
    pub customer_id: Option<i64>,
    pub training: bool,
    pub cashier: &'a str,
    pub at: Timestamp,
    /// Cash: what was handed over. A cash checkout is stored paid (`approved`): the money is
    /// in the drawer before Charge is pressed.
    pub cash_tendered: Option<crate::money::Ore>,
    /// A part of split sale `split_order_id` paying `part_amount` of it.
    pub split: Option<(&'a OrderId, crate::money::Ore)>,
}

/// Fields set by a transition (`None` keeps what is stored).
#[derive(Default)]
pub(crate) struct Changes {
    pub kronor_order_id: Option<String>,
    pub wait_token: Option<String>,
    pub purchase_id: Option<String>,
    pub capture_id: Option<String>,
    pub journal_entry_id: Option<i64>,
}

const COLUMNS: &str = "id, order_id, order_number, register_id, state, failure, idempotency_key, \
     capture_key, totals_json, customer_json, customer_id, training, cashier, kronor_order_id, \
     wait_token, purchase_id, capture_id, cancel_requested, journal_entry_id, created_at, tender, \
     payment_key, swish_qr, cash_tendered_ore, split_order_id, part_amount_ore, refund_key, refund_id";

fn corrupt(what: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(0, what.to_owned(), rusqlite::types::Type::Text)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Checkout> {
    let state: String = row.get(4)?;
    let totals: String = row.get(8)?;
    let customer: String = row.get(9)?;
    let created: String = row.get(19)?;
    let tender: String = row.get(20)?;
    Ok(Checkout {
        id: row.get(0)?,
        order_id: row.get(1)?,
        order_number: row.get(2)?,
        register_id: row.get(3)?,
        state: CheckoutState::from_stored(&state, row.get(5)?).ok_or_else(|| corrupt("state"))?,
        tender: Tender::from_key(&tender).ok_or_else(|| corrupt("tender"))?,
        payment_key: row.get(21)?,
        swish_qr: row.get(22)?,
        idempotency_key: row.get(6)?,
        capture_key: row.get(7)?,
        totals: serde_json::from_str(&totals).map_err(|_| corrupt("totals_json"))?,
        customer: serde_json::from_str(&customer).map_err(|_| corrupt("customer_json"))?,
        customer_id: row.get(10)?,
        training: row.get(11)?,
        cashier: row.get(12)?,
        kronor_order_id: row.get(13)?,
        wait_token: row.get(14)?,
        purchase_id: row.get(15)?,
        capture_id: row.get(16)?,
        cancel_requested: row.get(17)?,
        journal_entry_id: row.get(18)?,
        created_at: created.parse().map_err(|_| corrupt("created_at"))?,
        cash_tendered: row.get::<_, Option<i64>>(23)?.map(crate::money::Ore::new),
        split_order_id: row.get(24)?,
        part_amount: row.get::<_, Option<i64>>(25)?.map(crate::money::Ore::new),
        refund_key: row.get(26)?,
        refund_id: row.get(27)?,
    })
}

fn log(
    tx: &rusqlite::Connection,
    id: i64,
    at: Timestamp,
    kind: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO checkout_event (checkout_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
        params![id, at.to_string(), kind, detail],
    )?;
    Ok(())
}

fn state_detail(state: &CheckoutState) -> String {
    serde_json::to_string(state).unwrap_or_else(|_| state.name().to_owned())
}

/// Stores a new checkout with its keys and moves it to `submitting` (cash, paid already:
/// `approved`), in one transaction, so the key is durable before the first request.
/// `Ok((id, false))` if the order already had a checkout (a second Charge of the same sale):
/// nothing is written then.
pub(crate) fn insert(db: &Db, new: NewCheckout<'_>) -> Result<(i64, bool), CheckoutError> {
    let totals = serde_json::to_string(new.totals)
        .map_err(|e| CheckoutError::InvalidOrder(e.to_string()))?;
    let customer = serde_json::to_string(&new.customer)
        .map_err(|e| CheckoutError::InvalidOrder(e.to_string()))?;
    let tx = db.write_tx()?;
    if let Some(id) = tx
        .query_row(
            "SELECT id FROM checkout WHERE order_id = ?1",
            [new.order_id.as_str()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    {
        return Ok((id, false));
    }
    // The order number is the register's next in sequence, read under the write lock.
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM checkout WHERE register_id = ?1",
        [new.register_id],
        |r| r.get(0),
    )?;
    let order_number = format!("{}-{:06}", new.register_id, count + 1);
    let at = new.at.to_string();
    let state = if new.tender == Tender::Cash {
        CheckoutState::Approved
    } else {
        CheckoutState::Submitting
    };
    tx.execute(
        "INSERT INTO checkout (order_id, register_id, order_number, state, idempotency_key, \
         capture_key, totals_json, customer_json, customer_id, sale_date, training, cashier, \
         created_at, updated_at, tender, payment_key, cash_tendered_ore, failure, \
         split_order_id, part_amount_ore) \
         VALUES (?1, ?2, ?3, ?16, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, NULL, \
         ?17, ?18)",
        params![
            new.order_id.as_str(),
            new.register_id,
            order_number,
            new.idempotency_key,
            new.capture_key,
            totals,
            customer,
            new.customer_id,
            crate::vat::sale_date(new.at).to_string(),
            new.training,
            new.cashier,
            at,
            new.tender.key(),
            new.payment_key,
            new.cash_tendered.map(|o| o.get()),
            state.name(),
            new.split.map(|(order, _)| order.as_str()),
            new.split.map(|(_, amount)| amount.get()),
        ],
    )?;
    let id = tx.last_insert_rowid();
    log(
        &tx,
        id,
        new.at,
        "state",
        &state_detail(&CheckoutState::Draft),
    )?;
    log(&tx, id, new.at, "state", &state_detail(&state))?;
    tx.commit()?;
    Ok((id, true))
}

pub(crate) fn load(db: &Db, id: i64) -> Result<Checkout, CheckoutError> {
    db.conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM checkout WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(CheckoutError::NotFound(id))
}

/// The checkout made for till order `order_id`, if one was made.
pub(crate) fn id_of_order(db: &Db, order_id: &str) -> Result<Option<i64>, CheckoutError> {
    Ok(db
        .conn()
        .query_row(
            "SELECT id FROM checkout WHERE order_id = ?1",
            [order_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Every checkout not in a final state, oldest first.
pub(crate) fn open_ids(db: &Db, training: bool) -> Result<Vec<i64>, CheckoutError> {
    let mut stmt = db.conn().prepare(
        "SELECT id FROM checkout WHERE state IN \
         ('draft', 'submitting', 'awaiting_customer', 'approved', 'captured') \
         AND training = ?1 ORDER BY id",
    )?;
    let ids = stmt
        .query_map([training], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Moves checkout `id` to `to` if its stored state allows it, setting `changes`, and logs it.
/// `Ok(false)` (nothing written) if the move is not allowed from where it is now, e.g. a
/// checkout that was cancelled meanwhile.
pub(crate) fn transition(
    db: &Db,
    id: i64,
    to: &CheckoutState,
    changes: Changes,
    at: Timestamp,
) -> Result<bool, CheckoutError> {
    let tx = db.write_tx()?;
    let (state, failure): (String, Option<String>) = tx
        .query_row(
            "SELECT state, failure FROM checkout WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(CheckoutError::NotFound(id))?;
    let from = CheckoutState::from_stored(&state, failure)
        .ok_or_else(|| CheckoutError::Till(crate::Error::Storage(corrupt("state"))))?;
    if !from.may_become(to) {
        return Ok(false);
    }
    let failure = match to {
        CheckoutState::Failed { reason } => Some(reason.clone()),
        _ => None,
    };
    tx.execute(
        "UPDATE checkout SET state = ?2, failure = ?3, \
         kronor_order_id = coalesce(?4, kronor_order_id), wait_token = coalesce(?5, wait_token), \
         purchase_id = coalesce(?6, purchase_id), capture_id = coalesce(?7, capture_id), \
         journal_entry_id = coalesce(?8, journal_entry_id), updated_at = ?9 WHERE id = ?1",
        params![
            id,
            to.name(),
            failure,
            changes.kronor_order_id,
            changes.wait_token,
            changes.purchase_id,
            changes.capture_id,
            changes.journal_entry_id,
            at.to_string(),
        ],
    )?;
    log(&tx, id, at, "state", &state_detail(to))?;
    tx.commit()?;
    Ok(true)
}

/// Appends an observation (a Kronor status, a connection change...) to the event log.
pub(crate) fn log_event(
    db: &Db,
    id: i64,
    at: Timestamp,
    kind: &str,
    detail: &str,
) -> Result<(), CheckoutError> {
    log(db.conn(), id, at, kind, detail)?;
    Ok(())
}

/// Keeps Kronor's Swish QR token once the payment request has one (it never changes after).
pub(crate) fn set_swish_qr(db: &Db, id: i64, qr: &str) -> Result<(), CheckoutError> {
    db.conn().execute(
        "UPDATE checkout SET swish_qr = ?2 WHERE id = ?1 AND swish_qr IS NULL",
        params![id, qr],
    )?;
    Ok(())
}

/// Marks that the till asked for a cancel, so Kronor's `CANCELLED` reads as "cancelled" and
/// not "expired".
pub(crate) fn mark_cancel_requested(db: &Db, id: i64) -> Result<(), CheckoutError> {
    db.conn().execute(
        "UPDATE checkout SET cancel_requested = 1 WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// The event log of one checkout, oldest first; rows this build cannot read are left out.
pub(crate) fn events(db: &Db, id: i64) -> Result<Vec<LoggedEvent>, CheckoutError> {
    let mut stmt = db.conn().prepare(
        "SELECT at, kind, detail FROM checkout_event WHERE checkout_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut log = Vec::new();
    while let Some(row) = rows.next()? {
        let (at, kind, detail): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        match LoggedEvent::from_stored(&at, &kind, &detail) {
            Some(event) => log.push(event),
            None => tracing::warn!(%kind, "a checkout event this build cannot read"),
        }
    }
    Ok(log)
}
