//! Shared helpers: a real sandbox on 127.0.0.1:0, an HTTP client and a WebSocket client that
//! speaks either protocol. Waiting is always on a frame or a response, never on a sleep.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use kronor_sandbox::{Sandbox, SandboxConfig};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const CREATE: &str = "mutation Create($p: PurchaseOrderWithInvoiceInput!) { newPurchaseOrderWithInvoice(purchase: $p) { id waitToken } }";
pub const STATUS: &str = "query Status($id: String!) { purchaseOrders(where: {id: {_eq: $id}}) { id merchantReference resultingPurchaseId status { status enteredAt } } }";
pub const WATCH: &str = "subscription Watch($id: String!) { purchaseOrders(where: {id: {_eq: $id}}) { id resultingPurchaseId status { status enteredAt } } }";

/// Safety net so a broken sandbox fails a test instead of hanging it.
pub const PATIENCE: Duration = Duration::from_secs(10);

pub async fn start() -> Sandbox {
    start_with(|_| {}).await
}

pub async fn start_with(f: impl FnOnce(&mut SandboxConfig)) -> Sandbox {
    let mut config = SandboxConfig::local();
    f(&mut config);
    Sandbox::start(config).await.expect("sandbox starts")
}

/// A reqwest builder that works however the workspace unified reqwest's features: the Kronor
/// client turns on `rustls-no-provider`, so a test client needs a process-wide TLS provider.
pub fn client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

pub fn client() -> reqwest::Client {
    client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// POSTs a raw body to /v1/graphql; answers status and the parsed body (Null if not JSON).
pub async fn post_raw(sb: &Sandbox, token: Option<&str>, body: String) -> (u16, Value) {
    let mut req = client()
        .post(sb.graphql_url())
        .header("content-type", "application/json")
        .body(body);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await.expect("response");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn gql_as(sb: &Sandbox, token: &str, query: &str, variables: Value) -> Value {
    let body = json!({"query": query, "variables": variables}).to_string();
    let (status, v) = post_raw(sb, Some(token), body).await;
    assert_eq!(status, 200, "HTTP status for {query}: {v}");
    v
}

pub async fn gql(sb: &Sandbox, query: &str, variables: Value) -> Value {
    gql_as(sb, &sb.merchant_token(), query, variables).await
}

/// A valid order: two lines at 25 % and 12 %, totals consistent.
pub fn order_input(key: &str, personnummer: &str) -> Value {
    json!({
        "idempotencyKey": key,
        "merchantReference": format!("ref-{key}"),
        "nationalIdentificationNumber": personnummer,
        "purchaseCountry": "SE",
        "purchaseLanguage": "SV",
        "purchaseTotalAmount": 26_000,
        "purchaseTaxAmount": 5_000 + 107,
        "billingAddress": {
            "firstName": "Tolvan", "lastName": "Tolvansson", "email": "tolvan@example.se",
            "phoneNumber": "+46701234567", "streetAddress": "Storgatan 1", "postalCode": "11122",
            "city": "Stockholm", "country": "SE"
        },
        "purchaseLines": [
            {"name": "Kaffe", "quantity": 2, "pricePerItem": 12_500, "taxRate": 2_500,
             "totalAmount": 25_000, "totalTaxAmount": 5_000, "reference": "sku-1"},
            {"name": "Bulle", "quantity": 1, "pricePerItem": 1_500, "taxRate": 1_200,
             "totalAmount": 1_000, "totalTaxAmount": 107, "totalDiscountAmount": 500}
        ]
    })
}

/// Creates an order; answers (id, waitToken).
pub async fn create(sb: &Sandbox, key: &str, personnummer: &str) -> (String, String) {
    let v = gql(sb, CREATE, json!({"p": order_input(key, personnummer)})).await;
    let r = &v["data"]["newPurchaseOrderWithInvoice"];
    assert!(r["id"].is_string(), "create failed: {v}");
    (
        r["id"].as_str().unwrap_or_default().to_owned(),
        r["waitToken"].as_str().unwrap_or_default().to_owned(),
    )
}

pub fn first_error(v: &Value) -> (&str, &str, &str) {
    let e = &v["errors"][0];
    (
        e["extensions"]["code"].as_str().unwrap_or(""),
        e["extensions"]["type"].as_str().unwrap_or(""),
        e["message"].as_str().unwrap_or(""),
    )
}

pub fn statuses(order: &Value) -> Vec<String> {
    order["status"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter_map(|x| x["status"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A GraphQL WebSocket client for either protocol (`None` = no subprotocol header).
pub struct Ws {
    pub socket: Socket,
    pub protocol: Option<&'static str>,
}

impl Ws {
    pub async fn connect(sb: &Sandbox, protocol: Option<&'static str>) -> Result<Ws, u16> {
        let mut req = sb.ws_url().as_str().into_client_request().expect("request");
        if let Some(p) = protocol {
            req.headers_mut()
                .insert("sec-websocket-protocol", p.parse().expect("header"));
        }
        match tokio_tungstenite::connect_async(req).await {
            Ok((socket, _)) => Ok(Ws { socket, protocol }),
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
            Err(e) => panic!("connect failed: {e}"),
        }
    }

    pub fn legacy(&self) -> bool {
        self.protocol != Some("graphql-transport-ws")
    }

    pub async fn send(&mut self, v: Value) {
        self.socket
            .send(Message::Text(v.to_string().into()))
            .await
            .expect("send");
    }

    /// Next JSON message, skipping `ka`; `None` when the socket closed.
    pub async fn recv(&mut self) -> Option<Value> {
        loop {
            let v = self.recv_with_ka().await?;
            if v["type"] != "ka" {
                return Some(v);
            }
        }
    }

    /// Next JSON message, `ka` included; `None` when the socket closed.
    pub async fn recv_with_ka(&mut self) -> Option<Value> {
        loop {
            let msg = tokio::time::timeout(PATIENCE, self.socket.next())
                .await
                .expect("a frame in time")?;
            match msg {
                Ok(Message::Text(t)) => return Some(serde_json::from_str(&t).expect("JSON frame")),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// The close code the server ended with (None if it dropped without a close frame).
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            let msg = tokio::time::timeout(PATIENCE, self.socket.next())
                .await
                .expect("close in time")?;
            match msg {
                Ok(Message::Close(Some(frame))) => return Some(frame.code.into()),
                Ok(Message::Close(None)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// Sends Close(`code`) and answers the code of the server's Close in reply, or how the
    /// connection ended without one.
    pub async fn close_handshake(&mut self, code: u16) -> Result<u16, String> {
        let frame = CloseFrame {
            code: code.into(),
            reason: "bye".into(),
        };
        self.socket
            .send(Message::Close(Some(frame)))
            .await
            .map_err(|e| format!("sending Close: {e}"))?;
        server_close(&mut self.socket).await
    }

    pub async fn init(&mut self, token: &str) -> Value {
        self.send(json!({"type": "connection_init", "payload": {"headers": {"Authorization": format!("Bearer {token}")}}}))
            .await;
        self.recv().await.expect("init answer")
    }

    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let kind = if self.legacy() { "start" } else { "subscribe" };
        self.send(
            json!({"type": kind, "id": id, "payload": {"query": query, "variables": variables}}),
        )
        .await;
    }

    /// The next data payload for `id` (`next` or legacy `data`), or the error frame.
    pub async fn next_payload(&mut self, id: &str) -> Value {
        loop {
            let v = self.recv().await.expect("socket still open");
            if v["id"] == id {
                return v;
            }
        }
    }

    /// Waits for a frame in which the watched order's status set contains `status`.
    pub async fn until_status(&mut self, id: &str, status: &str) -> Value {
        loop {
            let v = self.next_payload(id).await;
            let order = v["payload"]["data"]["purchaseOrders"][0].clone();
            if statuses(&order).iter().any(|s| s == status) {
                return order;
            }
            assert!(
                v["type"] == "next" || v["type"] == "data",
                "unexpected frame {v}"
            );
        }
    }
}

/// After the client's Close: the code of the server's Close, skipping frames sent before it.
/// A connection that ends without one is an error (what a client reports as 1006).
pub async fn server_close(socket: &mut Socket) -> Result<u16, String> {
    loop {
        let msg = tokio::time::timeout(PATIENCE, socket.next())
            .await
            .map_err(|_| "no Close in time".to_owned())?;
        match msg {
            Some(Ok(Message::Close(Some(frame)))) => return Ok(frame.code.into()),
            Some(Ok(Message::Close(None))) => return Err("a Close without a code".to_owned()),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("dropped: {e}")),
            None => return Err("dropped without a Close".to_owned()),
        }
    }
}

/// A connected, initialised subscription on an order (graphql-transport-ws).
pub async fn watch(sb: &Sandbox, order_id: &str) -> Ws {
    let mut ws = Ws::connect(sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    let ack = ws.init(&sb.merchant_token()).await;
    assert_eq!(ack["type"], "connection_ack");
    ws.subscribe("w", WATCH, json!({"id": order_id})).await;
    ws
}
