//! WebSocket on `/v1/graphql`: both `graphql-transport-ws` and the legacy `graphql-ws`
//! (also chosen when the client names no subprotocol, as Hasura does). The token comes from
//! the `connection_init` payload. Garbage frames get a protocol error and a clean close. A
//! client's Close frame is echoed (RFC 6455 §5.5.1). The legacy protocol repeats `ka` every
//! `SandboxConfig::ws_keep_alive`, as Hasura does: its clients drop a socket that stays silent.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::app::App;
use crate::auth::{authenticate, init_payload_header};
use crate::engine::Engine;
use crate::faults::Fault;
use crate::graphql::{self, GraphqlRequest, TEMPORARY_FAILURE, envelope};
use crate::tokens::Principal;

const MODERN: &str = "graphql-transport-ws";
const LEGACY: &str = "graphql-ws";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Modern,
    Legacy,
}

pub(crate) async fn upgrade(State(app): State<App>, ws: WebSocketUpgrade) -> Response {
    if app.engine.faults.take_websocket_refusal() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "WebSocket refused (injected fault)",
        )
            .into_response();
    }
    let ws = ws.protocols([MODERN, LEGACY]).max_message_size(256 * 1024);
    let protocol = match ws.selected_protocol().and_then(|p| p.to_str().ok()) {
        Some(MODERN) => Protocol::Modern,
        _ => Protocol::Legacy,
    };
    ws.on_failed_upgrade(|_| {})
        .on_upgrade(move |socket| Connection::serve(app, socket, protocol))
}

/// What subscription tasks hand to the connection.
enum Out {
    Frame(Value),
    /// Close the socket without a close frame (fault `CommitThenDrop`).
    Drop,
}

struct Connection {
    app: App,
    protocol: Protocol,
    who: Option<Principal>,
    running: HashMap<String, JoinHandle<()>>,
    out: mpsc::UnboundedSender<Out>,
    /// Legacy protocol only, from `connection_ack` on.
    keep_alive: Option<Interval>,
}

/// Why the connection ends.
enum End {
    Close(u16, &'static str),
    /// The client sent Close; tungstenite has queued the echo, which only needs flushing.
    Echo,
    Drop,
}

impl Connection {
    async fn serve(app: App, socket: WebSocket, protocol: Protocol) {
        let (mut sink, mut incoming) = socket.split();
        let (out, mut outgoing) = mpsc::unbounded_channel();
        let mut closer = app.engine.faults.websocket_closer();
        closer.borrow_and_update();
        let mut stop = app.engine.shutdown.subscribe();
        let mut conn = Connection {
            app,
            protocol,
            who: None,
            running: HashMap::new(),
            out,
            keep_alive: None,
        };
        let end = loop {
            tokio::select! {
                msg = incoming.next() => match msg {
                    Some(Ok(msg)) => {
                        let reply = conn.handle(msg);
                        if let Err(end) = reply {
                            break end;
                        }
                    }
                    _ => break End::Drop,
                },
                Some(out) = outgoing.recv() => match out {
                    Out::Frame(frame) => {
                        if sink.send(Message::Text(frame.to_string().into())).await.is_err() {
                            break End::Drop;
                        }
                    }
                    Out::Drop => break End::Drop,
                },
                _ = tick(&mut conn.keep_alive) => conn.send(json!({"type": "ka"})),
                _ = closer.changed() => break End::Close(1012, "closed by the sandbox (injected fault)"),
                _ = crate::shutdown::stopped(&mut stop) => break End::Close(1001, "sandbox shutting down"),
            }
        };
        for (_, task) in conn.running.drain() {
            task.abort();
        }
        match end {
            End::Close(code, reason) => {
                // Frames queued before the close (e.g. `connection_error`) still go out first.
                while let Ok(Out::Frame(frame)) = outgoing.try_recv() {
                    let _ = sink.send(Message::Text(frame.to_string().into())).await;
                }
                let _ = sink
                    .send(Message::Close(Some(CloseFrame {
                        code,
                        reason: Utf8Bytes::from_static(reason),
                    })))
                    .await;
                let _ = sink.close().await;
            }
            End::Echo => {
                let _ = sink.close().await;
            }
            End::Drop => {}
        }
    }

    fn send(&self, frame: Value) {
        let _ = self.out.send(Out::Frame(frame));
    }

    /// One client message. `Err` ends the connection.
    fn handle(&mut self, msg: Message) -> Result<(), End> {
        let text = match msg {
            Message::Text(t) => t,
            Message::Ping(_) | Message::Pong(_) => return Ok(()),
            Message::Close(_) => return Err(End::Echo),
            Message::Binary(_) => return Err(self.bad_message("binary frames are not supported")),
        };
        let Ok(msg) = serde_json::from_str::<Value>(&text) else {
            return Err(self.bad_message("invalid JSON"));
        };
        let kind = msg.get("type").and_then(Value::as_str).unwrap_or_default();
        let id = msg.get("id").and_then(Value::as_str).map(str::to_owned);
        match (self.protocol, kind) {
            (_, "connection_init") => self.init(msg.get("payload")),
            (Protocol::Modern, "ping") => {
                self.send(json!({"type": "pong"}));
                Ok(())
            }
            (Protocol::Modern, "pong") => Ok(()),
            (Protocol::Modern, "subscribe") | (Protocol::Legacy, "start") => {
                let Some(id) = id else {
                    return Err(self.bad_message("missing id"));
                };
                self.start(id, msg.get("payload"))
            }
            (Protocol::Modern, "complete") | (Protocol::Legacy, "stop") => {
                if let Some(task) = id.as_ref().and_then(|id| self.running.remove(id)) {
                    task.abort();
                    if self.protocol == Protocol::Legacy {
                        self.send(json!({"type": "complete", "id": id}));
                    }
                }
                Ok(())
            }
            (Protocol::Legacy, "connection_terminate") => Err(End::Close(1000, "terminated")),
            _ => Err(self.bad_message("unknown message type")),
        }
    }

    fn bad_message(&self, why: &str) -> End {
        if self.protocol == Protocol::Legacy {
            self.send(json!({"type": "connection_error", "payload": {"message": format!("parsing ClientMessage failed: {why}")}}));
        }
        End::Close(4400, "Invalid message received")
    }

    fn init(&mut self, payload: Option<&Value>) -> Result<(), End> {
        if self.who.is_some() {
            return Err(End::Close(4429, "Too many initialisation requests"));
        }
        let header = init_payload_header(payload);
        match authenticate(&self.app.engine, header.as_deref()) {
            Ok(who) => {
                self.who = Some(who);
                self.send(json!({"type": "connection_ack"}));
                if self.protocol == Protocol::Legacy {
                    self.send(json!({"type": "ka"}));
                    self.keep_alive = keep_alive(self.app.ws_keep_alive);
                }
                Ok(())
            }
            Err(body) => {
                let message = body["errors"][0]["message"].clone();
                if self.protocol == Protocol::Legacy {
                    self.send(json!({"type": "connection_error", "payload": {"message": message}}));
                }
                Err(End::Close(4403, "Forbidden"))
            }
        }
    }

    fn error_frame(&self, id: &str, body: Value) -> Value {
        match self.protocol {
            Protocol::Modern => json!({"type": "error", "id": id, "payload": body["errors"]}),
            Protocol::Legacy => json!({"type": "error", "id": id, "payload": body}),
        }
    }

    fn start(&mut self, id: String, payload: Option<&Value>) -> Result<(), End> {
        let Some(who) = self.who.clone() else {
            return Err(End::Close(4401, "Unauthorized"));
        };
        if self.running.get(&id).is_some_and(|t| !t.is_finished()) {
            if self.protocol == Protocol::Modern {
                return Err(End::Close(4409, "Subscriber for this id already exists"));
            }
            return Ok(());
        }
        let req = match payload.map(|p| serde_json::from_value::<GraphqlRequest>(p.clone())) {
            Some(Ok(req)) => req,
            _ => return Err(self.bad_message("the payload must carry a query")),
        };
        let engine = &self.app.engine;
        if let Some(log) = &engine.request_log {
            log.record(
                "ws",
                Some(who.role()),
                req.operation_name.as_deref(),
                &req.query,
                &req.variables_json(),
            );
        }
        let op = match graphql::analyse(&req) {
            Ok(op) => op,
            Err(body) => {
                self.send(self.error_frame(&id, body));
                return Ok(());
            }
        };
        if !op.allowed_for(&who) {
            self.send(self.error_frame(&id, op.denied(&who)));
            return Ok(());
        }
        let fault = engine.faults.take(op.name());
        match fault {
            Some(Fault::TemporaryFailure) | Some(Fault::HttpStatus(_)) => {
                let body = envelope(
                    "temporary failure (injected)",
                    "unexpected",
                    Some(TEMPORARY_FAILURE),
                    "$",
                );
                self.send(self.error_frame(&id, body));
                return Ok(());
            }
            _ => {}
        }
        let task = tokio::spawn(run(
            engine.clone(),
            who,
            req,
            id.clone(),
            self.protocol,
            fault,
            self.out.clone(),
        ));
        self.running.insert(id, task);
        Ok(())
    }
}

/// The ticks after the `ka` that follows `connection_ack`; none for a zero (or endless) period.
fn keep_alive(period: Duration) -> Option<Interval> {
    if period.is_zero() {
        return None;
    }
    let first = Instant::now().checked_add(period)?;
    let mut ticks = tokio::time::interval_at(first, period);
    // A busy connection sends one `ka` late rather than a burst of them.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    Some(ticks)
}

/// The next keep-alive tick; never without keep-alive.
async fn tick(keep_alive: &mut Option<Interval>) {
    match keep_alive {
        Some(ticks) => {
            ticks.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// Streams one operation's results, dropping frames equal to the previous one.
async fn run(
    engine: Arc<Engine>,
    who: Principal,
    req: GraphqlRequest,
    id: String,
    protocol: Protocol,
    fault: Option<Fault>,
    out: mpsc::UnboundedSender<Out>,
) {
    if let Some(Fault::Delay(d)) = fault {
        tokio::time::sleep(d).await;
    }
    let schema = match graphql::schema(graphql::Role::of(&who)) {
        Ok(s) => s,
        Err(_) => return,
    };
    let raw_enums = graphql::RawEnums::default();
    let mut stream = schema.execute_stream(req.into_request(engine, who, &raw_enums, None));
    let data = match protocol {
        Protocol::Modern => "next",
        Protocol::Legacy => "data",
    };
    let mut last: Option<Value> = None;
    while let Some(resp) = stream.next().await {
        if fault == Some(Fault::CommitThenDrop) {
            let _ = out.send(Out::Drop);
            return;
        }
        let failed_before_start = last.is_none() && resp.data == async_graphql::Value::Null;
        let payload = graphql::response_json(resp, &raw_enums);
        if failed_before_start && payload.get("errors").is_some() {
            // Validation failed: the protocol's `error` message, and no `complete` after it.
            let frame = match protocol {
                Protocol::Modern => {
                    json!({"type": "error", "id": id, "payload": payload["errors"]})
                }
                Protocol::Legacy => json!({"type": "error", "id": id, "payload": payload}),
            };
            let _ = out.send(Out::Frame(frame));
            return;
        }
        if last.as_ref() == Some(&payload) {
            continue;
        }
        let frame = json!({"type": data, "id": id, "payload": payload});
        last = Some(payload);
        if out.send(Out::Frame(frame)).is_err() {
            return;
        }
    }
    let _ = out.send(Out::Frame(json!({"type": "complete", "id": id})));
}
