//! The customer display's event (`customer-display-changed`) through
//! `tauri::test::mock_builder()`, against the kronor-sandbox the app starts itself in training
//! mode (a real server on 127.0.0.1, a real SQLite file): it follows the cart and the payment,
//! reaches only the display window, and never carries the customer's or the staff's data.
//! Cart changes are published before the command answers, so those checks read the channel
//! at once; checkout changes arrive from the engine, and are waited for with a deadline.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::{app, invoke, window};
use kassa::Barcode;
use kassa_app::customer_display::{CHANGED, LABEL};
use kronor_sandbox::ScaDecision;
use serde_json::{Value, json};
use tauri::test::MockRuntime;
use tauri::{App, Listener, Manager, WebviewWindow};

/// Generous: only reached when the display never gets there (the test then fails).
const GIVE_UP: Duration = Duration::from_secs(30);

/// The sandbox's NORMAL test person and the details Charge sends with it.
const PERSONNUMMER: &str = "191212121212";
const CUSTOMER_WORDS: [&str; 7] = [
    PERSONNUMMER,
    "121212-1212",
    "Tolvan",
    "Tolvansson",
    "tolvan@example.se",
    "070-123 45 67",
    "Storgatan",
];
/// A note only the cashier should read.
const NOTE: &str = "Hämtas av Tolvan, ring 070-123 45 67";

struct Counter {
    app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    /// What the display window received.
    shown: mpsc::Receiver<String>,
    /// What the main window received of the display's event (must stay empty).
    leaked: mpsc::Receiver<String>,
}

fn counter(service: &str) -> Counter {
    let app = app(service);
    let main = window(&app, "main");
    invoke(&main, "open_customer_display", json!({})).unwrap();
    let display = app
        .get_webview_window(LABEL)
        .expect("the customer display window");
    let (tx, shown) = mpsc::channel();
    display.listen(CHANGED, move |event| {
        let _ = tx.send(event.payload().to_owned());
    });
    let (tx, leaked) = mpsc::channel();
    main.listen(CHANGED, move |event| {
        let _ = tx.send(event.payload().to_owned());
    });
    Counter {
        app,
        main,
        shown,
        leaked,
    }
}

impl Counter {
    fn invoke(&self, cmd: &str, args: Value) -> Value {
        invoke(&self.main, cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// The event a cart command sent before it answered (exactly one).
    fn published(&self) -> Value {
        let raw = self
            .shown
            .try_recv()
            .expect("the cart change reached the display before the command answered");
        checked(&raw)
    }

    /// Waits for events until one satisfies `wanted`.
    fn until(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let raw = self
                .shown
                .recv_timeout(GIVE_UP)
                .unwrap_or_else(|_| panic!("the display never showed {what}"));
            let shown = checked(&raw);
            if wanted(&shown) {
                return shown;
            }
        }
    }

    fn scan(&self, barcode_without_check_digit: &str) -> Value {
        let code = Barcode::with_check_digit(barcode_without_check_digit)
            .unwrap()
            .to_string();
        self.invoke("cart_add_barcode", json!({"code": code}))
    }

    fn charge(&self) -> i64 {
        let customer = common::customer(PERSONNUMMER);
        let view = self.invoke("charge", json!({"tender": "invoice", "customer": customer}));
        view["checkout_id"].as_i64().expect("a checkout id")
    }

    /// What the customer does on the SCA page, through the embedded sandbox.
    fn customer_decides(&self, id: i64, decision: ScaDecision) {
        common::customer_decides(&self.app, id, decision);
    }
}

/// Parses one payload and checks it carries exactly the display's fields and nothing of the
/// customer's or the cashier's.
fn checked(raw: &str) -> Value {
    for word in CUSTOMER_WORDS
        .iter()
        .chain([&NOTE, &"order_number", &"note"])
    {
        assert!(!raw.contains(word), "the display was sent {word:?}: {raw}");
    }
    let shown: Value = serde_json::from_str(raw).expect("JSON");
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&shown),
        ["cart", "checkout", "phase", "shop_name", "training"]
    );
    assert_eq!(
        keys(&shown["cart"]),
        ["discount", "items", "lines", "total", "vat"]
    );
    if shown["checkout"].is_object() {
        assert_eq!(
            keys(&shown["checkout"]),
            ["amount", "checkout_id", "qr_svg", "sca_url", "tender"]
        );
    }
    shown
}

/// Demo catalogue: Bryggkaffe 35,00 kr and Kanelbulle 32,00 kr.
const BRYGGKAFFE: &str = "735000001001";
const KANELBULLE: &str = "735000002001";

#[test]
fn the_display_follows_the_cart_and_the_payment_and_never_sees_the_customer() {
    let counter = counter("se.kassa.test.display-follows");
    // Opening again brings the same window forward rather than a second one.
    counter.invoke("open_customer_display", json!({}));
    assert_eq!(counter.app.webview_windows().len(), 2);

    let shown = counter.scan(BRYGGKAFFE);
    let line = shown["lines"][0]["id"].clone();
    let on_display = counter.published();
    assert_eq!(on_display["phase"], "sale");
    assert_eq!(on_display["training"], true);
    assert_eq!(on_display["cart"]["lines"][0]["name"], "Bryggkaffe");
    assert_eq!(on_display["cart"]["lines"][0]["quantity"], 1);
    assert_eq!(on_display["cart"]["total"]["ore"], 3500);
    assert_eq!(on_display["cart"]["total"]["sv"], "35,00 kr");
    assert_eq!(on_display["cart"]["vat"]["ore"], shown["vat"]["ore"]);
    assert!(on_display["checkout"].is_null());

    counter.invoke("cart_set_quantity", json!({"lineId": line, "quantity": 3}));
    let on_display = counter.published();
    assert_eq!(on_display["cart"]["lines"][0]["quantity"], 3);
    assert_eq!(on_display["cart"]["total"]["ore"], 10500);

    counter.scan(KANELBULLE);
    let on_display = counter.published();
    assert_eq!(on_display["cart"]["lines"].as_array().unwrap().len(), 2);
    let bun = on_display["cart"]["lines"][1]["id"].clone();
    counter.invoke("cart_remove_line", json!({"lineId": bun}));
    let on_display = counter.published();
    assert_eq!(on_display["cart"]["lines"].as_array().unwrap().len(), 1);
    assert_eq!(on_display["cart"]["total"]["ore"], 10500);

    // The cashier's note changes the sale but never reaches the customer's screen.
    counter.invoke("cart_set_note", json!({"note": NOTE}));
    counter.published();

    // Sent to the display's window alone. (Checked before Charge: while checkout events
    // are being emitted on other threads, Tauri queues a colliding emit and replays it to
    // every *Rust* listener without its target; webviews are targeted before that queue.)
    assert!(
        counter.leaked.try_recv().is_err(),
        "the display's event reached the main window"
    );

    // Charge: the amount and the QR code.
    let id = counter.charge();
    let paying = counter.until("the QR code", |v| {
        v["phase"] == "paying" && v["checkout"]["qr_svg"].is_string()
    });
    assert_eq!(paying["checkout"]["checkout_id"], id);
    assert_eq!(paying["checkout"]["amount"]["ore"], 10500);
    assert!(
        paying["checkout"]["qr_svg"]
            .as_str()
            .unwrap()
            .contains("<svg")
    );
    let sca_url = paying["checkout"]["sca_url"].as_str().unwrap();
    assert!(sca_url.starts_with("http://127.0.0.1:"), "{sca_url}");

    // Approved: thanks, and the finished sale has left the counter.
    counter.customer_decides(id, ScaDecision::Approve);
    let paid = counter.until("the paid sale", |v| {
        v["phase"] == "approved" && v["cart"]["lines"].as_array().is_some_and(|l| l.is_empty())
    });
    assert_eq!(paid["cart"]["total"]["ore"], 0);
    assert!(paid["checkout"]["qr_svg"].is_null(), "no QR once paid");

    // The next customer's first scan ends the thanks.
    counter.scan(BRYGGKAFFE);
    let next = counter.until("the next sale", |v| v["phase"] == "sale");
    assert_eq!(next["cart"]["total"]["ore"], 3500);
    assert!(next["checkout"].is_null());
}

#[test]
fn an_unpaid_payment_shows_until_the_cashier_changes_the_sale_then_welcome() {
    let counter = counter("se.kassa.test.display-unpaid");
    counter.scan(BRYGGKAFFE);
    counter.published();

    let id = counter.charge();
    counter.until("the QR code", |v| v["checkout"]["qr_svg"].is_string());
    counter.customer_decides(id, ScaDecision::Reject);
    let rejected = counter.until("the rejection", |v| v["phase"] == "rejected");
    assert_eq!(
        rejected["cart"]["total"]["ore"], 3500,
        "the sale is still there"
    );
    assert!(rejected["checkout"]["qr_svg"].is_null());

    // Charged again and cancelled from the till.
    let id = counter.charge();
    counter.until("the second QR code", |v| {
        v["checkout"]["checkout_id"] == id && v["checkout"]["qr_svg"].is_string()
    });
    counter.invoke("cancel_checkout", json!({"checkoutId": id}));
    counter.until("the cancellation", |v| v["phase"] == "cancelled");

    // The cashier clears the sale: the welcome screen with the shop's name.
    counter.invoke("cart_clear", json!({}));
    let welcome = counter.until("the welcome screen", |v| v["phase"] == "welcome");
    assert!(welcome["cart"]["lines"].as_array().unwrap().is_empty());
    let shop = welcome["shop_name"].as_str().unwrap_or_default();
    assert!(!shop.is_empty(), "the demo shop's name: {welcome}");
    assert!(welcome["checkout"].is_null());
}

#[test]
fn nothing_is_computed_for_a_display_that_was_never_opened() {
    let app = app("se.kassa.test.display-closed");
    let main = window(&app, "main");
    let (tx, heard) = mpsc::channel::<()>();
    app.listen_any(CHANGED, move |_| {
        let _ = tx.send(());
    });
    let code = Barcode::with_check_digit(BRYGGKAFFE).unwrap().to_string();
    invoke(&main, "cart_add_barcode", json!({"code": code})).unwrap();
    assert!(heard.try_recv().is_err(), "no display, no event");
}

#[test]
fn the_sell_screen_closes_the_display_and_the_display_cannot_close_itself() {
    let counter = counter("se.kassa.test.display-close");
    let display = counter.app.get_webview_window(LABEL).unwrap();
    let denied = invoke(&display, "close_customer_display", json!({})).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");

    // The main window may. (The mock runtime never reports the window gone, so that the
    // window really closes, and that a closed display is sent nothing, is seen in the real
    // window: tests/tests/customer_display.rs in kassa-e2e.)
    assert_eq!(counter.invoke("close_customer_display", json!({})), true);
}
