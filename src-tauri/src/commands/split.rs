//! A sale paid in parts on the Pay screen: what is paid and left, a part by Swish or in
//! cash, and a cancel that gives back what was paid.

use std::sync::Arc;

use kassa::Ore;
use kassa::checkout::Tender;
use kassa::till::SplitView;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::blocking;
use crate::checkout_view::CheckoutView;
use crate::error::AppError;
use crate::payments::Payments;
use crate::till::Till;

/// A part once taken: the split as it is now, the part's checkout (a Swish part's QR code
/// follows on it) and, for cash, why the drawer did not open if it did not.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "PartTaken.ts")]
pub struct PartTaken {
    pub split: SplitView,
    pub checkout: CheckoutView,
    pub drawer_problem: Option<AppError>,
}

/// The sale on the counter's payment in parts, if one is open (also after a restart).
#[tauri::command]
pub async fn split_view(
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<Option<SplitView>, AppError> {
    let engine = payments.engine()?;
    let till = till.inner().clone();
    blocking(move || Ok(till.split(&engine)?)).await
}

/// Takes a part: `amount` typed by the cashier (all that is left when empty), by Swish or
/// in cash with `tendered` typed (the part's amount when empty).
#[tauri::command]
pub async fn pay_part<R: Runtime>(
    app: AppHandle<R>,
    tender: Tender,
    amount: Option<String>,
    tendered: Option<String>,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<PartTaken, AppError> {
    let typed = |text: Option<String>| -> Result<Option<Ore>, AppError> {
        match text.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Ok(Some(Ore::parse(text)?)),
        }
    };
    let amount = typed(amount)?;
    let tendered = typed(tendered)?;
    payments.forward_events(&app, till.inner().clone());
    let turn = payments.begin_charge().await?;
    let taken = till
        .pay_part(&turn.engine, tender, amount, tendered, payments.mode())
        .await?;
    payments.charged(taken.started.checkout.id);
    drop(turn);
    let id = taken.started.checkout.id;
    let payments = payments.inner().clone();
    let checkout = blocking(move || payments.checkout_view(id)).await?;
    Ok(PartTaken {
        split: taken.split,
        checkout,
        drawer_problem: taken.drawer_problem.map(AppError::from),
    })
}

/// Cancels the payment in parts; the answer says what was refunded and what cash to hand
/// back.
#[tauri::command]
pub async fn cancel_split(
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<SplitView, AppError> {
    let engine = payments.engine()?;
    Ok(till.cancel_split(&engine).await?)
}
