//! What the journal records, in the shape a Swedish receipt needs.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::cart::{PricedLine, RateTotal, Totals};
use crate::money::Ore;
use crate::vat::VatRate;

/// What kind of event an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A completed sale.
    Sale,
    /// Goods taken back; references the original sale; quantities and amounts are negative.
    Return,
    /// A sale rung up and then abandoned; kept because the rules require it.
    Cancellation,
}

/// How the customer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
    Swish,
    MobilePay,
    Invoice,
    Instalments,
    PayPal,
}

/// One payment of a sale paid in parts (or of its return): how much came in by which
/// method. A sale paid with one tender lists none; its `payment_method` paid all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub method: PaymentMethod,
    /// What this payment brought in (cash: whole kronor, as counted in the drawer).
    pub amount: Ore,
    /// Kronor's payment id for a Swish part.
    pub reference: Option<String>,
    /// Cash: what the customer handed over for this part (the change is the difference).
    pub tendered: Option<Ore>,
}

/// What `payments` paid beyond `total` (a cash part's rounding to whole kronor).
pub fn paid_beyond(total: Ore, payments: &[Payment]) -> Ore {
    payments.iter().map(|p| p.amount).sum::<Ore>() - total
}

/// Which print of a receipt: the original and one copy are allowed, once each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintKind {
    Original,
    Copy,
}

macro_rules! keyed {
    ($ty:ty { $($variant:ident => $key:literal),+ $(,)? }) => {
        impl $ty {
            /// The text stored in the database.
            pub fn key(self) -> &'static str {
                match self { $(Self::$variant => $key),+ }
            }
            pub(crate) fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

keyed!(EntryKind { Sale => "sale", Return => "return", Cancellation => "cancellation" });
keyed!(PaymentMethod {
    Cash => "cash", Card => "card", Swish => "swish", MobilePay => "mobile_pay",
    Invoice => "invoice", Instalments => "instalments", PayPal => "paypal",
});
keyed!(PrintKind { Original => "original", Copy => "copy" });

/// One line of a registered entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalLine {
    pub name: String,
    pub sku: Option<String>,
    /// Negative in a return.
    pub quantity: i64,
    /// Price per item including VAT, before discount.
    pub unit_price: Ore,
    /// Negative in a return.
    pub discount: Ore,
    pub vat_rate: VatRate,
    /// `quantity × unit_price − discount`.
    pub total: Ore,
    pub tax: Ore,
}

impl From<&PricedLine> for JournalLine {
    /// A priced cart line as the journal keeps it.
    fn from(l: &PricedLine) -> JournalLine {
        JournalLine {
            name: l.name.clone(),
            sku: l.sku.clone(),
            quantity: i64::from(l.quantity),
            unit_price: l.unit_price,
            discount: l.discount,
            vat_rate: l.vat_rate,
            total: l.total,
            tax: l.tax,
        }
    }
}

/// What the checkout hands the journal to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEntry {
    pub register_id: String,
    /// Training sales are numbered in their own series.
    pub training: bool,
    pub kind: EntryKind,
    pub registered_at: Timestamp,
    pub cashier: String,
    /// `None` only for a cancellation.
    pub payment_method: Option<PaymentMethod>,
    /// Kronor's purchase id (invoice) or payment id (Swish).
    pub kronor_purchase_id: Option<String>,
    pub merchant_reference: Option<String>,
    pub order_id: Option<String>,
    pub customer_id: Option<i64>,
    /// The sale a return refers to.
    pub original_entry_id: Option<i64>,
    pub note: String,
    pub lines: Vec<JournalLine>,
    /// A sale paid in parts: each payment (their sum is the total, or with a cash part
    /// the total rounded to whole kronor); `payment_method` is `None` then.
    pub payments: Vec<Payment>,
}

impl NewEntry {
    /// A sale of a priced cart, paid with `payment_method`. Kronor ids are filled in by the
    /// caller.
    pub fn sale(
        register_id: &str,
        training: bool,
        registered_at: Timestamp,
        cashier: &str,
        payment_method: PaymentMethod,
        totals: &Totals,
    ) -> NewEntry {
        NewEntry {
            payment_method: Some(payment_method),
            ..NewEntry::unpaid_sale(register_id, training, registered_at, cashier, totals)
        }
    }

    /// A sale of a priced cart paid in parts: `payments`, in the order they were taken.
    pub fn sale_in_parts(
        register_id: &str,
        training: bool,
        registered_at: Timestamp,
        cashier: &str,
        payments: Vec<Payment>,
        totals: &Totals,
    ) -> NewEntry {
        NewEntry {
            payments,
            ..NewEntry::unpaid_sale(register_id, training, registered_at, cashier, totals)
        }
    }

    /// A sale of a priced cart, how it was paid not set yet.
    fn unpaid_sale(
        register_id: &str,
        training: bool,
        registered_at: Timestamp,
        cashier: &str,
        totals: &Totals,
    ) -> NewEntry {
        NewEntry {
            register_id: register_id.to_owned(),
            training,
            kind: EntryKind::Sale,
            registered_at,
            cashier: cashier.to_owned(),
            payment_method: None,
            kronor_purchase_id: None,
            merchant_reference: None,
            order_id: None,
            customer_id: None,
            original_entry_id: None,
            note: String::new(),
            lines: totals.lines.iter().map(JournalLine::from).collect(),
            payments: Vec::new(),
        }
    }
}

/// A registered entry, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub register_id: String,
    pub training: bool,
    pub receipt_number: i64,
    pub kind: EntryKind,
    pub registered_at: Timestamp,
    /// The Swedish date of `registered_at`; VAT followed it.
    pub sale_date: Date,
    pub cashier: String,
    pub payment_method: Option<PaymentMethod>,
    pub kronor_purchase_id: Option<String>,
    pub merchant_reference: Option<String>,
    pub order_id: Option<String>,
    pub customer_id: Option<i64>,
    pub original_entry_id: Option<i64>,
    pub note: String,
    pub lines: Vec<JournalLine>,
    /// Highest rate first.
    pub per_rate: Vec<RateTotal>,
    pub total: Ore,
    pub tax: Ore,
    pub discount: Ore,
    /// Hex SHA-256 chaining this entry to the one before.
    pub hash: String,
    /// A sale paid in parts: each payment; empty when `payment_method` paid it all.
    pub payments: Vec<Payment>,
}

impl Entry {
    /// How the entry was paid, part by part: its payments, or its one payment method for
    /// the whole of it (cash at whole kronor).
    pub fn paid(&self) -> Vec<Payment> {
        if !self.payments.is_empty() {
            return self.payments.clone();
        }
        let Some(method) = self.payment_method else {
            return Vec::new();
        };
        let amount = match method {
            PaymentMethod::Cash => crate::cash::cash_due(self.total).to_pay,
            _ => self.total,
        };
        vec![Payment {
            method,
            amount,
            reference: self.kronor_purchase_id.clone(),
            tendered: None,
        }]
    }

    /// What was paid beyond the total: the rounding of the cash in it (whole kronor).
    pub fn rounding(&self) -> Ore {
        let paid = self.paid();
        if paid.is_empty() {
            return Ore::ZERO;
        }
        paid_beyond(self.total, &paid)
    }
}

/// One recorded print of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintRecord {
    pub id: i64,
    pub entry_id: i64,
    pub kind: PrintKind,
    pub printed_at: Timestamp,
}
