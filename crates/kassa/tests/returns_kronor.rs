//! Returning a whole sale through a real kronor-sandbox on 127.0.0.1:0: once, with the key
//! stored before the first request, the same key after a lost answer, and a RETUR entry in the
//! sale's own series.

mod checkout_support;

use std::sync::Arc;

use checkout_support::*;
use kassa::ErrorCode;
use kassa::journal::{Entry, EntryKind};
use kassa::receipt::ReceiptOptions;
use kassa::returns::{ReturnState, Returns};
use kronor::PurchaseStatus;
use kronor_sandbox::Fault;

const RETURN: &str = "newPurchaseReturnAll";

/// A finished Kronor sale on this till, and the returns desk for it.
async fn sold(till: &mut Till, training: bool) -> (Entry, Returns) {
    let sale = till.receipted_sale().await;
    {
        let db = till.db.lock().expect("db");
        kassa::demo::shop_if_unset(&db).expect("demo shop");
    }
    let returns = Returns::new(
        till.db.clone(),
        till.client(),
        Arc::new(TickingClock::new()),
        training,
        "Anna",
    );
    (sale, returns)
}

fn returns_in_journal(till: &Till, sale: &Entry) -> Vec<Entry> {
    till.db
        .lock()
        .expect("db")
        .journal()
        .returns_of(sale.id)
        .expect("returns")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_is_returned_once_and_gets_a_retur_receipt() {
    let mut till = Till::start().await;
    let (sale, returns) = sold(&mut till, false).await;

    let back = returns.return_sale(sale.id).await.expect("return");
    assert_eq!(back.kind, EntryKind::Return);
    assert_eq!(back.original_entry_id, Some(sale.id));
    assert_eq!(back.total.get(), -sale.total.get());
    assert_eq!(back.tax.get(), -sale.tax.get());
    assert!(back.lines.iter().all(|l| l.quantity < 0));
    assert_eq!(back.kronor_purchase_id, sale.kronor_purchase_id);
    assert!(!back.training);
    assert_eq!(back.receipt_number, sale.receipt_number + 1);
    assert!(
        statuses_at_kronor(&till, &sale)
            .await
            .contains(&PurchaseStatus::Returned)
    );

    let stored = returns.sale_return(sale.id).expect("read").expect("stored");
    assert_eq!(stored.state, ReturnState::Returned);
    assert_eq!(stored.return_entry_id, Some(back.id));
    assert!(
        stored.idempotency_key.ends_with("-ret"),
        "{}",
        stored.idempotency_key
    );
    assert!(stored.kronor_return_id.is_some());

    let receipt = till
        .db
        .lock()
        .expect("db")
        .receipt_view(back.id, ReceiptOptions::default())
        .expect("return receipt");
    assert_eq!(receipt.markings(), vec!["RETUR"]);
    assert_eq!(receipt.original_receipt, Some(sale.receipt_number));

    let error = returns
        .return_sale(sale.id)
        .await
        .expect_err("a second return");
    assert_eq!(error.code(), ErrorCode::AlreadyReturned, "{error}");
    assert!(error.to_string().contains("returned once"), "{error}");
    assert_eq!(returns_in_journal(&till, &sale).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_is_resent_with_the_same_key_and_returns_once() {
    let mut till = Till::start().await;
    let (sale, returns) = sold(&mut till, false).await;
    till.sandbox
        .faults()
        .inject(RETURN, Fault::CommitThenDrop, 1);

    let back = returns.return_sale(sale.id).await.expect("return");
    assert_eq!(
        till.sandbox.faults().injected(),
        1,
        "the answer was lost once"
    );
    // Kronor returned it on the first request; the resend with the same key got that same
    // return back instead of a refusal or a second return.
    let entries = returns_in_journal(&till, &sale);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].id, back.id);
    let returned = statuses_at_kronor(&till, &sale)
        .await
        .iter()
        .filter(|s| **s == PurchaseStatus::Returned)
        .count();
    assert_eq!(returned, 1);
    // The resend got Kronor's stored answer for the key (its return id), not a refusal of a
    // second return: the first request's return is the only one.
    let stored = returns.sale_return(sale.id).expect("read").expect("stored");
    assert_eq!(stored.state, ReturnState::Returned);
    assert!(stored.kronor_return_id.is_some(), "{stored:?}");
    assert!(
        till.sleeper.pauses() >= 1,
        "the resend went through the sleeper"
    );
    println!(
        "return fault suite | commit-then-drop on return: faults injected 1, returns at Kronor \
         {returned}, RETUR entries {} (goal 1, 1)",
        entries.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_is_stored_before_sending_and_reused_when_kronor_was_down() {
    let mut till = Till::start().await;
    let (sale, returns) = sold(&mut till, false).await;
    till.sandbox
        .faults()
        .inject(RETURN, Fault::TemporaryFailure, 1_000);

    let error = returns
        .return_sale(sale.id)
        .await
        .expect_err("Kronor is down");
    assert_eq!(error.code(), ErrorCode::PaymentUnavailable, "{error}");
    let waiting = returns.sale_return(sale.id).expect("read").expect("stored");
    assert_eq!(waiting.state, ReturnState::Sending);
    assert!(
        returns_in_journal(&till, &sale).is_empty(),
        "nothing registered"
    );
    assert!(
        till.sleeper.pauses() > 0,
        "backoff went through the sleeper"
    );

    till.sandbox.faults().clear();
    let back = returns.return_sale(sale.id).await.expect("return");
    let done = returns.sale_return(sale.id).expect("read").expect("stored");
    assert_eq!(
        done.idempotency_key, waiting.idempotency_key,
        "the same key"
    );
    assert_eq!(done.return_entry_id, Some(back.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_returns_stay_in_the_training_series() {
    let mut till = Till::start_with(|s| s.training = true).await;
    let (sale, returns) = sold(&mut till, true).await;
    assert!(sale.training);

    let real_desk = Returns::new(
        till.db.clone(),
        till.client(),
        Arc::new(TickingClock::new()),
        false,
        "Anna",
    );
    let error = real_desk
        .return_sale(sale.id)
        .await
        .expect_err("a training sale returned with real money");
    assert_eq!(error.code(), ErrorCode::NotReturnable, "{error}");
    assert!(returns.sale_return(sale.id).expect("read").is_none());

    let back = returns.return_sale(sale.id).await.expect("return");
    assert!(back.training);
    assert_eq!(back.receipt_number, sale.receipt_number + 1);
    let receipt = till
        .db
        .lock()
        .expect("db")
        .receipt_view(back.id, ReceiptOptions::default())
        .expect("receipt");
    assert_eq!(receipt.markings(), vec!["ÖVNING", "RETUR"]);
}
