//! The register's identity (4 kap. 3-6 §§ SKVFS 2014:9): who made it, its model designation,
//! the program's version and the manufacturing number made once for this till file. Kassa is
//! a program not locked to a device, so the number is the program's own and each till file is
//! a register of its own, notified to Skatteverket as such (4 kap. 7 §).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::storage::Db;

/// Who makes the register, in clear text.
pub const MAKER: &str = "Kassa";
/// The model designation; the rules want "SE" in it.
pub const MODEL: &str = "Kassa SE";
/// The program.
pub const PROGRAM: &str = "Kassa";
/// The program's version: every release changes the workspace version, so every program
/// change a merchant runs has a number of its own.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What identifies this register, readable in the app, on the Z report and in the journal
/// export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "RegisterIdentity.ts")
)]
pub struct RegisterIdentity {
    pub maker: String,
    pub model: String,
    pub program: String,
    pub version: String,
    /// At most 17 of A-Z a-z 0-9, space and hyphen; unique per till file; never changes.
    pub manufacturing_number: String,
}

impl RegisterIdentity {
    /// The identity with this till file's manufacturing number.
    pub fn of(manufacturing_number: String) -> RegisterIdentity {
        RegisterIdentity {
            maker: MAKER.to_owned(),
            model: MODEL.to_owned(),
            program: PROGRAM.to_owned(),
            version: VERSION.to_owned(),
            manufacturing_number,
        }
    }
}

/// The rules' form of a manufacturing number (2 kap. 23 §): 1 to 17 of a-z A-Z 0-9, space and
/// hyphen, no space first or last and no two spaces in a row.
pub fn is_manufacturing_number(text: &str) -> bool {
    (1..=17).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
}

/// The register designation (kassabeteckning) of a register id, as the control unit, the
/// receipt's record and the journal export all give it: the id's letters and digits (the
/// unit takes A-Z, a-z and 0-9 only).
pub fn register_designation(register_id: &str) -> String {
    register_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The manufacturing number as stored, read on `conn` (a report reads it inside its own
/// transaction).
pub(crate) fn manufacturing_number(conn: &rusqlite::Connection) -> Result<String> {
    Ok(conn.query_row(
        "SELECT manufacturing_number FROM register_identity WHERE id = 1",
        [],
        |r| r.get(0),
    )?)
}

impl Db {
    /// This register's identity. The manufacturing number was made when the file was.
    pub fn register_identity(&self) -> Result<RegisterIdentity> {
        let number = manufacturing_number(self.conn())?;
        if !is_manufacturing_number(&number) {
            return Err(Error::DatabaseCorrupt(format!(
                "the register's manufacturing number {number:?} is not one the rules allow"
            )));
        }
        Ok(RegisterIdentity::of(number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_form_of_a_manufacturing_number() {
        for good in ["KS-0123456789ABCD", "a", "Kassa 1-b"] {
            assert!(is_manufacturing_number(good), "{good}");
        }
        for bad in [
            "",
            "KS-0123456789ABCDE",
            " KS",
            "KS ",
            "K  S",
            "KS_1",
            "KSÅ",
        ] {
            assert!(!is_manufacturing_number(bad), "{bad}");
        }
    }

    #[test]
    fn each_till_file_has_its_own_number_made_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = Db::open(dir.path().join("a.sqlite")).unwrap();
        let b = Db::open(dir.path().join("b.sqlite")).unwrap();
        let ida = a.register_identity().unwrap();
        assert_ne!(
            ida.manufacturing_number,
            b.register_identity().unwrap().manufacturing_number
        );
        assert!(ida.model.contains("SE"));
        assert_eq!(ida.version, env!("CARGO_PKG_VERSION"));
        drop(a);
        let again = Db::open(dir.path().join("a.sqlite")).unwrap();
        assert_eq!(again.register_identity().unwrap(), ida);
        let changed = again.conn().execute(
            "UPDATE register_identity SET manufacturing_number = 'X'",
            [],
        );
        assert!(changed.is_err(), "the number cannot be changed");
    }
}
