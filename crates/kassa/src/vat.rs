//! VAT: classes on products, rates as data with validity dates, and tax per line by Kronor's rule.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime, date};
use jiff::{Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::Ore;

/// What kind of goods a product is, for VAT. The rate follows from the class and the sale's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatClass {
    /// Most goods: 25 %.
    Standard,
    /// Food (livsmedel): 12 %, 6 % from 2026-04-01 to 2027-12-31.
    Food,
    /// Restaurant and café service, hotels: 12 %.
    Reduced,
    /// Books, newspapers, culture, passenger transport: 6 %.
    Culture,
    /// Exempt or outside VAT (e.g. multi-purpose gift cards): 0 %.
    Exempt,
}

impl VatClass {
    pub const ALL: [VatClass; 5] = [
        VatClass::Standard,
        VatClass::Food,
        VatClass::Reduced,
        VatClass::Culture,
        VatClass::Exempt,
    ];

    /// The key stored in the database and used in CSV files.
    pub fn key(self) -> &'static str {
        match self {
            VatClass::Standard => "standard",
            VatClass::Food => "food",
            VatClass::Reduced => "reduced",
            VatClass::Culture => "culture",
            VatClass::Exempt => "exempt",
        }
    }
}

impl fmt::Display for VatClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for VatClass {
    type Err = Error;

    /// Accepts the keys and their Swedish names, ignoring case.
    fn from_str(s: &str) -> Result<VatClass> {
        match s.trim().to_lowercase().as_str() {
            "standard" | "normal" => Ok(VatClass::Standard),
            "food" | "livsmedel" => Ok(VatClass::Food),
            "reduced" | "restaurang" => Ok(VatClass::Reduced),
            "culture" | "kultur" => Ok(VatClass::Culture),
            "exempt" | "momsfri" => Ok(VatClass::Exempt),
            _ => Err(Error::InvalidProduct(format!(
                "\"{s}\" is not a VAT class; use standard, food, reduced, culture or exempt."
            ))),
        }
    }
}

/// A VAT rate in hundredths of a percent, as Kronor's `taxRate`: 25 % = `2500`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VatRate(u32);

impl VatRate {
    pub const fn from_basis(hundredths_of_percent: u32) -> VatRate {
        VatRate(hundredths_of_percent)
    }

    pub const fn percent(p: u32) -> VatRate {
        VatRate(p * 100)
    }

    pub const fn basis(self) -> u32 {
        self.0
    }

    /// The VAT inside a VAT-inclusive `total`, rounded to the nearest öre (halves away from
    /// zero). Kronor accepts anything within ±1 of `total − total × 10000 / (10000 + rate)`;
    /// the exact value lies between that and one below, so rounding stays inside the window.
    pub fn tax_of(self, total: Ore) -> Ore {
        let t = i128::from(total.get());
        let r = i128::from(self.0);
        let den = 10_000 + r;
        let num = t * r;
        let half = den / 2;
        let rounded = if num >= 0 {
            (num + half) / den
        } else {
            -((-num + half) / den)
        };
        // |tax| <= |total| so this always fits.
        Ore::new(rounded as i64)
    }
}

impl fmt::Display for VatRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole} %")
        } else {
            write!(f, "{whole},{frac:02} %")
        }
    }
}

/// One rule: `class` is taxed at `rate` on days in `[from, until]` (either end open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatRule {
    pub class: VatClass,
    pub rate: VatRate,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

/// The rates in force, as data. Later rules win over earlier ones for the same day, so a
/// temporary change is written as an override of the standing rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatTable {
    rules: Vec<VatRule>,
}

impl VatTable {
    pub fn new(rules: Vec<VatRule>) -> VatTable {
        VatTable { rules }
    }

    /// Sweden's rates, including the temporary food reduction of 2026–2027.
    pub fn sweden() -> VatTable {
        let always = |class, p| VatRule {
            class,
            rate: VatRate::percent(p),
            from: None,
            until: None,
        };
        VatTable::new(vec![
            always(VatClass::Standard, 25),
            always(VatClass::Food, 12),
            always(VatClass::Reduced, 12),
            always(VatClass::Culture, 6),
            always(VatClass::Exempt, 0),
            VatRule {
                class: VatClass::Food,
                rate: VatRate::percent(6),
                from: Some(date(2026, 4, 1)),
                until: Some(date(2027, 12, 31)),
            },
        ])
    }

    pub fn rules(&self) -> &[VatRule] {
        &self.rules
    }

    /// The rate for `class` on the sale's date.
    pub fn rate(&self, class: VatClass, on: Date) -> Result<VatRate> {
        self.rules
            .iter()
            .rev()
            .find(|r| {
                r.class == class
                    && r.from.is_none_or(|from| from <= on)
                    && r.until.is_none_or(|until| on <= until)
            })
            .map(|r| r.rate)
            .ok_or_else(|| Error::NoVatRate {
                class: class.to_string(),
                date: on.to_string(),
            })
    }
}

/// The date of a sale made at `at`, in Swedish time: that is the date VAT follows.
pub fn sale_date(at: Timestamp) -> Date {
    swedish_time(at).date()
}

/// Swedish local time of a moment: what receipts, reports and the control unit's record show.
pub fn swedish_time(at: Timestamp) -> DateTime {
    // Looked up once: a year's journal export converts every registration's time.
    static STOCKHOLM: std::sync::OnceLock<TimeZone> = std::sync::OnceLock::new();
    STOCKHOLM
        .get_or_init(|| {
            // The tz database is bundled, so UTC only guards against a broken build.
            TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC)
        })
        .to_datetime(at)
}
