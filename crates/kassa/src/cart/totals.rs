//! Pricing a cart: per-line totals and VAT by Kronor's rule, and totals per VAT rate.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Cart, LineId};
use crate::error::{Error, Result};
use crate::money::Ore;
use crate::vat::{VatClass, VatRate, VatTable};

/// A priced line, in the shape Kronor's purchase lines and the receipt need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub line_id: LineId,
    pub product_id: Option<i64>,
    pub name: String,
    pub sku: Option<String>,
    pub quantity: u32,
    /// Price per item including VAT, before discount.
    pub unit_price: Ore,
    pub vat_class: VatClass,
    pub vat_rate: VatRate,
    /// Line discount plus this line's share of the order discount, VAT included.
    pub discount: Ore,
    /// `quantity × unit_price − discount`.
    pub total: Ore,
    /// VAT inside `total`.
    pub tax: Ore,
}

/// The sum of all lines with one VAT rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTotal {
    pub rate: VatRate,
    /// Including VAT.
    pub total: Ore,
    pub tax: Ore,
}

impl RateTotal {
    /// The amount before VAT.
    pub fn net(&self) -> Ore {
        self.total - self.tax
    }
}

/// Everything the sale screen, the payment and the receipt show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub lines: Vec<PricedLine>,
    /// Highest rate first, as on a Swedish receipt.
    pub per_rate: Vec<RateTotal>,
    pub total: Ore,
    pub tax: Ore,
    pub discount: Ore,
}

/// Sums `(rate, total, tax)` lines per VAT rate, highest rate first, as on a Swedish receipt.
/// The cart's pricing and the journal's registration both total this way, so a receipt's VAT
/// lines and the journal's agree.
pub(crate) fn per_rate_totals(
    lines: impl IntoIterator<Item = (VatRate, Ore, Ore)>,
) -> Vec<RateTotal> {
    let mut per_rate: Vec<RateTotal> = Vec::with_capacity(4);
    for (rate, total, tax) in lines {
        match per_rate.iter_mut().find(|r| r.rate == rate) {
            Some(r) => {
                r.total += total;
                r.tax += tax;
            }
            None => per_rate.push(RateTotal { rate, total, tax }),
        }
    }
    per_rate.sort_by_key(|r| std::cmp::Reverse(r.rate));
    per_rate
}

impl Cart {
    /// Prices the cart for a sale on `on` (the sale's date decides the VAT rates).
    pub fn totals(&self, vat: &VatTable, on: Date) -> Result<Totals> {
        if self.lines.is_empty() {
            return Err(Error::EmptySale);
        }
        let amounts = self.amounts()?;
        let mut lines = Vec::with_capacity(self.lines.len());
        let (mut total, mut tax, mut discount) = (0i64, 0i64, 0i64);
        for (line, (gross, line_off, order_off)) in self.lines.iter().zip(amounts) {
            let rate = vat.rate(line.vat_class, on)?;
            let off = line_off.get() + order_off.get();
            let line_total = Ore::new(gross.get() - off);
            let line_tax = rate.tax_of(line_total);
            total += line_total.get();
            tax += line_tax.get();
            discount += off;
            lines.push(PricedLine {
                line_id: line.id,
                product_id: line.product_id,
                name: line.name.clone(),
                sku: line.sku.clone(),
                quantity: line.quantity,
                unit_price: line.unit_price,
                vat_class: line.vat_class,
                vat_rate: rate,
                discount: Ore::new(off),
                total: line_total,
                tax: line_tax,
            });
        }
        let per_rate = per_rate_totals(lines.iter().map(|l| (l.vat_rate, l.total, l.tax)));
        Ok(Totals {
            lines,
            per_rate,
            total: Ore::new(total),
            tax: Ore::new(tax),
            discount: Ore::new(discount),
        })
    }
}
