//! Killed in the middle of returning a whole sale through Kronor: once the idempotency key
//! is stored and before anything is sent, and once Kronor confirmed the return but before
//! the RETUR entry is registered. Both points are exact (`Returns::with_pause_hook`). The
//! restarted till returns the sale again with the same key: one refund at Kronor, one RETUR
//! entry pointing at the sale, and a further return is refused.

use std::sync::{Arc, Mutex};

use kassa::checkout::SystemClock;
use kassa::returns::{ReturnPauseHook, ReturnState, ReturnStep, Returns};
use kassa::{Db, EntryKind, ErrorCode};
use kronor::PurchaseStatus;

use crate::checkout_support::{Till, statuses_at_kronor};
use crate::kill_support::{
    PAUSE_AT, Spawned, child_client, own_command, report, text, var, with_sandbox,
};

/// The till returning one sale: the returns desk's button, pressed again after a restart.
pub async fn child() -> Result<(), String> {
    let db = Db::open(var("KASSA_CHILD_DB")).map_err(text)?;
    let sale: i64 = var("KASSA_CHILD_ENTRY").parse().map_err(text)?;
    let hook: ReturnPauseHook =
        Arc::new(|step: ReturnStep| Box::pin(crate::kill_support::pause(step.name())));
    let returns = Returns::new(
        Arc::new(Mutex::new(db)),
        child_client()?,
        Arc::new(SystemClock),
        false,
        "Anna",
    )
    .with_pause_hook(hook);
    let entry = returns.return_sale(sale).await.map_err(text)?;
    println!("DONE {}", entry.receipt_number);
    Ok(())
}

pub async fn parent() {
    let mut till = Till::start().await;
    let path = till.dir.path().join("kassa.sqlite");
    let returns = Returns::new(
        till.db.clone(),
        till.client(),
        Arc::new(SystemClock),
        false,
        "Anna",
    );
    for step in ReturnStep::ALL {
        let sale = till.receipted_sale().await;
        let spawn = |point: Option<ReturnStep>| {
            let mut command = own_command("returns");
            with_sandbox(&mut command, &till.sandbox);
            command
                .env("KASSA_CHILD_DB", &path)
                .env("KASSA_CHILD_ENTRY", sale.id.to_string());
            if let Some(point) = point {
                command.env(PAUSE_AT, point.name());
            }
            Spawned::start(command)
        };
        let mut first = spawn(Some(step));
        first.expect_line(&format!("PAUSED {}", step.name())).await;
        first.kill().await;

        let stored = returns
            .sale_return(sale.id)
            .expect("read")
            .expect("key stored");
        assert_eq!(
            stored.state,
            ReturnState::Sending,
            "killed at {}",
            step.name()
        );
        let journal = |till: &Till| till.db.lock().expect("db").journal().returns_of(sale.id);
        assert!(journal(&till).expect("returns").is_empty(), "no RETUR yet");

        let refunds = || async {
            statuses_at_kronor(&till, &sale)
                .await
                .into_iter()
                .filter(|s| *s == PurchaseStatus::Returned)
                .count()
        };
        let refunded_before = usize::from(step == ReturnStep::KronorAnswered);
        assert_eq!(
            refunds().await,
            refunded_before,
            "killed at {}",
            step.name()
        );

        let mut second = spawn(None);
        second.expect_line("DONE").await;
        second.exits_ok().await;

        let entries = journal(&till).expect("returns");
        assert_eq!(
            entries.len(),
            1,
            "one RETUR entry after a kill at {}",
            step.name()
        );
        assert_eq!(entries[0].kind, EntryKind::Return);
        assert_eq!(entries[0].original_entry_id, Some(sale.id));
        let done = returns.sale_return(sale.id).expect("read").expect("row");
        assert_eq!(done.state, ReturnState::Returned);
        assert_eq!(done.idempotency_key, stored.idempotency_key, "the same key");
        assert_eq!(
            done.return_entry_id,
            Some(entries[0].id),
            "the sale shows its return"
        );
        assert_eq!(
            refunds().await,
            1,
            "one refund at Kronor after a kill at {}",
            step.name()
        );
        let again = returns
            .return_sale(sale.id)
            .await
            .expect_err("returned once");
        assert_eq!(again.code(), ErrorCode::AlreadyReturned, "{again}");
        println!(
            "returns SIGKILL | killed at {:<15} → resumed with the same key to RETUR {}",
            step.name(),
            entries[0].receipt_number
        );
    }
    report(
        "returns",
        ReturnStep::ALL.len(),
        ReturnStep::ALL.len(),
        "1 refund at Kronor, 1 RETUR entry, same key, a further return refused, per sale",
        "money back once, the return in the journal once",
    );
}
