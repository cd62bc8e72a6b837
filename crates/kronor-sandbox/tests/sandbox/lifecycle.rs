//! The order lifecycle, each status pushed to a live query as it happens.

use std::time::Duration;

use kronor_sandbox::{Clock, ScaDecision, ScaError, scenarios};
use serde_json::{Value, json};

use crate::support::*;

/// Subscribes to an order id before it exists, creates it, and collects the distinct status
/// sequence until `last` shows up.
async fn statuses_until(
    sb: &kronor_sandbox::Sandbox,
    ws: &mut Ws,
    last: &str,
) -> (Vec<String>, Value) {
    let mut seen: Vec<String> = Vec::new();
    loop {
        let v = ws.next_payload("w").await;
        let order = v["payload"]["data"]["purchaseOrders"][0].clone();
        for s in statuses(&order) {
            if seen.last() != Some(&s) {
                seen.push(s);
            }
        }
        if seen.last().map(String::as_str) == Some(last) {
            let _ = sb;
            return (seen, order);
        }
    }
}

async fn purchase_by_reference(sb: &kronor_sandbox::Sandbox, reference: &str) -> Value {
    let q = "query($r: String!) { purchases(where: {merchantReference: {_eq: $r}}) { id merchantReference totalAmount status { status } } }";
    gql(sb, q, json!({"r": reference})).await["data"]["purchases"].clone()
}

#[tokio::test]
async fn normal_flow_pushes_every_status_and_ends_with_a_purchase() {
    let sb = start().await;
    let mut ws = watch(&sb, "flow-1").await;
    let empty = ws.next_payload("w").await;
    assert_eq!(empty["payload"]["data"]["purchaseOrders"], json!([]));
    create(&sb, "flow-1", scenarios::NORMAL).await;
    let (seen, _) = statuses_until(&sb, &mut ws, "SCA_REQUIRED").await;
    assert_eq!(seen, ["PRE_FLIGHT_SCORING", "SCA_REQUIRED"]);
    assert_eq!(
        purchase_by_reference(&sb, "ref-flow-1").await,
        json!([]),
        "no purchase before SCA"
    );
    sb.decide_sca("flow-1", ScaDecision::Approve)
        .expect("waiting for SCA");
    let (seen, order) = statuses_until(&sb, &mut ws, "WAITING_FOR_CAPTURE").await;
    assert_eq!(seen, ["RISK_SCORING", "WAITING_FOR_CAPTURE"]);
    let purchase_id = order["resultingPurchaseId"]
        .as_i64()
        .expect("resultingPurchaseId set");
    let purchases = purchase_by_reference(&sb, "ref-flow-1").await;
    assert_eq!(purchases[0]["id"].as_i64(), Some(purchase_id));
    assert_eq!(purchases[0]["totalAmount"].as_i64(), Some(26_000));
    assert_eq!(statuses(&purchases[0]), ["WAITING_FOR_CAPTURE"]);
    assert_eq!(
        sb.decide_sca("flow-1", ScaDecision::Reject),
        Err(ScaError::NotWaitingForSca {
            status: "WAITING_FOR_CAPTURE".into()
        })
    );
}

#[tokio::test]
async fn scenario_customers_take_their_fixed_paths() {
    let sb = start().await;
    let mut ws = watch(&sb, "no-sca").await;
    create(&sb, "no-sca", scenarios::APPROVED_WITHOUT_SCA).await;
    let (seen, order) = statuses_until(&sb, &mut ws, "WAITING_FOR_CAPTURE").await;
    assert_eq!(
        seen,
        ["PRE_FLIGHT_SCORING", "RISK_SCORING", "WAITING_FOR_CAPTURE"]
    );
    assert!(order["resultingPurchaseId"].is_i64());

    let mut ws = watch(&sb, "risky").await;
    create(&sb, "risky", scenarios::REJECTED_AT_RISK_SCORING).await;
    statuses_until(&sb, &mut ws, "SCA_REQUIRED").await;
    sb.decide_sca("risky", ScaDecision::Approve).expect("sca");
    let (seen, order) = statuses_until(&sb, &mut ws, "REJECTED").await;
    assert_eq!(seen, ["RISK_SCORING", "REJECTED"]);
    assert!(order["resultingPurchaseId"].is_null());
    assert_eq!(purchase_by_reference(&sb, "ref-risky").await, json!([]));

    let mut ws = watch(&sb, "stuck").await;
    create(&sb, "stuck", scenarios::SCA_NEVER_FINISHES).await;
    statuses_until(&sb, &mut ws, "SCA_REQUIRED").await;
    assert_eq!(
        sb.decide_sca("stuck", ScaDecision::Approve),
        Err(ScaError::NeverFinishes)
    );
    let v = gql(
        &sb,
        "mutation { purchaseOrderCancel(cancel: {purchaseOrderId: \"stuck\"}) { result } }",
        json!({}),
    )
    .await;
    assert_eq!(v["data"]["purchaseOrderCancel"]["result"], true);
    statuses_until(&sb, &mut ws, "CANCELLED").await;
}

#[tokio::test]
async fn sca_rejected_ends_rejected() {
    let sb = start().await;
    let mut ws = watch(&sb, "no").await;
    create(&sb, "no", scenarios::NORMAL).await;
    statuses_until(&sb, &mut ws, "SCA_REQUIRED").await;
    sb.decide_sca("no", ScaDecision::Reject).expect("sca");
    statuses_until(&sb, &mut ws, "REJECTED").await;
    assert_eq!(
        sb.decide_sca("missing", ScaDecision::Approve),
        Err(ScaError::UnknownPurchaseOrder("missing".into()))
    );
}

#[tokio::test]
async fn no_sca_within_the_timeout_cancels_the_order() {
    let clock = Clock::manual(
        jiff::Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(24 * 365 * 56),
    );
    let sb = start_with(|c| {
        c.clock = clock.clone();
        c.sca_timeout = Duration::from_secs(60);
    })
    .await;
    let mut ws = watch(&sb, "slow").await;
    create(&sb, "slow", scenarios::SCA_NEVER_FINISHES).await;
    statuses_until(&sb, &mut ws, "SCA_REQUIRED").await;
    clock.advance(Duration::from_secs(59));
    let v = gql(&sb, STATUS, json!({"id": "slow"})).await;
    assert_eq!(statuses(&v["data"]["purchaseOrders"][0]), ["SCA_REQUIRED"]);
    clock.advance(Duration::from_secs(1));
    let (_, order) = statuses_until(&sb, &mut ws, "CANCELLED").await;
    let entered = order["status"][0]["enteredAt"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let expected = clock.now().strftime("%Y-%m-%dT%H:%M:%S").to_string();
    assert!(entered.starts_with(&expected), "{entered} vs {expected}");
}

const CANCEL: &str =
    "mutation($id: String!) { purchaseOrderCancel(cancel: {purchaseOrderId: $id}) { result } }";
const CAPTURE: &str =
    "mutation($c: PurchaseCaptureAllInput!) { newPurchaseCaptureAll(capture: $c) { captureId } }";
const RETURN: &str =
    "mutation($r: PurchaseReturnAllInput!) { newPurchaseReturnAll(return: $r) { returnId } }";

#[tokio::test]
async fn cancel_works_only_before_completion() {
    let sb = start().await;
    let mut ws = watch(&sb, "c1").await;
    create(&sb, "c1", scenarios::NORMAL).await;
    statuses_until(&sb, &mut ws, "SCA_REQUIRED").await;
    let v = gql(&sb, CANCEL, json!({"id": "c1"})).await;
    assert_eq!(v["data"]["purchaseOrderCancel"]["result"], true);
    statuses_until(&sb, &mut ws, "CANCELLED").await;
    let v = gql(&sb, CANCEL, json!({"id": "c1"})).await;
    assert_eq!(
        v["data"]["purchaseOrderCancel"]["result"], false,
        "already finished"
    );

    let mut ws = watch(&sb, "c2").await;
    create(&sb, "c2", scenarios::APPROVED_WITHOUT_SCA).await;
    statuses_until(&sb, &mut ws, "WAITING_FOR_CAPTURE").await;
    let v = gql(&sb, CANCEL, json!({"id": "c2"})).await;
    assert_eq!(
        v["data"]["purchaseOrderCancel"]["result"], false,
        "completed"
    );
    let v = gql(&sb, STATUS, json!({"id": "c2"})).await;
    assert_eq!(
        statuses(&v["data"]["purchaseOrders"][0]),
        ["WAITING_FOR_CAPTURE"],
        "nothing changed"
    );

    let v = gql(&sb, CANCEL, json!({"id": "nope"})).await;
    assert_eq!(first_error(&v).1, "VALIDATION_FAILURE");
}

#[tokio::test]
async fn capture_then_return_with_idempotent_keys() {
    let sb = start().await;
    let mut ws = watch(&sb, "cap").await;
    create(&sb, "cap", scenarios::APPROVED_WITHOUT_SCA).await;
    let (_, order) = statuses_until(&sb, &mut ws, "WAITING_FOR_CAPTURE").await;
    let pid = order["resultingPurchaseId"].as_i64().expect("purchase");

    let v = gql(
        &sb,
        RETURN,
        json!({"r": {"purchaseId": pid, "idempotencyKey": "ret-early"}}),
    )
    .await;
    assert_eq!(
        first_error(&v).1,
        "VALIDATION_FAILURE",
        "no return before capture: {v}"
    );

    let capture =
        json!({"c": {"purchaseId": pid, "idempotencyKey": "cap-1", "description": "handed over"}});
    let first = gql(&sb, CAPTURE, capture.clone()).await;
    let capture_id = first["data"]["newPurchaseCaptureAll"]["captureId"]
        .as_i64()
        .expect("captureId");
    statuses_until(&sb, &mut ws, "CAPTURE_DONE").await;
    assert_eq!(
        gql(&sb, CAPTURE, capture).await,
        first,
        "same key, same answer"
    );
    let v = gql(
        &sb,
        CAPTURE,
        json!({"c": {"purchaseId": pid, "idempotencyKey": "cap-1", "description": "other"}}),
    )
    .await;
    assert!(
        first_error(&v).2.contains("already used with other data"),
        "{v}"
    );
    let v = gql(
        &sb,
        CAPTURE,
        json!({"c": {"purchaseId": pid.to_string(), "idempotencyKey": "cap-2"}}),
    )
    .await;
    assert_eq!(
        first_error(&v).1,
        "VALIDATION_FAILURE",
        "already captured: {v}"
    );

    let v = gql(
        &sb,
        RETURN,
        json!({"r": {"purchaseId": pid, "idempotencyKey": "ret-1"}}),
    )
    .await;
    let return_id = v["data"]["newPurchaseReturnAll"]["returnId"]
        .as_i64()
        .expect("returnId");
    assert_ne!(return_id, capture_id);
    let purchases = purchase_by_reference(&sb, "ref-cap").await;
    assert_eq!(statuses(&purchases[0]), ["RETURNED"]);
}
