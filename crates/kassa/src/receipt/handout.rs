//! Whether a receipt's original really went out. The original is made, and recorded in the
//! journal, before it is printed or saved; a till killed in between must give the same
//! original out again, never leave the customer only the copy.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use crate::error::Result;
use crate::storage::Db;

/// How an original went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandedOut {
    Print,
    Pdf,
    /// Shown on the till's screen: the after-sale default is no paper and no file.
    Screen,
}

impl HandedOut {
    fn key(self) -> &'static str {
        match self {
            HandedOut::Print => "print",
            HandedOut::Pdf => "pdf",
            HandedOut::Screen => "screen",
        }
    }
}

impl Db {
    /// Records that the original of `entry_id` went out (the first time counts).
    pub fn record_handed_out(&self, entry_id: i64, how: HandedOut, at: Timestamp) -> Result<()> {
        self.conn().execute(
            "INSERT OR IGNORE INTO receipt_handed_out (entry_id, at, how) VALUES (?1, ?2, ?3)",
            params![entry_id, at.to_string(), how.key()],
        )?;
        Ok(())
    }

    /// Whether the original of `entry_id` has gone out at least once.
    pub fn original_handed_out(&self, entry_id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM receipt_handed_out WHERE entry_id = ?1",
                [entry_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}
