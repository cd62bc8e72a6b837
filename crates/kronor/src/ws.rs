//! One GraphQL subscription over a WebSocket, in either of Hasura's two subprotocols.
//!
//! Both protocols are a handful of JSON frames, so they are spoken directly over
//! tokio-tungstenite (graphql-ws-client knows only the newer one and cannot reconnect, which
//! the watch needs to own anyway).

use crate::http::{ErrorExtensions, from_response};
use crate::{Error, SubscriptionProtocol};
use cynic::GraphQlResponse;
use futures::{SinkExt, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

/// Where and how to open a subscription.
pub(crate) struct Endpoint {
    pub url: Url,
    pub protocol: SubscriptionProtocol,
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// No frame at all for this long: the socket is dead (see `ClientConfig`).
    pub idle_timeout: Duration,
    pub tls: Arc<rustls::ClientConfig>,
}

/// What the server sent next on an open subscription.
pub(crate) enum Frame<T> {
    Data(T),
    /// The server reported an error for this subscription.
    Failed(Error),
    /// The socket closed or the server completed the subscription.
    Ended,
}

pub(crate) struct Subscription<T> {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    protocol: SubscriptionProtocol,
    idle_timeout: Duration,
    _data: PhantomData<fn() -> T>,
}

const ID: &str = "1";

impl<T: DeserializeOwned> Subscription<T> {
    /// Connects, authenticates in `connection_init` and subscribes to `operation`
    /// (`{query, variables, operationName}`).
    pub(crate) async fn open(
        endpoint: &Endpoint,
        bearer: &str,
        operation: Value,
    ) -> Result<Self, Error> {
        let handshake = Self::handshake(endpoint, bearer, operation);
        tokio::time::timeout(endpoint.connect_timeout, handshake)
            .await
            .unwrap_or_else(|_| Err(transport("WebSocket handshake timed out")))
    }

    async fn handshake(endpoint: &Endpoint, bearer: &str, operation: Value) -> Result<Self, Error> {
        let mut request = endpoint
            .url
            .as_str()
            .into_client_request()
            .map_err(|e| Error::protocol(format!("bad WebSocket URL: {e}")))?;
        let headers = request.headers_mut();
        headers.insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static(endpoint.protocol.name()),
        );
        if let Ok(agent) = HeaderValue::from_str(&endpoint.user_agent) {
            headers.insert("User-Agent", agent);
        }
        let connector = if endpoint.url.scheme() == "wss" {
            Connector::Rustls(endpoint.tls.clone())
        } else {
            Connector::Plain
        };
        let (socket, _) =
            tokio_tungstenite::connect_async_tls_with_config(request, None, true, Some(connector))
                .await
                .map_err(|e| transport(format!("WebSocket connect failed: {e}")))?;
        let mut subscription = Subscription {
            socket,
            protocol: endpoint.protocol,
            idle_timeout: endpoint.idle_timeout,
            _data: PhantomData,
        };
        subscription
            .send(json!({"type": "connection_init", "payload": {"headers": {"Authorization": bearer}}}))
            .await?;
        subscription.await_ack().await?;
        let start = match endpoint.protocol {
            SubscriptionProtocol::GraphqlTransportWs => "subscribe",
            SubscriptionProtocol::GraphqlWs => "start",
        };
        subscription
            .send(json!({"id": ID, "type": start, "payload": operation}))
            .await?;
        Ok(subscription)
    }

    async fn send(&mut self, frame: Value) -> Result<(), Error> {
        self.socket
            .send(Message::text(frame.to_string()))
            .await
            .map_err(|e| transport(format!("WebSocket send failed: {e}")))
    }

    async fn await_ack(&mut self) -> Result<(), Error> {
        while let Some(message) = self.socket.next().await {
            let message = message.map_err(|e| transport(format!("WebSocket read failed: {e}")))?;
            match message {
                Message::Text(text) => {
                    let frame: Value = serde_json::from_str(text.as_str())
                        .map_err(|e| Error::protocol(format!("bad WebSocket frame: {e}")))?;
                    match frame["type"].as_str() {
                        Some("connection_ack") => return Ok(()),
                        Some("ka" | "pong") => {}
                        Some("ping") => self.send(json!({"type": "pong"})).await?,
                        Some("connection_error") => {
                            return Err(Error::Auth {
                                message: error_text(&frame["payload"]),
                            });
                        }
                        _ => {
                            return Err(Error::protocol(format!(
                                "unexpected frame before ack: {text}"
                            )));
                        }
                    }
                }
                Message::Close(Some(close)) if matches!(u16::from(close.code), 4401 | 4403) => {
                    return Err(Error::Auth {
                        message: close.reason.to_string(),
                    });
                }
                Message::Close(_) => return Err(transport("WebSocket closed before ack")),
                _ => {}
            }
        }
        Err(transport("WebSocket closed before ack"))
    }

    /// The next result, skipping keep-alives and answering pings. A socket that brings no
    /// frame at all within the idle bound is reported as failed (retryable), so the watch
    /// replaces it: a half-open connection would otherwise wait forever. On
    /// `graphql-transport-ws` the client pings while idle, so a live server always has
    /// something to answer; on the legacy protocol the server's `ka` does that.
    pub(crate) async fn next(&mut self) -> Frame<T> {
        let ping_every = self.idle_timeout / 3;
        let mut last_frame = tokio::time::Instant::now();
        loop {
            let wait = match self.protocol {
                SubscriptionProtocol::GraphqlTransportWs => ping_every,
                SubscriptionProtocol::GraphqlWs => self.idle_timeout,
            };
            let message = match tokio::time::timeout(wait, self.socket.next()).await {
                Ok(Some(message)) => message,
                Ok(None) => return Frame::Ended,
                Err(_) if last_frame.elapsed() >= self.idle_timeout => {
                    return Frame::Failed(transport(format!(
                        "no frame from Kronor for {} s",
                        self.idle_timeout.as_secs_f32()
                    )));
                }
                Err(_) => {
                    if self.protocol == SubscriptionProtocol::GraphqlTransportWs {
                        let _ = self.send(json!({"type": "ping"})).await;
                    }
                    continue;
                }
            };
            last_frame = tokio::time::Instant::now();
            let text = match message {
                Ok(Message::Text(text)) => text,
                Ok(Message::Close(_)) | Err(_) => return Frame::Ended,
                Ok(_) => continue,
            };
            let frame: Value = match serde_json::from_str(text.as_str()) {
                Ok(frame) => frame,
                Err(e) => {
                    return Frame::Failed(Error::protocol(format!("bad WebSocket frame: {e}")));
                }
            };
            match frame["type"].as_str() {
                Some("next" | "data") => return Frame::from_payload(frame["payload"].clone()),
                Some("error") => return Frame::Failed(payload_error(&frame["payload"])),
                Some("complete") => return Frame::Ended,
                Some("ping") if self.protocol == SubscriptionProtocol::GraphqlTransportWs => {
                    // A failed pong shows up as a dead socket on the next read.
                    let _ = self.send(json!({"type": "pong"})).await;
                }
                Some("connection_error") => {
                    return Frame::Failed(Error::Auth {
                        message: error_text(&frame["payload"]),
                    });
                }
                _ => {}
            }
        }
    }

    /// Says goodbye politely; errors do not matter any more.
    pub(crate) async fn close(mut self) {
        let stop = match self.protocol {
            SubscriptionProtocol::GraphqlTransportWs => "complete",
            SubscriptionProtocol::GraphqlWs => "stop",
        };
        let _ = self.send(json!({"id": ID, "type": stop})).await;
        let _ = self.socket.close(None).await;
    }
}

impl<T: DeserializeOwned> Frame<T> {
    fn from_payload(payload: Value) -> Self {
        match serde_json::from_value::<GraphQlResponse<T, ErrorExtensions>>(payload) {
            Ok(response) => match from_response(response) {
                Ok(data) => Frame::Data(data),
                Err(error) => Frame::Failed(error),
            },
            Err(e) => Frame::Failed(Error::protocol(format!("malformed subscription data: {e}"))),
        }
    }
}

/// `error` payloads: a list of GraphQL errors (graphql-transport-ws) or one error object or
/// `{errors: [...]}` (legacy).
fn payload_error(payload: &Value) -> Error {
    let errors = match payload {
        Value::Array(_) => payload.clone(),
        Value::Object(map) if map.contains_key("errors") => payload["errors"].clone(),
        other => Value::Array(vec![other.clone()]),
    };
    let response = json!({"data": null, "errors": errors});
    match serde_json::from_value::<GraphQlResponse<Value, ErrorExtensions>>(response) {
        Ok(response) => match from_response(response) {
            Err(error) => error,
            Ok(_) => Error::protocol("subscription error without errors"),
        },
        Err(_) => Error::protocol(format!("subscription error: {payload}")),
    }
}

fn error_text(payload: &Value) -> String {
    payload["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| payload.to_string())
}

fn transport(message: impl Into<String>) -> Error {
    Error::Transport {
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Frame, payload_error};
    use crate::operations::purchase_order::{OrderStatus, PurchaseOrderSubscription};
    use crate::{BigInt, Error};
    use serde_json::json;

    #[test]
    fn live_frames_accept_string_bigints_and_unknown_statuses() {
        let payload = json!({"data": {"purchaseOrders": [{
            "id": "k", "merchantReference": "r", "resultingPurchaseId": "9007199254740993",
            "status": [{"status": "AWAITING_MOON", "enteredAt": "2026-01-01T00:00:00.000000+00:00"},
                       {"status": "WAITING_FOR_CAPTURE", "enteredAt": "2026-01-01T00:00:01+00:00"}]}]}});
        let Frame::Data(data) = Frame::<PurchaseOrderSubscription>::from_payload(payload) else {
            panic!("frame should parse");
        };
        let order = &data.purchase_orders[0];
        assert_eq!(
            order.resulting_purchase_id,
            Some(BigInt(9_007_199_254_740_993))
        );
        assert_eq!(
            order.statuses()[0].status,
            OrderStatus::Unknown("AWAITING_MOON".into())
        );
        assert!(order.is_approved());
    }

    #[test]
    fn malformed_frames_and_error_payloads_do_not_panic() {
        let garbage = Frame::<PurchaseOrderSubscription>::from_payload(
            json!({"data": {"purchaseOrders": "no"}}),
        );
        assert!(matches!(garbage, Frame::Failed(Error::Protocol { .. })));
        let auth =
            payload_error(&json!([{"message": "bad jwt", "extensions": {"code": "invalid-jwt"}}]));
        assert_eq!(
            auth,
            Error::Auth {
                message: "bad jwt".into()
            }
        );
        let legacy = payload_error(
            &json!({"message": "later", "extensions": {"type": "TEMPORARY_FAILURE"}}),
        );
        assert!(legacy.is_retryable());
        assert!(matches!(payload_error(&json!(42)), Error::Protocol { .. }));
    }
}
