//! `cargo bench -p kronor-sandbox`: create-order throughput and latency over HTTP with 64
//! concurrent clients, and the time from a status change to the subscription frame. Prints a
//! report with each figure next to its goal. Without `--bench` (as under `cargo test`) it does
//! a small smoke run only.

use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use kronor_sandbox::{Sandbox, SandboxConfig, ScaDecision, scenarios};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const CREATE: &str = "mutation Create($p: PurchaseOrderWithInvoiceInput!) { newPurchaseOrderWithInvoice(purchase: $p) { id waitToken } }";
const WATCH: &str = "subscription Watch($id: String!) { purchaseOrders(where: {id: {_eq: $id}}) { id status { status enteredAt } } }";
const CLIENTS: usize = 64;

fn order(key: &str) -> Value {
    json!({
        "idempotencyKey": key,
        "merchantReference": key,
        "nationalIdentificationNumber": scenarios::NORMAL,
        "purchaseCountry": "SE",
        "purchaseLanguage": "SV",
        "purchaseTotalAmount": 25_000,
        "purchaseTaxAmount": 5_000,
        "billingAddress": {
            "firstName": "Tolvan", "lastName": "Tolvansson", "email": "tolvan@example.se",
            "phoneNumber": "+46701234567", "streetAddress": "Storgatan 1", "postalCode": "11122",
            "city": "Stockholm", "country": "SE"
        },
        "purchaseLines": [{"name": "Kaffe", "quantity": 2, "pricePerItem": 12_500, "taxRate": 2_500,
                           "totalAmount": 25_000, "totalTaxAmount": 5_000}]
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One keep-alive HTTP/1.1 connection, as a till would hold.
struct Conn {
    send: hyper::client::conn::http1::SendRequest<http_body_util::Full<axum::body::Bytes>>,
    authority: String,
    token: String,
}

impl Conn {
    async fn open(sb: &Sandbox, token: &str) -> Conn {
        let stream = tokio::net::TcpStream::connect(sb.addr())
            .await
            .expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        let (send, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .expect("handshake");
        tokio::spawn(conn);
        Conn {
            send,
            authority: sb.addr().to_string(),
            token: token.to_owned(),
        }
    }

    async fn create(&mut self, key: &str) -> Duration {
        use http_body_util::BodyExt;
        let body = json!({"query": CREATE, "variables": {"p": order(key)}}).to_string();
        let req = hyper::Request::post("/v1/graphql")
            .header("host", &self.authority)
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", "application/json")
            .body(http_body_util::Full::new(axum::body::Bytes::from(body)))
            .expect("request");
        let t0 = Instant::now();
        self.send.ready().await.expect("connection ready");
        let resp = self.send.send_request(req).await.expect("response");
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let elapsed = t0.elapsed();
        assert!(
            bytes.windows(9).any(|w| w == b"waitToken"),
            "create failed: {bytes:?}"
        );
        elapsed
    }
}

/// 64 clients, each creating orders back to back over its own keep-alive connection.
async fn create_throughput(sb: &Sandbox, per_client: usize) -> (usize, Duration, Vec<Duration>) {
    let token = sb.merchant_token();
    let mut conns = Vec::with_capacity(CLIENTS);
    for c in 0..CLIENTS {
        let mut conn = Conn::open(sb, &token).await;
        conn.create(&format!("warm-{c}")).await;
        conns.push(conn);
    }
    let start = Instant::now();
    let tasks = conns
        .into_iter()
        .enumerate()
        .map(|(c, mut conn)| async move {
            let mut lat = Vec::with_capacity(per_client);
            for i in 0..per_client {
                lat.push(conn.create(&format!("o-{c}-{i}")).await);
            }
            lat
        });
    let all: Vec<Duration> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .flatten()
        .collect();
    (all.len(), start.elapsed(), all)
}

/// For each sample: a fresh order waiting for SCA, a live query on it, then the time from
/// `decide_sca` (the status change) to the frame that shows RISK_SCORING.
async fn change_to_frame(sb: &Sandbox, samples: usize) -> Vec<Duration> {
    let token = sb.merchant_token();
    let mut conn = Conn::open(sb, &token).await;
    let mut req = sb.ws_url().as_str().into_client_request().expect("request");
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("ws");
    let init = json!({"type": "connection_init", "payload": {"headers": {"Authorization": format!("Bearer {token}")}}});
    ws.send(Message::Text(init.to_string().into()))
        .await
        .expect("init");
    ws.next().await.expect("ack").expect("ack");
    let mut out = Vec::with_capacity(samples);
    for n in 0..samples {
        let id = format!("sub-{n}");
        conn.create(&id).await;
        let sub = json!({"type": "subscribe", "id": id, "payload": {"query": WATCH, "variables": {"id": id}}});
        ws.send(Message::Text(sub.to_string().into()))
            .await
            .expect("subscribe");
        wait_for(&mut ws, "SCA_REQUIRED").await;
        let t0 = Instant::now();
        sb.decide_sca(&id, ScaDecision::Approve).expect("sca");
        wait_for(&mut ws, "RISK_SCORING").await;
        out.push(t0.elapsed());
        let done = json!({"type": "complete", "id": id});
        ws.send(Message::Text(done.to_string().into()))
            .await
            .expect("complete");
    }
    out
}

async fn wait_for<S>(ws: &mut S, status: &str)
where
    S: futures::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let needle = format!("\"{status}\"");
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) if t.contains(&needle) => return,
            Some(Ok(_)) => {}
            other => panic!("socket ended: {other:?}"),
        }
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (per_client, samples) = if full { (250, 1_000) } else { (2, 5) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sb = Sandbox::start(SandboxConfig::local())
            .await
            .expect("sandbox");
        let (n, took, mut lat) = create_throughput(&sb, per_client).await;
        lat.sort();
        let rate = n as f64 / took.as_secs_f64();
        let mut frames = change_to_frame(&sb, samples).await;
        frames.sort();
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        println!(
            "kronor-sandbox benchmark ({} build, {cores} cores; client and server share them)",
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
        );
        println!(
            "create purchase order over HTTP, {CLIENTS} concurrent clients, {n} orders in {:.2} s:",
            took.as_secs_f64()
        );
        println!("  throughput {rate:>8.0} orders/s   (goal >= 5000)");
        println!("  latency p50 {:>6.2} ms", ms(percentile(&lat, 0.50)));
        println!(
            "  latency p99 {:>6.2} ms           (goal <= 20 ms)",
            ms(percentile(&lat, 0.99))
        );
        println!(
            "status change -> subscription frame, {} samples:",
            frames.len()
        );
        println!("  p50 {:>6.3} ms", ms(percentile(&frames, 0.50)));
        println!(
            "  p99 {:>6.3} ms                    (goal <= 5 ms)",
            ms(percentile(&frames, 0.99))
        );
        sb.shutdown().await;
    });
}
