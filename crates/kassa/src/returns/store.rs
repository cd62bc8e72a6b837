//! The `sale_return` table: one row per returned (or being returned) sale, holding the
//! idempotency key from before the first request to Kronor until the RETUR entry exists.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::error::Result;
use crate::storage::Db;

/// Where a return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnState {
    /// The key is stored; Kronor's answer has not been stored yet (maybe never sent, maybe
    /// lost). Trying again re-sends the same key.
    Sending,
    /// Kronor returned the purchase and the RETUR entry is in the journal.
    Returned,
    /// Kronor refused; trying again re-sends the same key.
    Refused,
}

impl ReturnState {
    fn key(self) -> &'static str {
        match self {
            ReturnState::Sending => "sending",
            ReturnState::Returned => "returned",
            ReturnState::Refused => "refused",
        }
    }

    fn from_key(key: &str) -> ReturnState {
        match key {
            "returned" => ReturnState::Returned,
            "refused" => ReturnState::Refused,
            _ => ReturnState::Sending,
        }
    }
}

/// One row of `sale_return`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleReturn {
    pub id: i64,
    pub sale_entry_id: i64,
    pub idempotency_key: String,
    pub state: ReturnState,
    pub kronor_return_id: Option<String>,
    pub return_entry_id: Option<i64>,
    /// Kronor's refusal, in its words.
    pub failure: Option<String>,
}

const COLUMNS: &str =
    "id, sale_entry_id, idempotency_key, state, kronor_return_id, return_entry_id, failure";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SaleReturn> {
    let state: String = r.get(3)?;
    Ok(SaleReturn {
        id: r.get(0)?,
        sale_entry_id: r.get(1)?,
        idempotency_key: r.get(2)?,
        state: ReturnState::from_key(&state),
        kronor_return_id: r.get(4)?,
        return_entry_id: r.get(5)?,
        failure: r.get(6)?,
    })
}

/// The return of a sale, if one was ever started.
pub(super) fn for_sale(db: &Db, sale_entry_id: i64) -> Result<Option<SaleReturn>> {
    Ok(db
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM sale_return WHERE sale_entry_id = ?1"
        ))?
        .query_row([sale_entry_id], from_row)
        .optional()?)
}

/// The stored return of a sale, or a new one with `key`, committed before anything is sent.
pub(super) fn start(db: &Db, sale_entry_id: i64, key: &str, at: Timestamp) -> Result<SaleReturn> {
    let tx = db.write_tx()?;
    tx.execute(
        "INSERT INTO sale_return(sale_entry_id, idempotency_key, state, created_at, updated_at)
         VALUES (?1, ?2, 'sending', ?3, ?3) ON CONFLICT(sale_entry_id) DO NOTHING",
        params![sale_entry_id, key, at.to_string()],
    )?;
    tx.commit()?;
    for_sale(db, sale_entry_id)?.ok_or_else(|| {
        crate::Error::DatabaseCorrupt(format!("the return of entry {sale_entry_id} vanished"))
    })
}

/// Stores where the return got to.
pub(super) fn update(
    db: &Db,
    id: i64,
    state: ReturnState,
    kronor_return_id: Option<&str>,
    return_entry_id: Option<i64>,
    failure: Option<&str>,
    at: Timestamp,
) -> Result<()> {
    db.conn().execute(
        "UPDATE sale_return SET state = ?2,
            kronor_return_id = coalesce(?3, kronor_return_id),
            return_entry_id = coalesce(?4, return_entry_id),
            failure = ?5, updated_at = ?6
         WHERE id = ?1",
        params![
            id,
            state.key(),
            kronor_return_id,
            return_entry_id,
            failure,
            at.to_string()
        ],
    )?;
    Ok(())
}
