//! The control unit in the checkout (SKVFS 2014:9, 4 kap. 9 §: with a control unit a sale is
//! registered only while the unit works and returns a control code). Charge asks the unit's
//! health and checks that the receipt's record can be made before any money moves; once the
//! sale is in the journal its record is stored, then registered, and the code written once. A
//! failure there is retried by the driver with the same record and receipt number. Copies
//! and returns are signed the same way ([`ControlUnitLink::sign`]).

use std::sync::{Arc, Mutex};

use jiff::Timestamp;

use super::engine::{Inner, Step, lock};
use super::{CheckoutError, Clock, Tender};
use crate::cart::Totals;
use crate::control_unit::{
    ControlStamp, ControlUnit, NewRecord, Print, ReceiptType, Record, Registration, UnitError,
    VatSlot,
};
use crate::money::Ore;
use crate::storage::Db;
use crate::vat::swedish_time;

/// The control unit a till registers every receipt with, and the register designation
/// (kassabeteckning) the unit and Skatteverket know the till by.
#[derive(Clone)]
pub struct ControlUnitLink {
    pub unit: Arc<dyn ControlUnit>,
    pub register_designation: String,
}

impl std::fmt::Debug for ControlUnitLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ControlUnitLink")
            .field("register_designation", &self.register_designation)
            .finish_non_exhaustive()
    }
}

impl Inner {
    /// Before Charge stores anything: the unit answers and can sell, and the sale's record
    /// can be made (the shop's organisation number, the designation, at most four VAT rates).
    /// Without a unit, only what may be sold without one (an invoice, a training sale).
    pub(super) async fn control_unit_ready(
        &self,
        totals: &Totals,
        tender: Tender,
    ) -> Result<(), CheckoutError> {
        let Some(link) = &self.settings.control_unit else {
            if self.settings.require_control_unit && tender.needs_control_unit() {
                return Err(UnitError::not_configured().into());
            }
            return Ok(());
        };
        if totals.total != Ore::ZERO {
            let organisation_number = self.with_db(|db| Ok(db.shop()?.org_number))?;
            Record::new(NewRecord {
                time: swedish_time(self.clock.now()),
                organisation_number,
                register_designation: link.register_designation.clone(),
                receipt_number: 1,
                receipt_type: ReceiptType::Normal,
                return_amount: Ore::ZERO,
                sale_amount: totals.total,
                vat: VatSlot::per_rate(&totals.per_rate),
            })
            .map_err(UnitError::from)?;
        }
        let status = link.unit.status().await?;
        status.check()?;
        Ok(())
    }

    /// Registers the original receipt of journal entry `entry_id` with the control unit,
    /// once: the record is stored first, a restart sends the same one, and a code already
    /// written is never asked for again.
    pub(super) async fn sign_receipt(&self, entry_id: i64) -> Result<(), CheckoutError> {
        let Some(link) = &self.settings.control_unit else {
            return Ok(());
        };
        let now = self.clock.now();
        let Some(unsigned) = self.with_db(|db| link.prepare(db, entry_id, Print::Original, now))?
        else {
            return Ok(());
        };
        self.pause(Step::Signing).await;
        let registration = link.unit.register(&unsigned.record).await?;
        let at = self.clock.now();
        self.with_db(|db| link.signed(db, &unsigned, registration, at))?;
        self.pause(Step::Signed).await;
        Ok(())
    }
}

/// A print of a receipt whose record is stored and not yet signed.
pub struct Unsigned {
    entry_id: i64,
    print: Print,
    record: Record,
}

impl ControlUnitLink {
    /// Before a print is made or money moves back: the unit answers and can sign.
    pub async fn ready(&self) -> Result<(), UnitError> {
        self.unit.status().await?.check()
    }

    /// Stores the record of `print` of journal entry `entry_id` before it is first sent (a
    /// retry sends the same); `None` when nothing is to be sent (a zero total, a
    /// cancellation) or the unit's code is already written.
    pub fn prepare(
        &self,
        db: &Db,
        entry_id: i64,
        print: Print,
        now: Timestamp,
    ) -> Result<Option<Unsigned>, CheckoutError> {
        let entry = db.journal().entry(entry_id)?;
        let organisation_number = db.shop()?.org_number;
        let Some(record) = Record::of_entry(
            &entry,
            &organisation_number,
            &self.register_designation,
            print,
        )
        .map_err(UnitError::from)?
        else {
            return Ok(None);
        };
        let stored = db.control_record(entry_id, print, &record, now)?;
        if stored.signed.is_some() {
            return Ok(None);
        }
        if stored.record != record.fields() {
            tracing::warn!(
                entry_id,
                "the receipt's record changed since it was stored (shop details edited?); sending the current one"
            );
        }
        Ok(Some(Unsigned {
            entry_id,
            print,
            record,
        }))
    }

    /// Writes the unit's answer for `unsigned`, once.
    pub fn signed(
        &self,
        db: &Db,
        unsigned: &Unsigned,
        registration: Registration,
        at: Timestamp,
    ) -> Result<ControlStamp, CheckoutError> {
        let stamp = ControlStamp {
            control_code: registration.control_code,
            unit_id: registration.unit_id,
        };
        db.control_signed(unsigned.entry_id, unsigned.print, &stamp, at)?;
        Ok(stamp)
    }

    /// [`ControlUnitLink::sign`] for a caller that holds the database itself, shared with no
    /// other task (a tool making a demo till): the stamp written, or `None` when nothing was
    /// to be signed.
    pub async fn sign_held(
        &self,
        db: &Db,
        entry_id: i64,
        print: Print,
        now: Timestamp,
    ) -> Result<Option<ControlStamp>, CheckoutError> {
        let Some(unsigned) = self.prepare(db, entry_id, print, now)? else {
            return Ok(None);
        };
        let registration = self.unit.register(&unsigned.record).await?;
        Ok(Some(self.signed(db, &unsigned, registration, now)?))
    }

    /// [`ControlUnitLink::prepare`], the registration and [`ControlUnitLink::signed`] in one:
    /// `print` of `entry_id` is signed once it returns (or needs no code).
    pub async fn sign(
        &self,
        db: &Mutex<Db>,
        entry_id: i64,
        print: Print,
        clock: &dyn Clock,
    ) -> Result<(), CheckoutError> {
        let Some(unsigned) = self.prepare(&lock(db), entry_id, print, clock.now())? else {
            return Ok(());
        };
        let registration = self.unit.register(&unsigned.record).await?;
        self.signed(&lock(db), &unsigned, registration, clock.now())?;
        Ok(())
    }
}
