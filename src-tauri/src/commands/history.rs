//! The History screen: find any receipt, look at it, make its one copy (KOPIA), return a
//! whole sale through Kronor and show the return receipt (RETUR).

use std::sync::Arc;

use kassa::checkout::SystemClock;
use kassa::receipt::give_out::Which;
use kassa::returns::Returns;
use tauri::State;

use super::{blocking, receipt_output};
use crate::error::AppError;
use crate::history::{self, HistoryPage, HistoryQuery, ReceiptDoc, ReceiptGivenOut};
use crate::payload::Mode;
use crate::payments::Payments;
use crate::till::Till;

/// Receipts matching what the cashier typed and the date range, newest first, a page at a time.
#[tauri::command]
pub async fn history_search(
    query: HistoryQuery,
    till: State<'_, Arc<Till>>,
) -> Result<HistoryPage, AppError> {
    let till = till.inner().clone();
    blocking(move || history::search(&*till.db()?, &query, till.now())).await
}

/// A receipt to look at; records no print.
#[tauri::command]
pub async fn receipt_view(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
) -> Result<ReceiptDoc, AppError> {
    let till = till.inner().clone();
    blocking(move || history::view(&*till.db()?, entry_id, &locale)).await
}

/// The receipt's one copy, signed by the control unit as `kopia` (`control_unit` and no copy
/// while it cannot sign), marked KOPIA and recorded, then given out as the after-sale default
/// says (printed or saved as PDF); a second copy is `copy_already_printed`. A printer error
/// is answered in `error`: the copy is made and can be sent again (`receipt_output` with
/// `copy`).
#[tauri::command]
pub async fn receipt_copy(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<ReceiptGivenOut, AppError> {
    // No engine (payments unavailable) is no control unit either.
    if let Ok(engine) = payments.engine() {
        engine.sign_copy(entry_id).await?;
    }
    given_out(till.inner().clone(), entry_id, locale, true).await
}

/// The original of a receipt whose original never went out (a printer error, or a till
/// stopped while printing), given out as the after-sale default says; no copy is made, and
/// once it went out History offers only the copy.
#[tauri::command]
pub async fn receipt_original(
    entry_id: i64,
    locale: String,
    till: State<'_, Arc<Till>>,
) -> Result<ReceiptGivenOut, AppError> {
    given_out(till.inner().clone(), entry_id, locale, false).await
}

/// The one copy (made now) or the original of `entry_id`, shown and given out.
async fn given_out(
    till: Arc<Till>,
    entry_id: i64,
    locale: String,
    copy: bool,
) -> Result<ReceiptGivenOut, AppError> {
    blocking(move || {
        let db = till.db()?;
        let (shown, which) = if copy {
            let made = history::make_copy(&db, entry_id, &locale, till.now())?;
            (history::doc(entry_id, &made), Which::Copy)
        } else {
            (history::view(&db, entry_id, &locale)?, Which::Original)
        };
        drop(db);
        receipt_output::hand_over(&till, entry_id, which, shown)
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
    let training = payments.mode() == Mode::Training;
    let cashier = till.cashier_name()?;
    let returns = Returns::new(
        till.shared_db(),
        payments.client()?,
        Arc::new(SystemClock),
        training,
        &cashier,
    )
    .with_control_unit(payments.engine()?.control_unit().cloned(), !training);
    let entry = returns.return_sale(entry_id).await?;
    let cash_back = entry
        .paid()
        .iter()
        .any(|p| p.method == kassa::PaymentMethod::Cash);
    if cash_back
        && let Err(error) = till
            .open_drawer(kassa::cash::DrawerOpening::Refund, training, &cashier)
            .await
    {
        // The refund is registered; the cashier opens the drawer with its key.
        tracing::warn!(%error, "the drawer did not open for a cash refund");
    }
    let till = till.inner().clone();
    blocking(move || {
        let shown = history::view(&*till.db()?, entry.id, &locale)?;
        receipt_output::hand_over(&till, entry.id, Which::Original, shown)
    })
    .await
}

/// The folders the journal export may be saved to: the till's own and mounted USB sticks.
#[tauri::command]
pub async fn export_destinations(
    till: State<'_, Arc<Till>>,
) -> Result<Vec<kassa::export::destination::Destination>, AppError> {
    let till = till.inner().clone();
    blocking(move || Ok(history::export_destinations(&*till.db()?))).await
}

/// The journal of a period as Skatteverket's XML (SKVFS 2021:16), saved in one of the offered
/// folders.
#[tauri::command]
pub async fn export_journal(
    from: String,
    to: String,
    folder: String,
    till: State<'_, Arc<Till>>,
) -> Result<kassa::export::ExportSummary, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let by = till.cashier_name()?;
        history::export_journal(&*till.db()?, &from, &to, &folder, &by, till.now())
    })
    .await
}
