//! No approved payment is left without its receipt: each way a customer's approval could be
//! stranded (a bad answer to the capture, bad status answers while polling, a status stream
//! gone silent, a driver stuck on one when Cancel is pressed), and a Charge that must answer
//! the screen at once however Kronor behaves. Each ends receipted without a restart.

mod checkout_support;
#[path = "../../kronor/tests/support/proxy.rs"]
mod proxy;

use std::time::Duration;

use checkout_support::*;
use kassa::checkout::{CheckoutState, EventKind, OrderId, Started};
use kronor_sandbox::{Fault, ScaDecision, scenarios};
use proxy::SilentProxy;

const CREATE: &str = "newPurchaseOrderWithInvoice";
const CAPTURE: &str = "newPurchaseCaptureAll";

async fn receipted(till: &mut Till, id: i64) {
    let EventKind::Finished { state, .. } = till.finished(id).await.kind else {
        unreachable!()
    };
    assert_eq!(state, CheckoutState::Receipted);
    let audit = audit(&till.engine, &till.client(), &till.sandbox, &[id]).await;
    assert_eq!(audit, Audit::default(), "one order, one captured sale");
}

/// Once Kronor asks for SCA, `meanwhile` happens and the customer approves on the phone.
async fn signs_once_asked(till: &mut Till, started: &Started, meanwhile: impl FnOnce()) {
    till.wait_for(started.checkout.id, |k| {
        matches!(k, EventKind::KronorStatus { statuses } if statuses.iter().any(|s| s == "SCA_REQUIRED"))
    })
    .await;
    meanwhile();
    till.sandbox
        .decide_sca(
            started.checkout.kronor_order_id.as_deref().expect("id"),
            ScaDecision::Approve,
        )
        .expect("customer signs");
}

/// The till talks to the sandbox through `proxy`, which can go silent.
async fn behind_a_proxy(idle: Duration) -> (Till, SilentProxy) {
    let till = Till::start().await;
    let proxy = SilentProxy::start(till.sandbox.addr()).await;
    let mut graphql_url = till.sandbox.graphql_url();
    graphql_url.set_port(Some(proxy.addr.port())).expect("port");
    let sca_url = till.sandbox.sca_url();
    let till = till.with_client(
        |config| {
            config.environment = kronor::Environment::Custom {
                graphql_url,
                sca_url,
                swish_page: None,
            };
            config.subscription_idle_timeout = idle;
        },
        |_| {},
    );
    (till, proxy)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bad_answer_to_the_capture_still_ends_in_a_receipt() {
    let mut till = Till::start().await;
    till.sandbox
        .faults()
        .inject(CAPTURE, Fault::HttpStatus(404), 1);
    let started = till
        .charge(&OrderId::new(), scenarios::APPROVED_WITHOUT_SCA)
        .await;
    receipted(&mut till, started.checkout.id).await;
    assert_eq!(till.sandbox.faults().injected(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_status_answers_while_polling_still_end_in_a_receipt() {
    let mut till = Till::start().await;
    till.sandbox.faults().refuse_websockets(1_000_000);
    till.sandbox
        .faults()
        .inject("purchaseOrders", Fault::HttpStatus(404), 2);
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let id = started.checkout.id;
    signs_once_asked(&mut till, &started, || {}).await;
    receipted(&mut till, id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_stream_gone_silent_is_replaced_and_the_sale_completes() {
    let (mut till, proxy) = behind_a_proxy(Duration::from_millis(300)).await;
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let id = started.checkout.id;
    // Open, nothing forwarded any more, nothing closed: the customer signs meanwhile.
    signs_once_asked(&mut till, &started, || proxy.silence()).await;
    receipted(&mut till, id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_on_a_checkout_whose_stream_is_stuck_finishes_the_approved_sale() {
    // An idle bound far beyond the test: only Cancel can get the driver going again.
    let (mut till, proxy) = behind_a_proxy(Duration::from_secs(600)).await;
    let started = till.charge(&OrderId::new(), scenarios::NORMAL).await;
    let id = started.checkout.id;
    signs_once_asked(&mut till, &started, || proxy.silence()).await;

    let after_cancel = till.engine.cancel(id).await.expect("cancel answers");
    assert!(
        matches!(
            after_cancel,
            CheckoutState::Approved | CheckoutState::Captured | CheckoutState::Receipted
        ),
        "Kronor refused the cancel because the customer signed: {after_cancel:?}"
    );
    receipted(&mut till, id).await;
}

/// A listener on 127.0.0.1 that accepts connections and never answers.
async fn black_hole() -> (tokio::task::JoinHandle<()>, url::Url) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let url = url::Url::parse(&format!(
        "http://{}/v1/graphql",
        listener.local_addr().expect("addr")
    ))
    .expect("url");
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    (task, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charge_answers_at_once_with_kronor_silent_and_retries_in_the_background() {
    let (_hole, url) = black_hole().await;
    let till = Till::start().await.with_client(
        |config| {
            config.environment = kronor::Environment::Custom {
                graphql_url: url.clone(),
                sca_url: url,
                swish_page: None,
            };
        },
        // The app's own settings: Charge's short default bound on waiting for Kronor.
        |settings| {
            *settings = kassa::checkout::CheckoutSettings::new("kassa1", "Anna");
        },
    );
    let order = OrderId::new();
    let started = tokio::time::timeout(
        Duration::from_secs(5),
        till.try_charge(&order, scenarios::NORMAL),
    )
    .await
    .expect("Charge does not wait for a silent Kronor")
    .expect("charge");
    assert_eq!(started.checkout.state, CheckoutState::Submitting);
    assert!(started.sca.is_none());
    // The create is still being sent in the background: the checkout stays open, stored.
    assert!(
        !till
            .engine
            .checkout(started.checkout.id)
            .expect("read")
            .state
            .is_final()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_create_is_tried_again_by_the_next_charge_as_a_new_order() {
    let till = Till::start().await;
    // Refused for good (the token, here): the checkout fails and its order id is spent.
    till.sandbox
        .faults()
        .inject(CREATE, Fault::HttpStatus(401), 1);
    let first_order = OrderId::new();
    let refused = till.try_charge(&first_order, scenarios::NORMAL).await;
    assert!(refused.is_err(), "{refused:?}");

    // The next Charge of the sale on the counter is a new order, and it is sent.
    let next = till
        .engine
        .order_for_next_charge(Some(&first_order))
        .expect("order");
    assert_ne!(next, first_order);
    let started = till
        .try_charge(&next, scenarios::NORMAL)
        .await
        .expect("second charge");
    assert_eq!(started.checkout.state, CheckoutState::AwaitingCustomer);
    assert!(started.sca.is_some());
    assert_eq!(till.sandbox.purchase_order_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_given_up_on_is_sent_again_by_the_next_charge_with_the_same_key() {
    let mut till = Till::start_with(|s| s.max_rounds = 0).await;
    till.sandbox
        .faults()
        .inject(CREATE, Fault::TemporaryFailure, 6);
    let order = OrderId::new();
    let first = till.charge(&order, scenarios::NORMAL).await;
    assert_eq!(first.checkout.state, CheckoutState::Submitting);
    till.wait_for(first.checkout.id, |k| {
        matches!(k, EventKind::Retrying { .. })
    })
    .await;

    let again = till
        .engine
        .order_for_next_charge(Some(&order))
        .expect("order");
    assert_eq!(again, order, "still the same sale: its checkout is open");
    let second = till.charge(&again, scenarios::NORMAL).await;
    assert_eq!(second.checkout.id, first.checkout.id);
    till.wait_for(first.checkout.id, |k| {
        matches!(k, EventKind::QrReady { .. })
    })
    .await;
    assert_eq!(till.sandbox.purchase_order_count(), 1);
}
