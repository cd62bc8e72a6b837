//! The History screen: find any receipt, look at it, make its one copy (KOPIA), return a
//! whole sale through Kronor and show the return receipt (RETUR).

use std::sync::Arc;

use kassa::checkout::SystemClock;
use kassa::returns::Returns;
use tauri::State;

use super::{blocking, receipt_output};
use crate::error::AppError;
use crate::history::{self, HistoryPage, HistoryQuery, ReceiptDoc, ReceiptGivenOut};
use crate::payload::Mode;
use crate::payments::{CASHIER, Payments};
use crate::reports::OutputChoice;
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

/// The receipt's one copy, marked KOPIA and recorded, then given out as the after-sale default
/// says (printed or saved as PDF); a second copy is `copy_already_printed`. A printer error
/// is answered in `error`: the copy is made and can be sent again (`receipt_output` with
/// `copy`).
#[tauri::command]
pub async fn receipt_copy(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
) -> Result<ReceiptGivenOut, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let receipt = history::make_copy(&db, entry_id, &locale)?;
        let entry = db.journal().entry(entry_id)?;
        let settings = db.till_settings()?;
        let after_sale = db.shop()?.after_sale;
        let choice = receipt_output::default_output(after_sale);
        let options = receipt_output::receipt_options(&settings, choice == Some(OutputChoice::Pdf));
        let printed = db.receipt_copy_again(entry_id, options)?;
        let db_path = db.path().to_path_buf();
        drop(db);
        let stem = format!("{}-kopia", receipt_output::stem(&entry));
        let (done, error) =
            receipt_output::give_out(&printed.layout(), choice, &settings, &db_path, &stem);
        Ok(ReceiptGivenOut {
            doc: history::doc(entry_id, &receipt),
            entry_id,
            after_sale: receipt_output::after_sale_key(after_sale),
            done,
            error,
        })
    })
    .await
}

/// Returns the whole sale at Kronor (`newPurchaseReturnAll`, key stored first) and answers
/// with the return receipt (RETUR), given out as the after-sale default says.
#[tauri::command]
pub async fn return_sale(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<ReceiptGivenOut, AppError> {
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
        let shown = db.receipt_view(entry.id, history::options(&locale, qr))?;
        // The customer gets the return receipt like any receipt: its original is made now
        // (recorded) and given out as the after-sale default says.
        let settings = db.till_settings()?;
        let after_sale = db.shop()?.after_sale;
        let choice = receipt_output::default_output(after_sale);
        let (original, _) =
            receipt_output::receipt(&db, entry.id, &settings, choice == Some(OutputChoice::Pdf))?;
        let db_path = db.path().to_path_buf();
        drop(db);
        let (done, error) = receipt_output::give_out(
            &original.layout(),
            choice,
            &settings,
            &db_path,
            &receipt_output::stem(&entry),
        );
        Ok(ReceiptGivenOut {
            doc: history::doc(entry.id, &shown),
            entry_id: entry.id,
            after_sale: receipt_output::after_sale_key(after_sale),
            done,
            error,
        })
    })
    .await
}
