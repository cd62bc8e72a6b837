//! The fault suite: each case injects one kind of failure into kronor-sandbox during a real
//! checkout and then audits what the merchant cares about. Each case prints its figures:
//! runs, faults injected, duplicate orders, lost sales, receipts without a captured purchase
//! (goal 0, 0, 0).

mod checkout_support;

use checkout_support::*;
use kassa::checkout::{CheckoutState, Connection, EventKind, OrderId};
use kronor_sandbox::{Fault, ScaDecision, scenarios};

const CREATE: &str = "newPurchaseOrderWithInvoice";
const CAPTURE: &str = "newPurchaseCaptureAll";
const CANCEL: &str = "purchaseOrderCancel";

/// Charges a customer who needs no SCA and waits for the checkout to finish.
async fn run_to_the_end(till: &mut Till) -> (i64, CheckoutState) {
    let started = till
        .charge(&OrderId::new(), scenarios::APPROVED_WITHOUT_SCA)
        .await;
    let id = started.checkout.id;
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    (id, state)
}

/// `extra`: faults the sandbox does not count (closing sockets).
async fn audit_and_report(till: &Till, case: &str, ids: &[i64], extra: u64) {
    let audit = audit(&till.engine, &till.client(), &till.sandbox, ids).await;
    report(
        case,
        ids.len(),
        till.sandbox.faults().injected() + extra,
        audit,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_then_drop_on_create_gives_one_order_and_one_sale() {
    let mut till = Till::start().await;
    till.sandbox
        .faults()
        .inject(CREATE, Fault::CommitThenDrop, 1);
    let (id, state) = run_to_the_end(&mut till).await;
    assert_eq!(state, CheckoutState::Receipted);
    assert_eq!(till.sandbox.faults().injected(), 1);
    assert_eq!(till.sandbox.purchase_order_count(), 1);
    audit_and_report(&till, "commit-then-drop on create", &[id], 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_then_drop_on_capture_captures_once_and_registers_the_sale() {
    let mut till = Till::start().await;
    till.sandbox
        .faults()
        .inject(CAPTURE, Fault::CommitThenDrop, 1);
    let (id, state) = run_to_the_end(&mut till).await;
    assert_eq!(state, CheckoutState::Receipted);
    assert_eq!(till.sandbox.faults().injected(), 1);
    assert!(till.engine.checkout(id).expect("read").capture_id.is_some());
    audit_and_report(&till, "commit-then-drop on capture", &[id], 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_then_drop_on_cancel_still_ends_cancelled() {
    let mut till = Till::start().await;
    let started = till
        .charge(&OrderId::new(), scenarios::SCA_NEVER_FINISHES)
        .await;
    let id = started.checkout.id;
    till.sandbox
        .faults()
        .inject(CANCEL, Fault::CommitThenDrop, 1);
    let state = till.engine.cancel(id).await.expect("cancel");
    assert_eq!(state, CheckoutState::Cancelled);
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Cancelled);
    assert_eq!(till.sandbox.faults().injected(), 1);
    audit_and_report(&till, "commit-then-drop on cancel", &[id], 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_temporary_failures_on_create_and_capture_is_ridden_out() {
    let mut till = Till::start().await;
    // 8 in a row is more than the client's own 6 attempts: the engine retries the step.
    till.sandbox
        .faults()
        .inject(CREATE, Fault::TemporaryFailure, 8);
    till.sandbox
        .faults()
        .inject(CAPTURE, Fault::TemporaryFailure, 8);
    let started = till
        .charge(&OrderId::new(), scenarios::APPROVED_WITHOUT_SCA)
        .await;
    let id = started.checkout.id;
    assert_eq!(
        started.checkout.state,
        CheckoutState::Submitting,
        "not failed: still being tried"
    );
    till.wait_for(id, |k| matches!(k, EventKind::QrReady { .. }))
        .await;
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Receipted);
    assert_eq!(till.sandbox.faults().injected(), 16);
    assert!(
        till.sleeper.pauses() >= 14,
        "backoff went through the sleeper"
    );
    audit_and_report(&till, "TEMPORARY_FAILURE bursts", &[id], 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_5xx_answers_are_retried_without_a_second_order() {
    let mut till = Till::start().await;
    till.sandbox
        .faults()
        .inject(CREATE, Fault::HttpStatus(503), 2);
    till.sandbox
        .faults()
        .inject(CAPTURE, Fault::HttpStatus(500), 2);
    let (id, state) = run_to_the_end(&mut till).await;
    assert_eq!(state, CheckoutState::Receipted);
    assert_eq!(till.sandbox.faults().injected(), 4);
    assert_eq!(till.sandbox.purchase_order_count(), 1);
    audit_and_report(&till, "HTTP 5xx", &[id], 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_websocket_closed_mid_checkout_reconnects_and_the_sale_completes() {
    let mut till = Till::start().await;
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let id = started.checkout.id;
    till.wait_for(id, |k| {
        matches!(
            k,
            EventKind::Connection {
                connection: Connection::Live
            }
        )
    })
    .await;
    till.wait_for(id, |k| {
        matches!(k, EventKind::KronorStatus { statuses } if statuses.iter().any(|s| s == "SCA_REQUIRED"))
    })
    .await;
    till.sandbox.faults().close_websockets();
    till.wait_for(id, |k| {
        matches!(
            k,
            EventKind::Connection {
                connection: Connection::Reconnecting
            }
        )
    })
    .await;
    till.sandbox
        .decide_sca(
            started.checkout.kronor_order_id.as_deref().expect("id"),
            ScaDecision::Approve,
        )
        .expect("customer signs");
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Receipted);
    audit_and_report(&till, "WebSocket closed mid-checkout", &[id], 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_websockets_fall_back_to_polling_and_the_sale_completes() {
    let mut till = Till::start().await;
    till.sandbox.faults().refuse_websockets(100);
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let id = started.checkout.id;
    till.wait_for(id, |k| {
        matches!(
            k,
            EventKind::Connection {
                connection: Connection::Polling
            }
        )
    })
    .await;
    till.sandbox
        .decide_sca(
            started.checkout.kronor_order_id.as_deref().expect("id"),
            ScaDecision::Approve,
        )
        .expect("customer signs");
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Receipted);
    audit_and_report(&till, "WebSockets refused (polling)", &[id], 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_checkouts_at_once_under_mixed_faults_each_end_once() {
    let mut till = Till::start().await;
    let faults = till.sandbox.faults();
    faults.inject(CREATE, Fault::CommitThenDrop, 3);
    faults.inject(CREATE, Fault::TemporaryFailure, 3);
    faults.inject(CAPTURE, Fault::HttpStatus(503), 3);
    faults.inject(CAPTURE, Fault::CommitThenDrop, 3);
    let orders: Vec<OrderId> = (0..10).map(|_| OrderId::new()).collect();
    let charges = orders
        .iter()
        .map(|order| till.charge(order, scenarios::APPROVED_WITHOUT_SCA));
    let started = futures::future::join_all(charges).await;
    let ids: Vec<i64> = started.iter().map(|s| s.checkout.id).collect();
    let mut open: std::collections::HashSet<i64> = ids.iter().copied().collect();
    while !open.is_empty() {
        let event = tokio::time::timeout(std::time::Duration::from_secs(20), till.events.recv())
            .await
            .expect("events until every checkout ends")
            .expect("engine alive");
        if let EventKind::Finished { state, .. } = event.kind
            && open.remove(&event.checkout_id)
        {
            assert_eq!(
                state,
                CheckoutState::Receipted,
                "checkout {}",
                event.checkout_id
            );
        }
    }
    assert_eq!(till.sandbox.faults().injected(), 12);
    assert_eq!(till.sandbox.purchase_order_count(), 10);
    audit_and_report(&till, "10 concurrent checkouts, mixed faults", &ids, 0).await;
}
