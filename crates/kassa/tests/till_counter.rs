//! The counter's own rules, without a window: what may change the sale, what Charge needs
//! before it charges, one order per sale however often Charge is pressed, and a paid sale
//! emptying the counter (only the sale on the counter, not a checkout resumed from before).

mod checkout_support;

use std::sync::Arc;
use std::time::Duration;

use checkout_support::{InstantSleeper, TickingClock, client, customer_with, wait_for};
use kassa::checkout::{
    CheckoutEngine, CheckoutSettings, CheckoutState, EventKind, OrderId, Tender,
};
use kassa::receipt::Shop;
use kassa::till::Mode;
use kassa::{Db, ErrorCode, Till};
use kronor_sandbox::{Sandbox, SandboxConfig, scenarios};
use tempfile::TempDir;

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

fn till_in(dir: &TempDir, name: &str, training: bool) -> Till {
    let db = Db::open(dir.path().join(name)).expect("db opens");
    Till::new(db, training, Arc::new(TickingClock::new())).expect("till")
}

/// A training till with an engine on a sandbox of its own.
struct Counter {
    _dir: TempDir,
    sandbox: Sandbox,
    till: Till,
    engine: CheckoutEngine,
}

impl Counter {
    async fn start() -> Counter {
        let dir = tempfile::tempdir().expect("temp dir");
        let till = till_in(&dir, "kassa.sqlite", true);
        let sandbox = Sandbox::start(SandboxConfig::local())
            .await
            .expect("sandbox");
        let mut settings = CheckoutSettings::new("kassa1", "Anna");
        settings.training = true;
        // Generous, so "Charge answers with the order made" holds on a loaded machine.
        settings.charge_answer_within = Duration::from_secs(20);
        let engine = CheckoutEngine::new(
            till.shared_db(),
            client(&sandbox, &InstantSleeper::default()),
            settings,
            till.clock(),
        )
        .expect("engine");
        Counter {
            _dir: dir,
            sandbox,
            till,
            engine,
        }
    }
}

#[test]
fn training_loads_the_demo_catalogue_once_and_live_mode_never() {
    let dir = tempfile::tempdir().unwrap();
    let live = till_in(&dir, "live.sqlite", false);
    assert_eq!(live.db().unwrap().catalogue().count().unwrap(), 0);
    assert_eq!(
        live.db().unwrap().shop().unwrap_err().code(),
        ErrorCode::NotFound,
        "a live till never gets the demo shop"
    );

    let count = till_in(&dir, "training.sqlite", true)
        .db()
        .unwrap()
        .catalogue()
        .count()
        .unwrap();
    assert!(
        count >= 50,
        "the demo catalogue has about 60 products: {count}"
    );
    let reopened = till_in(&dir, "training.sqlite", true);
    assert_eq!(reopened.db().unwrap().catalogue().count().unwrap(), count);
    assert_eq!(
        reopened
            .db()
            .unwrap()
            .catalogue()
            .categories()
            .unwrap()
            .len(),
        5
    );
    assert!(kassa::demo::is_demo_shop(
        &reopened.db().unwrap().shop().unwrap()
    ));
}

#[test]
fn a_refused_change_leaves_the_sale_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let till = till_in(&dir, "kassa.sqlite", true);
    let cart = till.add_barcode(KAFFEKOPP).unwrap();
    assert_eq!(cart.lines().len(), 1);
    let line = cart.lines()[0].id;

    for bad in [0, -1, 10_000] {
        let refused = till.set_quantity(line, bad).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidQuantity, "{bad}");
    }
    let refused = till.add_product(cart.lines()[0].product_id.unwrap(), Some(-3));
    assert_eq!(refused.unwrap_err().code(), ErrorCode::InvalidQuantity);
    assert_eq!(
        till.add_barcode("7350000050012").unwrap_err().code(),
        ErrorCode::InvalidBarcode
    );
    assert_eq!(
        till.cart().unwrap(),
        cart,
        "nothing refused reached the sale"
    );

    let cart = till.set_quantity(line, 3).unwrap();
    assert_eq!(cart.lines()[0].quantity, 3);
}

#[test]
fn a_parked_sale_comes_back_only_onto_an_empty_counter() {
    let dir = tempfile::tempdir().unwrap();
    let till = till_in(&dir, "kassa.sqlite", true);
    let first = till.add_barcode(KAFFEKOPP).unwrap();
    assert!(
        till.park("bord 4").unwrap().is_empty(),
        "parking empties the counter"
    );
    let parked = till.db().unwrap().parked_sales().list().unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].label, "bord 4");

    let second = till.add_barcode(KAFFEKOPP).unwrap();
    let refused = till.recall(parked[0].id).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::SaleInProgress);
    assert_eq!(till.cart().unwrap(), second, "the sale in progress is kept");
    assert_eq!(till.db().unwrap().parked_sales().list().unwrap().len(), 1);

    till.clear_cart().unwrap();
    let back = till.recall(parked[0].id).unwrap();
    assert_eq!(back.lines(), first.lines());
    assert!(till.db().unwrap().parked_sales().list().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_payments_wait_for_the_merchants_own_shop_and_charge_nothing_before() {
    let counter = Counter::start().await;
    counter.till.add_barcode(KAFFEKOPP).unwrap();
    let customer = customer_with(scenarios::NORMAL);

    // A training till has the demo shop: fine for training, not for a real receipt.
    let refused = counter
        .till
        .charge(
            &counter.engine,
            Tender::Invoice,
            Some(&customer),
            Mode::Live,
        )
        .await;
    assert_eq!(refused.unwrap_err().code(), ErrorCode::ShopDetailsMissing);
    assert_eq!(
        counter.till.checkout_on_counter(&counter.engine).unwrap(),
        None
    );
    assert!(
        counter.sandbox.purchase_order_count() == 0,
        "Kronor heard nothing"
    );

    counter
        .till
        .db()
        .unwrap()
        .set_shop(Shop {
            name: "Kafé Lyktan".into(),
            org_number: "556677-8899".into(),
            address: "Storgatan 2, 111 22 Stockholm".into(),
            after_sale: kassa::receipt::AfterSale::None,
        })
        .unwrap();
    let started = counter
        .till
        .charge(
            &counter.engine,
            Tender::Invoice,
            Some(&customer),
            Mode::Live,
        )
        .await
        .expect("the merchant's own shop: charged");
    assert_eq!(started.checkout.state, CheckoutState::AwaitingCustomer);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charging_twice_is_one_order_and_a_finished_one_makes_the_next_charge_new() {
    let counter = Counter::start().await;
    counter.till.add_barcode(KAFFEKOPP).unwrap();
    let customer = customer_with(scenarios::NORMAL);
    let (first, again) = tokio::join!(
        counter.till.charge(
            &counter.engine,
            Tender::Invoice,
            Some(&customer),
            Mode::Training
        ),
        counter.till.charge(
            &counter.engine,
            Tender::Invoice,
            Some(&customer),
            Mode::Training
        ),
    );
    let (first, again) = (first.unwrap(), again.unwrap());
    assert_eq!(
        first.checkout.id, again.checkout.id,
        "a double-click is one checkout"
    );
    assert_eq!(
        counter.sandbox.purchase_order_count(),
        1,
        "and one Kronor order"
    );
    assert_eq!(
        counter.till.checkout_on_counter(&counter.engine).unwrap(),
        Some(first.checkout.id)
    );

    counter.engine.cancel(first.checkout.id).await.unwrap();
    let next = counter
        .till
        .charge(
            &counter.engine,
            Tender::Invoice,
            Some(&customer),
            Mode::Training,
        )
        .await
        .unwrap();
    assert_ne!(
        next.checkout.id, first.checkout.id,
        "a cancelled order is not charged again"
    );
    assert_eq!(counter.sandbox.purchase_order_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_sale_empties_the_counter_but_another_checkout_leaves_it_be() {
    let counter = Counter::start().await;
    let mut events = counter.engine.subscribe();
    let customer = customer_with(scenarios::APPROVED_WITHOUT_SCA);

    // A checkout that is not the counter's (say one resumed from an earlier run).
    let elsewhere = counter
        .engine
        .charge(kassa::checkout::Charge {
            order_id: &OrderId::new(),
            cart: &checkout_support::cart(),
            tender: kassa::checkout::Tender::Invoice,
            customer: Some(&customer),
            customer_id: None,
            tendered: None,
            split: None,
        })
        .await
        .unwrap();
    counter.till.add_barcode(KAFFEKOPP).unwrap();
    let receipted = |k: &EventKind| {
        matches!(
            k,
            EventKind::Finished {
                state: CheckoutState::Receipted,
                ..
            }
        )
    };
    let done = wait_for(&mut events, elsewhere.checkout.id, receipted).await;
    counter
        .till
        .checkout_changed(&counter.engine, &done)
        .unwrap();
    assert_eq!(
        counter.till.cart().unwrap().lines().len(),
        1,
        "the sale on the counter stays"
    );

    let started = counter
        .till
        .charge(
            &counter.engine,
            Tender::Invoice,
            Some(&customer),
            Mode::Training,
        )
        .await
        .unwrap();
    let done = wait_for(&mut events, started.checkout.id, receipted).await;
    counter
        .till
        .checkout_changed(&counter.engine, &done)
        .unwrap();
    assert!(
        counter.till.cart().unwrap().is_empty(),
        "paid: the next customer starts fresh"
    );
    // The next customer's first scan can beat the paid checkout's last event to the till:
    // that event must not empty the new sale.
    counter.till.add_barcode(KAFFEKOPP).unwrap();
    counter
        .till
        .checkout_changed(&counter.engine, &done)
        .unwrap();
    assert_eq!(
        counter.till.cart().unwrap().lines().len(),
        1,
        "the next customer's sale stays"
    );
}
