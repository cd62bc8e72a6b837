//! Cash is paid in whole kronor since the öre coins went: the total to pay in cash is the
//! sale's total rounded to the nearest krona, half a krona up (away from zero, so a refund
//! rounds the same way as the sale it refunds). The rounding is its own line
//! ("Öresavrundning"); the VAT is worked out on the unrounded total and never changes.

use serde::{Deserialize, Serialize};

use crate::money::Ore;

/// What a cash payment of a total comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashDue {
    /// The sale's total, VAT included, in öre.
    pub total: Ore,
    /// `to_pay − total`: −49..=50 öre (a refund: −50..=49).
    pub rounding: Ore,
    /// Whole kronor.
    pub to_pay: Ore,
}

impl CashDue {
    /// A sum already in whole kronor (a cash part of a sale paid in parts): nothing rounded.
    pub fn whole(amount: Ore) -> CashDue {
        CashDue {
            total: amount,
            rounding: Ore::ZERO,
            to_pay: amount,
        }
    }
}

/// The cash due on `total`.
pub fn cash_due(total: Ore) -> CashDue {
    let ore = total.get();
    let whole = (ore.abs() + 50) / 100 * 100;
    let to_pay = Ore::new(if ore < 0 { -whole } else { whole });
    CashDue {
        total,
        rounding: to_pay - total,
        to_pay,
    }
}

/// The same rounding in SQLite, for sums over the journal: the öre a cash entry of
/// `total_ore` was rounded by. Kept beside [`cash_due`] and tested against it.
pub(crate) const ROUNDING_SQL: &str = "(CASE WHEN total_ore < 0 THEN -((-total_ore + 50) / 100 * 100) \
     ELSE (total_ore + 50) / 100 * 100 END - total_ore)";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every öre remainder around 1, 10, 100 and 1 000 kr, as a shop rounds by hand.
    #[test]
    fn every_ore_remainder_rounds_to_the_nearest_krona_half_up() {
        for base in [1, 10, 100, 1_000] {
            for rem in 0..100 {
                let total = Ore::new(base * 100 + rem);
                let due = cash_due(total);
                let expected = if rem >= 50 { base + 1 } else { base };
                assert_eq!(due.to_pay, Ore::kr(expected), "{total}");
                assert_eq!(due.rounding, Ore::kr(expected) - total, "{total}");
                assert!((-49..=50).contains(&due.rounding.get()), "{total}");
                // A refund of the same sale rounds to the same kronor, negated.
                let back = cash_due(Ore::new(-total.get()));
                assert_eq!(back.to_pay, Ore::new(-due.to_pay.get()), "-{total}");
                assert_eq!(back.rounding, Ore::new(-due.rounding.get()), "-{total}");
            }
        }
        assert_eq!(cash_due(Ore::ZERO).to_pay, Ore::ZERO);
        assert_eq!(cash_due(Ore::new(49)).to_pay, Ore::ZERO);
        assert_eq!(cash_due(Ore::new(50)).to_pay, Ore::kr(1));
    }

    #[test]
    fn sqlite_rounds_as_cash_due_does() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for total in (-2_000..=2_000).chain([99_999_950, 99_999_949, -99_999_950]) {
            let sql = format!("SELECT {ROUNDING_SQL} FROM (SELECT ?1 AS total_ore)");
            let rounding: i64 = conn.query_row(&sql, [total], |r| r.get(0)).unwrap();
            assert_eq!(
                rounding,
                cash_due(Ore::new(total)).rounding.get(),
                "{total}"
            );
        }
    }
}
