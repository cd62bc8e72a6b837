//! The sale being rung up. The cart lives in the core's [`Till`]; every command answers with
//! the whole [`CartView`] (lines, totals per VAT rate, grand total), so the screen never
//! drifts. Every change is also published to the customer display (when it is open).

use std::sync::Arc;

use kassa::Cart;
use kassa::cart::DiscountInput;
use tauri::{AppHandle, Runtime, State};

use super::blocking;
use crate::customer_display;
use crate::error::AppError;
use crate::sale_view::{CartView, ParkedView};
use crate::till::Till;

/// Runs `change` on the till (the core refuses a change before it applies it), publishes
/// the cart to the customer display and answers it priced for today.
async fn with_cart<R: Runtime>(
    app: AppHandle<R>,
    till: &State<'_, Arc<Till>>,
    change: impl FnOnce(&Till) -> kassa::Result<Cart> + Send + 'static,
) -> Result<CartView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let cart = change(&till)?;
        customer_display::publish(&app);
        CartView::of(&cart, till.vat(), till.today())
    })
    .await
}

#[tauri::command]
pub async fn cart(till: State<'_, Arc<Till>>) -> Result<CartView, AppError> {
    let till = till.inner().clone();
    blocking(move || CartView::of(&till.cart()?, till.vat(), till.today())).await
}

/// Adds `quantity` (default 1) of a catalogue product.
#[tauri::command]
pub async fn cart_add_product<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    product_id: i64,
    quantity: Option<i64>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| {
        till.add_product(product_id, quantity)
    })
    .await
}

/// Adds one of the product with a scanned or typed barcode.
#[tauri::command]
pub async fn cart_add_barcode<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    code: String,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| till.add_barcode(&code)).await
}

#[tauri::command]
pub async fn cart_set_quantity<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    line_id: u32,
    quantity: i64,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| till.set_quantity(line_id, quantity)).await
}

/// Sets (or with `null`, removes) a line's discount.
#[tauri::command]
pub async fn cart_set_discount<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    line_id: u32,
    discount: Option<DiscountInput>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| {
        let discount = discount.as_ref().map(DiscountInput::read).transpose()?;
        till.set_discount(line_id, discount)
    })
    .await
}

#[tauri::command]
pub async fn cart_remove_line<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    line_id: u32,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| till.remove_line(line_id)).await
}

#[tauri::command]
pub async fn cart_set_note<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    note: String,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| till.set_note(note)).await
}

/// Empties the sale for the next customer.
#[tauri::command]
pub async fn cart_clear<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, |till| till.clear_cart()).await
}

/// Puts the sale aside (stored in SQLite) and starts an empty one.
#[tauri::command]
pub async fn cart_park<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    label: Option<String>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| {
        till.park(&label.unwrap_or_default())
    })
    .await
}

/// Parked sales, oldest first.
#[tauri::command]
pub async fn parked_sales(till: State<'_, Arc<Till>>) -> Result<Vec<ParkedView>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let parked = till.db()?.parked_sales().list()?;
        Ok(parked.into_iter().map(ParkedView::from).collect())
    })
    .await
}

/// Takes a parked sale back as the current one. Refused over a sale in progress, which
/// would otherwise be lost: park or clear it first.
#[tauri::command]
pub async fn cart_recall<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    parked_id: i64,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till| till.recall(parked_id)).await
}
