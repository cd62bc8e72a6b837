//! `kassa-admin control-unit …` run as a process against a scripted XCCSP peer on 127.0.0.1.

use std::process::Output;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;

const NS: &str = "http://www.retailinnovation.se/xccsp";

#[derive(Default)]
struct Peer {
    answers: Mutex<Vec<String>>,
    bodies: Mutex<Vec<String>>,
}

async fn answer(State(peer): State<Arc<Peer>>, body: Bytes) -> String {
    peer.bodies
        .lock()
        .unwrap()
        .push(String::from_utf8(body.to_vec()).unwrap());
    peer.answers.lock().unwrap().remove(0)
}

async fn peer(answers: &[String]) -> (String, Arc<Peer>) {
    let peer = Arc::new(Peer {
        answers: Mutex::new(answers.to_vec()),
        bodies: Mutex::default(),
    });
    let app = Router::new()
        .route("/xccsp", post(answer))
        .with_state(Arc::clone(&peer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://admin:pw@{addr}/xccsp"), peer)
}

async fn admin(args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_kassa-admin"))
        .args(args)
        .output()
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn doc(kind: &str, data: &str) -> String {
    format!(r#"<response xmlns="{NS}"><type>{kind}</type><data>{data}</data></response>"#)
}

#[tokio::test]
async fn status_identity_and_a_test_receipt() {
    let (url, peer) = peer(&[
        doc(
            "StatusResponse",
            "<Status><MainStatus>0</MainStatus><StorageStatus>1</StorageStatus></Status>",
        ),
        doc(
            "IdentityResponse",
            "<Identity><Id>CCSIM000000000001</Id><Firmware>2.1.0</Firmware><Type>CleanCash Simulator</Type></Identity>",
        ),
        doc(
            "RegisterReceiptResponse",
            "<RegisterResult><Code>ABC123</Code><UnitId>CCSIM000000000001</UnitId><UnitMainStatus>0</UnitMainStatus><UnitStorageStatus>0</UnitStorageStatus></RegisterResult>",
        ),
    ])
    .await;
    let out = admin(&["control-unit", "status", "--url", &url]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("storage status 1 (NearlyFull): operational"));
    let out = admin(&["control-unit", "identity", "--url", &url]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("unit id: CCSIM000000000001"));
    let out = admin(&[
        "control-unit",
        "test-receipt",
        "--url",
        &url,
        "--org",
        "5566778899",
        "--register",
        "KASSA1",
        "--receipt",
        "7",
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("control code: ABC123"), "{stdout}");
    assert!(stdout.contains("unit id: CCSIM000000000001"), "{stdout}");
    let bodies = peer.bodies.lock().unwrap().clone();
    let register = &bodies[2];
    for part in [
        "<ReceiptId>7</ReceiptId><PosId>KASSA1</PosId><OrgNo>5566778899</OrgNo>",
        "<ReceiptTotal>1,00</ReceiptTotal><NegativeTotal>0,00</NegativeTotal><ReceiptType>ovning</ReceiptType>",
        "<Vat><Class>1</Class><Percentage>25,00</Percentage><Amount>0,20</Amount></Vat>",
    ] {
        assert!(register.contains(part), "{register}");
    }
}

#[tokio::test]
async fn a_fault_is_one_line_naming_the_code_and_a_non_zero_exit() {
    let (url, _peer) = peer(&[doc(
        "Fault",
        "<FaultInfo><Code>6</Code><ShortMessage>Not operational</ShortMessage><Message>The unit is not operational</Message></FaultInfo>",
    )])
    .await;
    let out = admin(&[
        "control-unit",
        "test-receipt",
        "--url",
        &url,
        "--org",
        "5566778899",
        "--register",
        "KASSA1",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("[fault 6]"), "{stderr}");
    assert!(stderr.contains("the till would stop selling"), "{stderr}");
    assert!(!stderr.contains(":pw@"), "{stderr}");
}

#[tokio::test]
async fn bad_data_is_refused_before_sending() {
    let out = admin(&[
        "control-unit",
        "test-receipt",
        "--url",
        "http://a:b@127.0.0.1:1/xccsp",
        "--org",
        "123",
        "--register",
        "KASSA1",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("organisation number"),
        "{}",
        text(&out.stderr)
    );
}
