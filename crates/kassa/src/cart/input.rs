//! A line discount as the cashier types it, read into a [`Discount`].

use serde::{Deserialize, Serialize};

use super::Discount;
use crate::error::{Error, Result};
use crate::money::Ore;

/// An amount typed like `12,50`, or whole percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "DiscountInput.ts"))]
pub enum DiscountInput {
    Amount { amount: String },
    Percent { percent: u32 },
}

impl DiscountInput {
    /// The discount typed, or why it cannot be one.
    pub fn read(&self) -> Result<Discount> {
        match self {
            DiscountInput::Amount { amount } => Ok(Discount::Amount(Ore::parse(amount)?)),
            DiscountInput::Percent { percent } if *percent > 100 => Err(Error::InvalidDiscount(
                "A discount cannot be more than 100 %.".into(),
            )),
            DiscountInput::Percent { percent } => Ok(Discount::percent(*percent)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_amount_or_percent_becomes_a_discount_and_over_100_percent_is_refused() {
        let amount = DiscountInput::Amount {
            amount: "12,50".into(),
        };
        assert_eq!(amount.read().unwrap(), Discount::Amount(Ore::new(1250)));
        let percent = DiscountInput::Percent { percent: 10 };
        assert_eq!(percent.read().unwrap(), Discount::percent(10));
        let too_much = DiscountInput::Percent { percent: 101 };
        assert_eq!(
            too_much.read().unwrap_err().code(),
            crate::ErrorCode::InvalidDiscount
        );
        let garbage = DiscountInput::Amount {
            amount: "tolv".into(),
        };
        assert_eq!(
            garbage.read().unwrap_err().code(),
            crate::ErrorCode::InvalidAmount
        );
    }
}
