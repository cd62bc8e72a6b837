//! Subscriptions over both WebSocket protocols (and no subprotocol header, which Hasura treats
//! as the legacy one), token from `connection_init`, and the protocol's error paths.

use kronor_sandbox::{ScaDecision, scenarios};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn live_query_over_each_protocol_pushes_the_whole_result_on_change() {
    let sb = start().await;
    for (n, protocol) in [Some("graphql-transport-ws"), Some("graphql-ws"), None]
        .into_iter()
        .enumerate()
    {
        let id = format!("ws-{n}");
        create(&sb, &id, scenarios::NORMAL).await;
        let mut ws = Ws::connect(&sb, protocol).await.expect("upgrade");
        let ack = ws.init(&sb.merchant_token()).await;
        assert_eq!(ack["type"], "connection_ack", "{protocol:?}");
        ws.subscribe("s1", WATCH, json!({"id": id})).await;
        let first = ws.until_status("s1", "SCA_REQUIRED").await;
        assert_eq!(first["id"], id.as_str());
        sb.decide_sca(&id, ScaDecision::Approve).expect("sca");
        let done = ws.until_status("s1", "WAITING_FOR_CAPTURE").await;
        assert!(
            done["resultingPurchaseId"].is_i64(),
            "whole row sent: {done}"
        );
        let stop = if ws.legacy() { "stop" } else { "complete" };
        ws.send(json!({"type": stop, "id": "s1"})).await;
        if ws.legacy() {
            assert_eq!(ws.next_payload("s1").await["type"], "complete");
        }
        // A query over the socket answers once, then completes.
        ws.subscribe("q1", STATUS, json!({"id": id})).await;
        let answer = ws.next_payload("q1").await;
        assert_eq!(
            statuses(&answer["payload"]["data"]["purchaseOrders"][0]),
            ["WAITING_FOR_CAPTURE"]
        );
        assert_eq!(ws.next_payload("q1").await["type"], "complete");
    }
}

#[tokio::test]
async fn wait_token_subscribes_to_its_order_only() {
    let sb = start().await;
    let (id, wait) = create(&sb, "wt", scenarios::NORMAL).await;
    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    assert_eq!(ws.init(&wait).await["type"], "connection_ack");
    ws.subscribe(
        "a",
        "subscription { purchaseOrders { id status { status } } }",
        json!({}),
    )
    .await;
    let order = ws.until_status("a", "SCA_REQUIRED").await;
    assert_eq!(order["id"], id.as_str());
    ws.subscribe("b", "subscription { purchases { id } }", json!({}))
        .await;
    let denied = ws.next_payload("b").await;
    assert_eq!(denied["type"], "error");
    assert_eq!(denied["payload"][0]["extensions"]["code"], "access-denied");
}

#[tokio::test]
async fn bad_tokens_and_early_subscribes_close_the_socket() {
    let sb = start().await;
    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    ws.send(json!({"type": "connection_init", "payload": {"headers": {"Authorization": "Bearer junk"}}})).await;
    assert_eq!(ws.close_code().await, Some(4403));

    let mut ws = Ws::connect(&sb, Some("graphql-ws")).await.expect("upgrade");
    ws.send(json!({"type": "connection_init", "payload": {}}))
        .await;
    let err = ws.recv().await.expect("connection_error");
    assert_eq!(err["type"], "connection_error");
    assert!(
        err["payload"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("Missing 'Authorization'")
    );

    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    ws.subscribe("x", WATCH, json!({"id": "x"})).await;
    assert_eq!(ws.close_code().await, Some(4401));
}

#[tokio::test]
async fn garbage_frames_get_a_clean_close_and_the_sandbox_keeps_serving() {
    let sb = start().await;
    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    ws.socket.send_text_raw("{not json").await;
    assert_eq!(ws.close_code().await, Some(4400));

    let mut ws = Ws::connect(&sb, None).await.expect("upgrade");
    ws.send(json!({"type": "what-is-this"})).await;
    assert_eq!(ws.recv().await.expect("error")["type"], "connection_error");

    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    assert_eq!(
        ws.init(&sb.merchant_token()).await["type"],
        "connection_ack"
    );
    ws.subscribe(
        "bad",
        "subscription { purchaseOrders { noSuchField } }",
        json!({}),
    )
    .await;
    let err = ws.next_payload("bad").await;
    assert_eq!(err["type"], "error");
    assert_eq!(err["payload"][0]["extensions"]["code"], "validation-failed");
    ws.send(json!({"type": "ping"})).await;
    assert_eq!(ws.recv().await.expect("pong")["type"], "pong");
}

#[tokio::test]
async fn websockets_can_be_closed_and_refused_on_demand() {
    let sb = start().await;
    let mut a = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    assert_eq!(a.init(&sb.merchant_token()).await["type"], "connection_ack");
    let mut b = Ws::connect(&sb, Some("graphql-ws")).await.expect("upgrade");
    assert_eq!(b.init(&sb.merchant_token()).await["type"], "connection_ack");
    sb.faults().close_websockets();
    assert!(a.close_code().await.is_some());
    assert!(b.close_code().await.is_some());

    sb.faults().refuse_websockets(2);
    assert_eq!(
        Ws::connect(&sb, Some("graphql-transport-ws")).await.err(),
        Some(503)
    );
    assert_eq!(Ws::connect(&sb, None).await.err(), Some(503));
    assert!(Ws::connect(&sb, Some("graphql-transport-ws")).await.is_ok());
    assert_eq!(sb.faults().injected(), 2);
}

trait RawText {
    async fn send_text_raw(&mut self, text: &str);
}

impl RawText for Socket {
    async fn send_text_raw(&mut self, text: &str) {
        use futures::SinkExt;
        self.send(tokio_tungstenite::tungstenite::Message::Text(
            text.to_owned().into(),
        ))
        .await
        .expect("send");
    }
}

#[tokio::test]
async fn purchases_live_query_shows_the_purchase_when_the_checkout_succeeds() {
    let sb = start().await;
    let mut ws = Ws::connect(&sb, Some("graphql-ws")).await.expect("upgrade");
    assert_eq!(
        ws.init(&sb.merchant_token()).await["type"],
        "connection_ack"
    );
    let q = "subscription($r: String!) { purchases(where: {merchantReference: {_eq: $r}}) { id merchantReference } }";
    ws.subscribe("p", q, json!({"r": "ref-pp"})).await;
    let first = ws.next_payload("p").await;
    assert_eq!(
        first["payload"]["data"]["purchases"],
        json!([]),
        "empty until the checkout succeeds"
    );
    create(&sb, "pp", scenarios::APPROVED_WITHOUT_SCA).await;
    loop {
        let v = ws.next_payload("p").await;
        let rows = v["payload"]["data"]["purchases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if let Some(row) = rows.first() {
            assert_eq!(row["merchantReference"], "ref-pp");
            assert!(row["id"].is_i64());
            break;
        }
    }
}
