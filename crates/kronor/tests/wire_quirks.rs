//! Kronor's wire quirks, served by the sandbox: `bigint` as JSON strings, and a status value
//! this client does not know yet.

mod support;

use kronor::{ConnectionState, OrderStatus, WatchEvent};
use kronor_sandbox::ScaDecision;
use support::*;

#[tokio::test]
async fn bigints_sent_as_strings_are_read_everywhere() {
    let sandbox = sandbox().await;
    sandbox.set_stringify_bigints(true);
    let client = client(&sandbox, &RecordingSleeper::default());
    let key = key("strings");
    let created = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await
        .unwrap();

    // Live (WebSocket) path.
    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    let last = updates(&rest(&mut watch).await)
        .pop()
        .expect("final update");
    let purchase_id = last
        .resulting_purchase_id
        .expect("purchase id from a string");

    // Polling (HTTP) path and the purchase queries.
    let read = client
        .purchase_order(&created.id)
        .await
        .unwrap()
        .expect("order");
    assert_eq!(read.resulting_purchase_id, Some(purchase_id));
    let purchases = client
        .purchases_by_reference(&format!("till-{key}"))
        .await
        .unwrap();
    assert_eq!(purchases[0].id, purchase_id);
    assert_eq!(purchases[0].total_amount.0, 10_000);
    assert_eq!(purchases[0].tax_amount.0, 2000);
    client
        .capture_all(purchase_id, &format!("{key}-c"), None)
        .await
        .unwrap();
    client
        .return_all(purchase_id, &format!("{key}-r"), None)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unknown_status_is_reported_and_the_watch_carries_on() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let created = client
        .create_purchase_order(&order(&key("moon"), &normal_customer()))
        .await
        .unwrap();
    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;

    assert!(sandbox.inject_status(&created.id, "AWAITING_MOON"));
    let unknown = OrderStatus::Unknown("AWAITING_MOON".into());
    let seen = until(&mut watch, |e| is_update(e, |o| o.has(&unknown))).await;
    let WatchEvent::Update(order) = seen.last().unwrap() else {
        unreachable!()
    };
    assert!(order.needs_sca() && !order.is_final(), "{order:?}");
    let read = client
        .purchase_order(&created.id)
        .await
        .unwrap()
        .expect("order");
    assert!(read.has(&unknown), "HTTP read too: {read:?}");

    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    let rest = rest(&mut watch).await;
    assert!(
        rest.iter().all(|e| !matches!(e, WatchEvent::Failed(_))),
        "{rest:?}"
    );
    assert!(!rest.contains(&WatchEvent::Connection(ConnectionState::Reconnecting)));
    assert!(updates(&rest).pop().is_some_and(|o| o.is_approved()));
}
