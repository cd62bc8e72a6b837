//! Checkout benchmark on loopback against kronor-sandbox (same process, same 2 cores):
//!
//! - Charge → QR ready, p50/p99, next to the bare create round trip, and the engine's own
//!   share (goal ≤ 5 ms beyond the API round trip);
//! - a status change in the sandbox → the engine's event, p99, over the subscription (goal
//!   ≤ 20 ms) and over polling, in the same run;
//! - Charge → the screen's answer with Kronor black-holed (a listener that accepts and never
//!   answers), p50/p99 (goal p99 ≤ 50 ms): the create goes on in the background.
//!
//! - Swish: Charge → QR ready beside the three Kronor round trips alone, the engine's own
//!   share (goal ≤ 5 ms), and PAID → the sale receipted.
//! - Cash: the amount key's Enter → the sale registered, signed by the control unit
//!   (simulator over XCCSP on loopback), receipted and the counter empty, p95 (goal ≤ 100 ms);
//!   the keystrokes after the scan are F12, the amount key and Enter (the e2e `cash.rs`).
//!
//! `cargo bench -p kassa --bench checkout` runs it in full; without `--bench` (as under
//! `cargo test`) it does a small smoke run.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kassa::cart::CartLine;
use kassa::checkout::{
    Charge, CheckoutEngine, CheckoutEvent, CheckoutSettings, Connection, EventKind, OrderId,
    SystemClock,
};
use kassa::{Cart, Customer, Db, Ore, Personnummer, VatClass, VatTable};
use kronor::{Client, ClientConfig, Environment, Language, MerchantToken};
use kronor_sandbox::{Sandbox, SandboxConfig, ScaDecision, scenarios};
use tokio::sync::broadcast;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(full));
}

fn cart() -> Cart {
    let mut cart = Cart::new();
    for (name, price, class) in [
        ("Kaffe", 3500, VatClass::Standard),
        ("Kanelbulle", 2800, VatClass::Food),
        ("Tidning", 3000, VatClass::Culture),
        ("Ost", 8900, VatClass::Food),
    ] {
        cart.add_line(CartLine {
            id: 0,
            product_id: None,
            name: name.into(),
            sku: None,
            unit_price: Ore::new(price),
            vat_class: class,
            quantity: 1,
            discount: None,
        })
        .expect("line");
    }
    cart
}

fn customer(personnummer: &str) -> Customer {
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

async fn next_event(
    events: &mut broadcast::Receiver<CheckoutEvent>,
    id: i64,
    wanted: impl Fn(&EventKind) -> bool,
) -> Instant {
    loop {
        match tokio::time::timeout(Duration::from_secs(30), events.recv()).await {
            Ok(Ok(event)) if event.checkout_id == id && wanted(&event.kind) => {
                return Instant::now();
            }
            Ok(Ok(_)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
            _ => panic!("no checkout event within 30 s"),
        }
    }
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Figures {
    sorted: Vec<Duration>,
}

impl Figures {
    fn new(mut samples: Vec<Duration>) -> Figures {
        samples.sort();
        Figures { sorted: samples }
    }
    fn p50(&self) -> Duration {
        percentile(&self.sorted, 0.50)
    }
    fn p99(&self) -> Duration {
        percentile(&self.sorted, 0.99)
    }
}

async fn run(full: bool) {
    let (charges, status_live, status_polled) = if full { (300, 200, 12) } else { (5, 3, 1) };
    let sandbox = Sandbox::start(SandboxConfig::local())
        .await
        .expect("sandbox");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Arc::new(Mutex::new(
        Db::open(dir.path().join("kassa.sqlite")).expect("db"),
    ));
    let client = Client::new(ClientConfig::new(
        Environment::Custom {
            graphql_url: sandbox.graphql_url(),
            sca_url: sandbox.sca_url(),
            swish_page: None,
        },
        MerchantToken::new(sandbox.merchant_token()),
    ))
    .expect("client");
    // Charge → QR ready is measured to the QR code, so Charge may wait for it here.
    let mut settings = CheckoutSettings::new("bench1", "Bench");
    settings.charge_answer_within = Duration::from_secs(10);
    let engine = CheckoutEngine::new(db.clone(), client.clone(), settings, Arc::new(SystemClock))
        .expect("engine");
    let mut events = engine.subscribe();
    let cart = cart();

    // 1. The bare create round trip, same order shape, fresh keys.
    let totals = cart
        .totals(&VatTable::sweden(), jiff::civil::date(2026, 6, 15))
        .expect("totals");
    let never = customer(scenarios::SCA_NEVER_FINISHES);
    let mut round_trips = Vec::with_capacity(charges);
    for i in 0..charges {
        let order = kassa::checkout::request::purchase_order(
            &format!("bench-raw-{i}-{}", std::process::id()),
            &format!("raw-{i}"),
            &totals,
            &never,
            Language::Sv,
        )
        .expect("order");
        let t0 = Instant::now();
        client.create_purchase_order(&order).await.expect("create");
        round_trips.push(t0.elapsed());
    }

    // 2. Charge → QR ready through the engine (stores, sends, stores, renders the QR).
    let mut charge_times = Vec::with_capacity(charges);
    for _ in 0..charges {
        let order = OrderId::new();
        let t0 = Instant::now();
        let started = engine
            .charge(Charge {
                order_id: &order,
                cart: &cart,
                tender: kassa::checkout::Tender::Invoice,
                customer: Some(&never),
                customer_id: None,
                tendered: None,
                split: None,
            })
            .await
            .expect("charge");
        let elapsed = t0.elapsed();
        assert!(started.sca.is_some(), "QR ready");
        charge_times.push(elapsed);
        // Let it go: cancelled and finished before the next sample.
        engine.cancel(started.checkout.id).await.expect("cancel");
        next_event(&mut events, started.checkout.id, |k| {
            matches!(k, EventKind::Finished { .. })
        })
        .await;
    }

    // 3. Status change → engine event, over the subscription, then over polling.
    let normal = customer(scenarios::NORMAL);
    let status_latency = |connection: Connection, n: usize| {
        let engine = engine.clone();
        let sandbox = &sandbox;
        let cart = &cart;
        let normal = &normal;
        let mut events = engine.subscribe();
        async move {
            let mut samples = Vec::with_capacity(n);
            for _ in 0..n {
                let order = OrderId::new();
                let started = engine
                    .charge(Charge {
                        order_id: &order,
                        cart,
                        tender: kassa::checkout::Tender::Invoice,
                        customer: Some(normal),
                        customer_id: None,
                        tendered: None,
                        split: None,
                    })
                    .await
                    .expect("charge");
                let id = started.checkout.id;
                next_event(
                    &mut events,
                    id,
                    |k| matches!(k, EventKind::Connection { connection: c } if *c == connection),
                )
                .await;
                next_event(&mut events, id, |k| {
                    matches!(k, EventKind::KronorStatus { statuses } if statuses.iter().any(|s| s == "SCA_REQUIRED"))
                })
                .await;
                let kronor_id = started.checkout.kronor_order_id.expect("id");
                let t0 = Instant::now();
                sandbox
                    .decide_sca(&kronor_id, ScaDecision::Approve)
                    .expect("sca");
                let seen = next_event(&mut events, id, |k| {
                    matches!(k, EventKind::KronorStatus { statuses } if !statuses.iter().any(|s| s == "SCA_REQUIRED"))
                })
                .await;
                samples.push(seen - t0);
                next_event(&mut events, id, |k| matches!(k, EventKind::Finished { .. })).await;
            }
            samples
        }
    };
    let live = status_latency(Connection::Live, status_live).await;
    // Swish before WebSockets are refused for the polling figure; printed last.
    let swish_lines = swish(
        &sandbox,
        &engine,
        &client,
        &cart,
        if full { 200 } else { 3 },
    )
    .await;
    sandbox.faults().refuse_websockets(1_000_000);
    let polled = status_latency(Connection::Polling, status_polled).await;

    // 4. What two durable commits cost on this disk: the floor of the engine's share (the key
    //    must be on disk before the create, the Kronor order id after it).
    let commits = durable_commits(dir.path(), charges);
    let url = format!(
        "{}?token={}",
        sandbox.sca_url(),
        "eyJhbGciOiJIUzI1NiJ9x".repeat(14)
    );
    let mut svg_len = 0;
    let qr_times: Vec<Duration> = (0..charges)
        .map(|_| {
            let t0 = Instant::now();
            let qr = kassa::checkout::qr::render(&url, 320).expect("qr");
            svg_len = qr.svg.len();
            t0.elapsed()
        })
        .collect();
    let qr_times = Figures::new(qr_times);

    // 5. Kronor black-holed: Charge answers the screen with the default bound while the
    //    create waits in the background. Last, as the drivers keep trying until the end.
    let black_holed = Figures::new(black_holed_charges(db, &cart, &never, charges).await);

    let round_trips = Figures::new(round_trips);
    let commits = Figures::new(commits);
    let charge_times = Figures::new(charge_times);
    let live = Figures::new(live);
    let polled = Figures::new(polled);
    let share50 = charge_times.p50().saturating_sub(round_trips.p50());
    let share99 = charge_times.p99().saturating_sub(round_trips.p99());
    println!(
        "checkout benchmark (loopback, kronor-sandbox in process){}",
        if full { "" } else { " — smoke run" }
    );
    println!(
        "  create round trip alone        p50 {:>8.2} ms  p99 {:>8.2} ms  ({} creates)",
        ms(round_trips.p50()),
        ms(round_trips.p99()),
        round_trips.sorted.len()
    );
    println!(
        "  Charge → QR ready              p50 {:>8.2} ms  p99 {:>8.2} ms  ({} charges)",
        ms(charge_times.p50()),
        ms(charge_times.p99()),
        charge_times.sorted.len()
    );
    println!(
        "  engine's own share             p50 {:>8.2} ms  p99 {:>8.2} ms  (goal ≤ 5 ms)",
        ms(share50),
        ms(share99)
    );
    println!(
        "  of which 2 SQLite commits      p50 {:>8.2} ms  p99 {:>8.2} ms  (WAL, synchronous=FULL)",
        ms(commits.p50()),
        ms(commits.p99())
    );
    println!(
        "  of which the QR code (SVG)     p50 {:>8.2} ms  p99 {:>8.2} ms  ({} bytes)",
        ms(qr_times.p50()),
        ms(qr_times.p99()),
        svg_len
    );
    println!(
        "  status change → event, live    p50 {:>8.2} ms  p99 {:>8.2} ms  ({} samples, goal p99 ≤ 20 ms)",
        ms(live.p50()),
        ms(live.p99()),
        live.sorted.len()
    );
    println!(
        "  status change → event, polling p50 {:>8.2} ms  p99 {:>8.2} ms  ({} samples, 1 s poll interval)",
        ms(polled.p50()),
        ms(polled.p99()),
        polled.sorted.len()
    );
    println!(
        "  Charge answers, Kronor silent  p50 {:>8.2} ms  p99 {:>8.2} ms  ({} charges, goal p99 ≤ 50 ms)",
        ms(black_holed.p50()),
        ms(black_holed.p99()),
        black_holed.sorted.len()
    );
    for line in swish_lines {
        println!("{line}");
    }
    for line in cash(&client, if full { 300 } else { 3 }).await {
        println!("{line}");
    }
}

/// Cash sales on a till with the demo catalogue whose receipts the control unit simulator
/// signs: one cup rung up, then `Till::charge_cash` with 200 kr handed over, timed until it
/// answers with the sale receipted and the counter empty.
async fn cash(client: &Client, sales: usize) -> Vec<String> {
    const KAFFEKOPP: &str = "7350000050011";
    let sim = control_unit_sim::Simulator::start(control_unit_sim::SimConfig::default())
        .await
        .expect("the simulator starts");
    let unit = kassa::control_unit::xccsp::XccspClient::from_address(
        &sim.xccsp_url(),
        Duration::from_secs(5),
    )
    .expect("XCCSP client");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path().join("cash.sqlite")).expect("db");
    let till = kassa::Till::new(db, true, Arc::new(SystemClock)).expect("till");
    let link = kassa::checkout::ControlUnitLink {
        unit: Arc::new(unit),
        register_designation: "KASSA1".into(),
    };
    let settings = CheckoutSettings::for_till("KASSA-1", "Bench", false, Some(link));
    let engine = CheckoutEngine::new(till.shared_db(), client.clone(), settings, till.clock())
        .expect("engine");
    let mut samples = Vec::with_capacity(sales);
    for i in 0..sales + 5 {
        till.add_barcode(KAFFEKOPP).expect("the cup");
        let t0 = Instant::now();
        let sale = till
            .charge_cash(&engine, Ore::kr(200), kassa::till::Mode::Training)
            .await
            .expect("cash sale");
        let took = t0.elapsed();
        assert_eq!(
            sale.started.checkout.state,
            kassa::checkout::CheckoutState::Receipted
        );
        assert!(till.cart().expect("cart").is_empty());
        // The first few warm the connection to the unit and SQLite's cache.
        if i >= 5 {
            samples.push(took);
        }
    }
    let mut sorted = samples;
    sorted.sort();
    vec![format!(
        "  cash: Enter → receipted        p50 {:>8.2} ms  p95 {:>8.2} ms  ({} sales, signed by the unit; goal p95 ≤ 100 ms; 3 keys after the scan: F12, amount, Enter)",
        ms(percentile(&sorted, 0.50)),
        ms(percentile(&sorted, 0.95)),
        sorted.len()
    )]
}

/// Swish: the three Kronor round trips alone (session, Swish payment, the request's first
/// status with its QR token), then Charge → QR ready through the engine and the engine's own
/// share (goal ≤ 5 ms), then PAID in the sandbox → the sale receipted.
async fn swish(
    sandbox: &Sandbox,
    engine: &CheckoutEngine,
    client: &Client,
    cart: &Cart,
    n: usize,
) -> Vec<String> {
    use futures::StreamExt;
    let return_url = sandbox.sca_url();
    let mut bare = Vec::with_capacity(n);
    for i in 0..n {
        let key = format!("bench-swish-{i}-{}", std::process::id());
        let t0 = Instant::now();
        let session = client
            .new_payment_session(&kronor::NewPaymentSession {
                amount: 18_200,
                expires_at: jiff::Timestamp::now() + Duration::from_secs(3600),
                idempotency_key: key.clone(),
                merchant_reference: key.clone(),
                message: "Bench".into(),
            })
            .await
            .expect("session");
        let wait = client
            .new_swish_payment(&session.token, &format!("{key}-sw"), &return_url)
            .await
            .expect("swish payment");
        let mut watch = client.watch_payment_request(&session.token, &wait);
        loop {
            match watch.next().await {
                Some(kronor::WatchEvent::Update(request)) if request.qr_code().is_some() => break,
                Some(_) => {}
                None => panic!("the watch ended before the QR token"),
            }
        }
        bare.push(t0.elapsed());
    }
    let mut events = engine.subscribe();
    let mut charges = Vec::with_capacity(n);
    let mut paid = Vec::with_capacity(n);
    for _ in 0..n {
        let order = OrderId::new();
        let t0 = Instant::now();
        let started = engine
            .charge(Charge {
                order_id: &order,
                cart,
                tender: kassa::checkout::Tender::Swish,
                customer: None,
                customer_id: None,
                tendered: None,
                split: None,
            })
            .await
            .expect("charge");
        let id = started.checkout.id;
        let qr = next_event(&mut events, id, |k| matches!(k, EventKind::QrReady { .. })).await;
        charges.push(qr - t0);
        let wait = engine
            .checkout(id)
            .expect("checkout")
            .wait_token
            .expect("stored");
        let t1 = Instant::now();
        sandbox
            .decide_swish(&wait, kronor_sandbox::SwishDecision::Pay)
            .expect("paid");
        let done = next_event(&mut events, id, |k| matches!(k, EventKind::Finished { .. })).await;
        paid.push(done - t1);
    }
    let bare = Figures::new(bare);
    let charges = Figures::new(charges);
    let paid = Figures::new(paid);
    let mut lines = Vec::new();
    lines.push(format!(
        "  Swish: 3 Kronor round trips    p50 {:>8.2} ms  p99 {:>8.2} ms  (session, payment, first status with the QR token; {} runs)",
        ms(bare.p50()),
        ms(bare.p99()),
        bare.sorted.len()
    ));
    lines.push(format!(
        "  Swish: Charge → QR ready       p50 {:>8.2} ms  p99 {:>8.2} ms  ({} charges)",
        ms(charges.p50()),
        ms(charges.p99()),
        charges.sorted.len()
    ));
    lines.push(format!(
        "  Swish: engine's own share      p50 {:>8.2} ms  p99 {:>8.2} ms  (goal ≤ 5 ms)",
        ms(charges.p50().saturating_sub(bare.p50())),
        ms(charges.p99().saturating_sub(bare.p99()))
    ));
    lines.push(format!(
        "  Swish: PAID → sale receipted   p50 {:>8.2} ms  p99 {:>8.2} ms  ({} sales; journal, original receipt)",
        ms(paid.p50()),
        ms(paid.p99()),
        paid.sorted.len()
    ));
    lines
}

/// Charge's answer time with a Kronor that accepts connections and never answers.
async fn black_holed_charges(
    db: Arc<Mutex<Db>>,
    cart: &Cart,
    customer: &Customer,
    n: usize,
) -> Vec<Duration> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = url::Url::parse(&format!(
        "http://{}/v1/graphql",
        listener.local_addr().expect("addr")
    ))
    .expect("url");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = Client::new(ClientConfig::new(
        Environment::Custom {
            graphql_url: url.clone(),
            sca_url: url,
            swish_page: None,
        },
        MerchantToken::new("bench-black-hole"),
    ))
    .expect("client");
    let engine = CheckoutEngine::new(
        db,
        client,
        CheckoutSettings::new("bench2", "Bench"),
        Arc::new(SystemClock),
    )
    .expect("engine");
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let order = OrderId::new();
        let t0 = Instant::now();
        let started = engine
            .charge(Charge {
                order_id: &order,
                cart,
                tender: kassa::checkout::Tender::Invoice,
                customer: Some(customer),
                customer_id: None,
                tendered: None,
                split: None,
            })
            .await
            .expect("charge");
        samples.push(t0.elapsed());
        assert!(started.sca.is_none(), "no QR without Kronor");
    }
    samples
}

/// Two committed one-row transactions with the till's durability settings, `n` times.
fn durable_commits(dir: &std::path::Path, n: usize) -> Vec<Duration> {
    let conn = rusqlite::Connection::open(dir.join("commits.sqlite")).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("sync");
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        .expect("table");
    (0..n)
        .map(|_| {
            let t0 = Instant::now();
            for _ in 0..2 {
                conn.execute("INSERT INTO t (v) VALUES ('x')", [])
                    .expect("insert");
            }
            t0.elapsed()
        })
        .collect()
}
