//! Cash at the counter: the keypad's offer, Charge in cash, the drawer on demand, and the
//! cash day (float, paid in and out, the count at the close).

use std::sync::Arc;

use kassa::Ore;
use kassa::cash::view::{CashDayView, CashOffer};
use kassa::cash::{CashEventInput, DrawerOpening};
use kassa::till::Mode;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::blocking;
use crate::checkout_view::CheckoutView;
use crate::error::AppError;
use crate::payments::Payments;
use crate::till::Till;

/// A cash sale once Charge answered: the checkout (receipted, with its change) and, if the
/// drawer did not open, why.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "CashCharged.ts")]
pub struct CashCharged {
    pub checkout: CheckoutView,
    pub drawer_problem: Option<AppError>,
}

fn training(payments: &Payments) -> bool {
    payments.mode() == Mode::Training
}

/// The sale on the counter in cash: its total, rounded to whole kronor, and the quick keys.
#[tauri::command]
pub async fn cash_offer(till: State<'_, Arc<Till>>) -> Result<CashOffer, AppError> {
    let till = till.inner().clone();
    blocking(move || Ok(till.cash_offer()?)).await
}

/// Charges the sale on the counter in cash: `tendered_ore` from a quick key, or `typed` as
/// the cashier keyed it in. Registered and receipted before it answers; the drawer opens.
#[tauri::command]
pub async fn charge_cash<R: Runtime>(
    app: AppHandle<R>,
    tendered_ore: Option<i64>,
    typed: Option<String>,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CashCharged, AppError> {
    let tendered = match tendered_ore {
        Some(ore) => Ore::new(ore),
        None => Ore::parse(&typed.unwrap_or_default())?,
    };
    payments.forward_events(&app, till.inner().clone());
    let turn = payments.begin_charge().await?;
    let sale = till
        .charge_cash(&turn.engine, tendered, payments.mode())
        .await?;
    payments.charged(sale.started.checkout.id);
    drop(turn);
    let id = sale.started.checkout.id;
    let payments = payments.inner().clone();
    let checkout = blocking(move || payments.checkout_view(id)).await?;
    Ok(CashCharged {
        checkout,
        drawer_problem: sale.drawer_problem.map(AppError::from),
    })
}

/// Opens the drawer without a sale (recorded as such) and answers the cash day.
#[tauri::command]
pub async fn open_drawer(
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CashDayView, AppError> {
    Ok(till
        .open_drawer(
            DrawerOpening::NoSale,
            training(&payments),
            &till.cashier_name()?,
        )
        .await?)
}

/// Today's cash day.
#[tauri::command]
pub async fn cash_day(
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CashDayView, AppError> {
    let training = training(&payments);
    let till = till.inner().clone();
    blocking(move || Ok(till.cash_day(training)?)).await
}

/// Records the float, money paid in or out, or the drawer's count; answers the day.
#[tauri::command]
pub async fn record_cash(
    event: CashEventInput,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CashDayView, AppError> {
    let training = training(&payments);
    let kind = event.read()?;
    let till = till.inner().clone();
    blocking(move || Ok(till.record_cash(kind, training, &till.cashier_name()?)?)).await
}
