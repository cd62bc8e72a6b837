//! What the sale screen receives: products, categories, the cart with its totals per VAT
//! rate, parked sales. Amounts come both as integer öre and formatted in both languages, so
//! the UI never does arithmetic on money.

use jiff::civil::Date;
pub use kassa::Money;
use kassa::cart::{CartLine, ParkedSale, RateTotal};
use kassa::catalogue::Category;
use kassa::{Cart, Discount, Ore, Product, VatTable};
use serde::Serialize;
use ts_rs::TS;

pub use kassa::cart::DiscountInput;

use crate::error::AppError;

/// A product as the search results and the category grid show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ProductView.ts")]
pub struct ProductView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub price: Money,
    pub barcode: Option<String>,
    pub sku: Option<String>,
}

impl From<Product> for ProductView {
    fn from(p: Product) -> Self {
        ProductView {
            id: p.id,
            name: p.name,
            price: p.price.into(),
            barcode: p.barcode.map(String::from),
            sku: p.sku,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CategoryView.ts")]
pub struct CategoryView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

impl From<Category> for CategoryView {
    fn from(c: Category) -> Self {
        CategoryView {
            id: c.id,
            name: c.name,
        }
    }
}

/// A line's discount as set, for the discount field to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export_to = "DiscountView.ts")]
pub enum DiscountView {
    Amount {
        amount: Money,
    },
    /// Hundredths of a percent: 10 % = 1000.
    Percent {
        basis: u32,
    },
}

impl From<Discount> for DiscountView {
    fn from(d: Discount) -> Self {
        match d {
            Discount::Amount(a) => DiscountView::Amount { amount: a.into() },
            Discount::Percent(p) => DiscountView::Percent { basis: p },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CartLineView.ts")]
pub struct CartLineView {
    pub id: u32,
    pub name: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub discount: Option<DiscountView>,
    /// What the discount takes off this line.
    pub discount_amount: Money,
    /// `quantity × unit price − discount`.
    pub total: Money,
    /// `25 %`
    pub vat_rate: String,
}

/// The VAT of all lines with one rate, as the receipt and the totals panel show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "RateView.ts")]
pub struct RateView {
    /// `25 %`
    pub rate: String,
    /// Hundredths of a percent, as Kronor's `taxRate`: 25 % = 2500.
    pub basis: u32,
    /// Including VAT.
    pub total: Money,
    pub vat: Money,
    pub net: Money,
}

impl From<RateTotal> for RateView {
    fn from(r: RateTotal) -> Self {
        RateView {
            rate: r.rate.to_string(),
            basis: r.rate.basis(),
            total: r.total.into(),
            vat: r.tax.into(),
            net: r.net().into(),
        }
    }
}

/// The whole sale: every cart command answers with this, so the screen is always in step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CartView.ts")]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    /// Highest rate first, as on a Swedish receipt.
    pub per_rate: Vec<RateView>,
    pub total: Money,
    pub vat: Money,
    pub discount: Money,
    /// Items in the sale (sum of quantities).
    pub items: u32,
    pub note: String,
}

impl CartView {
    /// Prices `cart` for a sale on `on`.
    pub fn of(cart: &Cart, vat: &VatTable, on: Date) -> Result<CartView, AppError> {
        if cart.is_empty() {
            return Ok(CartView {
                lines: Vec::new(),
                per_rate: Vec::new(),
                total: Ore::ZERO.into(),
                vat: Ore::ZERO.into(),
                discount: Ore::ZERO.into(),
                items: 0,
                note: cart.note().to_owned(),
            });
        }
        let totals = cart.totals(vat, on)?;
        let lines = cart
            .lines()
            .iter()
            .zip(&totals.lines)
            .map(|(line, priced): (&CartLine, _)| CartLineView {
                id: line.id,
                name: line.name.clone(),
                quantity: line.quantity,
                unit_price: line.unit_price.into(),
                discount: line.discount.map(DiscountView::from),
                discount_amount: priced.discount.into(),
                total: priced.total.into(),
                vat_rate: priced.vat_rate.to_string(),
            })
            .collect();
        Ok(CartView {
            lines,
            per_rate: totals.per_rate.into_iter().map(RateView::from).collect(),
            total: totals.total.into(),
            vat: totals.tax.into(),
            discount: totals.discount.into(),
            items: cart
                .lines()
                .iter()
                .fold(0u32, |n, l| n.saturating_add(l.quantity)),
            note: cart.note().to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ParkedView.ts")]
pub struct ParkedView {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, UTC; the UI shows it in local time.
    pub parked_at: String,
    pub label: String,
}

impl From<ParkedSale> for ParkedView {
    fn from(p: ParkedSale) -> Self {
        ParkedView {
            id: p.id,
            parked_at: p.parked_at.to_string(),
            label: p.label,
        }
    }
}
