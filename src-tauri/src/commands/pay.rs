//! The Pay screen: Charge, Cancel, and the checkout as it goes. The engine runs the checkout
//! in the background; the window hears `checkout-changed` and asks for the view again.

use std::sync::Arc;

use jiff::Timestamp;
use kassa::checkout::Charge;
use tauri::{AppHandle, Runtime, State};

use super::blocking;
use crate::checkout_view::{self, CheckoutView, CustomerInput};
use crate::error::AppError;
use crate::payments::Payments;
use crate::till::Till;

/// Charges the sale on the counter to `customer` (invoice). Answers once Kronor has the
/// order (the view then has the QR code) or, if Kronor cannot be reached, with the checkout
/// still submitting (retried in the background with the same key).
#[tauri::command]
pub async fn charge<R: Runtime>(
    app: AppHandle<R>,
    customer: CustomerInput,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CheckoutView, AppError> {
    payments.forward_events(&app, till.inner().clone());
    let customer = customer.validated(kassa::vat::sale_date(Timestamp::now()))?;
    let cart = till.cart()?.clone();
    let engine = payments.engine()?.clone();
    let order_id = payments.order_id()?;
    let started = engine
        .charge(Charge {
            order_id: &order_id,
            cart: &cart,
            customer: &customer,
            customer_id: None,
        })
        .await?;
    payments.charged(&order_id, started.checkout.id)?;
    let payments = payments.inner().clone();
    blocking(move || checkout_view::view(&payments, started.checkout.id)).await
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
    blocking(move || checkout_view::view(&payments, checkout_id)).await
}

/// The checkout as the Pay screen shows it now.
#[tauri::command]
pub async fn checkout_view(
    checkout_id: i64,
    payments: State<'_, Arc<Payments>>,
) -> Result<CheckoutView, AppError> {
    let payments = payments.inner().clone();
    blocking(move || checkout_view::view(&payments, checkout_id)).await
}
