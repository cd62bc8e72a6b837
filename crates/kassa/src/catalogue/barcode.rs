//! EAN-8, UPC-A and EAN-13 barcodes with GS1 check digit validation.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::problem::Problem;
use crate::error::{Error, Result};

/// A barcode whose length and check digit are valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Barcode(String);

impl Barcode {
    /// Validates digits, length (8, 12 or 13) and the GS1 check digit.
    pub fn parse(input: &str) -> Result<Barcode> {
        Barcode::check(input).map_err(|p| {
            let mut message = p.message("barcode");
            message.push('.');
            Error::InvalidBarcode(message)
        })
    }

    /// [`Barcode::parse`] with the reason as data, for a message next to the field.
    pub fn check(input: &str) -> std::result::Result<Barcode, Problem> {
        let code = input.trim();
        let typed = code.to_owned();
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::BarcodeNotDigits { typed });
        }
        if ![8, 12, 13].contains(&code.len()) {
            let digits = code.len();
            return Err(Problem::BarcodeLength { typed, digits });
        }
        let (body, check) = code.split_at(code.len() - 1);
        let expected = check_digit(body);
        if check.as_bytes()[0] - b'0' != expected {
            return Err(Problem::BarcodeCheckDigit { typed, expected });
        }
        Ok(Barcode(typed))
    }

    /// Appends the check digit to a body of 7, 11 or 12 digits (for generated codes).
    pub fn with_check_digit(body: &str) -> Result<Barcode> {
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidBarcode(format!(
                "\"{body}\" is not all digits."
            )));
        }
        Barcode::parse(&format!("{body}{}", check_digit(body)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The other spelling of the same code: a UPC-A is also an EAN-13 with a leading 0, and
    /// scanners may send either.
    pub fn alternative(&self) -> Option<String> {
        match self.0.len() {
            12 => Some(format!("0{}", self.0)),
            13 if self.0.starts_with('0') => Some(self.0[1..].to_owned()),
            _ => None,
        }
    }
}

/// GS1: weights 3 and 1 alternate from the rightmost body digit.
fn check_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl fmt::Display for Barcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Barcode {
    type Error = Error;
    fn try_from(s: String) -> Result<Barcode> {
        Barcode::parse(&s)
    }
}

impl From<Barcode> for String {
    fn from(b: Barcode) -> String {
        b.0
    }
}
