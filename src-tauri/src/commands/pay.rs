//! The Pay screen: Charge, Cancel, and the checkout as it goes. The engine runs the checkout
//! in the background; the window hears `checkout-changed` and asks for the view again.

use std::sync::Arc;

use kassa::checkout::Tender;
use tauri::{AppHandle, Runtime, State};

use super::blocking;
use crate::checkout_view::{self, CheckoutView, CustomerInput, CustomerProblem};
use crate::customer_display::{self, CustomerDisplayView};
use crate::error::AppError;
use crate::lan::{self, TrainingLan};
use crate::payments::Payments;
use crate::till::Till;

/// Charges the sale on the counter with `tender`: Swish, or an invoice to `customer`.
/// Answers at once with the checkout (the QR code comes with it if Kronor answered within a
/// few milliseconds, else in `checkout-changed`); a Kronor that cannot be reached is retried
/// in the background with the same key.
#[tauri::command]
pub async fn charge<R: Runtime>(
    app: AppHandle<R>,
    tender: Tender,
    customer: Option<CustomerInput>,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CheckoutView, AppError> {
    payments.forward_events(&app, till.inner().clone());
    let customer = match customer {
        Some(customer) => Some(checkout_view::validated(customer, till.today())?),
        None => None,
    };
    let turn = payments.begin_charge().await?;
    let started = till
        .charge(&turn.engine, tender, customer.as_ref(), payments.mode())
        .await?;
    payments.charged(started.checkout.id);
    drop(turn);
    let payments = payments.inner().clone();
    blocking(move || payments.checkout_view(started.checkout.id)).await
}

/// Cancels a checkout the customer has not approved yet.
#[tauri::command]
pub async fn cancel_checkout(
    checkout_id: i64,
    payments: State<'_, Arc<Payments>>,
) -> Result<CheckoutView, AppError> {
    let engine = payments.engine()?.clone();
    engine.cancel(checkout_id).await?;
    let payments = payments.inner().clone();
    blocking(move || payments.checkout_view(checkout_id)).await
}

/// The checkout as the Pay screen shows it now.
#[tauri::command]
pub async fn checkout_view(
    checkout_id: i64,
    payments: State<'_, Arc<Payments>>,
) -> Result<CheckoutView, AppError> {
    let payments = payments.inner().clone();
    blocking(move || payments.checkout_view(checkout_id)).await
}

/// Every invalid field of the customer form (empty: Charge may go ahead). Checked by the
/// same rules Charge applies, so the form can mark each field before anything is sent.
#[tauri::command]
pub fn check_customer(customer: CustomerInput, till: State<'_, Arc<Till>>) -> Vec<CustomerProblem> {
    checkout_view::problems(customer, till.today())
}

/// Opens the customer display window (or brings it forward).
#[tauri::command]
pub async fn open_customer_display<R: Runtime>(app: AppHandle<R>) -> Result<(), AppError> {
    customer_display::open(&app)
}

/// What the customer display shows: the sale and, while paying, the QR code. Read-only.
#[tauri::command]
pub async fn customer_display_view(
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CustomerDisplayView, AppError> {
    let till = till.inner().clone();
    let payments = payments.inner().clone();
    blocking(move || customer_display::view(&till, &payments)).await
}

/// Training mode's LAN switch: on, the embedded Kronor restarts on the laptop's LAN address
/// so a phone on the same Wi-Fi can open the SCA page in the QR code; off, back to
/// 127.0.0.1. Refused while a checkout is open.
#[tauri::command]
pub async fn set_training_lan(
    enabled: bool,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<TrainingLan, AppError> {
    let listen = if enabled {
        lan::lan_address()?
    } else {
        std::net::Ipv4Addr::LOCALHOST.into()
    };
    payments.set_training_listen(&till, listen).await?;
    Ok(TrainingLan::of(&payments))
}

/// Whether the SCA page is reachable from the local network, and where it is served.
#[tauri::command]
pub async fn training_lan(payments: State<'_, Arc<Payments>>) -> Result<TrainingLan, AppError> {
    Ok(TrainingLan::of(&payments))
}
