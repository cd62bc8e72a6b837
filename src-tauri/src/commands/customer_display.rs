//! The customer display's own staff command: closing it from the Sell screen. Opening it is
//! `open_customer_display` (the Pay screen's, shared); what it shows comes by event (see
//! [`crate::customer_display`]).

use tauri::{AppHandle, Runtime};

use crate::customer_display;
use crate::error::AppError;

/// Closes the customer display; answers whether one was open (closing a closed display is
/// not an error: the customer may have closed it themselves).
#[tauri::command]
pub async fn close_customer_display<R: Runtime>(app: AppHandle<R>) -> Result<bool, AppError> {
    customer_display::close(&app)
}
