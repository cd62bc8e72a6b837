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

/// The one list of commands (`src/commands/list.rs`) against what grants and calls them: a
/// command nobody may call, a grant of a command that is gone, or a command the UI has no
/// wrapper for is a mistake this finds before a cashier does.
#[test]
fn every_command_has_a_grant_and_a_ui_wrapper_and_every_grant_a_command() {
    use std::collections::BTreeSet;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let commands: BTreeSet<&str> = kassa_app::COMMANDS.iter().copied().collect();
    assert_eq!(
        commands.len(),
        kassa_app::COMMANDS.len(),
        "a command listed twice"
    );

    let mut granted = BTreeSet::new();
    for file in std::fs::read_dir(root.join("capabilities")).unwrap() {
        let path = file.unwrap().path();
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for permission in capability["permissions"].as_array().unwrap() {
            let Some(name) = permission.as_str().and_then(|p| p.strip_prefix("allow-")) else {
                continue;
            };
            let command = name.replace('-', "_");
            assert!(
                commands.contains(command.as_str()),
                "{} grants {name}, which is no command",
                path.display()
            );
            granted.insert(command);
        }
    }
    let ungranted: Vec<_> = commands.iter().filter(|c| !granted.contains(**c)).collect();
    assert!(ungranted.is_empty(), "no window may call {ungranted:?}");

    // The wrappers: `call("name", ...)` in the UI's api modules (not tests, not bindings).
    let mut ui = String::new();
    for file in std::fs::read_dir(root.join("../ui/src/lib")).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".ts") && !name.ends_with(".test.ts") {
            ui += &std::fs::read_to_string(&path).unwrap();
        }
    }
    let unwrapped: Vec<_> = commands
        .iter()
        .filter(|c| !ui.contains(&format!("(\"{c}\"")))
        .collect();
    assert!(unwrapped.is_empty(), "no UI wrapper calls {unwrapped:?}");
}
