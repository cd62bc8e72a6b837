//! X and Z reports: a register's day in totals. The X report can be made any time and records
//! nothing; the Z report closes the day, is numbered in its own unbroken series per register,
//! is kept (append-only) and cannot be made twice for a day. Grand totals run over the whole
//! journal and never reset.
//!
//! - [`tally`]: the sums, straight from the journal in SQL.
//! - [`layout`](DayReport::layout): the report as blocks for the receipt renderers.

mod layout;
mod tally;

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::cart::RateTotal;
use crate::error::{Error, Result};
use crate::journal::seal::{self, Sealed};
use crate::journal::{JournalHead, PaymentMethod};
use crate::money::Ore;
use crate::storage::Db;

/// X (a look during the day) or Z (the day's close, with its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReportKind {
    X,
    Z { number: i64 },
}

pub use crate::money::Tally;

/// One payment method's share of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTally {
    pub method: PaymentMethod,
    pub count: i64,
    /// Sales minus returns.
    pub amount: Ore,
}

/// One main group's share of the day, returns netted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupTotal {
    /// The category's name; empty for products in no category.
    pub name: String,
    pub amount: Ore,
}

/// Everything the register ever took, up to and including the report's day. Never resets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrandTotal {
    pub sales: Ore,
    /// Negative.
    pub returns: Ore,
    pub net: Ore,
}

/// A register's day. Training and cancellations are counted apart and are in no other total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReport {
    pub kind: ReportKind,
    pub register_id: String,
    /// The register's manufacturing number ([`crate::identity`]) when the report was made.
    #[serde(default)]
    pub manufacturing_number: String,
    /// The program's version that made the report ([`crate::identity::VERSION`]).
    #[serde(default)]
    pub program_version: String,
    /// The Swedish day reported on.
    pub date: Date,
    pub made_at: Timestamp,
    pub sales: Tally,
    /// Amount negative.
    pub returns: Tally,
    /// Sales plus returns.
    pub net: Ore,
    pub discounts: Ore,
    /// Items sold that are goods and that are services (7 kap. 2 § i-j), returns not netted.
    /// The catalogue has goods only so far, so services stay 0.
    #[serde(default)]
    pub goods_sold: i64,
    #[serde(default)]
    pub services_sold: i64,
    /// Sales and returns per main group (the catalogue's categories; `""` for none).
    #[serde(default)]
    pub per_group: Vec<GroupTotal>,
    /// Receipts of the real series (sales and returns).
    pub receipts: i64,
    /// First and last number of the real series that day, cancellations included.
    pub first_receipt: Option<i64>,
    pub last_receipt: Option<i64>,
    /// Per VAT rate, highest first, sales and returns together.
    pub per_rate: Vec<RateTotal>,
    pub per_payment: Vec<PaymentTally>,
    /// Receipt copies printed that day and the totals of the receipts copied.
    pub copies: Tally,
    /// Training sales and returns, in their own series.
    pub training: Tally,
    pub cancellations: Tally,
    /// Sales parked and not yet taken back when the report was made: unfinished sales
    /// (7 kap. 2 § s) with the cancellations, priced at the report's day.
    #[serde(default)]
    pub parked: Tally,
    pub grand_total: GrandTotal,
    /// The drawer's day: float, cash sales and refunds, paid in and out, expected, counted.
    #[serde(default)]
    pub cash: crate::cash::CashDay,
    /// The training drawer's day, apart from the real one (a till in training mode practises
    /// the float, the count and the close too).
    #[serde(default)]
    pub training_cash: crate::cash::CashDay,
    /// A Z report's journal head when it was made, as printed ([`JournalHead::short_code`]):
    /// the records it closed can be told from a journal whose newest records were removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal_head: Option<String>,
}

impl Db {
    /// The X report of `register_id` for `date` (a Swedish day), kept in `x_report` as made:
    /// everything a report shows is in the journal (4 kap. 10 §) and in its export.
    pub fn x_report(&self, register_id: &str, date: Date, at: Timestamp) -> Result<DayReport> {
        let tx = self.write_tx()?;
        let report = tally::day(&tx, ReportKind::X, register_id, date, at)?;
        let json = serde_json::to_string(&report).map_err(|e| {
            Error::InvalidJournalEntry(format!("the X report cannot be saved: {e}"))
        })?;
        tx.execute(
            "INSERT INTO x_report(register_id, sale_date, made_at, report_json)
             VALUES (?1, ?2, ?3, ?4)",
            params![register_id, date.to_string(), at.to_string(), json],
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Closes `date` for `register_id` with the next Z number. A day is closed once: a second
    /// Z for it is refused and nothing is written.
    pub fn z_report(&self, register_id: &str, date: Date, at: Timestamp) -> Result<DayReport> {
        let tx = self.write_tx()?;
        let closed: Option<i64> = tx
            .query_row(
                "SELECT z_number FROM z_report WHERE register_id = ?1 AND sale_date = ?2",
                params![register_id, date.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(n) = closed {
            return Err(Error::DayAlreadyClosed(format!(
                "{date} on register {register_id} is already closed by Z report {n}; a day is closed only once. Make an X report or reprint Z {n} instead."
            )));
        }
        let latest: Option<String> = tx.query_row(
            "SELECT max(sale_date) FROM z_report WHERE register_id = ?1",
            [register_id],
            |r| r.get(0),
        )?;
        if let Some(latest) = latest.filter(|l| *l > date.to_string()) {
            return Err(Error::InvalidJournalEntry(format!(
                "Register {register_id} is already closed up to {latest}; an earlier day cannot be closed after it."
            )));
        }
        if date > crate::vat::sale_date(at) {
            return Err(Error::InvalidJournalEntry(format!(
                "{date} has not begun yet; a day is closed on or after the day itself."
            )));
        }
        let number: i64 = tx.query_row(
            "SELECT coalesce(max(z_number), 0) + 1 FROM z_report WHERE register_id = ?1",
            [register_id],
            |r| r.get(0),
        )?;
        let mut report = tally::day(&tx, ReportKind::Z { number }, register_id, date, at)?;
        let head = seal::head(&tx)?.unwrap_or(JournalHead {
            records: 0,
            mac: [0; 32],
        });
        report.journal_head = Some(head.short_code());
        let json = serde_json::to_string(&report).map_err(|e| {
            Error::InvalidJournalEntry(format!("the Z report cannot be saved: {e}"))
        })?;
        tx.execute(
            "INSERT INTO z_report(register_id, z_number, sale_date, made_at, report_json, journal_head)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![register_id, number, date.to_string(), at.to_string(), json, head.to_text()],
        )?;
        let id = tx.last_insert_rowid();
        let head = seal::append(
            &tx,
            self.journal_key(),
            Sealed::ZReport,
            id,
            "the first Z report under this key",
        )?;
        self.commit_sealed(tx, head)?;
        Ok(report)
    }

    /// The Z reports of a register, oldest first, exactly as they were made.
    pub fn z_reports(&self, register_id: &str) -> Result<Vec<DayReport>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT z_number, report_json FROM z_report WHERE register_id = ?1 ORDER BY z_number",
        )?;
        let rows = stmt.query_map([register_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (n, json) = row?;
            out.push(serde_json::from_str(&json).map_err(|_| {
                Error::DatabaseCorrupt(format!("Z report {n} of {register_id} cannot be read"))
            })?);
        }
        Ok(out)
    }
}
