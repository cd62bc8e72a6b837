//! Input validation as Kronor's schema documents it. Every rule answers with the field it is
//! about and the rule that failed; nothing is created unless all rules pass.

use serde::Deserialize;
use serde_json::Value;

use crate::model::OrderLine;
use crate::scenarios;

mod payments;
pub(crate) use payments::*;

/// A failed rule: `field` is relative to the argument (e.g. `purchaseLines[1].quantity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub field: String,
    pub rule: String,
}

impl Invalid {
    fn new(field: impl Into<String>, rule: impl Into<String>) -> Invalid {
        Invalid {
            field: field.into(),
            rule: rule.into(),
        }
    }
}

type Checked<T> = Result<T, Invalid>;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderInput {
    billing_address: AddressInput,
    idempotency_key: String,
    merchant_reference: Option<String>,
    national_identification_number: String,
    purchase_country: String,
    purchase_language: String,
    purchase_lines: Vec<LineInput>,
    purchase_tax_amount: i64,
    purchase_total_amount: i64,
    shipping_address: Option<AddressInput>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineInput {
    image_url: Option<String>,
    item_url: Option<String>,
    name: String,
    price_per_item: i64,
    quantity: i64,
    reference: Option<String>,
    tax_rate: i64,
    total_amount: i64,
    total_discount_amount: Option<i64>,
    total_tax_amount: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddressInput {
    care_of: Option<String>,
    city: String,
    email: String,
    first_name: String,
    last_name: String,
    phone_number: String,
    postal_code: String,
    region: Option<String>,
    street_address: String,
    street_address2: Option<String>,
    street_name: Option<String>,
    street_number: Option<String>,
    title: Option<String>,
}

/// A create request that passed every rule.
#[derive(Debug, Clone)]
pub(crate) struct NewOrder {
    pub idempotency_key: String,
    pub merchant_reference: String,
    pub national_identification_number: String,
    pub purchase_country: String,
    pub purchase_language: String,
    pub total_amount: i64,
    pub tax_amount: i64,
    pub lines: Vec<OrderLine>,
}

fn parse<T: for<'de> Deserialize<'de>>(input: &Value) -> Checked<T> {
    serde_json::from_value(input.clone()).map_err(|e| Invalid::new("", e.to_string()))
}

/// Kronor's idempotency key rule: 1–64 of letters, digits and `- _ . , [ ] +`.
pub(crate) fn idempotency_key(field: &str, key: &str) -> Checked<()> {
    if key.is_empty() {
        return Err(Invalid::new(field, "must not be empty"));
    }
    max_len(field, key, 64)?;
    if let Some(bad) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_.,[]+".contains(*c)))
    {
        return Err(Invalid::new(
            field,
            format!("may only contain letters, digits and - _ . , [ ] + (found {bad:?})"),
        ));
    }
    Ok(())
}

fn max_len(field: &str, value: &str, max: usize) -> Checked<()> {
    let len = value.chars().count();
    if len > max {
        return Err(Invalid::new(
            field,
            format!("must be at most {max} characters (got {len})"),
        ));
    }
    Ok(())
}

fn not_negative(field: &str, value: i64) -> Checked<()> {
    if value < 0 {
        return Err(Invalid::new(
            field,
            format!("must not be negative (got {value})"),
        ));
    }
    Ok(())
}

fn opt_len(field: &str, value: &Option<String>, max: usize) -> Checked<()> {
    value.as_deref().map_or(Ok(()), |v| max_len(field, v, max))
}

fn address(prefix: &str, a: &AddressInput) -> Checked<()> {
    let f = |name: &str| format!("{prefix}.{name}");
    opt_len(&f("careOf"), &a.care_of, 100)?;
    max_len(&f("city"), &a.city, 100)?;
    max_len(&f("firstName"), &a.first_name, 100)?;
    max_len(&f("lastName"), &a.last_name, 100)?;
    max_len(&f("phoneNumber"), &a.phone_number, 100)?;
    max_len(&f("streetAddress"), &a.street_address, 10_000)?;
    max_len(&f("postalCode"), &a.postal_code, 100)?;
    opt_len(&f("region"), &a.region, 100)?;
    opt_len(&f("streetAddress2"), &a.street_address2, 10_000)?;
    opt_len(&f("streetName"), &a.street_name, 10_000)?;
    opt_len(&f("streetNumber"), &a.street_number, 10_000)?;
    opt_len(&f("title"), &a.title, 100)?;
    if !a.email.contains('@') {
        return Err(Invalid::new(f("email"), "must be an e-mail address"));
    }
    Ok(())
}

/// Tax within ±1 of `total − total × 10000 / (10000 + rate)`, checked in exact integers:
/// |tax·(10000+rate) − total·rate| ≤ 10000+rate.
fn tax_matches(total: i64, rate: i64, tax: i64) -> bool {
    let (total, rate, tax) = (i128::from(total), i128::from(rate), i128::from(tax));
    let denom = 10_000 + rate;
    (tax * denom - total * rate).abs() <= denom
}

fn line(i: usize, l: &LineInput) -> Checked<OrderLine> {
    let f = |name: &str| format!("purchaseLines[{i}].{name}");
    max_len(&f("name"), &l.name, 100)?;
    opt_len(&f("reference"), &l.reference, 64)?;
    opt_len(&f("imageUrl"), &l.image_url, 10_000)?;
    opt_len(&f("itemUrl"), &l.item_url, 10_000)?;
    if l.quantity <= 0 {
        return Err(Invalid::new(
            f("quantity"),
            format!("must be greater than 0 (got {})", l.quantity),
        ));
    }
    not_negative(&f("pricePerItem"), l.price_per_item)?;
    not_negative(&f("taxRate"), l.tax_rate)?;
    not_negative(&f("totalAmount"), l.total_amount)?;
    not_negative(&f("totalTaxAmount"), l.total_tax_amount)?;
    let discount = l.total_discount_amount.unwrap_or(0);
    not_negative(&f("totalDiscountAmount"), discount)?;
    let expected = l.quantity * l.price_per_item - discount;
    if l.total_amount != expected {
        return Err(Invalid::new(
            f("totalAmount"),
            format!(
                "must equal quantity × pricePerItem − totalDiscountAmount = {} × {} − {} = {expected} (got {})",
                l.quantity, l.price_per_item, discount, l.total_amount
            ),
        ));
    }
    if !tax_matches(l.total_amount, l.tax_rate, l.total_tax_amount) {
        return Err(Invalid::new(
            f("totalTaxAmount"),
            format!(
                "must be within ±1 of totalAmount − totalAmount × 10000 / (10000 + taxRate) for totalAmount {} and taxRate {} (got {})",
                l.total_amount, l.tax_rate, l.total_tax_amount
            ),
        ));
    }
    Ok(OrderLine {
        name: l.name.clone(),
        quantity: l.quantity,
        total_amount: l.total_amount,
    })
}

/// Checks a `PurchaseOrderWithInvoiceInput` (as JSON, nulls removed).
pub(crate) fn new_order(input: &Value) -> Checked<NewOrder> {
    let o: OrderInput = parse(input)?;
    idempotency_key("idempotencyKey", &o.idempotency_key)?;
    opt_len("merchantReference", &o.merchant_reference, 64)?;
    if scenarios::normalise(&o.national_identification_number).is_none() {
        return Err(Invalid::new(
            "nationalIdentificationNumber",
            "must be a valid 12-digit personnummer (YYYYMMDDNNNC with a correct check digit)",
        ));
    }
    address("billingAddress", &o.billing_address)?;
    if let Some(s) = &o.shipping_address {
        address("shippingAddress", s)?;
    }
    if o.purchase_lines.is_empty() {
        return Err(Invalid::new(
            "purchaseLines",
            "must contain at least one line",
        ));
    }
    let lines = o
        .purchase_lines
        .iter()
        .enumerate()
        .map(|(i, l)| line(i, l))
        .collect::<Checked<Vec<_>>>()?;
    not_negative("purchaseTotalAmount", o.purchase_total_amount)?;
    not_negative("purchaseTaxAmount", o.purchase_tax_amount)?;
    let total: i64 = o.purchase_lines.iter().map(|l| l.total_amount).sum();
    if o.purchase_total_amount != total {
        return Err(Invalid::new(
            "purchaseTotalAmount",
            format!(
                "must equal the sum of the lines' totalAmount ({total}) (got {})",
                o.purchase_total_amount
            ),
        ));
    }
    let tax: i64 = o.purchase_lines.iter().map(|l| l.total_tax_amount).sum();
    if o.purchase_tax_amount != tax {
        return Err(Invalid::new(
            "purchaseTaxAmount",
            format!(
                "must equal the sum of the lines' totalTaxAmount ({tax}) (got {})",
                o.purchase_tax_amount
            ),
        ));
    }
    Ok(NewOrder {
        idempotency_key: o.idempotency_key,
        merchant_reference: o.merchant_reference.unwrap_or_default(),
        national_identification_number: o.national_identification_number,
        purchase_country: o.purchase_country,
        purchase_language: o.purchase_language.to_ascii_lowercase(),
        total_amount: o.purchase_total_amount,
        tax_amount: o.purchase_tax_amount,
        lines,
    })
}

/// `bigint` arrives as a JSON number or a string.
pub(crate) fn bigint(field: &str, v: Option<&Value>) -> Checked<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| Invalid::new(field, "must be an integer"))
}

/// A capture or return: purchase id and idempotency key, plus optional text limits.
pub(crate) fn purchase_action(input: &Value, text_field: &str) -> Checked<(i64, String)> {
    let purchase_id = bigint("purchaseId", input.get("purchaseId"))?;
    let key = input
        .get("idempotencyKey")
        .and_then(Value::as_str)
        .unwrap_or_default();
    idempotency_key("idempotencyKey", key)?;
    if let Some(text) = input.get(text_field).and_then(Value::as_str) {
        max_len(text_field, text, 10_000)?;
    }
    if let Some(fee) = input.get("returnFee").and_then(Value::as_i64) {
        not_negative("returnFee", fee)?;
    }
    Ok((purchase_id, key.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_rule_allows_one_ore_either_way() {
        // 125.00 kr at 25 % carries 25.00 kr tax.
        assert!(tax_matches(12_500, 2_500, 2_500));
        assert!(tax_matches(12_500, 2_500, 2_499));
        assert!(tax_matches(12_500, 2_500, 2_501));
        assert!(!tax_matches(12_500, 2_500, 2_502));
        // 10.00 kr at 12 %: 107.14… öre.
        assert!(tax_matches(1_000, 1_200, 107));
        assert!(!tax_matches(1_000, 1_200, 105));
    }

    #[test]
    fn idempotency_key_charset_and_length() {
        assert!(idempotency_key("k", "order-1_a.b,c[d]+e").is_ok());
        assert!(idempotency_key("k", "has space").is_err());
        assert!(idempotency_key("k", "ö").is_err());
        assert!(idempotency_key("k", &"a".repeat(64)).is_ok());
        assert!(idempotency_key("k", &"a".repeat(65)).is_err());
    }
}
