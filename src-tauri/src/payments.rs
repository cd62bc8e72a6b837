//! Payments: the checkout engine and the Kronor it talks to.
//!
//! With no merchant token Kassa is in training mode: kronor-sandbox runs inside the app on
//! 127.0.0.1 (a free port), keeping its orders in a file beside the till's, and the engine
//! talks to it with the sandbox's own merchant token. With a token (see [`crate::credentials`]) the engine talks to the Kronor the token
//! belongs to — staging or production — or, for a self-hosted or test Kronor, to the
//! endpoints in [`GRAPHQL_URL_ENV`] and [`SCA_URL_ENV`]. The token stays a
//! [`kronor::MerchantToken`] inside the client; it is never sent to the webview.
//!
//! Saving or removing the token switches mode at runtime ([`Payments::switch`]): a new engine
//! on a new Kronor replaces the old one. A checkout belongs to the Kronor that created it, so
//! the switch is refused while one is still open (`payment_in_progress`) rather than handing
//! it to a Kronor that has never heard of it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, RwLock};

use kassa::checkout::{
    CheckoutEngine, CheckoutEvent, CheckoutSettings, CheckoutView, ControlUnitLink, EventKind,
};
use kassa::settings::TillSettings;
use kronor::{Client, ClientConfig, Environment, MerchantToken, WaitToken};
use kronor_sandbox::{Sandbox, SandboxConfig};
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast;
use url::Url;

use crate::control_unit::ControlUnits;
use crate::credentials::SavedToken;
use crate::error::{AppError, ErrorCode};
use crate::payload::{CHECKOUT_CHANGED, CheckoutChanged, KronorEnvironment, Mode};
use crate::till::Till;

/// A fresh till's register id; Settings may give another (read when the engine starts).
pub const REGISTER_ID: &str = kassa::settings::DEFAULT_REGISTER_ID;
/// The cashier recorded on sales until there are cashier logins.
pub const CASHIER: &str = kassa::cashier::NO_CASHIER;

/// For a self-hosted or test Kronor: its GraphQL endpoint. Set together with
/// [`SCA_URL_ENV`]; then a live token talks to these instead of staging or production.
pub const GRAPHQL_URL_ENV: &str = "KASSA_KRONOR_GRAPHQL_URL";
/// For a self-hosted or test Kronor: the base of its customer SCA page.
pub const SCA_URL_ENV: &str = "KASSA_KRONOR_SCA_URL";

/// Adjusts the Kronor client before it is built (tests inject a sleeper).
pub type TuneClient = Arc<dyn Fn(&mut ClientConfig) + Send + Sync>;

/// How training mode's embedded Kronor is set up.
#[derive(Clone)]
pub struct TrainingSetup {
    /// The address the sandbox listens on and puts in the SCA URL: 127.0.0.1 (this laptop
    /// only) or the laptop's LAN address, so a phone on the same Wi-Fi can open the page.
    pub listen: IpAddr,
    pub tune_client: TuneClient,
}

impl Default for TrainingSetup {
    fn default() -> Self {
        TrainingSetup {
            listen: IpAddr::V4(Ipv4Addr::LOCALHOST),
            tune_client: Arc::new(|_| {}),
        }
    }
}

/// Managed state: the engine on the current Kronor, or why payments cannot be taken.
pub struct Payments {
    kronor: RwLock<Arc<Kronor>>,
    /// Checkouts that may still be open: resumed at start-up or charged since. A switch
    /// waits until every one is final.
    open: Mutex<Vec<i64>>,
    /// Every engine's events, relayed into one channel so the window's forwarder outlives
    /// a switch of engine.
    relay: broadcast::Sender<CheckoutEvent>,
    /// The relay's events until [`Payments::forward_events`] takes them to the window.
    events: Mutex<Option<broadcast::Receiver<CheckoutEvent>>>,
    /// A switch (or the LAN restart) holds it exclusively; a Charge holds it shared until
    /// its checkout is recorded in `open`, so a switch never replaces the engine under a
    /// Charge still talking to it.
    switching: tokio::sync::RwLock<()>,
    /// How the next training Kronor starts (at start-up, after the token is removed, on
    /// the LAN switch).
    training: Mutex<TrainingSetup>,
    /// Where each new engine's control unit is.
    units: Arc<ControlUnits>,
}

/// A Charge under way (see [`Payments::begin_charge`]); dropping it lets a switch go on.
pub struct ChargeTurn<'a> {
    pub engine: CheckoutEngine,
    _hold: tokio::sync::RwLockReadGuard<'a, ()>,
}

/// One Kronor and the engine on it.
struct Kronor {
    mode: Mode,
    engine: Result<CheckoutEngine, AppError>,
    /// The engine's Kronor, for the customer's SCA page address.
    client: Option<Client>,
    /// The embedded sandbox in training mode; it serves as long as this lives.
    sandbox: Option<Arc<Sandbox>>,
    /// Checkouts an earlier run left unfinished, which this engine took up again.
    resumed: Vec<i64>,
}

impl Kronor {
    /// Training: the sandbox on this laptop, with its own merchant token.
    async fn training(till: &Till, setup: &TrainingSetup, units: &ControlUnits) -> Kronor {
        let settings = match till_settings(till) {
            Ok(settings) => settings,
            Err(error) => return Kronor::failed(Mode::Training, error),
        };
        let config = SandboxConfig {
            listen: SocketAddr::new(setup.listen, 0),
            db: training_kronor_file(till),
            ..SandboxConfig::local()
        };
        let sandbox = match Sandbox::start(config).await {
            Ok(sandbox) => sandbox,
            Err(error) => {
                tracing::error!(%error, "training mode: the built-in Kronor did not start");
                return Kronor::unavailable(
                    Mode::Training,
                    format!("the training Kronor did not start: {error}"),
                );
            }
        };
        tracing::info!(addr = %sandbox.addr(), "training mode: the built-in Kronor is running");
        let environment = Environment::Custom {
            graphql_url: sandbox.graphql_url(),
            sca_url: sandbox.sca_url(),
            swish_page: Some(sandbox.swish_url()),
        };
        let token = MerchantToken::new(sandbox.merchant_token());
        let tune = setup.tune_client.as_ref();
        let link = units.link(&settings, true).await;
        let mut kronor = Kronor::on(
            Mode::Training,
            till,
            &settings,
            environment,
            token,
            tune,
            link,
        );
        kronor.sandbox = Some(Arc::new(sandbox));
        kronor
    }

    /// Live: the Kronor the merchant's token belongs to.
    async fn live(till: &Till, saved: SavedToken, units: &ControlUnits) -> Kronor {
        let settings = match till_settings(till) {
            Ok(settings) => settings,
            Err(error) => return Kronor::failed(Mode::Live, error),
        };
        let link = units.link(&settings, false).await;
        match live_environment(saved.environment) {
            Ok(environment) => {
                tracing::info!(
                    graphql = %environment.graphql_url(),
                    "live mode: payments go to Kronor"
                );
                Kronor::on(
                    Mode::Live,
                    till,
                    &settings,
                    environment,
                    saved.token,
                    &|_| {},
                    link,
                )
            }
            Err(error) => {
                tracing::error!(%error, "live mode: no usable Kronor endpoints");
                Kronor::failed(Mode::Live, error)
            }
        }
    }

    /// Must run inside the async runtime: resuming spawns the unfinished checkouts' drivers.
    fn on(
        mode: Mode,
        till: &Till,
        settings: &TillSettings,
        environment: Environment,
        token: MerchantToken,
        tune: &dyn Fn(&mut ClientConfig),
        link: Option<ControlUnitLink>,
    ) -> Kronor {
        let training = mode == Mode::Training;
        match engine(till, settings, environment, token, training, tune, link) {
            Ok((engine, client, resumed)) => Kronor {
                mode,
                engine: Ok(engine),
                client: Some(client),
                sandbox: None,
                resumed,
            },
            Err(error) => Kronor::failed(mode, error),
        }
    }

    /// No engine, for `error`.
    fn failed(mode: Mode, error: AppError) -> Kronor {
        Kronor {
            engine: Err(error),
            ..Kronor::unavailable(mode, "")
        }
    }

    fn unavailable(mode: Mode, why: impl Into<String>) -> Kronor {
        Kronor {
            mode,
            engine: Err(AppError::new(ErrorCode::PaymentUnavailable, why)),
            client: None,
            sandbox: None,
            resumed: Vec::new(),
        }
    }
}

impl Payments {
    /// Training mode: starts the sandbox on Tauri's runtime, builds the engine on the till's
    /// database and resumes the checkouts a previous run left unfinished. A sandbox that does
    /// not start leaves the sale screen working, with Charge answering why.
    pub fn training(till: &Till) -> Payments {
        Payments::training_with(till, TrainingSetup::default())
    }

    /// Training mode with its Kronor set up as `setup` says (and the built-in control unit
    /// unless Settings chose one).
    pub fn training_with(till: &Till, setup: TrainingSetup) -> Payments {
        Payments::training_on(till, setup, Arc::new(ControlUnits::new(None)))
    }

    fn training_on(till: &Till, setup: TrainingSetup, units: Arc<ControlUnits>) -> Payments {
        let kronor = tauri::async_runtime::block_on(Kronor::training(till, &setup, &units));
        let payments = Payments::with(kronor, units);
        payments.set_training_setup(setup);
        payments
    }

    /// Where training mode's Kronor listens (127.0.0.1 unless the LAN switch is on).
    pub fn training_listen(&self) -> IpAddr {
        self.training_setup().listen
    }

    fn training_setup(&self) -> TrainingSetup {
        match self.training.lock() {
            Ok(setup) => setup.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_training_setup(&self, setup: TrainingSetup) {
        match self.training.lock() {
            Ok(mut current) => *current = setup,
            Err(poisoned) => *poisoned.into_inner() = setup,
        }
    }

    /// The LAN switch of training mode: restarts the embedded Kronor on `listen` (the
    /// laptop's LAN address, or 127.0.0.1), so the SCA URL in the QR code uses it. Refused
    /// in live mode and while a checkout is open (its order lives in the running sandbox;
    /// finished ones stay in the till's journal).
    pub async fn set_training_listen(&self, till: &Till, listen: IpAddr) -> Result<(), AppError> {
        let _one_at_a_time = self.switching.write().await;
        if self.mode() != Mode::Training {
            return Err(AppError::new(
                ErrorCode::PaymentUnavailable,
                "the LAN switch is for training mode only",
            ));
        }
        self.require_idle()?;
        let setup = TrainingSetup {
            listen,
            ..self.training_setup()
        };
        self.flush_training().await;
        let next = Kronor::training(till, &setup, &self.units).await;
        next.engine.as_ref().map_err(Clone::clone)?;
        self.set_training_setup(setup);
        self.install(next);
        till.forget_order()?;
        Ok(())
    }

    /// Live mode with the merchant's saved token (and its environment), and the control
    /// unit chosen in Settings.
    pub fn live(till: &Till, saved: SavedToken, units: Arc<ControlUnits>) -> Payments {
        let kronor = tauri::async_runtime::block_on(Kronor::live(till, saved, &units));
        Payments::with(kronor, units)
    }

    /// Training without a token, live with one.
    pub fn start(till: &Till, saved: Option<SavedToken>, units: Arc<ControlUnits>) -> Payments {
        match saved {
            Some(saved) => Payments::live(till, saved, units),
            None => Payments::training_on(till, TrainingSetup::default(), units),
        }
    }

    /// No engine: every payment command fails with `payment_unavailable` and `why`.
    pub fn unavailable(why: impl Into<String>) -> Payments {
        Payments::with(
            Kronor::unavailable(Mode::Training, why),
            Arc::new(ControlUnits::new(None)),
        )
    }

    /// Where the engines' control unit is (Settings tests it).
    pub fn control_units(&self) -> &ControlUnits {
        &self.units
    }

    fn with(kronor: Kronor, units: Arc<ControlUnits>) -> Payments {
        let (relay, events) = broadcast::channel(1024);
        let payments = Payments {
            kronor: RwLock::new(Arc::new(Kronor::unavailable(Mode::Training, "starting"))),
            open: Mutex::new(Vec::new()),
            relay,
            events: Mutex::new(Some(events)),
            switching: tokio::sync::RwLock::new(()),
            training: Mutex::new(TrainingSetup::default()),
            units,
        };
        payments.install(kronor);
        payments
    }

    /// Makes `kronor` the current one and relays its engine's events.
    fn install(&self, kronor: Kronor) {
        if let Ok(engine) = &kronor.engine {
            tauri::async_runtime::spawn(relay(engine.subscribe(), self.relay.clone()));
        }
        if let Ok(mut open) = self.open.lock() {
            open.extend(&kronor.resumed);
        }
        let kronor = Arc::new(kronor);
        match self.kronor.write() {
            Ok(mut current) => *current = kronor,
            Err(poisoned) => *poisoned.into_inner() = kronor,
        }
    }

    fn current(&self) -> Arc<Kronor> {
        match self.kronor.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Training or live: which Kronor the engine talks to now.
    pub fn mode(&self) -> Mode {
        self.current().mode
    }

    /// The engine, or why payments cannot be taken.
    pub fn engine(&self) -> Result<CheckoutEngine, AppError> {
        self.current().engine.clone()
    }

    /// The customer's SCA page for an order Kronor is waiting on.
    pub fn sca_url(&self, wait_token: &str) -> Option<String> {
        let current = self.current();
        let client = current.client.as_ref()?;
        Some(
            client
                .sca_url(&WaitToken::new(wait_token), None)
                .to_string(),
        )
    }

    /// Starts a Charge: the engine, and a hold that keeps a token switch waiting until the
    /// Charge has recorded its checkout with [`Payments::charged`] (the switch then sees it
    /// open and refuses with `payment_in_progress`).
    pub async fn begin_charge(&self) -> Result<ChargeTurn<'_>, AppError> {
        let hold = self.switching.read().await;
        Ok(ChargeTurn {
            engine: self.engine()?,
            _hold: hold,
        })
    }

    /// Records that Charge made checkout `checkout_id`: a switch waits for it.
    pub fn charged(&self, checkout_id: i64) {
        if let Ok(mut open) = self.open.lock()
            && !open.contains(&checkout_id)
        {
            open.push(checkout_id);
        }
    }

    /// Checkout `id` as the Pay screen shows it, built by the engine.
    pub fn checkout_view(&self, id: i64) -> Result<CheckoutView, AppError> {
        Ok(self.engine()?.view(id)?)
    }

    /// The checkout made for the sale on the counter (see [`Till::checkout_on_counter`]).
    pub fn current_checkout(&self, till: &Till) -> Result<Option<i64>, AppError> {
        Ok(till.checkout_on_counter(&self.engine()?)?)
    }

    /// Switches to live mode with the token `change` answers, or to training with `None`,
    /// once no checkout is open. `change` (saving or removing the token in the keyring, so
    /// blocking) runs in between, under the same lock, so the keyring and the engine never
    /// disagree. Returns what `change` returned.
    pub async fn switch<T: Send + 'static>(
        &self,
        till: &Till,
        change: impl FnOnce() -> Result<(T, Option<SavedToken>), AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _one_at_a_time = self.switching.write().await;
        self.require_idle()?;
        let (answer, saved) = tauri::async_runtime::spawn_blocking(change)
            .await
            .map_err(|e| {
                AppError::new(ErrorCode::Internal, format!("background task failed: {e}"))
            })??;
        let next = match saved {
            Some(saved) => Kronor::live(till, saved, &self.units).await,
            None => {
                self.flush_training().await;
                Kronor::training(till, &self.training_setup(), &self.units).await
            }
        };
        tracing::info!(mode = ?next.mode, "payments switched");
        self.install(next);
        till.forget_order()?;
        Ok(answer)
    }

    /// Before a new training Kronor opens the training file: everything the running one
    /// changed is in it.
    async fn flush_training(&self) {
        if let Some(sandbox) = self.sandbox() {
            sandbox.flush().await;
        }
    }

    /// Refuses while a checkout or a sale paid in parts is open: it belongs to the Kronor
    /// that created it.
    fn require_idle(&self) -> Result<(), AppError> {
        let current = self.current();
        let Ok(engine) = &current.engine else {
            return Ok(());
        };
        if let Some(split) = engine.open_split()? {
            return Err(AppError::new(
                ErrorCode::PaymentInProgress,
                format!(
                    "a sale paid in parts ({} paid) is still open; finish or cancel it before changing the token",
                    split.paid()
                ),
            ));
        }
        let mut open = self.open.lock().map_err(|_| {
            AppError::new(ErrorCode::Internal, "the open-checkout list was poisoned")
        })?;
        let mut still_open = Vec::new();
        for &id in open.iter() {
            if !engine.checkout(id)?.state.is_final() {
                still_open.push(id);
            }
        }
        *open = still_open;
        if open.is_empty() {
            Ok(())
        } else {
            Err(AppError::new(
                ErrorCode::PaymentInProgress,
                format!(
                    "checkout {} is still in progress; finish or cancel it before changing the token",
                    open[0]
                ),
            ))
        }
    }

    /// Starts sending the engines' events to the window (once; later calls do nothing).
    pub fn forward_events<R: Runtime>(self: &Arc<Self>, app: &AppHandle<R>, till: Arc<Till>) {
        let events = match self.events.lock() {
            Ok(mut events) => events.take(),
            Err(_) => None,
        };
        if let Some(events) = events {
            tauri::async_runtime::spawn(forward(events, app.clone(), till, self.clone()));
        }
    }

    /// The engine's Kronor client (returns and other actions on a finished purchase).
    pub fn client(&self) -> Result<Client, AppError> {
        let current = self.current();
        current.engine.as_ref().map_err(Clone::clone)?;
        current
            .client
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::PaymentUnavailable, "Kronor is not configured"))
    }

    /// The embedded Kronor in training mode (tests approve SCA through it).
    pub fn sandbox(&self) -> Option<Arc<Sandbox>> {
        self.current().sandbox.clone()
    }
}

/// The till's settings a new engine is built on (register id, control unit), read once.
fn till_settings(till: &Till) -> Result<TillSettings, AppError> {
    Ok(till.db()?.till_settings()?)
}

/// Training mode's Kronor keeps its orders in a file beside the till's, so training sales
/// can still be returned after a restart, the LAN switch or a spell in live mode (the
/// training receipts in the journal name orders that must still exist). `None` (in memory)
/// if the till's file is not known.
fn training_kronor_file(till: &Till) -> Option<std::path::PathBuf> {
    let db = till.db().ok()?;
    let path = db.path();
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    Some(path.with_file_name(format!("{stem}-training-kronor.sqlite")))
}

/// The Kronor a live token talks to: [`GRAPHQL_URL_ENV`] and [`SCA_URL_ENV`] when both are
/// set (a self-hosted or test Kronor), else the token's own environment.
pub fn live_environment(chosen: KronorEnvironment) -> Result<Environment, AppError> {
    let graphql = std::env::var(GRAPHQL_URL_ENV).ok();
    let sca = std::env::var(SCA_URL_ENV).ok();
    match (graphql, sca) {
        (None, None) => Ok(match chosen {
            KronorEnvironment::Staging => Environment::Staging,
            KronorEnvironment::Production => Environment::Production,
        }),
        (Some(graphql), Some(sca)) => {
            tracing::warn!(%graphql, %sca, "Kronor endpoints overridden: a self-hosted or test Kronor");
            Ok(Environment::Custom {
                graphql_url: endpoint(GRAPHQL_URL_ENV, &graphql)?,
                sca_url: endpoint(SCA_URL_ENV, &sca)?,
                swish_page: None,
            })
        }
        _ => Err(AppError::new(
            ErrorCode::PaymentUnavailable,
            format!("{GRAPHQL_URL_ENV} and {SCA_URL_ENV} must be set together"),
        )),
    }
}

fn endpoint(variable: &str, value: &str) -> Result<Url, AppError> {
    let url = Url::parse(value).map_err(|e| {
        AppError::new(
            ErrorCode::PaymentUnavailable,
            format!("{variable} is not a URL: {e}"),
        )
    })?;
    if matches!(url.scheme(), "http" | "https") {
        Ok(url)
    } else {
        Err(AppError::new(
            ErrorCode::PaymentUnavailable,
            format!("{variable} must be an http or https URL"),
        ))
    }
}

/// The engine on the till's database, resuming what an earlier run left unfinished (an order
/// sent but not followed, a capture not registered) with the keys stored for it.
fn engine(
    till: &Till,
    settings: &TillSettings,
    environment: Environment,
    token: MerchantToken,
    training: bool,
    tune: &dyn Fn(&mut ClientConfig),
    control_unit: Option<ControlUnitLink>,
) -> Result<(CheckoutEngine, Client, Vec<i64>), AppError> {
    let mut config = ClientConfig::new(environment, token);
    tune(&mut config);
    let client = Client::new(config).map_err(|e| {
        AppError::new(
            ErrorCode::PaymentUnavailable,
            format!("the Kronor client could not be built: {e}"),
        )
    })?;
    // The register id from Settings, read whenever the engine is built (Settings rebuilds it
    // when the id or the control unit changes).
    let settings =
        CheckoutSettings::for_till(&settings.register_id, CASHIER, training, control_unit);
    let engine = CheckoutEngine::new(till.shared_db(), client.clone(), settings, till.clock())?;
    // A rebuilt engine (a token or Settings change) keeps selling for whoever is logged in.
    if let Some(cashier) = till.cashier()? {
        engine.set_cashier(&cashier.name);
    }
    let resumed = engine.resume()?;
    if !resumed.is_empty() {
        tracing::info!(?resumed, "resumed unfinished checkouts");
    }
    Ok((engine, client, resumed))
}

/// Passes one engine's events on to the relay until the engine is gone.
async fn relay(
    mut events: broadcast::Receiver<CheckoutEvent>,
    to: broadcast::Sender<CheckoutEvent>,
) {
    loop {
        match events.recv().await {
            Ok(event) => {
                // No receiver yet (the window not up) only means nobody is listening.
                let _ = to.send(event);
            }
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Tells the till and then the window about every checkout change.
async fn forward<R: Runtime>(
    mut events: broadcast::Receiver<CheckoutEvent>,
    app: AppHandle<R>,
    till: Arc<Till>,
    payments: Arc<Payments>,
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
        // The view first, then the counter: a view that says paid was read before the cart
        // is checked, so the window never sees a paid sale over a full cart.
        let view = payments
            .checkout_view(event.checkout_id)
            .inspect_err(|error| tracing::warn!(%error, "checkout view not built"))
            .ok();
        let told = payments
            .engine()
            .and_then(|engine| Ok(till.checkout_changed(&engine, &event)?));
        if let Err(error) = told {
            tracing::error!(%error, "the till did not take in a checkout change");
        }
        let changed = CheckoutChanged {
            checkout_id: event.checkout_id,
            state,
            view,
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
        let till = crate::till::open(&dir.path().join("kassa.sqlite"), true).unwrap();
        let payments = Payments::training(&till);
        let sandbox = payments.sandbox().expect("the sandbox runs");
        assert!(sandbox.addr().ip().is_loopback(), "{}", sandbox.addr());
        assert_ne!(sandbox.addr().port(), 0);
        payments.engine().expect("an engine");
        assert_eq!(payments.mode(), Mode::Training);
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

    #[test]
    fn endpoint_overrides_must_be_http_urls() {
        assert_eq!(
            endpoint(GRAPHQL_URL_ENV, "http://127.0.0.1:9/v1/graphql")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9/v1/graphql"
        );
        for bad in ["not a url", "file:///etc/passwd", "ftp://kronor.io/"] {
            let error = endpoint(SCA_URL_ENV, bad).unwrap_err();
            assert_eq!(error.code, ErrorCode::PaymentUnavailable, "{bad}");
            assert!(error.message.contains(SCA_URL_ENV), "{error}");
        }
    }
}
