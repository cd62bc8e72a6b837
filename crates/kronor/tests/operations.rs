//! Every operation against a real kronor-sandbox on 127.0.0.1:0.

mod support;

use kronor::{Client, Error, MerchantToken, OrderStatus, WaitToken, WatchEvent};
use kronor_sandbox::{ScaDecision, scenarios};
use support::*;

#[tokio::test]
async fn create_and_read_with_merchant_and_wait_token() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    let key = key("read");

    let created = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await
        .unwrap();
    assert_eq!(created.id, key, "Kronor's id is the idempotency key");

    let by_merchant = client
        .purchase_order(&created.id)
        .await
        .unwrap()
        .expect("order exists");
    let by_wait = client
        .purchase_order_with_wait_token(&created.id, &created.wait_token)
        .await
        .unwrap()
        .expect("the wait token can read its order");
    assert_eq!(by_merchant.id, key);
    assert_eq!(by_wait.id, key);
    assert_eq!(by_merchant.merchant_reference, format!("till-{key}"));
    assert!(!by_merchant.statuses().is_empty());
    assert!(!by_merchant.is_final());
    assert_eq!(by_merchant.resulting_purchase_id, None);
    assert_eq!(client.purchase_order("no-such-order").await.unwrap(), None);
    assert!(sleeper.delays().is_empty(), "nothing was retried");
}

#[tokio::test]
async fn same_key_twice_is_one_order() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let key = key("twice");
    let order = order(&key, &normal_customer());
    let first = client.create_purchase_order(&order).await.unwrap();
    let second = client.create_purchase_order(&order).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(sandbox.purchase_order_count(), 1);
}

#[tokio::test]
async fn approved_checkout_is_found_captured_and_returned() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let key = key("full");
    let created = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await
        .unwrap();
    let reference = format!("till-{key}");
    assert!(
        client
            .purchases_by_reference(&reference)
            .await
            .unwrap()
            .is_empty(),
        "empty until approved"
    );

    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    let events = rest(&mut watch).await;
    let last = updates(&events).pop().expect("a final update");
    assert!(last.is_approved(), "{last:?}");
    let purchase_id = last
        .resulting_purchase_id
        .expect("approved order has a purchase");

    let found = client.purchases_by_reference(&reference).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, purchase_id);
    assert_eq!(found[0].total_amount.0, 10_000);
    let by_id = client
        .purchase_by_id(purchase_id)
        .await
        .unwrap()
        .expect("found by id");
    assert_eq!(by_id.merchant_reference, reference);
    assert_eq!(
        client
            .purchase_by_id(kronor::BigInt(987_654_321))
            .await
            .unwrap(),
        None
    );

    let capture_key = format!("{key}-capture");
    let capture = client
        .capture_all(purchase_id, &capture_key, Some("handed over"))
        .await
        .unwrap();
    let again = client
        .capture_all(purchase_id, &capture_key, Some("handed over"))
        .await
        .unwrap();
    assert_eq!(capture, again, "same key, same capture");

    let return_key = format!("{key}-return");
    let refund = client
        .return_all(purchase_id, &return_key, Some("changed mind"))
        .await
        .unwrap();
    let again = client
        .return_all(purchase_id, &return_key, Some("changed mind"))
        .await
        .unwrap();
    assert_eq!(refund, again, "same key, same return");
}

#[tokio::test]
async fn approved_without_sca_goes_straight_through() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let created = client
        .create_purchase_order(&order(&key("fast"), scenarios::APPROVED_WITHOUT_SCA))
        .await
        .unwrap();
    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    let events = rest(&mut watch).await;
    let updates = updates(&events);
    assert!(updates.iter().all(|o| !o.needs_sca()), "{updates:?}");
    assert!(
        updates
            .last()
            .is_some_and(|o| o.is_approved() && o.resulting_purchase_id.is_some())
    );
}

#[tokio::test]
async fn rejected_at_risk_scoring_ends_rejected() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let created = client
        .create_purchase_order(&order(&key("reject"), scenarios::REJECTED_AT_RISK_SCORING))
        .await
        .unwrap();
    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    let last = updates(&rest(&mut watch).await)
        .pop()
        .expect("final update");
    assert!(last.has(&OrderStatus::Rejected), "{last:?}");
    assert_eq!(last.resulting_purchase_id, None);
}

#[tokio::test]
async fn cancel_before_completion() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let created = client
        .create_purchase_order(&order(&key("cancel"), scenarios::SCA_NEVER_FINISHES))
        .await
        .unwrap();
    assert!(client.cancel_purchase_order(&created.id).await.unwrap());
    let order = client
        .purchase_order(&created.id)
        .await
        .unwrap()
        .expect("order");
    assert!(order.has(&OrderStatus::Cancelled), "{order:?}");
    assert!(order.is_final());
}

#[tokio::test]
async fn kronor_validation_errors_are_shown_and_not_retried() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    let mut bad = order(&key("bad"), &normal_customer());
    bad.purchase_total_amount = 12_345; // lines add up to 10 000
    match client.create_purchase_order(&bad).await {
        Err(Error::Validation { message }) => assert!(!message.is_empty()),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(
        sleeper.delays().is_empty(),
        "validation failures are never retried"
    );
    assert_eq!(sandbox.purchase_order_count(), 0);
}

#[tokio::test]
async fn a_bad_idempotency_key_never_leaves_the_till() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let result = client
        .create_purchase_order(&order("order 42/ä", &normal_customer()))
        .await;
    assert!(
        matches!(result, Err(Error::Validation { .. })),
        "{result:?}"
    );
    assert_eq!(sandbox.purchase_order_count(), 0);
}

#[tokio::test]
async fn a_wrong_token_is_an_auth_error() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.token = MerchantToken::new("not-a-jwt");
    let client = Client::new(config).unwrap();
    let result = client
        .create_purchase_order(&order(&key("auth"), &normal_customer()))
        .await;
    assert!(matches!(result, Err(Error::Auth { .. })), "{result:?}");
    assert!(sleeper.delays().is_empty());

    let good = support::client(&sandbox, &sleeper);
    let read = good
        .purchase_order_with_wait_token("x", &WaitToken::new("forged"))
        .await;
    assert!(matches!(read, Err(Error::Auth { .. })), "{read:?}");

    let mut watch = good.watch_purchase_order("x", &WaitToken::new("forged"));
    let events = rest(&mut watch).await;
    assert!(
        matches!(events.last(), Some(WatchEvent::Failed(Error::Auth { .. }))),
        "{events:?}"
    );
}

#[tokio::test]
async fn sca_url_points_at_the_sandbox_page() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, &RecordingSleeper::default());
    let created = client
        .create_purchase_order(&order(&key("sca"), &normal_customer()))
        .await
        .unwrap();
    let url = client.sca_url(&created.wait_token, None);
    assert!(url.as_str().starts_with(sandbox.sca_url().as_str()));
    let token: Vec<_> = url
        .query_pairs()
        .filter(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(token, vec![created.wait_token.as_str().to_owned()]);
}

#[tokio::test]
async fn an_expired_merchant_token_is_an_auth_error() {
    let mut sandbox_config = kronor_sandbox::SandboxConfig::local();
    sandbox_config.clock = kronor_sandbox::Clock::manual(jiff::Timestamp::now());
    let sandbox = kronor_sandbox::Sandbox::start(sandbox_config)
        .await
        .unwrap();
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.token =
        MerchantToken::new(sandbox.mint_merchant_token(std::time::Duration::from_secs(60)));
    let client = Client::new(config).unwrap();
    client
        .create_purchase_order(&order(&key("ttl"), &normal_customer()))
        .await
        .unwrap();
    sandbox.clock().advance(std::time::Duration::from_secs(120));
    let result = client
        .create_purchase_order(&order(&key("ttl"), &normal_customer()))
        .await;
    assert!(matches!(result, Err(Error::Auth { .. })), "{result:?}");
    assert!(sleeper.delays().is_empty(), "auth errors are not retried");
    assert_eq!(sandbox.purchase_order_count(), 1);
}
