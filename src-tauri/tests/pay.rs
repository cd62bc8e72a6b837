//! The Pay screen's commands through `tauri::test::mock_builder()` against the kronor-sandbox
//! the app starts itself in training mode (a real server on 127.0.0.1, a real SQLite file).
//! Waits are on the app's own `checkout-changed` events, never on sleeps.

mod common;

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use common::{GIVE_UP, NORMAL, Till, app, customer, invoke};
use kassa_app::payments::Payments;
use kronor_sandbox::ScaDecision;
use serde_json::{Value, json};
use tauri::Manager;

fn till(service: &str) -> Till {
    Till::watching(app(service))
}

impl Till {
    fn charge(&self, personnummer: &str) -> Result<Value, Value> {
        common::Till::charge_for(self, customer(personnummer))
    }

    /// What the customer does on the SCA page, through the embedded sandbox.
    fn customer_decides(&self, id: i64, decision: ScaDecision) {
        common::customer_decides(&self.app, id, decision);
    }
}

/// The sandbox's scenarios are chosen by personnummer (see kronor-sandbox's README).
const REJECTED_AT_RISK_SCORING: &str = "199001010025";

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
fn swish_charges_with_nothing_typed_and_the_training_qr_opens_the_swish_page() {
    let till = till("se.kassa.test.pay-swish");
    till.ring_up_coffee();
    let info = till.invoke("app_info", json!({})).unwrap();
    assert_eq!(
        info["default_tender"], "swish",
        "Swish is the counter's default: {info}"
    );
    let view = till
        .invoke("charge", json!({"tender": "swish", "customer": null}))
        .unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    assert_eq!(view["tender"], "swish", "{view}");
    let ready = till.wait_until(id, "the Swish QR", |v| v["qr_svg"].is_string());
    // Training: the QR opens the training Kronor's Swish page, so a phone can pay.
    let page = ready["sca_url"].as_str().unwrap().to_owned();
    assert!(page.contains("/swish/?token="), "{page}");
    let payments = till.app.state::<Arc<Payments>>().inner().clone();
    let sandbox = payments.sandbox().unwrap();
    let token = page.split("token=").nth(1).unwrap();
    sandbox
        .decide_swish(token, kronor_sandbox::SwishDecision::Pay)
        .expect("the customer pays");
    let done = till.wait_for(id, "receipted");
    assert!(done["receipt_number"].as_i64().unwrap() >= 1, "{done}");
    assert_eq!(sandbox.purchase_order_count(), 0, "no invoice");
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
    let error = till
        .invoke("charge", json!({"tender": "invoice", "customer": bad}))
        .unwrap_err();
    assert_eq!(error["code"], "invalid_customer", "{error}");
    assert_eq!(
        error["field"], "email",
        "the UI shows it at the field: {error}"
    );
    assert!(
        error["message"].as_str().unwrap().contains("email"),
        "{error}"
    );

    let error = till.charge("191212121213").unwrap_err();
    assert_eq!(error["code"], "invalid_customer", "{error}");
    assert_eq!(error["field"], "personnummer", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("check digit"),
        "{error}"
    );
    let payments = till.app.state::<Arc<Payments>>();
    assert_eq!(payments.sandbox().unwrap().purchase_order_count(), 0);
}

#[test]
fn check_customer_names_every_bad_field_with_its_problem() {
    let till = till("se.kassa.test.pay-check");
    let good = till
        .invoke("check_customer", json!({"customer": customer(NORMAL)}))
        .unwrap();
    assert_eq!(good, json!([]), "a good form has no problems");

    let mut bad = customer("19121212-1213");
    bad["first_name"] = json!(" ");
    bad["phone"] = json!("12");
    bad["postal_code"] = json!("1234");
    let problems = till
        .invoke("check_customer", json!({"customer": bad}))
        .unwrap();
    let found: Vec<(&str, &str)> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].as_str().unwrap(), p["problem"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("personnummer", "personnummer_check_digit"),
            ("first_name", "missing"),
            ("phone", "phone"),
            ("postal_code", "postal_code"),
        ]
    );
    // Checking sends nothing to Kronor.
    let payments = till.app.state::<Arc<Payments>>();
    assert_eq!(payments.sandbox().unwrap().purchase_order_count(), 0);
}

#[test]
fn the_connection_line_is_there_from_charge_and_gone_at_the_end() {
    let till = till("se.kassa.test.pay-connection");
    till.ring_up_coffee();
    let view = till.charge(NORMAL).unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    let connection = view["connection"].as_str().unwrap_or_default();
    assert!(
        ["connecting", "live", "reconnecting", "polling"].contains(&connection),
        "{view}"
    );
    let cancelled = till
        .invoke("cancel_checkout", json!({"checkoutId": id}))
        .unwrap();
    assert!(cancelled["connection"].is_null(), "{cancelled}");
    // Times cross as RFC 3339 instants (the UI shows them in Swedish time).
    for entry in cancelled["timeline"].as_array().unwrap() {
        let at = entry["at"].as_str().unwrap();
        assert!(at.parse::<jiff::Timestamp>().is_ok(), "{at}");
    }
}

#[test]
fn the_customer_display_opens_from_the_main_window_and_only_reads() {
    let till = till("se.kassa.test.pay-display");
    till.ring_up_coffee();
    till.invoke("open_customer_display", json!({})).unwrap();
    let display = till
        .app
        .get_webview_window(kassa_app::customer_display::LABEL)
        .expect("the customer display window");
    // Opening again brings the same window forward rather than a second one.
    till.invoke("open_customer_display", json!({})).unwrap();

    let shown = invoke(&display, "customer_display_view", json!({})).unwrap();
    assert_eq!(shown["training"], true);
    assert_eq!(shown["cart"]["lines"][0]["quantity"], 1, "{shown}");
    assert_eq!(shown["cart"]["total"]["ore"], 3500);
    assert!(shown["checkout"].is_null(), "{shown}");

    let view = till.charge(NORMAL).unwrap();
    let shown = invoke(&display, "customer_display_view", json!({})).unwrap();
    assert_eq!(shown["checkout"]["checkout_id"], view["checkout_id"]);
    assert!(
        shown["checkout"]["qr_svg"]
            .as_str()
            .unwrap()
            .contains("<svg"),
        "the customer sees the QR code: {shown}"
    );

    // No staff command works from the customer's window.
    for (cmd, args) in [
        (
            "cancel_checkout",
            json!({"checkoutId": view["checkout_id"]}),
        ),
        (
            "charge",
            json!({"tender": "invoice", "customer": customer(NORMAL)}),
        ),
        ("cart_clear", json!({})),
        ("cart_add_barcode", json!({"code": "7350000050011"})),
        ("cart", json!({})),
        ("checkout_view", json!({"checkoutId": view["checkout_id"]})),
        ("check_customer", json!({"customer": customer(NORMAL)})),
        ("open_customer_display", json!({})),
        ("credentials_status", json!({})),
        ("save_token", json!({"token": "abcdefgh1234"})),
        ("app_info", json!({})),
    ] {
        let denied = invoke(&display, cmd, args).unwrap_err();
        assert!(
            denied.to_string().contains("not allowed"),
            "{cmd}: {denied}"
        );
    }
    // The sale and the payment are untouched by those attempts.
    let still = till
        .invoke("checkout_view", json!({"checkoutId": view["checkout_id"]}))
        .unwrap();
    assert_eq!(still["state"], "awaiting_customer", "{still}");
}

#[test]
fn only_the_customer_display_capability_names_that_window_and_it_grants_only_reading() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let capability: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let windows = capability["windows"].as_array().unwrap();
        let names_display = windows
            .iter()
            .any(|w| w == kassa_app::customer_display::LABEL || w == "*");
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if file != "customer-display.json" {
            assert!(!names_display, "{file} grants the customer display more");
            continue;
        }
        assert_eq!(capability["windows"], json!(["customer-display"]));
        assert_eq!(
            capability["permissions"],
            json!([
                "allow-customer-display-view",
                "core:event:allow-listen",
                "core:event:allow-unlisten"
            ]),
            "the customer display reads and listens, nothing else"
        );
    }
}

/// A Kronor client sleeper that holds every backoff pause until the test opens the gate, so
/// the checkout stays visibly "retrying" without the test sleeping; once open, no pause.
/// Each pause is also announced on `paused`, when given.
struct Gate(
    tokio::sync::watch::Receiver<bool>,
    Option<std::sync::Mutex<mpsc::Sender<()>>>,
);

impl kronor::Sleeper for Gate {
    fn sleep(
        &self,
        _: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'static>> {
        if let Some(paused) = &self.1 {
            let _ = paused.lock().unwrap().send(());
        }
        let mut open = self.0.clone();
        Box::pin(async move {
            let _ = open.wait_for(|open| *open).await;
        })
    }
}

/// The till with its training Kronor set up as `setup` says: the real commands on Tauri's
/// mock runtime (a real sandbox on 127.0.0.x, a real SQLite file).
fn till_with(setup: kassa_app::payments::TrainingSetup) -> Till {
    let data = tempfile::tempdir().unwrap();
    let till = kassa_app::till::open(&data.path().join("kassa.sqlite"), true).unwrap();
    let payments = Payments::training_with(&till, setup);
    let app = tauri::test::mock_builder()
        .manage(Arc::new(till))
        .manage(Arc::new(payments))
        .invoke_handler(tauri::generate_handler![
            kassa_app::commands::cart::cart_add_barcode,
            kassa_app::commands::cart::cart,
            kassa_app::commands::pay::charge,
            kassa_app::commands::pay::checkout_view,
            kassa_app::commands::pay::cancel_checkout,
            kassa_app::commands::pay::training_lan,
            kassa_app::commands::pay::set_training_lan,
        ])
        .build(kassa_app::app::context())
        .unwrap();
    app.manage(data);
    Till::watching(app)
}

#[test]
fn network_trouble_shows_as_retrying_and_the_retry_makes_one_order() {
    let (open, gate) = tokio::sync::watch::channel(false);
    let setup = kassa_app::payments::TrainingSetup {
        // One attempt per round, so the engine's own retry (and its event) comes at once.
        tune_client: Arc::new(move |config: &mut kronor::ClientConfig| {
            config.retry = kronor::RetryPolicy::none();
            config.sleeper = Arc::new(Gate(gate.clone(), None));
        }),
        ..Default::default()
    };
    let till = till_with(setup);
    let sandbox = till.app.state::<Arc<Payments>>().sandbox().unwrap();
    // Kronor answers "temporary failure" twice: Charge's attempt and the first retry.
    sandbox.faults().inject(
        "newPurchaseOrderWithInvoice",
        kronor_sandbox::Fault::TemporaryFailure,
        2,
    );
    till.ring_up_coffee();
    // Charge's own answer, not waiting for the create.
    let view = till
        .invoke(
            "charge",
            json!({"tender": "invoice", "customer": customer(NORMAL)}),
        )
        .unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    assert_eq!(view["state"], "submitting", "{view}");
    assert!(
        view["qr_svg"].is_null(),
        "no QR before Kronor has the order"
    );

    let trouble = loop {
        let view = till
            .invoke("checkout_view", json!({"checkoutId": id}))
            .unwrap();
        if view["retrying"] == true {
            break view;
        }
        till.changes
            .recv_timeout(GIVE_UP)
            .expect("the engine reports its retry");
    };
    assert_eq!(trouble["state"], "submitting", "{trouble}");
    assert_eq!(trouble["finished"], false);
    assert_eq!(sandbox.purchase_order_count(), 0, "nothing created yet");

    // The network is back: the same request (same key) goes through once.
    open.send(true).unwrap();
    let waiting = till.wait_for(id, "awaiting_customer");
    assert_eq!(waiting["retrying"], false, "{waiting}");
    assert!(waiting["qr_svg"].as_str().unwrap().contains("<svg"));
    assert_eq!(sandbox.purchase_order_count(), 1, "one order, not two");
}

#[test]
fn the_lan_switch_moves_the_sca_page_and_waits_for_an_open_checkout() {
    let till = till_with(Default::default());
    let payments = till.app.state::<Arc<Payments>>().inner().clone();
    let status = till.invoke("training_lan", json!({})).unwrap();
    assert_eq!(status["enabled"], false);
    assert!(
        status["sca_base"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{status}"
    );

    // An open checkout lives in the running sandbox: no restart under it.
    till.ring_up_coffee();
    let view = till.charge(NORMAL).unwrap();
    let id = view["checkout_id"].as_i64().unwrap();
    let refused = till
        .invoke("set_training_lan", json!({"enabled": false}))
        .unwrap_err();
    assert_eq!(refused["code"], "payment_in_progress", "{refused}");
    till.invoke("cancel_checkout", json!({"checkoutId": id}))
        .unwrap();

    // Another local address stands in for the LAN one (127.0.0.2 exists on every Linux):
    // the sandbox restarts there and the QR code's URL follows.
    let elsewhere: std::net::IpAddr = "127.0.0.2".parse().unwrap();
    tauri::async_runtime::block_on(
        payments.set_training_listen(&till.app.state::<Arc<kassa_app::till::Till>>(), elsewhere),
    )
    .unwrap();
    // The restarted Kronor still has the orders of the training receipts made before it.
    let orders = || payments.sandbox().unwrap().purchase_order_count();
    assert_eq!(orders(), 1, "the cancelled order moved along");
    let view = till.charge(NORMAL).unwrap();
    let sca_url = view["sca_url"].as_str().unwrap();
    assert!(sca_url.starts_with("http://127.0.0.2:"), "{sca_url}");
    let id = view["checkout_id"].as_i64().unwrap();
    till.customer_decides(id, ScaDecision::Approve);
    till.wait_for(id, "receipted");
    assert_eq!(orders(), 2);

    // The switch itself: the laptop's LAN address when it has one, else a clear refusal.
    match till.invoke("set_training_lan", json!({"enabled": true})) {
        Ok(status) => {
            assert_eq!(status["enabled"], true, "{status}");
            let base = status["sca_base"].as_str().unwrap();
            assert!(!base.starts_with("http://127."), "{base}");
        }
        Err(error) => {
            assert_eq!(error["code"], "payment_unavailable", "{error}");
            assert!(
                error["message"]
                    .as_str()
                    .unwrap()
                    .contains("no local network address"),
                "{error}"
            );
        }
    }
    let back = till
        .invoke("set_training_lan", json!({"enabled": false}))
        .unwrap();
    assert_eq!(back["enabled"], false);
    assert_eq!(orders(), 2, "and back again");
    assert!(
        back["sca_base"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}

#[test]
fn a_token_switch_while_a_charges_create_is_retrying_is_refused() {
    let (open, gate) = tokio::sync::watch::channel(false);
    let (paused_tx, paused) = mpsc::channel();
    let paused_tx = std::sync::Mutex::new(paused_tx);
    let setup = kassa_app::payments::TrainingSetup {
        tune_client: Arc::new(move |config: &mut kronor::ClientConfig| {
            let tx = paused_tx.lock().unwrap().clone();
            config.sleeper = Arc::new(Gate(gate.clone(), Some(std::sync::Mutex::new(tx))));
        }),
        ..Default::default()
    };
    let till = till_with(setup);
    let payments = till.app.state::<Arc<Payments>>().inner().clone();
    let kassa = till
        .app
        .state::<Arc<kassa_app::till::Till>>()
        .inner()
        .clone();
    let sandbox = payments.sandbox().unwrap();
    // Kronor's first answer is a temporary failure: the checkout's create waits in the
    // client's backoff, and Charge answers the screen meanwhile.
    sandbox.faults().inject(
        "newPurchaseOrderWithInvoice",
        kronor_sandbox::Fault::TemporaryFailure,
        1,
    );
    till.ring_up_coffee();
    let view = till
        .invoke(
            "charge",
            json!({"tender": "invoice", "customer": customer(NORMAL)}),
        )
        .unwrap();
    paused
        .recv_timeout(GIVE_UP)
        .expect("the create reaches the backoff");
    assert_eq!(view["state"], "submitting", "{view}");
    let id = view["checkout_id"].as_i64().unwrap();

    // Switching now would leave the order on a Kronor the till no longer talks to.
    let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = ran.clone();
    let result = tauri::async_runtime::block_on(payments.switch(&kassa, move || {
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(((), None))
    }));
    let refused = result.unwrap_err();
    assert_eq!(
        refused.code,
        kassa_app::error::ErrorCode::PaymentInProgress,
        "{refused:?}"
    );
    assert!(
        !ran.load(std::sync::atomic::Ordering::SeqCst),
        "the token was not touched"
    );

    // Kronor answers; the same checkout goes on to the customer, one order.
    open.send(true).unwrap();
    till.wait_for(id, "awaiting_customer");
    assert_eq!(sandbox.purchase_order_count(), 1);
}
