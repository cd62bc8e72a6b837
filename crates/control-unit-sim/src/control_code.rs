//! The simulator's control code: deterministic, so a test can compute what a record must be
//! signed with. A real unit's code is its own secret algorithm; this one is the page's.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::record::Record;

/// Upper-case hex of HMAC-SHA256(secret, record's signed text), its first 59 characters.
pub fn control_code(secret: &str, record: &Record) -> String {
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes a key of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(record.signed_text().as_bytes());
    let digest = mac.finalize().into_bytes();
    // 59 characters: the length Skatteverket's journal export gives a control code.
    let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
    hex[..59].to_owned()
}
