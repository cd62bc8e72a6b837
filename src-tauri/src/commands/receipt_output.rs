//! The receipt after a sale: the original is made once (recorded in the journal) and given out
//! the way Settings says (printed, saved as PDF, or not at all); Print and PDF send the same
//! receipt again on request, e.g. to retry after a printer error. Printing runs on a blocking
//! thread and never touches the sale: a failure is shown and can be retried.

use std::path::Path;
use std::sync::{Arc, MutexGuard};

use jiff::Timestamp;
use kassa::journal::PrintKind;
use kassa::receipt::{AfterSale, HandedOut, Layout, Receipt, ReceiptOptions, pdf};
use kassa::settings::{TillSettings, output_folder};
use kassa::{Db, Entry};
use tauri::State;

use super::blocking;
use crate::error::{AppError, ErrorCode};
use crate::history::{ReceiptDoc, ReceiptGivenOut};
use crate::payments::Payments;
use crate::reports::{OutputChoice, OutputDone, ReceiptOutcome, doc_lines};
use crate::till::Till;

/// Where receipts saved as PDF go (under Documents/Kassa for the till in the OS data folder).
pub const RECEIPT_FOLDER: &str = "kvitton";

/// Sends `layout` out: ESC/POS to the configured printer, or a PDF file `<stem>.pdf` in
/// `folder` (see [`output_folder`]). Call without holding the database: a printer may take
/// seconds to answer.
pub fn send(
    layout: &Layout,
    output: OutputChoice,
    settings: &TillSettings,
    db_path: &Path,
    folder: &str,
    stem: &str,
) -> Result<OutputDone, AppError> {
    match output {
        OutputChoice::Print => {
            let Some(printer) = &settings.printer else {
                return Err(AppError::new(
                    ErrorCode::PrintFailed,
                    "No printer is set up; choose one in Settings, or save the receipt as PDF.",
                ));
            };
            printer.print(layout, settings.paper)?;
            Ok(OutputDone {
                output: "print".into(),
                pdf_path: None,
            })
        }
        OutputChoice::Pdf => {
            let bytes = pdf::render(layout)?;
            let dir = output_folder(db_path, folder);
            let path = dir.join(format!("{stem}.pdf"));
            // Written aside and renamed: a file that is there is whole.
            let partial = dir.join(format!(".{stem}.pdf.part"));
            std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&partial, &bytes))
                .and_then(|()| std::fs::rename(&partial, &path))
                .map_err(|e| {
                    AppError::new(
                        ErrorCode::Storage,
                        format!("the PDF could not be saved in {}: {e}", dir.display()),
                    )
                })?;
            Ok(OutputDone {
                output: "pdf".into(),
                pdf_path: Some(path.display().to_string()),
            })
        }
    }
}

/// How a receipt given out is made: in the till's language, with the QR code if wanted, and
/// the words for an electronic receipt on a PDF.
pub fn receipt_options(settings: &TillSettings, electronic: bool) -> ReceiptOptions {
    ReceiptOptions {
        language: settings.language,
        electronic,
        qr: settings.receipt_qr,
    }
}

/// The receipt of `entry_id`: the original, made now (and recorded) if it was never made,
/// else the same document rebuilt from the journal without recording anything, so sending it
/// again never counts as a second original or a copy.
pub fn receipt(
    db: &Db,
    entry_id: i64,
    settings: &TillSettings,
    electronic: bool,
) -> Result<Receipt, AppError> {
    let options = receipt_options(settings, electronic);
    let journal = db.journal();
    let made = journal
        .prints(entry_id)?
        .iter()
        .any(|p| p.kind == PrintKind::Original);
    if !made {
        return Ok(db.receipt_original(entry_id, options, Timestamp::now())?);
    }
    let entry = journal.entry(entry_id)?;
    let original = match entry.original_entry_id {
        Some(id) => Some(journal.entry(id)?.receipt_number),
        None => None,
    };
    Ok(Receipt::new(&entry, &db.shop()?, options, false, original)?)
}

/// `kvitto-12`, or `ovning-kvitto-12` for the training series.
pub fn stem(entry: &Entry) -> String {
    let prefix = if entry.training { "ovning-" } else { "" };
    format!("{prefix}kvitto-{}", entry.receipt_number)
}

/// The output the after-sale default asks for: none for `None`.
pub fn default_output(after_sale: AfterSale) -> Option<OutputChoice> {
    match after_sale {
        AfterSale::Print => Some(OutputChoice::Print),
        AfterSale::Pdf => Some(OutputChoice::Pdf),
        AfterSale::None => None,
    }
}

/// `print`, `pdf` or `none`, as the UI knows the after-sale default.
pub fn after_sale_key(after_sale: AfterSale) -> String {
    match after_sale {
        AfterSale::Print => "print",
        AfterSale::Pdf => "pdf",
        AfterSale::None => "none",
    }
    .into()
}

/// Sends `layout` out as `choice` says (nothing for `None`). A failure is answered, not
/// raised: the sale, copy or return it is for is registered either way and can be sent again.
pub fn give_out(
    layout: &Layout,
    choice: Option<OutputChoice>,
    settings: &TillSettings,
    db_path: &Path,
    stem: &str,
) -> (OutputDone, Option<AppError>) {
    let none = OutputDone {
        output: "none".into(),
        pdf_path: None,
    };
    let Some(choice) = choice else {
        return (none, None);
    };
    match send(layout, choice, settings, db_path, RECEIPT_FOLDER, stem) {
        Ok(done) => (done, None),
        Err(error) => {
            tracing::warn!(%error, receipt = stem, "receipt not given out");
            (none, Some(error))
        }
    }
}

/// The receipt of `entry` to send and its file stem: the copy already made (never another)
/// with `copy`, else the original (made now if it never was).
fn to_send(
    db: &Db,
    entry: &Entry,
    copy: bool,
    settings: &TillSettings,
    electronic: bool,
) -> Result<(Receipt, String), AppError> {
    if copy {
        let options = receipt_options(settings, electronic);
        let receipt = db.receipt_copy_again(entry.id, options)?;
        Ok((receipt, format!("{}-kopia", stem(entry))))
    } else {
        Ok((receipt(db, entry.id, settings, electronic)?, stem(entry)))
    }
}

/// Gives out a receipt History made as the after-sale default says: with `copy` the copy just
/// recorded (never another), else the entry's original, made now if it never was (a return's
/// receipt). `shown` is the receipt on screen. The database is let go before sending.
pub fn hand_over(
    till: &Till,
    db: MutexGuard<'_, Db>,
    entry_id: i64,
    copy: bool,
    shown: ReceiptDoc,
) -> Result<ReceiptGivenOut, AppError> {
    let entry = db.journal().entry(entry_id)?;
    let settings = db.till_settings()?;
    let after_sale = db.shop()?.after_sale;
    let choice = default_output(after_sale);
    let electronic = choice == Some(OutputChoice::Pdf);
    let (receipt, stem) = to_send(&db, &entry, copy, &settings, electronic)?;
    let db_path = db.path().to_path_buf();
    drop(db);
    let (done, error) = give_out(&receipt.layout(), choice, &settings, &db_path, &stem);
    if !copy && error.is_none() {
        went_out(till, entry_id, &done)?;
    }
    Ok(ReceiptGivenOut {
        doc: shown,
        entry_id,
        after_sale: after_sale_key(after_sale),
        done,
        error,
    })
}

/// Records that the original of `entry_id` went out as `done` says: until then (a printer
/// error, or a till killed while printing) History offers the original again, not the copy.
fn went_out(till: &Till, entry_id: i64, done: &OutputDone) -> Result<(), AppError> {
    let how = match done.output.as_str() {
        "print" => HandedOut::Print,
        "pdf" => HandedOut::Pdf,
        _ => HandedOut::Screen,
    };
    Ok(till
        .db()?
        .record_handed_out(entry_id, how, Timestamp::now())?)
}

/// Once a checkout is receipted: makes its original receipt and gives it out as Settings
/// says. Called again (a remounted screen) it sends nothing twice once the original went out.
/// A failed print or save is in `error`, with the entry to retry with; the sale is registered
/// either way.
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
        let db = till.db()?;
        let settings = db.till_settings()?;
        let after_sale = db.shop()?.after_sale;
        let receipt = receipt(&db, entry.id, &settings, after_sale == AfterSale::Pdf)?;
        let already_out = db.original_handed_out(entry.id)?;
        let db_path = db.path().to_path_buf();
        drop(db);
        let layout = receipt.layout();
        // Sent once: a remounted screen asking again gets the receipt, not a second print.
        let choice = default_output(after_sale).filter(|_| !already_out);
        let (done, error) = give_out(&layout, choice, &settings, &db_path, &stem(&entry));
        if !already_out && error.is_none() {
            went_out(&till, entry.id, &done)?;
        }
        Ok(ReceiptOutcome {
            entry_id: entry.id,
            receipt_number: entry.receipt_number,
            after_sale: after_sale_key(after_sale),
            done,
            error,
            lines: doc_lines(&layout),
        })
    })
    .await
}

/// Prints the receipt of `entry_id` or saves it as PDF: the original if it was never given
/// out, else the same original again (a retry); never a second original. With `copy`, the
/// copy History made (KOPIA) again: never a second copy, and refused before there is one.
#[tauri::command]
pub async fn receipt_output(
    entry_id: i64,
    output: OutputChoice,
    copy: Option<bool>,
    till: State<'_, Arc<Till>>,
) -> Result<OutputDone, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let settings = db.till_settings()?;
        let entry = db.journal().entry(entry_id)?;
        let electronic = output == OutputChoice::Pdf;
        let copy = copy == Some(true);
        let (receipt, stem) = to_send(&db, &entry, copy, &settings, electronic)?;
        let db_path = db.path().to_path_buf();
        drop(db);
        let done = send(
            &receipt.layout(),
            output,
            &settings,
            &db_path,
            RECEIPT_FOLDER,
            &stem,
        )?;
        if !copy {
            went_out(&till, entry_id, &done)?;
        }
        Ok(done)
    })
    .await
}
