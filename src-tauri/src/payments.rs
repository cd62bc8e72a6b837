//! Payments: the checkout engine and, in training mode, the Kronor it talks to.
//!
//! With no merchant token Kassa is in training mode: kronor-sandbox runs inside the app on
//! 127.0.0.1 (a free port), and the engine talks to it with the sandbox's own merchant
//! token. The token stays a [`kronor::MerchantToken`] inside the client; it is never sent to
//! the webview.

use std::sync::{Arc, Mutex};

use kassa::checkout::{
    CheckoutEngine, CheckoutEvent, CheckoutSettings, CheckoutState, EventKind, OrderId, SystemClock,
};
use kronor::{Client, ClientConfig, Environment, MerchantToken, WaitToken};
use kronor_sandbox::{Sandbox, SandboxConfig};
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast;

use crate::checkout_view::{CHECKOUT_CHANGED, CheckoutChanged};
use crate::error::{AppError, ErrorCode};
use crate::till::Till;

/// Goes into order numbers and idempotency keys until Settings has a register id.
pub const REGISTER_ID: &str = "KASSA-1";
/// The cashier recorded on sales until there are cashier logins.
pub const CASHIER: &str = "kassa";

/// The order on the counter and, once Charge answered, its checkout.
type OrderSlot = Option<(OrderId, Option<i64>)>;

/// Managed state: the engine when payments can be taken, or why they cannot.
pub struct Payments {
    engine: Result<CheckoutEngine, AppError>,
    /// The engine's Kronor, for the customer's SCA page address.
    client: Option<Client>,
    /// The embedded sandbox in training mode; it serves as long as this lives.
    sandbox: Option<Sandbox>,
    /// The till's order id for the sale on the counter, with its checkout once Charge
    /// answered: a second Charge (a double-click) reuses it, so the engine makes one order.
    order: Mutex<OrderSlot>,
    /// The engine's events until [`Payments::forward_events`] takes them to the window.
    events: Mutex<Option<broadcast::Receiver<CheckoutEvent>>>,
}

impl Payments {
    /// Training mode: starts the sandbox on Tauri's runtime, builds the engine on the till's
    /// database and resumes the checkouts a previous run left unfinished. A sandbox that does
    /// not start leaves the sale screen working, with Charge answering why.
    pub fn training(till: &Till) -> Payments {
        let started =
            tauri::async_runtime::block_on(async { Sandbox::start(SandboxConfig::local()).await });
        let sandbox = match started {
            Ok(sandbox) => sandbox,
            Err(error) => {
                tracing::error!(%error, "training mode: the built-in Kronor did not start");
                return Payments::unavailable(format!(
                    "the training Kronor did not start: {error}"
                ));
            }
        };
        let environment = Environment::Custom {
            graphql_url: sandbox.graphql_url(),
            sca_url: sandbox.sca_url(),
        };
        let token = MerchantToken::new(sandbox.merchant_token());
        let (engine, client) = match engine(till, environment, token, true) {
            Ok((engine, client)) => (Ok(engine), Some(client)),
            Err(error) => (Err(error), None),
        };
        tracing::info!(addr = %sandbox.addr(), "training mode: the built-in Kronor is running");
        let events = engine.as_ref().ok().map(CheckoutEngine::subscribe);
        Payments {
            events: Mutex::new(events),
            engine,
            client,
            sandbox: Some(sandbox),
            order: Mutex::new(None),
        }
    }

    /// No engine: every payment command fails with `payment_unavailable` and `why`.
    pub fn unavailable(why: impl Into<String>) -> Payments {
        Payments {
            engine: Err(AppError::new(ErrorCode::PaymentUnavailable, why)),
            client: None,
            sandbox: None,
            events: Mutex::new(None),
            order: Mutex::new(None),
        }
    }

    /// The engine, or why payments cannot be taken.
    pub fn engine(&self) -> Result<&CheckoutEngine, AppError> {
        self.engine.as_ref().map_err(Clone::clone)
    }

    /// The customer's SCA page for an order Kronor is waiting on.
    pub fn sca_url(&self, wait_token: &str) -> Option<String> {
        let client = self.client.as_ref()?;
        Some(
            client
                .sca_url(&WaitToken::new(wait_token), None)
                .to_string(),
        )
    }

    /// The order id for the next Charge: the current one while its checkout is pending or
    /// not yet answered (a double-click), a new one once that checkout has finished.
    pub fn order_id(&self) -> Result<OrderId, AppError> {
        let engine = self.engine()?;
        let mut slot = self.slot()?;
        if let Some((order, checkout)) = slot.as_ref() {
            let finished = match checkout {
                Some(id) => engine.checkout(*id)?.state.is_final(),
                None => false,
            };
            if !finished {
                return Ok(order.clone());
            }
        }
        let order = OrderId::new();
        *slot = Some((order.clone(), None));
        Ok(order)
    }

    /// Records which checkout Charge made for `order`.
    pub fn charged(&self, order: &OrderId, checkout_id: i64) -> Result<(), AppError> {
        let mut slot = self.slot()?;
        if let Some((current, checkout)) = slot.as_mut()
            && current == order
        {
            *checkout = Some(checkout_id);
        }
        Ok(())
    }

    fn slot(&self) -> Result<std::sync::MutexGuard<'_, OrderSlot>, AppError> {
        self.order.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "the order lock was poisoned; restart Kassa",
            )
        })
    }

    /// Starts sending the engine's events to the window (once; later calls do nothing).
    pub fn forward_events<R: Runtime>(&self, app: &AppHandle<R>, till: Arc<Till>) {
        let events = match self.events.lock() {
            Ok(mut events) => events.take(),
            Err(_) => None,
        };
        if let Some(events) = events {
            tauri::async_runtime::spawn(forward(events, app.clone(), till));
        }
    }

    /// The embedded Kronor in training mode (tests approve SCA through it).
    pub fn sandbox(&self) -> Option<&Sandbox> {
        self.sandbox.as_ref()
    }
}

/// The engine on the till's database, resuming what an earlier run left unfinished (an order
/// sent but not followed, a capture not registered) with the keys stored for it.
fn engine(
    till: &Till,
    environment: Environment,
    token: MerchantToken,
    training: bool,
) -> Result<(CheckoutEngine, Client), AppError> {
    let client = Client::new(ClientConfig::new(environment, token)).map_err(|e| {
        AppError::new(
            ErrorCode::PaymentUnavailable,
            format!("the Kronor client could not be built: {e}"),
        )
    })?;
    let mut settings = CheckoutSettings::new(REGISTER_ID, CASHIER);
    settings.training = training;
    let engine = CheckoutEngine::new(
        till.shared_db(),
        client.clone(),
        settings,
        Arc::new(SystemClock),
    )?;
    let resumed = tauri::async_runtime::block_on(async { engine.resume() })?;
    if !resumed.is_empty() {
        tracing::info!(?resumed, "resumed unfinished checkouts");
    }
    Ok((engine, client))
}

/// Tells the window about every checkout change, and empties the counter once a sale is
/// receipted (the goods are paid for; the next customer starts fresh).
async fn forward<R: Runtime>(
    mut events: broadcast::Receiver<CheckoutEvent>,
    app: AppHandle<R>,
    till: Arc<Till>,
) {
    loop {
        let event = match events.recv().await {
            Ok(event) => event,
            // Missed events only mean the window refreshes on the next one.
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        let state = match &event.kind {
            EventKind::StateEntered { state } | EventKind::Finished { state, .. } => {
                Some(state.name().to_owned())
            }
            _ => None,
        };
        if let EventKind::Finished {
            state: CheckoutState::Receipted,
            ..
        } = &event.kind
        {
            match till.cart() {
                Ok(mut cart) => cart.clear(),
                Err(error) => tracing::error!(%error, "the paid sale stayed on the counter"),
            }
        }
        let changed = CheckoutChanged {
            checkout_id: event.checkout_id,
            state,
        };
        if let Err(error) = app.emit(CHECKOUT_CHANGED, changed) {
            tracing::warn!(%error, "checkout event not sent to the window");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_starts_a_local_kronor_and_an_engine_in_training_mode() {
        let dir = tempfile::tempdir().unwrap();
        let till = Till::open(&dir.path().join("kassa.sqlite"), true).unwrap();
        let payments = Payments::training(&till);
        let sandbox = payments.sandbox().expect("the sandbox runs");
        assert!(sandbox.addr().ip().is_loopback(), "{}", sandbox.addr());
        assert_ne!(sandbox.addr().port(), 0);
        payments.engine().expect("an engine");
    }

    #[test]
    fn without_an_engine_payments_say_why() {
        let payments = Payments::unavailable("live payments are not wired yet");
        let Err(error) = payments.engine() else {
            panic!("an engine appeared from nowhere");
        };
        assert_eq!(error.code, ErrorCode::PaymentUnavailable);
        assert!(error.message.contains("not wired"), "{error}");
    }
}
