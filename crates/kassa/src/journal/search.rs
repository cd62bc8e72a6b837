//! Finding any receipt: one text box that understands a receipt number, an amount, a merchant
//! reference, a Kronor purchase id or a customer, plus a range of Swedish dates; newest first,
//! a page at a time. Every way in has its own index (migration 005), so a journal of years
//! answers as fast as one day's.

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::types::Value;
use serde::Serialize;

use super::types::{EntryKind, PaymentMethod};
use crate::error::{Error, Result};
use crate::money::Ore;
use crate::receipt::{Receipt, ReceiptOptions};
use crate::storage::Db;

/// The most receipts one page may hold.
pub const MAX_PAGE: u32 = 200;

/// Numbers shorter than this are receipt numbers or amounts, not the start of a phone number.
const MIN_PHONE_DIGITS: usize = 6;

/// What the cashier asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptQuery {
    /// A receipt number, an amount (`149`, `149,00`), a merchant reference, a Kronor purchase
    /// id, or a customer's name, personnummer or phone. Empty: every receipt.
    pub text: String,
    /// First Swedish sale date to include.
    pub from: Option<Date>,
    /// Last Swedish sale date to include.
    pub to: Option<Date>,
    /// Only the training series (`Some(true)`) or only real sales (`Some(false)`).
    pub training: Option<bool>,
    /// Page size, 1 to [`MAX_PAGE`] (0 means the default of 50).
    pub limit: u32,
    pub offset: u32,
}

/// One receipt in a result list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptHit {
    pub entry_id: i64,
    pub register_id: String,
    pub training: bool,
    pub receipt_number: i64,
    pub kind: EntryKind,
    pub registered_at: Timestamp,
    pub sale_date: Date,
    /// Negative for a return.
    pub total: Ore,
    pub kronor_purchase_id: Option<String>,
    pub merchant_reference: Option<String>,
    /// How the customer paid (none for a cancellation).
    pub payment_method: Option<PaymentMethod>,
    /// "First Last" of the invoice customer, when the sale has a saved one.
    pub customer_name: Option<String>,
    /// For a return: the sale it returns.
    pub original_entry_id: Option<i64>,
    /// For a sale: its return, once it has one.
    pub return_entry_id: Option<i64>,
    /// Whether the one allowed copy was already made.
    pub copy_printed: bool,
    /// Whether the original went out (printed, saved or shown). Until it has, the original
    /// is given out again rather than the copy.
    pub original_handed_out: bool,
    /// Paid in parts (its payments are on the receipt); `payment_method` is none then.
    pub paid_in_parts: bool,
}

/// What the typed text can mean; a receipt matching any of them is found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    ReceiptNumber(i64),
    /// Öre; a return of the same amount is found too.
    Amount(i64),
    Reference(String),
    PurchaseId(String),
    Customers(Vec<i64>),
}

const HIT_COLUMNS: &str = "e.id, e.register_id, e.training, e.receipt_number, e.kind,
    e.registered_at, e.sale_date, e.total_ore, e.kronor_purchase_id, e.merchant_reference,
    CASE WHEN c.id IS NULL THEN NULL ELSE c.first_name || ' ' || c.last_name END,
    e.original_entry_id,
    (SELECT r.id FROM journal_entry r WHERE r.original_entry_id = e.id AND r.kind = 'return'
     ORDER BY r.id LIMIT 1),
    EXISTS (SELECT 1 FROM journal_print p WHERE p.entry_id = e.id AND p.kind = 'copy'),
    EXISTS (SELECT 1 FROM receipt_handed_out h WHERE h.entry_id = e.id), e.payment_method,
    EXISTS (SELECT 1 FROM journal_payment jp WHERE jp.entry_id = e.id)";

impl ReceiptQuery {
    /// Everything typed into the one search box, newest first.
    pub fn text(text: impl Into<String>) -> ReceiptQuery {
        ReceiptQuery {
            text: text.into(),
            ..ReceiptQuery::default()
        }
    }

    fn page(&self) -> Result<(i64, i64)> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(Error::InvalidJournalEntry(format!(
                "The date range starts ({from}) after it ends ({to}); swap the dates."
            )));
        }
        let limit = match self.limit {
            0 => 50,
            n => n.min(MAX_PAGE),
        };
        Ok((i64::from(limit), i64::from(self.offset)))
    }
}

/// Reads the typed text as every kind of key it could be.
fn terms(db: &Db, typed: &str, today: Date) -> Result<Vec<Term>> {
    let text = typed.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let digits_only = text.bytes().all(|b| b.is_ascii_digit());
    if digits_only && let Ok(n) = text.parse::<i64>() {
        out.push(Term::ReceiptNumber(n));
    }
    let amount_text = strip_currency(text);
    if let Ok(amount) = Ore::parse(amount_text) {
        out.push(Term::Amount(amount.get()));
    }
    out.push(Term::Reference(text.to_owned()));
    out.push(Term::PurchaseId(text.to_owned()));
    if !(digits_only && text.len() < MIN_PHONE_DIGITS) {
        let ids: Vec<i64> = db
            .customers()
            .search(text, today, 100)?
            .into_iter()
            .map(|c| c.id)
            .collect();
        if !ids.is_empty() {
            out.push(Term::Customers(ids));
        }
    }
    Ok(out)
}

/// "149 kr", "kr 149", "SEK 149" are amounts too.
fn strip_currency(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    for unit in ["kr", "sek"] {
        if lower.ends_with(unit) {
            return text[..text.len() - unit.len()].trim();
        }
        if lower.starts_with(unit) {
            return text[unit.len()..].trim();
        }
    }
    text
}

/// The statement and its parameters; shared by the search and its query plan.
///
/// Each meaning of the typed text is its own indexed lookup of entry ids, joined with
/// `UNION ALL` and matched by primary key: one `OR` across columns lets SQLite fall back to
/// reading the whole journal backwards for the newest-first order, which a small page
/// makes look cheap and a journal of years makes slow.
fn statement(db: &Db, query: &ReceiptQuery, today: Date) -> Result<(String, Vec<Value>)> {
    let (limit, offset) = query.page()?;
    let mut params: Vec<Value> = Vec::new();
    let mut ways: Vec<String> = Vec::new();
    let mut lookup = |params: &mut Vec<Value>, condition: &str, values: Vec<Value>| {
        let mut marks = Vec::new();
        for v in values {
            params.push(v);
            marks.push(format!("?{}", params.len()));
        }
        ways.push(format!(
            "SELECT id FROM journal_entry WHERE {condition}",
            condition = condition.replace("{}", &marks.join(", "))
        ));
    };
    for term in terms(db, &query.text, today)? {
        match term {
            Term::ReceiptNumber(n) => {
                lookup(&mut params, "receipt_number = {}", vec![Value::Integer(n)]);
            }
            Term::Amount(ore) => lookup(
                &mut params,
                "total_ore IN ({})",
                vec![Value::Integer(ore), Value::Integer(-ore)],
            ),
            Term::Reference(r) => lookup(
                &mut params,
                "merchant_reference = {} COLLATE NOCASE",
                vec![Value::Text(r)],
            ),
            Term::PurchaseId(p) => {
                lookup(&mut params, "kronor_purchase_id = {}", vec![Value::Text(p)]);
            }
            Term::Customers(ids) => lookup(
                &mut params,
                "customer_id IN ({})",
                ids.into_iter().map(Value::Integer).collect(),
            ),
        }
    }
    let mut dates = Vec::new();
    if let Some(from) = query.from {
        params.push(Value::Text(from.to_string()));
        dates.push(format!("sale_date >= ?{}", params.len()));
    }
    if let Some(to) = query.to {
        params.push(Value::Text(to.to_string()));
        dates.push(format!("sale_date <= ?{}", params.len()));
    }
    let mut all = vec!["e.kind IN ('sale', 'return')".to_owned()];
    if !ways.is_empty() {
        all.push(format!("e.id IN ({})", ways.join(" UNION ALL ")));
        all.extend(dates.iter().map(|d| format!("e.{d}")));
    } else if !dates.is_empty() {
        // Only dates: the date index finds the ids, for the same reason as above.
        all.push(format!(
            "e.id IN (SELECT id FROM journal_entry WHERE {})",
            dates.join(" AND ")
        ));
    }
    if let Some(training) = query.training {
        params.push(Value::Integer(i64::from(training)));
        all.push(format!("e.training = ?{}", params.len()));
    }
    params.push(Value::Integer(limit));
    let limit_at = params.len();
    params.push(Value::Integer(offset));
    let offset_at = params.len();
    let sql = format!(
        "SELECT {HIT_COLUMNS} FROM journal_entry e LEFT JOIN customer c ON c.id = e.customer_id
         WHERE {} ORDER BY e.id DESC LIMIT ?{limit_at} OFFSET ?{offset_at}",
        all.join(" AND ")
    );
    Ok((sql, params))
}

fn hit(row: &rusqlite::Row<'_>) -> Result<ReceiptHit> {
    let id: i64 = row.get(0)?;
    let corrupt = |what: &str| Error::DatabaseCorrupt(format!("journal entry {id} has {what}"));
    let kind: String = row.get(4)?;
    let at: String = row.get(5)?;
    let date: String = row.get(6)?;
    Ok(ReceiptHit {
        entry_id: id,
        register_id: row.get(1)?,
        training: row.get(2)?,
        receipt_number: row.get(3)?,
        kind: EntryKind::from_key(&kind).ok_or_else(|| corrupt("an unknown kind"))?,
        registered_at: at.parse().map_err(|_| corrupt("a bad time"))?,
        sale_date: date.parse().map_err(|_| corrupt("a bad date"))?,
        total: Ore::new(row.get(7)?),
        kronor_purchase_id: row.get(8)?,
        merchant_reference: row.get(9)?,
        payment_method: match row.get::<_, Option<String>>(15)? {
            Some(key) => Some(
                PaymentMethod::from_key(&key)
                    .ok_or_else(|| corrupt("an unknown payment method"))?,
            ),
            None => None,
        },
        customer_name: row.get(10)?,
        original_entry_id: row.get(11)?,
        return_entry_id: row.get(12)?,
        copy_printed: row.get(13)?,
        original_handed_out: row.get(14)?,
        paid_in_parts: row.get(16)?,
    })
}

impl super::Journal<'_> {
    /// Receipts (sales and returns, both series) matching `query`, newest first. `today` is
    /// the Swedish date, for reading a typed personnummer's century.
    pub fn search(&self, query: &ReceiptQuery, today: Date) -> Result<Vec<ReceiptHit>> {
        let (sql, params) = statement(self.db, query, today)?;
        let mut stmt = self.db.conn().prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(hit(row)?);
        }
        Ok(out)
    }

    /// SQLite's plan for [`Journal::search`] (`EXPLAIN QUERY PLAN`, one line per step), so
    /// tests and diagnostics can see that every way in uses an index.
    pub fn search_plan(&self, query: &ReceiptQuery, today: Date) -> Result<Vec<String>> {
        let (sql, params) = statement(self.db, query, today)?;
        let mut stmt = self
            .db
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Db {
    /// A receipt to look at on screen: built like the original but records no print, so
    /// viewing never uses up the original or the one copy.
    pub fn receipt_view(&self, entry_id: i64, options: ReceiptOptions) -> Result<Receipt> {
        let journal = self.journal();
        let entry = journal.entry(entry_id)?;
        self.receipt_doc(&entry, options, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_words_around_an_amount_are_ignored() {
        assert_eq!(strip_currency("149 kr"), "149");
        assert_eq!(strip_currency("SEK 149.50"), "149.50");
        assert_eq!(strip_currency("149,00"), "149,00");
    }
}
