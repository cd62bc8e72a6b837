//! The till process killed with SIGKILL at every step of a checkout, restarted on the same
//! database, then resumed: every invoice run must end with one Kronor order, one captured
//! purchase and one sale in the journal; every Swish run with one payment session, one
//! payment request paid once, and one sale; every cash run (killed paid, before its receipt is
//! signed or receipted) with one sale, registered with the control unit once; every split run
//! (50 kr in cash, the rest by Swish, killed after the cash part or at any step of the Swish
//! part) with one sale listing both payments and one Swish payment request, paid once.
//!
//! This binary is both sides. Run by `cargo test` it is the parent: it starts kronor-sandbox,
//! then for each [`Step`] runs itself as a child till process with
//! `KASSA_KILL_PAUSE_AT=<step>`. The child prints `PAUSED <step>` when it gets there and
//! blocks, so the kill lands exactly at that step with no sleeping; a second child resumes.

mod checkout_support;
mod kill_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use checkout_support::*;
use control_unit_sim::{SimConfig, Simulator};
use kassa::Db;
use kassa::checkout::{
    Charge, CheckoutEngine, CheckoutError, CheckoutSettings, ControlUnitLink, EventKind, OrderId,
    PartCharge, PauseHook, SplitState, Step, SystemClock, Tender,
};
use kassa::control_unit::{Print, xccsp::XccspClient};
use kill_support::{CHILD, PAUSE_AT, Spawned, child_client, own_command, var, with_sandbox};
use kronor_sandbox::{Sandbox, SandboxConfig, SwishDecision, scenarios};

fn main() {
    let runtime = kill_support::runtime();
    if std::env::var_os(CHILD).is_some() {
        std::process::exit(runtime.block_on(child()));
    }
    runtime.block_on(parent());
}

/// The till process: charge (or resume) one checkout and follow it to the end.
async fn child() -> i32 {
    let db = match Db::open(var("KASSA_CHILD_DB")) {
        Ok(db) => Arc::new(Mutex::new(db)),
        Err(error) => {
            println!("ERROR {error}");
            return 2;
        }
    };
    let client = match child_client() {
        Ok(client) => client,
        Err(error) => {
            println!("ERROR {error}");
            return 2;
        }
    };
    let mut settings = CheckoutSettings::new("kassa1", "Anna");
    if let Ok(address) = std::env::var("KASSA_CHILD_UNIT") {
        match XccspClient::from_address(&address, Duration::from_secs(5)) {
            Ok(unit) => {
                settings.control_unit = Some(ControlUnitLink {
                    unit: Arc::new(unit),
                    register_designation: "KASSA1".into(),
                })
            }
            Err(error) => {
                println!("ERROR {error}");
                return 2;
            }
        }
    }
    let mut engine = match CheckoutEngine::new(db, client, settings, Arc::new(SystemClock)) {
        Ok(engine) => engine,
        Err(error) => {
            println!("ERROR {error}");
            return 2;
        }
    };
    // The pause point is read here only, never by the library.
    if std::env::var_os(PAUSE_AT).is_some() {
        let hook: PauseHook = Arc::new(|step: Step| Box::pin(kill_support::pause(step.name())));
        engine = engine.with_pause_hook(hook);
    }
    let mut events = engine.subscribe();
    let tender = Tender::from_key(&var("KASSA_CHILD_TENDER")).unwrap_or_default();
    let split = std::env::var_os("KASSA_CHILD_SPLIT").is_some();
    let swish = tender == Tender::Swish || split;
    let id = if split {
        match split_part(&engine, var("KASSA_CHILD_MODE") == "resume").await {
            Ok(Some(id)) => id,
            Ok(None) => {
                println!("DONE receipted");
                return 0;
            }
            Err(error) => {
                println!("ERROR {error}");
                return 4;
            }
        }
    } else if var("KASSA_CHILD_MODE") == "resume" {
        match engine.resume() {
            Ok(ids) if ids.len() == 1 => ids[0],
            other => {
                println!("ERROR resume found {other:?}");
                return 3;
            }
        }
    } else {
        let Ok(order) = OrderId::parse(&var("KASSA_CHILD_ORDER")) else {
            println!("ERROR order id");
            return 2;
        };
        let customer = customer_with(scenarios::APPROVED_WITHOUT_SCA);
        match engine
            .charge(Charge {
                order_id: &order,
                cart: &cart(),
                tender,
                customer: (tender == Tender::Invoice).then_some(&customer),
                customer_id: None,
                // Cash: more than the cart's total handed over.
                tendered: (tender == Tender::Cash).then_some(kassa::Ore::kr(1_000)),
                split: None,
            })
            .await
        {
            Ok(started) => started.checkout.id,
            Err(error) => {
                println!("ERROR {error}");
                return 4;
            }
        }
    };
    if swish {
        // The parent plays the customer: it pays once it knows which payment to pay.
        let stored = engine.checkout(id).ok();
        if let Some(token) = stored.and_then(|c| c.swish_qr.and(c.wait_token)) {
            println!("PAY {token}");
        }
    }
    loop {
        let event = wait_for(&mut events, id, |k| {
            matches!(k, EventKind::Finished { .. } | EventKind::QrReady { .. })
        })
        .await;
        match event.kind {
            EventKind::QrReady { .. } => {
                if let Some(token) = engine.checkout(id).ok().and_then(|c| c.wait_token) {
                    println!("PAY {token}");
                }
            }
            EventKind::Finished { state, .. } => {
                println!("DONE {}", state.name());
                return 0;
            }
            _ => {}
        }
    }
}

/// A split child: charging, 50 kr in cash (100 handed over) and then the rest by Swish;
/// resuming, the Swish part still open, or the rest by Swish if none was taken yet. Answers
/// the Swish part to follow, or `None` when the sale is registered and every part final.
async fn split_part(engine: &CheckoutEngine, resume: bool) -> Result<Option<i64>, CheckoutError> {
    let order = OrderId::parse(&var("KASSA_CHILD_ORDER"))?;
    let cart = cart();
    let part = |tender, amount, tendered| {
        let part_order = OrderId::new();
        let cart = &cart;
        let order = &order;
        async move {
            engine
                .charge_part(PartCharge {
                    split_order: order,
                    part_order: &part_order,
                    cart,
                    tender,
                    amount,
                    tendered,
                })
                .await
        }
    };
    if resume {
        engine.resume()?;
        let split = engine.split(order.as_str())?;
        let open = split
            .parts
            .iter()
            .rev()
            .find(|p| p.tender == Tender::Swish && !p.state.is_final());
        if let Some(open) = open {
            return Ok(Some(open.id));
        }
        if split.state == SplitState::Registered {
            return Ok(None);
        }
    } else {
        part(
            Tender::Cash,
            Some(kassa::Ore::kr(50)),
            Some(kassa::Ore::kr(100)),
        )
        .await?;
    }
    Ok(Some(part(Tender::Swish, None, None).await?.checkout.id))
}

/// Reads a Swish child's lines, paying each payment it names (once is enough; a second
/// time is refused and ignored), until a line starting with `until`.
async fn pay_until(sandbox: &Sandbox, child: &mut Spawned, until: &str) -> String {
    loop {
        let line = child.next_line().await;
        if let Some(token) = line.strip_prefix("PAY ") {
            let _ = sandbox.decide_swish(token, SwishDecision::Pay);
        } else if line.starts_with(until) {
            return line;
        }
    }
}

/// A till process on `db`, paying with `tender`, registering with the control unit at
/// `unit` if one is given.
fn spawn(
    sandbox: &Sandbox,
    db: &std::path::Path,
    mode: &str,
    order: &OrderId,
    pause: Option<Step>,
    tender: Tender,
    unit: Option<&str>,
) -> Spawned {
    let mut command = own_command("checkout");
    if let Some(address) = unit {
        command.env("KASSA_CHILD_UNIT", address);
    }
    with_sandbox(&mut command, sandbox);
    command
        .env("KASSA_CHILD_TENDER", tender.key())
        .env_remove("KASSA_CHILD_SPLIT")
        .env("KASSA_CHILD_DB", db)
        .env("KASSA_CHILD_MODE", mode)
        .env("KASSA_CHILD_ORDER", order.as_str());
    if let Some(step) = pause {
        command.env(PAUSE_AT, step.name());
    }
    Spawned::start(command)
}

async fn parent() {
    let sandbox = Sandbox::start(SandboxConfig::local())
        .await
        .expect("sandbox starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut ids = Vec::new();
    let path = dir.path().join("kassa.sqlite");
    for step in Step::ALL {
        let order = OrderId::new();
        // Run 1: charge, and die at `step`.
        let mut first = spawn(
            &sandbox,
            &path,
            "charge",
            &order,
            Some(step),
            Tender::Invoice,
            None,
        );
        let paused = first.expect_line("PAUSED").await;
        assert_eq!(paused, format!("PAUSED {}", step.name()));
        first.kill().await;
        // Run 2: a new process on the same file resumes it.
        let mut second = spawn(
            &sandbox,
            &path,
            "resume",
            &order,
            None,
            Tender::Invoice,
            None,
        );
        let done = second.expect_line("DONE").await;
        second.exits_ok().await;
        if done != "DONE receipted" {
            failures.push(format!("{}: {done}", step.name()));
        }
        let db = Db::open(&path).expect("db");
        let id: i64 = db
            .journal()
            .receipt_numbers("kassa1", false)
            .map(|n| n.len() as i64)
            .unwrap_or(-1);
        assert_eq!(
            id,
            ids.len() as i64 + 1,
            "one sale per run after a kill at {}",
            step.name()
        );
        ids.push(ids.len() as i64 + 1);
        println!(
            "checkout SIGKILL suite | killed at {:<16} → resumed to {done}",
            step.name()
        );
    }
    // The audit, with an engine that only reads.
    let sleeper = InstantSleeper::default();
    let kronor = client(&sandbox, &sleeper);
    let engine = CheckoutEngine::new(
        Arc::new(Mutex::new(Db::open(&path).expect("db"))),
        kronor.clone(),
        CheckoutSettings::new("kassa1", "Anna"),
        Arc::new(SystemClock),
    )
    .expect("engine");
    let audit = audit(&engine, &kronor, &sandbox, &ids).await;
    report(
        "SIGKILL at every step, then resume",
        ids.len(),
        ids.len() as u64,
        audit,
    );
    assert!(failures.is_empty(), "{failures:?}");
    let invoice_kills = ids.len();
    let swish_kills = swish(&sandbox, &path, ids.len()).await;
    let unit_kills = control_unit(&sandbox, &path, ids.len() + swish_kills).await;
    let split_kills = split(&sandbox, &path).await;
    println!(
        "test checkout_sigkill ... ok ({invoice_kills} invoice, {swish_kills} Swish, \
         {unit_kills} control-unit kills (half of them cash) and {split_kills} split kills)"
    );
}

/// Swish runs with a control unit (the simulator, over XCCSP) on the same file: killed paid
/// but not signed, with the record stored but not sent, signed but not receipted, and
/// receipted in the journal only. Each ends with one sale, registered once, its code stored.
async fn control_unit(sandbox: &Sandbox, path: &std::path::Path, sales_before: usize) -> usize {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("the simulator starts");
    let address = sim.xccsp_url();
    Db::open(path)
        .expect("db")
        .set_shop(kassa::demo::demo_shop())
        .expect("a shop for the record");
    let mut failures = Vec::new();
    for (run, step) in Step::CONTROL_UNIT.into_iter().enumerate() {
        let (order, done) =
            swish_killed_and_resumed(sandbox, path, step, Some(&address), sales_before + run).await;
        if done != "DONE receipted" {
            failures.push(format!("{}: {done}", step.name()));
        }
        let db = Db::open(path).expect("db");
        let sale = db
            .journal()
            .sale_for_order(order.as_str())
            .expect("read")
            .expect("the run's sale");
        let receipt = sale.receipt_number;
        let registered = sim.registration_count(&receipt.to_string());
        let signed = db
            .control_registration(sale.id, Print::Original)
            .expect("read")
            .and_then(|r| r.signed);
        println!(
            "checkout SIGKILL suite | control unit, killed at {:<10} → {done}, receipt {receipt} \
             registered {registered}×, code stored: {}",
            step.name(),
            signed.is_some()
        );
        if registered != 1 || signed.is_none() {
            failures.push(format!(
                "{}: receipt {receipt} registered {registered} times, code stored {}",
                step.name(),
                signed.is_some()
            ));
        }
    }
    // Cash: paid the moment it is charged, killed before its receipt is signed or receipted.
    let sales_before = sales_before + Step::CONTROL_UNIT.len();
    for (run, step) in Step::CONTROL_UNIT.into_iter().enumerate() {
        let order = OrderId::new();
        let mut first = spawn(
            sandbox,
            path,
            "charge",
            &order,
            Some(step),
            Tender::Cash,
            Some(&address),
        );
        let paused = first.expect_line("PAUSED").await;
        assert_eq!(paused, format!("PAUSED {}", step.name()));
        first.kill().await;
        let mut second = spawn(
            sandbox,
            path,
            "resume",
            &order,
            None,
            Tender::Cash,
            Some(&address),
        );
        let done = second.expect_line("DONE").await;
        second.exits_ok().await;
        let db = Db::open(path).expect("db");
        let sales = db
            .journal()
            .receipt_numbers("kassa1", false)
            .expect("sales");
        let sale = db
            .journal()
            .sale_for_order(order.as_str())
            .expect("read")
            .expect("the run's sale");
        let registered = sim.registration_count(&sale.receipt_number.to_string());
        println!(
            "checkout SIGKILL suite | cash, killed at {:<10} → {done}, receipt {} registered {registered}×",
            step.name(),
            sale.receipt_number
        );
        if done != "DONE receipted"
            || registered != 1
            || sales.len() != sales_before + run + 1
            || sale.payment_method != Some(kassa::PaymentMethod::Cash)
        {
            failures.push(format!(
                "cash {}: {done}, registered {registered}×, {} sales",
                step.name(),
                sales.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
    2 * Step::CONTROL_UNIT.len()
}

/// One Swish sale whose till process is killed at `step` and resumed by a second one, the
/// parent paying as the customer: its order and how the resumed run ended. Asserts the
/// journal then holds exactly one more sale than `sales_before`.
async fn swish_killed_and_resumed(
    sandbox: &Sandbox,
    path: &std::path::Path,
    step: Step,
    unit: Option<&str>,
    sales_before: usize,
) -> (OrderId, String) {
    let order = OrderId::new();
    let mut first = spawn(
        sandbox,
        path,
        "charge",
        &order,
        Some(step),
        Tender::Swish,
        unit,
    );
    let paused = pay_until(sandbox, &mut first, "PAUSED").await;
    assert_eq!(paused, format!("PAUSED {}", step.name()));
    first.kill().await;
    let mut second = spawn(sandbox, path, "resume", &order, None, Tender::Swish, unit);
    let done = pay_until(sandbox, &mut second, "DONE").await;
    second.exits_ok().await;
    let sales = Db::open(path)
        .expect("db")
        .journal()
        .receipt_numbers("kassa1", false)
        .expect("sales");
    assert_eq!(
        sales.len(),
        sales_before + 1,
        "one sale per run after a kill at {}",
        step.name()
    );
    (order, done)
}

/// The Swish runs on the same file, after the invoice runs (`sales_before` sales in it).
async fn swish(sandbox: &Sandbox, path: &std::path::Path, sales_before: usize) -> usize {
    let mut failures = Vec::new();
    for (run, step) in Step::SWISH.into_iter().enumerate() {
        let (_, done) =
            swish_killed_and_resumed(sandbox, path, step, None, sales_before + run).await;
        if done != "DONE receipted" {
            failures.push(format!("{}: {done}", step.name()));
        }
        println!(
            "checkout SIGKILL suite | Swish killed at {:<16} → resumed to {done}",
            step.name()
        );
    }
    let runs = Step::SWISH.len();
    println!(
        "checkout SIGKILL suite | Swish: runs {runs}, payment sessions {}, payment requests {} \
         (goal {runs}, {runs}: one each per sale, none charged twice)",
        sandbox.payment_session_count(),
        sandbox.payment_request_count()
    );
    assert_eq!(
        sandbox.payment_session_count(),
        runs,
        "one session per sale"
    );
    assert_eq!(
        sandbox.payment_request_count(),
        runs,
        "one payment per sale"
    );
    assert!(failures.is_empty(), "{failures:?}");
    runs
}

/// The steps a split run is killed at: paid in cash (the cash part's "approved"), each step
/// of the Swish part for the rest, and the sale registered with its parts not receipted.
const SPLIT_STEPS: [Step; 6] = [
    Step::Approved,
    Step::Submitting,
    Step::SessionCreated,
    Step::Created,
    Step::Awaiting,
    Step::Registered,
];

/// Split runs on the same file: each killed at one of [`SPLIT_STEPS`] and resumed by a second
/// process, the parent paying as the customer. Each ends with one more sale, its payments 50 kr
/// cash and the rest Swish, and exactly one more Swish payment request at Kronor.
async fn split(sandbox: &Sandbox, path: &std::path::Path) -> usize {
    let mut failures = Vec::new();
    let total = cart()
        .totals(
            &kassa::vat::VatTable::sweden(),
            kassa::vat::sale_date(jiff::Timestamp::now()),
        )
        .expect("priced")
        .total;
    for step in SPLIT_STEPS {
        let order = OrderId::new();
        let sales_before = Db::open(path)
            .expect("db")
            .journal()
            .receipt_numbers("kassa1", false)
            .expect("sales")
            .len();
        let requests_before = sandbox.payment_request_count();
        let mut first = split_child(sandbox, path, "charge", &order, Some(step));
        let paused = pay_until(sandbox, &mut first, "PAUSED").await;
        assert_eq!(paused, format!("PAUSED {}", step.name()));
        first.kill().await;
        let mut second = split_child(sandbox, path, "resume", &order, None);
        let done = pay_until(sandbox, &mut second, "DONE").await;
        second.exits_ok().await;
        let db = Db::open(path).expect("db");
        let sales = db
            .journal()
            .receipt_numbers("kassa1", false)
            .expect("sales");
        let paid: Vec<(kassa::PaymentMethod, kassa::Ore)> = db
            .journal()
            .sale_for_order(order.as_str())
            .expect("read")
            .map(|sale| sale.payments.iter().map(|p| (p.method, p.amount)).collect())
            .unwrap_or_default();
        let requests = sandbox.payment_request_count() - requests_before;
        println!(
            "checkout SIGKILL suite | split, killed at {:<15} → {done}, payments {paid:?}, \
             {requests} Swish request",
            step.name()
        );
        let wanted = vec![
            (kassa::PaymentMethod::Cash, kassa::Ore::kr(50)),
            (kassa::PaymentMethod::Swish, total - kassa::Ore::kr(50)),
        ];
        if done != "DONE receipted"
            || sales.len() != sales_before + 1
            || paid != wanted
            || requests != 1
        {
            failures.push(format!(
                "split {}: {done}, {} sales, payments {paid:?}, {requests} requests",
                step.name(),
                sales.len() - sales_before
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
    SPLIT_STEPS.len()
}

/// A split child on `db` for split sale `order`.
fn split_child(
    sandbox: &Sandbox,
    db: &std::path::Path,
    mode: &str,
    order: &OrderId,
    pause: Option<Step>,
) -> Spawned {
    let mut command = own_command("checkout");
    with_sandbox(&mut command, sandbox);
    command
        .env("KASSA_CHILD_SPLIT", "1")
        .env("KASSA_CHILD_DB", db)
        .env("KASSA_CHILD_MODE", mode)
        .env("KASSA_CHILD_ORDER", order.as_str());
    if let Some(step) = pause {
        command.env(PAUSE_AT, step.name());
    }
    Spawned::start(command)
}
