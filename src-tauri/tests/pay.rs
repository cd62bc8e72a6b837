//! The Pay screen's commands through `tauri::test::mock_builder()` against the kronor-sandbox
//! the app starts itself in training mode (a real server on 127.0.0.1, a real SQLite file).
//! Waits are on the app's own `checkout-changed` events, never on sleeps.

mod common;

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use common::{app, invoke, window};
use kassa::Barcode;
use kassa_app::payments::Payments;
use kronor_sandbox::ScaDecision;
use serde_json::{Value, json};
use tauri::test::MockRuntime;
use tauri::{App, Listener, Manager, WebviewWindow};

/// Generous: only reached when the checkout never gets there (the test then fails).
const GIVE_UP: Duration = Duration::from_secs(30);

struct Till {
    app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    changes: mpsc::Receiver<i64>,
}

fn till(service: &str) -> Till {
    let app = app(service);
    let main = window(&app, "main");
    let (tx, changes) = mpsc::channel();
    app.listen_any(kassa_app::checkout_view::CHECKOUT_CHANGED, move |event| {
        let payload: Value = serde_json::from_str(event.payload()).unwrap_or_default();
        let _ = tx.send(payload["checkout_id"].as_i64().unwrap_or(-1));
    });
    Till { app, main, changes }
}

impl Till {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.main, cmd, args)
    }

    /// Bryggkaffe (35,00 kr) on the counter.
    fn ring_up_coffee(&self) {
        let code = Barcode::with_check_digit("735000001001")
            .unwrap()
            .to_string();
        self.invoke("cart_add_barcode", json!({"code": code}))
            .unwrap();
    }

    fn charge(&self, personnummer: &str) -> Result<Value, Value> {
        self.invoke("charge", json!({"customer": customer(personnummer)}))
    }

    /// Waits for `checkout-changed` events until the checkout is in `state`.
    fn wait_for(&self, id: i64, state: &str) -> Value {
        loop {
            let view = self
                .invoke("checkout_view", json!({"checkoutId": id}))
                .unwrap();
            if view["state"] == state {
                return view;
            }
            assert!(
                view["finished"] != true,
                "checkout ended as {} instead of {state}",
                view["state"]
            );
            if self.changes.recv_timeout(GIVE_UP).is_err() {
                let payments = self.app.state::<Arc<Payments>>();
                let log = payments.engine().unwrap().event_log(id).unwrap();
                panic!("no change towards {state}: {view}\n{log:?}");
            }
        }
    }

    /// What the customer does on the SCA page, through the embedded sandbox.
    fn customer_decides(&self, id: i64, decision: ScaDecision) {
        let payments = self.app.state::<Arc<Payments>>();
        let engine = payments.engine().unwrap();
        let order = engine.checkout(id).unwrap().kronor_order_id.unwrap();
        payments
            .sandbox()
            .unwrap()
            .decide_sca(&order, decision)
            .unwrap();
    }
}

/// The sandbox's scenarios are chosen by personnummer (see kronor-sandbox's README).
const NORMAL: &str = "191212121212";
const REJECTED_AT_RISK_SCORING: &str = "199001010025";

fn customer(personnummer: &str) -> Value {
    json!({
        "personnummer": personnummer,
        "first_name": "Tolvan",
        "last_name": "Tolvansson",
        "email": "tolvan@example.se",
        "phone": "070-123 45 67",
        "street": "Storgatan 1",
        "postal_code": "123 45",
        "city": "Stockholm",
    })
}

#[test]
fn charge_shows_the_qr_and_an_approved_payment_gets_a_receipt_and_clears_the_counter() {
    let till = till("se.kassa.test.pay-approve");
    till.ring_up_coffee();
    let view = till.charge(NORMAL).unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    assert_eq!(view["state"], "awaiting_customer", "{view}");
    assert_eq!(view["amount"]["ore"], 3500);
    let svg = view["qr_svg"].as_str().unwrap();
    assert!(svg.contains("<svg"), "{view}");
    // Inserted as markup under the strict CSP: nothing in it may need script or inline style.
    for needs_csp in ["<script", "style=", "<style", "href=", " on"] {
        assert!(
            !svg.contains(needs_csp),
            "the QR SVG contains {needs_csp:?}"
        );
    }
    let sca_url = view["sca_url"].as_str().unwrap();
    assert!(sca_url.starts_with("http://127.0.0.1:"), "{sca_url}");
    assert!(view["receipt_number"].is_null());

    till.customer_decides(id, ScaDecision::Approve);
    let done = till.wait_for(id, "receipted");
    assert!(done["receipt_number"].as_i64().unwrap() >= 1, "{done}");
    assert!(done["qr_svg"].is_null(), "no QR once paid: {done}");
    let states: Vec<&str> = done["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["state"].as_str().unwrap())
        .collect();
    assert!(states.contains(&"awaiting_customer"), "{states:?}");
    assert!(states.contains(&"approved"), "{states:?}");
    assert_eq!(states.last(), Some(&"receipted"), "{states:?}");
    let cart = till.invoke("cart", json!({})).unwrap();
    assert_eq!(cart["lines"].as_array().unwrap().len(), 0, "{cart}");
}

#[test]
fn a_double_click_on_charge_makes_one_order() {
    let till = till("se.kassa.test.pay-double");
    till.ring_up_coffee();
    let first = till.charge(NORMAL).unwrap();
    let second = till.charge(NORMAL).unwrap();
    assert_eq!(first["checkout_id"], second["checkout_id"]);
    assert_eq!(first["order_number"], second["order_number"]);
    let payments = till.app.state::<Arc<Payments>>();
    assert_eq!(payments.sandbox().unwrap().purchase_order_count(), 1);
}

#[test]
fn cancel_ends_the_checkout_and_a_new_charge_makes_a_new_order() {
    let till = till("se.kassa.test.pay-cancel");
    till.ring_up_coffee();
    let view = till.charge(NORMAL).unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    let cancelled = till
        .invoke("cancel_checkout", json!({"checkoutId": id}))
        .unwrap();
    assert_eq!(cancelled["state"], "cancelled", "{cancelled}");
    assert_eq!(cancelled["finished"], true);
    assert!(cancelled["qr_svg"].is_null());
    let cart = till.invoke("cart", json!({})).unwrap();
    assert_eq!(
        cart["lines"].as_array().unwrap().len(),
        1,
        "the sale stays: {cart}"
    );

    let again = till.charge(NORMAL).unwrap();
    assert_ne!(again["checkout_id"], view["checkout_id"]);
}

#[test]
fn a_rejected_payment_ends_rejected_without_a_receipt() {
    let till = till("se.kassa.test.pay-reject");
    till.ring_up_coffee();
    let view = till.charge(REJECTED_AT_RISK_SCORING).unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    till.customer_decides(id, ScaDecision::Approve);
    let done = till.wait_for(id, "rejected");
    assert!(done["receipt_number"].is_null(), "{done}");
    let cart = till.invoke("cart", json!({})).unwrap();
    assert_eq!(cart["lines"].as_array().unwrap().len(), 1, "{cart}");
}

#[test]
fn a_bad_customer_is_refused_with_the_field_named_and_nothing_is_sent() {
    let till = till("se.kassa.test.pay-customer");
    till.ring_up_coffee();
    let mut bad = customer(NORMAL);
    bad["email"] = json!("tolvan-at-example");
    let error = till.invoke("charge", json!({"customer": bad})).unwrap_err();
    assert_eq!(error["code"], "invalid_customer", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("email"),
        "{error}"
    );

    let error = till.charge("191212121213").unwrap_err();
    assert_eq!(error["code"], "invalid_customer", "{error}");
    let payments = till.app.state::<Arc<Payments>>();
    assert_eq!(payments.sandbox().unwrap().purchase_order_count(), 0);
}
