//! The keyed chain (`journal_chain`): one record per registered entry (with its lines and VAT
//! rows), per print of a receipt and per Z report, each MAC'd under the till's key over the
//! stored rows themselves and the record before it. Receipts and reports are read from exactly
//! these rows, so an edit to anything they show breaks the chain.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};

use super::key::{JournalHead, JournalKey};
use crate::error::{Error, Result};

/// What a chain record seals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sealed {
    Entry,
    Print,
    ZReport,
}

impl Sealed {
    pub(crate) const ALL: [Sealed; 3] = [Sealed::Entry, Sealed::Print, Sealed::ZReport];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Sealed::Entry => "entry",
            Sealed::Print => "print",
            Sealed::ZReport => "z_report",
        }
    }

    pub(crate) fn from_key(key: &str) -> Option<Sealed> {
        Sealed::ALL.into_iter().find(|s| s.key() == key)
    }

    pub(crate) fn table(self) -> &'static str {
        match self {
            Sealed::Entry => "journal_entry",
            Sealed::Print => "journal_print",
            Sealed::ZReport => "z_report",
        }
    }
}

/// The columns sealed, named so that a column added later does not change old records' MACs.
const ENTRY: &str =
    "SELECT id, register_id, training, receipt_number, kind, registered_at, sale_date,
    cashier, payment_method, kronor_purchase_id, merchant_reference, order_id, customer_id,
    original_entry_id, total_ore, tax_ore, discount_ore, note, prev_hash, hash
    FROM journal_entry WHERE id = ?1";
const LINES: &str = "SELECT line_no, name, sku, quantity, unit_price_ore, discount_ore, vat_rate,
    total_ore, tax_ore FROM journal_line WHERE entry_id = ?1 ORDER BY line_no";
const VAT: &str =
    "SELECT vat_rate, total_ore, tax_ore FROM journal_vat WHERE entry_id = ?1 ORDER BY vat_rate";
const PAYMENTS: &str = "SELECT position, method, amount_ore, reference, tendered_ore
    FROM journal_payment WHERE entry_id = ?1 ORDER BY position";
const PRINT: &str = "SELECT id, entry_id, kind, printed_at FROM journal_print WHERE id = ?1";
const Z_REPORT: &str = "SELECT id, register_id, z_number, sale_date, made_at, report_json,
    journal_head FROM z_report WHERE id = ?1";

/// Appends every row `sql` returns for `id` to `out`, each value tagged with its type and
/// length so that no two different row sets encode alike. `None` when there is no row.
fn rows(conn: &Connection, sql: &str, id: i64, out: &mut Vec<u8>) -> Result<Option<()>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let columns = stmt.column_count();
    let mut rows = stmt.query([id])?;
    let mut count: u64 = 0;
    let mut body = Vec::new();
    while let Some(row) = rows.next()? {
        count += 1;
        for i in 0..columns {
            match row.get_ref(i)? {
                ValueRef::Null => body.push(b'n'),
                ValueRef::Integer(v) => {
                    body.push(b'i');
                    body.extend_from_slice(&v.to_be_bytes());
                }
                ValueRef::Real(v) => {
                    body.push(b'r');
                    body.extend_from_slice(&v.to_be_bytes());
                }
                ValueRef::Text(v) => tagged(&mut body, b't', v),
                ValueRef::Blob(v) => tagged(&mut body, b'b', v),
            }
        }
    }
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&body);
    Ok((count > 0).then_some(()))
}

fn tagged(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// The stored rows a record seals, or `None` when its main row is gone.
pub(crate) fn record(conn: &Connection, kind: Sealed, id: i64) -> Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    let main = match kind {
        Sealed::Entry => ENTRY,
        Sealed::Print => PRINT,
        Sealed::ZReport => Z_REPORT,
    };
    if rows(conn, main, id, &mut out)?.is_none() {
        return Ok(None);
    }
    if kind == Sealed::Entry {
        rows(conn, LINES, id, &mut out)?;
        rows(conn, VAT, id, &mut out)?;
        // Only an entry paid in parts has payments; the others' records stay as they were.
        let mut payments = Vec::new();
        if rows(conn, PAYMENTS, id, &mut payments)?.is_some() {
            out.extend_from_slice(&payments);
        }
    }
    Ok(Some(out))
}

/// One record of the chain as stored.
pub(crate) struct Link<'a> {
    pub seq: i64,
    pub kind: Sealed,
    pub id: i64,
    /// What the record is, in words, for whoever reads a verification failure.
    pub label: &'a str,
}

/// The MAC of `link` after `prev`, over the rows it seals.
pub(crate) fn mac(key: &JournalKey, link: &Link<'_>, prev: &[u8], record: &[u8]) -> [u8; 32] {
    key.mac(&[
        b"kassa journal v1",
        &link.seq.to_be_bytes(),
        prev,
        link.kind.key().as_bytes(),
        &link.id.to_be_bytes(),
        &(link.label.len() as u64).to_be_bytes(),
        link.label.as_bytes(),
        record,
    ])
}

/// Names a record the way a cashier knows it: "receipt 30 (KASSA-1)", "copy of receipt 5
/// (KASSA-1)", "Z report 2 (KASSA-1)".
pub(crate) fn label(conn: &Connection, kind: Sealed, id: i64) -> Result<String> {
    let sql = match kind {
        Sealed::Entry => {
            "SELECT CASE training WHEN 1 THEN 'training receipt ' ELSE 'receipt ' END
                    || receipt_number || ' (' || register_id || ')'
             FROM journal_entry WHERE id = ?1"
        }
        Sealed::Print => {
            "SELECT p.kind || ' of ' || CASE e.training WHEN 1 THEN 'training receipt ' ELSE 'receipt ' END
                    || e.receipt_number || ' (' || e.register_id || ')'
             FROM journal_print p JOIN journal_entry e ON e.id = p.entry_id WHERE p.id = ?1"
        }
        Sealed::ZReport => {
            "SELECT 'Z report ' || z_number || ' (' || register_id || ')' FROM z_report WHERE id = ?1"
        }
    };
    let found: Option<String> = conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(found.unwrap_or_else(|| format!("{} row {id}", kind.table())))
}

/// The chain's last record, if any.
pub(crate) fn head(conn: &Connection) -> Result<Option<JournalHead>> {
    let last: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, mac FROM journal_chain ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    last.map(|(seq, mac)| head_of(seq, &mac)).transpose()
}

pub(crate) fn head_of(seq: i64, mac: &[u8]) -> Result<JournalHead> {
    Ok(JournalHead {
        records: u64::try_from(seq).unwrap_or(0),
        mac: mac.try_into().map_err(|_| {
            Error::DatabaseCorrupt(format!("journal record {seq} has a damaged MAC"))
        })?,
    })
}

/// Seals the row `id` of `kind`, written in the same transaction, as the chain's next record.
/// A key other than the one the last records were sealed with starts a new run in
/// `journal_key`, so a verifier knows which key each record is under.
pub(crate) fn append(
    conn: &Connection,
    key: &JournalKey,
    kind: Sealed,
    id: i64,
    reason: &str,
) -> Result<JournalHead> {
    let last = head(conn)?;
    let seq = last.as_ref().map_or(1, |h| h.records as i64 + 1);
    let current: Option<String> = conn
        .prepare_cached("SELECT key_id FROM journal_key ORDER BY first_seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if current.as_deref() != Some(key.id().as_str()) {
        let reason = if key.is_unkept() {
            "no secret key could be kept (no OS keyring): chained under a public key"
        } else {
            reason
        };
        conn.execute(
            "INSERT INTO journal_key(first_seq, key_id, made_at, reason) VALUES (?1, ?2, ?3, ?4)",
            params![seq, key.id(), jiff::Timestamp::now().to_string(), reason],
        )?;
    }
    let prev = last.map_or([0u8; 32], |h| h.mac);
    let bytes = record(conn, kind, id)?.ok_or_else(|| {
        Error::InvalidJournalEntry(format!("{} {id} is not there to seal", kind.key()))
    })?;
    let label = label(conn, kind, id)?;
    let link = Link {
        seq,
        kind,
        id,
        label: &label,
    };
    let mac = mac(key, &link, &prev, &bytes);
    conn.prepare_cached(
        "INSERT INTO journal_chain(seq, kind, ref_id, label, mac) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![seq, kind.key(), id, label, mac.as_slice()])?;
    head_of(seq, &mac)
}
