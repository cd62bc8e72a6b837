//! The customer display: a second window facing the customer (label `customer-display`,
//! `index.html#display`) with the sale's lines, the total and, while paying, the QR code.
//! It only reads: its capability (`capabilities/customer-display.json`) grants the one
//! command below and event listening, no staff command.

use jiff::Timestamp;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};
use ts_rs::TS;

use crate::checkout_view::{self, CheckoutView};
use crate::error::{AppError, ErrorCode};
use crate::payments::Payments;
use crate::sale::CartView;
use crate::till::Till;

/// The window's label; its capability file names it.
pub const LABEL: &str = "customer-display";

/// What the customer sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CustomerDisplayView.ts")]
pub struct CustomerDisplayView {
    /// Training mode: the display shows the ÖVNING banner too (no real payment).
    pub training: bool,
    pub cart: CartView,
    /// The checkout Charge made for this sale (finished ones too: the display thanks the
    /// customer after a paid sale).
    pub checkout: Option<CheckoutView>,
}

/// The sale on the counter and its checkout, as the customer display shows them.
pub fn view(till: &Till, payments: &Payments) -> Result<CustomerDisplayView, AppError> {
    let cart = {
        let cart = till.cart()?;
        CartView::of(&cart, till.vat(), kassa::vat::sale_date(Timestamp::now()))?
    };
    let checkout = match payments.current_checkout()? {
        Some(id) => Some(checkout_view::view(payments, id)?),
        None => None,
    };
    Ok(CustomerDisplayView {
        training: payments.sandbox().is_some(),
        cart,
        checkout,
    })
}

/// Opens the customer display, or brings it forward if it is open already.
pub fn open<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    let failed = |e: tauri::Error| {
        AppError::new(
            ErrorCode::Internal,
            format!("the customer display did not open: {e}"),
        )
    };
    if let Some(window) = app.get_webview_window(LABEL) {
        return window.set_focus().map_err(failed);
    }
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html#display".into()))
        .title("Kassa")
        .inner_size(800.0, 600.0)
        .build()
        .map(drop)
        .map_err(failed)
}
