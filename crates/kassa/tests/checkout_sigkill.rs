//! The till process killed with SIGKILL at every step of a checkout, restarted on the same
//! database, then resumed: every run must end with one Kronor order, one captured purchase
//! and one sale in the journal.
//!
//! This binary is both sides. Run by `cargo test` it is the parent: it starts kronor-sandbox,
//! then for each [`Step`] runs itself as a child till process with
//! `KASSA_KILL_PAUSE_AT=<step>`. The child prints `PAUSED <step>` when it gets there and
//! blocks, so the kill lands exactly at that step with no sleeping; a second child resumes.

mod checkout_support;
mod kill_support;

use std::sync::{Arc, Mutex};

use checkout_support::*;
use kassa::Db;
use kassa::checkout::{
    Charge, CheckoutEngine, CheckoutSettings, EventKind, OrderId, PauseHook, Step, SystemClock,
};
use kill_support::{CHILD, PAUSE_AT, Spawned, child_client, own_command, var, with_sandbox};
use kronor_sandbox::{Sandbox, SandboxConfig, scenarios};

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
    let mut engine = match CheckoutEngine::new(
        db,
        client,
        CheckoutSettings::new("kassa1", "Anna"),
        Arc::new(SystemClock),
    ) {
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
    let id = if var("KASSA_CHILD_MODE") == "resume" {
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
        match engine
            .charge(Charge {
                order_id: &order,
                cart: &cart(),
                customer: &customer_with(scenarios::APPROVED_WITHOUT_SCA),
                customer_id: None,
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
    let done = wait_for(&mut events, id, |k| matches!(k, EventKind::Finished { .. })).await;
    if let EventKind::Finished { state, .. } = done.kind {
        println!("DONE {}", state.name());
    }
    0
}

fn spawn(
    sandbox: &Sandbox,
    db: &std::path::Path,
    mode: &str,
    order: &OrderId,
    pause: Option<Step>,
) -> Spawned {
    let mut command = own_command("checkout");
    with_sandbox(&mut command, sandbox);
    command
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
        let mut first = spawn(&sandbox, &path, "charge", &order, Some(step));
        let paused = first.expect_line("PAUSED").await;
        assert_eq!(paused, format!("PAUSED {}", step.name()));
        first.kill().await;
        // Run 2: a new process on the same file resumes it.
        let mut second = spawn(&sandbox, &path, "resume", &order, None);
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
    println!("test checkout_sigkill ... ok ({} kills)", ids.len());
}
