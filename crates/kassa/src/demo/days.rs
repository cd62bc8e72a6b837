//! Days of trading at the demo shop, registered through the journal's own API exactly as the
//! till registers them: Swish and invoice sales, a return now and then, one copy a day, a few
//! training sales, a sale given up, an X report at noon and a Z report closing each day; every
//! receipt the rules want signed is signed by the control unit given. For tests, benches and
//! trying the journal export on a till with history.

use jiff::Timestamp;
use jiff::civil::{Date, Time};

use crate::cart::Cart;
use crate::checkout::ControlUnitLink;
use crate::control_unit::Print;
use crate::error::{Error, Result};
use crate::journal::{EntryKind, NewEntry, PaymentMethod, PrintKind};
use crate::storage::Db;
use crate::vat::VatTable;

/// What to make.
#[derive(Debug, Clone)]
pub struct DemoDays {
    pub register_id: String,
    pub first_day: Date,
    pub days: u32,
    pub sales_per_day: u32,
}

/// What was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoMade {
    pub sales: u64,
    pub returns: u64,
    pub copies: u64,
    pub training: u64,
    pub cancellations: u64,
    /// Sales parked and taken back.
    pub parked: u64,
    pub z_reports: u64,
    pub signed: u64,
}

fn at(day: Date, minute_of_day: i64) -> Result<Timestamp> {
    let time = Time::new((minute_of_day / 60) as i8, (minute_of_day % 60) as i8, 0, 0)
        .map_err(|e| Error::Internal(format!("demo time: {e}")))?;
    Ok(day
        .to_datetime(time)
        .in_tz("Europe/Stockholm")
        .map_err(|e| Error::Internal(format!("demo time: {e}")))?
        .timestamp())
}

/// Signs `print` of `entry_id` as the checkout does (the record stored first), counting it.
async fn sign(
    db: &Db,
    unit: &ControlUnitLink,
    entry_id: i64,
    print: Print,
    now: Timestamp,
    made: &mut DemoMade,
) -> Result<()> {
    let signed = unit
        .sign_held(db, entry_id, print, now)
        .await
        .map_err(|e| Error::Internal(format!("the control unit refused a demo receipt: {e}")))?;
    made.signed += u64::from(signed.is_some());
    Ok(())
}

/// Registers `plan` into `db`, which has the demo catalogue. `unit` signs what a live till
/// signs (Swish sales, returns, copies, training); without one nothing is signed.
pub async fn trade(db: &Db, plan: &DemoDays, unit: Option<&ControlUnitLink>) -> Result<DemoMade> {
    let products = db.catalogue().products()?;
    if products.is_empty() {
        return Err(Error::NotFound(
            "The till has no catalogue to sell from; load the demo catalogue first.".into(),
        ));
    }
    let vat = VatTable::sweden();
    let mut made = DemoMade::default();
    let mut n: usize = 0;
    let register = plan.register_id.as_str();
    for d in 0..plan.days {
        let day = plan
            .first_day
            .checked_add(jiff::Span::new().days(i64::from(d)))
            .map_err(|e| Error::Internal(format!("demo day: {e}")))?;
        // Sales from 09:00 to 18:00, evenly spread.
        let per_day = i64::from(plan.sales_per_day.max(1));
        let mut first_sale_of_day = None;
        for s in 0..plan.sales_per_day {
            n += 1;
            let when = at(day, 9 * 60 + i64::from(s) * 540 / per_day)?;
            let mut cart = Cart::new();
            for k in 0..(1 + n % 3) {
                let p = &products[(n * 7 + k * 13) % products.len()];
                cart.add_product(p, (1 + (n + k) % 2) as u32)?;
            }
            let totals = cart.totals(&vat, day)?;
            let method = if n.is_multiple_of(5) {
                PaymentMethod::Invoice
            } else {
                PaymentMethod::Swish
            };
            let training = s % 50 == 7;
            let mut new = NewEntry::sale(register, training, when, "Demo", method, &totals);
            new.merchant_reference = Some(format!("DEMO-{n:07}"));
            let entry = db.journal().register(new)?;
            if training {
                made.training += 1;
            } else {
                made.sales += 1;
            }
            if let Some(u) = unit
                && (training || method == PaymentMethod::Swish)
            {
                sign(db, u, entry.id, Print::Original, when, &mut made).await?;
            }
            db.journal()
                .record_print(entry.id, PrintKind::Original, when)?;
            if first_sale_of_day.is_none() && !training {
                first_sale_of_day = Some(entry.id);
            }
            if !training && n % 25 == 3 {
                let back = crate::returns::return_entry(&entry, "Demo", when, "");
                let ret = db.journal().register(back)?;
                made.returns += 1;
                if let Some(u) = unit
                    && method == PaymentMethod::Swish
                {
                    sign(db, u, ret.id, Print::Original, when, &mut made).await?;
                }
            }
        }
        // One sale parked a day, after the day's run of sales, while the customer fetches a wallet;
        // then taken back and paid.
        let mut cart = Cart::new();
        cart.add_product(&products[(d as usize + 3) % products.len()], 2)?;
        let parked = db
            .parked_sales()
            .park(&cart, "Bord 1", at(day, 18 * 60 + 1)?)?;
        let cart = db.parked_sales().recall(parked.id, at(day, 18 * 60 + 3)?)?;
        let when = at(day, 18 * 60 + 4)?;
        let sale = NewEntry::sale(
            register,
            false,
            when,
            "Demo",
            PaymentMethod::Swish,
            &cart.totals(&vat, day)?,
        );
        let entry = db.journal().register(sale)?;
        made.sales += 1;
        made.parked += 1;
        if let Some(u) = unit {
            sign(db, u, entry.id, Print::Original, when, &mut made).await?;
        }
        db.journal()
            .record_print(entry.id, PrintKind::Original, when)?;
        // One sale given up a day.
        let mut cart = Cart::new();
        cart.add_product(&products[d as usize % products.len()], 1)?;
        let totals = cart.totals(&vat, day)?;
        let mut cancelled = NewEntry::sale(
            register,
            false,
            at(day, 18 * 60 + 10)?,
            "Demo",
            PaymentMethod::Swish,
            &totals,
        );
        cancelled.kind = EntryKind::Cancellation;
        cancelled.payment_method = None;
        db.journal().register(cancelled)?;
        made.cancellations += 1;
        // One copy a day, of the day's first sale.
        if let Some(id) = first_sale_of_day {
            let when = at(day, 18 * 60 + 20)?;
            db.journal().record_print(id, PrintKind::Copy, when)?;
            made.copies += 1;
            let entry = db.journal().entry(id)?;
            if let Some(u) = unit
                && entry.payment_method == Some(PaymentMethod::Swish)
            {
                sign(db, u, id, Print::Copy, when, &mut made).await?;
            }
        }
        db.x_report(register, day, at(day, 12 * 60 + 30)?)?;
        db.z_report(register, day, at(day, 22 * 60)?)?;
        made.z_reports += 1;
    }
    Ok(made)
}
