//! The customers kept in the database, found again by personnummer, name or phone.

use jiff::civil::Date;
use rusqlite::{OptionalExtension, Row, params};

use super::{Customer, Personnummer, SavedCustomer, phone_digits};
use crate::error::{Error, Result};
use crate::storage::Db;

const CUSTOMER_COLUMNS: &str =
    "id, personnummer, first_name, last_name, email, phone, street, postal_code, city, country";

fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<SavedCustomer> {
    Ok(SavedCustomer {
        id: row.get(0)?,
        customer: Customer {
            personnummer: Personnummer(row.get(1)?),
            first_name: row.get(2)?,
            last_name: row.get(3)?,
            email: row.get(4)?,
            phone: row.get(5)?,
            street: row.get(6)?,
            postal_code: row.get(7)?,
            city: row.get(8)?,
            country: row.get(9)?,
        },
    })
}

/// The customers of one database.
pub struct Customers<'a> {
    db: &'a Db,
}

impl Db {
    pub fn customers(&self) -> Customers<'_> {
        Customers { db: self }
    }
}

impl Customers<'_> {
    /// Saves a customer; one with the same personnummer is updated.
    pub fn save(&self, customer: Customer) -> Result<SavedCustomer> {
        let c = customer.validated()?;
        let id: i64 = self.db.conn().query_row(
            "INSERT INTO customer(personnummer, first_name, last_name, email, phone, phone_digits,
                                  street, postal_code, city, country)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT(personnummer) DO UPDATE SET first_name = excluded.first_name,
               last_name = excluded.last_name, email = excluded.email, phone = excluded.phone,
               phone_digits = excluded.phone_digits, street = excluded.street,
               postal_code = excluded.postal_code, city = excluded.city, country = excluded.country
             RETURNING id",
            params![
                c.personnummer.as_str(),
                c.first_name,
                c.last_name,
                c.email,
                c.phone,
                phone_digits(&c.phone),
                c.street,
                c.postal_code,
                c.city,
                c.country
            ],
            |r| r.get(0),
        )?;
        Ok(SavedCustomer { id, customer: c })
    }

    pub fn get(&self, id: i64) -> Result<SavedCustomer> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id = ?1");
        self.db
            .conn()
            .query_row(&sql, [id], customer_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("Customer {id} does not exist.")))
    }

    pub fn by_personnummer(&self, pnr: &Personnummer) -> Result<Option<SavedCustomer>> {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customer WHERE personnummer = ?1");
        Ok(self
            .db
            .conn()
            .query_row(&sql, [pnr.as_str()], customer_from_row)
            .optional()?)
    }

    /// Finds customers by personnummer (exact), phone (digits typed so far) or name (every
    /// word typed starts a first or last name).
    pub fn search(&self, typed: &str, today: Date, limit: usize) -> Result<Vec<SavedCustomer>> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Ok(Vec::new());
        }
        if let Ok(pnr) = Personnummer::parse(typed, today) {
            return Ok(self.by_personnummer(&pnr)?.into_iter().collect());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let conn = self.db.conn();
        let looks_like_phone = typed
            .chars()
            .all(|c| c.is_ascii_digit() || " -+()".contains(c));
        if looks_like_phone {
            let digits = phone_digits(typed);
            if digits.is_empty() {
                return Ok(Vec::new());
            }
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {CUSTOMER_COLUMNS} FROM customer WHERE phone_digits LIKE ?1 || '%'
                 ORDER BY last_name, first_name LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![digits, limit], customer_from_row)?;
            return Ok(rows.collect::<rusqlite::Result<_>>()?);
        }
        // Small table: filter in Rust so that Å, Ä and Ö compare case-insensitively too.
        let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customer ORDER BY last_name, first_name"
        ))?;
        let rows = stmt.query_map([], customer_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            let saved = row?;
            let first = saved.customer.first_name.to_lowercase();
            let last = saved.customer.last_name.to_lowercase();
            if words
                .iter()
                .all(|w| first.starts_with(w) || last.starts_with(w))
            {
                out.push(saved);
                if out.len() as i64 >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}
