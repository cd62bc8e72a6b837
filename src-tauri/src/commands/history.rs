//! The History screen: find any receipt, look at it, make its one copy (KOPIA), return a
//! whole sale through Kronor and show the return receipt (RETUR).

use std::sync::Arc;

use kassa::checkout::SystemClock;
use kassa::returns::Returns;
use tauri::State;

use super::blocking;
use crate::error::AppError;
use crate::history::{self, HistoryPage, HistoryQuery, ReceiptDoc};
use crate::payload::Mode;
use crate::payments::{CASHIER, Payments};
use crate::till::Till;

/// Receipts matching what the cashier typed and the date range, newest first, a page at a time.
#[tauri::command]
pub async fn history_search(
    query: HistoryQuery,
    till: State<'_, Arc<Till>>,
) -> Result<HistoryPage, AppError> {
    let till = till.inner().clone();
    blocking(move || history::search(&*till.db()?, &query)).await
}

/// A receipt to look at; records no print.
#[tauri::command]
pub async fn receipt_view(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
) -> Result<ReceiptDoc, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let qr = db.till_settings()?.receipt_qr;
        let receipt = db.receipt_view(entry_id, history::options(&locale, qr))?;
        Ok(history::doc(entry_id, &receipt))
    })
    .await
}

/// The receipt's one copy, marked KOPIA and recorded; a second is `copy_already_printed`.
#[tauri::command]
pub async fn receipt_copy(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
) -> Result<ReceiptDoc, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let receipt = history::make_copy(&*till.db()?, entry_id, &locale)?;
        Ok(history::doc(entry_id, &receipt))
    })
    .await
}

/// Returns the whole sale at Kronor (`newPurchaseReturnAll`, key stored first) and answers
/// with the return receipt (RETUR).
#[tauri::command]
pub async fn return_sale(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<ReceiptDoc, AppError> {
    let returns = Returns::new(
        till.shared_db(),
        payments.client()?,
        Arc::new(SystemClock),
        payments.mode() == Mode::Training,
        CASHIER,
    );
    let entry = returns.return_sale(entry_id).await?;
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let qr = db.till_settings()?.receipt_qr;
        let receipt = db.receipt_view(entry.id, history::options(&locale, qr))?;
        Ok(history::doc(entry.id, &receipt))
    })
    .await
}
