//! Shared helpers for the checkout tests: a real kronor-sandbox on 127.0.0.1:0, a till
//! database in a temporary folder, an engine whose pauses return at once, and an audit of
//! the invariants a merchant cares about.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use jiff::Timestamp;
use kassa::cart::CartLine;
use kassa::checkout::{
    Charge, CheckoutEngine, CheckoutEvent, CheckoutSettings, Clock, EventKind, OrderId, Started,
};
use kassa::{Cart, Customer, Db, Discount, Ore, Personnummer, VatClass};
use kronor::{Client, ClientConfig, Environment, MerchantToken, PurchaseStatus, Sleeper};
use kronor_sandbox::{Sandbox, SandboxConfig};
use tempfile::TempDir;
use tokio::sync::broadcast;

/// A sleeper that counts pauses and returns at once, so backoffs cost no time.
#[derive(Clone, Default)]
pub struct InstantSleeper(Arc<AtomicU64>);

impl InstantSleeper {
    pub fn pauses(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Sleeper for InstantSleeper {
    fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Box::pin(tokio::task::yield_now())
    }
}

/// A clock that moves 10 ms forward each time it is read.
pub struct TickingClock(Mutex<Timestamp>);

impl TickingClock {
    pub fn new() -> TickingClock {
        TickingClock(Mutex::new(
            "2026-06-15T10:00:00Z".parse().expect("timestamp"),
        ))
    }
}

impl Clock for TickingClock {
    fn now(&self) -> Timestamp {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now += Duration::from_millis(10);
        *now
    }
}

pub fn environment(sandbox: &Sandbox) -> Environment {
    Environment::Custom {
        graphql_url: sandbox.graphql_url(),
        sca_url: sandbox.sca_url(),
        swish_page: None,
    }
}

pub fn client(sandbox: &Sandbox, sleeper: &InstantSleeper) -> Client {
    let mut config = ClientConfig::new(
        environment(sandbox),
        MerchantToken::new(sandbox.merchant_token()),
    );
    config.sleeper = Arc::new(sleeper.clone());
    Client::new(config).expect("client")
}

/// A till: database, engine, and a subscription to its events.
pub struct Till {
    pub dir: TempDir,
    pub sandbox: Sandbox,
    pub db: Arc<Mutex<Db>>,
    pub engine: CheckoutEngine,
    pub events: broadcast::Receiver<CheckoutEvent>,
    pub sleeper: InstantSleeper,
}

impl Till {
    pub async fn start() -> Till {
        Till::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut CheckoutSettings)) -> Till {
        Till::start_on(SandboxConfig::local(), adjust).await
    }

    pub async fn start_on(
        config: SandboxConfig,
        adjust: impl FnOnce(&mut CheckoutSettings),
    ) -> Till {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Arc::new(Mutex::new(
            Db::open(dir.path().join("kassa.sqlite")).expect("db opens"),
        ));
        let sleeper = InstantSleeper::default();
        let mut settings = CheckoutSettings::new("kassa1", "Anna");
        // The sandbox answers in milliseconds; a generous bound keeps "the QR code comes
        // with Charge's answer" true on a loaded machine. The short default is benched.
        settings.charge_answer_within = Duration::from_secs(20);
        adjust(&mut settings);
        let engine = CheckoutEngine::new(
            db.clone(),
            client(&sandbox, &sleeper),
            settings,
            Arc::new(TickingClock::new()),
        )
        .expect("engine");
        let events = engine.subscribe();
        Till {
            dir,
            sandbox,
            db,
            engine,
            events,
            sleeper,
        }
    }

    pub async fn charge(&self, order: &OrderId, customer: &str) -> Started {
        self.try_charge(order, customer).await.expect("charge")
    }

    /// Charge as the engine answers it, refusals included.
    pub async fn try_charge(
        &self,
        order: &OrderId,
        customer: &str,
    ) -> Result<Started, kassa::checkout::CheckoutError> {
        self.engine
            .charge(Charge {
                order_id: order,
                cart: &cart(),
                tender: kassa::checkout::Tender::Invoice,
                customer: Some(&customer_with(customer)),
                customer_id: None,
                tendered: None,
                split: None,
            })
            .await
    }

    /// Charge with Swish: nothing about the customer is asked for.
    pub async fn charge_swish(
        &self,
        order: &OrderId,
    ) -> Result<Started, kassa::checkout::CheckoutError> {
        self.engine
            .charge(Charge {
                order_id: order,
                cart: &cart(),
                tender: kassa::checkout::Tender::Swish,
                customer: None,
                customer_id: None,
                tendered: None,
                split: None,
            })
            .await
    }

    /// Waits for checkout `id`'s Swish QR code; returns what it encodes.
    pub async fn swish_qr(&mut self, id: i64) -> String {
        let event = self
            .wait_for(id, |k| matches!(k, EventKind::QrReady { .. }))
            .await;
        let EventKind::QrReady { sca_url, .. } = event.kind else {
            unreachable!()
        };
        sca_url
    }

    /// The Swish payment request's wait token, once the engine stored it.
    pub fn swish_wait_token(&self, id: i64) -> String {
        self.engine
            .checkout(id)
            .expect("checkout")
            .wait_token
            .expect("the Swish payment request is stored")
    }

    /// Waits (on events, never on time) for checkout `id`'s event matching `wanted`.
    pub async fn wait_for(
        &mut self,
        id: i64,
        wanted: impl Fn(&EventKind) -> bool,
    ) -> CheckoutEvent {
        wait_for(&mut self.events, id, wanted).await
    }

    /// Waits for checkout `id` to finish; returns the final event.
    pub async fn finished(&mut self, id: i64) -> CheckoutEvent {
        self.wait_for(id, |k| matches!(k, EventKind::Finished { .. }))
            .await
    }

    /// A sale charged through Kronor (the customer approves at once), receipted.
    pub async fn receipted_sale(&mut self) -> kassa::Entry {
        let started = self
            .charge(
                &OrderId::new(),
                kronor_sandbox::scenarios::APPROVED_WITHOUT_SCA,
            )
            .await;
        let id = started.checkout.id;
        let EventKind::Finished { state, .. } = self.finished(id).await.kind else {
            unreachable!()
        };
        assert_eq!(state, kassa::checkout::CheckoutState::Receipted);
        self.engine.receipt(id).expect("read").expect("a sale")
    }

    pub fn client(&self) -> Client {
        client(&self.sandbox, &self.sleeper)
    }

    /// The same till with its engine rebuilt on a client adjusted by `adjust` (another
    /// address, shorter bounds) and settings adjusted by `settings`.
    pub fn with_client(
        mut self,
        adjust: impl FnOnce(&mut ClientConfig),
        settings: impl FnOnce(&mut CheckoutSettings),
    ) -> Till {
        let mut config = ClientConfig::new(
            environment(&self.sandbox),
            MerchantToken::new(self.sandbox.merchant_token()),
        );
        config.sleeper = Arc::new(self.sleeper.clone());
        adjust(&mut config);
        let mut chosen = CheckoutSettings::new("kassa1", "Anna");
        chosen.charge_answer_within = Duration::from_secs(20);
        settings(&mut chosen);
        self.engine = CheckoutEngine::new(
            self.db.clone(),
            Client::new(config).expect("client"),
            chosen,
            Arc::new(TickingClock::new()),
        )
        .expect("engine");
        self.events = self.engine.subscribe();
        self
    }
}

/// Waits for a matching event. The timeout only turns a hang into a failure.
pub async fn wait_for(
    events: &mut broadcast::Receiver<CheckoutEvent>,
    id: i64,
    wanted: impl Fn(&EventKind) -> bool,
) -> CheckoutEvent {
    let wait = async {
        loop {
            match events.recv().await {
                Ok(event) if event.checkout_id == id && wanted(&event.kind) => return event,
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => panic!("engine gone"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .expect("the expected checkout event arrives")
}

/// Coffee 2 × 35 kr (25 %), a cinnamon bun 28 kr (food) with 10 % off, a newspaper 30 kr (6 %).
pub fn cart() -> Cart {
    let mut cart = Cart::new();
    let line = |name: &str, price: i64, class: VatClass, quantity: u32| CartLine {
        id: 0,
        product_id: None,
        name: name.into(),
        sku: Some(format!("SKU-{name}")),
        unit_price: Ore::new(price),
        vat_class: class,
        quantity,
        discount: None,
    };
    cart.add_line(line("Kaffe", 3500, VatClass::Standard, 2))
        .expect("line");
    let bun = cart
        .add_line(line("Kanelbulle", 2800, VatClass::Food, 1))
        .expect("line");
    cart.set_line_discount(bun, Some(Discount::percent(10)))
        .expect("discount");
    cart.add_line(line("Tidning", 3000, VatClass::Culture, 1))
        .expect("line");
    cart
}

pub fn customer_with(personnummer: &str) -> Customer {
    Customer {
        personnummer: Personnummer::parse(personnummer, jiff::civil::date(2026, 6, 15))
            .expect("personnummer"),
        first_name: "Tolvan".into(),
        last_name: "Tolvansson".into(),
        email: "tolvan@example.se".into(),
        phone: "+46701234567".into(),
        street: "Storgatan 1".into(),
        postal_code: "11122".into(),
        city: "Stockholm".into(),
        country: "SE".into(),
    }
}

/// What the merchant cares about after a run, counted against Kronor (the sandbox).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Audit {
    /// Kronor orders beyond one per checkout.
    pub duplicate_orders: usize,
    /// Purchases approved at Kronor without a sale in the journal.
    pub lost_sales: usize,
    /// Journal sales whose Kronor purchase is not captured.
    pub receipts_without_capture: usize,
}

/// Checks every checkout in `ids` against the sandbox and the journal.
pub async fn audit(
    engine: &CheckoutEngine,
    kronor: &Client,
    sandbox: &Sandbox,
    ids: &[i64],
) -> Audit {
    let mut audit = Audit {
        duplicate_orders: sandbox.purchase_order_count().saturating_sub(ids.len()),
        ..Audit::default()
    };
    for &id in ids {
        let checkout = engine.checkout(id).expect("checkout");
        let purchases = kronor
            .purchases_by_reference(&checkout.order_number)
            .await
            .expect("purchases");
        let receipt = engine.receipt(id).expect("receipt");
        if !purchases.is_empty() && receipt.is_none() {
            audit.lost_sales += 1;
        }
        if let Some(entry) = receipt {
            let captured = purchases.iter().any(|p| {
                Some(p.id.to_string()) == entry.kronor_purchase_id
                    && p.statuses
                        .clone()
                        .unwrap_or_default()
                        .iter()
                        .any(|s| s.status == PurchaseStatus::CaptureDone)
            });
            if !captured {
                audit.receipts_without_capture += 1;
            }
        }
    }
    audit
}

/// Prints a fault case's figures (the suite's report) and asserts the goal: 0, 0, 0.
pub fn report(case: &str, runs: usize, faults: u64, audit: Audit) {
    println!(
        "checkout fault suite | {case}: runs {runs}, faults injected {faults}, duplicate orders \
         {}, lost sales {}, receipts without a captured purchase {} (goal 0, 0, 0)",
        audit.duplicate_orders, audit.lost_sales, audit.receipts_without_capture
    );
    assert_eq!(audit, Audit::default(), "{case}");
}

/// How Kronor (the sandbox) sees the purchase now.
pub async fn statuses_at_kronor(till: &Till, sale: &kassa::Entry) -> Vec<PurchaseStatus> {
    let id: i64 = sale
        .kronor_purchase_id
        .as_deref()
        .and_then(|p| p.parse().ok())
        .expect("purchase id");
    till.client()
        .purchase_by_id(kronor::BigInt(id))
        .await
        .expect("purchase")
        .expect("known to Kronor")
        .statuses
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.status)
        .collect()
}
