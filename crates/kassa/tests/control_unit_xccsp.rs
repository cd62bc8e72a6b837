//! The XCCSP client against the wire page: golden documents byte for byte, and a scripted
//! HTTP peer on 127.0.0.1 that checks what arrives and answers canned documents.

mod control_unit_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use control_unit_support::{example_record, golden};
use kassa::control_unit::xccsp::{XccspClient, xml};
use kassa::control_unit::{
    Action, ControlUnit, FaultCode, MainStatus, ReceiptType, Record, StorageStatus, UnitErrorKind,
};

const PASSWORD: &str = "hemligt-losen";
// base64("kassa:hemligt-losen"), computed outside the test.
const AUTH: &str = "Basic a2Fzc2E6aGVtbGlndC1sb3Nlbg==";

fn record() -> Record {
    example_record(42, ReceiptType::Normal)
}

#[test]
fn requests_are_the_golden_documents_byte_for_byte() {
    assert_eq!(
        String::from_utf8(xml::register_request(&record(), 1, true).unwrap()).unwrap(),
        String::from_utf8(golden("xccsp_register_request.xml")).unwrap()
    );
    assert_eq!(
        xml::identity_request().unwrap(),
        golden("xccsp_identity_request.xml")
    );
    assert_eq!(
        xml::status_request().unwrap(),
        golden("xccsp_status_request.xml")
    );
}

#[test]
fn golden_answers_are_read() {
    let r = xml::Answer::read(&golden("xccsp_register_response.xml"))
        .unwrap()
        .registration()
        .unwrap();
    assert_eq!(r.control_code, "3F9A0C1D2E4B5A69788796A5B4C3D2E1F0011223");
    assert_eq!(r.unit_id, "CCSIM000000000001");
    assert_eq!(r.status.main, MainStatus::Ok);
    assert_eq!(r.status.storage, StorageStatus::Ok);
    let i = xml::Answer::read(&golden("xccsp_identity_response.xml"))
        .unwrap()
        .identity()
        .unwrap();
    assert_eq!(i.unit_id, "CCSIM000000000001");
    assert_eq!(i.firmware, "2.1.0");
    assert_eq!(i.unit_type.as_deref(), Some("CleanCash Simulator"));
    let s = xml::Answer::read(&golden("xccsp_status_response.xml"))
        .unwrap()
        .status()
        .unwrap();
    assert!(s.is_operational());
    for (code, action) in [
        (2, Action::FixData),
        (3, Action::FixData),
        (6, Action::StopSelling),
        (7, Action::FixData),
        (8, Action::Retry),
        (9, Action::StopSelling),
        (10, Action::StopSelling),
        (98, Action::Retry),
        (99, Action::Retry),
    ] {
        let answer = xml::Answer::read(&golden(&format!("xccsp_fault_{code}.xml"))).unwrap();
        let e = answer.registration().unwrap_err();
        assert_eq!(e.fault_code(), Some(FaultCode::Xccsp(code)), "fault {code}");
        assert_eq!(e.action(), action, "fault {code}");
        assert_eq!(
            answer.status().unwrap_err().fault_code(),
            Some(FaultCode::Xccsp(code))
        );
    }
}

/// What the peer answers.
#[derive(Clone)]
enum Reply {
    With(StatusCode, Vec<u8>),
    /// Never answers: the client's timeout must end the request.
    Never,
}

/// One request as the peer saw it.
#[derive(Debug, Clone)]
struct Seen {
    authorization: Option<String>,
    content_type: Option<String>,
    body: String,
}

struct Peer {
    replies: Mutex<Vec<Reply>>,
    seen: Mutex<Vec<Seen>>,
}

async fn answer(State(peer): State<Arc<Peer>>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    peer.seen.lock().unwrap().push(Seen {
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: String::from_utf8(body.to_vec()).unwrap(),
    });
    let reply = {
        let mut replies = peer.replies.lock().unwrap();
        assert!(!replies.is_empty(), "more requests than scripted replies");
        replies.remove(0)
    };
    match reply {
        Reply::With(status, body) => (status, body).into_response(),
        Reply::Never => std::future::pending().await,
    }
}

/// Starts a peer answering `replies` in order; returns the unit's URL with credentials.
async fn peer(replies: Vec<Reply>) -> (String, Arc<Peer>) {
    let peer = Arc::new(Peer {
        replies: Mutex::new(replies),
        seen: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/xccsp", post(answer))
        .with_state(Arc::clone(&peer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://kassa:{PASSWORD}@{addr}/xccsp"), peer)
}

fn client(url: &str, timeout: Duration) -> XccspClient {
    XccspClient::from_address(url, timeout).unwrap()
}

fn ok(name: &str) -> Reply {
    Reply::With(StatusCode::OK, golden(name))
}

#[tokio::test]
async fn register_sends_the_golden_document_with_basic_auth_and_counts_serial_numbers() {
    let (url, peer) = peer(vec![
        ok("xccsp_register_response.xml"),
        ok("xccsp_register_response.xml"),
    ])
    .await;
    let unit: Arc<dyn ControlUnit> = Arc::new(client(&url, Duration::from_secs(5)));
    let r = unit.register(&record()).await.unwrap();
    assert_eq!(r.control_code, "3F9A0C1D2E4B5A69788796A5B4C3D2E1F0011223");
    assert_eq!(r.unit_id, "CCSIM000000000001");
    assert!(r.status.is_operational());
    unit.register(&record()).await.unwrap();
    let seen = peer.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.authorization.as_deref(), Some(AUTH));
        assert_eq!(s.content_type.as_deref(), Some("text/xml; charset=utf-8"));
    }
    assert_eq!(
        seen[0].body,
        String::from_utf8(golden("xccsp_register_request.xml")).unwrap()
    );
    assert!(
        seen[1]
            .body
            .contains("<IsNewSession>0</IsNewSession><SerialNo>2</SerialNo>"),
        "{}",
        seen[1].body
    );
}

#[tokio::test]
async fn identity_and_status_send_the_golden_documents() {
    let (url, peer) = peer(vec![
        ok("xccsp_identity_response.xml"),
        ok("xccsp_status_response.xml"),
    ])
    .await;
    let unit = client(&url, Duration::from_secs(5));
    assert_eq!(unit.identity().await.unwrap().unit_id, "CCSIM000000000001");
    let s = unit.status().await.unwrap();
    assert_eq!((s.main, s.storage), (MainStatus::Ok, StorageStatus::Ok));
    let seen = peer.seen.lock().unwrap().clone();
    assert_eq!(
        seen[0].body.as_bytes(),
        golden("xccsp_identity_request.xml")
    );
    assert_eq!(seen[1].body.as_bytes(), golden("xccsp_status_request.xml"));
}

#[tokio::test]
async fn faults_and_http_failures_have_the_failure_tables_actions() {
    let (url, _peer) = peer(vec![
        ok("xccsp_fault_6.xml"),
        ok("xccsp_fault_3.xml"),
        Reply::With(
            StatusCode::INTERNAL_SERVER_ERROR,
            golden("xccsp_fault_10.xml"),
        ),
        Reply::With(StatusCode::INTERNAL_SERVER_ERROR, Vec::new()),
        Reply::With(StatusCode::OK, b"<html>garbage".to_vec()),
        Reply::With(StatusCode::OK, b"not xml at all".to_vec()),
    ])
    .await;
    let unit = client(&url, Duration::from_secs(5));
    let e = unit.register(&record()).await.unwrap_err();
    assert_eq!(
        (e.fault_code(), e.action()),
        (Some(FaultCode::Xccsp(6)), Action::StopSelling)
    );
    let e = unit.register(&record()).await.unwrap_err();
    assert_eq!(
        (e.fault_code(), e.action()),
        (Some(FaultCode::Xccsp(3)), Action::FixData)
    );
    let e = unit.status().await.unwrap_err();
    assert_eq!(
        (e.fault_code(), e.action()),
        (Some(FaultCode::Xccsp(10)), Action::StopSelling)
    );
    let e = unit.status().await.unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Http(500), Action::Retry)
    );
    for _ in 0..2 {
        let e = unit.identity().await.unwrap_err();
        assert_eq!(
            (e.kind(), e.action()),
            (&UnitErrorKind::Garbled, Action::Retry)
        );
    }
}

#[tokio::test]
async fn no_answer_within_the_timeout_is_retry() {
    let (url, peer) = peer(vec![Reply::Never]).await;
    let unit = client(&url, Duration::from_millis(300));
    let e = unit.register(&record()).await.unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Timeout, Action::Retry)
    );
    assert_eq!(peer.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_retry() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let unit = client(
        &format!("http://kassa:{PASSWORD}@{addr}/xccsp"),
        Duration::from_secs(5),
    );
    let e = unit.status().await.unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Unreachable, Action::Retry)
    );
    assert!(!format!("{e} {e:?}").contains(PASSWORD), "{e:?}");
}

#[tokio::test]
async fn the_password_never_shows() {
    let (url, _peer) = peer(vec![
        Reply::Never,
        ok("xccsp_fault_6.xml"),
        Reply::With(StatusCode::UNAUTHORIZED, Vec::new()),
    ])
    .await;
    let unit = client(&url, Duration::from_millis(300));
    let mut shown = format!("{unit:?} {unit}");
    for _ in 0..3 {
        let e = unit.register(&record()).await.unwrap_err();
        shown.push_str(&format!("{e} {e:?} {} {}", e.sv(), e.en()));
    }
    let address = kassa::control_unit::UnitAddress::parse(&url).unwrap();
    shown.push_str(&format!("{address:?}"));
    let boxed = kassa::control_unit::connect(&url).unwrap();
    let _ = boxed; // dyn ControlUnit has no Debug; the client's own is checked above.
    assert!(shown.contains("kassa@127.0.0.1"), "{shown}");
    assert!(!shown.contains(PASSWORD), "{shown}");
}

#[tokio::test]
async fn an_answer_larger_than_the_cap_is_garbled() {
    let padding = "x".repeat(kassa::control_unit::xccsp::MAX_ANSWER_BYTES);
    let big = format!(
        r#"<response xmlns="http://www.retailinnovation.se/xccsp"><type>StatusResponse</type><data><Padding>{padding}</Padding><Status><MainStatus>0</MainStatus><StorageStatus>0</StorageStatus></Status></data></response>"#
    );
    let (url, _peer) = peer(vec![
        Reply::With(StatusCode::OK, big.into_bytes()),
        ok("xccsp_status_response.xml"),
    ])
    .await;
    let unit = client(&url, Duration::from_secs(5));
    let e = unit.status().await.unwrap_err();
    assert_eq!(
        (e.kind(), e.action()),
        (&UnitErrorKind::Garbled, Action::Retry),
        "{e}"
    );
    assert!(unit.status().await.unwrap().is_operational());
}
