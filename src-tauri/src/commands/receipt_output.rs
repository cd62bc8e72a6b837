//! The receipt after a sale and its output again on request: adapters over
//! [`kassa::receipt::give_out`], which holds the receipt-once rule. Printing runs on a
//! blocking thread without the database and never touches the sale: a failure is shown and
//! can be retried.

use std::sync::Arc;

use kassa::receipt::give_out::{Output, Sent, ToGiveOut, Which};
use tauri::State;

use super::blocking;
use crate::documents::{OutputChoice, OutputDone, ReceiptOutcome, doc_lines};
use crate::error::{AppError, ErrorCode};
use crate::history::{ReceiptDoc, ReceiptGivenOut};
use crate::payments::Payments;
use crate::till::Till;

impl From<OutputChoice> for Output {
    fn from(choice: OutputChoice) -> Output {
        match choice {
            OutputChoice::Print => Output::Print,
            OutputChoice::Pdf => Output::Pdf,
        }
    }
}

impl From<&Sent> for OutputDone {
    fn from(sent: &Sent) -> OutputDone {
        let (output, pdf_path) = match sent {
            Sent::Printed => ("print", None),
            Sent::Saved(path) => ("pdf", Some(path.display().to_string())),
            Sent::Shown => ("none", None),
        };
        OutputDone {
            output: output.into(),
            pdf_path,
        }
    }
}

/// `print`, `pdf` or `none`, as the UI knows the after-sale default.
fn after_sale_key(given: &ToGiveOut) -> String {
    match Output::after_sale(given.after_sale) {
        Some(Output::Print) => "print",
        Some(Output::Pdf) => "pdf",
        None => "none",
    }
    .into()
}

/// Gives `given` out as `output` says (shown only for `None`) and records an original that
/// went out. A failed output is answered, not raised: the receipt is made either way.
fn give_out(
    till: &Till,
    given: &ToGiveOut,
    output: Option<Output>,
) -> Result<(OutputDone, Option<AppError>), AppError> {
    let sent = match output {
        Some(output) => given.send(output),
        None => Ok(Sent::Shown),
    };
    match sent {
        Ok(sent) => {
            till.db()?.record_given_out(given, &sent, till.now())?;
            Ok(((&sent).into(), None))
        }
        Err(error) => {
            tracing::warn!(%error, receipt = given.stem(), "receipt not given out");
            Ok(((&Sent::Shown).into(), Some(error.into())))
        }
    }
}

/// Receipt `entry_id` ready to give out the way the shop's after-sale default says (none:
/// only shown). The database is free again before anything is sent.
fn as_after_sale(
    till: &Till,
    entry_id: i64,
    which: Which,
) -> Result<(ToGiveOut, Option<Output>), AppError> {
    let db = till.db()?;
    let output = Output::after_sale(db.shop()?.after_sale);
    Ok((db.to_give_out(entry_id, which, output, till.now())?, output))
}

/// Gives out a receipt History made as the after-sale default says: the copy just recorded
/// (never another) or the entry's original. `shown` is the receipt on screen.
pub fn hand_over(
    till: &Till,
    entry_id: i64,
    which: Which,
    shown: ReceiptDoc,
) -> Result<ReceiptGivenOut, AppError> {
    let (given, output) = as_after_sale(till, entry_id, which)?;
    let (done, error) = give_out(till, &given, output)?;
    Ok(ReceiptGivenOut {
        doc: shown,
        entry_id,
        after_sale: after_sale_key(&given),
        done,
        error,
    })
}

/// Once a checkout is receipted: gives its original (made when the sale was registered) out
/// as Settings says and answers the receipt. Asked again (a remounted screen) it sends
/// nothing twice once the original went out. A failed print or save is in `error`, with the
/// entry to retry with; the sale is registered either way.
#[tauri::command]
pub async fn receipt_after_sale(
    checkout_id: i64,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<ReceiptOutcome, AppError> {
    let engine = payments.engine()?.clone();
    let till = till.inner().clone();
    blocking(move || {
        // The engine locks the database itself: ask it first, then lock.
        let entry = engine.receipt(checkout_id)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("checkout {checkout_id} has no registered sale yet"),
            )
        })?;
        let (given, output) = as_after_sale(&till, entry.id, Which::Original)?;
        let (done, error) = if given.original_handed_out {
            ((&Sent::Shown).into(), None)
        } else {
            give_out(&till, &given, output)?
        };
        Ok(ReceiptOutcome {
            entry_id: entry.id,
            receipt_number: entry.receipt_number,
            after_sale: after_sale_key(&given),
            done,
            error,
            lines: doc_lines(&given.receipt.layout()),
        })
    })
    .await
}

/// Prints the receipt of `entry_id` or saves it as PDF: the original again (never a second
/// original). With `copy`, the copy History made (KOPIA) again: never a second copy, and
/// refused before there is one.
#[tauri::command]
pub async fn receipt_output(
    entry_id: i64,
    output: OutputChoice,
    copy: Option<bool>,
    till: State<'_, Arc<Till>>,
) -> Result<OutputDone, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let which = if copy == Some(true) {
            Which::Copy
        } else {
            Which::Original
        };
        let output = Output::from(output);
        let given = till
            .db()?
            .to_give_out(entry_id, which, Some(output), till.now())?;
        let sent = given.send(output)?;
        till.db()?.record_given_out(&given, &sent, till.now())?;
        Ok((&sent).into())
    })
    .await
}
