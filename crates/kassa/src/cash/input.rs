//! The drawer's cash as the cashier enters it, read into a [`CashEventKind`].

use serde::{Deserialize, Serialize};

use super::{CashEventKind, DrawerCount};
use crate::error::Result;
use crate::money::Ore;

/// An amount as typed (`12,50`), a reason for paid in and out, or a count of each note and
/// coin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CashEventInput.ts"))]
pub enum CashEventInput {
    Float {
        amount: String,
    },
    PaidIn {
        amount: String,
        reason: String,
    },
    PaidOut {
        amount: String,
        reason: String,
    },
    Counted {
        /// `(denomination in öre, pieces)`.
        #[cfg_attr(feature = "ts", ts(type = "Array<[number, number]>"))]
        pieces: Vec<(i64, u32)>,
    },
}

impl CashEventInput {
    /// The event entered, or why an amount cannot be read ([`Db::record_cash`](crate::Db)
    /// checks the rest).
    pub fn read(self) -> Result<CashEventKind> {
        Ok(match self {
            CashEventInput::Float { amount } => CashEventKind::Float {
                amount: Ore::parse(&amount)?,
            },
            CashEventInput::PaidIn { amount, reason } => CashEventKind::PaidIn {
                amount: Ore::parse(&amount)?,
                reason,
            },
            CashEventInput::PaidOut { amount, reason } => CashEventKind::PaidOut {
                amount: Ore::parse(&amount)?,
                reason,
            },
            CashEventInput::Counted { pieces } => CashEventKind::Counted {
                count: DrawerCount {
                    pieces: pieces.into_iter().map(|(d, n)| (Ore::new(d), n)).collect(),
                },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_and_counts_are_read_into_events() {
        let paid_out = CashEventInput::PaidOut {
            amount: "20,50".into(),
            reason: "Mjölk".into(),
        };
        assert_eq!(
            paid_out.read().unwrap(),
            CashEventKind::PaidOut {
                amount: Ore::new(2050),
                reason: "Mjölk".into()
            }
        );
        let typo = CashEventInput::Float {
            amount: "5OO".into(),
        };
        assert_eq!(
            typo.read().unwrap_err().code(),
            crate::ErrorCode::InvalidAmount
        );
        let counted = CashEventInput::Counted {
            pieces: vec![(20_000, 2)],
        };
        assert_eq!(
            counted.read().unwrap(),
            CashEventKind::Counted {
                count: DrawerCount {
                    pieces: vec![(Ore::kr(200), 2)]
                }
            }
        );
    }
}
