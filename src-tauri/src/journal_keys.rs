//! The journal's secret key and its head in the OS keyring, beside the Kronor token: the two
//! things the till keeps outside its file so that its journal cannot be rewritten, or cut
//! short, without it showing (the rules are in `kassa::journal`).
//!
//! The key is made at the till's first start and read at every start after; the head is
//! written after every record the till appends ([`HeadKeeper`]). Both entries are named after
//! the till's file, so two tills on one machine keep their own.
//!
//! With no usable keyring the till still opens — an existing till must, and the sale goes on —
//! but with [`JournalKey::unkept`], the public key: the chain then shows damage, not a
//! deliberate rewrite, and the integrity banner says so on every screen. Nothing is ever kept
//! in a file instead.

use std::path::Path;
use std::sync::Arc;

use kassa::Db;
use kassa::journal::{HeadKeeper, JournalHead, JournalKey};
use keyring::Entry;

use crate::credentials::CredentialStore;
use crate::error::AppError;

/// The till's journal key and the head it last wrote, as read from the keyring at start.
pub struct TillJournal {
    key: JournalKey,
    /// Why no secret key is kept, when the till runs with the public one.
    unkept: Option<String>,
    /// The head read at start; `None` before the first one is kept.
    head: Option<JournalHead>,
    keeper: Option<Arc<KeyringHead>>,
}

impl TillJournal {
    /// Reads (or, at the till's first start, makes) the key of the till at `db_path`.
    pub fn from_keyring(store: &CredentialStore, db_path: &Path) -> TillJournal {
        if let Some(reason) = store.unavailable() {
            return TillJournal::without_keyring(format!("no OS keyring: {reason}"));
        }
        let service = store.service();
        let entries = Entry::new(service, &account("journal-key", db_path))
            .and_then(|key| Ok((key, Entry::new(service, &account("journal-head", db_path))?)));
        let (key_entry, head_entry) = match entries {
            Ok(entries) => entries,
            Err(error) => return TillJournal::without_keyring(error.to_string()),
        };
        let key = match read_or_make_key(&key_entry) {
            Ok(key) => key,
            Err(reason) => return TillJournal::without_keyring(reason),
        };
        let head = match head_entry.get_password() {
            Ok(text) => JournalHead::parse(&text)
                .map_err(|error| tracing::error!(%error, "the kept journal head is unreadable"))
                .ok(),
            Err(keyring::Error::NoEntry) => None,
            Err(error) => {
                tracing::error!(%error, "the kept journal head could not be read");
                None
            }
        };
        TillJournal {
            key,
            unkept: None,
            head,
            keeper: Some(Arc::new(KeyringHead(head_entry))),
        }
    }

    /// The public key, and why: the journal is chained but not protected by a secret.
    pub fn without_keyring(reason: String) -> TillJournal {
        tracing::warn!(%reason, "the journal key cannot be kept: chaining under the public key");
        TillJournal {
            key: JournalKey::unkept(),
            unkept: Some(reason),
            head: None,
            keeper: None,
        }
    }

    /// Opens the till's file with its key, checks it against the head kept, then keeps the
    /// head it has now (the first start after an upgrade seals the journal) and every one after.
    pub fn open(&self, path: &Path) -> Result<Db, AppError> {
        let mut db = Db::open_keyed(path, self.key.clone(), self.head.as_ref())?;
        if let Some(keeper) = &self.keeper {
            if let Some(head) = db.journal().head()? {
                keeper.keep(&head);
            }
            db.keep_head_with(keeper.clone());
        }
        Ok(db)
    }

    /// A second connection for the background check: same key, nothing kept.
    pub fn open_for_check(&self, path: &Path) -> kassa::Result<Db> {
        Db::open_keyed(path, self.key.clone(), self.head.as_ref())
    }

    /// The head read at start, which the journal must still reach.
    pub fn head_at_start(&self) -> Option<&JournalHead> {
        self.head.as_ref()
    }

    /// Why the journal is chained under the public key, if it is.
    pub fn unkept_reason(&self) -> Option<&str> {
        self.unkept.as_deref()
    }
}

/// Keeps each new head in the keyring. A failure is logged: the sale it follows is already
/// registered, and the next head written replaces this one.
struct KeyringHead(Entry);

impl HeadKeeper for KeyringHead {
    fn keep(&self, head: &JournalHead) {
        if let Err(error) = self.0.set_password(&head.to_text()) {
            tracing::error!(%error, records = head.records, "the journal head was not kept in the keyring");
        }
    }
}

fn account(what: &str, db_path: &Path) -> String {
    format!("{what} {}", db_path.display())
}

/// The key in `entry`, or a new one saved there and read back (a store that drops writes is
/// caught here, not when the next start cannot check the journal).
fn read_or_make_key(entry: &Entry) -> Result<JournalKey, String> {
    match entry.get_password() {
        Ok(text) => return JournalKey::parse(&text).map_err(|e| e.to_string()),
        Err(keyring::Error::NoEntry) => {}
        Err(error) => return Err(format!("the journal key could not be read: {error}")),
    }
    let key = JournalKey::generate().map_err(|e| e.to_string())?;
    entry
        .set_password(&key.expose_hex())
        .map_err(|e| format!("the journal key could not be saved: {e}"))?;
    match entry.get_password() {
        Ok(text) if text == key.expose_hex() => {
            tracing::info!(key = key.id(), "made the till's journal key");
            Ok(key)
        }
        Ok(_) => Err("the keyring returned a different journal key than was saved".into()),
        Err(error) => Err(format!("the journal key could not be read back: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The journal key cannot be printed, serialised or sent to the webview by accident.
    static_assertions::assert_not_impl_any!(
        JournalKey: serde::Serialize,
        std::fmt::Display,
        ts_rs::TS
    );

    #[test]
    fn without_a_keyring_the_journal_is_chained_under_the_public_key_and_says_why() {
        let journal = TillJournal::without_keyring("no OS keyring: none here".into());
        assert_eq!(journal.unkept_reason(), Some("no OS keyring: none here"));
        assert!(journal.key.is_unkept() && journal.head_at_start().is_none());
        assert!(!format!("{:?}", journal.key).contains(&journal.key.expose_hex()));
    }
}
