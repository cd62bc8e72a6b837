//! The place of sale printed on every receipt and report, and what happens after a sale.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::settings::FieldProblem;
use crate::storage::Db;
use crate::text::{code_point, hidden_char};

/// What the till does with the receipt once a sale is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSale {
    /// Print on the receipt printer.
    Print,
    /// Make a PDF to save or share.
    Pdf,
    /// Nothing; the receipt can still be shown or made later.
    None,
}

impl AfterSale {
    fn key(self) -> &'static str {
        match self {
            AfterSale::Print => "print",
            AfterSale::Pdf => "pdf",
            AfterSale::None => "none",
        }
    }

    fn from_key(key: &str) -> Option<AfterSale> {
        match key {
            "print" => Some(AfterSale::Print),
            "pdf" => Some(AfterSale::Pdf),
            "none" => Some(AfterSale::None),
            _ => None,
        }
    }
}

/// The shop's details as the rules require them on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shop {
    pub name: String,
    /// Swedish organisation number, stored as `NNNNNN-NNNN`.
    pub org_number: String,
    /// Address of the place of sale.
    pub address: String,
    pub after_sale: AfterSale,
}

/// Why shop details were refused.
#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    #[error(transparent)]
    Storage(#[from] Error),
    #[error("The shop's {0} must be 1 to 100 characters.")]
    Missing(&'static str),
    #[error("The shop's {0} contains an invisible or control character ({1}); retype it.")]
    ControlCharacter(&'static str, String),
    #[error(
        "\"{0}\" is not an organisation number: type ten digits like 556677-8899 (the last digit is a check digit)."
    )]
    OrgNumber(String),
}

impl Shop {
    /// Checks and normalises the details (organisation number with its Luhn check digit).
    pub fn validated(mut self) -> std::result::Result<Shop, ShopError> {
        for (what, value) in [("name", &mut self.name), ("address", &mut self.address)] {
            *value = value.trim().to_owned();
            check_text(what, value)?;
        }
        self.org_number = org_number(&self.org_number)?;
        Ok(self)
    }
}

impl ShopError {
    /// The form field this error belongs to, for a message beside it.
    pub fn into_problem(self) -> FieldProblem {
        match self {
            ShopError::Missing(field) => {
                FieldProblem::new(field, "missing", ShopError::Missing(field).to_string())
            }
            e @ ShopError::ControlCharacter(field, _) => {
                FieldProblem::new(field, "control_character", e.to_string())
            }
            e @ ShopError::OrgNumber(_) => {
                FieldProblem::new("org_number", "org_number", e.to_string())
            }
            e @ ShopError::Storage(_) => FieldProblem::new("shop", "storage", e.to_string()),
        }
    }
}

impl Shop {
    /// Every field that cannot be saved as typed (where [`Shop::validated`] stops at the
    /// first), so the form can mark them all at once.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        for (field, value) in [("name", &self.name), ("address", &self.address)] {
            if let Err(e) = check_text(field, value.trim()) {
                out.push(e.into_problem());
            }
        }
        if let Err(e) = org_number(&self.org_number) {
            out.push(e.into_problem());
        }
        out
    }

    /// Writes the (validated) details in `tx`.
    pub(crate) fn write(&self, tx: &rusqlite::Transaction<'_>) -> Result<()> {
        tx.execute(
            "INSERT INTO shop(id, name, org_number, address, after_sale) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET name = ?1, org_number = ?2, address = ?3, after_sale = ?4",
            params![self.name, self.org_number, self.address, self.after_sale.key()],
        )?;
        Ok(())
    }
}

/// A trimmed name or address: 1 to 100 characters, none of them hidden (they would reach the
/// receipt printer as commands).
fn check_text(what: &'static str, value: &str) -> std::result::Result<(), ShopError> {
    let chars = value.chars().count();
    if chars == 0 || chars > 100 {
        return Err(ShopError::Missing(what));
    }
    match hidden_char(value) {
        Some(c) => Err(ShopError::ControlCharacter(what, code_point(c))),
        None => Ok(()),
    }
}

/// The organisation number as `NNNNNN-NNNN`, if it is ten digits with a right check digit.
fn org_number(typed: &str) -> std::result::Result<String, ShopError> {
    let digits: String = typed.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) || !luhn(&digits) {
        return Err(ShopError::OrgNumber(typed.trim().to_owned()));
    }
    Ok(format!("{}-{}", &digits[..6], &digits[6..]))
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl Db {
    /// The shop's details; an error telling where to enter them if they were never set.
    pub fn shop(&self) -> Result<Shop> {
        let row: Option<(String, String, String, String)> = self
            .conn()
            .query_row(
                "SELECT name, org_number, address, after_sale FROM shop WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((name, org_number, address, after)) = row else {
            return Err(Error::NotFound(
                "The shop's name, organisation number and address are not set; enter them in Settings before the first receipt.".into(),
            ));
        };
        Ok(Shop {
            name,
            org_number,
            address,
            after_sale: AfterSale::from_key(&after).ok_or_else(|| {
                Error::DatabaseCorrupt("the after-sale setting is unknown".into())
            })?,
        })
    }

    /// Checks (see [`Shop::validated`]) and saves the shop's details; returns them normalised.
    pub fn set_shop(&self, shop: Shop) -> std::result::Result<Shop, ShopError> {
        let shop = shop.validated()?;
        let tx = self.write_tx()?;
        shop.write(&tx)?;
        tx.commit().map_err(Error::from)?;
        Ok(shop)
    }
}
