//! The checkout engine's public face: Charge, Cancel, Resume, and the event stream.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use kronor::{Client, Language, SessionToken, Sleeper, WaitToken};
use serde::Serialize;
use tokio::sync::{Notify, broadcast, oneshot};

use super::store::{self, Checkout, NewCheckout};
use super::{
    CheckoutError, CheckoutEvent, CheckoutState, CheckoutView, Clock, EventKind, LoggedEvent,
    OrderId, Tender, keys, qr,
};
use crate::cart::Cart;
use crate::control_unit::Print;
use crate::customer::Customer;
use crate::journal::Entry;
use crate::storage::Db;
use crate::vat::{VatTable, sale_date};

/// How the engine runs checkouts for one register.
#[derive(Debug, Clone)]
pub struct CheckoutSettings {
    /// Goes into order numbers and idempotency keys (1–20 of letters, digits, `-`, `_`).
    pub register_id: String,
    pub cashier: String,
    /// Training sales go to the journal's training series.
    pub training: bool,
    /// Capture the whole purchase as soon as it is approved (on by default: the goods leave
    /// the counter with the customer).
    pub capture_on_approval: bool,
    pub language: Language,
    pub vat: VatTable,
    /// How many backoff rounds a create that cannot get through gets before the engine leaves
    /// the checkout for the next Charge or start-up (it is never dropped). A checkout whose
    /// customer may have approved is never left: from `awaiting_customer` on, the engine keeps
    /// trying, with the client's backoff (its longest pause repeating), until it is final.
    pub max_rounds: u32,
    /// How long Charge waits for Kronor's answer to the create before it answers the screen
    /// with the checkout still `submitting` (the QR code then comes as
    /// [`EventKind::QrReady`]). Short, so the pay screen never waits on a slow or dead network.
    pub charge_answer_within: Duration,
    /// Smallest side of the QR code in pixels.
    pub qr_min_px: u32,
    /// The control unit every receipt is registered with; none, no registration.
    pub control_unit: Option<super::ControlUnitLink>,
    /// A counter payment ([`Tender::needs_control_unit`]) is refused while `control_unit` is
    /// none (4 kap. 9 §: no sale without a control code). [`CheckoutSettings::for_till`] sets
    /// it for every live till.
    pub require_control_unit: bool,
}

impl CheckoutSettings {
    pub fn new(register_id: &str, cashier: &str) -> CheckoutSettings {
        CheckoutSettings {
            register_id: register_id.to_owned(),
            cashier: cashier.to_owned(),
            training: false,
            capture_on_approval: true,
            language: Language::Sv,
            vat: VatTable::sweden(),
            max_rounds: 8,
            charge_answer_within: Duration::from_millis(15),
            qr_min_px: qr::MIN_PX,
            control_unit: None,
            require_control_unit: false,
        }
    }

    /// A till's settings: a live till sells only with a control unit; a training till
    /// registers its training receipts with one when it has one.
    pub fn for_till(
        register_id: &str,
        cashier: &str,
        training: bool,
        control_unit: Option<super::ControlUnitLink>,
    ) -> CheckoutSettings {
        CheckoutSettings {
            training,
            control_unit,
            require_control_unit: !training,
            ..CheckoutSettings::new(register_id, cashier)
        }
    }
}

/// The points in the flow where a crash is most interesting. Only a test harness pauses at
/// them (see [`CheckoutEngine::with_pause_hook`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Key committed, create not yet sent.
    Submitting,
    /// Swish: Kronor answered the payment session; the payment request is not sent yet.
    SessionCreated,
    /// Kronor answered the create (Swish: the payment request); the answer is not stored yet.
    Created,
    /// Order stored as awaiting the customer; tracking not started.
    Awaiting,
    /// Purchase stored as approved; capture not sent (Swish: payment stored as paid; the sale
    /// is not in the journal yet).
    Approved,
    /// Kronor answered the capture; the answer is not stored yet.
    CaptureAnswered,
    /// Capture stored; the sale is not in the journal yet.
    Captured,
    /// With a control unit: the sale in the journal and its record stored; not sent yet.
    Signing,
    /// With a control unit: the unit's control code stored; the checkout is not receipted.
    Signed,
    /// Sale in the journal; the checkout is not marked receipted yet.
    Registered,
}

impl Step {
    /// An invoice checkout's steps, in order.
    pub const ALL: [Step; 7] = [
        Step::Submitting,
        Step::Created,
        Step::Awaiting,
        Step::Approved,
        Step::CaptureAnswered,
        Step::Captured,
        Step::Registered,
    ];

    /// A Swish checkout's steps, in order.
    pub const SWISH: [Step; 6] = [
        Step::Submitting,
        Step::SessionCreated,
        Step::Created,
        Step::Awaiting,
        Step::Approved,
        Step::Registered,
    ];

    /// The steps a Swish checkout with a control unit adds or where the unit matters: paid
    /// but not signed, signing, signed but not receipted.
    pub const CONTROL_UNIT: [Step; 4] = [
        Step::Approved,
        Step::Signing,
        Step::Signed,
        Step::Registered,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Submitting => "submitting",
            Step::SessionCreated => "session_created",
            Step::Created => "created",
            Step::Awaiting => "awaiting",
            Step::Approved => "approved",
            Step::CaptureAnswered => "capture_answered",
            Step::Captured => "captured",
            Step::Signing => "signing",
            Step::Signed => "signed",
            Step::Registered => "registered",
        }
    }
}

/// Called at each [`Step`]; a test harness blocks in it so a kill lands at an exact point.
pub type PauseHook = Arc<dyn Fn(Step) -> BoxFuture<'static, ()> + Send + Sync>;

/// What Charge hands back: the checkout and, once Kronor has the order, its QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Started {
    pub checkout: Checkout,
    pub sca: Option<ScaCode>,
}

/// What the customer scans and its QR code: the SCA page (invoice) or the Swish payment
/// request (Swish's own QR format, or the training Kronor's Swish page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScaCode {
    pub url: String,
    pub svg: String,
}

/// What to charge.
pub struct Charge<'a> {
    /// The till's id for this sale; a second Charge with the same id gets the same checkout.
    pub order_id: &'a OrderId,
    pub cart: &'a Cart,
    pub tender: Tender,
    /// The invoice customer; not asked for with Swish.
    pub customer: Option<&'a Customer>,
    /// The saved customer's row, if any (for the journal).
    pub customer_id: Option<i64>,
    /// Cash: what the customer handed over (at least the total rounded to whole kronor).
    pub tendered: Option<crate::money::Ore>,
    /// A part of a sale paid in parts (checked against what is left by
    /// [`CheckoutEngine::charge_part`]).
    pub split: Option<PartOf<'a>>,
}

/// The sale a part pays some of.
#[derive(Clone, Copy)]
pub struct PartOf<'a> {
    pub order: &'a OrderId,
    /// The sale's totals as its first part fixed them.
    pub totals: &'a crate::cart::Totals,
    /// What this part pays of it.
    pub amount: crate::money::Ore,
}

/// Runs checkouts: creates Kronor orders from carts, follows them, captures, and registers
/// the sale. Cheap to clone; every clone is the same engine.
#[derive(Clone)]
pub struct CheckoutEngine {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub db: Arc<Mutex<Db>>,
    pub client: Client,
    pub settings: CheckoutSettings,
    pub clock: Arc<dyn Clock>,
    pub sleeper: Arc<dyn Sleeper>,
    pub events: broadcast::Sender<CheckoutEvent>,
    /// Checkouts with a running driver (one driver per checkout, ever), each with whether it
    /// was asked to go on since it started (a second Charge while it was giving up).
    pub driving: Mutex<HashMap<i64, bool>>,
    /// Wakes a checkout's driver when someone else stored a move (Cancel found the customer
    /// had approved), so a driver waiting on a quiet status stream goes on at once.
    pub wake: Mutex<HashMap<i64, Arc<Notify>>>,
    /// Each open checkout's SCA page and QR code, drawn once.
    pub qr: Mutex<HashMap<i64, ScaCode>>,
    /// Each open Swish checkout's payment session, in memory only: after a restart the same
    /// key and reference get the same session back from Kronor.
    pub sessions: Mutex<HashMap<i64, SessionToken>>,
    /// Charges in progress per order id, so a double-click waits for the first click.
    pub charging: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    pub pause: Option<PauseHook>,
    /// Who is at the till now: each new checkout is theirs (starts as the settings' cashier).
    pub cashier: Mutex<String>,
}

impl CheckoutEngine {
    /// An engine on `db` talking to Kronor through `client`. Backoff pauses go through the
    /// client's sleeper; timestamps come from `clock`.
    pub fn new(
        db: Arc<Mutex<Db>>,
        client: Client,
        settings: CheckoutSettings,
        clock: Arc<dyn Clock>,
    ) -> Result<CheckoutEngine, CheckoutError> {
        keys::check_register_id(&settings.register_id)?;
        let sleeper = client.config().sleeper.clone();
        let (events, _) = broadcast::channel(1024);
        Ok(CheckoutEngine {
            inner: Arc::new(Inner {
                db,
                client,
                clock,
                sleeper,
                events,
                driving: Mutex::new(HashMap::new()),
                wake: Mutex::new(HashMap::new()),
                qr: Mutex::new(HashMap::new()),
                sessions: Mutex::new(HashMap::new()),
                charging: Mutex::new(HashMap::new()),
                pause: None,
                cashier: Mutex::new(settings.cashier.clone()),
                settings,
            }),
        })
    }

    /// Test seam: call `hook` at every [`Step`]. Must be set before the engine is used.
    pub fn with_pause_hook(self, hook: PauseHook) -> CheckoutEngine {
        match Arc::try_unwrap(self.inner) {
            Ok(mut inner) => {
                inner.pause = Some(hook);
                CheckoutEngine {
                    inner: Arc::new(inner),
                }
            }
            Err(inner) => CheckoutEngine { inner },
        }
    }

    /// Who is at the till from now on: the checkouts Charge makes are theirs (the journal
    /// names them on the receipt).
    pub fn set_cashier(&self, name: &str) {
        *lock(&self.inner.cashier) = name.to_owned();
    }

    /// Every event from now on, for all checkouts.
    pub fn subscribe(&self) -> broadcast::Receiver<CheckoutEvent> {
        self.inner.events.subscribe()
    }

    /// Charge: prices the cart, stores the checkout with its idempotency key and hands it to
    /// its driver, which creates the Kronor order; following, capture and the journal go on in
    /// the background (watch [`CheckoutEngine::subscribe`]). Answers with the QR code if
    /// Kronor answered within [`CheckoutSettings::charge_answer_within`], else at once with
    /// the checkout `submitting` (the QR code then arrives as [`EventKind::QrReady`]).
    ///
    /// A second Charge of the same order returns the same checkout and sends nothing new,
    /// unless its create had been given up on: then it is sent again, with the same key.
    pub async fn charge(&self, charge: Charge<'_>) -> Result<Started, CheckoutError> {
        let inner = &self.inner;
        let gate = {
            let mut charging = lock(&inner.charging);
            charging
                .entry(charge.order_id.as_str().to_owned())
                .or_default()
                .clone()
        };
        let result = {
            let _turn = gate.lock().await;
            self.charge_once(&charge).await
        };
        lock(&inner.charging).remove(charge.order_id.as_str());
        result
    }

    async fn charge_once(&self, charge: &Charge<'_>) -> Result<Started, CheckoutError> {
        let inner = &self.inner;
        let now = inner.clock.now();
        let totals = match charge.split {
            // A part pays the sale as it was when its first part was taken.
            Some(part) => part.totals.clone(),
            None => charge.cart.totals(&inner.settings.vat, sale_date(now))?,
        };
        let part = charge.split.map(|p| p.amount);
        // Refuse what Kronor would refuse before anything is stored.
        let mut cash_tendered = None;
        let customer = match charge.tender {
            Tender::Invoice if part.is_some() => {
                return Err(crate::Error::SplitExceeds(
                    "An invoice pays the whole sale, not a part of it: take the parts by Swish or in cash.".into(),
                )
                .into());
            }
            Tender::Invoice => {
                let customer = charge
                    .customer
                    .cloned()
                    .ok_or_else(|| {
                        CheckoutError::InvalidOrder(
                            "An invoice needs the customer's details.".into(),
                        )
                    })?
                    .validated()?;
                super::request::purchase_order(
                    "k",
                    "r",
                    &totals,
                    &customer,
                    inner.settings.language,
                )?;
                Some(customer)
            }
            Tender::Swish => {
                super::tender::check_swish_amount(part.unwrap_or(totals.total))?;
                None
            }
            Tender::Cash => {
                let tendered = charge.tendered.ok_or_else(|| {
                    CheckoutError::InvalidOrder("Key in the cash handed over first.".into())
                })?;
                let due = match part {
                    Some(amount) => crate::cash::CashDue::whole(amount),
                    None => crate::cash::cash_due(totals.total),
                };
                crate::cash::CashPayment::new(due, tendered)?;
                cash_tendered = Some(tendered);
                None
            }
        };
        // No sale the control unit cannot sign: asked before anything is stored or sent.
        inner.control_unit_ready(&totals, charge.tender).await?;
        let register = &inner.settings.register_id;
        let (id, created) = inner.with_db(|db| {
            store::insert(
                db,
                NewCheckout {
                    order_id: charge.order_id,
                    register_id: register,
                    tender: charge.tender,
                    idempotency_key: keys::create_key(register, charge.order_id),
                    capture_key: keys::capture_key(register, charge.order_id),
                    payment_key: (charge.tender == Tender::Swish)
                        .then(|| keys::swish_payment_key(register, charge.order_id)),
                    totals: &totals,
                    customer: customer.as_ref(),
                    customer_id: charge.customer_id,
                    training: inner.settings.training,
                    cashier: &inner.cashier(),
                    at: now,
                    cash_tendered,
                    split: charge.split.map(|p| (p.order, p.amount)),
                },
            )
        })?;
        if !created {
            // A second Charge of the same sale: the same checkout. A driver that had given up
            // on it (Kronor unreachable for a while) is started again; nothing else is sent.
            let checkout = inner.load(id)?;
            if !checkout.state.is_final() {
                self.spawn_driver(id);
            }
            return self.started(checkout);
        }
        let checkout = inner.load(id)?;
        inner.emit_state(&checkout, CheckoutState::Draft);
        if checkout.tender == Tender::Cash {
            return self.register_cash(checkout).await;
        }
        inner.emit_state(&checkout, CheckoutState::Submitting);
        let (answer, first) = oneshot::channel();
        self.spawn_driver_answering(id, Some(answer));
        let within = inner.settings.charge_answer_within;
        match tokio::time::timeout(within, first).await {
            Ok(Ok(Ok(Some(sca)))) => inner.load(id).map(|checkout| Started {
                checkout,
                sca: Some(sca),
            }),
            Ok(Ok(Err(error))) if !error.is_retryable() => Err(error),
            // Answered without a QR code, still retrying, or not within the bound: the
            // checkout as stored now; the rest arrives as events.
            _ => inner.load(id).and_then(|checkout| self.started(checkout)),
        }
    }

    /// A cash sale is paid the moment it is stored: it is registered (and signed) right here,
    /// so the receipt is ready when Charge answers. Should the control unit fail now, the
    /// sale's driver keeps at it, as for any paid sale, and the pay screen says why.
    async fn register_cash(&self, checkout: Checkout) -> Result<Started, CheckoutError> {
        let inner = &self.inner;
        inner.emit_state(&checkout, CheckoutState::Approved);
        // Held as its driver meanwhile, so no second driver registers it alongside.
        lock(&inner.driving).insert(checkout.id, false);
        let registered = inner.register(&checkout).await;
        lock(&inner.driving).remove(&checkout.id);
        match registered {
            Ok(()) => {
                // A cash part that leaves some of its sale to pay is paid, not finished.
                let stored = inner.load(checkout.id)?;
                if stored.state.is_final() {
                    inner.finished(&stored);
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cash sale not registered yet; its driver goes on");
                self.spawn_driver(checkout.id);
            }
        }
        self.started(inner.load(checkout.id)?)
    }

    /// The checkout made for till order `order`, if Charge made one.
    pub fn checkout_of_order(&self, order: &OrderId) -> Result<Option<i64>, CheckoutError> {
        self.inner
            .with_db(|db| store::id_of_order(db, order.as_str()))
    }

    /// The till's order id for the next Charge of the sale on the counter: `current` while
    /// its checkout is still open, or it has none yet (a double-click, or a Charge that
    /// answered with an error before Kronor had the order); a new one once that checkout is
    /// final (paid, or refused, rejected, cancelled: the next Charge is a new order).
    pub fn order_for_next_charge(
        &self,
        current: Option<&OrderId>,
    ) -> Result<OrderId, CheckoutError> {
        if let Some(order) = current {
            let final_now = match self.checkout_of_order(order)? {
                Some(id) => self.inner.load(id)?.state.is_final(),
                None => false,
            };
            if !final_now {
                return Ok(order.clone());
            }
        }
        Ok(OrderId::new())
    }

    fn started(&self, checkout: Checkout) -> Result<Started, CheckoutError> {
        let sca = self.inner.code_to_scan(&checkout)?;
        Ok(Started { checkout, sca })
    }

    /// Cancel from the till. Before Kronor has the order it is simply dropped; while the
    /// customer has not signed, `purchaseOrderCancel` is sent. If Kronor says the order can no
    /// longer be cancelled, the engine follows its real status, so an approved purchase is
    /// captured and registered as usual. Returns the state the checkout is in afterwards.
    pub async fn cancel(&self, id: i64) -> Result<CheckoutState, CheckoutError> {
        let inner = &self.inner;
        let checkout = inner.load(id)?;
        match checkout.state {
            CheckoutState::Draft | CheckoutState::Submitting => {
                // The create may be in flight: the driver cancels at Kronor once it lands.
                inner.with_db(|db| store::mark_cancel_requested(db, id))?;
            }
            CheckoutState::AwaitingCustomer => {
                inner.with_db(|db| store::mark_cancel_requested(db, id))?;
                inner.cancel_at_kronor(&inner.load(id)?).await?;
            }
            ref other => return Err(CheckoutError::NotCancellable(other.name())),
        }
        // Whatever Cancel stored (cancelled, or approved after all) is the driver's to
        // finish: a driver still waiting on a quiet status stream is woken to go on.
        inner.wake(id);
        self.spawn_driver(id);
        Ok(inner.load(id)?.state)
    }

    /// At start-up: follows every checkout not in a final state again (resending an
    /// unanswered create with its stored key). Returns their ids. Only checkouts of this
    /// engine's kind (training or live) are taken up: a training order lives in the training
    /// Kronor, and the live Kronor must never be asked about it (nor the other way round).
    pub fn resume(&self) -> Result<Vec<i64>, CheckoutError> {
        let training = self.inner.settings.training;
        let ids = self.inner.with_db(|db| store::open_ids(db, training))?;
        for &id in &ids {
            self.spawn_driver(id);
        }
        Ok(ids)
    }

    /// A checkout as stored now.
    pub fn checkout(&self, id: i64) -> Result<Checkout, CheckoutError> {
        self.inner.load(id)
    }

    /// The receipt data of a receipted checkout: its journal entry.
    pub fn receipt(&self, id: i64) -> Result<Option<Entry>, CheckoutError> {
        let checkout = self.inner.load(id)?;
        match checkout.journal_entry_id {
            Some(entry) => Ok(Some(
                self.inner.with_db(|db| Ok(db.journal().entry(entry)?))?,
            )),
            None => Ok(None),
        }
    }

    /// The control unit this engine signs receipts with, if it has one.
    pub fn control_unit(&self) -> Option<&super::ControlUnitLink> {
        self.inner.settings.control_unit.as_ref()
    }

    /// Before History makes the one copy (KOPIA) of journal entry `entry_id`: the copy is
    /// registered with the control unit as `kopia` and gets its own code, once. A unit that
    /// cannot sign refuses the copy (nothing recorded, the same record sent on the next
    /// try); a copy already made is refused before the unit hears of it. No unit: nothing
    /// to do.
    pub async fn sign_copy(&self, entry_id: i64) -> Result<(), CheckoutError> {
        let Some(link) = self.control_unit() else {
            return Ok(());
        };
        self.inner.with_db(|db| {
            let journal = db.journal();
            if journal.printed(entry_id, crate::journal::PrintKind::Copy)? {
                let receipt = journal.entry(entry_id)?.receipt_number;
                return Err(crate::Error::CopyAlreadyPrinted(receipt).into());
            }
            Ok(())
        })?;
        link.sign(
            &self.inner.db,
            entry_id,
            Print::Copy,
            self.inner.clock.as_ref(),
        )
        .await
    }

    /// The stored event log of a checkout, oldest first.
    pub fn event_log(&self, id: i64) -> Result<Vec<LoggedEvent>, CheckoutError> {
        self.inner.with_db(|db| store::events(db, id))
    }

    /// What the customer scans and its QR code, once Kronor has the order (invoice) or the
    /// payment request has its Swish token (Swish); drawn once per checkout and kept.
    pub fn sca_code(&self, id: i64) -> Result<Option<ScaCode>, CheckoutError> {
        self.inner.code_to_scan(&self.inner.load(id)?)
    }

    /// Checkout `id` as the Pay screen shows it.
    pub fn view(&self, id: i64) -> Result<CheckoutView, CheckoutError> {
        let checkout = self.inner.load(id)?;
        let log = self.event_log(id)?;
        let sca = self.inner.code_to_scan(&checkout)?;
        let receipt_number = match checkout.state {
            CheckoutState::Receipted => self.receipt(id)?.map(|entry| entry.receipt_number),
            _ => None,
        };
        Ok(CheckoutView::build(checkout, &log, sca, receipt_number))
    }

    /// Starts following a checkout unless a driver already does.
    pub(super) fn spawn_driver(&self, id: i64) {
        self.spawn_driver_answering(id, None);
    }

    /// Starts a driver that also hands its first create's outcome to `first` (Charge waits
    /// on it for a short while). No new driver if one is running; `first` is dropped then.
    fn spawn_driver_answering(&self, id: i64, mut first: Option<FirstAnswer>) {
        {
            let mut driving = lock(&self.inner.driving);
            if let Some(asked_again) = driving.get_mut(&id) {
                *asked_again = true;
                return;
            }
            driving.insert(id, false);
        }
        let inner = self.inner.clone();
        tokio::spawn(async move {
            let mut guard = DrivingGuard {
                inner: inner.clone(),
                id,
                armed: true,
            };
            loop {
                inner.drive(id, first.take()).await;
                // Leave, unless someone asked for this still open checkout while the driver
                // was giving up: then it goes on, so no request to drive it is ever lost.
                let open = inner.load(id).is_ok_and(|c| !c.state.is_final());
                let mut driving = lock(&inner.driving);
                if open && driving.get(&id) == Some(&true) {
                    driving.insert(id, false);
                    continue;
                }
                driving.remove(&id);
                lock(&inner.wake).remove(&id);
                if !open {
                    lock(&inner.qr).remove(&id);
                    lock(&inner.sessions).remove(&id);
                }
                guard.armed = false;
                return;
            }
        });
    }
}

/// Where a driver sends its first create's outcome.
pub(super) type FirstAnswer = oneshot::Sender<Result<Option<ScaCode>, CheckoutError>>;

/// Frees the checkout for another driver if this one ends by a panic; an ordinary end
/// leaves under the lock itself and disarms it.
struct DrivingGuard {
    inner: Arc<Inner>,
    id: i64,
    armed: bool,
}

impl Drop for DrivingGuard {
    fn drop(&mut self) {
        if self.armed {
            lock(&self.inner.driving).remove(&self.id);
        }
    }
}

/// A poisoned lock only means another task panicked while holding it; the data (a set of ids,
/// or the database, whose transactions roll back) is still sound.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Inner {
    pub fn with_db<T>(
        &self,
        f: impl FnOnce(&Db) -> Result<T, CheckoutError>,
    ) -> Result<T, CheckoutError> {
        let db = lock(&self.db);
        f(&db)
    }

    /// Who is at the till now.
    pub fn cashier(&self) -> String {
        lock(&self.cashier).clone()
    }

    pub fn load(&self, id: i64) -> Result<Checkout, CheckoutError> {
        self.with_db(|db| store::load(db, id))
    }

    /// What a driver waits on besides Kronor: a move stored by someone else.
    pub fn woken(&self, id: i64) -> Arc<Notify> {
        lock(&self.wake).entry(id).or_default().clone()
    }

    pub fn wake(&self, id: i64) {
        if let Some(notify) = lock(&self.wake).get(&id) {
            notify.notify_one();
        }
    }

    /// What the customer of `checkout` scans, once there is something to scan.
    pub fn code_to_scan(&self, checkout: &Checkout) -> Result<Option<ScaCode>, CheckoutError> {
        match (checkout.tender, &checkout.wait_token, &checkout.swish_qr) {
            (Tender::Invoice, Some(token), _) => Ok(Some(self.sca_code(checkout.id, token)?)),
            (Tender::Swish, Some(token), Some(qr)) => {
                Ok(Some(self.swish_code(checkout.id, qr, token)?))
            }
            _ => Ok(None),
        }
    }

    /// The SCA page of checkout `id` and its QR code, drawn on first use and kept (every
    /// view shows it; drawing is most of what Charge costs).
    pub fn sca_code(&self, id: i64, wait_token: &str) -> Result<ScaCode, CheckoutError> {
        let url = self
            .client
            .sca_url(&WaitToken::new(wait_token), None)
            .to_string();
        self.draw(id, url)
    }

    /// The Swish QR of checkout `id`: Kronor's payment-request token in Swish's format (or
    /// the page of a Kronor whose customers pay on a web page, as the training Kronor's do).
    pub fn swish_code(
        &self,
        id: i64,
        qr_token: &str,
        wait_token: &str,
    ) -> Result<ScaCode, CheckoutError> {
        let content = self
            .client
            .config()
            .environment
            .swish_qr(qr_token, wait_token);
        self.draw(id, content)
    }

    /// The QR code of `url` for checkout `id`, drawn once and kept.
    fn draw(&self, id: i64, url: String) -> Result<ScaCode, CheckoutError> {
        if let Some(code) = lock(&self.qr).get(&id).filter(|code| code.url == url) {
            return Ok(code.clone());
        }
        let code = qr::render(&url, self.settings.qr_min_px)?;
        let code = ScaCode { url, svg: code.svg };
        lock(&self.qr).insert(id, code.clone());
        Ok(code)
    }

    /// Sends an event to every subscriber (none listening is fine).
    pub fn emit(&self, checkout: &Checkout, kind: EventKind) {
        let at = self.clock.now();
        let elapsed_ms = at
            .duration_since(checkout.created_at)
            .as_millis()
            .try_into()
            .unwrap_or(i64::MAX);
        let _ = self.events.send(CheckoutEvent {
            checkout_id: checkout.id,
            order_number: checkout.order_number.clone(),
            at,
            elapsed_ms,
            kind,
        });
    }

    pub fn emit_state(&self, checkout: &Checkout, state: CheckoutState) {
        self.emit(checkout, EventKind::StateEntered { state });
    }

    /// Emits an observation and appends it to the stored log (after sending: it is a fact
    /// seen, not a decision, so the UI need not wait for the disk).
    pub fn observe(&self, checkout: &Checkout, kind: EventKind) {
        let detail = match &kind {
            EventKind::QrReady { sca_url, .. } => sca_url.clone(),
            other => serde_json::to_string(other).unwrap_or_default(),
        };
        let name = kind.log_name();
        self.emit(checkout, kind);
        let at = self.clock.now();
        if let Err(error) = self.with_db(|db| store::log_event(db, checkout.id, at, name, &detail))
        {
            tracing::warn!(%error, "checkout event not logged");
        }
    }

    pub async fn pause(&self, step: Step) {
        if let Some(hook) = &self.pause {
            hook(step).await;
        }
    }
}
