//! Counting the drawer at the day's close: Swedish notes and coins, each with how many.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::Ore;

/// The notes and coins in use (Riksbanken), largest first: notes 1 000, 500, 200, 100, 50,
/// 20 kr; coins 10, 5, 2, 1 kr.
pub const DENOMINATIONS: [Ore; 10] = [
    Ore::kr(1_000),
    Ore::kr(500),
    Ore::kr(200),
    Ore::kr(100),
    Ore::kr(50),
    Ore::kr(20),
    Ore::kr(10),
    Ore::kr(5),
    Ore::kr(2),
    Ore::kr(1),
];

/// More pieces of one kind than any drawer holds: a typo.
const MAX_PIECES: u32 = 100_000;

/// A counted drawer: how many of each denomination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawerCount {
    /// `(denomination, pieces)`; a denomination left out counts as none.
    pub pieces: Vec<(Ore, u32)>,
}

impl DrawerCount {
    /// Checks that each denomination is a Swedish note or coin, given once, with a sane count.
    pub fn checked(self) -> Result<DrawerCount> {
        let mut seen = Vec::new();
        for &(denomination, pieces) in &self.pieces {
            if !DENOMINATIONS.contains(&denomination) {
                return Err(Error::InvalidAmount(format!(
                    "{denomination} is not a Swedish note or coin."
                )));
            }
            if seen.contains(&denomination) {
                return Err(Error::InvalidAmount(format!(
                    "{denomination} is counted twice."
                )));
            }
            if pieces > MAX_PIECES {
                return Err(Error::AmountOutOfRange(format!(
                    "{pieces} pieces of {denomination} is more than a drawer holds."
                )));
            }
            seen.push(denomination);
        }
        Ok(self)
    }

    /// What the drawer holds in all.
    pub fn total(&self) -> Ore {
        self.pieces
            .iter()
            .map(|&(denomination, pieces)| Ore::new(denomination.get() * i64::from(pieces)))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counted_drawer_adds_up_by_denomination() {
        let count = DrawerCount {
            pieces: vec![
                (Ore::kr(500), 2),
                (Ore::kr(100), 7),
                (Ore::kr(20), 3),
                (Ore::kr(5), 1),
                (Ore::kr(1), 4),
            ],
        }
        .checked()
        .unwrap();
        assert_eq!(count.total(), Ore::kr(1_769));
        assert_eq!(DrawerCount::default().total(), Ore::ZERO);
    }

    #[test]
    fn unknown_or_doubled_denominations_are_refused() {
        let bad = |pieces| DrawerCount { pieces }.checked().is_err();
        assert!(bad(vec![(Ore::kr(25), 1)]));
        assert!(bad(vec![(Ore::new(50), 1)])); // 50 öre coins went in 2010
        assert!(bad(vec![(Ore::kr(10), 1), (Ore::kr(10), 2)]));
        assert!(bad(vec![(Ore::kr(10), 100_001)]));
    }
}
