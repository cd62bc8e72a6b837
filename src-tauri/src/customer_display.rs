//! The customer display: a second window facing the customer (label `customer-display`,
//! `index.html#display`) with the sale's lines, the total and VAT, the QR code while paying,
//! and how the payment ended.
//!
//! It only reads: its capability (`capabilities/customer-display.json`) grants
//! `customer_display_view` (read once when the page opens) and event listening, no staff
//! command. After that it renders from [`CHANGED`], which Rust sends to that window alone
//! whenever the cart changes (the cart commands call [`publish`]) or a checkout does (the
//! display follows `checkout-changed` from the moment it is first opened). The payload is
//! built here for the customer's eyes: no personnummer, name or address, no note, no order
//! number, no staff data.

use std::sync::{Arc, Mutex};

use kassa::checkout::CheckoutState;
use serde::Serialize;
use tauri::{
    AppHandle, Emitter, EventTarget, Listener, Manager, Runtime, WebviewUrl, WebviewWindowBuilder,
};
use ts_rs::TS;

use crate::error::{AppError, ErrorCode};
use crate::payload::CHECKOUT_CHANGED;
use crate::payments::Payments;
use crate::sale_view::{CartView, Money};
use crate::till::Till;

/// The window's label; its capability file names it.
pub const LABEL: &str = "customer-display";

/// The event carrying a fresh [`CustomerDisplayView`], sent only to the display window.
pub const CHANGED: &str = "customer-display-changed";

/// Which screen the customer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "DisplayPhase.ts")]
pub enum DisplayPhase {
    /// Nothing on the counter: the shop's name and "Välkommen".
    Welcome,
    /// The sale being rung up: lines and total.
    Sale,
    /// Charge was pressed: the amount and, once Kronor has the order, the QR code.
    Paying,
    /// Kronor approved the purchase: thanks (until the next sale starts).
    Approved,
    /// The payment ended without money moving; shown until the cashier changes the sale.
    Rejected,
    Cancelled,
    Expired,
    Failed,
}

/// One line as the customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DisplayLine.ts")]
pub struct DisplayLine {
    pub id: u32,
    pub name: String,
    pub quantity: u32,
    pub unit_price: Money,
    /// What the discount takes off the line (zero: none).
    pub discount: Money,
    pub total: Money,
}

/// The sale on the counter as the customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DisplayCart.ts")]
pub struct DisplayCart {
    pub lines: Vec<DisplayLine>,
    pub total: Money,
    /// VAT included in `total`.
    pub vat: Money,
    pub discount: Money,
    pub items: u32,
}

/// The payment as the customer sees it: the amount and where to approve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DisplayCheckout.ts")]
pub struct DisplayCheckout {
    #[ts(type = "number")]
    pub checkout_id: i64,
    pub amount: Money,
    /// Swish (scan in the Swish app) or invoice (scan, then BankID).
    pub tender: kassa::checkout::Tender,
    /// The customer's SCA page, while it can still be used.
    pub sca_url: Option<String>,
    /// The QR code of `sca_url` as SVG markup (the engine's own rendering; no script).
    pub qr_svg: Option<String>,
}

/// What the customer display shows, whole: the answer of `customer_display_view` and the
/// payload of [`CHANGED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CustomerDisplayView.ts")]
pub struct CustomerDisplayView {
    /// Training mode: the display shows the ÖVNING banner too (no real payment).
    pub training: bool,
    /// The shop's name from Settings, for the welcome screen (none until it is set).
    pub shop_name: Option<String>,
    pub phase: DisplayPhase,
    pub cart: DisplayCart,
    /// The checkout the phase is about (none on the welcome and sale screens).
    pub checkout: Option<DisplayCheckout>,
}

/// The sale on the counter and its checkout, as the customer display shows them.
pub fn view(till: &Till, payments: &Payments) -> Result<CustomerDisplayView, AppError> {
    let cart = CartView::of(&till.cart()?, till.vat(), till.today())?;
    // An unset shop (or an unreadable one) only means a plain "Välkommen".
    let shop_name = till.db()?.shop().ok().map(|shop| shop.name);
    let checkout = match payments.current_checkout(till)? {
        Some(id) => {
            let checkout = payments.engine()?.checkout(id)?;
            Some((id, checkout))
        }
        None => None,
    };
    let on_counter = !cart.lines.is_empty();
    let phase = match &checkout {
        None => None,
        // A part paid while the rest of its sale is not: the sale is still being paid, not
        // "paid"; the display shows the sale until the next part's code.
        Some((_, checkout))
            if checkout.split_order_id.is_some()
                && matches!(
                    checkout.state,
                    CheckoutState::Approved | CheckoutState::Captured
                ) =>
        {
            None
        }
        Some((_, checkout)) => checkout_phase(
            &checkout.state,
            on_counter,
            cart.total.ore == checkout.totals.total.get(),
        ),
    };
    let phase = phase.unwrap_or(if on_counter {
        DisplayPhase::Sale
    } else {
        DisplayPhase::Welcome
    });
    let checkout = match (phase, checkout) {
        (DisplayPhase::Welcome | DisplayPhase::Sale, _) | (_, None) => None,
        (phase, Some((id, checkout))) => {
            // The QR code only while the customer can still use it.
            let sca = match phase {
                DisplayPhase::Paying => payments.engine()?.sca_code(id)?,
                _ => None,
            };
            let (sca_url, qr_svg) = sca.map(|code| (code.url, code.svg)).unzip();
            Some(DisplayCheckout {
                checkout_id: id,
                amount: checkout.amount().into(),
                tender: checkout.tender,
                sca_url,
                qr_svg,
            })
        }
    };
    Ok(CustomerDisplayView {
        training: payments.sandbox().is_some(),
        shop_name,
        phase,
        cart: DisplayCart::from(cart),
        checkout,
    })
}

/// The screen a checkout asks for, or `None` when it no longer concerns the customer: a
/// paid sale thanks until the next one starts, an unpaid one says so until the cashier
/// changes or clears the sale (`same_sale`: the counter still holds what was charged).
fn checkout_phase(
    state: &CheckoutState,
    on_counter: bool,
    same_sale: bool,
) -> Option<DisplayPhase> {
    let unpaid = |phase| (on_counter && same_sale).then_some(phase);
    match state {
        CheckoutState::Draft | CheckoutState::Submitting | CheckoutState::AwaitingCustomer => {
            Some(DisplayPhase::Paying)
        }
        CheckoutState::Approved | CheckoutState::Captured => Some(DisplayPhase::Approved),
        // Receipted empties the counter; a new scan after it is the next customer's sale.
        CheckoutState::Receipted => (!on_counter).then_some(DisplayPhase::Approved),
        CheckoutState::Rejected => unpaid(DisplayPhase::Rejected),
        CheckoutState::Cancelled | CheckoutState::Refunded => unpaid(DisplayPhase::Cancelled),
        CheckoutState::Expired => unpaid(DisplayPhase::Expired),
        CheckoutState::Failed { .. } => unpaid(DisplayPhase::Failed),
    }
}

impl From<CartView> for DisplayCart {
    /// Drops what is the cashier's only: the note, VAT classes' wording, discount kinds.
    fn from(cart: CartView) -> Self {
        DisplayCart {
            lines: cart
                .lines
                .into_iter()
                .map(|line| DisplayLine {
                    id: line.id,
                    name: line.name,
                    quantity: line.quantity,
                    unit_price: line.unit_price,
                    discount: line.discount_amount,
                    total: line.total,
                })
                .collect(),
            total: cart.total,
            vat: cart.vat,
            discount: cart.discount,
            items: cart.items,
        }
    }
}

/// Opens the customer display, or brings it forward if it is open already (never a
/// second one). From the first opening on, checkout changes reach it too.
pub fn open<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    follow_checkouts(app);
    let failed = |e: tauri::Error| {
        AppError::new(
            ErrorCode::Internal,
            format!("the customer display did not open: {e}"),
        )
    };
    if let Some(window) = app.get_webview_window(LABEL) {
        return window.set_focus().map_err(failed);
    }
    let window =
        WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html#display".into()))
            .title("Kassa")
            .inner_size(800.0, 600.0)
            .build()
            .map_err(failed)?;
    // The same WebKit settings as the main window: software drawing, no GL (see rendering.rs).
    crate::rendering::tune_webview(&window);
    Ok(())
}

/// Closes the customer display if it is open; answers whether it was.
pub fn close<R: Runtime>(app: &AppHandle<R>) -> Result<bool, AppError> {
    let Some(window) = app.get_webview_window(LABEL) else {
        return Ok(false);
    };
    window.destroy().map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("the customer display did not close: {e}"),
        )
    })?;
    Ok(true)
}

/// Sends the display what it shows now, if it is open; a failure is logged, never the
/// cashier's problem. Runs on the caller's thread (it reads SQLite): the cart commands call
/// it from their blocking task, so the display has the change before the command answers.
pub fn publish<R: Runtime>(app: &AppHandle<R>) {
    // Never opened, or closed: nobody to tell.
    let Some(publisher) = app.try_state::<Publisher>() else {
        return;
    };
    if app.get_webview_window(LABEL).is_none() {
        return;
    }
    let (Some(till), Some(payments)) = (
        app.try_state::<Arc<Till>>(),
        app.try_state::<Arc<Payments>>(),
    ) else {
        return;
    };
    // One at a time, each reading the state afresh: the last event sent is the latest view.
    let Ok(_turn) = publisher.turn.lock() else {
        return;
    };
    let sent = view(&till, &payments).and_then(|shown| {
        app.emit_to(EventTarget::webview_window(LABEL), CHANGED, shown)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
    });
    if let Err(error) = sent {
        tracing::warn!(%error, "the customer display was not updated");
    }
}

/// Managed once the display has been opened: it serialises [`publish`].
#[derive(Default)]
struct Publisher {
    turn: Mutex<()>,
}

/// Republishes on every `checkout-changed` (once per app: later calls do nothing). The
/// work leaves the emitting thread, which holds Tauri's listener lock.
fn follow_checkouts<R: Runtime>(app: &AppHandle<R>) {
    if !app.manage(Publisher::default()) {
        return;
    }
    let handle = app.clone();
    app.listen_any(CHECKOUT_CHANGED, move |_| {
        let app = handle.clone();
        tauri::async_runtime::spawn_blocking(move || publish(&app));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paid_sale_thanks_until_the_next_scan_and_an_unpaid_one_until_the_sale_changes() {
        use DisplayPhase::*;
        let receipted = CheckoutState::Receipted;
        assert_eq!(checkout_phase(&receipted, false, false), Some(Approved));
        assert_eq!(checkout_phase(&receipted, true, false), None);
        let rejected = CheckoutState::Rejected;
        assert_eq!(checkout_phase(&rejected, true, true), Some(Rejected));
        assert_eq!(checkout_phase(&rejected, true, false), None);
        assert_eq!(checkout_phase(&rejected, false, false), None);
        let paying = CheckoutState::AwaitingCustomer;
        assert_eq!(checkout_phase(&paying, true, true), Some(Paying));
        assert_eq!(
            checkout_phase(&CheckoutState::Captured, true, true),
            Some(Approved)
        );
    }
}
