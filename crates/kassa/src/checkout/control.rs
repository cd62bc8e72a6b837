//! The control unit in the checkout (SKVFS 2014:9, 4 kap. 9 §: with a control unit a sale is
//! registered only while the unit works and returns a control code). Charge asks the unit's
//! health and checks that the receipt's record can be made before any money moves; once the
//! sale is in the journal its record is stored, then registered, and the code written once. A
//! failure there is retried by the driver with the same record and receipt number.

use std::sync::Arc;

use super::engine::{Inner, Step};
use super::{CheckoutError, Tender};
use crate::cart::Totals;
use crate::control_unit::{
    ControlStamp, ControlUnit, NewRecord, Print, ReceiptType, Record, UnitError, VatSlot,
};
use crate::money::Ore;
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
        let (entry, organisation_number) =
            self.with_db(|db| Ok((db.journal().entry(entry_id)?, db.shop()?.org_number)))?;
        let Some(record) = Record::of_entry(
            &entry,
            &organisation_number,
            &link.register_designation,
            Print::Original,
        )
        .map_err(UnitError::from)?
        else {
            return Ok(()); // a zero-total receipt is not sent
        };
        let now = self.clock.now();
        let stored =
            self.with_db(|db| Ok(db.control_record(entry_id, Print::Original, &record, now)?))?;
        if stored.signed.is_some() {
            return Ok(());
        }
        self.pause(Step::Signing).await;
        if stored.record != record.fields() {
            tracing::warn!(
                entry_id,
                "the receipt's record changed since it was stored (shop details edited?); sending the current one"
            );
        }
        let registration = link.unit.register(&record).await?;
        let stamp = ControlStamp {
            control_code: registration.control_code,
            unit_id: registration.unit_id,
        };
        let at = self.clock.now();
        self.with_db(|db| Ok(db.control_signed(entry_id, Print::Original, &stamp, at)?))?;
        self.pause(Step::Signed).await;
        Ok(())
    }
}
