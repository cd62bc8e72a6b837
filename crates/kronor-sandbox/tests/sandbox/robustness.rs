//! Bad requests never panic or hang: each gets a Hasura-shaped error and the sandbox serves on.

use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn malformed_and_wrong_requests_get_hasura_errors() {
    let sb = start().await;
    let token = sb.merchant_token();
    let t = Some(token.as_str());
    let (status, v) = post_raw(&sb, t, "{not json".into()).await;
    assert_eq!((status, first_error(&v).0), (400, "invalid-json"));
    let (status, v) = post_raw(&sb, t, json!({"variables": {}}).to_string()).await;
    assert_eq!(
        (status, first_error(&v).0),
        (400, "invalid-json"),
        "no query"
    );
    let cases: Vec<(Value, &str)> = vec![
        (json!({"query": "{ purchaseOrders { id "}), "parse-failed"),
        (
            json!({"query": "{ purchaseOrders { noSuchField } }"}),
            "validation-failed",
        ),
        (json!({"query": "{ noSuchRoot }"}), "validation-failed"),
        (
            json!({"query": "query A { version } query B { version }"}),
            "validation-failed",
        ),
        (
            json!({"query": "query A { version }", "operationName": "Z"}),
            "validation-failed",
        ),
        (
            json!({"query": STATUS, "variables": {"id": 42}}),
            "validation-failed",
        ),
        (
            json!({"query": CREATE, "variables": {"p": {"idempotencyKey": "x"}}}),
            "validation-failed",
        ),
        (
            json!({"query": "subscription { purchaseOrders { id } }"}),
            "validation-failed",
        ),
        (
            json!({"query": "{ purchaseOrders(where: {status: {enteredAt: {_similar: \"x\"}}}) { id } }"}),
            "validation-failed",
        ),
    ];
    for (body, code) in cases {
        let (status, v) = post_raw(&sb, t, body.to_string()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(first_error(&v).0, code, "{body} → {v}");
        assert!(v["errors"][0]["extensions"]["path"].is_string(), "{v}");
    }
    let huge =
        json!({"query": "{ version }", "variables": {"pad": "x".repeat(51 * 1024)}}).to_string();
    let (status, v) = post_raw(&sb, t, huge).await;
    assert_eq!(status, 413);
    assert_eq!(first_error(&v).0, "request-too-large");
    let fits =
        json!({"query": "{ version }", "variables": {"pad": "x".repeat(40 * 1024)}}).to_string();
    let (status, v) = post_raw(&sb, t, fits).await;
    assert_eq!(status, 200);
    assert!(v["data"]["version"].is_string(), "still serving: {v}");
}

#[tokio::test]
async fn request_log_has_one_json_line_per_operation_over_both_transports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("requests.jsonl");
    let sb = start_with(|c| c.request_log = Some(log.clone())).await;
    gql(&sb, "query V { version }", json!({})).await;
    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    ws.init(&sb.merchant_token()).await;
    ws.subscribe("1", WATCH, json!({"id": "x"})).await;
    ws.next_payload("1").await;
    let text = std::fs::read_to_string(&log).expect("log written");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["transport"], "http");
    assert_eq!(lines[0]["operationName"], Value::Null);
    assert_eq!(lines[0]["query"], "query V { version }");
    assert_eq!(lines[1]["transport"], "ws");
    assert_eq!(lines[1]["variables"], json!({"id": "x"}));
}

#[tokio::test]
async fn shutdown_closes_sockets_and_stops_listening() {
    let sb = start().await;
    let addr = sb.addr();
    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    assert_eq!(
        ws.init(&sb.merchant_token()).await["type"],
        "connection_ack"
    );
    sb.shutdown().await;
    assert_eq!(ws.close_code().await, Some(1001), "going away");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );

    let sb = start().await;
    let mut ws = Ws::connect(&sb, None).await.expect("upgrade");
    drop(sb);
    assert!(ws.close_code().await.is_some(), "dropping shuts down too");
}
