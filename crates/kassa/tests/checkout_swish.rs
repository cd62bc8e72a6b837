//! Swish at the counter against a real kronor-sandbox: F12 with nothing typed, Swish's QR,
//! paid, declined, timed out, cancelled (and the cancel that comes too late), a refund.

mod checkout_support;

use std::time::Duration;

use checkout_support::*;
use kassa::checkout::{CheckoutState, Connection, EventKind, Logged, OrderId, Tender};
use kassa::{EntryKind, PaymentMethod};
use kronor_sandbox::{Clock, Fault, SandboxConfig, SwishDecision};

fn has_status(name: &'static str) -> impl Fn(&EventKind) -> bool {
    move |k| matches!(k, EventKind::KronorStatus { statuses } if statuses.iter().any(|s| s == name))
}

/// The till's test clock and Kronor's agree (a session must expire in Kronor's future).
fn kronor_clock() -> Clock {
    Clock::manual("2026-06-15T10:00:00Z".parse().expect("time"))
}

async fn swish_till() -> Till {
    let config = SandboxConfig {
        clock: kronor_clock(),
        ..SandboxConfig::local()
    };
    Till::start_on(config, |_| {}).await
}

/// A Swish sale of a new order charged: its checkout.
async fn charged(till: &mut Till) -> i64 {
    till.charge_swish(&OrderId::new())
        .await
        .expect("charged")
        .checkout
        .id
}

/// The customer pays in the Swish app.
fn customer_pays(till: &Till, wait_token: &str) {
    till.sandbox
        .decide_swish(wait_token, SwishDecision::Pay)
        .expect("paid");
}

/// A Swish sale charged and its QR code shown: the checkout and the payment's wait token.
async fn waiting_for_the_customer(till: &mut Till) -> (i64, String) {
    let id = charged(till).await;
    till.swish_qr(id).await;
    (id, till.swish_wait_token(id))
}

async fn final_state(till: &mut Till, id: i64) -> CheckoutState {
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swish_needs_nothing_typed_shows_swishs_qr_and_registers_the_sale_once_paid() {
    let mut till = swish_till().await;
    let order = OrderId::new();
    let started = till.charge_swish(&order).await.expect("charged");
    let id = started.checkout.id;
    assert_eq!(started.checkout.tender, Tender::Swish);
    assert_eq!(
        started.checkout.customer, None,
        "no customer details asked for"
    );

    // Swish's in-store QR: the letter D and Kronor's payment-request token.
    let qr = till.swish_qr(id).await;
    assert!(qr.starts_with('D') && qr.len() > 8, "{qr}");
    let view = till.engine.view(id).expect("view");
    assert_eq!(view.tender, Tender::Swish);
    assert_eq!(view.state, "awaiting_customer");
    assert_eq!(view.sca_url.as_deref(), Some(qr.as_str()));
    assert!(view.qr_svg.expect("QR drawn").contains("<svg"));

    let wait_token = till.swish_wait_token(id);
    till.sandbox
        .decide_swish(&wait_token, SwishDecision::Pay)
        .expect("the customer pays in the Swish app");
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);

    let stored = till.engine.checkout(id).expect("checkout");
    let entry = till.engine.receipt(id).expect("read").expect("a sale");
    let totals = cart()
        .totals(&kassa::VatTable::sweden(), jiff::civil::date(2026, 6, 15))
        .expect("totals");
    assert_eq!(entry.kind, EntryKind::Sale);
    assert_eq!(entry.total, totals.total);
    assert_eq!(entry.payment_method, Some(PaymentMethod::Swish));
    assert!(entry.kronor_purchase_id.is_some(), "Kronor's payment id");
    assert_eq!(entry.kronor_purchase_id, stored.purchase_id);
    assert_eq!(stored.capture_id, None, "a Swish payment is not captured");

    let states: Vec<&str> = till
        .engine
        .event_log(id)
        .expect("log")
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
            "receipted"
        ]
    );
    assert_eq!(till.sandbox.payment_session_count(), 1);
    assert_eq!(till.sandbox.payment_request_count(), 1);
    assert_eq!(
        till.sandbox.purchase_order_count(),
        0,
        "no invoice was made"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_declined_in_the_swish_app_registers_nothing() {
    let mut till = swish_till().await;
    let (id, wait_token) = waiting_for_the_customer(&mut till).await;
    till.sandbox
        .decide_swish(&wait_token, SwishDecision::Decline)
        .expect("the customer declines");
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Rejected);
    assert!(till.engine.receipt(id).expect("read").is_none());
    assert!(till.engine.view(id).expect("view").qr_svg.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swish_payment_nobody_pays_in_time_ends_expired() {
    let clock = kronor_clock();
    let config = SandboxConfig {
        clock: clock.clone(),
        swish_timeout: Duration::from_secs(180),
        ..SandboxConfig::local()
    };
    let mut till = Till::start_on(config, |_| {}).await;
    let (id, _) = waiting_for_the_customer(&mut till).await;
    clock.advance(Duration::from_secs(181));
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Expired);
    assert!(till.engine.receipt(id).expect("read").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_cancels_the_swish_payment_at_kronor() {
    let mut till = swish_till().await;
    let (id, wait_token) = waiting_for_the_customer(&mut till).await;
    let state = till.engine.cancel(id).await.expect("cancel");
    assert_eq!(state, CheckoutState::Cancelled);
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Cancelled);
    // The customer can no longer pay it.
    assert!(
        till.sandbox
            .decide_swish(&wait_token, SwishDecision::Pay)
            .is_err()
    );
    assert!(till.engine.receipt(id).expect("read").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_after_the_customer_paid_registers_the_sale() {
    let mut till = swish_till().await;
    let (id, wait_token) = waiting_for_the_customer(&mut till).await;
    // The customer pays, and the till's Cancel comes a moment later: too late.
    customer_pays(&till, &wait_token);
    let _ = till.engine.cancel(id).await;
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);
    let entry = till
        .engine
        .receipt(id)
        .expect("read")
        .expect("the paid sale");
    assert_eq!(entry.payment_method, Some(PaymentMethod::Swish));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swish_sale_of_nothing_is_refused_before_kronor_hears_of_it() {
    let till = swish_till().await;
    let error = till
        .engine
        .charge(kassa::checkout::Charge {
            order_id: &OrderId::new(),
            cart: &kassa::Cart::new(),
            tender: Tender::Swish,
            customer: None,
            customer_id: None,
            tendered: None,
            split: None,
        })
        .await
        .expect_err("refused");
    assert_eq!(error.code(), kassa::ErrorCode::EmptySale, "{error}");
    assert_eq!(till.sandbox.payment_session_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invoice_without_a_customer_is_refused() {
    let till = swish_till().await;
    let error = till
        .engine
        .charge(kassa::checkout::Charge {
            order_id: &OrderId::new(),
            cart: &cart(),
            tender: Tender::Invoice,
            customer: None,
            customer_id: None,
            tendered: None,
            split: None,
        })
        .await
        .expect_err("refused");
    assert_eq!(error.code(), kassa::ErrorCode::InvalidOrder);
    assert_eq!(till.sandbox.purchase_order_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kronor_busy_while_the_session_is_made_is_retried_with_the_same_key() {
    let mut till = swish_till().await;
    till.sandbox.faults().inject(
        "newPaymentSessionWithReferenceCheck",
        Fault::TemporaryFailure,
        2,
    );
    let (id, wait_token) = waiting_for_the_customer(&mut till).await;
    assert_eq!(till.sandbox.payment_session_count(), 1, "one session");
    customer_pays(&till, &wait_token);
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);
    assert_eq!(till.sandbox.payment_request_count(), 1, "one payment");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_engine_resumes_the_same_swish_payment() {
    let mut till = swish_till().await;
    let id = charged(&mut till).await;
    let qr = till.swish_qr(id).await;
    // A new engine on the same file: the session lives only in the old one's memory.
    let mut till = till.with_client(|_| {}, |_| {});
    assert_eq!(till.engine.resume().expect("resume"), vec![id]);
    let wait_token = till.swish_wait_token(id);
    assert_eq!(
        till.engine.sca_code(id).expect("code").expect("kept").url,
        qr,
        "the same QR after the restart"
    );
    customer_pays(&till, &wait_token);
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);
    assert_eq!(till.sandbox.payment_session_count(), 1);
    assert_eq!(till.sandbox.payment_request_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_swish_status_stream_shows_kronors_statuses() {
    let mut till = swish_till().await;
    let id = charged(&mut till).await;
    till.wait_for(id, has_status("WAITING_FOR_PAYMENT")).await;
    let wait_token = till.swish_wait_token(id);
    customer_pays(&till, &wait_token);
    till.wait_for(id, has_status("PAID")).await;
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);
}

/// A Swish sale paid and receipted on `till`.
async fn paid_swish_sale(till: &mut Till) -> kassa::Entry {
    let (id, wait_token) = waiting_for_the_customer(till).await;
    customer_pays(till, &wait_token);
    assert_eq!(final_state(till, id).await, CheckoutState::Receipted);
    till.engine.receipt(id).expect("read").expect("a sale")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swish_sale_is_returned_once_as_a_refund_of_the_whole_amount() {
    let mut till = swish_till().await;
    let sale = paid_swish_sale(&mut till).await;
    kassa::demo::shop_if_unset(&till.db.lock().expect("db")).expect("shop");
    let returns = kassa::returns::Returns::new(
        till.db.clone(),
        till.client(),
        std::sync::Arc::new(TickingClock::new()),
        false,
        "Anna",
    );
    let back = returns.return_sale(sale.id).await.expect("refunded");
    assert_eq!(back.kind, EntryKind::Return);
    assert_eq!(back.payment_method, Some(PaymentMethod::Swish));
    assert_eq!(back.total.get(), -sale.total.get());
    assert!(back.note.starts_with("Kronor return "), "{}", back.note);
    assert_eq!(till.sandbox.refund_count(), 1);

    // A second return of the same sale is refused, and Kronor refunds nothing more.
    let again = returns.return_sale(sale.id).await.expect_err("refused");
    assert_eq!(again.code(), kassa::ErrorCode::AlreadyReturned);
    assert_eq!(till.sandbox.refund_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swish_refund_whose_answer_was_lost_is_sent_again_with_the_same_key() {
    let mut till = swish_till().await;
    let sale = paid_swish_sale(&mut till).await;
    let returns = kassa::returns::Returns::new(
        till.db.clone(),
        till.client(),
        std::sync::Arc::new(TickingClock::new()),
        false,
        "Anna",
    );
    till.sandbox
        .faults()
        .inject("refundPayment", Fault::CommitThenDrop, 1);
    let back = returns.return_sale(sale.id).await.expect("refunded");
    assert_eq!(back.total.get(), -sale.total.get());
    assert_eq!(till.sandbox.refund_count(), 1, "refunded once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_closed_mid_payment_reconnects_and_the_payment_still_lands() {
    let mut till = swish_till().await;
    let id = charged(&mut till).await;
    till.wait_for(
        id,
        |k| matches!(k, EventKind::Connection { connection } if *connection == Connection::Live),
    )
    .await;
    till.wait_for(id, has_status("WAITING_FOR_PAYMENT")).await;
    let wait_token = till.swish_wait_token(id);
    till.sandbox.faults().close_websockets();
    till.wait_for(id, |k| {
        matches!(k, EventKind::Connection { connection } if *connection == Connection::Reconnecting)
    })
    .await;
    customer_pays(&till, &wait_token);
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);
    assert_eq!(till.sandbox.payment_request_count(), 1, "one payment");
    assert!(
        till.engine.receipt(id).expect("read").is_some(),
        "its receipt"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_kronor_adds_later_is_shown_and_registers_nothing() {
    let mut till = swish_till().await;
    let (id, wait_token) = waiting_for_the_customer(&mut till).await;
    assert!(
        till.sandbox
            .inject_payment_status(&wait_token, "SWISH_QUEUED"),
        "the payment request exists"
    );
    till.wait_for(id, has_status("SWISH_QUEUED")).await;
    assert!(
        till.engine.receipt(id).expect("read").is_none(),
        "no receipt without PAID"
    );
    customer_pays(&till, &wait_token);
    assert_eq!(final_state(&mut till, id).await, CheckoutState::Receipted);
}
