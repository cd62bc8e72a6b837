//! The client seen from the wire: a bare server on 127.0.0.1:0 that answers a scripted
//! sequence and records every request body, for answers the sandbox does not give (string
//! bigints, unknown statuses, malformed bodies) and for what the client puts on the wire.

mod support;

use kronor::{
    BigInt, Client, ClientConfig, Environment, Error, MerchantToken, OrderStatus, WaitToken,
};
use std::sync::{Arc, Mutex};
use support::{RecordingSleeper, order, secs};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CREATED: &str = r#"{"data":{"newPurchaseOrderWithInvoice":{"id":"k-1","waitToken":"w"}}}"#;

/// Serves one scripted `(status, body)` per connection; returns the request bodies seen.
async fn scripted(answers: Vec<(u16, &'static str)>) -> (url::Url, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = url::Url::parse(&format!(
        "http://{}/v1/graphql",
        listener.local_addr().unwrap()
    ))
    .unwrap();
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    tokio::spawn(async move {
        for (status, body) in answers {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let request = read_request(&mut socket).await;
            seen.lock().unwrap().push(request);
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, bodies)
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return String::from_utf8_lossy(&data[end + 4..]).into_owned();
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

fn client_for(url: url::Url, sleeper: &RecordingSleeper) -> Client {
    let environment = Environment::Custom {
        sca_url: url.clone(),
        graphql_url: url,
        swish_page: None,
    };
    let mut config = ClientConfig::new(environment, MerchantToken::new("t"));
    config.sleeper = Arc::new(sleeper.clone());
    Client::new(config).unwrap()
}

#[tokio::test]
async fn every_attempt_sends_the_identical_request() {
    let (url, bodies) = scripted(vec![
        (503, "busy"),
        (
            200,
            r#"{"errors":[{"message":"later","extensions":{"type":"TEMPORARY_FAILURE"}}]}"#,
        ),
        (429, ""),
        (200, CREATED),
    ])
    .await;
    let sleeper = RecordingSleeper::default();
    let created = client_for(url, &sleeper)
        .create_purchase_order(&order("k-1", "198506122384"))
        .await
        .unwrap();
    assert_eq!(created.id, "k-1");
    assert_eq!(sleeper.delays(), vec![secs(0.5), secs(1.0), secs(2.0)]);
    let bodies = bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 4);
    assert!(
        bodies.iter().all(|b| b == &bodies[0]),
        "same body, same idempotency key"
    );
    assert!(
        bodies[0].contains(r#""idempotencyKey":"k-1""#),
        "{}",
        bodies[0]
    );
    assert!(bodies[0].contains("newPurchaseOrderWithInvoice"));
    assert!(
        !bodies[0].contains("newPurchaseOrder("),
        "never the guide-only name"
    );
}

#[tokio::test]
async fn validation_and_malformed_answers_are_not_retried() {
    let (url, bodies) = scripted(vec![(
        200,
        r#"{"errors":[{"message":"purchaseTotalAmount does not add up","extensions":{"type":"VALIDATION_FAILURE"}}]}"#,
    ), (200, "{\"data\": {\"newPurchaseOrderWithInvoice\": 7")])
    .await;
    let sleeper = RecordingSleeper::default();
    let client = client_for(url, &sleeper);
    let result = client
        .create_purchase_order(&order("k-2", "198506122384"))
        .await;
    assert_eq!(
        result,
        Err(Error::Validation {
            message: "purchaseTotalAmount does not add up".into()
        })
    );
    let result = client
        .create_purchase_order(&order("k-3", "198506122384"))
        .await;
    assert!(matches!(result, Err(Error::Protocol { .. })), "{result:?}");
    assert!(sleeper.delays().is_empty());
    assert_eq!(bodies.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn nothing_listening_is_a_transport_error_after_the_backoff() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = url::Url::parse(&format!(
        "http://{}/v1/graphql",
        listener.local_addr().unwrap()
    ))
    .unwrap();
    drop(listener);
    let sleeper = RecordingSleeper::default();
    let result = client_for(url, &sleeper).purchase_order("x").await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    assert_eq!(sleeper.delays().len(), 5);
}

#[tokio::test]
async fn bigints_as_strings_and_unknown_statuses_from_kronor() {
    let (url, _) = scripted(vec![(
        200,
        r#"{"data":{"purchaseOrders":[{"id":"k","merchantReference":"r","resultingPurchaseId":"4711",
           "status":[{"status":"SOME_FUTURE_STATUS","enteredAt":"2026-01-01T00:00:00.000000+00:00"}]}]}}"#,
    ), (
        200,
        r#"{"data":{"purchases":[{"id":"4711","merchantReference":"r","totalAmount":"10000","taxAmount":2000,
           "createdAt":"2026-01-01T00:00:00.000000+00:00","status":[{"status":"RETURNED_TWICE","enteredAt":"2026-01-01T00:00:00+00:00"}]}]}}"#,
    )])
    .await;
    let client = client_for(url, &RecordingSleeper::default());
    let order = client
        .purchase_order_with_wait_token("k", &WaitToken::new("w"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.resulting_purchase_id, Some(BigInt(4711)));
    assert_eq!(
        order.statuses()[0].status,
        OrderStatus::Unknown("SOME_FUTURE_STATUS".into())
    );
    assert!(!order.is_final());
    let purchases = client.purchases_by_reference("r").await.unwrap();
    assert_eq!(
        (
            purchases[0].id,
            purchases[0].total_amount,
            purchases[0].tax_amount
        ),
        (BigInt(4711), BigInt(10_000), BigInt(2000))
    );
}

#[tokio::test]
async fn https_and_wss_speak_tls() {
    // A listener that records the first bytes it receives and hangs up: a TLS ClientHello
    // starts with record type 0x16.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_bytes = Arc::new(Mutex::new(Vec::new()));
    let seen = first_bytes.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 1];
            if socket.read_exact(&mut buf).await.is_ok() {
                seen.lock().unwrap().push(buf[0]);
            }
        }
    });
    let environment = Environment::Custom {
        graphql_url: url::Url::parse(&format!("https://localhost:{port}/v1/graphql")).unwrap(),
        sca_url: url::Url::parse("https://localhost/").unwrap(),
        swish_page: None,
    };
    let sleeper = RecordingSleeper::default();
    let mut config = ClientConfig::new(environment, MerchantToken::new("t"));
    config.sleeper = Arc::new(sleeper.clone());
    config.retry = kronor::RetryPolicy::none();
    let client = Client::new(config).unwrap();
    let result = client.purchase_order("x").await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    let mut watch = client.watch_purchase_order("x", &WaitToken::new("w"));
    let first = support::next_event(&mut watch).await;
    assert_eq!(
        first,
        Some(kronor::WatchEvent::Connection(
            kronor::ConnectionState::Polling
        ))
    );
    drop(watch);
    let bytes = first_bytes.lock().unwrap().clone();
    assert!(bytes.len() >= 2, "https and wss both connected: {bytes:?}");
    assert!(
        bytes.iter().all(|b| *b == 0x16),
        "every connection opened with a TLS handshake: {bytes:?}"
    );
}

#[tokio::test]
async fn instalments_use_their_own_mutation() {
    let (url, bodies) = scripted(vec![(
        200,
        r#"{"data":{"newPurchaseOrderWithInstalments":{"id":"k-i","waitToken":"w-i"}}}"#,
    )])
    .await;
    let created = client_for(url, &RecordingSleeper::default())
        .create_purchase_order_with_instalments(&order("k-i", "198506122384"))
        .await
        .unwrap();
    assert_eq!(
        (created.id.as_str(), created.wait_token.as_str()),
        ("k-i", "w-i")
    );
    let body = bodies.lock().unwrap()[0].clone();
    assert!(body.contains("newPurchaseOrderWithInstalments"), "{body}");
    assert!(
        body.contains("PurchaseOrderWithInstalmentsInput!"),
        "{body}"
    );
}
