//! Every fault the sandbox can inject, and what the client makes of it.

mod support;

use kronor::{Client, Error, RetryPolicy};
use kronor_sandbox::Fault;
use std::time::Duration;
use support::*;

const CREATE: &str = "newPurchaseOrderWithInvoice";

#[tokio::test]
async fn temporary_failure_burst_is_retried_with_backoff_and_the_same_key() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    sandbox.faults().inject(CREATE, Fault::TemporaryFailure, 3);
    let key = key("temp");
    let created = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await
        .unwrap();
    assert_eq!(created.id, key);
    assert_eq!(sleeper.delays(), vec![secs(0.5), secs(1.0), secs(2.0)]);
    assert_eq!(sandbox.faults().injected(), 3);
    assert_eq!(sandbox.purchase_order_count(), 1);
}

#[tokio::test]
async fn a_failure_that_outlasts_the_backoff_is_temporary() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    sandbox
        .faults()
        .inject(CREATE, Fault::TemporaryFailure, 100);
    let result = client
        .create_purchase_order(&order(&key("long"), &normal_customer()))
        .await;
    assert!(matches!(result, Err(Error::Temporary { .. })), "{result:?}");
    assert_eq!(
        sleeper.delays(),
        vec![secs(0.5), secs(1.0), secs(2.0), secs(4.0), secs(8.0)],
        "Kronor's backoff, then give up"
    );
    assert_eq!(
        sandbox.faults().injected(),
        6,
        "one attempt more than there are delays"
    );
    assert_eq!(sandbox.purchase_order_count(), 0);
}

#[tokio::test]
async fn http_500_and_503_are_retried() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    sandbox.faults().inject(CREATE, Fault::HttpStatus(500), 1);
    let created = client
        .create_purchase_order(&order(&key("h500"), &normal_customer()))
        .await
        .unwrap();
    sandbox
        .faults()
        .inject("purchaseOrders", Fault::HttpStatus(503), 2);
    let read = client.purchase_order(&created.id).await.unwrap();
    assert!(read.is_some());
    assert_eq!(sleeper.delays(), vec![secs(0.5), secs(0.5), secs(1.0)]);
    assert_eq!(sandbox.faults().injected(), 3);
}

#[tokio::test]
async fn an_answer_slower_than_the_request_timeout_is_outcome_unknown() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.request_timeout = Duration::from_millis(300);
    config.retry = RetryPolicy::none();
    let client = Client::new(config).unwrap();
    sandbox
        .faults()
        .inject(CREATE, Fault::Delay(Duration::from_secs(5)), 1);
    let key = key("slow");
    let order = order(&key, &normal_customer());
    let result = client.create_purchase_order(&order).await;
    assert!(
        matches!(result, Err(Error::OutcomeUnknown { .. })),
        "{result:?}"
    );
    assert!(result.unwrap_err().is_retryable());
    // What the till then does: send again with the same key.
    let created = client.create_purchase_order(&order).await.unwrap();
    assert_eq!(created.id, key);
    assert_eq!(sandbox.purchase_order_count(), 1);
}

#[tokio::test]
async fn a_slow_answer_is_retried_with_the_same_key_into_one_order() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.request_timeout = Duration::from_millis(300);
    let client = Client::new(config).unwrap();
    sandbox
        .faults()
        .inject(CREATE, Fault::Delay(Duration::from_secs(5)), 1);
    let key = key("slow-retry");
    let created = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await
        .unwrap();
    assert_eq!(created.id, key);
    assert_eq!(sleeper.delays(), vec![secs(0.5)]);
    assert_eq!(sandbox.purchase_order_count(), 1);
}

#[tokio::test]
async fn commit_then_drop_on_create_is_retried_into_the_same_single_order() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    sandbox.faults().inject(CREATE, Fault::CommitThenDrop, 1);
    let key = key("drop");
    let created = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await
        .unwrap();
    assert_eq!(created.id, key);
    assert_eq!(sleeper.delays(), vec![secs(0.5)]);
    assert_eq!(sandbox.faults().injected(), 1);
    assert_eq!(sandbox.purchase_order_count(), 1, "exactly one order");
    let read = client
        .purchase_order_with_wait_token(&created.id, &created.wait_token)
        .await
        .unwrap();
    assert!(read.is_some(), "the retried answer's wait token is valid");
}

#[tokio::test]
async fn commit_then_drop_without_retries_is_outcome_unknown_and_the_order_exists() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.retry = RetryPolicy::none();
    let client = Client::new(config).unwrap();
    sandbox.faults().inject(CREATE, Fault::CommitThenDrop, 1);
    let key = key("drop1");
    let result = client
        .create_purchase_order(&order(&key, &normal_customer()))
        .await;
    assert!(
        matches!(result, Err(Error::OutcomeUnknown { .. })),
        "{result:?}"
    );
    assert!(
        client.purchase_order(&key).await.unwrap().is_some(),
        "it did happen"
    );
    assert_eq!(sandbox.purchase_order_count(), 1);
}

#[tokio::test]
async fn a_lost_answer_then_a_temporary_failure_is_still_outcome_unknown() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.retry = RetryPolicy {
        delays: vec![Duration::from_millis(500)],
    };
    let client = Client::new(config).unwrap();
    sandbox.faults().inject(CREATE, Fault::CommitThenDrop, 1);
    sandbox.faults().inject(CREATE, Fault::TemporaryFailure, 1);
    let result = client
        .create_purchase_order(&order(&key("mixed"), &normal_customer()))
        .await;
    assert!(
        matches!(result, Err(Error::OutcomeUnknown { .. })),
        "{result:?}"
    );
    assert_eq!(sandbox.purchase_order_count(), 1);
}

#[tokio::test]
async fn faults_on_other_operations_only_hit_them() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    sandbox
        .faults()
        .inject("purchaseOrderCancel", Fault::TemporaryFailure, 1);
    let created = client
        .create_purchase_order(&order(&key("other"), &normal_customer()))
        .await
        .unwrap();
    assert!(sleeper.delays().is_empty(), "create was not hit");
    assert!(client.cancel_purchase_order(&created.id).await.unwrap());
    assert_eq!(sleeper.delays(), vec![secs(0.5)]);
    sandbox.faults().clear();
}
