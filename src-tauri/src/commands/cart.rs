//! The sale being rung up. The cart lives in Rust; every command answers with the whole
//! [`CartView`] (lines, totals per VAT rate, grand total), so the screen never drifts.
//! Every change is also published to the customer display (when it is open).

use std::sync::Arc;

use jiff::Timestamp;
use kassa::Cart;
use tauri::{AppHandle, Runtime, State};

use super::blocking;
use crate::customer_display;
use crate::error::{AppError, ErrorCode};
use crate::sale::{CartView, DiscountInput, ParkedView};
use crate::till::Till;

/// Runs `change` on the cart under its lock and prices the result for today. A refused
/// change leaves the cart as it was (the core checks before it applies); an applied one is
/// published to the customer display before the command answers.
async fn with_cart<R: Runtime>(
    app: AppHandle<R>,
    till: &State<'_, Arc<Till>>,
    change: impl FnOnce(&Till, &mut Cart) -> Result<(), AppError> + Send + 'static,
) -> Result<CartView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let shown = {
            let mut cart = till.cart()?;
            change(&till, &mut cart)?;
            view(&till, &cart)?
        };
        customer_display::publish(&app);
        Ok(shown)
    })
    .await
}

fn view(till: &Till, cart: &Cart) -> Result<CartView, AppError> {
    CartView::of(cart, till.vat(), kassa::vat::sale_date(Timestamp::now()))
}

/// Quantities arrive as any JSON number so that 0 or -1 get the cashier's message.
fn quantity(quantity: i64) -> Result<u32, AppError> {
    u32::try_from(quantity).map_err(|_| kassa::Error::InvalidQuantity(quantity).into())
}

#[tauri::command]
pub async fn cart(till: State<'_, Arc<Till>>) -> Result<CartView, AppError> {
    let till = till.inner().clone();
    blocking(move || view(&till, &*till.cart()?)).await
}

/// Adds `quantity` (default 1) of a catalogue product.
#[tauri::command]
pub async fn cart_add_product<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    product_id: i64,
    quantity: Option<i64>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till, cart| {
        let quantity = quantity.map_or(Ok(1), self::quantity)?;
        let product = till.db()?.catalogue().product(product_id)?;
        cart.add_product(&product, quantity)?;
        Ok(())
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
    with_cart(app, &till, move |till, cart| {
        cart.add_barcode(&till.db()?.catalogue(), &code)?;
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn cart_set_quantity<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    line_id: u32,
    quantity: i64,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |_, cart| {
        cart.set_quantity(line_id, self::quantity(quantity)?)?;
        Ok(())
    })
    .await
}

/// Sets (or with `null`, removes) a line's discount.
#[tauri::command]
pub async fn cart_set_discount<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    line_id: u32,
    discount: Option<DiscountInput>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |_, cart| {
        let discount = discount
            .as_ref()
            .map(DiscountInput::to_discount)
            .transpose()?;
        cart.set_line_discount(line_id, discount)?;
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn cart_remove_line<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    line_id: u32,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |_, cart| Ok(cart.remove(line_id)?)).await
}

#[tauri::command]
pub async fn cart_set_note<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    note: String,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |_, cart| {
        cart.set_note(note);
        Ok(())
    })
    .await
}

/// Empties the sale for the next customer.
#[tauri::command]
pub async fn cart_clear<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, |_, cart| {
        cart.clear();
        Ok(())
    })
    .await
}

/// Puts the sale aside (stored in SQLite) and starts an empty one.
#[tauri::command]
pub async fn cart_park<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
    label: Option<String>,
) -> Result<CartView, AppError> {
    with_cart(app, &till, move |till, cart| {
        let label = label.unwrap_or_default();
        till.db()?
            .parked_sales()
            .park(cart, &label, Timestamp::now())?;
        cart.clear();
        Ok(())
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
    with_cart(app, &till, move |till, cart| {
        if !cart.is_empty() {
            return Err(AppError::new(
                ErrorCode::SaleInProgress,
                "A sale is in progress; park or clear it before recalling another.",
            ));
        }
        *cart = till.db()?.parked_sales().recall(parked_id)?;
        Ok(())
    })
    .await
}
