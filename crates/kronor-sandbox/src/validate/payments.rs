//! Kronor's input rules for payment sessions, Swish payments, cancels and refunds.

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::Value;

use super::{Checked, Invalid, idempotency_key, max_len, parse};

/// Kronor's amount range for a payment (minor units).
pub(crate) const MAX_AMOUNT: i64 = 999_999_999;
/// A session may live at most this long.
const MAX_SESSION: SignedDuration = SignedDuration::from_hours(24);

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionInput {
    amount: i64,
    country: Option<String>,
    currency: Option<String>,
    expires_at: String,
    idempotency_key: String,
    merchant_reference: String,
    merchant_reference2: Option<String>,
    message: String,
}

/// A `newPaymentSession` request that passed every rule.
#[derive(Debug, Clone)]
pub(crate) struct NewSession {
    pub idempotency_key: String,
    pub amount: i64,
    pub currency: String,
    pub country: Option<String>,
    pub message: String,
    pub merchant_reference: String,
    pub merchant_reference2: Option<String>,
    pub expires_at: Timestamp,
}

fn not_empty(field: &str, value: &str) -> Checked<()> {
    if value.is_empty() {
        return Err(Invalid::new(field, "must not be empty"));
    }
    Ok(())
}

pub(crate) fn amount(field: &str, amount: i64, max: i64) -> Checked<()> {
    if !(1..=max).contains(&amount) {
        return Err(Invalid::new(
            field,
            format!("must be between 1 and {max} (got {amount})"),
        ));
    }
    Ok(())
}

/// The message shown in the customer's Swish app: 1–50 of letters (Swedish ones included),
/// digits, `:;.,?!()”"` and space, as Swish allows.
pub(crate) fn message(field: &str, text: &str) -> Checked<()> {
    not_empty(field, text)?;
    max_len(field, text, 50)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || "åäöÅÄÖ:;.,?!()\u{201d}\" ".contains(c);
    if let Some(bad) = text.chars().find(|c| !allowed(*c)) {
        return Err(Invalid::new(
            field,
            format!(
                "may only contain letters (a–z, å, ä, ö), digits, :;.,?!()”\" and space (found {bad:?})"
            ),
        ));
    }
    Ok(())
}

fn expires_at(text: &str, now: Timestamp) -> Checked<Timestamp> {
    let at: Timestamp = text.parse().map_err(|e| {
        Invalid::new(
            "expiresAt",
            format!("must be an ISO-8601 timestamp with an offset ({e})"),
        )
    })?;
    if at <= now {
        return Err(Invalid::new("expiresAt", "must be in the future"));
    }
    if at.duration_since(now) > MAX_SESSION {
        return Err(Invalid::new(
            "expiresAt",
            "must be at most 24 hours from now",
        ));
    }
    Ok(at)
}

/// `newPaymentSession` / `newPaymentSessionWithReferenceCheck`.
pub(crate) fn new_session(input: &Value, now: Timestamp) -> Checked<NewSession> {
    let i: SessionInput = parse(input)?;
    idempotency_key("idempotencyKey", &i.idempotency_key)?;
    amount("amount", i.amount, MAX_AMOUNT)?;
    let currency = i.currency.unwrap_or_else(|| "SEK".to_owned());
    if currency != "SEK" {
        return Err(Invalid::new(
            "currency",
            format!("Swish takes SEK only (got {currency})"),
        ));
    }
    let expires_at = expires_at(&i.expires_at, now)?;
    message("message", &i.message)?;
    not_empty("merchantReference", &i.merchant_reference)?;
    max_len("merchantReference", &i.merchant_reference, 64)?;
    if let Some(r2) = &i.merchant_reference2 {
        max_len("merchantReference2", r2, 64)?;
    }
    Ok(NewSession {
        idempotency_key: i.idempotency_key,
        amount: i.amount,
        currency,
        country: i.country,
        message: i.message,
        merchant_reference: i.merchant_reference,
        merchant_reference2: i.merchant_reference2,
        expires_at,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SwishInput {
    flow: String,
    idempotency_key: String,
    merchant_return_url: Option<String>,
    return_url: String,
}

/// A `newSwishPayment` request that passed every rule.
#[derive(Debug, Clone)]
pub(crate) struct NewSwish {
    pub idempotency_key: String,
    pub flow: String,
    pub return_url: String,
    pub merchant_return_url: Option<String>,
}

pub(crate) fn new_swish(input: &Value) -> Checked<NewSwish> {
    let i: SwishInput = parse(input)?;
    idempotency_key("idempotencyKey", &i.idempotency_key)?;
    if !matches!(i.flow.as_str(), "mcom" | "ecom") {
        return Err(Invalid::new(
            "flow",
            format!("must be \"mcom\" or \"ecom\" (got {:?})", i.flow),
        ));
    }
    max_len("returnUrl", &i.return_url, 10_000)?;
    Ok(NewSwish {
        idempotency_key: i.idempotency_key,
        flow: i.flow,
        return_url: i.return_url,
        merchant_return_url: i.merchant_return_url,
    })
}

/// The idempotency key every cancel carries.
pub(crate) fn key_of(input: &Value) -> Checked<String> {
    let key = input
        .get("idempotencyKey")
        .and_then(Value::as_str)
        .unwrap_or_default();
    idempotency_key("idempotencyKey", key)?;
    Ok(key.to_owned())
}

/// A `refundPayment` request: which payment (resultingPaymentId or transactionId) and how much.
#[derive(Debug, Clone)]
pub(crate) struct NewRefund {
    pub idempotency_key: String,
    pub payment_id: Option<i64>,
    pub payment_transaction_id: Option<String>,
    pub amount: i64,
}

pub(crate) fn new_refund(input: &Value) -> Checked<NewRefund> {
    let idempotency_key = key_of(input)?;
    let payment_id = match input.get("paymentId") {
        None => None,
        Some(v) => Some(super::bigint("paymentId", Some(v))?),
    };
    let payment_transaction_id = input
        .get("paymentTransactionId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if payment_id.is_none() && payment_transaction_id.is_none() {
        return Err(Invalid::new(
            "paymentId",
            "paymentId or paymentTransactionId is required",
        ));
    }
    let amount = input.get("amount").and_then(Value::as_i64).unwrap_or(0);
    let text = input
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    not_empty("message", text)?;
    max_len("message", text, 50)?;
    Ok(NewRefund {
        idempotency_key,
        payment_id,
        payment_transaction_id,
        amount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swish_message_rule() {
        assert!(message("m", "Kvitto 12: Kaffe & bulle").is_err());
        assert!(message("m", "Tack för köpet! (Kassa 1) ”ok”").is_ok());
        assert!(message("m", &"a".repeat(51)).is_err());
        assert!(message("m", "").is_err());
    }
}
