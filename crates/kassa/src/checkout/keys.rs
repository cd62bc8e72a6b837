//! The till's order id and the idempotency keys derived from it.
//!
//! Keys are derived, not random, so the same order always sends the same key: after a crash
//! the resent create is the same order at Kronor, never a second one.

use serde::{Deserialize, Serialize};

use super::CheckoutError;

/// The till's own id for one order (a UUID), chosen when the sale is rung up. A second Charge
/// of the same sale carries the same id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrderId(String);

impl OrderId {
    /// A fresh random id.
    pub fn new() -> OrderId {
        OrderId(uuid::Uuid::new_v4().to_string())
    }

    /// Reads an id given by the UI; it must be a UUID.
    pub fn parse(text: &str) -> Result<OrderId, CheckoutError> {
        uuid::Uuid::parse_str(text.trim())
            .map(|u| OrderId(u.to_string()))
            .map_err(|_| CheckoutError::InvalidOrder(format!("{text:?} is not an order id")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The UUID without dashes (32 hex digits), for keys.
    fn compact(&self) -> String {
        self.0.replace('-', "")
    }
}

impl Default for OrderId {
    fn default() -> Self {
        OrderId::new()
    }
}

/// Longest register id: keeps every key within Kronor's 64 characters.
pub const MAX_REGISTER_ID: usize = 20;

/// Register ids go into keys: letters, digits, `-` and `_`, 1 to 20 of them.
pub fn check_register_id(register_id: &str) -> Result<(), CheckoutError> {
    let ok = !register_id.is_empty()
        && register_id.len() <= MAX_REGISTER_ID
        && register_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CheckoutError::InvalidOrder(format!(
            "register id {register_id:?} must be 1 to {MAX_REGISTER_ID} letters, digits, - or _"
        )))
    }
}

/// `kassa-<register>-<uuid>`: the create's idempotency key (at most 59 characters).
pub fn create_key(register_id: &str, order: &OrderId) -> String {
    format!("kassa-{register_id}-{}", order.compact())
}

/// `kassa-<register>-<uuid>-cap`: the capture's idempotency key (at most 63 characters).
pub fn capture_key(register_id: &str, order: &OrderId) -> String {
    format!("kassa-{register_id}-{}-cap", order.compact())
}

/// `kassa-<register>-<uuid>-sw`: the Swish payment request's idempotency key (the payment
/// session's is [`create_key`]).
pub fn swish_payment_key(register_id: &str, order: &OrderId) -> String {
    format!("kassa-{register_id}-{}-sw", order.compact())
}

/// `kassa-<register>-<uuid>-can`: the key of a Swish payment's cancel.
pub fn cancel_key(register_id: &str, order: &OrderId) -> String {
    format!("kassa-{register_id}-{}-can", order.compact())
}

/// `kassa-<register>-<uuid>-ref`: the refund of a paid part of a cancelled split sale.
pub fn refund_key(register_id: &str, order: &OrderId) -> String {
    format!("kassa-{register_id}-{}-ref", order.compact())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fit_kronors_rule_and_are_stable() {
        let order = OrderId::new();
        let register = "a".repeat(MAX_REGISTER_ID);
        for key in [
            create_key(&register, &order),
            capture_key(&register, &order),
            swish_payment_key(&register, &order),
            cancel_key(&register, &order),
            refund_key(&register, &order),
        ] {
            assert!(kronor::check_idempotency_key(&key).is_ok(), "{key}");
        }
        assert_eq!(create_key("k1", &order), create_key("k1", &order));
        assert_ne!(create_key("k1", &order), capture_key("k1", &order));
        assert_ne!(swish_payment_key("k1", &order), cancel_key("k1", &order));
        assert!(check_register_id("kassa 1").is_err());
        assert!(check_register_id(&"a".repeat(21)).is_err());
        assert!(OrderId::parse("not-a-uuid").is_err());
        assert_eq!(OrderId::parse(order.as_str()).ok(), Some(order));
    }
}
