//! The Kronor purchase order for a priced cart and an invoice customer, by API-NOTES' rules.
//!
//! Amounts come straight from the core's [`Totals`] (line total = quantity × price − discount,
//! tax by Kronor's rule), so the order and the receipt can never disagree.

use kronor::{Address, Country, Language, NewPurchaseOrder, PurchaseLine};

use super::CheckoutError;
use crate::cart::Totals;
use crate::customer::Customer;
use crate::money::Ore;

/// Kronor's limits on text fields.
const MAX_NAME: usize = 100;
const MAX_REFERENCE: usize = 64;

/// Builds the create request. The same inputs always give the same request, which is what
/// lets a resend under the same idempotency key be recognised as the same order.
pub fn purchase_order(
    idempotency_key: &str,
    order_number: &str,
    totals: &Totals,
    customer: &Customer,
    language: Language,
) -> Result<NewPurchaseOrder, CheckoutError> {
    let mut lines = Vec::with_capacity(totals.lines.len());
    for line in &totals.lines {
        lines.push(PurchaseLine {
            name: clip(&line.name, MAX_NAME),
            quantity: i32::try_from(line.quantity)
                .map_err(|_| CheckoutError::InvalidOrder("a quantity is too large".into()))?,
            price_per_item: kronor_amount(line.unit_price)?,
            tax_rate: i32::try_from(line.vat_rate.basis())
                .map_err(|_| CheckoutError::InvalidOrder("a VAT rate is out of range".into()))?,
            total_amount: kronor_amount(line.total)?,
            total_tax_amount: kronor_amount(line.tax)?,
            total_discount_amount: match line.discount.get() {
                0 => None,
                _ => Some(kronor_amount(line.discount)?),
            },
            reference: line
                .sku
                .clone()
                .or_else(|| line.product_id.map(|id| id.to_string()))
                .map(|r| clip(&r, MAX_REFERENCE)),
        });
    }
    Ok(NewPurchaseOrder {
        idempotency_key: idempotency_key.to_owned(),
        merchant_reference: Some(order_number.to_owned()),
        national_identification_number: customer.personnummer.as_str().replace(['-', '+'], ""),
        purchase_country: Country::Se,
        purchase_language: language,
        purchase_lines: lines,
        purchase_total_amount: kronor_amount(totals.total)?,
        purchase_tax_amount: kronor_amount(totals.tax)?,
        billing_address: address(customer)?,
        shipping_address: None,
    })
}

fn kronor_amount(amount: Ore) -> Result<i32, CheckoutError> {
    Ok(amount.to_kronor()?)
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn address(customer: &Customer) -> Result<Address, CheckoutError> {
    Ok(Address {
        first_name: clip(&customer.first_name, MAX_NAME),
        last_name: clip(&customer.last_name, MAX_NAME),
        email: clip(&customer.email, MAX_NAME),
        phone_number: clip(&customer.phone, MAX_NAME),
        street_address: customer.street.clone(),
        postal_code: clip(&customer.postal_code, MAX_NAME),
        city: clip(&customer.city, MAX_NAME),
        country: country(&customer.country)?,
    })
}

/// Kronor's countries (the schema's `Country` enum).
fn country(code: &str) -> Result<Country, CheckoutError> {
    use Country::*;
    Ok(match code.trim().to_ascii_uppercase().as_str() {
        "AT" => At,
        "BE" => Be,
        "CH" => Ch,
        "CY" => Cy,
        "CZ" => Cz,
        "DE" => De,
        "DK" => Dk,
        "EE" => Ee,
        "ES" => Es,
        "FI" => Fi,
        "FO" => Fo,
        "FR" => Fr,
        "GB" => Gb,
        "GR" => Gr,
        "HR" => Hr,
        "HU" => Hu,
        "IE" => Ie,
        "IS" => Is,
        "IT" => It,
        "LT" => Lt,
        "LU" => Lu,
        "LV" => Lv,
        "MT" => Mt,
        "NL" => Nl,
        "NO" => No,
        "PL" => Pl,
        "PT" => Pt,
        "RO" => Ro,
        "SE" => Se,
        "SI" => Si,
        "SK" => Sk,
        other => {
            return Err(CheckoutError::InvalidOrder(format!(
                "Kronor cannot invoice a customer in country {other:?}"
            )));
        }
    })
}
