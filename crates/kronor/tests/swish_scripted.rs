//! Swish through payment sessions, seen from the wire: a bare HTTP server and a bare WebSocket
//! server on 127.0.0.1:0 answer scripted sequences and record what the client sent (which
//! token, which document, which variables), for answers a sandbox does not give.

mod support;

use futures::{SinkExt, StreamExt};
use kronor::{
    BigInt, Client, ClientConfig, ConnectionState, Environment, Error, MerchantToken,
    NewPaymentSession, POLL_INTERVAL, PaymentRequestState, PaymentStatus, SessionToken,
    SubscriptionProtocol, WatchEvent,
};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use support::{RecordingSleeper, rest, secs, updates};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;

const MERCHANT: &str = "merchant-secret-token";
const SESSION: &str = "session-secret-token";
const WAIT: &str = "6f1c2b9e-0d7a-4c1e-9a55-2b8f0e3d4c11";

/// One HTTP request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    authorization: String,
    body: Value,
}

impl Seen {
    fn query(&self) -> &str {
        self.body["query"].as_str().unwrap_or_default()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// Serves one scripted `(status, body)` per POST; refuses WebSocket upgrades (so a watch falls
/// back to polling). Returns the URL and the requests seen.
async fn scripted(answers: Vec<(u16, Value)>) -> (url::Url, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = url::Url::parse(&format!(
        "http://{}/v1/graphql",
        listener.local_addr().unwrap()
    ))
    .unwrap();
    let log: Log = Arc::default();
    let seen = log.clone();
    let mut answers: VecDeque<_> = answers.into();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (head, body) = read_request(&mut socket).await;
            let (status, answer) = if head.to_ascii_lowercase().contains("upgrade: websocket") {
                (400, json!("no sockets here"))
            } else {
                let authorization = head
                    .lines()
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
                            .map(|(_, value)| value.trim().to_owned())
                    })
                    .unwrap_or_default();
                seen.lock().unwrap().push(Seen {
                    authorization,
                    body: serde_json::from_str(&body).unwrap_or(Value::Null),
                });
                match answers.pop_front() {
                    Some(answer) => answer,
                    None => return,
                }
            };
            let text = answer.to_string();
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, log)
}

async fn read_request(socket: &mut TcpStream) -> (String, String) {
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
                return (
                    text[..end].to_owned(),
                    String::from_utf8_lossy(&data[end + 4..]).into_owned(),
                );
            }
        }
    }
    (String::from_utf8_lossy(&data).into_owned(), String::new())
}

fn client_for(url: url::Url, sleeper: &RecordingSleeper) -> Client {
    let environment = Environment::Custom {
        sca_url: url.clone(),
        graphql_url: url,
        swish_page: None,
    };
    let mut config = ClientConfig::new(environment, MerchantToken::new(MERCHANT));
    config.sleeper = Arc::new(sleeper.clone());
    Client::new(config).unwrap()
}

fn temporary() -> (u16, Value) {
    (
        200,
        json!({"errors": [{"message": "later", "extensions": {"type": "TEMPORARY_FAILURE"}}]}),
    )
}

fn ok(data: Value) -> (u16, Value) {
    (200, json!({ "data": data }))
}

fn session(key: &str) -> NewPaymentSession {
    NewPaymentSession {
        amount: 12_300,
        // Sub-second precision is dropped: Kronor's example is whole seconds.
        expires_at: "2026-12-07T10:00:00.123456Z".parse().unwrap(),
        idempotency_key: key.to_owned(),
        merchant_reference: "till-1-order-42".to_owned(),
        message: "Kassa 1, köp 42".to_owned(),
    }
}

/// A payment request row as Kronor sends it (session role).
fn row(statuses: &[&str], extra: Value) -> Value {
    let mut row = json!({
        "waitToken": WAIT,
        "status": statuses.iter().map(|s| json!({"status": s, "enteredAt": "2026-12-07T09:00:00.000000+00:00"})).collect::<Vec<_>>(),
        "resultingPaymentId": null,
        "transactionId": "tx-1",
        "amount": "12300",
        "transactionSwishDetails": [{"qrCode": "qr-token-1", "errorCode": null, "errorMessage": null}],
    });
    if let (Value::Object(row), Value::Object(extra)) = (&mut row, extra) {
        row.extend(extra);
    }
    row
}

#[tokio::test]
async fn a_payment_session_is_opened_in_sek_with_the_merchant_token_and_retried_with_the_same_key()
{
    let (url, log) = scripted(vec![
        temporary(),
        ok(json!({"newPaymentSessionWithReferenceCheck": {
            "token": "sess-1", "paymentId": null, "paymentTransactionId": null}})),
        ok(json!({"newPaymentSessionWithReferenceCheck": {
            "token": "sess-2", "paymentId": "4711", "paymentTransactionId": "tx-9"}})),
    ])
    .await;
    let sleeper = RecordingSleeper::default();
    let client = client_for(url, &sleeper);
    let opened = client
        .new_payment_session(&session("sale-42"))
        .await
        .unwrap();
    assert_eq!(opened.token, SessionToken::new("sess-1"));
    assert_eq!(
        (opened.paid_payment_id, opened.paid_transaction_id),
        (None, None)
    );
    assert_eq!(sleeper.delays(), vec![secs(0.5)]);

    // A till that crashed after the customer paid asks again and learns the payment's id.
    let again = client
        .new_payment_session(&session("sale-42"))
        .await
        .unwrap();
    assert_eq!(again.paid_payment_id.as_deref(), Some("4711"));
    assert_eq!(again.paid_transaction_id.as_deref(), Some("tx-9"));

    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen[0].body, seen[1].body,
        "the retry is the identical request"
    );
    assert!(
        seen.iter()
            .all(|s| s.authorization == format!("Bearer {MERCHANT}"))
    );
    assert!(
        seen[0]
            .query()
            .contains("newPaymentSessionWithReferenceCheck(payment: $payment)"),
        "{}",
        seen[0].query()
    );
    assert_eq!(
        seen[0].body["variables"]["payment"],
        json!({
            "amount": 12300,
            "country": "SE",
            "currency": "SEK",
            "expiresAt": "2026-12-07T10:00:00Z",
            "idempotencyKey": "sale-42",
            "merchantReference": "till-1-order-42",
            "message": "Kassa 1, köp 42",
        })
    );
}

#[tokio::test]
async fn bad_sessions_and_refunds_are_refused_before_anything_is_sent() {
    let (url, log) = scripted(vec![]).await;
    let client = client_for(url, &RecordingSleeper::default());
    let mut bad = Vec::new();
    let with = |change: fn(&mut NewPaymentSession)| {
        let mut s = session("sale-1");
        change(&mut s);
        s
    };
    bad.push(with(|s| s.idempotency_key = "has space".into()));
    bad.push(with(|s| s.idempotency_key = String::new()));
    bad.push(with(|s| s.message = "x".repeat(51)));
    bad.push(with(|s| s.message = "50% off".into()));
    bad.push(with(|s| s.amount = 0));
    bad.push(with(|s| s.amount = 1_000_000_000));
    bad.push(with(|s| s.merchant_reference = String::new()));
    for session in &bad {
        let result = client.new_payment_session(session).await;
        assert!(
            matches!(result, Err(Error::Validation { .. })),
            "{session:?}: {result:?}"
        );
    }
    let token = SessionToken::new(SESSION);
    let return_url = url::Url::parse("https://kassa.example/done").unwrap();
    for result in [
        client
            .new_swish_payment(&token, "", &return_url)
            .await
            .err(),
        client.cancel_payment(&token, "a/b").await.err(),
        client.refund_payment(BigInt(1), 0, "r-1", "ok").await.err(),
        client
            .refund_payment(BigInt(1), 100, "r-1", "refund – sorry")
            .await
            .err(),
        client
            .refund_payment(BigInt(1), 100, "r 1", "ok")
            .await
            .err(),
    ] {
        assert!(
            matches!(result, Some(Error::Validation { .. })),
            "{result:?}"
        );
    }
    assert!(log.lock().unwrap().is_empty(), "nothing reached Kronor");
}

#[tokio::test]
async fn a_swish_payment_is_started_with_the_session_token_in_flow_mcom() {
    let (url, log) = scripted(vec![
        temporary(),
        (503, json!("busy")),
        ok(json!({"newSwishPayment": {"waitToken": WAIT}})),
    ])
    .await;
    let sleeper = RecordingSleeper::default();
    let client = client_for(url, &sleeper);
    let return_url = url::Url::parse("https://kassa.example/swish?sale=42").unwrap();
    let wait = client
        .new_swish_payment(&SessionToken::new(SESSION), "sale-42-swish", &return_url)
        .await
        .unwrap();
    assert_eq!(wait, WAIT);
    assert_eq!(sleeper.delays(), vec![secs(0.5), secs(1.0)]);
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.body == seen[0].body));
    assert!(
        seen.iter()
            .all(|s| s.authorization == format!("Bearer {SESSION}")),
        "the session's token, never the merchant's: {seen:?}"
    );
    assert!(seen[0].query().contains("newSwishPayment(pay: $pay)"));
    assert_eq!(
        seen[0].body["variables"],
        json!({"pay": {"flow": "mcom", "idempotencyKey": "sale-42-swish",
                       "returnUrl": "https://kassa.example/swish?sale=42"}})
    );
}

#[tokio::test]
async fn payment_requests_decode_statuses_bigints_and_swish_details() {
    let (url, log) = scripted(vec![
        ok(json!({"paymentRequests": [row(
            &["WAITING_FOR_PAYMENT", "A_STATUS_FROM_NEXT_YEAR"],
            json!({}),
        )]})),
        ok(json!({"paymentRequests": [row(
            &["PAID"],
            json!({"resultingPaymentId": "9007199254740993", "amount": 12300,
                   "transactionSwishDetails": [{"qrCode": null, "errorCode": null, "errorMessage": null}]}),
        )]})),
        ok(json!({"paymentRequests": [row(
            &["DECLINED"],
            json!({"status": null, "transactionSwishDetails": [], "resultingPaymentId": 5}),
        )]})),
        ok(json!({"paymentRequests": [row(
            &["ERROR"],
            json!({"transactionSwishDetails": [{"errorCode": "RF07", "errorMessage": "Declined by payer"}]}),
        )]})),
        ok(json!({"paymentRequests": []})),
    ])
    .await;
    let client = client_for(url, &RecordingSleeper::default());
    let session = SessionToken::new(SESSION);

    let waiting = client
        .payment_request(&session, WAIT)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(waiting.wait_token, WAIT);
    assert_eq!(waiting.amount, Some(BigInt(12_300)), "bigint as a string");
    assert_eq!(waiting.transaction_id.as_deref(), Some("tx-1"));
    assert_eq!(waiting.qr_code(), Some("qr-token-1"));
    assert!(waiting.has(&PaymentStatus::WaitingForPayment));
    assert!(waiting.has(&PaymentStatus::Unknown("A_STATUS_FROM_NEXT_YEAR".into())));
    assert_eq!(
        waiting.statuses[0].entered_at.map(|t| t.to_string()),
        Some("2026-12-07T09:00:00Z".into())
    );
    assert!(!waiting.is_paid() && !waiting.is_failed() && !waiting.is_final());

    let paid = client
        .payment_request(&session, WAIT)
        .await
        .unwrap()
        .unwrap();
    assert!(paid.is_paid() && paid.is_final(), "{paid:?}");
    assert_eq!(
        paid.resulting_payment_id,
        Some(BigInt(9_007_199_254_740_993))
    );
    assert_eq!(paid.amount, Some(BigInt(12_300)), "bigint as a number");
    assert_eq!(paid.qr_code(), None, "a missing qrCode is not an error");

    let no_status = client
        .payment_request(&session, WAIT)
        .await
        .unwrap()
        .unwrap();
    assert!(no_status.statuses.is_empty() && no_status.swish.is_none());
    assert!(!no_status.is_final());

    let failed = client
        .payment_request(&session, WAIT)
        .await
        .unwrap()
        .unwrap();
    assert!(failed.is_failed() && failed.is_final() && !failed.is_paid());
    assert_eq!(failed.error_code(), Some("RF07"));
    assert_eq!(
        failed.swish.unwrap().error_message.as_deref(),
        Some("Declined by payer")
    );

    assert_eq!(client.payment_request(&session, WAIT).await.unwrap(), None);

    let seen = log.lock().unwrap().clone();
    assert!(
        seen.iter()
            .all(|s| s.authorization == format!("Bearer {SESSION}"))
    );
    assert!(
        seen[0].query().contains("$waitToken: uuid!")
            && seen[0]
                .query()
                .contains("paymentRequests(where: {waitToken: {_eq: $waitToken}})")
            && seen[0].query().contains("qrCode"),
        "{}",
        seen[0].query()
    );
    assert_eq!(seen[0].body["variables"], json!({ "waitToken": WAIT }));
}

#[tokio::test]
async fn the_merchant_reads_a_payment_request_without_a_session() {
    let mut merchant_row = row(&["PAID"], json!({"resultingPaymentId": 77}));
    merchant_row["transactionSwishDetails"] = json!([{"errorCode": null, "errorMessage": null}]);
    let (url, log) = scripted(vec![ok(json!({ "paymentRequests": [merchant_row] }))]).await;
    let client = client_for(url, &RecordingSleeper::default());
    let paid = client
        .payment_request_as_merchant(WAIT)
        .await
        .unwrap()
        .unwrap();
    assert!(paid.is_paid());
    assert_eq!(paid.resulting_payment_id, Some(BigInt(77)));
    assert_eq!(paid.qr_code(), None);
    let seen = log.lock().unwrap()[0].clone();
    assert_eq!(seen.authorization, format!("Bearer {MERCHANT}"));
    assert!(
        !seen.query().contains("qrCode"),
        "the merchant role has no qrCode: {}",
        seen.query()
    );
}

#[tokio::test]
async fn cancel_and_refund_send_their_keys_with_the_right_token() {
    let (url, log) = scripted(vec![
        temporary(),
        ok(json!({"cancelPayment": {"waitToken": WAIT}})),
        ok(json!({"refundPayment": {"refundTransactionId": "rtx-1", "waitToken": "rw-1"}})),
        (
            200,
            json!({"errors": [{"message": "amount exceeds the remaining amount",
                   "extensions": {"type": "VALIDATION_FAILURE"}}]}),
        ),
    ])
    .await;
    let sleeper = RecordingSleeper::default();
    let client = client_for(url, &sleeper);
    client
        .cancel_payment(&SessionToken::new(SESSION), "sale-42-cancel")
        .await
        .unwrap();
    let refund = client
        .refund_payment(BigInt(4711), 5_000, "sale-42-refund-1", "Retur kaffe")
        .await
        .unwrap();
    assert_eq!(
        (refund.transaction_id.as_str(), refund.wait_token.as_str()),
        ("rtx-1", "rw-1")
    );
    let over = client
        .refund_payment(BigInt(4711), 999_999, "sale-42-refund-2", "Retur")
        .await;
    assert_eq!(
        over,
        Err(Error::Validation {
            message: "amount exceeds the remaining amount".into()
        })
    );
    assert_eq!(
        sleeper.delays(),
        vec![secs(0.5)],
        "only the cancel was retried"
    );

    let seen = log.lock().unwrap().clone();
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(seen[0].authorization, format!("Bearer {SESSION}"));
    assert!(
        seen[0]
            .query()
            .contains("cancelPayment(cancel: {idempotencyKey: $idempotencyKey})")
    );
    assert_eq!(
        seen[0].body["variables"],
        json!({"idempotencyKey": "sale-42-cancel"})
    );
    assert_eq!(seen[2].authorization, format!("Bearer {MERCHANT}"));
    assert!(seen[2].query().contains("refundPayment(refund: {"));
    assert_eq!(
        seen[2].body["variables"],
        json!({"paymentId": 4711, "amount": 5000, "idempotencyKey": "sale-42-refund-1",
               "message": "Retur kaffe"})
    );
}

#[test]
fn the_session_token_never_shows_in_debug_output() {
    let token = SessionToken::new(SESSION);
    let session = kronor::PaymentSession {
        token: token.clone(),
        paid_payment_id: None,
        paid_transaction_id: None,
    };
    let watch_event: WatchEvent<PaymentRequestState> = WatchEvent::Failed(Error::Auth {
        message: "no".into(),
    });
    let shown = format!("{token:?} {session:?} {session:#?} {watch_event:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("SessionToken(<redacted>)"), "{shown}");
}

/// A WebSocket server for one subscription: checks the handshake, then sends `frames` as
/// results and closes. Reports the `connection_init` payload and the subscription payload.
async fn ws_server(
    protocol: SubscriptionProtocol,
    frames: Vec<Value>,
) -> (url::Url, tokio::sync::oneshot::Receiver<(Value, Value)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = url::Url::parse(&format!(
        "http://{}/v1/graphql",
        listener.local_addr().unwrap()
    ))
    .unwrap();
    let (report, reported) = tokio::sync::oneshot::channel();
    let name = match protocol {
        SubscriptionProtocol::GraphqlTransportWs => "graphql-transport-ws",
        SubscriptionProtocol::GraphqlWs => "graphql-ws",
    };
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        // The error type is tungstenite's handshake response; not ours to shrink.
        #[allow(clippy::result_large_err)]
        let callback = |request: &Request, mut response: Response| {
            let asked = request
                .headers()
                .get("Sec-WebSocket-Protocol")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert_eq!(asked, name);
            response
                .headers_mut()
                .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(name));
            Ok(response)
        };
        let mut ws = tokio_tungstenite::accept_hdr_async(socket, callback)
            .await
            .unwrap();
        let init = next_text(&mut ws).await;
        assert_eq!(init["type"], "connection_init");
        ws.send(Message::text(json!({"type": "connection_ack"}).to_string()))
            .await
            .unwrap();
        let subscribe = next_text(&mut ws).await;
        let (data, subscribe_type) = match protocol {
            SubscriptionProtocol::GraphqlTransportWs => ("next", "subscribe"),
            SubscriptionProtocol::GraphqlWs => ("data", "start"),
        };
        assert_eq!(subscribe["type"], subscribe_type);
        let id = subscribe["id"].clone();
        if protocol == SubscriptionProtocol::GraphqlWs {
            // Hasura's legacy keep-alive, to be skipped.
            ws.send(Message::text(json!({"type": "ka"}).to_string()))
                .await
                .unwrap();
        }
        for frame in frames {
            let message = json!({"id": id, "type": data, "payload": {"data": frame}});
            ws.send(Message::text(message.to_string())).await.unwrap();
        }
        let _ = report.send((init["payload"].clone(), subscribe["payload"].clone()));
        // Stay open until the client, having seen a final state, closes.
        while let Some(Ok(_)) = ws.next().await {}
    });
    (url, reported)
}

async fn next_text(ws: &mut tokio_tungstenite::WebSocketStream<TcpStream>) -> Value {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => {
                return serde_json::from_str(text.as_str()).unwrap();
            }
            Some(Ok(_)) => continue,
            other => panic!("socket ended: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_payment_request_is_watched_live_over_both_protocols() {
    for protocol in [
        SubscriptionProtocol::GraphqlTransportWs,
        SubscriptionProtocol::GraphqlWs,
    ] {
        let waiting = json!({"paymentRequests": [row(&["WAITING_FOR_PAYMENT"], json!({}))]});
        // PAID before its payment id: the watch waits for the id a refund needs.
        let paid_no_id = json!({"paymentRequests": [row(&["PAID"], json!({}))]});
        let paid =
            json!({"paymentRequests": [row(&["PAID"], json!({"resultingPaymentId": "88"}))]});
        let (url, reported) =
            ws_server(protocol, vec![waiting.clone(), waiting, paid_no_id, paid]).await;
        let sleeper = RecordingSleeper::default();
        let environment = Environment::Custom {
            sca_url: url.clone(),
            graphql_url: url,
            swish_page: None,
        };
        let mut config = ClientConfig::new(environment, MerchantToken::new(MERCHANT));
        config.sleeper = Arc::new(sleeper.clone());
        config.subscription_protocol = protocol;
        let client = Client::new(config).unwrap();

        let mut watch = client.watch_payment_request(&SessionToken::new(SESSION), WAIT);
        let events = rest(&mut watch).await;
        assert_eq!(
            events[0],
            WatchEvent::Connection(ConnectionState::Live),
            "{protocol:?}"
        );
        let updates = updates(&events);
        assert_eq!(updates.len(), 3, "{protocol:?}: deduplicated: {events:?}");
        assert_eq!(updates[0].qr_code(), Some("qr-token-1"));
        assert!(updates[1].is_paid() && !updates[1].is_final());
        assert_eq!(updates[2].resulting_payment_id, Some(BigInt(88)));
        assert!(sleeper.delays().is_empty(), "{protocol:?}: stayed live");

        let (init, subscription) = reported.await.unwrap();
        assert_eq!(
            init,
            json!({"headers": {"Authorization": format!("Bearer {SESSION}")}}),
            "{protocol:?}: the session token authorises the socket"
        );
        let query = subscription["query"].as_str().unwrap();
        assert!(
            query.starts_with("subscription")
                && query.contains("paymentRequests(where: {waitToken: {_eq: $waitToken}})"),
            "{query}"
        );
        assert_eq!(subscription["variables"], json!({ "waitToken": WAIT }));
    }
}

#[tokio::test]
async fn a_payment_request_is_polled_every_second_when_no_socket_opens() {
    let (url, log) = scripted(vec![
        ok(json!({"paymentRequests": []})),
        ok(json!({"paymentRequests": [row(&["WAITING_FOR_PAYMENT"], json!({}))]})),
        (404, json!("a proxy's page")),
        ok(json!({"paymentRequests": [row(&["WAITING_FOR_PAYMENT"], json!({}))]})),
        ok(json!({"paymentRequests": [row(&["DECLINED"], json!({}))]})),
    ])
    .await;
    let sleeper = RecordingSleeper::default();
    let client = client_for(url, &sleeper);
    let mut watch = client.watch_payment_request(&SessionToken::new(SESSION), WAIT);
    let events = rest(&mut watch).await;
    assert_eq!(events[0], WatchEvent::Connection(ConnectionState::Polling));
    assert!(!events.iter().any(|e| matches!(e, WatchEvent::Failed(_))));
    let updates = updates(&events);
    assert_eq!(updates.len(), 2, "{events:?}");
    assert!(updates[1].is_failed() && updates[1].is_final());
    assert!(
        sleeper.delays().iter().all(|d| *d == POLL_INTERVAL),
        "{:?}",
        sleeper.delays()
    );
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 5);
    assert!(seen.iter().all(|s| {
        s.authorization == format!("Bearer {SESSION}")
            && s.query().starts_with("query")
            && s.body["variables"] == json!({ "waitToken": WAIT })
    }));
}

#[tokio::test]
async fn a_refused_session_token_ends_the_watch() {
    let (url, _) = scripted(vec![(
        200,
        json!({"errors": [{"message": "session expired", "extensions": {"code": "invalid-jwt"}}]}),
    )])
    .await;
    let client = client_for(url, &RecordingSleeper::default());
    let mut watch = client.watch_payment_request(&SessionToken::new(SESSION), WAIT);
    let events = rest(&mut watch).await;
    assert_eq!(
        events.last(),
        Some(&WatchEvent::Failed(Error::Auth {
            message: "session expired".into()
        })),
        "{events:?}"
    );
}
