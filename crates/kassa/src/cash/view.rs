//! Cash as the screen shows it: every amount as [`Money`], so the UI never does arithmetic
//! on money.

use serde::Serialize;

use super::{CashDay, CashDue, DENOMINATIONS, keys};
use crate::money::Tally;
use crate::money::{Money, Ore};

/// What the keypad offers for the sale on the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CashOffer.ts"))]
pub struct CashOffer {
    pub total: Money,
    /// Öresavrundning: `to_pay − total`.
    pub rounding: Money,
    pub to_pay: Money,
    /// Exact, then the next round sums (10, 50, 100, 200, 500 kr).
    pub keys: Vec<Money>,
}

impl CashOffer {
    pub fn new(due: CashDue) -> CashOffer {
        CashOffer {
            total: due.total.into(),
            rounding: due.rounding.into(),
            to_pay: due.to_pay.into(),
            keys: keys(due.to_pay).into_iter().map(Money::from).collect(),
        }
    }
}

/// A count and its amount, for the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CashTally.ts"))]
pub struct CashTally {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    pub amount: Money,
}

impl From<Tally> for CashTally {
    fn from(t: Tally) -> CashTally {
        CashTally {
            count: t.count,
            amount: t.amount.into(),
        }
    }
}

/// The cash day for the Reports screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CashDayView.ts"))]
pub struct CashDayView {
    pub float: Money,
    /// Whether the day's float is registered (a second one is refused).
    pub float_set: bool,
    pub sales: CashTally,
    pub refunds: CashTally,
    pub paid_in: CashTally,
    pub paid_out: CashTally,
    pub rounding: Money,
    pub expected: Money,
    pub counted: Option<Money>,
    /// `counted − expected`; negative when cash is missing.
    pub difference: Option<Money>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub drawer_openings: i64,
    /// The notes and coins a count asks for, largest first.
    pub denominations: Vec<Money>,
}

impl CashDayView {
    pub fn new(day: &CashDay) -> CashDayView {
        CashDayView {
            float: day.float.into(),
            float_set: day.float_set,
            sales: day.sales.into(),
            refunds: day.refunds.into(),
            paid_in: day.paid_in.into(),
            paid_out: day.paid_out.into(),
            rounding: day.rounding.into(),
            expected: day.expected.into(),
            counted: day.counted.map(Money::from),
            difference: day.difference.map(Money::from),
            drawer_openings: day.drawer_openings,
            denominations: DENOMINATIONS.iter().map(|&d| d.into()).collect(),
        }
    }
}

/// A cash sale as the pay screen shows it once paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CashPaid.ts"))]
pub struct CashPaid {
    pub to_pay: Money,
    pub rounding: Money,
    pub tendered: Money,
    pub change: Money,
}

impl CashPaid {
    /// What a cash checkout of `total` with `tendered` handed over came to.
    pub fn new(total: Ore, tendered: Ore) -> CashPaid {
        let due = super::cash_due(total);
        CashPaid {
            to_pay: due.to_pay.into(),
            rounding: due.rounding.into(),
            tendered: tendered.into(),
            change: (tendered - due.to_pay).into(),
        }
    }
}
