//! Checking the keyed chain: every record's MAC, the series of records, that every entry,
//! print and Z report is in the chain, that the head kept outside the file is still there, and
//! that the append-only triggers are the ones Kassa made. Every failure names the record.

use std::sync::OnceLock;

use rusqlite::{Connection, OptionalExtension};

use super::key::{JournalHead, JournalKey};
use super::seal::{self, Link, Sealed};
use crate::error::{Error, Result};

/// What a full walk found. The journal is trustworthy when [`ChainReport::keyed`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Chain records checked.
    pub records: u64,
    /// Of which journal entries.
    pub entries: u64,
    /// Runs of records (first, last) chained under the public key: no keyring when written.
    pub unkept: Vec<(u64, u64)>,
    /// Runs sealed with a key this till does not hold: their MACs could not be checked.
    pub foreign: Vec<(u64, u64)>,
}

impl ChainReport {
    /// Every record was checked under this till's own secret key.
    pub fn keyed(&self) -> bool {
        self.unkept.is_empty() && self.foreign.is_empty()
    }

    /// What keeps the journal from being fully trusted, in English, or `None`.
    pub fn caveat(&self) -> Option<String> {
        let runs = |runs: &[(u64, u64)]| {
            runs.iter()
                .map(|(a, b)| format!("{a}–{b}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.foreign.is_empty() {
            parts.push(format!(
                "journal records {} are sealed with a key this till does not hold, so they could not be checked",
                runs(&self.foreign)
            ));
        }
        if !self.unkept.is_empty() {
            parts.push(format!(
                "journal records {} were chained without a secret key (no OS keyring), so a deliberate edit would not show",
                runs(&self.unkept)
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

fn corrupt(why: String) -> Error {
    Error::DatabaseCorrupt(why)
}

/// The key each run of records is under: `(first_seq, key_id)`, oldest first.
fn runs(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT first_seq, key_id FROM journal_key ORDER BY first_seq")?;
    Ok(stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Which of the two keys a verifier has opens the run holding `seq`.
enum Under<'a> {
    Key(&'a JournalKey),
    Foreign,
}

/// The till's key and the public one with their ids, worked out once per walk (an id is an
/// HMAC of its own).
struct Keys<'a> {
    own: &'a JournalKey,
    own_id: String,
    unkept: JournalKey,
    unkept_id: String,
}

impl<'a> Keys<'a> {
    fn new(own: &'a JournalKey) -> Keys<'a> {
        let unkept = JournalKey::unkept();
        Keys {
            own,
            own_id: own.id(),
            unkept_id: unkept.id(),
            unkept,
        }
    }

    fn under(&self, runs: &[(i64, String)], seq: i64) -> Under<'_> {
        let id = runs
            .iter()
            .rev()
            .find(|(first, _)| *first <= seq)
            .map(|(_, id)| id);
        match id {
            Some(id) if *id == self.own_id => Under::Key(self.own),
            Some(id) if *id == self.unkept_id => Under::Key(&self.unkept),
            _ => Under::Foreign,
        }
    }
}

/// Walks the chain from record `from` (1 = all); the record before `from` is taken as stored.
pub(crate) fn walk(conn: &Connection, key: &JournalKey, from: i64) -> Result<ChainReport> {
    let from = from.max(1);
    let runs = runs(conn)?;
    let keys = Keys::new(key);
    let mut prev: Vec<u8> = if from == 1 {
        vec![0; 32]
    } else {
        conn.query_row(
            "SELECT mac FROM journal_chain WHERE seq = ?1",
            [from - 1],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| corrupt(missing_record(from - 1)))?
    };
    let mut report = ChainReport {
        records: 0,
        entries: 0,
        unkept: Vec::new(),
        foreign: Vec::new(),
    };
    let mut stmt = conn.prepare(
        "SELECT seq, kind, ref_id, label, mac FROM journal_chain WHERE seq >= ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([from])?;
    let mut expected = from;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let kind: String = row.get(1)?;
        let label: String = row.get(3)?;
        let stored: Vec<u8> = row.get(4)?;
        if seq != expected {
            return Err(corrupt(missing_record(expected)));
        }
        let kind = Sealed::from_key(&kind).ok_or_else(|| {
            corrupt(format!(
                "journal record {seq} has the unknown kind {kind:?}"
            ))
        })?;
        let link = Link {
            seq,
            kind,
            id: row.get(2)?,
            label: &label,
        };
        let broken = |how: &str| {
            corrupt(format!(
                "{label}: the chain is broken: {how} (journal record {seq})"
            ))
        };
        let record = seal::record(conn, kind, link.id)?
            .ok_or_else(|| broken("it was deleted after it was registered"))?;
        match keys.under(&runs, seq) {
            Under::Key(k) => {
                if seal::mac(k, &link, &prev, &record).as_slice() != stored.as_slice() {
                    return Err(broken("it was changed after it was registered"));
                }
                if k.is_unkept() {
                    push_run(&mut report.unkept, seq);
                }
            }
            Under::Foreign => push_run(&mut report.foreign, seq),
        }
        report.records += 1;
        report.entries += u64::from(kind == Sealed::Entry);
        prev = stored;
        expected += 1;
    }
    Ok(report)
}

fn push_run(runs: &mut Vec<(u64, u64)>, seq: i64) {
    let seq = seq as u64;
    match runs.last_mut() {
        Some((_, last)) if *last + 1 == seq => *last = seq,
        _ => runs.push((seq, seq)),
    }
}

fn missing_record(seq: i64) -> String {
    format!("journal record {seq} is missing: records were deleted from the journal")
}

/// Every entry, print and Z report is in the chain, and every record's row is still there.
/// `quick` compares the newest ids only and looks closer when they differ.
pub(crate) fn complete(conn: &Connection, quick: bool) -> Result<()> {
    for kind in Sealed::ALL {
        let table = kind.table();
        if quick {
            // Rows are never deleted, so ids run 1..n: the newest row and the newest sealed
            // one agree unless a row was added or the newest removed. Two index lookups.
            let (newest, sealed): (Option<i64>, Option<i64>) = conn.query_row(
                &format!(
                    "SELECT (SELECT max(id) FROM {table}),
                            (SELECT max(ref_id) FROM journal_chain WHERE kind = ?1)"
                ),
                [kind.key()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if newest == sealed {
                continue;
            }
        }
        let unsealed: Option<i64> = conn
            .query_row(
                &format!(
                    "SELECT id FROM {table} t WHERE NOT EXISTS
                       (SELECT 1 FROM journal_chain c WHERE c.kind = ?1 AND c.ref_id = t.id)
                     ORDER BY id LIMIT 1"
                ),
                [kind.key()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = unsealed {
            return Err(corrupt(format!(
                "{}: it is not in the journal's chain, so it was added outside Kassa",
                seal::label(conn, kind, id)?
            )));
        }
        let gone: Option<(i64, String)> = conn
            .query_row(
                &format!(
                    "SELECT seq, label FROM journal_chain c WHERE kind = ?1
                       AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = c.ref_id)
                     ORDER BY seq LIMIT 1"
                ),
                [kind.key()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((seq, label)) = gone {
            return Err(corrupt(format!(
                "{label}: the chain is broken: it was deleted after it was registered (journal record {seq})"
            )));
        }
    }
    Ok(())
}

/// The chain still reaches `head`, the head this till wrote last (kept outside the file).
/// A longer chain is fine: the head is kept after the commit, so a crash can leave it behind.
pub(crate) fn reaches(conn: &Connection, head: &JournalHead, whose: &str) -> Result<()> {
    if head.records == 0 {
        return Ok(());
    }
    let at: Option<(Vec<u8>, String)> = conn
        .query_row(
            "SELECT mac, label FROM journal_chain WHERE seq = ?1",
            [head.records as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let code = head.short_code();
    match at {
        None => {
            let last = seal::head(conn)?.map_or(0, |h| h.records);
            Err(corrupt(format!(
                "the journal ends at record {last}, but {whose} record {} ({code}): the newest records were deleted",
                head.records
            )))
        }
        Some((mac, label)) if mac.as_slice() != head.mac.as_slice() => Err(corrupt(format!(
            "journal record {} ({label}) is not the record {whose} ({code}): the journal was rewritten",
            head.records
        ))),
        Some(_) => Ok(()),
    }
}

/// Each Z report's journal head is still in the chain.
pub(crate) fn z_heads(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT z_number, register_id, journal_head FROM z_report
         WHERE journal_head IS NOT NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (number, register): (i64, String) = (row.get(0)?, row.get(1)?);
        let head = JournalHead::parse(&row.get::<_, String>(2)?)?;
        reaches(
            conn,
            &head,
            &format!("Z report {number} ({register}) closed at"),
        )?;
    }
    Ok(())
}

/// The check at open: the newest `tail` records, that no row was added outside the chain or
/// removed from its end (by newest ids), and that the chain still reaches the head this till last wrote.
pub(crate) fn at_open(
    conn: &Connection,
    key: &JournalKey,
    last_written: Option<&JournalHead>,
    tail: u64,
) -> Result<()> {
    let last = seal::head(conn)?.map_or(0, |h| h.records);
    walk(conn, key, (last + 1).saturating_sub(tail) as i64)?;
    complete(conn, true)?;
    if let Some(head) = last_written {
        reaches(conn, head, "this till last wrote")?;
    }
    Ok(())
}

/// Everything: every record, every row in the chain, every Z report's head.
pub(crate) fn full(
    conn: &Connection,
    key: &JournalKey,
    last_written: Option<&JournalHead>,
) -> Result<ChainReport> {
    triggers(conn)?;
    let report = walk(conn, key, 1)?;
    complete(conn, false)?;
    z_heads(conn)?;
    if let Some(head) = last_written {
        reaches(conn, head, "this till last wrote")?;
    }
    Ok(report)
}

/// The append-only triggers in the file are exactly those a fresh Kassa file has.
pub(crate) fn triggers(conn: &Connection) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1")?;
    for (name, sql) in expected_triggers()? {
        let found: Option<String> = stmt.query_row([name], |r| r.get(0)).optional()?;
        if found.as_deref().map(normalise) != Some(normalise(sql)) {
            return Err(corrupt(format!(
                "the journal's append-only trigger {name} is missing or altered, so the file was edited outside Kassa"
            )));
        }
    }
    Ok(())
}

fn normalise(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The refusing triggers of a fresh schema, made once per process in memory.
fn expected_triggers() -> Result<&'static [(String, String)]> {
    static EXPECTED: OnceLock<Vec<(String, String)>> = OnceLock::new();
    if let Some(found) = EXPECTED.get() {
        return Ok(found);
    }
    let fresh = Connection::open_in_memory()?;
    for script in crate::storage::MIGRATIONS {
        fresh.execute_batch(script)?;
    }
    let found: Vec<(String, String)> = fresh
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%RAISE(ABORT%' ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(EXPECTED.get_or_init(|| found))
}
