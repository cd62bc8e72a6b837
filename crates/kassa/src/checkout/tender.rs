//! How a checkout is paid: Swish (the counter's default, nothing to type), a Kronor invoice
//! (for a customer who pays later; needs the customer's details), or cash in the drawer
//! (no network at all).

use serde::{Deserialize, Serialize};

use super::CheckoutError;
use crate::money::Ore;

/// Kronor's amount limits for a payment session, in öre.
const MIN_SWISH: i64 = 1;
const MAX_SWISH: i64 = 999_999_999;

/// The tender a checkout takes. Stored as [`Tender::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "Tender.ts"))]
#[serde(rename_all = "snake_case")]
pub enum Tender {
    /// A Kronor payment session paid in the customer's Swish app off a QR code.
    #[default]
    Swish,
    /// A Kronor purchase order with invoice, signed with BankID off a QR code.
    Invoice,
    /// Notes and coins: paid when handed over, the total rounded to whole kronor.
    Cash,
}

impl Tender {
    /// Whether a sale with this tender is a counter payment that only a register with a
    /// working control unit may take (SKVFS 2014:9: cash and card, and Skatteverket counts
    /// Swish as card). An invoice paid later is outside the rule.
    pub fn needs_control_unit(self) -> bool {
        match self {
            Tender::Swish | Tender::Cash => true,
            Tender::Invoice => false,
        }
    }

    /// Whether the payment goes through Kronor (cash never does).
    pub fn through_kronor(self) -> bool {
        self != Tender::Cash
    }

    pub fn key(self) -> &'static str {
        match self {
            Tender::Swish => "swish",
            Tender::Invoice => "invoice",
            Tender::Cash => "cash",
        }
    }

    /// Reads a stored key back; `None` for one this build does not know.
    pub fn from_key(key: &str) -> Option<Tender> {
        match key {
            "swish" => Some(Tender::Swish),
            "invoice" => Some(Tender::Invoice),
            "cash" => Some(Tender::Cash),
            _ => None,
        }
    }

    /// How the journal and the receipt name the payment.
    pub fn payment_method(self) -> crate::journal::PaymentMethod {
        match self {
            Tender::Swish => crate::journal::PaymentMethod::Swish,
            Tender::Invoice => crate::journal::PaymentMethod::Invoice,
            Tender::Cash => crate::journal::PaymentMethod::Cash,
        }
    }
}

/// A Swish payment must be 0,01 to 9 999 999,99 kr (Kronor's limits); refused before
/// anything is stored.
pub(super) fn check_swish_amount(amount: Ore) -> Result<(), CheckoutError> {
    if (MIN_SWISH..=MAX_SWISH).contains(&amount.get()) {
        Ok(())
    } else {
        Err(CheckoutError::InvalidOrder(format!(
            "Swish takes 0,01 to 9 999 999,99 kr; this payment is {amount}."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_swish_is_the_default() {
        for tender in [Tender::Swish, Tender::Invoice, Tender::Cash] {
            assert_eq!(Tender::from_key(tender.key()), Some(tender));
        }
        assert_eq!(Tender::from_key("card"), None);
        assert_eq!(Tender::default(), Tender::Swish);
    }
}
