//! Shared test helpers: a real sandbox on 127.0.0.1:0, a client for it whose pauses are
//! recorded instead of slept, and a valid order.
#![allow(dead_code)]

mod proxy;
#[allow(unused_imports)]
pub use proxy::SilentProxy;

use futures::StreamExt;
use futures::future::BoxFuture;
use kronor::{
    Address, Client, ClientConfig, ConnectionState, Country, Environment, Language, MerchantToken,
    NewPurchaseOrder, PurchaseLine, PurchaseOrderState, Sleeper, Watch, WatchEvent,
};
use kronor_sandbox::{Sandbox, SandboxConfig};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A sleeper that records each pause and returns at once.
#[derive(Clone, Default)]
pub struct RecordingSleeper(Arc<Mutex<Vec<Duration>>>);

impl RecordingSleeper {
    pub fn delays(&self) -> Vec<Duration> {
        self.0.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        if let Ok(mut delays) = self.0.lock() {
            delays.push(duration);
        }
        Box::pin(tokio::task::yield_now())
    }
}

pub fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::local())
        .await
        .expect("sandbox starts")
}

pub fn environment(sandbox: &Sandbox) -> Environment {
    Environment::Custom {
        graphql_url: sandbox.graphql_url(),
        sca_url: sandbox.sca_url(),
        swish_page: None,
    }
}

pub fn config(sandbox: &Sandbox, sleeper: &RecordingSleeper) -> ClientConfig {
    let mut config = ClientConfig::new(
        environment(sandbox),
        MerchantToken::new(sandbox.merchant_token()),
    );
    config.sleeper = Arc::new(sleeper.clone());
    config
}

pub fn client(sandbox: &Sandbox, sleeper: &RecordingSleeper) -> Client {
    Client::new(config(sandbox, sleeper)).expect("client builds")
}

/// A fresh idempotency key per call, unique within the test process.
pub fn key(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A Luhn-valid 12-digit personnummer from 8 birth digits and a 3-digit serial.
pub fn personnummer(birth: &str, serial: &str) -> String {
    let short = format!("{}{serial}", &birth[2..]);
    let sum: u32 = short
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { d };
            v / 10 + v % 10
        })
        .sum();
    format!("{birth}{serial}{}", (10 - sum % 10) % 10)
}

/// A customer who goes through the normal flow (waits in SCA_REQUIRED).
pub fn normal_customer() -> String {
    personnummer("19850612", "238")
}

/// One line, 100 kr including 25 % VAT.
pub fn order(key: &str, customer: &str) -> NewPurchaseOrder {
    let address = Address {
        first_name: "Anna".into(),
        last_name: "Andersson".into(),
        email: "anna@example.se".into(),
        phone_number: "+46701234567".into(),
        street_address: "Storgatan 1".into(),
        postal_code: "11122".into(),
        city: "Stockholm".into(),
        country: Country::Se,
    };
    NewPurchaseOrder {
        idempotency_key: key.to_owned(),
        merchant_reference: Some(format!("till-{key}")),
        national_identification_number: customer.to_owned(),
        purchase_country: Country::Se,
        purchase_language: Language::Sv,
        purchase_lines: vec![PurchaseLine {
            name: "Kaffe".into(),
            quantity: 1,
            price_per_item: 10_000,
            tax_rate: 2500,
            total_amount: 10_000,
            total_tax_amount: 2000,
            total_discount_amount: None,
            reference: Some("SKU-1".into()),
        }],
        purchase_total_amount: 10_000,
        purchase_tax_amount: 2000,
        billing_address: address,
        shipping_address: None,
    }
}

/// Waits (on the stream, not on a timer) for the next event; a generous bound turns a hang
/// into a failure. Any watch: purchase orders or payment requests.
pub async fn next_event<T>(watch: &mut Watch<T>) -> Option<WatchEvent<T>> {
    tokio::time::timeout(Duration::from_secs(20), watch.next())
        .await
        .expect("watch event within 20 s")
}

/// Reads events until one matches; returns every event seen including that one.
pub async fn until<T: std::fmt::Debug>(
    watch: &mut Watch<T>,
    mut found: impl FnMut(&WatchEvent<T>) -> bool,
) -> Vec<WatchEvent<T>> {
    let mut seen = Vec::new();
    loop {
        let event = next_event(watch)
            .await
            .unwrap_or_else(|| panic!("watch ended before expected event; saw {seen:?}"));
        let done = found(&event);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

/// Reads events until the stream ends.
pub async fn rest<T>(watch: &mut Watch<T>) -> Vec<WatchEvent<T>> {
    let mut seen = Vec::new();
    while let Some(event) = next_event(watch).await {
        seen.push(event);
    }
    seen
}

pub fn is_update(event: &WatchEvent, test: impl Fn(&PurchaseOrderState) -> bool) -> bool {
    matches!(event, WatchEvent::Update(order) if test(order))
}

pub fn is_connection<T>(event: &WatchEvent<T>, state: ConnectionState) -> bool {
    matches!(event, WatchEvent::Connection(s) if *s == state)
}

pub fn updates<T: Clone>(events: &[WatchEvent<T>]) -> Vec<T> {
    events
        .iter()
        .filter_map(|e| match e {
            WatchEvent::Update(order) => Some(order.clone()),
            _ => None,
        })
        .collect()
}

/// No two consecutive updates are the same state.
pub fn assert_deduplicated<T: Clone + PartialEq + std::fmt::Debug>(events: &[WatchEvent<T>]) {
    let updates = updates(events);
    for pair in updates.windows(2) {
        assert_ne!(pair[0], pair[1], "same state sent twice in a row");
    }
}
