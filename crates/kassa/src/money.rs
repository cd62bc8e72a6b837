//! Money as integer öre. No floating point anywhere on the money path.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// An amount in öre (1 kr = 100 öre). Signed so that returns can be negative.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Ore(i64);

/// An amount as it crosses to the screen: öre for logic, text in both languages, so the UI
/// never does arithmetic on money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "Money.ts"))]
pub struct Money {
    /// Integer öre (1 kr = 100). Within Kronor's 32-bit range, so a JS number is exact.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ore: i64,
    /// `1 234,50 kr`
    pub sv: String,
    /// `SEK 1,234.50`
    pub en: String,
}

impl From<Ore> for Money {
    fn from(ore: Ore) -> Self {
        Money {
            ore: ore.get(),
            sv: ore.format(Locale::Swedish),
            en: ore.format(Locale::English),
        }
    }
}

/// How amounts are written for the cashier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// `1 234,50 kr`
    Swedish,
    /// `SEK 1,234.50`
    English,
}

/// The largest amount Kronor's API carries (its amounts are 32-bit integers).
pub const KRONOR_MAX: Ore = Ore(i32::MAX as i64);

impl Ore {
    pub const ZERO: Ore = Ore(0);

    pub const fn new(ore: i64) -> Ore {
        Ore(ore)
    }

    /// Whole kronor, for readable constants and tests.
    pub const fn kr(kronor: i64) -> Ore {
        Ore(kronor * 100)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Ore {
        Ore(self.0.abs())
    }

    pub fn checked_add(self, other: Ore) -> Option<Ore> {
        self.0.checked_add(other.0).map(Ore)
    }

    pub fn checked_sub(self, other: Ore) -> Option<Ore> {
        self.0.checked_sub(other.0).map(Ore)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Ore> {
        self.0.checked_mul(factor).map(Ore)
    }

    /// The amount as Kronor's 32-bit minor units, or a cashier-readable refusal.
    pub fn to_kronor(self) -> Result<i32> {
        i32::try_from(self.0).map_err(|_| {
            Error::AmountOutOfRange(format!(
                "{} is more than a single payment can carry ({}).",
                self.format(Locale::Swedish),
                KRONOR_MAX.format(Locale::Swedish)
            ))
        })
    }

    /// Writes the amount for a receipt or screen.
    pub fn format(self, locale: Locale) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        match locale {
            Locale::Swedish => format!("{sign}{},{frac:02} kr", group(whole, ' ')),
            Locale::English => format!("{sign}SEK {}.{frac:02}", group(whole, ',')),
        }
    }

    /// Reads what a cashier typed: `12,50`, `12.50`, `12` or `1 234,50`. Anything else is
    /// refused with a message that says what to type instead.
    pub fn parse(input: &str) -> Result<Ore> {
        let text = input.trim();
        let bad = |why: &str| {
            Err(Error::InvalidAmount(format!(
                "\"{}\" is not an amount: {why}. Type it like 12,50 or 1 234,50.",
                input.trim()
            )))
        };
        if text.is_empty() {
            return bad("it is empty");
        }
        if text.starts_with('-') {
            return bad("amounts cannot be negative");
        }
        let separators = text.matches([',', '.']).count();
        if separators > 1 {
            return bad("use a single decimal comma and no thousands separator other than a space");
        }
        let (whole, frac) = match text.find([',', '.']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let Some(whole) = whole_kronor(whole) else {
            return bad("only digits, grouped in threes by spaces, may come before the decimals");
        };
        let frac = match frac {
            None => 0,
            Some(f) if (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
                let n: i64 = f.parse().unwrap_or(0);
                if f.len() == 1 { n * 10 } else { n }
            }
            Some(_) => return bad("write one or two decimals after the comma"),
        };
        let ore = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac))
            .filter(|v| *v <= KRONOR_MAX.0);
        match ore {
            Some(v) => Ok(Ore(v)),
            None => Err(Error::AmountOutOfRange(format!(
                "\"{}\" is more than the till can take ({}).",
                input.trim(),
                KRONOR_MAX.format(Locale::Swedish)
            ))),
        }
    }
}

// Plain arithmetic for sums of amounts the till already holds: every one of them is within
// Kronor's 32-bit range (a line, an entry, a payment), so even four billion of them add up
// well inside i64. Amounts typed or imported, which have no such bound, go through
// `checked_add`/`checked_mul` and `to_kronor` instead.
impl std::ops::Add for Ore {
    type Output = Ore;
    fn add(self, other: Ore) -> Ore {
        Ore(self.0 + other.0)
    }
}

impl std::ops::Sub for Ore {
    type Output = Ore;
    fn sub(self, other: Ore) -> Ore {
        Ore(self.0 - other.0)
    }
}

impl std::ops::AddAssign for Ore {
    fn add_assign(&mut self, other: Ore) {
        self.0 += other.0;
    }
}

impl std::ops::SubAssign for Ore {
    fn sub_assign(&mut self, other: Ore) {
        self.0 -= other.0;
    }
}

impl std::iter::Sum for Ore {
    fn sum<I: Iterator<Item = Ore>>(amounts: I) -> Ore {
        amounts.fold(Ore::ZERO, |sum, amount| sum + amount)
    }
}

impl<'a> std::iter::Sum<&'a Ore> for Ore {
    fn sum<I: Iterator<Item = &'a Ore>>(amounts: I) -> Ore {
        amounts.copied().sum()
    }
}

impl fmt::Display for Ore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(Locale::Swedish))
    }
}

/// Reads `1234` or `1 234` (groups of three after the first); `None` for anything else.
fn whole_kronor(text: &str) -> Option<i64> {
    let is_space = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}';
    let groups: Vec<&str> = text.split(is_space).collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let ok = match groups.as_slice() {
        [one] => digits(one),
        [first, rest @ ..] => {
            digits(first) && first.len() <= 3 && rest.iter().all(|g| digits(g) && g.len() == 3)
        }
        [] => false,
    };
    if !ok {
        return None;
    }
    groups.concat().parse().ok()
}

fn group(mut n: u64, sep: char) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(&sep.to_string())
}

/// A count and the amount it adds up to (sales on a report, cash paid in on a day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: i64,
    pub amount: Ore,
}
