//! The till's copy of what it sent a control unit and what the unit answered, one row per
//! receipt print (`control_registration`): the record stored before the first attempt, the
//! control code and the unit's manufacturing number written once.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::receipt::Print;
use super::record::Record;
use crate::storage::Db;

/// A receipt's registration with the control unit, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRegistration {
    pub entry_id: i64,
    pub print: Print,
    /// [`Record::fields`] of what was sent.
    pub record: String,
    /// Set once the unit answered.
    pub signed: Option<ControlStamp>,
}

/// What a receipt prints of its registration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ControlStamp {
    pub control_code: String,
    /// The unit's manufacturing number (tillverkningsnummer).
    pub unit_id: String,
}

fn print_key(print: Print) -> &'static str {
    match print {
        Print::Original => "original",
        Print::Copy => "copy",
    }
}

impl Db {
    /// Stores `record` for entry `entry_id` before it is sent; a record already stored for
    /// that print (a restart) is kept as it was. Answers the stored registration.
    pub fn control_record(
        &self,
        entry_id: i64,
        print: Print,
        record: &Record,
        at: Timestamp,
    ) -> rusqlite::Result<StoredRegistration> {
        self.conn().execute(
            "INSERT INTO control_registration (entry_id, print, receipt_type, record, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (entry_id, print) DO NOTHING",
            params![
                entry_id,
                print_key(print),
                record.receipt_type().wire_name(),
                record.fields(),
                at.to_string()
            ],
        )?;
        self.control_registration(entry_id, print)?
            .ok_or(rusqlite::Error::QueryReturnedNoRows)
    }

    /// Writes the unit's answer to a stored record, once.
    pub fn control_signed(
        &self,
        entry_id: i64,
        print: Print,
        stamp: &ControlStamp,
        at: Timestamp,
    ) -> rusqlite::Result<()> {
        self.conn().execute(
            "UPDATE control_registration
             SET control_code = ?3, unit_id = ?4, registered_at = ?5
             WHERE entry_id = ?1 AND print = ?2 AND control_code IS NULL",
            params![
                entry_id,
                print_key(print),
                stamp.control_code,
                stamp.unit_id,
                at.to_string()
            ],
        )?;
        Ok(())
    }

    /// The registration of one print of entry `entry_id`, if the till made one.
    pub fn control_registration(
        &self,
        entry_id: i64,
        print: Print,
    ) -> rusqlite::Result<Option<StoredRegistration>> {
        self.conn()
            .query_row(
                "SELECT record, control_code, unit_id FROM control_registration
                 WHERE entry_id = ?1 AND print = ?2",
                params![entry_id, print_key(print)],
                |row| {
                    let code: Option<String> = row.get(1)?;
                    let unit: Option<String> = row.get(2)?;
                    Ok(StoredRegistration {
                        entry_id,
                        print,
                        record: row.get(0)?,
                        signed: code.zip(unit).map(|(control_code, unit_id)| ControlStamp {
                            control_code,
                            unit_id,
                        }),
                    })
                },
            )
            .optional()
    }
}
