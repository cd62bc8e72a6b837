//! Fault injection through the library API and the HTTP control endpoint.

use std::time::Duration;

use kronor_sandbox::{Fault, scenarios};
use serde_json::{Value, json};

use crate::support::*;

fn create_body(key: &str) -> String {
    json!({"query": CREATE, "variables": {"p": order_input(key, scenarios::NORMAL)}}).to_string()
}

#[tokio::test]
async fn temporary_failure_executes_nothing_and_a_retry_with_the_same_key_succeeds() {
    let sb = start().await;
    sb.faults()
        .inject("newPurchaseOrderWithInvoice", Fault::TemporaryFailure, 1);
    let token = sb.merchant_token();
    let (status, v) = post_raw(&sb, Some(&token), create_body("tf")).await;
    assert_eq!(status, 200);
    assert_eq!(first_error(&v).1, "TEMPORARY_FAILURE");
    assert_eq!(sb.purchase_order_count(), 0);
    let (_, v) = post_raw(&sb, Some(&token), create_body("tf")).await;
    assert_eq!(v["data"]["newPurchaseOrderWithInvoice"]["id"], "tf");
    assert_eq!(sb.faults().injected(), 1);
}

#[tokio::test]
async fn http_errors_hit_only_the_named_operation_the_given_number_of_times() {
    let sb = start().await;
    let token = sb.merchant_token();
    sb.faults()
        .inject("purchaseOrders", Fault::HttpStatus(503), 1);
    sb.faults().inject("*", Fault::HttpStatus(500), 1);
    let q = json!({"query": "{ purchaseOrders { id } }"}).to_string();
    let (status, _) = post_raw(&sb, Some(&token), q.clone()).await;
    assert_eq!(status, 503);
    let (status, _) = post_raw(&sb, Some(&token), create_body("h")).await;
    assert_eq!(status, 500, "\"*\" matches any operation");
    let (status, v) = post_raw(&sb, Some(&token), q).await;
    assert_eq!(
        (status, v["data"]["purchaseOrders"].clone()),
        (200, json!([]))
    );
    assert_eq!(sb.faults().injected(), 2);
}

#[tokio::test]
async fn delay_holds_the_answer_back() {
    let sb = start().await;
    sb.faults()
        .inject("version", Fault::Delay(Duration::from_secs(5)), 1);
    let impatient = client_builder()
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let err = impatient
        .post(sb.graphql_url())
        .header("authorization", format!("Bearer {}", sb.merchant_token()))
        .body(json!({"query": "{ version }"}).to_string())
        .send()
        .await
        .expect_err("still delayed when the client gives up");
    assert!(err.is_timeout());
    let v = gql(&sb, "{ version }", json!({})).await;
    assert!(
        v["data"]["version"].is_string(),
        "only one request was delayed"
    );
}

#[tokio::test]
async fn commit_then_drop_creates_the_order_but_loses_the_answer() {
    let sb = start().await;
    sb.faults()
        .inject("newPurchaseOrderWithInvoice", Fault::CommitThenDrop, 1);
    let err = client()
        .post(sb.graphql_url())
        .header("authorization", format!("Bearer {}", sb.merchant_token()))
        .body(create_body("lost"))
        .send()
        .await
        .expect_err("connection closed without a response");
    assert!(!err.is_timeout(), "{err}");
    assert_eq!(sb.purchase_order_count(), 1, "the order was committed");
    let (_, v) = post_raw(&sb, Some(&sb.merchant_token()), create_body("lost")).await;
    assert_eq!(
        v["data"]["newPurchaseOrderWithInvoice"]["id"], "lost",
        "a retry finds it"
    );
    assert_eq!(sb.purchase_order_count(), 1);
}

async fn control(
    sb: &kronor_sandbox::Sandbox,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, String) {
    let mut req = client()
        .post(sb.sca_url().join(path).expect("url"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await.expect("control answer");
    (
        resp.status().as_u16(),
        resp.text().await.unwrap_or_default(),
    )
}

#[tokio::test]
async fn control_endpoint_needs_the_merchant_token_and_drives_faults_and_sca() {
    let sb = start().await;
    let token = sb.merchant_token();
    let fault =
        json!({"operation": "purchaseOrders", "fault": "http-status", "status": 500, "times": 1});
    assert_eq!(
        control(&sb, "control/faults", None, fault.clone()).await.0,
        401
    );
    let (_, wait) = create(&sb, "ctl", scenarios::NORMAL).await;
    assert_eq!(
        control(&sb, "control/faults", Some(&wait), fault.clone())
            .await
            .0,
        401,
        "a waitToken is not enough"
    );
    assert_eq!(
        control(
            &sb,
            "control/faults",
            Some(&token),
            json!({"fault": "nope"})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        control(&sb, "control/faults", Some(&token), fault).await.0,
        204
    );
    let (status, _) = post_raw(
        &sb,
        Some(&token),
        json!({"query": "{ purchaseOrders { id } }"}).to_string(),
    )
    .await;
    assert_eq!(status, 500);

    let delay = json!({"operation": "*", "fault": "temporary-failure", "times": 3});
    assert_eq!(
        control(&sb, "control/faults", Some(&token), delay).await.0,
        204
    );
    assert_eq!(
        control(&sb, "control/clear", Some(&token), json!({}))
            .await
            .0,
        204
    );
    let v = gql(&sb, "{ version }", json!({})).await;
    assert!(
        v["data"]["version"].is_string(),
        "cleared faults do not fire"
    );

    let mut ws = watch(&sb, "ctl").await;
    ws.until_status("w", "SCA_REQUIRED").await;
    let sca = json!({"purchaseOrderId": "ctl", "decision": "approve"});
    assert_eq!(
        control(&sb, "control/sca", Some(&token), sca.clone())
            .await
            .0,
        204
    );
    ws.until_status("w", "WAITING_FOR_CAPTURE").await;
    assert_eq!(control(&sb, "control/sca", Some(&token), sca).await.0, 409);

    assert_eq!(
        control(&sb, "control/close-websockets", Some(&token), json!({}))
            .await
            .0,
        204
    );
    assert!(ws.close_code().await.is_some());
    assert_eq!(
        control(
            &sb,
            "control/refuse-websockets",
            Some(&token),
            json!({"times": 1})
        )
        .await
        .0,
        204
    );
    assert_eq!(Ws::connect(&sb, None).await.err(), Some(503));
    let resp = client()
        .get(sb.sca_url().join("control/faults").expect("url"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("status");
    let v: Value = serde_json::from_str(&resp.text().await.expect("body")).expect("json");
    assert_eq!(v["injected"], 2);
}
