//! The receipt: a document built from a registered journal entry with everything Swedish rules
//! ask of it, and its renderers.
//!
//! - [`Receipt`]: the document; [`Receipt::layout`] turns it into [`Layout`] blocks.
//! - [`html`], [`pdf`], [`escpos`]: the renderers, all working from the same [`Layout`].
//! - [`shop`]: the place of sale printed on top, and the after-sale default.
//! - [`Db::receipt_original`] / [`Db::receipt_copy`]: make a receipt and record the print in
//!   the journal; a second copy is refused.
//! - [`handout`]: whether the original really went out ([`Db::original_handed_out`]).

pub mod escpos;
pub mod give_out;
mod handout;
pub mod html;
mod layout;
pub mod pdf;
pub mod shop;
pub(crate) mod words;

pub use handout::HandedOut;
pub use layout::{Block, Layout};
pub use shop::{AfterSale, Shop, ShopError};
pub use words::Language;

use jiff::Timestamp;
use jiff::civil::DateTime;
use serde::Serialize;

use crate::cart::RateTotal;
use crate::control_unit::{ControlStamp, Print};
use crate::error::{Error, Result};
use crate::journal::{Entry, EntryKind, JournalLine, Payment, PaymentMethod, PrintKind};
use crate::money::Ore;
use crate::storage::Db;
use crate::vat::swedish_time;
use words as w;

/// How a receipt is to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptOptions {
    pub language: Language,
    /// Sent or shown instead of printed on paper: says "Elektroniskt kvitto".
    pub electronic: bool,
    /// Print a QR code of the Kronor purchase id (when there is one).
    pub qr: bool,
}

impl Default for ReceiptOptions {
    fn default() -> Self {
        ReceiptOptions {
            language: Language::Swedish,
            electronic: false,
            qr: false,
        }
    }
}

/// A receipt as the customer gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub language: Language,
    pub shop: Shop,
    pub register_id: String,
    pub receipt_number: i64,
    /// Swedish local time of the sale.
    pub local_time: DateTime,
    pub kind: EntryKind,
    pub training: bool,
    /// The one copy the rules allow: marked KOPIA.
    pub copy: bool,
    pub electronic: bool,
    pub qr: bool,
    pub cashier: String,
    pub lines: Vec<JournalLine>,
    pub discount: Ore,
    pub total: Ore,
    /// Highest rate first.
    pub vat: Vec<RateTotal>,
    pub payment_method: Option<PaymentMethod>,
    pub kronor_purchase_id: Option<String>,
    pub merchant_reference: Option<String>,
    /// For a return: the receipt number of the sale it returns.
    pub original_receipt: Option<i64>,
    /// The control unit's manufacturing number and the control code of this print, once
    /// the unit signed it.
    pub control: Option<ControlStamp>,
    /// Cash: what the customer handed over (not known for a refund).
    pub cash_tendered: Option<Ore>,
    /// A sale paid in parts: each payment, in the order taken.
    pub payments: Vec<Payment>,
}

impl Receipt {
    /// Builds the document of a registered sale or return. Pure: records nothing (see
    /// [`Db::receipt_original`] and [`Db::receipt_copy`] for that).
    pub fn new(
        entry: &Entry,
        shop: &Shop,
        options: ReceiptOptions,
        copy: bool,
        original_receipt: Option<i64>,
    ) -> Result<Receipt> {
        if entry.kind == EntryKind::Cancellation {
            return Err(Error::InvalidJournalEntry(format!(
                "Entry {} is a cancelled sale; it has no receipt.",
                entry.id
            )));
        }
        Ok(Receipt {
            language: options.language,
            shop: shop.clone(),
            register_id: entry.register_id.clone(),
            receipt_number: entry.receipt_number,
            local_time: swedish_time(entry.registered_at),
            kind: entry.kind,
            training: entry.training,
            copy,
            electronic: options.electronic,
            qr: options.qr,
            cashier: entry.cashier.clone(),
            lines: entry.lines.clone(),
            discount: entry.discount,
            total: entry.total,
            vat: entry.per_rate.clone(),
            payment_method: entry.payment_method,
            kronor_purchase_id: entry.kronor_purchase_id.clone(),
            merchant_reference: entry.merchant_reference.clone(),
            original_receipt,
            control: None,
            cash_tendered: None,
            payments: entry.payments.clone(),
        })
    }

    /// The markings the rules require, largest text on the receipt.
    pub fn markings(&self) -> Vec<&'static str> {
        let lang = self.language;
        let mut out = Vec::new();
        if self.copy {
            out.push(lang.say(&w::COPY));
        }
        if self.training {
            out.push(lang.say(&w::TRAINING));
        }
        if self.kind == EntryKind::Return {
            out.push(lang.say(&w::RETURN));
        }
        out
    }

    /// The receipt as blocks for the renderers.
    pub fn layout(&self) -> Layout {
        let lang = self.language;
        let money = |o: Ore| o.format(lang.locale());
        let say = |word: &w::Word| lang.say(word);
        let mut l = Layout {
            title: format!("{} {}", say(&w::RECEIPT_NO), self.receipt_number),
            lang: lang.code(),
            blocks: Vec::new(),
        };
        let markings = self.markings();
        for m in &markings {
            l.push(Block::Marking((*m).to_owned()));
        }
        l.push(Block::Heading(self.shop.name.clone()));
        l.push(Block::Centered(self.shop.address.clone()));
        l.push(Block::Centered(format!(
            "{} {}",
            say(&w::ORG_NUMBER),
            self.shop.org_number
        )));
        l.push(Block::Rule);
        l.row(say(&w::REGISTER), self.register_id.clone());
        l.row(say(&w::RECEIPT_NO), self.receipt_number.to_string());
        l.row(
            say(&w::DATE),
            self.local_time.strftime("%Y-%m-%d %H:%M").to_string(),
        );
        if !self.cashier.is_empty() {
            l.row(say(&w::CASHIER), self.cashier.clone());
        }
        if let Some(n) = self.original_receipt {
            l.row(say(&w::RETURN_OF), n.to_string());
        }
        l.push(Block::Rule);
        for line in &self.lines {
            let gross = line.total + line.discount;
            l.row(line.name.clone(), money(gross));
            if line.quantity != 1 {
                l.push(Block::Text(format!(
                    "  {} {} {}",
                    line.quantity,
                    say(&w::EACH),
                    money(line.unit_price)
                )));
            }
            if line.discount != Ore::ZERO {
                l.row(
                    format!("  {}", say(&w::DISCOUNT)),
                    money(Ore::new(-line.discount.get())),
                );
            }
        }
        l.push(Block::Rule);
        if self.discount != Ore::ZERO {
            l.row(say(&w::DISCOUNT), money(Ore::new(-self.discount.get())));
        }
        l.push(Block::Row {
            left: say(&w::TOTAL).to_owned(),
            right: money(self.total),
            strong: true,
        });
        let cash = (self.payment_method == Some(PaymentMethod::Cash))
            .then(|| crate::cash::cash_due(self.total));
        // Paid in parts with cash among them: the parts pay the total rounded.
        let rounding = crate::journal::paid_beyond(self.total, &self.payments);
        let split_rounding =
            (!self.payments.is_empty() && rounding != Ore::ZERO).then(|| crate::cash::CashDue {
                total: self.total,
                rounding,
                to_pay: self.total + rounding,
            });
        if let Some(due) = cash.or(split_rounding) {
            // Whole kronor in cash; the VAT below stays that of the total.
            l.row(say(&w::ROUNDING), money(due.rounding));
            l.push(Block::Row {
                left: say(&w::TO_PAY).to_owned(),
                right: money(due.to_pay),
                strong: true,
            });
        }
        l.push(Block::Rule);
        for r in &self.vat {
            l.row(format!("{} {}", say(&w::VAT), r.rate), money(r.tax));
            l.row(format!("  {}", say(&w::NET)), money(r.net()));
            l.row(format!("  {}", say(&w::GROSS)), money(r.total));
        }
        l.push(Block::Rule);
        if let Some(p) = self.payment_method {
            l.row(say(&w::PAID_WITH), lang.payment(p));
        }
        if !self.payments.is_empty() {
            l.row(say(&w::PAID_WITH), String::new());
        }
        for p in &self.payments {
            l.row(format!("  {}", lang.payment(p.method)), money(p.amount));
            if let Some(tendered) = p.tendered {
                l.row(format!("    {}", say(&w::TENDERED)), money(tendered));
                l.row(
                    format!("    {}", say(&w::CHANGE)),
                    money(tendered - p.amount),
                );
            }
        }
        if let (Some(due), Some(tendered)) = (cash, self.cash_tendered) {
            l.row(say(&w::TENDERED), money(tendered));
            l.row(say(&w::CHANGE), money(tendered - due.to_pay));
        }
        if let Some(id) = &self.kronor_purchase_id {
            l.row(say(&w::PURCHASE_ID), id.clone());
        }
        if let Some(r) = &self.merchant_reference {
            l.row(say(&w::MERCHANT_REF), r.clone());
        }
        if let Some(stamp) = &self.control {
            l.row(say(&w::CONTROL_UNIT), stamp.unit_id.clone());
            l.push(Block::Text(format!(
                "{} {}",
                say(&w::CONTROL_CODE),
                stamp.control_code
            )));
        }
        if self.qr
            && let Some(id) = &self.kronor_purchase_id
        {
            l.push(Block::Qr(id.clone()));
        }
        if self.electronic {
            l.push(Block::Centered(say(&w::ELECTRONIC).to_owned()));
        }
        l.push(Block::Centered(say(&w::THANKS).to_owned()));
        for m in &markings {
            l.push(Block::Marking((*m).to_owned()));
        }
        l
    }
}

impl Db {
    /// The receipt of a sale or return, recorded in the journal as its original print.
    /// The original is made once; after that only [`Db::receipt_copy`].
    pub fn receipt_original(
        &self,
        entry_id: i64,
        options: ReceiptOptions,
        at: Timestamp,
    ) -> Result<Receipt> {
        self.make_receipt(entry_id, options, at, PrintKind::Original)
    }

    /// The one copy Swedish rules allow, marked KOPIA and recorded in the journal. A second
    /// copy is refused with [`Error::CopyAlreadyPrinted`] and nothing is recorded.
    pub fn receipt_copy(
        &self,
        entry_id: i64,
        options: ReceiptOptions,
        at: Timestamp,
    ) -> Result<Receipt> {
        self.make_receipt(entry_id, options, at, PrintKind::Copy)
    }

    /// The copy already made by [`Db::receipt_copy`], built again and recording nothing, to
    /// send it again after a printer error. Never makes a copy: without one it is refused.
    pub fn receipt_copy_again(&self, entry_id: i64, options: ReceiptOptions) -> Result<Receipt> {
        let journal = self.journal();
        let entry = journal.entry(entry_id)?;
        if !journal.printed(entry_id, PrintKind::Copy)? {
            return Err(Error::NotFound(format!(
                "Receipt {} has no copy yet; make the copy (KOPIA) from History first.",
                entry.receipt_number
            )));
        }
        self.receipt_doc(&entry, options, true)
    }

    /// The document of entry `entry_id`'s original or copy, with that print's control code
    /// when the control unit signed it.
    pub(crate) fn receipt_doc(
        &self,
        entry: &Entry,
        options: ReceiptOptions,
        copy: bool,
    ) -> Result<Receipt> {
        let original = self.original_number(entry)?;
        let mut receipt = Receipt::new(entry, &self.shop()?, options, copy, original)?;
        let print = if copy { Print::Copy } else { Print::Original };
        receipt.control = self
            .control_registration(entry.id, print)?
            .and_then(|r| r.signed);
        if entry.payment_method == Some(PaymentMethod::Cash) {
            receipt.cash_tendered = self.cash_tendered(entry.id)?;
        }
        Ok(receipt)
    }

    /// What the customer handed over for the cash sale of journal entry `entry_id`.
    fn cash_tendered(&self, entry_id: i64) -> Result<Option<Ore>> {
        use rusqlite::OptionalExtension;
        let tendered: Option<Option<i64>> = self
            .conn()
            .query_row(
                "SELECT c.cash_tendered_ore FROM journal_entry e \
                 JOIN checkout c ON c.order_id = e.order_id WHERE e.id = ?1 AND e.kind = 'sale'",
                [entry_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(tendered.flatten().map(Ore::new))
    }

    /// For a return, the receipt number of the sale it returns (printed on the RETUR).
    pub(crate) fn original_number(&self, entry: &Entry) -> Result<Option<i64>> {
        match entry.original_entry_id {
            Some(id) => Ok(Some(self.journal().entry(id)?.receipt_number)),
            None => Ok(None),
        }
    }

    fn make_receipt(
        &self,
        entry_id: i64,
        options: ReceiptOptions,
        at: Timestamp,
        kind: PrintKind,
    ) -> Result<Receipt> {
        let journal = self.journal();
        let entry = journal.entry(entry_id)?;
        // Built before recording, so a receipt that cannot be made leaves no print record.
        let receipt = self.receipt_doc(&entry, options, kind == PrintKind::Copy)?;
        journal.record_print(entry_id, kind, at)?;
        Ok(receipt)
    }
}
