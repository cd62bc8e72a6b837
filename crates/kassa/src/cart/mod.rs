//! The sale being rung up: lines, discounts, note, totals per VAT rate, park and recall.

mod input;
mod parked;
mod totals;

pub use input::DiscountInput;
pub use parked::{ParkedSale, ParkedSales};
pub(crate) use totals::per_rate_totals;
pub use totals::{PricedLine, RateTotal, Totals};

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Product};
use crate::error::{Error, Result};
use crate::money::{KRONOR_MAX, Locale, Ore};
use crate::vat::VatClass;

/// The most of one product a line may hold.
pub const MAX_QUANTITY: u32 = 9_999;

/// A discount on a line or on the whole sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discount {
    /// A fixed amount off, VAT included.
    Amount(Ore),
    /// A share off in hundredths of a percent: 10 % = `1000`.
    Percent(u32),
}

impl Discount {
    /// `Discount::percent(10)` is 10 % off.
    pub fn percent(p: u32) -> Discount {
        Discount::Percent(p.saturating_mul(100))
    }

    /// How much comes off `base`, or why the discount cannot apply to it.
    pub(crate) fn amount_of(self, base: Ore) -> Result<Ore> {
        match self {
            Discount::Amount(a) if a.is_negative() => Err(Error::InvalidDiscount(
                "A discount cannot be negative.".into(),
            )),
            Discount::Amount(a) if a > base => Err(Error::InvalidDiscount(format!(
                "The discount {} is more than the {} it applies to.",
                a.format(Locale::Swedish),
                base.format(Locale::Swedish)
            ))),
            Discount::Amount(a) => Ok(a),
            Discount::Percent(p) if p > 10_000 => Err(Error::InvalidDiscount(
                "A discount cannot be more than 100 %.".into(),
            )),
            Discount::Percent(p) => {
                // Halves round up: the customer gets the öre.
                let off = (i128::from(base.get()) * i128::from(p) + 5_000) / 10_000;
                Ok(Ore::new(off as i64))
            }
        }
    }
}

/// Identifies a line within one cart; stable while lines are removed.
pub type LineId = u32;

/// One line of the sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub id: LineId,
    pub product_id: Option<i64>,
    pub name: String,
    pub sku: Option<String>,
    /// Price per item including VAT, before discount.
    pub unit_price: Ore,
    pub vat_class: VatClass,
    pub quantity: u32,
    pub discount: Option<Discount>,
}

/// The sale being rung up. Every change is checked before it is applied, so a refused change
/// leaves the cart as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    lines: Vec<CartLine>,
    order_discount: Option<Discount>,
    note: String,
    next_id: LineId,
}

fn check_quantity(quantity: u32) -> Result<()> {
    if quantity == 0 || quantity > MAX_QUANTITY {
        return Err(Error::InvalidQuantity(i64::from(quantity)));
    }
    Ok(())
}

impl Cart {
    pub fn new() -> Cart {
        Cart::default()
    }

    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn order_discount(&self) -> Option<Discount> {
        self.order_discount
    }

    pub fn note(&self) -> &str {
        &self.note
    }

    /// Adds `quantity` of a product; a product already on an undiscounted line is counted up.
    pub fn add_product(&mut self, product: &Product, quantity: u32) -> Result<LineId> {
        check_quantity(quantity)?;
        let existing = self
            .lines
            .iter()
            .find(|l| l.product_id == Some(product.id) && l.discount.is_none())
            .map(|l| (l.id, l.quantity));
        if let Some((id, had)) = existing {
            self.set_quantity(id, had.saturating_add(quantity))?;
            return Ok(id);
        }
        self.add_line(CartLine {
            id: 0,
            product_id: Some(product.id),
            name: product.name.clone(),
            sku: product.sku.clone(),
            unit_price: product.price,
            vat_class: product.vat_class,
            quantity,
            discount: None,
        })
    }

    /// Adds a line that is not from the catalogue (e.g. an open amount).
    pub fn add_line(&mut self, mut line: CartLine) -> Result<LineId> {
        check_quantity(line.quantity)?;
        if line.unit_price.is_negative() {
            return Err(Error::AmountOutOfRange(format!(
                "\"{}\" has a negative price; prices must be 0 or more.",
                line.name
            )));
        }
        if line.name.trim().is_empty() {
            return Err(Error::InvalidProduct("A line needs a name.".into()));
        }
        line.id = self.next_id;
        let id = line.id;
        self.try_change(|cart| {
            cart.next_id += 1;
            cart.lines.push(line);
            Ok(())
        })?;
        Ok(id)
    }

    /// Looks up a scanned barcode and adds one of that product.
    pub fn add_barcode(&mut self, catalogue: &Catalogue<'_>, code: &str) -> Result<LineId> {
        let product = catalogue
            .by_barcode(code)?
            .ok_or_else(|| Error::NotFound(format!("No product has barcode {}.", code.trim())))?;
        self.add_product(&product, 1)
    }

    pub fn set_quantity(&mut self, line: LineId, quantity: u32) -> Result<()> {
        check_quantity(quantity)?;
        self.try_change(|cart| {
            cart.line_mut(line)?.quantity = quantity;
            Ok(())
        })
    }

    pub fn remove(&mut self, line: LineId) -> Result<()> {
        self.try_change(|cart| {
            let before = cart.lines.len();
            cart.lines.retain(|l| l.id != line);
            if cart.lines.len() == before {
                return Err(Error::NotFound(format!("Line {line} is not in the sale.")));
            }
            Ok(())
        })
    }

    pub fn set_line_discount(&mut self, line: LineId, discount: Option<Discount>) -> Result<()> {
        self.try_change(|cart| {
            cart.line_mut(line)?.discount = discount;
            Ok(())
        })
    }

    /// A discount on the whole sale, spread over the lines in proportion to their totals.
    pub fn set_order_discount(&mut self, discount: Option<Discount>) -> Result<()> {
        self.try_change(|cart| {
            cart.order_discount = discount;
            Ok(())
        })
    }

    pub fn set_note(&mut self, note: impl Into<String>) {
        self.note = note.into();
    }

    /// Empties the cart for the next customer.
    pub fn clear(&mut self) {
        *self = Cart {
            next_id: self.next_id,
            ..Cart::default()
        };
    }

    fn line_mut(&mut self, line: LineId) -> Result<&mut CartLine> {
        self.lines
            .iter_mut()
            .find(|l| l.id == line)
            .ok_or_else(|| Error::NotFound(format!("Line {line} is not in the sale.")))
    }

    /// Applies `change` to a copy and keeps it only if the amounts still hold.
    fn try_change(&mut self, change: impl FnOnce(&mut Cart) -> Result<()>) -> Result<()> {
        let mut next = self.clone();
        change(&mut next)?;
        next.amounts()?;
        *self = next;
        Ok(())
    }

    /// Per line: gross (quantity × price), line discount, share of the order discount.
    /// Refuses anything beyond Kronor's 32-bit amounts.
    pub(crate) fn amounts(&self) -> Result<Vec<(Ore, Ore, Ore)>> {
        let too_big = |what: &str| {
            Error::AmountOutOfRange(format!(
                "{what} would be more than a single payment can carry ({}).",
                KRONOR_MAX.format(Locale::Swedish)
            ))
        };
        let mut out = Vec::with_capacity(self.lines.len());
        let mut subtotal = Ore::ZERO;
        for l in &self.lines {
            let gross = l
                .unit_price
                .checked_mul(i64::from(l.quantity))
                .filter(|g| *g <= KRONOR_MAX)
                .ok_or_else(|| too_big(&format!("The line \"{}\"", l.name)))?;
            let off = match l.discount {
                Some(d) => d.amount_of(gross)?,
                None => Ore::ZERO,
            };
            subtotal = subtotal
                .checked_add(Ore::new(gross.get() - off.get()))
                .filter(|s| *s <= KRONOR_MAX)
                .ok_or_else(|| too_big("The sale's total"))?;
            out.push((gross, off, Ore::ZERO));
        }
        if let Some(d) = self.order_discount {
            let order_off = d.amount_of(subtotal)?;
            let nets: Vec<i64> = out.iter().map(|(g, o, _)| g.get() - o.get()).collect();
            for (slot, share) in out.iter_mut().zip(spread(order_off.get(), &nets)) {
                slot.2 = Ore::new(share);
            }
        }
        Ok(out)
    }
}

/// Splits `amount` over `weights` in proportion, exactly (largest remainder; ties go to the
/// earlier line). `amount` must be at most the sum of the weights, all non-negative.
pub fn spread(amount: i64, weights: &[i64]) -> Vec<i64> {
    let total: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if total <= 0 || amount == 0 {
        return vec![0; weights.len()];
    }
    let amount = i128::from(amount);
    let mut shares: Vec<i64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = amount * i128::from(*w);
        shares.push((exact / total) as i64);
        remainders.push((exact % total, i));
    }
    let mut left = amount - shares.iter().map(|s| i128::from(*s)).sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left <= 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
}
