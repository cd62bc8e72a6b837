//! A till file from before the keyed chain: its unkeyed SHA-256 chain is checked once, whole,
//! and then every entry, print and Z report in it is sealed under the till's key, in one
//! transaction, recorded in `journal_key`. Nothing in the journal itself is rewritten.

use rusqlite::Connection;

use super::chain;
use super::key::{JournalHead, JournalKey};
use super::seal::{self, Sealed};
use crate::error::{Error, Result};
use crate::storage::Db;

/// Seals a journal that has rows but no chain yet. A journal whose old chain is already broken
/// is refused (`database_corrupt`), never sealed: that would vouch for the alteration. So is
/// one whose till kept a head: it had a chain, so its chain was removed.
pub(crate) fn seal_unsealed(
    db: &Db,
    key: &JournalKey,
    last_written: Option<&JournalHead>,
) -> Result<()> {
    if !needs_sealing(db.conn())? {
        return Ok(());
    }
    if let Some(head) = last_written.filter(|h| h.records > 0) {
        return Err(Error::DatabaseCorrupt(format!(
            "the journal's chain is gone, but this till last wrote record {} ({}): it was removed outside Kassa",
            head.records,
            head.short_code()
        )));
    }
    let entries = chain::verify_from(db.conn(), 1)?;
    let tx = db.write_tx()?;
    // Another till on the same file may have sealed it meanwhile.
    if !needs_sealing(&tx)? {
        return Ok(());
    }
    let reason = format!(
        "keyed chain begun over the {entries} entries and their prints and Z reports written before it (their unkeyed chain was checked first)"
    );
    for kind in Sealed::ALL {
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT id FROM {} ORDER BY id", kind.table()))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            seal::append(&tx, key, kind, id, &reason)?;
        }
    }
    tx.commit()?;
    tracing::info!(entries, "journal sealed under the till's key");
    Ok(())
}

fn needs_sealing(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM journal_chain)
            AND (EXISTS (SELECT 1 FROM journal_entry) OR EXISTS (SELECT 1 FROM z_report))",
        [],
        |r| r.get(0),
    )?)
}
