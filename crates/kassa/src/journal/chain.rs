//! The entries' own unkeyed hash chain (`prev_hash`, `hash`): each entry's SHA-256 covers its
//! content and the previous entry's hash. Anyone can recompute it, so it is trusted only once,
//! when a file from before the keyed chain ([`super::seal`]) is sealed; entries keep it.

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::hex::hex;
use super::read::load_entry;
use super::types::{Entry, JournalLine, Payment};
use crate::error::{Error, Result};

/// The `prev_hash` of the first entry.
pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// Everything an entry says, in a fixed order (id and derived totals per rate excluded: the
/// id is implied by the chain and the per-rate totals follow from the lines).
#[derive(Serialize)]
struct Canonical<'a> {
    prev: String,
    register_id: &'a str,
    training: bool,
    receipt_number: i64,
    kind: &'a str,
    registered_at: String,
    sale_date: String,
    cashier: &'a str,
    payment_method: Option<&'a str>,
    kronor_purchase_id: &'a Option<String>,
    merchant_reference: &'a Option<String>,
    order_id: &'a Option<String>,
    customer_id: Option<i64>,
    original_entry_id: Option<i64>,
    note: &'a str,
    total: i64,
    tax: i64,
    discount: i64,
    lines: &'a [JournalLine],
    /// Left out when empty, so entries paid with one tender hash as they always did.
    #[serde(skip_serializing_if = "<[Payment]>::is_empty")]
    payments: &'a [Payment],
}

/// The hash of `entry` following `prev`.
pub(crate) fn entry_hash(prev: &[u8], entry: &Entry) -> Result<[u8; 32]> {
    let canonical = Canonical {
        prev: hex(prev),
        register_id: &entry.register_id,
        training: entry.training,
        receipt_number: entry.receipt_number,
        kind: entry.kind.key(),
        registered_at: entry.registered_at.to_string(),
        sale_date: entry.sale_date.to_string(),
        cashier: &entry.cashier,
        payment_method: entry.payment_method.map(|p| p.key()),
        kronor_purchase_id: &entry.kronor_purchase_id,
        merchant_reference: &entry.merchant_reference,
        order_id: &entry.order_id,
        customer_id: entry.customer_id,
        original_entry_id: entry.original_entry_id,
        note: &entry.note,
        total: entry.total.get(),
        tax: entry.tax.get(),
        discount: entry.discount.get(),
        lines: &entry.lines,
        payments: &entry.payments,
    };
    let bytes = serde_json::to_vec(&canonical)
        .map_err(|e| Error::InvalidJournalEntry(format!("entry cannot be encoded: {e}")))?;
    Ok(Sha256::digest(&bytes).into())
}

/// Checks entries from `from_id` upward (all of them when `from_id` is 1): each hash matches
/// its content and each `prev_hash` the entry before. Returns how many were checked.
pub(crate) fn verify_from(conn: &Connection, from_id: i64) -> Result<u64> {
    let mut stmt =
        conn.prepare("SELECT id, prev_hash, hash FROM journal_entry WHERE id >= ?1 ORDER BY id")?;
    let mut rows = stmt.query([from_id])?;
    let mut expected_prev: Option<Vec<u8>> = if from_id <= 1 {
        Some(GENESIS.to_vec())
    } else {
        None
    };
    let mut checked = 0;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let prev: Vec<u8> = row.get(1)?;
        let stored: Vec<u8> = row.get(2)?;
        let broken = |why: &str| Error::DatabaseCorrupt(format!("journal entry {id} {why}"));
        if let Some(expected) = &expected_prev
            && *expected != prev
        {
            return Err(broken("does not follow the entry before it"));
        }
        let entry = load_entry(conn, id)?;
        if entry_hash(&prev, &entry)?.as_slice() != stored.as_slice() {
            return Err(broken("was changed after it was registered"));
        }
        expected_prev = Some(stored);
        checked += 1;
    }
    Ok(checked)
}
