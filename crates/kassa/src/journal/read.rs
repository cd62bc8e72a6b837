//! Reading registered entries back.

use rusqlite::{Connection, OptionalExtension, Row};

use super::hex::hex;
use super::types::{Entry, EntryKind, JournalLine, Payment, PaymentMethod};
use crate::cart::RateTotal;
use crate::error::{Error, Result};
use crate::money::Ore;
use crate::vat::VatRate;

pub(crate) const ENTRY_COLUMNS: &str =
    "id, register_id, training, receipt_number, kind, registered_at,
    sale_date, cashier, payment_method, kronor_purchase_id, merchant_reference, order_id,
    customer_id, original_entry_id, note, total_ore, tax_ore, discount_ore, hash";

fn corrupt(id: i64, what: &str) -> Error {
    Error::DatabaseCorrupt(format!("journal entry {id} has {what}"))
}

fn entry_head(row: &Row<'_>) -> Result<Entry> {
    let id: i64 = row.get(0)?;
    let kind: String = row.get(4)?;
    let registered_at: String = row.get(5)?;
    let sale_date: String = row.get(6)?;
    let payment: Option<String> = row.get(8)?;
    let hash: Vec<u8> = row.get(18)?;
    Ok(Entry {
        id,
        register_id: row.get(1)?,
        training: row.get(2)?,
        receipt_number: row.get(3)?,
        kind: EntryKind::from_key(&kind).ok_or_else(|| corrupt(id, "an unknown kind"))?,
        registered_at: registered_at
            .parse()
            .map_err(|_| corrupt(id, "a bad time"))?,
        sale_date: sale_date.parse().map_err(|_| corrupt(id, "a bad date"))?,
        cashier: row.get(7)?,
        payment_method: payment
            .map(|p| {
                PaymentMethod::from_key(&p).ok_or_else(|| corrupt(id, "an unknown payment method"))
            })
            .transpose()?,
        kronor_purchase_id: row.get(9)?,
        merchant_reference: row.get(10)?,
        order_id: row.get(11)?,
        customer_id: row.get(12)?,
        original_entry_id: row.get(13)?,
        note: row.get(14)?,
        lines: Vec::new(),
        per_rate: Vec::new(),
        total: Ore::new(row.get(15)?),
        tax: Ore::new(row.get(16)?),
        discount: Ore::new(row.get(17)?),
        hash: hex(&hash),
        payments: Vec::new(),
    })
}

/// One entry with its lines and totals per rate.
pub(crate) fn load_entry(conn: &Connection, id: i64) -> Result<Entry> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM journal_entry WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id])?;
    let Some(row) = rows.next()? else {
        return Err(Error::NotFound(format!(
            "Journal entry {id} does not exist."
        )));
    };
    let mut entry = entry_head(row)?;
    let mut lines = conn.prepare_cached(
        "SELECT name, sku, quantity, unit_price_ore, discount_ore, vat_rate, total_ore, tax_ore
         FROM journal_line WHERE entry_id = ?1 ORDER BY line_no",
    )?;
    entry.lines = lines
        .query_map([id], |r| {
            Ok(JournalLine {
                name: r.get(0)?,
                sku: r.get(1)?,
                quantity: r.get(2)?,
                unit_price: Ore::new(r.get(3)?),
                discount: Ore::new(r.get(4)?),
                vat_rate: VatRate::from_basis(r.get(5)?),
                total: Ore::new(r.get(6)?),
                tax: Ore::new(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut vat = conn.prepare_cached(
        "SELECT vat_rate, total_ore, tax_ore FROM journal_vat WHERE entry_id = ?1 ORDER BY vat_rate DESC",
    )?;
    entry.per_rate = vat
        .query_map([id], |r| {
            Ok(RateTotal {
                rate: VatRate::from_basis(r.get(0)?),
                total: Ore::new(r.get(1)?),
                tax: Ore::new(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    entry.payments = payments(conn, id)?;
    Ok(entry)
}

/// The payments of an entry paid in parts, in order (none for one paid with one tender).
fn payments(conn: &Connection, id: i64) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT method, amount_ore, reference, tendered_ore FROM journal_payment
         WHERE entry_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Ore::new(r.get(1)?),
                r.get(2)?,
                r.get::<_, Option<i64>>(3)?.map(Ore::new),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(method, amount, reference, tendered)| {
            Ok(Payment {
                method: PaymentMethod::from_key(&method)
                    .ok_or_else(|| corrupt(id, "an unknown payment method"))?,
                amount,
                reference,
                tendered,
            })
        })
        .collect()
}

/// The id of the entry with this receipt number in this series, if any.
pub(crate) fn id_by_receipt(
    conn: &Connection,
    register_id: &str,
    training: bool,
    number: i64,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM journal_entry WHERE register_id = ?1 AND training = ?2 AND receipt_number = ?3",
        )?
        .query_row(rusqlite::params![register_id, training, number], |r| r.get(0))
        .optional()?)
}
