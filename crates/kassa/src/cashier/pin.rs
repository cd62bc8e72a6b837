//! A cashier's PIN: 4 to 6 digits, never kept or shown in clear. Only its Argon2id hash (a PHC
//! string with its own random salt) is stored; checking a typed PIN costs the same slow hash,
//! so a copied till file does not give the PINs away cheaply.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A typed PIN. Not printable, not serializable; wiped from memory when dropped.
pub struct Pin(Zeroizing<String>);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

impl Pin {
    /// A PIN as typed at the lock screen: 4 to 6 digits.
    pub fn typed(text: &str) -> Result<Pin> {
        let text = text.trim();
        if (4..=6).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Pin(Zeroizing::new(text.to_owned())))
        } else {
            Err(Error::WeakPin(
                "A PIN is 4 to 6 digits, nothing else.".into(),
            ))
        }
    }

    /// A new PIN being set: also refused when anyone would guess it first (one digit
    /// repeated, or a run up or down such as 1234 or 654321).
    pub fn chosen(text: &str) -> Result<Pin> {
        let pin = Pin::typed(text)?;
        let digits: Vec<i32> = pin.0.bytes().map(|b| i32::from(b - b'0')).collect();
        let steps: Vec<i32> = digits.windows(2).map(|w| w[1] - w[0]).collect();
        let same = steps.iter().all(|&s| s == 0);
        let run = steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1);
        if same || run {
            return Err(Error::WeakPin(
                "That PIN is too easy to guess (one digit repeated, or a run like 1234): choose another."
                    .into(),
            ));
        }
        Ok(pin)
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A PIN's stored hash. Not printable; read and written only by the cashier store.
#[derive(Clone)]
pub(crate) struct PinHash(String);

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(…)")
    }
}

impl PinHash {
    /// Hashes `pin` with Argon2id (the crate's recommended parameters) and a fresh salt.
    pub(crate) fn of(pin: &Pin) -> Result<PinHash> {
        // 16 bytes from the OS, as the PHC string format recommends.
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::Internal(format!("no random salt for the PIN: {e}")))?;
        let salt = SaltString::encode_b64(&bytes)
            .map_err(|e| Error::Internal(format!("the PIN's salt: {e}")))?;
        let hash = Argon2::default()
            .hash_password(pin.bytes(), &salt)
            .map_err(|e| Error::Internal(format!("the PIN could not be hashed: {e}")))?;
        Ok(PinHash(hash.to_string()))
    }

    pub(crate) fn stored(text: String) -> PinHash {
        PinHash(text)
    }

    pub(crate) fn as_stored(&self) -> &str {
        &self.0
    }

    /// Whether `pin` is the PIN this hash was made of; a hash that cannot be read matches
    /// nothing.
    pub(crate) fn matches(&self, pin: &Pin) -> bool {
        PasswordHash::new(&self.0).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(pin.bytes(), &hash)
                .is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_six_digits_and_not_the_obvious_ones() {
        for good in ["4827", "48275", "482759", "0192", "1357"] {
            assert!(Pin::chosen(good).is_ok(), "{good}");
        }
        for bad in ["", "123", "1234567", "12a4", "12 34", "١٢٣٤"] {
            assert!(Pin::typed(bad).is_err(), "{bad:?}");
        }
        for easy in [
            "0000", "1111", "999999", "1234", "4321", "123456", "654321", "6789",
        ] {
            assert!(
                Pin::typed(easy).is_ok(),
                "typed at the lock screen all the same"
            );
            assert!(Pin::chosen(easy).is_err(), "{easy}");
        }
        assert_eq!(format!("{:?}", Pin::typed("4827").unwrap()), "Pin(****)");
    }

    #[test]
    fn a_hash_matches_its_pin_only_and_never_shows_it() {
        let pin = Pin::chosen("4827").unwrap();
        let hash = PinHash::of(&pin).unwrap();
        assert!(hash.as_stored().starts_with("$argon2id$"));
        assert!(!hash.as_stored().contains("4827"));
        assert!(hash.matches(&Pin::typed("4827").unwrap()));
        assert!(!hash.matches(&Pin::typed("4828").unwrap()));
        assert_ne!(
            PinHash::of(&pin).unwrap().as_stored(),
            hash.as_stored(),
            "a fresh salt each time"
        );
        assert!(!PinHash::stored("not a hash".into()).matches(&pin));
        assert_eq!(format!("{hash:?}"), "PinHash(…)");
    }
}
