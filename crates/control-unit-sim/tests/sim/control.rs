//! `/control/*` over HTTP: faults and registrations, for tests in other processes.

use serde_json::{Value, json};

use crate::support::*;

async fn set_fault(sim: &control_unit_sim::Simulator, body: Value) -> u16 {
    client()
        .post(format!("{}/control/fault", sim.control_url()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

#[tokio::test]
async fn faults_are_set_and_cleared_over_http_without_the_xccsp_credentials() {
    let sim = start().await;
    assert_eq!(
        set_fault(&sim, json!({"fault": "not_operational"})).await,
        204
    );
    let (_, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(body, golden("xccsp/fault-6-response.xml"));
    let got: Value = client()
        .get(format!("{}/control/fault", sim.control_url()))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(got, json!({"fault": "not_operational"}));
    assert_eq!(set_fault(&sim, json!({"fault": null})).await, 204);
    let (_, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(body, golden("xccsp/register-response.xml"));

    for name in [
        "busy",
        "storage_full",
        "invalid_pos_id",
        "licence_exceeded",
        "garbage",
        "half_frame",
        "bad_lrc",
        "http_500",
        "no_answer",
    ] {
        assert_eq!(set_fault(&sim, json!({"fault": name})).await, 204, "{name}");
    }
    assert_eq!(
        set_fault(&sim, json!({"fault": "http_500", "times": 1})).await,
        204
    );
    assert_eq!(set_fault(&sim, json!({"fault": null})).await, 204);
    assert_eq!(sim.faults().sticky(), None);

    assert_eq!(
        set_fault(&sim, json!({"fault": "storage_full", "times": 1})).await,
        204
    );
    let (_, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(element(&body, "Code"), Some("10"));
    let (_, body) = post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(body, golden("xccsp/register-response.xml"));

    assert_eq!(set_fault(&sim, json!({"fault": "on_fire"})).await, 400);
    assert_eq!(set_fault(&sim, json!({"nope": 1})).await, 400);
    assert_eq!(sim.faults().sticky(), None);
}

#[tokio::test]
async fn registrations_are_listed_as_json() {
    let sim = start().await;
    post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    sim.set_fault(Some(control_unit_sim::Fault::NotOperational));
    post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    let got: Value = client()
        .get(format!("{}/control/registrations", sim.control_url()))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    let code = expected_code("kassa-simulator", PAGE_RECORD);
    assert_eq!(
        got,
        json!([{
            "protocol": "xccsp",
            "serial_no": "1",
            "is_new_session": true,
            "record": {
                "date": "202612071130",
                "org_no": "5566778899",
                "pos_id": "KASSA1",
                "receipt_id": "42",
                "receipt_type": "normal",
                "negative_total": "0,00",
                "receipt_total": "149,00",
                "vat": [{"rate": "25,00", "amount": "29,80"}]
            },
            "control_code": code
        }])
    );
}

#[tokio::test]
async fn registrations_are_forgotten_on_delete() {
    let sim = start().await;
    post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    assert_eq!(sim.registration_count("42"), 1);
    let status = client()
        .delete(format!("{}/control/registrations", sim.control_url()))
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16();
    assert_eq!(status, 204);
    assert_eq!(sim.registration_count("42"), 0);
    post_xml(&sim, &golden("xccsp/register-request.xml")).await;
    sim.clear_registrations();
    assert!(sim.registrations().is_empty());
}
