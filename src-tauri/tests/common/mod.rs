//! Helpers for driving the real commands through Tauri's mock runtime.

#![allow(dead_code)] // each test binary uses its own subset

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

/// The app with Kassa's real setup, real context (capabilities) and a window labelled
/// `main`, with its keyring entries under `service` so tests never touch the real ones.
pub fn app_with_window(service: &str) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = app(service);
    let window = window(&app, "main");
    (app, window)
}

/// The app on a fresh database in a temp folder, which lives (as managed state) exactly as
/// long as the app.
pub fn app(service: &str) -> App<MockRuntime> {
    let data = tempfile::tempdir().expect("temp dir");
    let app = app_on(service, &data.path().join("kassa.sqlite"));
    app.manage(DataDir(data));
    app
}

struct DataDir(#[allow(dead_code)] tempfile::TempDir);

/// The app on the database at `db` (a test reopens the same file to prove what persisted).
pub fn app_on(service: &str, db: &std::path::Path) -> App<MockRuntime> {
    kassa_app::app::setup(mock_builder(), service, db)
        .expect("the till opens")
        .build(kassa_app::app::context())
        .expect("the app builds")
}

pub fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .expect("the window opens")
}

/// Invokes `cmd` as the UI does; `Ok(payload)` or `Err({code, message})`.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        // `tauri://localhost` is the app's own origin on Linux; `http://tauri.localhost`
        // would count as remote there and be refused.
        url: "tauri://localhost".parse().expect("static URL"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.into(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("JSON"))
}

/// A private session bus with an unlocked gnome-keyring on it, for this test process only.
/// Both daemons (and their files) go away on drop.
pub struct PrivateKeyring {
    // Field order is drop order: the keyring daemon stops before its bus.
    keyring: KillOnDrop,
    bus: KillOnDrop,
    pub address: String,
    _dir: tempfile::TempDir,
}

impl PrivateKeyring {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut bus = KillOnDrop(
            Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--print-address=1"])
                .stdout(Stdio::piped())
                // Never the test's own stderr: a daemon outliving the test (a keyring kept in
                // a `static` is never dropped) would hold the runner's output pipe open.
                .stderr(Stdio::null())
                .spawn()
                .expect("dbus-daemon is installed (scripts/setup.sh test)"),
        );
        // The daemon prints its address once it listens: that line is the ready signal.
        let mut address = String::new();
        BufReader::new(bus.0.stdout.take().expect("piped stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");

        // In the foreground the daemon stays our child (so drop can stop it: it does not
        // exit with its bus) and prints GNOME_KEYRING_CONTROL=... once it serves.
        let mut keyring = KillOnDrop(
            Command::new("gnome-keyring-daemon")
                .args(["--foreground", "--unlock", "--components=secrets"])
                .env("DBUS_SESSION_BUS_ADDRESS", &address)
                // Without XDG_RUNTIME_DIR the daemon puts its control socket under
                // XDG_CACHE_HOME and prints where: that line is the ready signal.
                .env_remove("XDG_RUNTIME_DIR")
                .env("XDG_CACHE_HOME", dir.path().join("cache"))
                .env("XDG_DATA_HOME", dir.path().join("data"))
                .env_remove("DISPLAY")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("gnome-keyring-daemon is installed (scripts/setup.sh test)"),
        );
        // Writing the password and dropping stdin sends it with an end of file.
        keyring
            .0
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(b"test-keyring-password")
            .expect("unlock password");
        let mut ready = String::new();
        BufReader::new(keyring.0.stdout.take().expect("piped stdout"))
            .read_line(&mut ready)
            .expect("gnome-keyring-daemon reports it is ready");
        assert!(
            ready.starts_with("GNOME_KEYRING_CONTROL="),
            "gnome-keyring-daemon did not start: {ready:?}"
        );
        Self {
            bus,
            keyring,
            address,
            _dir: dir,
        }
    }
}

/// A daemon that is stopped when a test ends, passed or panicked.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Generous: only reached when a checkout never gets where a test waits for it.
pub const GIVE_UP: std::time::Duration = std::time::Duration::from_secs(30);

/// The sandbox's test person whose payment goes through (scenarios go by personnummer).
pub const NORMAL: &str = "191212121212";

/// A till under test: the app, its main window, and the checkout views `checkout-changed`
/// pushes (what the waits wait on, never sleeps), in the order the window gets them.
pub struct Till {
    pub app: App<MockRuntime>,
    pub main: WebviewWindow<MockRuntime>,
    pub changes: std::sync::mpsc::Receiver<(i64, Value)>,
}

impl Till {
    /// `app` with a `main` window, listening for `checkout-changed`.
    pub fn watching(app: App<MockRuntime>) -> Till {
        use tauri::Listener;
        let main = window(&app, "main");
        let (tx, changes) = std::sync::mpsc::channel();
        app.listen_any(kassa_app::payload::CHECKOUT_CHANGED, move |event| {
            let payload: Value = serde_json::from_str(event.payload()).unwrap_or_default();
            let id = payload["checkout_id"].as_i64().unwrap_or(-1);
            let _ = tx.send((id, payload["view"].clone()));
        });
        Till { app, main, changes }
    }

    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.main, cmd, args)
    }

    /// Bryggkaffe (35,00 kr) on the counter.
    pub fn ring_up_coffee(&self) {
        let code = kassa::Barcode::with_check_digit("735000001001")
            .expect("a valid barcode")
            .to_string();
        self.invoke("cart_add_barcode", serde_json::json!({"code": code}))
            .expect("the coffee is in the catalogue");
    }

    /// Charge for `customer`, then the view once Kronor answered the create: Charge itself
    /// answers the screen at once, possibly while the create is still on its way.
    pub fn charge_for(&self, customer: Value) -> Result<Value, Value> {
        let view = self.invoke(
            "charge",
            serde_json::json!({ "tender": "invoice", "customer": customer }),
        )?;
        if view["state"] != "submitting" {
            return Ok(view);
        }
        let id = view["checkout_id"].as_i64().expect("a checkout id");
        Ok(self.wait_until(id, "past submitting", |v| v["state"] != "submitting"))
    }

    /// Waits for `checkout-changed` events until the checkout is in `state`.
    pub fn wait_for(&self, id: i64, state: &str) -> Value {
        let view = self.wait_until(id, state, |v| v["state"] == state || v["finished"] == true);
        assert_eq!(
            view["state"], state,
            "checkout ended as {} instead of {state}",
            view["state"]
        );
        view
    }

    /// Waits for `checkout-changed` events until the checkout's view satisfies `wanted`.
    pub fn wait_until(&self, id: i64, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        // The pushed views, not a read of the store: what the window sees, in its order (by
        // the time a view says receipted, the till has emptied the counter).
        let mut last = Value::Null;
        loop {
            match self.changes.recv_timeout(GIVE_UP) {
                Ok((changed, view)) if changed == id => {
                    if wanted(&view) {
                        return view;
                    }
                    last = view;
                }
                Ok(_) => {}
                Err(_) => {
                    let payments = self
                        .app
                        .state::<std::sync::Arc<kassa_app::payments::Payments>>();
                    let log = payments.engine().map(|e| e.event_log(id));
                    panic!("no change towards {what}: {last}\n{log:?}");
                }
            }
        }
    }
}

/// What the customer does on the SCA page for checkout `id`, through the embedded sandbox.
pub fn customer_decides(app: &App<MockRuntime>, id: i64, decision: kronor_sandbox::ScaDecision) {
    let payments = app.state::<std::sync::Arc<kassa_app::payments::Payments>>();
    let engine = payments.engine().expect("an engine");
    let order = engine
        .checkout(id)
        .expect("the checkout")
        .kronor_order_id
        .expect("sent to Kronor");
    payments
        .sandbox()
        .expect("training mode's sandbox")
        .decide_sca(&order, decision)
        .expect("the SCA decision");
}

/// An invoice customer with `personnummer`, the sandbox's test person otherwise.
pub fn customer(personnummer: &str) -> Value {
    serde_json::json!({
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

/// The Settings form with Kafé Ängen's shop details: a network printer at `printer_address`
/// (none without one), `after_sale` one of print, pdf, none, receipts with a QR code.
pub fn settings_form(printer_address: Option<&std::net::SocketAddr>, after_sale: &str) -> Value {
    serde_json::json!({
        "shop_name": "Kafé Ängen",
        "org_number": "556677-8899",
        "address": "Storgatan 1, 123 45 Småstad",
        "after_sale": after_sale,
        "register_id": "KASSA-1",
        "language": "sv",
        "printer": if printer_address.is_some() { "network" } else { "none" },
        "printer_address": printer_address.map(|a| a.to_string()).unwrap_or_default(),
        "printer_queue": "",
        "cups_server": "",
        "paper_mm": 80,
        "receipt_qr": true,
        "default_tender": "swish",
        "control_unit": "",
    })
}
