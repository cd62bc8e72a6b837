//! Things a real Kronor may send that a client must cope with: bigints as strings and status
//! values it does not know yet.

use kronor_sandbox::{ScaDecision, scenarios};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn bigints_can_be_sent_as_strings_over_http_and_websocket() {
    let sb = start().await;
    sb.set_stringify_bigints(true);
    let mut ws = watch(&sb, "big").await;
    create(&sb, "big", scenarios::APPROVED_WITHOUT_SCA).await;
    let order = ws.until_status("w", "WAITING_FOR_CAPTURE").await;
    let pid = order["resultingPurchaseId"]
        .as_str()
        .expect("string over WebSocket")
        .to_owned();
    let q = "{ purchaseOrders { purchaseTotalAmount resultingPurchaseId } }";
    let v = gql(&sb, q, json!({})).await;
    assert_eq!(
        v["data"]["purchaseOrders"][0],
        json!({"purchaseTotalAmount": "26000", "resultingPurchaseId": pid})
    );
    let capture = "mutation($c: PurchaseCaptureAllInput!) { newPurchaseCaptureAll(capture: $c) { captureId } }";
    let v = gql(
        &sb,
        capture,
        json!({"c": {"purchaseId": pid, "idempotencyKey": "c"}}),
    )
    .await;
    assert!(
        v["data"]["newPurchaseCaptureAll"]["captureId"].is_string(),
        "{v}"
    );
    sb.set_stringify_bigints(false);
    let v = gql(&sb, q, json!({})).await;
    assert_eq!(
        v["data"]["purchaseOrders"][0]["purchaseTotalAmount"],
        26_000
    );
}

#[tokio::test]
async fn an_unknown_status_is_sent_raw_until_the_next_transition() {
    let sb = start().await;
    let mut ws = watch(&sb, "moon").await;
    create(&sb, "moon", scenarios::NORMAL).await;
    ws.until_status("w", "SCA_REQUIRED").await;
    assert!(sb.inject_status("moon", "AWAITING_MOON"));
    assert!(!sb.inject_status("nope", "AWAITING_MOON"));
    let order = ws.until_status("w", "AWAITING_MOON").await;
    assert_eq!(statuses(&order), ["SCA_REQUIRED", "AWAITING_MOON"]);
    let v = gql(
        &sb,
        "query { orders: purchaseOrders { s: status { status } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        v["data"]["orders"][0]["s"],
        json!([{"status": "SCA_REQUIRED"}, {"status": "AWAITING_MOON"}]),
        "aliases too"
    );
    sb.decide_sca("moon", ScaDecision::Approve).expect("sca");
    let order = ws.until_status("w", "WAITING_FOR_CAPTURE").await;
    assert_eq!(statuses(&order), ["WAITING_FOR_CAPTURE"]);
}
