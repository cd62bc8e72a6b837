//! Parking a sale (putting it aside for a customer who stepped away) and recalling it.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Cart;
use crate::error::{Error, Result};
use crate::storage::Db;

/// A parked sale as listed on the till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParkedSale {
    pub id: i64,
    pub parked_at: Timestamp,
    pub label: String,
}

/// The parked sales of one database.
pub struct ParkedSales<'a> {
    db: &'a Db,
}

impl Db {
    pub fn parked_sales(&self) -> ParkedSales<'_> {
        ParkedSales { db: self }
    }
}

impl ParkedSales<'_> {
    /// Stores the cart; the caller then clears its own.
    pub fn park(&self, cart: &Cart, label: &str, at: Timestamp) -> Result<ParkedSale> {
        if cart.is_empty() {
            return Err(Error::EmptySale);
        }
        let json = serde_json::to_string(cart)
            .map_err(|e| Error::InvalidJournalEntry(format!("The sale cannot be parked: {e}")))?;
        let label = label.trim().to_owned();
        let tx = self.db.write_tx()?;
        tx.execute(
            "INSERT INTO parked_sale(parked_at, label, cart_json) VALUES (?1, ?2, ?3)",
            params![at.to_string(), label, json],
        )?;
        let id = tx.last_insert_rowid();
        // Kept for the journal export, which shows every parking.
        tx.execute(
            "INSERT INTO parking_event(parked_id, event, at, cart_json) VALUES (?1, 'parked', ?2, ?3)",
            params![id, at.to_string(), json],
        )?;
        tx.commit()?;
        Ok(ParkedSale {
            id,
            parked_at: at,
            label,
        })
    }

    /// Parked sales, oldest first.
    pub fn list(&self) -> Result<Vec<ParkedSale>> {
        let mut stmt = self
            .db
            .conn()
            .prepare_cached("SELECT id, parked_at, label FROM parked_sale ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, label) = row?;
            out.push(ParkedSale {
                id,
                parked_at: at.parse().map_err(|_| {
                    Error::DatabaseCorrupt(format!("parked sale {id} has a bad time"))
                })?,
                label,
            });
        }
        Ok(out)
    }

    /// Takes a parked sale back at `at`; it is no longer parked afterwards.
    pub fn recall(&self, id: i64, at: Timestamp) -> Result<Cart> {
        let tx = self.db.write_tx()?;
        let json: Option<String> = tx
            .query_row(
                "SELECT cart_json FROM parked_sale WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let json = json.ok_or_else(|| {
            Error::NotFound(format!(
                "Parked sale {id} does not exist (already recalled?)."
            ))
        })?;
        let cart: Cart = serde_json::from_str(&json)
            .map_err(|e| Error::DatabaseCorrupt(format!("parked sale {id} cannot be read: {e}")))?;
        tx.execute("DELETE FROM parked_sale WHERE id = ?1", [id])?;
        tx.execute(
            "INSERT INTO parking_event(parked_id, event, at, cart_json) VALUES (?1, 'recalled', ?2, '')",
            params![id, at.to_string()],
        )?;
        tx.commit()?;
        Ok(cart)
    }
}
