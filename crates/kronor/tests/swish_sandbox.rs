//! Swish end to end against a real kronor-sandbox on 127.0.0.1:0: a payment session, a Swish
//! payment watched until the (simulated) customer pays, declines or the till cancels, refunds,
//! and every document checked against the schema of the role whose token sent it.

mod support;

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use kronor::{
    BigInt, Client, ConnectionState, Environment, Error, NewPaymentSession, PaymentRequestState,
    PaymentSession, PaymentStatus, SubscriptionProtocol, WatchEvent,
};
use kronor_sandbox::{Sandbox, SandboxConfig, SwishDecision};
use serde_json::Value;
use std::collections::BTreeSet;
use support::*;

fn return_url() -> url::Url {
    url::Url::parse("https://kassa.example/swish/done").unwrap()
}

fn new_session(key: &str, amount: i64) -> NewPaymentSession {
    NewPaymentSession {
        amount,
        expires_at: jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1),
        idempotency_key: key.to_owned(),
        merchant_reference: format!("till-{key}"),
        message: "Kassa 1, köp".to_owned(),
    }
}

/// Opens a session and starts a Swish payment in it; returns the session and the wait token.
async fn swish(client: &Client, key: &str, amount: i64) -> (PaymentSession, String) {
    start(client, &new_session(key, amount)).await
}

async fn start(client: &Client, request: &NewPaymentSession) -> (PaymentSession, String) {
    let session = client.new_payment_session(request).await.unwrap();
    assert_eq!(session.paid_payment_id, None);
    let key = &request.idempotency_key;
    let wait = client
        .new_swish_payment(&session.token, &format!("{key}-swish"), &return_url())
        .await
        .unwrap();
    (session, wait)
}

fn waiting_with_qr(event: &WatchEvent<PaymentRequestState>) -> bool {
    matches!(event, WatchEvent::Update(r) if r.has(&PaymentStatus::WaitingForPayment) && r.qr_code().is_some())
}

/// Pays one Swish payment of `amount` öre over `protocol`; returns the final state.
async fn paid(
    sandbox: &Sandbox,
    client: &Client,
    key: &str,
    amount: i64,
) -> (PaymentSession, PaymentRequestState) {
    let (session, wait) = swish(client, key, amount).await;
    let mut watch = client.watch_payment_request(&session.token, &wait);
    let mut events = until(&mut watch, waiting_with_qr).await;
    sandbox.decide_swish(&wait, SwishDecision::Pay).unwrap();
    events.extend(rest(&mut watch).await);
    assert_deduplicated(&events);
    let last = updates(&events).pop().expect("a final update");
    assert!(last.is_paid() && last.is_final(), "{events:?}");
    (session, last)
}

#[tokio::test]
async fn a_swish_payment_is_paid_live_over_both_protocols() {
    for protocol in [
        SubscriptionProtocol::GraphqlTransportWs,
        SubscriptionProtocol::GraphqlWs,
    ] {
        let sandbox = sandbox().await;
        let sleeper = RecordingSleeper::default();
        let mut config = config(&sandbox, &sleeper);
        config.subscription_protocol = protocol;
        config.environment = Environment::Custom {
            graphql_url: sandbox.graphql_url(),
            sca_url: sandbox.sca_url(),
            swish_page: Some(sandbox.swish_url()),
        };
        let client = Client::new(config).unwrap();
        let request = new_session(&key("pay"), 12_300);
        let (session, wait) = start(&client, &request).await;

        let mut watch = client.watch_payment_request(&session.token, &wait);
        let mut events = until(&mut watch, waiting_with_qr).await;
        assert_eq!(
            events[0],
            WatchEvent::Connection(ConnectionState::Live),
            "{protocol:?}"
        );
        let waiting = updates(&events).pop().unwrap();
        assert_eq!(waiting.wait_token, wait);
        assert_eq!(waiting.amount, Some(BigInt(12_300)));
        // The sandbox's customers pay on its Swish page, so that is what the QR code opens.
        let qr = client
            .config()
            .environment
            .swish_qr(waiting.qr_code().unwrap(), &waiting.wait_token);
        assert_eq!(qr, format!("{}?token={wait}", sandbox.swish_url()));

        sandbox.decide_swish(&wait, SwishDecision::Pay).unwrap();
        events.extend(rest(&mut watch).await);
        assert_deduplicated(&events);
        let last = updates(&events).pop().unwrap();
        assert!(last.has(&PaymentStatus::Paid), "{protocol:?}: {last:?}");
        let payment_id = last
            .resulting_payment_id
            .expect("a paid request has its payment id");
        assert!(
            !events
                .iter()
                .any(|e| is_connection(e, ConnectionState::Polling)),
            "{protocol:?}: stayed live: {events:?}"
        );
        assert!(sleeper.delays().is_empty(), "{protocol:?}");

        // After a restart the till has no session: the merchant token reads the same row.
        let by_merchant = client
            .payment_request_as_merchant(&wait)
            .await
            .unwrap()
            .expect("the merchant sees its payment request");
        assert!(by_merchant.is_paid());
        assert_eq!(by_merchant.resulting_payment_id, Some(payment_id));
        assert_eq!(by_merchant.qr_code(), None);
        let by_session = client
            .payment_request(&session.token, &wait)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(by_session.resulting_payment_id, Some(payment_id));

        // A till that crashed asks again for the same sale: the paid payment, not a new one.
        let again = client.new_payment_session(&request).await.unwrap();
        assert_eq!(again.paid_payment_id, Some(payment_id.to_string()));
        assert!(again.paid_transaction_id.is_some());
        assert_eq!(sandbox.payment_session_count(), 1);
        assert_eq!(sandbox.payment_request_count(), 1);
    }
}

#[tokio::test]
async fn a_declined_swish_payment_ends_failed_with_swishs_code() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let (session, wait) = swish(&client, &key("decline"), 5_000).await;
    let mut watch = client.watch_payment_request(&session.token, &wait);
    let mut events = until(&mut watch, waiting_with_qr).await;
    sandbox.decide_swish(&wait, SwishDecision::Decline).unwrap();
    events.extend(rest(&mut watch).await);
    let last = updates(&events).pop().unwrap();
    assert!(last.is_failed() && !last.is_paid(), "{last:?}");
    assert!(last.has(&PaymentStatus::Declined));
    assert_eq!(last.error_code(), Some("RF07"));
    assert_eq!(last.resulting_payment_id, None);
}

#[tokio::test]
async fn a_cancelled_swish_payment_ends_cancelled() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let key = key("cancel");
    let (session, wait) = swish(&client, &key, 5_000).await;
    let mut watch = client.watch_payment_request(&session.token, &wait);
    let mut events = until(&mut watch, waiting_with_qr).await;
    let cancel_key = format!("{key}-cancel");
    client
        .cancel_payment(&session.token, &cancel_key)
        .await
        .unwrap();
    client
        .cancel_payment(&session.token, &cancel_key)
        .await
        .expect("a repeated cancel with the same key is the same cancel");
    events.extend(rest(&mut watch).await);
    let last = updates(&events).pop().unwrap();
    assert!(
        last.is_cancelled() && last.is_final() && !last.is_paid(),
        "{last:?}"
    );
    assert!(
        sandbox.decide_swish(&wait, SwishDecision::Pay).is_err(),
        "a cancelled payment cannot be paid"
    );
    let other = client
        .cancel_payment(&session.token, &format!("{key}-cancel-2"))
        .await;
    assert!(
        matches!(other, Err(Error::Validation { .. })),
        "nothing left to cancel: {other:?}"
    );
}

#[tokio::test]
async fn refunds_are_partial_replayed_by_key_and_refused_over_the_remainder() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let key = key("refund");
    let (_, paid) = paid(&sandbox, &client, &key, 10_000).await;
    let payment_id = paid.resulting_payment_id.unwrap();

    let first = client
        .refund_payment(payment_id, 4_000, &format!("{key}-r1"), "Retur kaffe")
        .await
        .unwrap();
    assert!(!first.transaction_id.is_empty() && !first.wait_token.is_empty());
    let replay = client
        .refund_payment(payment_id, 4_000, &format!("{key}-r1"), "Retur kaffe")
        .await
        .unwrap();
    assert_eq!(first, replay, "same key, same refund");
    assert_eq!(sandbox.refund_count(), 1);

    let over = client
        .refund_payment(payment_id, 6_001, &format!("{key}-r2"), "Retur")
        .await;
    assert!(
        matches!(over, Err(Error::Validation { .. })),
        "6 001 öre is more than the 6 000 left: {over:?}"
    );
    let rest = client
        .refund_payment(payment_id, 6_000, &format!("{key}-r3"), "Retur resten")
        .await
        .unwrap();
    assert_ne!(rest.transaction_id, first.transaction_id);
    let nothing_left = client
        .refund_payment(payment_id, 1, &format!("{key}-r4"), "Retur")
        .await;
    assert!(matches!(nothing_left, Err(Error::Validation { .. })));
    assert_eq!(sandbox.refund_count(), 2);
}

#[tokio::test]
async fn without_sockets_a_swish_payment_is_polled_to_paid_with_string_bigints() {
    let sandbox = sandbox().await;
    sandbox.set_stringify_bigints(true);
    sandbox.faults().refuse_websockets(1_000_000);
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    let (session, wait) = swish(&client, &key("poll"), 2_500).await;
    let mut watch = client.watch_payment_request(&session.token, &wait);
    let mut events = until(&mut watch, waiting_with_qr).await;
    assert_eq!(events[0], WatchEvent::Connection(ConnectionState::Polling));
    sandbox.decide_swish(&wait, SwishDecision::Pay).unwrap();
    events.extend(rest(&mut watch).await);
    let last = updates(&events).pop().unwrap();
    assert!(
        last.is_paid() && last.resulting_payment_id.is_some(),
        "{last:?}"
    );
    assert_eq!(last.amount, Some(BigInt(2_500)));
    assert!(
        !events
            .iter()
            .any(|e| is_connection(e, ConnectionState::Live))
    );
    assert!(sleeper.delays().iter().all(|d| *d == kronor::POLL_INTERVAL));
}

#[tokio::test]
async fn a_status_kronor_adds_later_is_reported_and_the_watch_carries_on() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let (session, wait) = swish(&client, &key("unknown"), 2_500).await;
    let mut watch = client.watch_payment_request(&session.token, &wait);
    let mut events = until(&mut watch, waiting_with_qr).await;
    assert!(sandbox.inject_payment_status(&wait, "SOME_NEW_STATUS"));
    events.extend(
        until(&mut watch, |e| {
            matches!(e, WatchEvent::Update(r) if r.has(&PaymentStatus::Unknown("SOME_NEW_STATUS".into())))
        })
        .await,
    );
    sandbox.decide_swish(&wait, SwishDecision::Pay).unwrap();
    events.extend(rest(&mut watch).await);
    assert!(updates(&events).pop().unwrap().is_paid());
    assert!(!events.iter().any(|e| matches!(e, WatchEvent::Failed(_))));
}

fn schema(sdl: &str, name: &str) -> Valid<Schema> {
    Schema::builder()
        .ignore_builtin_redefinitions()
        .adopt_orphan_extensions()
        .parse(sdl, name)
        .build()
        .expect("Kronor's schema parses")
        .validate()
        .expect("Kronor's schema is valid")
}

#[tokio::test]
async fn every_swish_document_sent_is_valid_against_the_schema_of_its_tokens_role() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let mut sandbox_config = SandboxConfig::local();
    sandbox_config.request_log = Some(log.clone());
    let sandbox = Sandbox::start(sandbox_config).await.unwrap();
    let sleeper = RecordingSleeper::default();
    for protocol in [
        SubscriptionProtocol::GraphqlTransportWs,
        SubscriptionProtocol::GraphqlWs,
    ] {
        let mut config = config(&sandbox, &sleeper);
        config.subscription_protocol = protocol;
        let client = Client::new(config).unwrap();
        let key = key("doc");
        let (session, paid) = paid(&sandbox, &client, &key, 3_000).await;
        client
            .payment_request(&session.token, &paid.wait_token)
            .await
            .unwrap();
        client
            .payment_request_as_merchant(&paid.wait_token)
            .await
            .unwrap();
        client
            .refund_payment(
                paid.resulting_payment_id.unwrap(),
                1_000,
                &format!("{key}-r"),
                "Retur",
            )
            .await
            .unwrap();
        let (other, _) = swish(&client, &format!("{key}-x"), 1_000).await;
        client
            .cancel_payment(&other.token, &format!("{key}-x-cancel"))
            .await
            .unwrap();
    }
    // And the polling fallback's query.
    let client = client(&sandbox, &sleeper);
    let (session, wait) = swish(&client, &key("doc-poll"), 1_000).await;
    sandbox.faults().refuse_websockets(1);
    let mut watch = client.watch_payment_request(&session.token, &wait);
    until(&mut watch, |e| matches!(e, WatchEvent::Update(_))).await;
    drop(watch);
    sandbox.shutdown().await;

    let merchant = schema(
        include_str!("../schema/merchant.graphqls"),
        "merchant.graphqls",
    );
    let gateway = schema(
        include_str!("../schema/payment-gateway.graphqls"),
        "payment-gateway.graphqls",
    );
    let text = std::fs::read_to_string(&log).expect("the sandbox wrote its request log");
    let mut roots = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value = serde_json::from_str(line).unwrap();
        let role = entry["role"].as_str().unwrap_or("refused");
        let document = entry["query"].as_str().unwrap_or_default();
        let schema = match role {
            "merchant" => &merchant,
            "payment-gateway" => &gateway,
            other => panic!("a document sent with role {other}: {line}"),
        };
        let valid = ExecutableDocument::parse_and_validate(schema, document, "sent.graphql")
            .unwrap_or_else(|e| panic!("invalid for role {role}:\n{document}\n{e}"));
        for operation in valid.operations.iter() {
            let root = operation.selection_set.selections[0]
                .as_field()
                .map(|f| f.name.to_string())
                .unwrap_or_default();
            roots.insert(format!("{role} {:?} {root}", operation.operation_type));
        }
    }
    for expected in [
        "merchant Mutation newPaymentSessionWithReferenceCheck",
        "merchant Mutation refundPayment",
        "merchant Query paymentRequests",
        "payment-gateway Mutation newSwishPayment",
        "payment-gateway Mutation cancelPayment",
        "payment-gateway Query paymentRequests",
        "payment-gateway Subscription paymentRequests",
    ] {
        assert!(
            roots.contains(expected),
            "{expected} was not logged; saw {roots:?}"
        );
    }
}
