//! The Settings screen: the shop's details, the after-sale default, the till's register id,
//! language, printer and control unit, and the printer's test page.

use std::sync::Arc;

use kassa::Db;
use kassa::settings::{SettingsError, test_page};
use tauri::State;

use super::blocking;
use crate::credentials::{CredentialStore, SavedToken};
use crate::error::{AppError, ErrorCode};
use crate::payload::Mode;
use crate::payments::Payments;
use crate::settings::{LanguageChoice, SaveSettingsOutcome, SettingsForm, SettingsView};
use crate::till::Till;

/// What is saved now (defaults, and an empty shop, before the first save).
pub fn view(db: &Db) -> Result<SettingsView, AppError> {
    let till = db.till_settings()?;
    let shop = match db.shop() {
        Ok(shop) => Some(shop),
        Err(e) if e.code() == kassa::ErrorCode::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    Ok(SettingsView {
        form: SettingsForm::of(shop.as_ref(), &till),
        shop_saved: shop.is_some(),
        register_designation: till.register_designation(),
        register: db.register_identity()?,
    })
}

/// The settings as saved.
#[tauri::command]
pub async fn settings(till: State<'_, Arc<Till>>) -> Result<SettingsView, AppError> {
    let till = till.inner().clone();
    blocking(move || view(&*till.db()?)).await
}

/// Checks and saves the whole form, or nothing with every field to fix. A new register id
/// starts a new receipt series and new payment keys, and a new control unit signs the next
/// receipt, so for either the checkout engine is rebuilt at once — like a token change, only
/// while no payment is open (`payment_in_progress`, and nothing is saved).
#[tauri::command]
pub async fn save_settings(
    form: SettingsForm,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
    store: State<'_, CredentialStore>,
) -> Result<SaveSettingsOutcome, AppError> {
    let till = till.inner().clone();
    let current = {
        let till = till.clone();
        blocking(move || Ok(till.db()?.till_settings()?)).await?
    };
    let (_, next) = form.split();
    if next.register_id == current.register_id && next.control_unit == current.control_unit {
        return blocking(move || save(&till, form)).await;
    }
    let store = store.inner().clone();
    let saver = till.clone();
    payments
        .switch(&till, move || {
            Ok((save(&saver, form)?, saved_token(&store)?))
        })
        .await
}

/// The token the engine goes on with when it is rebuilt for a settings change: the saved
/// one, or none in training.
pub fn saved_token(store: &CredentialStore) -> Result<Option<SavedToken>, AppError> {
    Ok(match store.status()?.mode() {
        Mode::Training => None,
        Mode::Live => store.token()?,
    })
}

fn save(till: &Till, form: SettingsForm) -> Result<SaveSettingsOutcome, AppError> {
    let db = till.db()?;
    let (shop, settings) = form.split();
    let problems = match db.save_settings(shop, settings) {
        Ok(_) => Vec::new(),
        Err(SettingsError::Invalid(problems)) => problems,
        Err(SettingsError::Storage(e)) => return Err(e.into()),
    };
    Ok(SaveSettingsOutcome {
        saved: problems.is_empty(),
        problems: problems.into_iter().map(Into::into).collect(),
        settings: view(&db)?,
    })
}

/// Saves the language on its own (the header's switch), so Kassa starts in it next time.
#[tauri::command]
pub async fn set_language(
    language: LanguageChoice,
    till: State<'_, Arc<Till>>,
) -> Result<SettingsView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        db.set_language(language.language())?;
        view(&db)
    })
    .await
}

/// Prints a test page on the printer in the form (saved or not), on a blocking thread; fails
/// with `print_failed` and the printer's own words.
#[tauri::command]
pub async fn print_test_page(form: SettingsForm) -> Result<(), AppError> {
    // No database: the page is made from the form alone.
    blocking(move || {
        let (shop, settings) = form.split();
        if let Some(problem) = settings.problems().into_iter().next() {
            return Err(AppError::new(ErrorCode::PrintFailed, problem.message));
        }
        let Some(printer) = settings.printer.clone() else {
            return Err(AppError::new(
                ErrorCode::PrintFailed,
                "No printer is chosen; choose a network printer or a CUPS queue first.",
            ));
        };
        let named = (!shop.name.trim().is_empty()).then_some(&shop);
        printer.print(&test_page(named, &settings), settings.paper)?;
        Ok(())
    })
    .await
}
