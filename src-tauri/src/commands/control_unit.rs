//! Settings' control unit: its health (start-up banner, test button) and its password in the
//! keyring. Choosing the unit's address is part of the Settings form.

use std::sync::Arc;

use kassa::control_unit::UnitPassword;
use tauri::State;

use super::blocking;
use crate::control_unit::ControlUnitHealth;
use crate::credentials::CredentialStore;
use crate::error::AppError;
use crate::payload::Mode;
use crate::payments::Payments;
use crate::till::Till;

/// The health of the unit the till sells with now (the saved one, or training's simulator).
#[tauri::command]
pub async fn control_unit_status(
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<ControlUnitHealth, AppError> {
    let settings = {
        let till = till.inner().clone();
        blocking(move || Ok(till.db()?.till_settings()?)).await?
    };
    let training = payments.mode() == Mode::Training;
    Ok(payments
        .control_units()
        .check(&settings.control_unit, training)
        .await)
}

/// The test button: asks the unit at `address` (as typed, not yet saved) with the saved
/// password who it is and whether it can sell.
#[tauri::command]
pub async fn test_control_unit(
    address: String,
    payments: State<'_, Arc<Payments>>,
) -> Result<ControlUnitHealth, AppError> {
    let training = payments.mode() == Mode::Training;
    Ok(payments.control_units().check(&address, training).await)
}

/// Saves the unit's password in the keyring (empty removes it) and rebuilds the engine on
/// it; refused while a payment is open, and with no secure store.
#[tauri::command]
pub async fn save_control_unit_password(
    password: String,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
    store: State<'_, CredentialStore>,
) -> Result<ControlUnitHealth, AppError> {
    let store = store.inner().clone();
    let password = (!password.is_empty()).then(|| UnitPassword::new(password));
    payments
        .switch(&till, move || {
            store.set_control_unit_password(password)?;
            Ok(((), crate::commands::settings::saved_token(&store)?))
        })
        .await?;
    control_unit_status(till, payments).await
}
