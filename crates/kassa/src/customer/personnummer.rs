//! The personnummer: normalised to 12 digits and checked (date, Luhn).

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{CustomerField, FieldProblem, Problem};
use crate::error::{Error, Result};

/// A Swedish personnummer (or samordningsnummer), normalised to 12 digits `YYYYMMDDNNNC`.
/// Deserialising checks it too (12 digits, as it is serialised), so a value from the UI
/// cannot skip the check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Personnummer(pub(super) String);

impl TryFrom<String> for Personnummer {
    type Error = Error;
    fn try_from(s: String) -> Result<Personnummer> {
        let digits = s.replace(['-', '+'], "");
        if digits.len() != 12 {
            return Err(Error::InvalidPersonnummer(format!(
                "\"{s}\" is not a 12-digit personnummer."
            )));
        }
        // The century is explicit, so the date only matters for 10-digit input.
        Personnummer::parse(&s, Date::MAX)
    }
}

impl From<Personnummer> for String {
    fn from(p: Personnummer) -> String {
        p.0
    }
}

impl Personnummer {
    /// Reads 10 or 12 digits with or without `-`/`+` (`+` marks someone 100 or older when only
    /// 10 digits are given). `today` decides the century of a 10-digit number.
    pub fn parse(input: &str, today: Date) -> Result<Personnummer> {
        Personnummer::check(input, today).map_err(Error::from)
    }

    /// [`Personnummer::parse`], answering what is wrong as a problem of the form's field.
    pub fn check(input: &str, today: Date) -> std::result::Result<Personnummer, FieldProblem> {
        let text = input.trim();
        let bad = |problem: Problem, why: &str| {
            Err(FieldProblem {
                field: CustomerField::Personnummer,
                problem,
                message: format!(
                    "\"{text}\" is not a valid personnummer: {why}. Type it as ÅÅÅÅMMDD-NNNN."
                ),
            })
        };
        let (digits, separator) = match text.find(['-', '+']) {
            Some(at) => {
                let (a, b) = text.split_at(at);
                (format!("{a}{}", &b[1..]), Some(&b[..1]))
            }
            None => (text.to_owned(), None),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return bad(
                Problem::PersonnummerFormat,
                "only digits and one - or + are allowed",
            );
        }
        if let Some(at) = text.find(['-', '+'])
            && text.len() - at != 5
        {
            return bad(
                Problem::PersonnummerFormat,
                "the - or + goes before the last four digits",
            );
        }
        let full = match digits.len() {
            12 => digits,
            10 => {
                let yy: i16 = digits[..2].parse().unwrap_or(0);
                let this_year = today.year();
                let mut year = this_year - this_year % 100 + yy;
                if year > this_year {
                    year -= 100;
                }
                if separator == Some("+") {
                    year -= 100;
                }
                format!("{year:04}{}", &digits[2..])
            }
            n => {
                return bad(
                    Problem::PersonnummerFormat,
                    &format!("it has {n} digits, not 10 or 12"),
                );
            }
        };
        let num = |range: std::ops::Range<usize>| full[range].parse::<i8>().unwrap_or(0);
        let year: i16 = full[..4].parse().unwrap_or(0);
        let (month, mut day) = (num(4..6), num(6..8));
        if day > 60 {
            day -= 60; // samordningsnummer
        }
        if Date::new(year, month, day).is_err() {
            return bad(Problem::PersonnummerDate, "the birth date does not exist");
        }
        if !luhn_ok(&full[2..]) {
            return bad(Problem::PersonnummerCheckDigit, "the check digit is wrong");
        }
        Ok(Personnummer(full))
    }

    /// The 12 digits, as Kronor's `nationalIdentificationNumber` takes them.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Personnummer {
    /// `YYYYMMDD-NNNN`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..8], &self.0[8..])
    }
}

/// The Luhn check over the 10 digits `YYMMDDNNNC`.
fn luhn_ok(ten: &str) -> bool {
    let sum: u32 = ten
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    sum.is_multiple_of(10)
}
