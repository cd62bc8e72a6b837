//! The checkout from Charge to receipt against a real kronor-sandbox: happy path, rejection,
//! cancel (and the cancel Kronor refuses), double-click, two checkouts at once, resume.

mod checkout_support;

use std::sync::Arc;

use checkout_support::*;
use kassa::checkout::{
    Charge, CheckoutEngine, CheckoutError, CheckoutState, EventKind, Logged, OrderId, Step,
};
use kassa::{EntryKind, PaymentMethod};
use kronor_sandbox::{Fault, ScaDecision, scenarios};
use tokio::sync::Notify;

fn has_status(name: &'static str) -> impl Fn(&EventKind) -> bool {
    move |k| matches!(k, EventKind::KronorStatus { statuses } if statuses.iter().any(|s| s == name))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charge_shows_a_qr_code_then_captures_and_registers_the_sale_once_the_customer_signs() {
    let mut till = Till::start().await;
    let order = OrderId::new();
    let started = till.charge(&order, scenarios::NORMAL).await;
    let checkout = started.checkout;
    assert_eq!(checkout.state, CheckoutState::AwaitingCustomer);
    assert_eq!(checkout.order_number, "kassa1-000001");
    assert!(checkout.idempotency_key.starts_with("kassa-kassa1-"));
    let sca = started.sca.expect("QR code ready when Charge returns");
    assert!(
        sca.url.starts_with(till.sandbox.sca_url().as_str()),
        "{}",
        sca.url
    );
    assert!(sca.url.contains("token="));
    assert!(sca.svg.contains("<svg"));

    till.wait_for(checkout.id, has_status("SCA_REQUIRED")).await;
    let kronor_id = checkout.kronor_order_id.clone().expect("kronor id");
    till.sandbox
        .decide_sca(&kronor_id, ScaDecision::Approve)
        .expect("customer signs");
    let done = till.finished(checkout.id).await;
    let EventKind::Finished {
        state,
        journal_entry_id,
        receipt_number,
    } = done.kind
    else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Receipted);
    assert!(journal_entry_id.is_some());
    assert_eq!(receipt_number, Some(1));
    assert!(done.elapsed_ms > 0, "events carry the time since Charge");

    // The receipt is the cart, to the öre, tied to Kronor's purchase and the order number.
    let stored = till.engine.checkout(checkout.id).expect("checkout");
    let entry = till
        .engine
        .receipt(checkout.id)
        .expect("read")
        .expect("receipt");
    let totals = cart()
        .totals(&kassa::VatTable::sweden(), jiff::civil::date(2026, 6, 15))
        .expect("totals");
    assert_eq!(entry.kind, EntryKind::Sale);
    assert_eq!(entry.total, totals.total);
    assert_eq!(entry.tax, totals.tax);
    assert_eq!(entry.payment_method, Some(PaymentMethod::Invoice));
    assert_eq!(entry.kronor_purchase_id, stored.purchase_id);
    assert_eq!(entry.merchant_reference.as_deref(), Some("kassa1-000001"));
    assert_eq!(entry.order_id.as_deref(), Some(order.as_str()));
    assert!(stored.capture_id.is_some());

    // Every step is in the stored log, in order, with timestamps.
    let log = till.engine.event_log(checkout.id).expect("log");
    let states: Vec<&str> = log
        .iter()
        .filter_map(|event| match &event.kind {
            Logged::State(state) => Some(state.name()),
            _ => None,
        })
        .collect();
    assert_eq!(
        states,
        [
            "draft",
            "submitting",
            "awaiting_customer",
            "approved",
            "captured",
            "receipted",
        ]
    );
    assert!(log.windows(2).all(|pair| pair[0].at <= pair[1].at));
    assert!(
        log.iter()
            .any(|event| matches!(event.kind, Logged::Event(EventKind::KronorStatus { .. })))
    );

    let audit = audit(&till.engine, &till.client(), &till.sandbox, &[checkout.id]).await;
    assert_eq!(audit, Audit::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_purchase_registers_nothing() {
    let mut till = Till::start().await;
    let started = till
        .charge(&OrderId::new(), scenarios::REJECTED_AT_RISK_SCORING)
        .await;
    let id = started.checkout.id;
    till.wait_for(id, has_status("SCA_REQUIRED")).await;
    let kronor_id = started.checkout.kronor_order_id.expect("id");
    till.sandbox
        .decide_sca(&kronor_id, ScaDecision::Approve)
        .expect("sca");
    let done = till.finished(id).await;
    assert!(matches!(
        done.kind,
        EventKind::Finished {
            state: CheckoutState::Rejected,
            journal_entry_id: None,
            ..
        }
    ));
    assert!(till.engine.receipt(id).expect("read").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_from_the_till_cancels_the_order_at_kronor() {
    let mut till = Till::start().await;
    let started = till
        .charge(&OrderId::new(), scenarios::SCA_NEVER_FINISHES)
        .await;
    let id = started.checkout.id;
    till.wait_for(id, has_status("SCA_REQUIRED")).await;
    let state = till.engine.cancel(id).await.expect("cancel");
    assert_eq!(state, CheckoutState::Cancelled);
    let done = till.finished(id).await;
    assert!(matches!(
        done.kind,
        EventKind::Finished {
            state: CheckoutState::Cancelled,
            ..
        }
    ));
    let order = till
        .client()
        .purchase_order(&started.checkout.kronor_order_id.expect("id"))
        .await
        .expect("lookup")
        .expect("order");
    assert!(order.has(&kronor::OrderStatus::Cancelled));
    // A finished checkout cannot be cancelled again.
    assert!(matches!(
        till.engine.cancel(id).await,
        Err(CheckoutError::NotCancellable("cancelled"))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_kronor_refuses_because_the_customer_signed_follows_the_real_status() {
    let till = Till::start().await;
    // Hold the engine before it starts following the order, so the customer can finish first.
    let gate = Arc::new(Notify::new());
    let held = gate.clone();
    let hook: kassa::checkout::PauseHook = Arc::new(move |step| {
        let held = held.clone();
        Box::pin(async move {
            if step == Step::Awaiting {
                held.notified().await;
            }
        })
    });
    let engine = CheckoutEngine::new(
        till.db.clone(),
        till.client(),
        kassa::checkout::CheckoutSettings::new("kassa1", "Anna"),
        Arc::new(TickingClock::new()),
    )
    .expect("engine")
    .with_pause_hook(hook);
    let mut events = engine.subscribe();
    let order = OrderId::new();
    let started = engine
        .charge(Charge {
            order_id: &order,
            cart: &cart(),
            tender: kassa::checkout::Tender::Invoice,
            customer: Some(&customer_with(scenarios::NORMAL)),
            customer_id: None,
            tendered: None,
            split: None,
        })
        .await
        .expect("charge");
    let id = started.checkout.id;
    let kronor_id = started.checkout.kronor_order_id.expect("id");
    till.sandbox
        .decide_sca(&kronor_id, ScaDecision::Approve)
        .expect("customer signs");
    // Kronor scores the signed purchase before it is past cancelling: Cancel comes after.
    assert_eq!(
        till.sandbox.settled(&kronor_id).await.as_deref(),
        Some("WAITING_FOR_CAPTURE")
    );
    let state = engine.cancel(id).await.expect("cancel answered");
    assert_eq!(
        state,
        CheckoutState::Approved,
        "Kronor said false: the engine follows the approved purchase"
    );
    gate.notify_one();
    let done = wait_for(&mut events, id, |k| matches!(k, EventKind::Finished { .. })).await;
    assert!(matches!(
        done.kind,
        EventKind::Finished {
            state: CheckoutState::Receipted,
            ..
        }
    ));
    let audit = audit(&engine, &till.client(), &till.sandbox, &[id]).await;
    assert_eq!(audit, Audit::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_on_charge_creates_one_order() {
    let till = Till::start().await;
    let order = OrderId::new();
    let (first, second) = tokio::join!(
        till.charge(&order, scenarios::NORMAL),
        till.charge(&order, scenarios::NORMAL)
    );
    assert_eq!(first.checkout.id, second.checkout.id);
    assert_eq!(
        first.checkout.kronor_order_id,
        second.checkout.kronor_order_id
    );
    assert!(
        second.sca.is_some(),
        "the second click shows the same QR code"
    );
    assert_eq!(till.sandbox.purchase_order_count(), 1);
    // And a third, later click on the same sale still does not create anything.
    let third = till.charge(&order, scenarios::NORMAL).await;
    assert_eq!(third.checkout.id, first.checkout.id);
    assert_eq!(till.sandbox.purchase_order_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_checkouts_at_once_never_mix() {
    let mut till = Till::start().await;
    let a = till
        .charge(&OrderId::new(), scenarios::NORMAL)
        .await
        .checkout;
    let b = till
        .charge(&OrderId::new(), scenarios::SCA_NEVER_FINISHES)
        .await
        .checkout;
    assert_ne!(a.kronor_order_id, b.kronor_order_id);
    assert_ne!(a.order_number, b.order_number);
    till.wait_for(a.id, has_status("SCA_REQUIRED")).await;
    till.sandbox
        .decide_sca(
            a.kronor_order_id.as_deref().expect("id"),
            ScaDecision::Approve,
        )
        .expect("sca");
    till.engine.cancel(b.id).await.expect("cancel b");
    let (mut done_a, mut done_b) = (None, None);
    while done_a.is_none() || done_b.is_none() {
        let event = tokio::time::timeout(std::time::Duration::from_secs(20), till.events.recv())
            .await
            .expect("events keep coming until both finish")
            .expect("engine alive");
        if let EventKind::Finished { state, .. } = event.kind {
            if event.checkout_id == a.id {
                done_a = Some(state);
            } else if event.checkout_id == b.id {
                done_b = Some(state);
            }
        }
    }
    assert_eq!(done_a, Some(CheckoutState::Receipted));
    assert_eq!(done_b, Some(CheckoutState::Cancelled));
    let entry = till
        .engine
        .receipt(a.id)
        .expect("read")
        .expect("a receipted");
    assert_eq!(entry.merchant_reference, Some(a.order_number.clone()));
    assert!(till.engine.receipt(b.id).expect("read").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_create_is_resent_with_the_same_key_at_the_next_start() {
    // First run: the create commits at Kronor but the answer is lost, and this engine gives up
    // after one round of the client's 6 attempts.
    let mut till = Till::start_with(|s| s.max_rounds = 0).await;
    till.sandbox
        .faults()
        .inject("newPurchaseOrderWithInvoice", Fault::CommitThenDrop, 6);
    let order = OrderId::new();
    let started = till.charge(&order, scenarios::APPROVED_WITHOUT_SCA).await;
    assert_eq!(started.checkout.state, CheckoutState::Submitting);
    assert!(started.sca.is_none());
    till.wait_for(started.checkout.id, |k| {
        matches!(k, EventKind::Retrying { .. })
    })
    .await;
    assert_eq!(till.sandbox.faults().injected(), 6);
    assert_eq!(till.sandbox.purchase_order_count(), 1);

    // Next start: resume sends the same create again and gets the same order.
    let engine = CheckoutEngine::new(
        till.db.clone(),
        till.client(),
        kassa::checkout::CheckoutSettings::new("kassa1", "Anna"),
        Arc::new(TickingClock::new()),
    )
    .expect("engine");
    let mut events = engine.subscribe();
    let resumed = engine.resume().expect("resume");
    assert_eq!(resumed, vec![started.checkout.id]);
    let qr = wait_for(&mut events, started.checkout.id, |k| {
        matches!(k, EventKind::QrReady { .. })
    })
    .await;
    assert!(qr.elapsed_ms >= 0);
    let done = wait_for(&mut events, started.checkout.id, |k| {
        matches!(k, EventKind::Finished { .. })
    })
    .await;
    assert!(matches!(
        done.kind,
        EventKind::Finished {
            state: CheckoutState::Receipted,
            ..
        }
    ));
    assert_eq!(
        till.sandbox.purchase_order_count(),
        1,
        "same key, same order"
    );
    let audit = audit(
        &engine,
        &till.client(),
        &till.sandbox,
        &[started.checkout.id],
    )
    .await;
    assert_eq!(audit, Audit::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_kronor_cannot_invoice_is_a_clear_error_and_nothing_is_stored_or_sent() {
    let till = Till::start().await;
    let mut customer = customer_with(scenarios::NORMAL);
    customer.country = "US".into();
    let order = OrderId::new();
    let result = till
        .engine
        .charge(Charge {
            order_id: &order,
            cart: &cart(),
            tender: kassa::checkout::Tender::Invoice,
            customer: Some(&customer),
            customer_id: None,
            tendered: None,
            split: None,
        })
        .await;
    let error = result.expect_err("refused");
    let body = error.body();
    assert!(!body.message.is_empty());
    assert!(!error.is_retryable());
    assert_eq!(till.sandbox.purchase_order_count(), 0);
    assert!(
        till.engine.resume().expect("resume").is_empty(),
        "no half-written checkout"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_who_never_signs_ends_expired_not_cancelled() {
    let mut config = kronor_sandbox::SandboxConfig::local();
    config.clock = kronor_sandbox::Clock::manual("2026-06-15T10:00:00Z".parse().expect("ts"));
    let mut till = Till::start_on(config, |_| {}).await;
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let id = started.checkout.id;
    till.wait_for(id, has_status("SCA_REQUIRED")).await;
    // Kronor's SCA timeout passes (on the sandbox's clock, without waiting).
    till.sandbox
        .clock()
        .advance(std::time::Duration::from_secs(601));
    let done = till.finished(id).await;
    assert!(matches!(
        done.kind,
        EventKind::Finished {
            state: CheckoutState::Expired,
            journal_entry_id: None,
            ..
        }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_the_ui_as_json_with_a_type_a_timestamp_and_the_elapsed_time() {
    let mut till = Till::start().await;
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let event = till
        .wait_for(started.checkout.id, has_status("SCA_REQUIRED"))
        .await;
    let json = serde_json::to_value(&event).expect("serializes");
    assert_eq!(json["kind"]["type"], "kronor_status");
    assert_eq!(json["kind"]["statuses"][0], "SCA_REQUIRED");
    assert_eq!(json["order_number"], "kassa1-000001");
    assert!(
        json["at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-06-15T10:00"))
    );
    assert!(json["elapsed_ms"].as_i64().is_some_and(|ms| ms > 0));
    let state = serde_json::to_value(EventKind::StateEntered {
        state: CheckoutState::Failed {
            reason: "nej".into(),
        },
    })
    .expect("serializes");
    assert_eq!(state["state"]["state"], "failed");
    assert_eq!(state["state"]["reason"], "nej");
    let back: kassa::checkout::CheckoutEvent = serde_json::from_value(json).expect("round trip");
    assert_eq!(back, event);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_capture_on_approval_off_the_approved_purchase_is_registered_but_not_captured() {
    let mut till = Till::start_with(|s| s.capture_on_approval = false).await;
    let started = till
        .charge(&OrderId::new(), scenarios::APPROVED_WITHOUT_SCA)
        .await;
    let id = started.checkout.id;
    let done = till.finished(id).await;
    assert!(matches!(
        done.kind,
        EventKind::Finished {
            state: CheckoutState::Receipted,
            ..
        }
    ));
    let checkout = till.engine.checkout(id).expect("read");
    assert!(
        checkout.purchase_id.is_some(),
        "registered with a confirmed purchase"
    );
    assert!(checkout.capture_id.is_none());
    let entry = till.engine.receipt(id).expect("read").expect("receipt");
    assert_eq!(entry.kronor_purchase_id, checkout.purchase_id);
    let order = till
        .client()
        .purchase_order(checkout.kronor_order_id.as_deref().expect("id"))
        .await
        .expect("lookup")
        .expect("order");
    assert!(order.has(&kronor::OrderStatus::WaitingForCapture));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_other_mode_leaves_the_unfinished_checkout_to_its_own_kronor() {
    // A training checkout whose create was never answered, then the till restarts live (a
    // token was saved): the live Kronor must not be sent the training order.
    let mut till = Till::start_with(|s| {
        s.max_rounds = 0;
        s.training = true;
    })
    .await;
    till.sandbox
        .faults()
        .inject("newPurchaseOrderWithInvoice", Fault::CommitThenDrop, 6);
    let started = till
        .charge(&OrderId::new(), scenarios::APPROVED_WITHOUT_SCA)
        .await;
    assert_eq!(started.checkout.state, CheckoutState::Submitting);
    till.wait_for(started.checkout.id, |k| {
        matches!(k, EventKind::Retrying { .. })
    })
    .await;
    let restart = |training: bool| {
        let mut settings = kassa::checkout::CheckoutSettings::new("kassa1", "Anna");
        settings.training = training;
        CheckoutEngine::new(
            till.db.clone(),
            till.client(),
            settings,
            Arc::new(TickingClock::new()),
        )
        .expect("engine")
    };

    let live = restart(false);
    assert_eq!(live.resume().expect("resume"), Vec::<i64>::new());
    assert_eq!(
        live.checkout(started.checkout.id).expect("read").state,
        CheckoutState::Submitting,
        "left as it was for the training engine"
    );

    let training = restart(true);
    assert_eq!(
        training.resume().expect("resume"),
        vec![started.checkout.id]
    );
}
