//! The place of sale printed on every receipt and report, and what happens after a sale.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::storage::Db;

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
            if value.is_empty() || value.chars().count() > 100 {
                return Err(ShopError::Missing(what));
            }
        }
        let digits: String = self
            .org_number
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) || !luhn(&digits) {
            return Err(ShopError::OrgNumber(self.org_number.trim().to_owned()));
        }
        self.org_number = format!("{}-{}", &digits[..6], &digits[6..]);
        Ok(self)
    }
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
        self.conn().execute(
            "INSERT INTO shop(id, name, org_number, address, after_sale) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET name = ?1, org_number = ?2, address = ?3, after_sale = ?4",
            params![shop.name, shop.org_number, shop.address, shop.after_sale.key()],
        )
        .map_err(Error::from)?;
        Ok(shop)
    }
}
