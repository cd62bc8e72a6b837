//! graphql-ws-client, a standard graphql-transport-ws client: a subscription that idles through
//! several of the client's keep-alive pings still gets the status change, and the client's
//! close is a clean one.

use std::convert::Infallible;
use std::time::Duration;

use futures::StreamExt;
use graphql_ws_client::graphql::GraphqlOperation;
use graphql_ws_client::{Client, Connection, Error, Message};
use kronor_sandbox::{ScaDecision, scenarios};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::time::timeout;

use crate::support::*;

/// The client's ping period; the sandbox's legacy `ka` period is set as short, so a `ka` leaking
/// into this protocol would reach the client (which closes on an unknown message).
const PERIOD: Duration = Duration::from_millis(50);

/// A raw document; the response is the frame's whole payload.
#[derive(serde::Serialize)]
struct Raw {
    query: &'static str,
    variables: Value,
}

impl GraphqlOperation for Raw {
    type Response = Value;
    type Error = Infallible;

    fn decode(&self, data: Value) -> Result<Value, Infallible> {
        Ok(data)
    }
}

/// What the test learns from under the client.
#[derive(Debug, PartialEq)]
enum Seen {
    Pong,
    /// The server's answer to the client's Close (see `server_close`).
    Closed(Result<u16, String>),
}

/// The library's own tokio-tungstenite connection, reporting what it saw.
struct Observed {
    socket: Socket,
    seen: mpsc::UnboundedSender<Seen>,
}

impl Connection for Observed {
    async fn receive(&mut self) -> Option<Message> {
        let msg = Connection::receive(&mut self.socket).await;
        if let Some(Message::Text(text)) = &msg
            && serde_json::from_str::<Value>(text).is_ok_and(|v| v["type"] == "pong")
        {
            let _ = self.seen.send(Seen::Pong);
        }
        msg
    }

    async fn send(&mut self, message: Message) -> Result<(), Error> {
        let closing = matches!(message, Message::Close { .. });
        Connection::send(&mut self.socket, message).await?;
        if closing {
            let answer = server_close(&mut self.socket).await;
            let _ = self.seen.send(Seen::Closed(answer));
        }
        Ok(())
    }
}

#[tokio::test]
async fn graphql_ws_client_idles_through_pings_gets_the_change_and_closes_cleanly() {
    let sb = start_with(|c| c.ws_keep_alive = PERIOD).await;
    let (id, _) = create(&sb, "gwc", scenarios::NORMAL).await;
    let ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("upgrade");
    let (tx, mut seen) = mpsc::unbounded_channel();
    let auth = json!({"headers": {"Authorization": format!("Bearer {}", sb.merchant_token())}});
    let (client, actor) = Client::build(Observed {
        socket: ws.socket,
        seen: tx,
    })
    .payload(auth)
    .expect("payload")
    .keep_alive_interval(PERIOD)
    .await
    .expect("connection_ack");
    let actor = tokio::spawn(actor.into_future());
    let mut sub = client
        .subscribe(Raw {
            query: WATCH,
            variables: json!({"id": id}),
        })
        .await
        .expect("subscribe");
    let mut until = async |status: &str| loop {
        let payload = timeout(PATIENCE, sub.next())
            .await
            .expect("a frame in time")
            .expect("subscription still running")
            .expect("decoded");
        let order = &payload["data"]["purchaseOrders"][0];
        if statuses(order).iter().any(|s| s == status) {
            return order.clone();
        }
    };
    until("SCA_REQUIRED").await;

    // Nothing changes while the customer decides: the client pings, the sandbox answers.
    for _ in 0..4 {
        let pong = timeout(PATIENCE, seen.recv())
            .await
            .expect("a pong in time");
        assert_eq!(pong, Some(Seen::Pong));
    }
    sb.decide_sca(&id, ScaDecision::Approve).expect("sca");
    let done = until("WAITING_FOR_CAPTURE").await;
    assert!(done["resultingPurchaseId"].is_i64(), "{done}");

    client.close(1000, "done").await;
    let closed = loop {
        match timeout(PATIENCE, seen.recv())
            .await
            .expect("the close in time")
        {
            Some(Seen::Pong) => {}
            other => break other,
        }
    };
    assert_eq!(closed, Some(Seen::Closed(Ok(1000))));
    timeout(PATIENCE, actor)
        .await
        .expect("the client's connection ends")
        .expect("no panic");
}
