//! Who is at the till: the lock screen's log-in by PIN, the lock, and the first manager made
//! in Settings. A PIN crosses from the webview once, as typed, and becomes a [`Pin`] (never
//! printed, wiped when dropped) at once; only its hash is stored.

use std::sync::Arc;

use kassa::cashier::{Cashier, Pin};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use super::blocking;
use crate::error::AppError;
use crate::payments::Payments;
use crate::till::Till;

/// Whether the till has accounts, and who is logged in.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "CashierStatus.ts")]
pub struct CashierStatus {
    /// No accounts: the till sells without log-in (and Settings offers the first manager).
    pub accounts: bool,
    pub cashier: Option<Cashier>,
}

fn status(till: &Till) -> Result<CashierStatus, AppError> {
    Ok(CashierStatus {
        accounts: !till.db()?.cashiers().none_yet()?,
        cashier: till.cashier()?,
    })
}

#[tauri::command]
pub async fn cashier_status(till: State<'_, Arc<Till>>) -> Result<CashierStatus, AppError> {
    let till = till.inner().clone();
    blocking(move || status(&till)).await
}

/// The till's first account, a manager, logged in at once.
#[tauri::command]
pub async fn first_manager(
    name: String,
    pin: String,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CashierStatus, AppError> {
    let pin = Pin::chosen(&pin)?;
    let engine = payments.engine()?;
    let till = till.inner().clone();
    blocking(move || {
        till.first_manager(&engine, &name, &pin)?;
        status(&till)
    })
    .await
}

/// Logs in whoever the PIN belongs to (a switch of cashier logs the one before out).
#[tauri::command]
pub async fn log_in(
    pin: String,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CashierStatus, AppError> {
    let pin = Pin::typed(&pin)?;
    let engine = payments.engine()?;
    let till = till.inner().clone();
    blocking(move || {
        till.log_in(&engine, &pin)?;
        status(&till)
    })
    .await
}

/// Locks the till: the cashier is logged out; the sale stays for the next one.
#[tauri::command]
pub async fn lock_till(till: State<'_, Arc<Till>>) -> Result<CashierStatus, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        till.lock_till()?;
        status(&till)
    })
    .await
}
