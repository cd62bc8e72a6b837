//! What the History screen receives: pages of found receipts, and a receipt as blocks the
//! window draws with its own CSS (the strict CSP refuses the inline `<style>` of the printable
//! HTML page, so the screen renders the same [`kassa::receipt::Layout`] itself).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use kassa::Db;
use kassa::export::destination::{self, Destination};
use kassa::export::{ExportRequest, ExportSummary};
use kassa::journal::{EntryKind, ReceiptHit, ReceiptQuery};
use kassa::receipt::{Block, Language, Receipt, ReceiptOptions};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, ErrorCode};
use crate::sale_view::Money;

/// One page of results at most this long.
pub const PAGE: u32 = 50;

/// What the cashier typed into History's search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export_to = "HistoryQuery.ts")]
pub struct HistoryQuery {
    /// A receipt number, an amount, a merchant reference, a Kronor purchase id or a customer.
    pub text: String,
    /// `YYYY-MM-DD`, a Swedish date; empty for no bound.
    pub from: String,
    pub to: String,
    pub offset: u32,
}

/// Sale or return, as the list marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ReceiptKind.ts")]
pub enum ReceiptKind {
    Sale,
    Return,
}

/// One receipt in the result list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export_to = "ReceiptRow.ts")]
pub struct ReceiptRow {
    #[ts(type = "number")]
    pub entry_id: i64,
    #[ts(type = "number")]
    pub receipt_number: i64,
    pub register_id: String,
    pub training: bool,
    pub kind: ReceiptKind,
    /// `2026-06-15 12:00`, Swedish time.
    pub time: String,
    pub total: Money,
    pub kronor_purchase_id: Option<String>,
    pub merchant_reference: Option<String>,
    /// `swish`, `invoice`, `cash`, ... (none for a cancellation).
    #[ts(type = "string | null")]
    pub payment_method: Option<kassa::PaymentMethod>,
    /// Paid in parts: the receipt lists each payment.
    pub paid_in_parts: bool,
    pub customer_name: Option<String>,
    /// For a sale: its return, if it has one.
    #[ts(type = "number | null")]
    pub return_entry_id: Option<i64>,
    pub copy_printed: bool,
    /// The original never went out (a printer error, or a till stopped while printing): the
    /// screen offers the original, not the copy.
    pub original_handed_out: bool,
}

/// A page of results, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export_to = "HistoryPage.ts")]
pub struct HistoryPage {
    pub rows: Vec<ReceiptRow>,
    pub offset: u32,
    /// Whether a next page exists.
    pub more: bool,
}

/// One block of a receipt, top to bottom (see [`kassa::receipt::Block`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export_to = "ReceiptBlock.ts")]
pub enum ReceiptBlock {
    Heading {
        text: String,
    },
    Centered {
        text: String,
    },
    /// KOPIA, ÖVNING or RETUR: shown far larger than the amounts.
    Marking {
        text: String,
    },
    Row {
        left: String,
        right: String,
        strong: bool,
    },
    Text {
        text: String,
    },
    Rule,
    Qr {
        data: String,
    },
}

/// A receipt on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export_to = "ReceiptDoc.ts")]
pub struct ReceiptDoc {
    #[ts(type = "number")]
    pub entry_id: i64,
    #[ts(type = "number")]
    pub receipt_number: i64,
    pub kind: ReceiptKind,
    pub training: bool,
    /// This is the one copy (KOPIA).
    pub copy: bool,
    /// KOPIA / ÖVNING / RETUR, in the receipt's language.
    pub markings: Vec<String>,
    pub lang: String,
    pub blocks: Vec<ReceiptBlock>,
}

/// A receipt History made (the copy, or a return's receipt), shown and given out as the
/// after-sale default says; Print / PDF / Retry send the same one again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ReceiptGivenOut.ts")]
pub struct ReceiptGivenOut {
    pub doc: ReceiptDoc,
    /// The journal entry the receipt is of.
    #[ts(type = "number")]
    pub entry_id: i64,
    /// The default in Settings: `print`, `pdf` or `none`.
    pub after_sale: String,
    /// What was done with it (`none` when the default is none).
    pub done: crate::documents::OutputDone,
    /// The default output failed (the printer's error); the receipt is made regardless.
    pub error: Option<crate::error::AppError>,
}

fn kind(kind: EntryKind) -> ReceiptKind {
    match kind {
        EntryKind::Return => ReceiptKind::Return,
        // Cancellations never reach the screen (the search leaves them out).
        EntryKind::Sale | EntryKind::Cancellation => ReceiptKind::Sale,
    }
}

fn swedish_time(at: Timestamp) -> String {
    let tz = TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC);
    tz.to_datetime(at).strftime("%Y-%m-%d %H:%M").to_string()
}

fn date(typed: &str) -> Result<Option<Date>, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    typed.parse().map(Some).map_err(|_| {
        AppError::new(
            ErrorCode::InvalidDate,
            format!("\"{typed}\" is not a date; use YYYY-MM-DD."),
        )
    })
}

/// The folders History may save the journal export to: the till's own export folder and
/// every mounted USB stick.
pub fn export_destinations(db: &Db) -> Vec<Destination> {
    destination::destinations(&own_export_folder(db), &destination::mount_roots())
}

fn own_export_folder(db: &Db) -> std::path::PathBuf {
    kassa::settings::output_folder(db.path(), "Skatteverket")
}

/// The journal of `from`..`to` (typed YYYY-MM-DD) exported as SKVFS 2021:16 XML into `folder`,
/// which must be one of [`export_destinations`] now.
pub fn export_journal(
    db: &Db,
    from: &str,
    to: &str,
    folder: &str,
    by: &str,
    at: Timestamp,
) -> Result<ExportSummary, AppError> {
    let no_date = || AppError::new(ErrorCode::InvalidDate, "Choose the first and the last day.");
    let (from, to) = (
        date(from)?.ok_or_else(no_date)?,
        date(to)?.ok_or_else(no_date)?,
    );
    let Some(dir) = destination::chosen(&export_destinations(db), folder) else {
        return Err(AppError::new(
            ErrorCode::ExportFailed,
            format!(
                "{folder} is not a folder the export can go to now; was the USB stick removed?"
            ),
        ));
    };
    let request = ExportRequest {
        from,
        to,
        registers: Vec::new(),
        exported_by: by.to_owned(),
        at,
    };
    Ok(db.export_journal(&request, &dir)?)
}

impl HistoryQuery {
    /// The core's query, one row more than a page to know whether there is a next page.
    pub fn to_core(&self) -> Result<ReceiptQuery, AppError> {
        let (from, to) = (date(&self.from)?, date(&self.to)?);
        // Dates typed the wrong way round still mean the days between them.
        let (from, to) = match (from, to) {
            (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
            other => other,
        };
        Ok(ReceiptQuery {
            text: self.text.clone(),
            from,
            to,
            training: None,
            limit: PAGE + 1,
            offset: self.offset,
        })
    }
}

/// Runs a search and folds it into a page.
pub fn search(db: &Db, query: &HistoryQuery, now: Timestamp) -> Result<HistoryPage, AppError> {
    let today = kassa::vat::sale_date(now);
    let mut hits = db.journal().search(&query.to_core()?, today)?;
    let more = hits.len() > PAGE as usize;
    hits.truncate(PAGE as usize);
    Ok(HistoryPage {
        rows: hits.into_iter().map(row).collect(),
        offset: query.offset,
        more,
    })
}

fn row(hit: ReceiptHit) -> ReceiptRow {
    ReceiptRow {
        entry_id: hit.entry_id,
        receipt_number: hit.receipt_number,
        register_id: hit.register_id,
        training: hit.training,
        kind: kind(hit.kind),
        time: swedish_time(hit.registered_at),
        total: hit.total.into(),
        kronor_purchase_id: hit.kronor_purchase_id,
        merchant_reference: hit.merchant_reference,
        payment_method: hit.payment_method,
        paid_in_parts: hit.paid_in_parts,
        customer_name: hit.customer_name,
        return_entry_id: hit.return_entry_id,
        copy_printed: hit.copy_printed,
        original_handed_out: hit.original_handed_out,
    }
}

/// The receipt language for the UI's locale (`sv` or `en`), with the QR code of the Kronor
/// purchase id when the till's settings want one.
pub fn options(locale: &str, qr: bool) -> ReceiptOptions {
    ReceiptOptions {
        language: if locale == "en" {
            Language::English
        } else {
            Language::Swedish
        },
        electronic: false,
        qr,
    }
}

/// A receipt to look at, in the UI's language, with the QR code if the till prints one.
pub fn view(db: &Db, entry_id: i64, locale: &str) -> Result<ReceiptDoc, AppError> {
    let qr = db.till_settings()?.receipt_qr;
    let receipt = db.receipt_view(entry_id, options(locale, qr))?;
    Ok(doc(entry_id, &receipt))
}

/// The one copy of a receipt, marked KOPIA and recorded in the journal; a second is refused
/// (`copy_already_printed`). The print button calls this, then renders the returned
/// document through the printer or PDF path (`receipt.layout()`).
pub fn make_copy(
    db: &Db,
    entry_id: i64,
    locale: &str,
    now: Timestamp,
) -> Result<Receipt, AppError> {
    let qr = db.till_settings()?.receipt_qr;
    Ok(db.receipt_copy(entry_id, options(locale, qr), now)?)
}

/// A receipt for the screen.
pub fn doc(entry_id: i64, receipt: &Receipt) -> ReceiptDoc {
    let layout = receipt.layout();
    ReceiptDoc {
        entry_id,
        receipt_number: receipt.receipt_number,
        kind: kind(receipt.kind),
        training: receipt.training,
        copy: receipt.copy,
        markings: receipt.markings().into_iter().map(str::to_owned).collect(),
        lang: layout.lang.to_owned(),
        blocks: layout.blocks.into_iter().map(block).collect(),
    }
}

fn block(b: Block) -> ReceiptBlock {
    match b {
        Block::Heading(text) => ReceiptBlock::Heading { text },
        Block::Centered(text) => ReceiptBlock::Centered { text },
        Block::Marking(text) => ReceiptBlock::Marking { text },
        Block::Row {
            left,
            right,
            strong,
        } => ReceiptBlock::Row {
            left,
            right,
            strong,
        },
        Block::Text(text) => ReceiptBlock::Text { text },
        Block::Rule => ReceiptBlock::Rule,
        Block::Qr(data) => ReceiptBlock::Qr { data },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_a_reversed_range_is_turned_round() {
        let query = HistoryQuery {
            from: "2026-06-16".into(),
            to: "2026-06-14".into(),
            ..HistoryQuery::default()
        };
        let core = query.to_core().unwrap();
        assert_eq!(core.from, Some(jiff::civil::date(2026, 6, 14)));
        assert_eq!(core.to, Some(jiff::civil::date(2026, 6, 16)));
        let bad = HistoryQuery {
            from: "15/6".into(),
            ..HistoryQuery::default()
        };
        assert_eq!(bad.to_core().unwrap_err().code, ErrorCode::InvalidDate);
    }
}
