//! The till's journal key and the journal's head: the two things kept outside the till's file.
//!
//! The key makes the chain keyed (HMAC-SHA256): without it nobody can recompute the chain
//! after an edit. The head (how many records, and the last one's MAC) lets a till notice that
//! its newest records were removed, which no chain inside the file can show.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

use super::hex::{hex, unhex};
use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

/// A till's 32-byte journal secret. It cannot be printed (`Debug` is redacted) or serialised;
/// the shell keeps it in the OS keyring, tests pass one in directly.
#[derive(Clone)]
pub struct JournalKey {
    secret: [u8; 32],
}

/// The key used when no secret can be kept (no OS keyring, or [`crate::Db::open`]): public,
/// so its chain shows accidental damage but not a deliberate rewrite. Verification says so.
const UNKEPT: [u8; 32] = *b"kassa journal: no secret kept...";

impl JournalKey {
    /// A fresh random key, for a till's first use.
    pub fn generate() -> Result<JournalKey> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| {
            Error::InvalidJournalEntry(format!("no random journal key could be made: {e}"))
        })?;
        Ok(JournalKey { secret })
    }

    pub fn from_bytes(secret: [u8; 32]) -> JournalKey {
        JournalKey { secret }
    }

    /// The public key of a till that has nowhere to keep a secret.
    pub fn unkept() -> JournalKey {
        JournalKey { secret: UNKEPT }
    }

    /// True for [`JournalKey::unkept`].
    pub fn is_unkept(&self) -> bool {
        self.secret == UNKEPT
    }

    /// Reads the keyring's text form ([`JournalKey::expose_hex`]).
    pub fn parse(text: &str) -> Result<JournalKey> {
        let bytes = unhex(text.trim())
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                Error::InvalidJournalEntry("the journal key is not 64 hex digits".into())
            })?;
        let mut secret = [0u8; 32];
        secret.copy_from_slice(&bytes);
        Ok(JournalKey { secret })
    }

    /// The secret as 64 hex digits, for the keyring and nothing else.
    pub fn expose_hex(&self) -> String {
        hex(&self.secret)
    }

    /// A public fingerprint that tells which key sealed a run of records, without revealing it.
    pub fn id(&self) -> String {
        hex(&self.mac(&[b"kassa journal key id"])[..8])
    }

    /// HMAC-SHA256 over the parts, in order.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.secret)
            .expect("HMAC takes a key of any length");
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

impl Drop for JournalKey {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl std::fmt::Debug for JournalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JournalKey({}, secret redacted)", self.id())
    }
}

/// Where the journal's chain ends: its record count and the last record's MAC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalHead {
    pub records: u64,
    pub mac: [u8; 32],
}

impl JournalHead {
    /// `<records>:<64 hex digits>`, as the keyring and a Z report keep it.
    pub fn to_text(&self) -> String {
        format!("{}:{}", self.records, hex(&self.mac))
    }

    pub fn parse(text: &str) -> Result<JournalHead> {
        let bad = || Error::DatabaseCorrupt(format!("the journal head {text:?} cannot be read"));
        let (records, mac) = text.trim().split_once(':').ok_or_else(bad)?;
        let mac = unhex(mac).filter(|b| b.len() == 32).ok_or_else(bad)?;
        Ok(JournalHead {
            records: records.parse().map_err(|_| bad())?,
            mac: mac.try_into().map_err(|_| bad())?,
        })
    }

    /// The short code printed on a Z report: the record count and the MAC's first 8 hex digits.
    pub fn short_code(&self) -> String {
        format!("{}-{}", self.records, &hex(&self.mac)[..8])
    }
}

/// Told the new head after every record the till appends, so the shell can keep it outside the
/// file (the OS keyring). Called after the commit; a failure to keep it is the keeper's to log.
pub trait HeadKeeper: Send + Sync {
    fn keep(&self, head: &JournalHead);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_reads_back_from_its_keyring_text_and_debug_hides_it() {
        let key = JournalKey::generate().unwrap();
        let back = JournalKey::parse(&key.expose_hex()).unwrap();
        assert_eq!(back.id(), key.id());
        assert!(!format!("{key:?}").contains(&key.expose_hex()));
        assert!(!key.is_unkept() && JournalKey::unkept().is_unkept());
        assert!(JournalKey::parse("00ff").is_err());
    }

    #[test]
    fn a_head_reads_back_and_has_a_short_code() {
        let head = JournalHead {
            records: 41,
            mac: [0xab; 32],
        };
        assert_eq!(JournalHead::parse(&head.to_text()).unwrap(), head);
        assert_eq!(head.short_code(), "41-abababab");
    }
}
