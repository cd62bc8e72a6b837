//! `--db FILE`: state and the token secret survive a restart.

use kronor_sandbox::{ScaDecision, scenarios};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn orders_purchases_keys_and_tokens_survive_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sandbox.sqlite");
    let sb = start_with(|c| c.db = Some(db.clone())).await;
    let token = sb.merchant_token();
    let mut ws = watch(&sb, "kept").await;
    let first = gql(
        &sb,
        CREATE,
        json!({"p": order_input("kept", scenarios::NORMAL)}),
    )
    .await;
    ws.until_status("w", "SCA_REQUIRED").await;
    sb.decide_sca("kept", ScaDecision::Approve).expect("sca");
    let order = ws.until_status("w", "WAITING_FOR_CAPTURE").await;
    let pid = order["resultingPurchaseId"].as_i64().expect("purchase");
    let mut ws = watch(&sb, "pending").await;
    create(&sb, "pending", scenarios::NORMAL).await;
    ws.until_status("w", "SCA_REQUIRED").await;
    sb.shutdown().await;

    let sb = start_with(|c| c.db = Some(db.clone())).await;
    assert_eq!(sb.purchase_order_count(), 2);
    let v = gql_as(&sb, &token, STATUS, json!({"id": "kept"})).await;
    let order = &v["data"]["purchaseOrders"][0];
    assert_eq!(
        statuses(order),
        ["WAITING_FOR_CAPTURE"],
        "old token still valid: {v}"
    );
    assert_eq!(order["resultingPurchaseId"].as_i64(), Some(pid));
    let again = gql(
        &sb,
        CREATE,
        json!({"p": order_input("kept", scenarios::NORMAL)}),
    )
    .await;
    assert_eq!(again, first, "idempotency survives: same id and waitToken");
    let q = "{ purchases { id merchantReference } }";
    let v = gql(&sb, q, json!({})).await;
    assert_eq!(
        v["data"]["purchases"],
        json!([{"id": pid, "merchantReference": "ref-kept"}])
    );
    // The pending order can still be finished, and new ids do not collide with old ones.
    let mut ws = watch(&sb, "pending").await;
    sb.decide_sca("pending", ScaDecision::Approve)
        .expect("still waiting for SCA");
    let order = ws.until_status("w", "WAITING_FOR_CAPTURE").await;
    assert!(order["resultingPurchaseId"].as_i64() > Some(pid));
    sb.shutdown().await;
}

#[tokio::test]
async fn an_unusable_database_path_is_a_clear_start_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = kronor_sandbox::SandboxConfig::local();
    config.db = Some(dir.path().join("missing-dir").join("db.sqlite"));
    let err = kronor_sandbox::Sandbox::start(config)
        .await
        .expect_err("cannot open");
    assert!(
        err.to_string().contains("cannot open the database"),
        "{err}"
    );
}

#[tokio::test]
async fn after_a_flush_a_second_sandbox_on_the_same_file_finds_everything() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sandbox.sqlite");
    let first = start_with(|c| c.db = Some(db.clone())).await;
    let mut ws = watch(&first, "moved").await;
    create(&first, "moved", scenarios::NORMAL).await;
    ws.until_status("w", "SCA_REQUIRED").await;
    first
        .decide_sca("moved", ScaDecision::Approve)
        .expect("sca");
    ws.until_status("w", "WAITING_FOR_CAPTURE").await;
    // The first one still serves (as during a restart on another address).
    first.flush().await;

    let second = start_with(|c| c.db = Some(db.clone())).await;
    assert_eq!(second.purchase_order_count(), 1);
    let v = gql(&second, STATUS, json!({"id": "moved"})).await;
    assert_eq!(
        statuses(&v["data"]["purchaseOrders"][0]),
        ["WAITING_FOR_CAPTURE"],
        "{v}"
    );
    drop(first);
    second.shutdown().await;
}
