//! Sessions, payment requests, refunds and their idempotency keys survive a restart on the same
//! `--db` file; the request log names each operation's role.

use kronor_sandbox::SwishDecision;
use serde_json::{Value, json};

use crate::support::*;
use crate::swish::*;

#[tokio::test]
async fn sessions_payments_refunds_and_keys_survive_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sandbox.sqlite");
    // Manual clocks at the same time: replayed inputs (with expiresAt) stay the same data.
    let sb = start_with(|c| {
        c.db = Some(db.clone());
        c.clock = manual();
    })
    .await;
    let session = new_session(&sb, "keep-1", "ref-keep").await;
    let paid = new_swish(&sb, &session, "keep-pay").await;
    sb.decide_swish(&paid, SwishDecision::Pay).expect("pay");
    let pid = payment(&sb, &session, &paid).await["resultingPaymentId"]
        .as_i64()
        .expect("id");
    let refund = json!({"r": {"idempotencyKey": "keep-rf", "paymentId": pid, "amount": 100, "message": "Retur"}});
    let refunded = gql(&sb, REFUND, refund.clone()).await;
    let open_session = new_session(&sb, "keep-2", "ref-open").await;
    let open = new_swish(&sb, &open_session, "keep-open").await;
    let mut ws = watch_payment(&sb, &open_session, &open, "graphql-transport-ws").await;
    until_payment(&mut ws, "WAITING_FOR_PAYMENT").await;
    sb.shutdown().await;

    let sb = start_with(|c| {
        c.db = Some(db.clone());
        c.clock = manual();
    })
    .await;
    assert_eq!(sb.payment_session_count(), 2);
    assert_eq!(sb.payment_request_count(), 2);
    assert_eq!(sb.refund_count(), 1);
    // The old session token still works (the secret is in the file) and sees its payment.
    let r = payment(&sb, &session, &paid).await;
    assert_eq!(statuses(&r), ["PAID"], "{r}");
    assert_eq!(r["resultingPaymentId"].as_i64(), Some(pid));
    // Keys: same-key replays get the same answers.
    assert_eq!(
        new_session(&sb, "keep-1", "ref-keep").await,
        session,
        "session replay"
    );
    assert_eq!(new_swish(&sb, &session, "keep-pay").await, paid);
    assert_eq!(gql(&sb, REFUND, refund).await, refunded);
    // The open payment is still payable, and ids do not repeat.
    sb.decide_swish(&open, SwishDecision::Pay)
        .expect("pay after restart");
    let r = payment(&sb, &open_session, &open).await;
    assert!(r["resultingPaymentId"].as_i64().expect("id") > pid);
    sb.shutdown().await;
}

#[tokio::test]
async fn request_log_names_the_role() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("requests.jsonl");
    let sb = start_with(|c| c.request_log = Some(log.clone())).await;
    let session = new_session(&sb, "log-1", "ref-log").await;
    let wait = new_swish(&sb, &session, "log-pay").await;
    let mut ws = watch_payment(&sb, &session, &wait, "graphql-ws").await;
    ws.next_payload("p").await;
    let (_, v) = post_raw(
        &sb,
        Some("garbage"),
        json!({"query": "query { version }"}).to_string(),
    )
    .await;
    assert_eq!(first_error(&v).0, "invalid-jwt");
    let text = std::fs::read_to_string(&log).expect("log written");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let roles: Vec<(&str, &Value)> = lines
        .iter()
        .map(|l| (l["transport"].as_str().unwrap_or(""), &l["role"]))
        .collect();
    assert_eq!(
        roles,
        [
            ("http", &json!("merchant")),
            ("http", &json!("payment-gateway")),
            ("ws", &json!("payment-gateway")),
            ("http", &Value::Null),
        ],
        "{text}"
    );
}
