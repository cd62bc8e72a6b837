//! The journal: an append-only record of registered sales, returns and cancellations, with an
//! unbroken ascending receipt number series per register (training in its own series), totals
//! per VAT rate, and a record of every receipt print.
//!
//! Nothing here updates or deletes a registered row, and SQLite triggers refuse it for anyone
//! else; a chain keyed with the till's secret (HMAC-SHA256, [`seal`]) over every entry, print
//! and Z report shows any change made with the triggers removed, and the chain's head kept
//! outside the file ([`HeadKeeper`]) shows the newest records removed.

mod chain;
mod hex;
mod key;
mod read;
pub(crate) mod seal;
pub mod search;
mod types;
mod upgrade;
mod verify;

pub use key::{HeadKeeper, JournalHead, JournalKey};
pub use search::{ReceiptHit, ReceiptQuery};
pub use types::{
    Entry, EntryKind, JournalLine, NewEntry, Payment, PaymentMethod, PrintKind, PrintRecord,
    paid_beyond,
};
pub use verify::ChainReport;

/// Opening's check: triggers, the old chain sealed if needed, then the keyed chain's tail.
pub(crate) fn check_at_open(db: &Db, last_written: Option<&JournalHead>, tail: u64) -> Result<()> {
    verify::triggers(db.conn())?;
    upgrade::seal_unsealed(db, db.journal_key(), last_written)?;
    verify::at_open(db.conn(), db.journal_key(), last_written, tail)
}

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use crate::cart::per_rate_totals;
use crate::error::{Error, Result};
use crate::money::{KRONOR_MAX, Ore};
use crate::storage::Db;
use crate::vat::sale_date;

/// The journal of one database.
pub struct Journal<'a> {
    db: &'a Db,
}

impl Db {
    pub fn journal(&self) -> Journal<'_> {
        Journal { db: self }
    }
}

/// Why a key's first record starts a run in `journal_key`.
const FIRST: &str = "the first record written under this key";

fn invalid(why: impl Into<String>) -> Error {
    Error::InvalidJournalEntry(why.into())
}

fn check_text(what: &str, value: &Option<String>) -> Result<()> {
    match value {
        Some(v) if v.is_empty() || v.chars().count() > 64 => {
            Err(invalid(format!("The {what} must be 1 to 64 characters.")))
        }
        _ => Ok(()),
    }
}

/// Checks every line against Kronor's amount rules and the sign of its kind.
fn check_lines(new: &NewEntry) -> Result<()> {
    if new.lines.is_empty() {
        return Err(Error::EmptySale);
    }
    let returning = new.kind == EntryKind::Return;
    for (i, l) in new.lines.iter().enumerate() {
        let n = i + 1;
        let sign_ok = if returning {
            l.quantity < 0
        } else {
            l.quantity > 0
        };
        if !sign_ok || l.quantity.abs() > i64::from(crate::cart::MAX_QUANTITY) {
            return Err(invalid(format!(
                "Line {n} has quantity {}; sales need 1 to 9 999, returns -1 to -9 999.",
                l.quantity
            )));
        }
        if l.unit_price.is_negative() || l.unit_price > KRONOR_MAX {
            return Err(invalid(format!("Line {n} has a price out of range.")));
        }
        let expected = l
            .unit_price
            .checked_mul(l.quantity)
            .and_then(|g| g.checked_sub(l.discount));
        if expected != Some(l.total) {
            return Err(invalid(format!(
                "Line {n}: total {} is not quantity × price − discount.",
                l.total
            )));
        }
        // Kronor: tax within ±1 of total − total × 10000 / (10000 + rate).
        let t = i128::from(l.total.get());
        let kronor_tax = t - t * 10_000 / (10_000 + i128::from(l.vat_rate.basis()));
        if (i128::from(l.tax.get()) - kronor_tax).abs() > 1 {
            return Err(invalid(format!(
                "Line {n}: VAT {} does not match {} at {}.",
                l.tax, l.total, l.vat_rate
            )));
        }
    }
    Ok(())
}

fn sale_already_registered(order_id: &str, receipt_number: Option<i64>) -> Error {
    let receipt = receipt_number.map_or(String::new(), |n| format!(" (receipt {n})"));
    Error::Duplicate(format!(
        "Order {order_id} already has a registered sale{receipt}; a till order is sold only once."
    ))
}

/// A till order has at most one sale (also a unique index, `journal_sale_per_order`).
/// What a new entry must be before it is written: valid lines and texts, and a payment method
/// unless it is a cancellation. Gives the trimmed register id.
fn check_new(new: &NewEntry) -> Result<String> {
    check_lines(new)?;
    let register_id = new.register_id.trim().to_owned();
    check_text("register id", &Some(register_id.clone()))?;
    check_text("Kronor purchase id", &new.kronor_purchase_id)?;
    check_text("merchant reference", &new.merchant_reference)?;
    check_text("order id", &new.order_id)?;
    if new.kind != EntryKind::Cancellation
        && new.payment_method.is_none() == new.payments.is_empty()
    {
        return Err(invalid(
            "A sale or return needs a payment method, or its payments when paid in parts.",
        ));
    }
    check_payments(new)?;
    Ok(register_id)
}

/// A sale paid in parts: each payment is some money of the entry's sign, and together they
/// pay its total (a cash part rounds it to whole kronor: at most 50 öre either way).
fn check_payments(new: &NewEntry) -> Result<()> {
    if new.payments.is_empty() {
        return Ok(());
    }
    let total: i64 = new.lines.iter().map(|l| l.total.get()).sum();
    for p in &new.payments {
        let amount = p.amount.get();
        if amount == 0 || amount.signum() != total.signum() {
            return Err(invalid(format!(
                "A payment of {} does not fit an entry of {}.",
                p.amount,
                Ore::new(total)
            )));
        }
        check_text("payment reference", &p.reference)?;
    }
    let cash = new.payments.iter().any(|p| p.method == PaymentMethod::Cash);
    let total = Ore::new(total);
    let beyond = paid_beyond(total, &new.payments);
    if beyond != Ore::ZERO && !(cash && beyond.get().abs() <= 50) {
        return Err(invalid(format!(
            "The payments add up to {}, the entry to {total}.",
            total + beyond
        )));
    }
    Ok(())
}

/// An entry's sums over its lines, in öre.
struct Sums {
    total: i64,
    tax: i64,
    discount: i64,
}

impl Sums {
    /// Refuses a total no single payment can carry.
    fn of(new: &NewEntry) -> Result<Sums> {
        let total: i64 = new.lines.iter().map(|l| l.total.get()).sum();
        let tax: i64 = new.lines.iter().map(|l| l.tax.get()).sum();
        let discount: i64 = new.lines.iter().map(|l| l.discount.get()).sum();
        if total.abs() > KRONOR_MAX.get() {
            return Err(Error::AmountOutOfRange(
                "The entry's total is more than a single payment can carry.".into(),
            ));
        }
        Ok(Sums {
            total,
            tax,
            discount,
        })
    }
}

/// The next number in the register's series (training counts in its own).
fn next_receipt_number(
    tx: &rusqlite::Transaction<'_>,
    register_id: &str,
    training: bool,
) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(max(receipt_number), 0) + 1 FROM journal_entry
         WHERE register_id = ?1 AND training = ?2",
        params![register_id, training],
        |r| r.get(0),
    )?)
}

/// The newest entry's hash, or the chain's start for the first entry.
fn last_hash(tx: &rusqlite::Transaction<'_>) -> Result<Vec<u8>> {
    Ok(tx
        .query_row(
            "SELECT hash FROM journal_entry ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| chain::GENESIS.to_vec()))
}

/// Writes the entry's row and gives its id.
fn insert_entry(
    tx: &rusqlite::Transaction<'_>,
    entry: &Entry,
    prev: &[u8],
    hash: &[u8],
) -> Result<i64> {
    tx.execute(
        "INSERT INTO journal_entry(register_id, training, receipt_number, kind, registered_at,
            sale_date, cashier, payment_method, kronor_purchase_id, merchant_reference, order_id,
            customer_id, original_entry_id, note, total_ore, tax_ore, discount_ore, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            entry.register_id,
            entry.training,
            entry.receipt_number,
            entry.kind.key(),
            entry.registered_at.to_string(),
            entry.sale_date.to_string(),
            entry.cashier,
            entry.payment_method.map(|p| p.key()),
            entry.kronor_purchase_id,
            entry.merchant_reference,
            entry.order_id,
            entry.customer_id,
            entry.original_entry_id,
            entry.note,
            entry.total.get(),
            entry.tax.get(),
            entry.discount.get(),
            prev,
            hash,
        ],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) if e.to_string().contains("FOREIGN KEY") => {
            Error::NotFound("The sale's customer does not exist.".into())
        }
        // Checked above under the write lock; the index is the last word if that ever slips.
        Some(rusqlite::ErrorCode::ConstraintViolation) if e.to_string().contains("journal_entry.order_id") => {
            sale_already_registered(entry.order_id.as_deref().unwrap_or_default(), None)
        }
        _ => Error::Storage(e),
    })?;
    Ok(tx.last_insert_rowid())
}

/// Writes the payments of an entry paid in parts, in order.
fn insert_payments(tx: &rusqlite::Transaction<'_>, entry: &Entry) -> Result<()> {
    let mut payment = tx.prepare_cached(
        "INSERT INTO journal_payment(entry_id, position, method, amount_ore, reference,
            tendered_ore) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, p) in entry.payments.iter().enumerate() {
        payment.execute(params![
            entry.id,
            position as i64 + 1,
            p.method.key(),
            p.amount.get(),
            p.reference,
            p.tendered.map(|t| t.get()),
        ])?;
    }
    Ok(())
}

/// Writes the entry's lines and its totals per VAT rate.
fn insert_lines(tx: &rusqlite::Transaction<'_>, entry: &Entry) -> Result<()> {
    let mut line = tx.prepare_cached(
        "INSERT INTO journal_line(entry_id, line_no, name, sku, quantity, unit_price_ore,
            discount_ore, vat_rate, total_ore, tax_ore)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, l) in entry.lines.iter().enumerate() {
        line.execute(params![
            entry.id,
            i as i64 + 1,
            l.name,
            l.sku,
            l.quantity,
            l.unit_price.get(),
            l.discount.get(),
            l.vat_rate.basis(),
            l.total.get(),
            l.tax.get()
        ])?;
    }
    let mut vat = tx.prepare_cached(
        "INSERT INTO journal_vat(entry_id, vat_rate, total_ore, tax_ore) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in &entry.per_rate {
        vat.execute(params![
            entry.id,
            r.rate.basis(),
            r.total.get(),
            r.tax.get()
        ])?;
    }
    Ok(())
}

fn check_one_sale_per_order(tx: &rusqlite::Transaction<'_>, new: &NewEntry) -> Result<()> {
    let (EntryKind::Sale, Some(order_id)) = (new.kind, new.order_id.as_deref()) else {
        return Ok(());
    };
    let existing: Option<i64> = tx
        .query_row(
            "SELECT receipt_number FROM journal_entry WHERE order_id = ?1 AND kind = 'sale'",
            [order_id],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(n) => Err(sale_already_registered(order_id, Some(n))),
        None => Ok(()),
    }
}

/// The Swedish day whose report counts an entry: normally the day it is registered on.
///
/// A Z report closes its register's day, so a sale dated on a closed day is refused
/// ([`Error::DayAlreadyClosed`]) — except when money has already moved: an entry with a
/// Kronor purchase id is a purchase Kronor confirmed (the checkout engine registers only after
/// capture), and refusing it would leave a paid customer without a receipt and the money out
/// of the books. Such entries, and cancellations (which carry no money), are booked on the
/// day after the last closed one, the way a till's next Z takes everything after the last:
/// the receipt still shows the real time, and the next Z report counts it.
fn booking_day(
    tx: &rusqlite::Transaction<'_>,
    register_id: &str,
    new: &NewEntry,
) -> Result<jiff::civil::Date> {
    let day = sale_date(new.registered_at);
    let closed: Option<String> = tx
        .prepare_cached("SELECT max(sale_date) FROM z_report WHERE register_id = ?1")?
        .query_row([register_id], |r| r.get(0))?;
    let Some(closed) = closed else {
        return Ok(day);
    };
    let closed: jiff::civil::Date = closed
        .parse()
        .map_err(|_| Error::DatabaseCorrupt(format!("a Z report has the bad date {closed}")))?;
    if day > closed {
        return Ok(day);
    }
    let money_moved = new.kronor_purchase_id.is_some();
    if money_moved || new.kind == EntryKind::Cancellation {
        return closed
            .tomorrow()
            .map_err(|_| invalid("The register is closed up to the last day there is."));
    }
    Err(Error::DayAlreadyClosed(format!(
        "{day} on register {register_id} is already closed by its Z report (closed up to {closed}); \
         a sale cannot be registered on a closed day."
    )))
}

impl Journal<'_> {
    /// Registers an entry and gives it the next receipt number of its series. Checks lines,
    /// references and limits first; on any error nothing is written.
    /// A sale on a day its register has closed with a Z report is refused unless Kronor already
    /// took the money (see [`booking_day`]).
    pub fn register(&self, new: NewEntry) -> Result<Entry> {
        let register_id = check_new(&new)?;
        let sums = Sums::of(&new)?;
        let tx = self.db.write_tx()?;
        let booked_on = booking_day(&tx, &register_id, &new)?;
        self.check_original(&tx, &new, sums.total)?;
        check_one_sale_per_order(&tx, &new)?;
        let receipt_number = next_receipt_number(&tx, &register_id, new.training)?;
        let prev = last_hash(&tx)?;
        let mut entry = Entry {
            id: 0,
            register_id,
            training: new.training,
            receipt_number,
            kind: new.kind,
            registered_at: new.registered_at,
            sale_date: booked_on,
            cashier: new.cashier.trim().to_owned(),
            payment_method: new.payment_method,
            kronor_purchase_id: new.kronor_purchase_id,
            merchant_reference: new.merchant_reference,
            order_id: new.order_id,
            customer_id: new.customer_id,
            original_entry_id: new.original_entry_id,
            note: new.note,
            per_rate: per_rate_totals(new.lines.iter().map(|l| (l.vat_rate, l.total, l.tax))),
            lines: new.lines,
            total: Ore::new(sums.total),
            tax: Ore::new(sums.tax),
            discount: Ore::new(sums.discount),
            hash: String::new(),
            payments: new.payments,
        };
        let hash = chain::entry_hash(&prev, &entry)?;
        entry.id = insert_entry(&tx, &entry, &prev, &hash)?;
        insert_lines(&tx, &entry)?;
        insert_payments(&tx, &entry)?;
        let head = seal::append(
            &tx,
            self.db.journal_key(),
            seal::Sealed::Entry,
            entry.id,
            FIRST,
        )?;
        self.db.commit_sealed(tx, head)?;
        entry.hash = hex::hex(&hash);
        Ok(entry)
    }

    /// A return must refer to a sale in the same series and not return more than was sold.
    fn check_original(
        &self,
        tx: &rusqlite::Transaction<'_>,
        new: &NewEntry,
        total: i64,
    ) -> Result<()> {
        match (new.kind, new.original_entry_id) {
            (EntryKind::Return, None) => Err(invalid("A return must refer to the original sale.")),
            (EntryKind::Return, Some(id)) => {
                let original: Option<(String, bool, String, i64)> = tx
                    .query_row(
                        "SELECT kind, training, register_id, total_ore FROM journal_entry WHERE id = ?1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .optional()?;
                let Some((kind, training, _register, sold)) = original else {
                    return Err(Error::NotFound(format!(
                        "The original sale {id} does not exist."
                    )));
                };
                if kind != EntryKind::Sale.key() || training != new.training {
                    return Err(invalid(
                        "A return must refer to a sale of the same mode (training or real).",
                    ));
                }
                let returned: i64 = tx.query_row(
                    "SELECT coalesce(sum(total_ore), 0) FROM journal_entry WHERE original_entry_id = ?1 AND kind = 'return'",
                    [id],
                    |r| r.get(0),
                )?;
                if sold + returned + total < 0 {
                    return Err(invalid(
                        "The return is worth more than what is left of the original sale.",
                    ));
                }
                Ok(())
            }
            (_, Some(_)) => Err(invalid("Only a return refers to an original sale.")),
            (_, None) => Ok(()),
        }
    }

    /// One entry by id.
    pub fn entry(&self, id: i64) -> Result<Entry> {
        read::load_entry(self.db.conn(), id)
    }

    /// The sale registered for a till order, if any: a checkout resumed after a crash reuses
    /// it instead of registering the sale twice.
    pub fn sale_for_order(&self, order_id: &str) -> Result<Option<Entry>> {
        let id: Option<i64> = self
            .db
            .conn()
            .prepare_cached("SELECT id FROM journal_entry WHERE order_id = ?1 AND kind = 'sale'")?
            .query_row([order_id], |r| r.get(0))
            .optional()?;
        id.map(|id| self.entry(id)).transpose()
    }

    /// One entry by its receipt number in a series.
    pub fn by_receipt(&self, register_id: &str, training: bool, number: i64) -> Result<Entry> {
        let id = read::id_by_receipt(self.db.conn(), register_id, training, number)?.ok_or_else(
            || {
                Error::NotFound(format!(
                    "Receipt {number} does not exist on register {register_id}."
                ))
            },
        )?;
        self.entry(id)
    }

    /// The newest receipt number of a series (0 before the first).
    pub fn last_receipt_number(&self, register_id: &str, training: bool) -> Result<i64> {
        Ok(self.db.conn().query_row(
            "SELECT coalesce(max(receipt_number), 0) FROM journal_entry WHERE register_id = ?1 AND training = ?2",
            params![register_id, training],
            |r| r.get(0),
        )?)
    }

    /// Receipt numbers of a series in order, for reports and checks.
    pub fn receipt_numbers(&self, register_id: &str, training: bool) -> Result<Vec<i64>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT receipt_number FROM journal_entry WHERE register_id = ?1 AND training = ?2 ORDER BY receipt_number",
        )?;
        let rows = stmt.query_map(params![register_id, training], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns registered against a sale.
    pub fn returns_of(&self, sale_id: i64) -> Result<Vec<Entry>> {
        let ids: Vec<i64> = self
            .db
            .conn()
            .prepare_cached(
                "SELECT id FROM journal_entry WHERE original_entry_id = ?1 ORDER BY id",
            )?
            .query_map([sale_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.entry(id)).collect()
    }

    /// Records a print of a receipt. The original and the copy may each be printed once; a
    /// second copy is refused (and nothing is recorded).
    pub fn record_print(
        &self,
        entry_id: i64,
        kind: PrintKind,
        at: Timestamp,
    ) -> Result<PrintRecord> {
        let entry = self.entry(entry_id)?;
        let tx = self.db.write_tx()?;
        if printed(&tx, entry_id, kind)? {
            return Err(match kind {
                PrintKind::Copy => Error::CopyAlreadyPrinted(entry.receipt_number),
                PrintKind::Original => invalid(format!(
                    "Receipt {} was already printed; print a copy instead.",
                    entry.receipt_number
                )),
            });
        }
        tx.execute(
            "INSERT INTO journal_print(entry_id, kind, printed_at) VALUES (?1, ?2, ?3)",
            params![entry_id, kind.key(), at.to_string()],
        )?;
        let id = tx.last_insert_rowid();
        let head = seal::append(&tx, self.db.journal_key(), seal::Sealed::Print, id, FIRST)?;
        self.db.commit_sealed(tx, head)?;
        Ok(PrintRecord {
            id,
            entry_id,
            kind,
            printed_at: at,
        })
    }

    /// Whether the receipt's `kind` print (the original, or its one copy) was made.
    pub fn printed(&self, entry_id: i64, kind: PrintKind) -> Result<bool> {
        Ok(printed(self.db.conn(), entry_id, kind)?)
    }

    /// Every print of a receipt, oldest first.
    pub fn prints(&self, entry_id: i64) -> Result<Vec<PrintRecord>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT id, kind, printed_at FROM journal_print WHERE entry_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([entry_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, at) = row?;
            let bad = || Error::DatabaseCorrupt(format!("print record {id} cannot be read"));
            out.push(PrintRecord {
                id,
                entry_id,
                kind: PrintKind::from_key(&kind).ok_or_else(bad)?,
                printed_at: at.parse().map_err(|_| bad())?,
            });
        }
        Ok(out)
    }

    /// Walks the whole keyed chain: every record's MAC, that every entry, print and Z report
    /// is in it, each Z report's journal head, the triggers, and that it still reaches
    /// `last_written` (the head kept outside the file). Slow on a big journal, so not done at
    /// open. An error names the first record found altered, deleted or added.
    pub fn verify_all(&self, last_written: Option<&JournalHead>) -> Result<ChainReport> {
        verify::full(self.db.conn(), self.db.journal_key(), last_written)
    }

    /// [`Journal::verify_all`] without a head from outside; the number of entries checked.
    pub fn verify_chain(&self) -> Result<u64> {
        Ok(self.verify_all(None)?.entries)
    }

    /// Where the chain ends now (`None` for an empty journal), for the app to keep outside.
    pub fn head(&self) -> Result<Option<JournalHead>> {
        seal::head(self.db.conn())
    }
}

/// [`Journal::verify_all`] of the file at `path` on a read-only connection of its own with a
/// small page cache, so that the journal export can check the chain on another thread while
/// it writes, without the till connection's cache growing to hold a year.
pub(crate) fn verify_file(path: &std::path::Path, key: &JournalKey) -> Result<ChainReport> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "cache_size", -4096)?;
    verify::full(&conn, key, None)
}

fn printed(conn: &rusqlite::Connection, entry_id: i64, kind: PrintKind) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM journal_print WHERE entry_id = ?1 AND kind = ?2)",
        params![entry_id, kind.key()],
        |r| r.get(0),
    )
}
