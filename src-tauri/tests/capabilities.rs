//! Commands are granted per window by the files in `capabilities/`, and nothing else is.

mod common;

use common::{app, invoke, window};
use serde_json::json;

#[test]
fn only_the_main_window_may_call_the_commands_and_no_plugin_is_reachable() {
    let empty_runtime_dir = tempfile::tempdir().unwrap();
    // SAFETY: the only test of this process, before any other thread reads the environment.
    // No session bus: this test is about permissions, not the keyring.
    unsafe {
        std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
        std::env::set_var("XDG_RUNTIME_DIR", empty_runtime_dir.path());
    }
    let app = app("se.kassa.test.capabilities");
    let main = window(&app, "main");
    let other = window(&app, "customer-display");

    assert_eq!(
        invoke(&main, "app_info", json!({})).unwrap()["mode"],
        "training"
    );

    // A window the capability does not name gets nothing, not even the harmless status.
    let denied = invoke(&other, "credentials_status", json!({})).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
    let denied = invoke(&other, "save_token", json!({"token": "abcdefgh1234"})).unwrap_err();
    assert!(denied.to_string().contains("not allowed"), "{denied}");
    // The sale screen's commands too: a second window (e.g. the customer display) cannot
    // touch the cart.
    assert!(invoke(&main, "cart", json!({})).is_ok());
    for cmd in ["cart", "cart_clear", "search_products", "cart_add_barcode"] {
        let denied =
            invoke(&other, cmd, json!({"query": "kaffe", "code": "12345670"})).unwrap_err();
        assert!(
            denied.to_string().contains("not allowed"),
            "{cmd}: {denied}"
        );
    }

    // No shell or HTTP plugin exists, and core APIs are not granted either.
    for cmd in [
        "plugin:shell|execute",
        "plugin:http|fetch",
        "plugin:window|close",
    ] {
        let refused = invoke(&main, cmd, json!({})).unwrap_err();
        assert!(!refused.is_null(), "{cmd} must be refused");
    }

    // The system print dialog (window.print) is the main window's alone: the customer
    // display has no receipt to print.
    let refused = invoke(&other, "plugin:webview|print", json!({})).unwrap_err();
    assert!(refused.to_string().contains("not allowed"), "{refused}");
    let answer = invoke(&main, "plugin:webview|print", json!({}));
    assert!(
        !answer
            .as_ref()
            .err()
            .is_some_and(|e| e.to_string().contains("not allowed")),
        "the main window may print: {answer:?}"
    );
}
