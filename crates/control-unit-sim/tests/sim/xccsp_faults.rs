//! Each fault over XCCSP, set from Rust; a failed registration is never recorded.

use std::time::Duration;

use control_unit_sim::{Fault, Simulator};

use crate::support::*;

async fn register(sim: &Simulator) -> (u16, String) {
    post_xml(sim, &golden("xccsp/register-request.xml")).await
}

async fn status(sim: &Simulator) -> String {
    let (code, body) = post_xml(sim, &golden("xccsp/status-request.xml")).await;
    assert_eq!(code, 200);
    body
}

fn fault_code(body: &str) -> Option<&str> {
    (element(body, "type") == Some("Fault"))
        .then(|| element(body, "Code"))
        .flatten()
}

#[tokio::test]
async fn unit_faults_are_the_pages_fault_codes_and_statuses() {
    let sim = start().await;
    // (fault, register's fault code, status's MainStatus, status's StorageStatus)
    let cases = [
        (Fault::NotOperational, "6", "4", "0"),
        (Fault::StorageFull, "10", "0", "2"),
        (Fault::InvalidPosId, "7", "0", "0"),
        (Fault::LicenceExceeded, "9", "0", "0"),
    ];
    for (fault, code, main, storage) in cases {
        sim.set_fault(Some(fault));
        let (http, body) = register(&sim).await;
        assert_eq!(http, 200);
        assert_eq!(fault_code(&body), Some(code), "{fault:?}: {body}");
        assert!(element(&body, "ShortMessage").is_some_and(|m| !m.is_empty()));
        assert!(element(&body, "Message").is_some_and(|m| !m.is_empty()));
        // Sticky: the next request is refused too.
        assert_eq!(fault_code(&register(&sim).await.1), Some(code));
        let st = status(&sim).await;
        assert_eq!(element(&st, "MainStatus"), Some(main), "{fault:?}");
        assert_eq!(element(&st, "StorageStatus"), Some(storage), "{fault:?}");
    }
    sim.set_fault(Some(Fault::NotOperational));
    assert_eq!(
        register(&sim).await.1.as_str(),
        golden("xccsp/fault-6-response.xml")
    );
    assert_eq!(sim.registration_count("42"), 0);
    sim.set_fault(None);
    let (_, body) = register(&sim).await;
    assert_eq!(body, golden("xccsp/register-response.xml"));
    assert_eq!(sim.registration_count("42"), 1);
}

#[tokio::test]
async fn busy_is_main_status_5_with_no_code_and_nothing_registered() {
    let sim = start().await;
    sim.set_fault(Some(Fault::Busy));
    let (http, body) = register(&sim).await;
    assert_eq!(http, 200);
    assert_eq!(element(&body, "type"), Some("RegisterReceiptResponse"));
    assert_eq!(element(&body, "Code"), Some(""));
    assert_eq!(element(&body, "UnitMainStatus"), Some("5"));
    assert_eq!(element(&status(&sim).await, "MainStatus"), Some("5"));
    assert_eq!(sim.registration_count("42"), 0);
}

#[tokio::test]
async fn line_faults_spoil_the_answer_and_nothing_is_registered() {
    let sim = start().await;
    let good = golden("xccsp/register-response.xml");

    sim.set_fault(Some(Fault::Http500));
    let (http, body) = register(&sim).await;
    assert_eq!((http, body.as_str()), (500, ""));

    for fault in [Fault::Garbage, Fault::BadLrc] {
        sim.set_fault(Some(fault));
        let (http, body) = register(&sim).await;
        assert_eq!(http, 200);
        assert!(
            !body.contains('<') || !body.contains("</response>"),
            "{fault:?}: {body}"
        );
        assert!(element(&body, "Code").is_none());
    }

    sim.set_fault(Some(Fault::HalfFrame));
    let (http, body) = register(&sim).await;
    assert_eq!(http, 200);
    assert!(
        !body.is_empty() && good.starts_with(&body) && body.len() < good.len(),
        "{body}"
    );

    assert_eq!(sim.registration_count("42"), 0);
}

#[tokio::test]
async fn no_answer_holds_the_request_until_the_client_gives_up() {
    let sim = start().await;
    sim.set_fault(Some(Fault::NoAnswer));
    let waited = client()
        .post(sim.xccsp_url())
        .timeout(Duration::from_millis(300))
        .body(golden("xccsp/register-request.xml"))
        .send()
        .await;
    assert!(waited.is_err_and(|e| e.is_timeout()));
    assert_eq!(sim.registration_count("42"), 0);
    // The unit is not wedged: cleared, it answers the retry.
    sim.set_fault(None);
    assert_eq!(
        register(&sim).await.1,
        golden("xccsp/register-response.xml")
    );
    assert_eq!(sim.registration_count("42"), 1);
    // Shutdown does not wait for a held request forever.
    sim.fail_next(1, Fault::NoAnswer);
    let url = sim.xccsp_url();
    let held = tokio::spawn(async move {
        client()
            .post(url)
            .body(golden("xccsp/status-request.xml"))
            .send()
            .await
    });
    // The one-shot fault is taken when the request is in the unit's hands.
    tokio::time::timeout(PATIENCE, async {
        while sim.faults().pending() > 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the request reached the unit");
    tokio::time::timeout(PATIENCE, sim.shutdown())
        .await
        .expect("shutdown ends");
    // The held request ends without an XCCSP answer.
    let ended = held.await.expect("task");
    assert!(ended.map(|r| r.status().as_u16() != 200).unwrap_or(true));
}

#[tokio::test]
async fn fail_next_fires_n_times_then_the_unit_answers() {
    let sim = start().await;
    sim.fail_next(2, Fault::NotOperational);
    assert_eq!(fault_code(&register(&sim).await.1), Some("6"));
    assert_eq!(fault_code(&register(&sim).await.1), Some("6"));
    assert_eq!(
        register(&sim).await.1,
        golden("xccsp/register-response.xml")
    );
    assert_eq!(sim.registration_count("42"), 1);
}
