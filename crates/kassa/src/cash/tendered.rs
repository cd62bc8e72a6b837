//! What the customer hands over: checked against what is due, the change to give back, and
//! the keypad's quick amounts.

use serde::{Deserialize, Serialize};

use super::rounding::CashDue;
use crate::error::{Error, Result};
use crate::money::Ore;

/// The most a cashier may key in as handed over: a typo (1 000 000 kr) is refused, not
/// turned into a fortune in change.
pub const MAX_TENDERED: Ore = Ore::kr(100_000);

/// The quick amounts the keypad offers: exact, then the next sum of 10, 50, 100, 200 and
/// 500 kr above it; each offered once, smallest first.
pub fn keys(to_pay: Ore) -> Vec<Ore> {
    let mut keys = vec![to_pay];
    for step in [10, 50, 100, 200, 500] {
        let step = Ore::kr(step).get();
        let next = Ore::new((to_pay.get() / step + 1) * step);
        if next <= MAX_TENDERED && !keys.contains(&next) {
            keys.push(next);
        }
    }
    keys.sort();
    keys
}

/// The change for `tendered` against `due`: refused when it is less than what is due (the
/// message says how much is missing) or beyond [`MAX_TENDERED`].
pub fn change(due: &CashDue, tendered: Ore) -> Result<Ore> {
    if tendered.is_negative() || tendered > MAX_TENDERED {
        return Err(Error::AmountOutOfRange(format!(
            "The amount handed over must be between 0 and {}; {} was keyed in.",
            MAX_TENDERED, tendered
        )));
    }
    if tendered < due.to_pay {
        return Err(Error::CashShort {
            to_pay: due.to_pay.to_string(),
            missing: (due.to_pay - tendered).to_string(),
        });
    }
    Ok(tendered - due.to_pay)
}

/// A cash payment as made: what was due, handed over and given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashPayment {
    pub due: CashDue,
    pub tendered: Ore,
    pub change: Ore,
}

impl CashPayment {
    /// `tendered` against `due`, checked as [`change`] does.
    pub fn new(due: CashDue, tendered: Ore) -> Result<CashPayment> {
        let change = change(&due, tendered)?;
        Ok(CashPayment {
            due,
            tendered,
            change,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::rounding::cash_due;
    use super::*;

    #[test]
    fn change_is_what_was_handed_over_less_the_rounded_total() {
        let due = cash_due(Ore::new(13_460)); // 134,60 → 135
        assert_eq!(change(&due, Ore::kr(200)).unwrap(), Ore::kr(65));
        assert_eq!(change(&due, Ore::kr(135)).unwrap(), Ore::ZERO);
        let short = change(&due, Ore::kr(100)).unwrap_err();
        assert!(matches!(&short, Error::CashShort { missing, .. } if missing == "35,00 kr"));
        assert!(short.to_string().contains("35,00"), "{short}");
        let typo = change(&due, Ore::kr(1_000_000)).unwrap_err();
        assert_eq!(typo.code(), crate::ErrorCode::AmountOutOfRange);
        assert!(change(&due, Ore::new(-100)).is_err());
    }

    #[test]
    fn quick_keys_are_exact_then_the_next_round_sums() {
        let kr = |v: &[i64]| v.iter().map(|&k| Ore::kr(k)).collect::<Vec<_>>();
        assert_eq!(keys(Ore::kr(135)), kr(&[135, 140, 150, 200, 500]));
        assert_eq!(keys(Ore::kr(40)), kr(&[40, 50, 100, 200, 500]));
        assert_eq!(keys(Ore::kr(500)), kr(&[500, 510, 550, 600, 1000]));
        assert_eq!(keys(Ore::ZERO), kr(&[0, 10, 50, 100, 200, 500]));
    }
}
